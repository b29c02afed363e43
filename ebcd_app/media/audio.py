"""Speech audio: one 16 kHz mono WAV per recording, what Whisper and the waveform read.

Memory never grows with a recording's length: ffmpeg writes the WAV itself, and the peaks
are computed a block at a time (a 10-hour recording's 1.15 GB of samples were read at once
before, issue 14). A decode that fails because the disk filled up says so, rather than
blaming the file.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import wave
from pathlib import Path

import ffmpeg
import numpy as np

from ebcd_app.basics.atomic import atomic_path
from ebcd_app.basics.errors import MediaError
from ebcd_app.media import child
from ebcd_app.media.probe import last_error_line
from ebcd_app.media.tools import tools

SPEECH_RATE = 16000
PEAKS_PER_SECOND = 100
TRUNCATED_BELOW = 0.9  # decoded/probed duration under this means a damaged file
SPEECH_BYTES_PER_SECOND = SPEECH_RATE * 2  # 16-bit mono
WAV_HEADER_BYTES = 44
PEAK_BYTES_PER_SECOND = PEAKS_PER_SECOND * 2 * 2  # a min and a max, int16 each
PEAKS_BLOCK_SECONDS = 60  # samples read at a time for the peaks: 1.9 MB
_NO_SPACE_TEXT = ("No space left on device", "Disk quota exceeded")
_TOO_LARGE_TEXT = "File too large"


def mount_point(path: Path) -> Path:
    """The mount point (Windows: drive) holding `path`, to name it in a message."""
    path = Path(os.path.abspath(path))
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path


def disk_full_message(label: str, folder: Path, *, too_large: bool = False) -> str:
    """One line for a write that ran out of room: the disk, or the file-size limit."""
    if too_large:
        return (f"{label}: the disk is full for a file this large (the system's file size "
                f"limit was reached on {mount_point(folder)}); nothing was imported")
    free = shutil.disk_usage(folder).free if folder.exists() else 0
    return (f"{label}: the disk is full ({free // 1_000_000} MB free on "
            f"{mount_point(folder)}); free some space and try again; nothing was imported")


def _out_of_room(stderr: bytes, code: int, folder: Path) -> str | None:
    """Why ffmpeg failed for want of room ("space" or "size"), or None if it did not:
    its message says so, or the file-size limit killed it (SIGXFSZ), or the disk holding
    the output is (all but) full now."""
    text = (stderr or b"").decode("utf-8", "replace")
    sigxfsz = getattr(signal, "SIGXFSZ", None)
    if _TOO_LARGE_TEXT in text or (sigxfsz is not None and code == -sigxfsz):
        return "size"
    if any(line in text for line in _NO_SPACE_TEXT):
        return "space"
    try:
        return "space" if shutil.disk_usage(folder).free < 1024 * 1024 else None
    except OSError:
        return None


def is_disk_full(exc: OSError) -> bool:
    """A write refused for want of room (full disk, quota, or file-size limit)."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def disk_full_error(label: str, folder: Path, exc: OSError) -> str:
    return disk_full_message(label, folder, too_large=exc.errno == errno.EFBIG)


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
        # the exit status tells a file-size limit (SIGXFSZ) apart; ffmpeg dies with us
        done = child.run(ffmpeg.compile(stream, cmd=tools().ffmpeg, overwrite_output=True))
        stderr = done.stderr
        if done.returncode:
            room = _out_of_room(stderr, done.returncode, target.parent)
            if room is not None:
                raise MediaError(disk_full_message(label, target.parent,
                                                   too_large=room == "size"))
            raise MediaError(f"{label}: the audio could not be decoded "
                             f"({last_error_line(stderr)})")
        with wave.open(str(tmp), "rb") as wav:
            decoded = wav.getnframes() / SPEECH_RATE
        written = WAV_HEADER_BYTES + round(decoded * SPEECH_RATE) * 2
        if decoded < expected_duration * TRUNCATED_BELOW and tmp.stat().st_size < written:
            raise MediaError(disk_full_message(label, target.parent))  # a torn write
        if expected_duration > 1.0 and decoded < expected_duration * TRUNCATED_BELOW:
            raise MediaError(
                f"{label}: the file looks truncated or damaged (only {decoded:.1f} s of "
                f"{expected_duration:.1f} s could be decoded)")
        if decoded <= 0:
            raise MediaError(f"{label}: the audio stream is empty")
    return decoded


def waveform_peaks(wav_path: Path, target: Path) -> int:
    """Min/max per 10 ms as int16 pairs (.npy): enough to draw any zoom level quickly.

    Read PEAKS_BLOCK_SECONDS at a time (a whole number of 10 ms hops), so memory is that
    of one block plus the peaks (1.4 MB an hour) whatever the recording's length. A last
    partial hop is left out; a file shorter than one hop gives one pair, padded with 0.
    """
    hop = SPEECH_RATE // PEAKS_PER_SECOND
    with wave.open(str(wav_path), "rb") as wav:
        total = wav.getnframes()
        n = max(1, total // hop)
        peaks = np.zeros((n, 2), dtype=np.int16)
        done = 0  # hops filled
        while done < n:
            count = min(n - done, PEAKS_BLOCK_SECONDS * PEAKS_PER_SECOND)
            block = np.frombuffer(wav.readframes(count * hop), dtype=np.int16)
            frames = np.zeros(count * hop, dtype=np.int16)
            frames[: len(block)] = block
            hops = frames.reshape(count, hop)
            peaks[done:done + count, 0] = hops.min(axis=1)
            peaks[done:done + count, 1] = hops.max(axis=1)
            done += count
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        np.save(fh, peaks)
    return n


def read_peaks(path: Path) -> np.ndarray:
    return np.load(path)
