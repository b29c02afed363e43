"""Shared fixtures: real speech from espeak-ng and real media made with ffmpeg, once a session.

Nothing is mocked: the importer, ffmpeg and Whisper run for real on these files.
"""

from __future__ import annotations

import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from espeak_audio import RATE, espeak, write_wav
from media_formats import FORMATS
from speech_scripts import FIRST, SECOND

from ebcd_app.domain.models import Role, Scope
from ebcd_app.media.tools import tools
from ebcd_app.services.projects import add_participant, create_project
from ebcd_app.store.db import ProjectStore

PAUSE_SECONDS = 2.0


@dataclass(frozen=True)
class Speech:
    """A generated recording and what a listener knows about it."""

    wav: Path
    text: str
    duration: float
    pause_start: float  # silence begins here
    pause_end: float  # the second part starts here


_espeak, _write_wav = espeak, write_wav  # the names the fixtures below use


@pytest.fixture(scope="session")
def fixtures_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def speech(fixtures_dir: Path) -> Speech:
    """Two spoken parts with a known silence between them."""
    a = _espeak(FIRST, fixtures_dir / "a.wav")
    b = _espeak(SECOND, fixtures_dir / "b.wav", voice="en-gb", speed=145)
    silence = np.zeros(int(PAUSE_SECONDS * RATE), dtype=np.int16)
    # espeak pads its output with a little silence; measure where speech really stops/starts
    level = 300
    a_end = (np.nonzero(np.abs(a) > level)[0][-1] + 1) / RATE
    b_start = np.nonzero(np.abs(b) > level)[0][0] / RATE
    samples = np.concatenate([a, silence, b])
    path = fixtures_dir / "interview.wav"
    _write_wav(path, samples)
    pause_start = a_end
    pause_end = len(a) / RATE + PAUSE_SECONDS + b_start
    return Speech(path, f"{FIRST} {SECOND}", len(samples) / RATE, pause_start, pause_end)


@pytest.fixture(scope="session")
def long_speech(fixtures_dir: Path, speech: Speech) -> Speech:
    """About a minute of speech: long enough to kill a transcription half way."""
    with wave.open(str(speech.wav), "rb") as w:
        one = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    gap = np.zeros(RATE, dtype=np.int16)
    samples = np.concatenate([one, gap, one, gap, one])
    path = fixtures_dir / "long-interview.wav"
    _write_wav(path, samples)
    return Speech(path, " ".join([speech.text] * 3), len(samples) / RATE, 0.0, 0.0)


def _ffmpeg(*args: str) -> None:
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="session")
def media_files(fixtures_dir: Path, speech: Speech) -> dict[str, Path]:
    """The same speech in every format the importer promises to handle."""
    out: dict[str, Path] = {}
    for name, (video, args) in FORMATS.items():
        target = fixtures_dir / name
        inputs = ["-i", str(speech.wav)]
        if video:
            inputs = ["-f", "lavfi", "-i", f"testsrc=size=320x240:rate=15:duration="
                      f"{speech.duration:.2f}", *inputs]
        _ffmpeg(*inputs, *args, str(target))
        out[name] = target
    return out


@pytest.fixture(scope="session")
def bad_files(fixtures_dir: Path, media_files: dict[str, Path]) -> dict[str, Path]:
    folder = fixtures_dir / "bad"
    folder.mkdir()
    empty = folder / "empty.wav"
    empty.write_bytes(b"")
    text = folder / "notes.mp3"
    text.write_text("These are my interview notes, not a recording.\n" * 20)
    # an mp4 with its index (moov) at the end, cut in half: the index is lost
    whole = media_files["speech.mp4"]
    truncated = folder / "truncated.mp4"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    # the index at the front (faststart), cut in half: it opens but half the audio is gone
    fast = folder / "fast.mp4"
    _ffmpeg("-i", str(whole), "-c", "copy", "-movflags", "+faststart", str(fast))
    cut = folder / "cut-faststart.mp4"
    cut.write_bytes(fast.read_bytes()[: fast.stat().st_size // 2])
    silent = folder / "no-audio.mp4"
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=15:duration=3", "-c:v", "libx264",
            "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(silent))
    return {"empty": empty, "text": text, "truncated": truncated, "cut": cut,
            "no_audio": silent}


@pytest.fixture
def store(tmp_path: Path) -> ProjectStore:
    s = create_project(tmp_path / "project", name="Ward 7 experience",
                       service="Acute medicine", vocabulary=["Ward 7", "HCA"])
    yield s
    s.close()


@pytest.fixture
def patient(store: ProjectStore) -> int:
    """A patient who consented to everything but being seen in the film."""
    return add_participant(store, name="Margaret Jones", role=Role.PATIENT, pseudonym="Maggie",
                           granted=set(Scope) - {Scope.SEEN_IN_FILM}, taken_by="Facilitator")
