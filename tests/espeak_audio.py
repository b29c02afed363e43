"""Speech made for the tests: espeak-ng through ffmpeg to 16 kHz mono 16-bit, and WAV out.

A module of its own (not conftest) so test files can import it: with tests/gui having its
own conftest, `from conftest import ...` finds whichever conftest was imported first.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from ebcd_app.media.tools import tools

RATE = 16000


def espeak(text: str, out: Path, voice: str = "en-gb", speed: int = 150) -> np.ndarray:
    """`text` spoken by `voice`, written to `out` and returned as int16 samples."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed (apt-get install espeak-ng); "
                    "the test set-up script installs it")
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text],
                   check=True)
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(raw), "-ac", "1", "-ar",
                    str(RATE), "-c:a", "pcm_s16le", str(out)], check=True)
    raw.unlink()
    with wave.open(str(out), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.astype(np.int16).tobytes())
