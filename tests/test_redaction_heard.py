"""A redacted name is not heard in the film (issue 17): the render covers each redacted
word's time with a tone (or silence, a project setting), and the product's own Whisper,
listening to the rendered film, no longer hears the name while it still hears the rest."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from cli_run import ebcd
from espeak_audio import RATE, espeak, write_wav

from ebcd_app.domain.enums import SuggestionKind
from ebcd_app.domain.models import Role, Scope
from ebcd_app.media.tools import tools
from ebcd_app.services import film, media_import, projects, suggestions, transcription
from ebcd_app.services.editing import load_transcript
from ebcd_app.speech.engine import TranscribeOptions, WhisperEngine, load_audio
from ebcd_app.speech.locator import locate_model

SAID = ("When I rang the bell at night, Sister Okafor came at once, and she stayed with me "
        "until I slept.")


def _heard(wav: Path) -> str:
    """What Whisper (float32, so the words do not depend on the CPU) hears in a WAV."""
    engine = WhisperEngine(locate_model(None), compute_type="float32")
    result = engine.transcribe(load_audio(wav), TranscribeOptions(language="en"))
    return " ".join(w.text for w in result.words).lower()


def _film_audio(film_path: Path, out: Path) -> Path:
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(film_path), "-vn", "-ac",
                    "1", "-ar", str(RATE), "-c:a", "pcm_s16le", str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory, fixtures_dir: Path):
    """A transcribed interview in which Whisper heard "Okafor", the name redacted by
    accepting the suggestion, and one clip of the whole sentence in the film."""
    folder = tmp_path_factory.mktemp("redaction") / "project"
    store = projects.create_project(folder, name="Redaction", vocabulary=["Sister Okafor"])
    pat = projects.add_participant(store, name="Pat Doe", role=Role.PATIENT, pseudonym="Pat",
                                   granted=set(Scope))
    samples = espeak(SAID, fixtures_dir / "okafor-raw.wav", speed=130)
    pad = np.zeros(RATE // 2, dtype=np.int16)
    wav = fixtures_dir / "okafor.wav"
    write_wav(wav, np.concatenate([pad, samples, pad]))
    rec = media_import.import_recording(store, wav, participant_ids=[pat])
    transcription.transcribe_recording(store, rec.recording_id, language="en")
    words = [w for seg in load_transcript(store, rec.recording_id).segments for w in seg.words]
    assert "okafor" in " ".join(w.text.lower() for w in words), "Whisper must hear the name"
    suggestions.run_suggestions(store)
    names = [sug for sug in suggestions.list_suggestions(store, SuggestionKind.REDACTION)
             if "okafor" in sug.value["text"].lower()]
    assert names, "the name is suggested for redaction"
    for sug in names:
        suggestions.accept(store, sug.id)
    chapter = film.add_chapter(store, "Nights")[1]
    film.add_clip(store, chapter, words[0].id, words[-1].id)
    store.close()
    return folder, [w for w in words if "okafor" in w.text.lower()]


@pytest.mark.parametrize("sound", ["tone", "silence"])
def test_the_redacted_name_is_not_heard_in_the_film(project, tmp_path: Path, sound) -> None:
    folder, _named = project
    out = tmp_path / "film.mp4"
    done = ebcd("film", folder, "render", "--out", out, "--redaction-sound", sound)
    assert done.returncode == 0, done.stderr
    assert "redacted words: 1 covered by " + ("a tone" if sound == "tone" else "silence") \
        in done.stdout
    audio = _film_audio(out, tmp_path / "film.wav")
    heard = _heard(audio)
    assert "okafor" not in heard, heard
    for word in ("came", "once", "stayed", "slept"):  # what Whisper hears well here
        assert word in heard, heard
    with wave.open(str(audio)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16) / 32768
    level, tone_share, speech_level = _over_the_name(samples, folder)
    if sound == "tone":
        assert tone_share > 0.9 and level > 0.3 * speech_level, \
            f"a 1 kHz tone covers the name ({tone_share:.0%} of its energy, RMS " \
            f"{level:.3f}, the clip's {speech_level:.3f})"
    else:
        assert level < 0.02 * speech_level, f"silence covers the name ({level:.4f})"


def _over_the_name(samples: np.ndarray, folder: Path) -> tuple[float, float, float]:
    """Over the middle 0.1 s of the redacted word in the film: its RMS and the share of its
    energy within 50 Hz of 1 kHz; and the RMS of the whole clip, for scale."""
    store = projects.open_project(folder)
    try:
        plan = film.build_plan(store)
    finally:
        store.close()
    item = next(i for i in plan.timeline() if i.clip is not None)
    assert item.clip is not None
    a, b = item.clip.hidden()[0]
    middle = item.record_in + (a + b) / 2
    window = samples[int((middle - 0.05) * RATE):int((middle + 0.05) * RATE)]
    spectrum = np.abs(np.fft.rfft(window)) ** 2
    freqs = np.fft.rfftfreq(len(window), 1 / RATE)
    share = float(spectrum[np.abs(freqs - 1000) <= 50].sum() / max(spectrum.sum(), 1e-12))
    clip = samples[int(item.record_in * RATE):int((item.record_in + item.duration) * RATE)]
    return (float(np.sqrt(np.mean(window ** 2))), share,
            float(np.sqrt(np.mean(clip ** 2))))
