"""Word times tightened to the sound, so a cut on a word boundary does not start in silence.

Whisper's word starts after a pause come early (measured on the held-out set: a turn's
first word started a median 157 ms before its sound, benchmarks/bench_trust.py), which puts
dead air, or the end of the other person's turn, at the head of a clip. Here a word's start
moves forward over silence to where its sound begins, and its end back over trailing
silence, never by more than MAX_SHIFT and never past the word's middle. Pure numpy on the
speech WAV, read a window at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ebcd_app.speech.engine import (
    SAMPLE_RATE,
    WINDOW_SECONDS,
    SegmentResult,
    WordResult,
    audio_seconds,
    load_audio,
)

FRAME = 0.01  # seconds per loudness frame
MAX_SHIFT = 0.6
FLOOR_DB = -50.0  # quieter than this is silence, whatever the recording's noise


def frame_db(audio: np.ndarray) -> np.ndarray:
    size = int(FRAME * SAMPLE_RATE)
    n = len(audio) // size
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    frames = audio[:n * size].reshape(n, size)
    rms = np.sqrt(np.mean(frames * frames, axis=1) + 1e-12)
    return (20 * np.log10(rms)).astype(np.float32)


def silence_level(db: np.ndarray) -> float:
    """Silence is near the recording's own noise floor (its quietest tenth) or below -50."""
    if db.size == 0:
        return FLOOR_DB
    return max(FLOOR_DB, float(np.percentile(db, 10)) + 12.0)


def tighten(path: Path, segments: Sequence[SegmentResult]) -> list[SegmentResult]:
    """The segments with each word's start and end moved onto its sound."""
    total = audio_seconds(path)
    out: list[SegmentResult] = []
    window_start, window_end = 0.0, -1.0
    db, level = np.zeros(0, dtype=np.float32), FLOOR_DB
    for seg in segments:
        words = []
        for w in seg.words:
            if w.start < window_start or w.end > window_end:
                window_start = max(0.0, w.start - MAX_SHIFT - 1.0)
                window_end = min(total, window_start + WINDOW_SECONDS)
                db = frame_db(load_audio(path, window_start, window_end))
                level = silence_level(db)
            words.append(_tight(w, db, level, window_start))
        out.append(SegmentResult(words[0].start if words else seg.start,
                                 words[-1].end if words else seg.end, seg.text, words))
    return out


def _tight(w: WordResult, db: np.ndarray, level: float, origin: float) -> WordResult:
    a = int((w.start - origin) / FRAME)
    b = int((w.end - origin) / FRAME)
    middle = (a + b) // 2
    if b <= a or b > len(db):
        return w
    loud = np.nonzero(db[a:b] > level)[0]
    if loud.size == 0:
        return w
    first = min(a + int(loud[0]), middle, a + int(MAX_SHIFT / FRAME))
    last = max(a + int(loud[-1]) + 1, middle + 1, b - int(MAX_SHIFT / FRAME))
    start = round(origin + first * FRAME, 3)
    end = round(origin + last * FRAME, 3)
    if start >= end:
        return w
    return WordResult(w.text, max(w.start, start), min(w.end, end), w.probability)
