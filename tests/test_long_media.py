"""Long recordings and full disks: windows of audio, and the truth about disk space.

Real ffmpeg, real Whisper, a real small disk (a tmpfs, where this machine lets us mount
one; where it does not, the file-size limit RLIMIT_FSIZE plays the full disk).
"""

from __future__ import annotations

import math
import os
import re
import resource
import subprocess
import sys
import wave
from pathlib import Path

import jiwer
import numpy as np
import pytest
from speech_scripts import FIRST

from ebcd_app.media.audio import waveform_peaks
from ebcd_app.media.tools import tools
from ebcd_app.speech.engine import (
    MIN_WINDOW_SECONDS,
    SegmentResult,
    TranscribeOptions,
    WhisperEngine,
)
from ebcd_app.speech.locator import locate_model

REPO = Path(__file__).resolve().parent.parent


def _ebcd(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ebcd_app", *args], capture_output=True,
                          text=True, timeout=600, env={**os.environ, **(env or {})}, **kw)


def _normalise(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A folder on a tmpfs of `size` MB (a factory), or None where mounting is refused."""
    mounted: list[Path] = []

    def make(size_mb: float) -> Path | None:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={int(size_mb * 1024)}k",
                               "tmpfs", str(folder)], capture_output=True)
        if done.returncode != 0:
            return None
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _tone_ogg(path: Path, seconds: float) -> Path:
    """A small OGG whose speech audio is large: Vorbis at its lowest quality."""
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=f=220:r=16000:d={seconds}", "-ac", "1", "-c:a", "libvorbis",
                    "-q:a", "-1", str(path)], check=True)
    return path


def _error_line(stderr: str) -> str:
    """The one message line (the progress bar shares stderr)."""
    [line] = [ln for ln in stderr.splitlines() if ln.startswith("ebcd: ")]
    return line


def _new_project(folder: Path) -> None:
    assert _ebcd("new", str(folder), "--name", "Disk test").returncode == 0


def test_refusal_says_truthfully_what_is_needed(small_disk, tmp_path: Path) -> None:
    """Issue 14: "(0 MB needed, 21 MB free)" hid a margin and counted the file's size, not
    the speech audio its duration needs."""
    disk = small_disk(12)
    if disk is None:
        pytest.skip("cannot mount a tmpfs here (not root)")
    ogg = _tone_ogg(tmp_path / "long-interview.ogg", 300)  # 5 min: 9.6 MB of speech audio
    project = disk / "project"
    _new_project(project)
    done = _ebcd("import", str(project), str(ogg))
    assert done.returncode == 1
    line = _error_line(done.stderr)
    m = re.search(r"needs (\d+) MB \(original (\d+) MB, speech audio (\d+) MB, waveform (\d+) "
                  r"MB, margin (\d+) MB\); (\d+) MB free on (\S+); nothing was imported", line)
    assert m, line
    need, original, speech, peaks, margin, free = map(int, m.groups()[:6])
    assert str(ogg) in line and m.group(7) == str(disk)
    assert speech == math.ceil(300 * 32000 / 1e6)  # from the duration, not the file size
    assert original == math.ceil(ogg.stat().st_size / 1e6)
    assert original + speech + peaks + margin - 4 <= need <= original + speech + peaks + margin
    assert need > free  # never "0 MB needed" beside a refusal
    assert "recording" not in _ebcd("recordings", str(project)).stdout.lower().replace(
        "no recordings", "")


def test_decoding_onto_a_full_disk_says_the_disk_is_full(small_disk, tmp_path: Path,
                                                         speech) -> None:
    """The speech audio's decode used to fail on a full disk with "could not be decoded"."""
    disk = small_disk(0.3)  # the WAV of the 20 s interview needs 0.6 MB
    target = (disk or tmp_path) / "speech.wav"
    limit = None if disk else 200_000

    def preexec() -> None:
        if limit:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code = ("import sys; from pathlib import Path; from ebcd_app.basics.errors import EbcdError\n"
            "from ebcd_app.media.audio import normalise_speech\n"
            "try: normalise_speech(Path(sys.argv[1]), Path(sys.argv[2]), 0.0, 'interview.wav')\n"
            "except EbcdError as exc: print(exc); sys.exit(1)\n")
    done = subprocess.run([sys.executable, "-c", code, str(speech.wav), str(target)],
                          capture_output=True, text=True, preexec_fn=preexec, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1, done.stderr
    message = done.stdout.strip()
    assert message.startswith("interview.wav: the disk is full"), message
    assert "could not be decoded" not in message
    if disk:
        assert f"MB free on {disk}" in message
    assert not list(target.parent.glob(".tmp-*")) and not target.exists()


def test_import_that_fills_the_disk_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    """Through the CLI, with the file-size limit standing in for a disk that fills up
    while the speech audio is written (the copy of the small original fits)."""
    ogg = _tone_ogg(tmp_path / "interview.ogg", 120)  # speech audio 3.8 MB
    project = tmp_path / "project"
    _new_project(project)
    limit = 2_000_000

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "ebcd_app", "import", str(project), str(ogg)],
                          capture_output=True, text=True, preexec_fn=preexec, timeout=300)
    assert done.returncode == 1
    line = _error_line(done.stderr)
    assert str(ogg) in line and "the disk is full" in line, line
    assert "could not be decoded" not in line
    assert "Traceback" not in done.stderr
    leftovers = [p for p in (project / "media").rglob("*") if p.is_file()]
    leftovers += [p for p in (project / "derived").rglob("*") if p.is_file()]
    assert leftovers == []


