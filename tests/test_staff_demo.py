"""`ebcd demo --staff` (issue 18), end to end with Whisper: the night staff's interviews
and group discussion, their film and the leaders' pack, each read back with something we
did not write: the film's audio transcribed by our own Whisper and embedded by the
speaker encoder, its frames' sound measured, the pack through pypdf.

What must hold: the group discussion's four voices are told apart and named; the
disguised voice is still understood and is not the speaker's voice (GE2E cosine below the
diarization's same-voice threshold); the words-only person is silent in the film; the
doctor, who did not agree to be shown to senior leaders, is in neither the film nor the
leaders' pack; small groups are attributed to "A staff member".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from ebcd_app.media.tools import tools
from ebcd_app.services import film, projects
from ebcd_app.speech import diarize, ge2e
from ebcd_app.speech.engine import TranscribeOptions, WhisperEngine, load_audio
from ebcd_app.speech.locator import locate_model

pytestmark = pytest.mark.slow
SAME_VOICE = 0.83  # diarization merges voices whose centroids are at least this close


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ebcd_app", *map(str, args)],
                          capture_output=True, text=True, timeout=900)


def _wav(source: Path, out: Path, start: float = 0.0, end: float | None = None) -> Path:
    cut = ["-ss", f"{start:.3f}"] + (["-to", f"{end:.3f}"] if end is not None else [])
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(source), *cut, "-ac", "1",
                    "-ar", "16000", "-c:a", "pcm_s16le", str(out)], check=True)
    return out


def _voice(path: Path) -> np.ndarray:
    seconds = len(load_audio(path)) / 16000
    vectors = diarize._embed(path, diarize._windows([(0.0, seconds)]), "ge2e")
    mean = vectors.mean(axis=0)
    return mean / np.linalg.norm(mean)


def test_the_staff_demo_film_and_leaders_pack_keep_every_promise(tmp_path: Path) -> None:
    folder = tmp_path / "staff-demo"
    built = _run("demo", "--staff", "--dir", folder)
    assert built.returncode == 0, built.stderr
    assert built.stdout.count("word error rate") == 5
    group = _run("transcript", folder, "night-group.ogg", "--format", "txt").stdout
    for name in ("Interviewer:", "Dee:", "Kit:", "Mo:"):
        assert name in group, group
    film_path = tmp_path / "film.mp4"
    assert _run("film", folder, "render", "--out", film_path).returncode == 0
    leaders = tmp_path / "leaders.pdf"
    done = _run("pack", folder, "leadership", "--out", leaders)
    assert done.returncode == 0 and "small groups protected" in done.stdout

    with projects.open_project(folder) as store:
        plan = film.build_plan(store)
        media = {r.original_name: store.folder / r.media_path
                 for r in _recordings(store)}
    items = [i for i in plan.timeline() if i.clip is not None]
    names = {i.clip.source_name for i in items}
    assert "doctor-omar.mp4" not in names  # not shown to senior leaders: not in their film
    disguised = next(i for i in items if i.clip.source_name == "hca-pete.ogg")
    words_only = next(i for i in items if i.clip.source_name == "charge-nurse-ruth.m4a")
    assert disguised.clip.speaker == words_only.clip.speaker == "A staff member"

    # the words-only clip: nothing heard over her words (the captions carry them)
    silent = load_audio(_wav(film_path, tmp_path / "ruth.wav", words_only.record_in + 0.2,
                             words_only.record_out - 0.2))
    assert float(np.sqrt(np.mean(silent ** 2))) < 1e-3

    # the disguised clip: understood, and not his voice
    heard = _wav(film_path, tmp_path / "pete-film.wav", disguised.record_in,
                 disguised.record_out)
    engine = WhisperEngine(locate_model(None), compute_type="float32")
    said = " ".join(w.text for s in engine.transcribe(
        load_audio(heard), TranscribeOptions(language="en")).segments for w in s.words)
    expected = [w.text.strip(".,").lower() for w in disguised.clip.words]
    got = {w.strip(".,").lower() for w in said.split()}
    assert sum(w in got for w in expected) >= 0.7 * len(expected), said
    if ge2e.available():
        original = _wav(media["hca-pete.ogg"], tmp_path / "pete.wav", disguised.clip.src_in,
                        disguised.clip.src_out)
        cosine = float(_voice(original) @ _voice(heard))
        assert cosine < SAME_VOICE, cosine

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(leaders).pages).split())
    assert "A staff member" in text
    assert "sleep on a chair" not in text and "Omar" not in text
    assert "Take my break with a colleague covering" in text  # the staff event's 15% solution
    assert "Our commitments" in text  # the sheet leaders fill in at their event


def _recordings(store):  # the Recording rows, for their media paths
    from ebcd_app.domain.models import Recording

    with store.session() as s:
        return list(s.query(Recording))
