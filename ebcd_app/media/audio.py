"""Speech audio: one 16 kHz mono WAV per recording, what Whisper and the waveform read."""

from __future__ import annotations

import wave
from pathlib import Path

import ffmpeg
import numpy as np

from ebcd_app.core.atomic import atomic_path
from ebcd_app.core.errors import MediaError
from ebcd_app.media import child
from ebcd_app.media.probe import last_error_line
from ebcd_app.media.tools import tools

SPEECH_RATE = 16000
PEAKS_PER_SECOND = 100
TRUNCATED_BELOW = 0.9  # decoded/probed duration under this means a damaged file


def normalise_speech(source: Path, target: Path, expected_duration: float,
                     label: str | None = None) -> float:
    """Decode the first audio stream to 16 kHz mono 16-bit WAV; return decoded seconds.

    A file that decodes to much less than its container claims is truncated or damaged;
    we refuse it rather than transcribe half an interview silently. `label` is the name
    the user knows the file by, used in messages.
    """
    label = label or str(source)
    with atomic_path(target) as tmp:
        stream = ffmpeg.input(str(source)).audio.output(
            str(tmp), ac=1, ar=SPEECH_RATE, acodec="pcm_s16le", format="wav")
        try:
            child.run_ffmpeg(stream, tools().ffmpeg)
        except ffmpeg.Error as exc:
            raise MediaError(f"{label}: the audio could not be decoded "
                             f"({last_error_line(exc.stderr)})") from None
        with wave.open(str(tmp), "rb") as wav:
            decoded = wav.getnframes() / SPEECH_RATE
        if expected_duration > 1.0 and decoded < expected_duration * TRUNCATED_BELOW:
            raise MediaError(
                f"{label}: the file looks truncated or damaged (only {decoded:.1f} s of "
                f"{expected_duration:.1f} s could be decoded)")
        if decoded <= 0:
            raise MediaError(f"{label}: the audio stream is empty")
    return decoded


def waveform_peaks(wav_path: Path, target: Path) -> int:
    """Min/max per 10 ms as int16 pairs (.npy): enough to draw any zoom level quickly."""
    with wave.open(str(wav_path), "rb") as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    hop = SPEECH_RATE // PEAKS_PER_SECOND
    n = max(1, len(samples) // hop)
    frames = np.zeros(n * hop, dtype=np.int16)
    frames[: min(len(samples), n * hop)] = samples[: n * hop]
    blocks = frames.reshape(n, hop)
    peaks = np.stack([blocks.min(axis=1), blocks.max(axis=1)], axis=1)
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        np.save(fh, peaks)
    return n


def read_peaks(path: Path) -> np.ndarray:
    return np.load(path)