def test_waveform_peaks_in_blocks_match_the_whole_file(tmp_path: Path) -> None:
    """Peaks are read a block at a time now; they must equal those of the whole file."""
    rng = np.random.default_rng(5)
    samples = (rng.normal(0, 4000, 16000 * 130 + 77)).clip(-32768, 32767).astype(np.int16)
    wav = tmp_path / "speech.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples.tobytes())
    n = waveform_peaks(wav, tmp_path / "peaks.npy")
    peaks = np.load(tmp_path / "peaks.npy")
    hops = samples[: n * 160].reshape(n, 160)
    assert n == len(samples) // 160 and peaks.shape == (n, 2)
    assert (peaks[:, 0] == hops.min(axis=1)).all() and (peaks[:, 1] == hops.max(axis=1)).all()


@pytest.mark.slow
def test_a_window_boundary_mid_sentence_loses_and_repeats_no_word(long_speech,
                                                                  speech) -> None:
    """A long recording is transcribed a window at a time (what keeps a 10-hour file's
    memory flat); with a small window whose cut falls in the middle of a sentence, every
    word is there once, in order, and the cut sentence is there whole."""
    period = speech.duration + 1.0  # long_speech repeats the interview with 1 s gaps
    window = period + speech.pause_start * 0.3  # the first cut: mid first sentence, 2nd time
    assert window >= MIN_WINDOW_SECONDS  # the engine would widen a smaller one
    with wave.open(str(long_speech.wav), "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    around = pcm[int((window - 0.3) * 16000): int((window + 0.3) * 16000)]
    assert np.abs(around).max() > 3000  # the cut falls in speech, not in a pause
    engine = WhisperEngine(locate_model(None))
    streamed: list[SegmentResult] = []
    result = engine.transcribe_file(long_speech.wav, TranscribeOptions(language="en"),
                                    window=window, on_segment=lambda seg, _: streamed.append(seg))
    assert streamed == result.segments  # what the worker checkpoints is what is kept
    words = result.words
    starts = [w.start for w in words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)  # none repeated
    assert all(0 <= w.start < w.end <= long_speech.duration + 0.05 for w in words)
    heard = _normalise(" ".join(w.text for w in words))
    assert jiwer.wer(" ".join(_normalise(long_speech.text)), " ".join(heard)) < 0.15
    # the passage the cut ran through is there whole, in its place
    passage = [w.text for w in words
               if period - 0.5 <= w.start < period + speech.pause_start + 0.5]
    assert jiwer.wer(" ".join(_normalise(FIRST)), " ".join(_normalise(" ".join(passage)))
                     ) < 0.15, passage
    # resuming mid-file (offset = the end of a saved segment) keeps working in windows
    cut = result.segments[1].end
    rest = engine.transcribe_file(long_speech.wav, TranscribeOptions(language="en"),
                                  offset=cut, window=window)
    assert rest.words and rest.words[0].start >= cut - 0.05
    assert rest.duration == pytest.approx(long_speech.duration, abs=0.01)
