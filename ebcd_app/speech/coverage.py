"""What was said but not written: speech with no words, and text Whisper repeated.

Whisper can skip a whole passage (issue 16: 32 words of hca-jo.ogg gone on an AVX-512
CPU, with no warning) or loop on one sentence. These pure functions find both, by comparing
a fine voice-activity map of the audio with the words' timings, so the engine can decode
those stretches again and the facilitator is told what is still missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ebcd_app.speech.engine import SAMPLE_RATE, SegmentResult, WordResult

# a stretch of speech this long with no word over it is a gap (the bound)
MIN_GAP_SECONDS = 1.0
# words' timings are rough at their edges: speech this close to a word counts as covered
WORD_SLACK_SECONDS = 0.3
# a phrase of 2+ words said 3+ times running, or a segment's text said again at once
LOOP_REPEATS = 3


@dataclass(frozen=True)
class Gap:
    """Speech between `start` and `end` (seconds) that no word covers."""

    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


def speech_regions(audio: np.ndarray, offset: float = 0.0) -> list[tuple[float, float]]:
    """Where someone speaks in `audio`, by Silero VAD with short silences kept apart.

    The transcription's own VAD merges across pauses of up to 2 s; here a pause of 0.3 s
    splits, so a pause between sentences is not mistaken for lost speech.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=300, speech_pad_ms=100,
                         min_speech_duration_ms=250)
    return [(offset + r["start"] / SAMPLE_RATE, offset + r["end"] / SAMPLE_RATE)
            for r in get_speech_timestamps(audio, options)]


def uncovered(regions: Sequence[tuple[float, float]], words: Sequence[WordResult],
              min_gap: float = MIN_GAP_SECONDS) -> list[Gap]:
    """The parts of speech regions at least `min_gap` long that no word (with slack) covers.

    Adjacent uncovered pieces closer than the slack are joined, so one lost passage across
    a breath reads as one gap.
    """
    spans = sorted((w.start - WORD_SLACK_SECONDS, w.end + WORD_SLACK_SECONDS) for w in words)
    pieces: list[tuple[float, float]] = []
    at = 0
    for start, end in regions:
        cursor = start
        while at < len(spans) and spans[at][1] <= start:
            at += 1
        k = at
        while k < len(spans) and spans[k][0] < end:
            if spans[k][0] > cursor:
                pieces.append((cursor, spans[k][0]))
            cursor = max(cursor, spans[k][1])
            k += 1
        if cursor < end:
            pieces.append((cursor, end))
    joined: list[list[float]] = []
    for start, end in pieces:
        if joined and start - joined[-1][1] <= WORD_SLACK_SECONDS * 2 and not _word_between(
                spans, joined[-1][1], start):
            joined[-1][1] = end
        else:
            joined.append([start, end])
    return [Gap(round(s, 2), round(e, 2)) for s, e in joined if e - s >= min_gap]


def _word_between(spans: Sequence[tuple[float, float]], start: float, end: float) -> bool:
    return any(s < end and e > start for s, e in spans)


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == " ").strip()


def repeated_run(words: Sequence[WordResult]) -> tuple[int, int] | None:
    """(start, length) of the first phrase of 1-8 words said LOOP_REPEATS+ times running
    (a single word needs twice as many), or None."""
    tokens = [_norm(w.text) for w in words]
    n = len(tokens)
    for size in range(1, 9):
        need = LOOP_REPEATS * (2 if size == 1 else 1)
        for i in range(0, n - size * need + 1):
            phrase = tokens[i:i + size]
            if not all(phrase):
                continue
            count = 1
            while tokens[i + count * size:i + (count + 1) * size] == phrase:
                count += 1
            if count >= need:
                return i, size
    return None


def collapse_repeats(words: Sequence[WordResult]) -> list[WordResult]:
    """Keep one saying of each looped phrase (what is left when decoding again also loops)."""
    kept = list(words)
    while (run := repeated_run(kept)) is not None:
        i, size = run
        end = i + size
        while [_norm(w.text) for w in kept[end:end + size]] == [
                _norm(w.text) for w in kept[i:i + size]]:
            end += size
        kept = kept[:i + size] + kept[end:]
    return kept


def looping_segments(segments: Sequence[SegmentResult]) -> list[int]:
    """Indices of segments that loop inside, or repeat the segment before them word for
    word (Whisper's hallucination loop across segments)."""
    found = []
    for i, seg in enumerate(segments):
        same_as_before = (i > 0 and len(seg.words) >= 3
                          and _norm(seg.text) == _norm(segments[i - 1].text))
        if same_as_before or repeated_run(seg.words) is not None:
            found.append(i)
    return found


def clock_span(gap: Gap) -> str:
    """0:27-0:42, as the transcript and the job summary show a gap."""
    from ebcd_app.basics.clock import short_clock

    return f"{short_clock(gap.start)}-{short_clock(gap.end)}"


def describe_gaps(gaps: Sequence[tuple[float, float]]) -> str:
    """One line for a job summary or `ebcd transcript`: how much speech has no words, where.
    Empty when nothing is missing."""
    if not gaps:
        return ""
    total = sum(e - s for s, e in gaps)
    where = ", ".join(clock_span(Gap(s, e)) for s, e in gaps[:6])
    more = f" and {len(gaps) - 6} more" if len(gaps) > 6 else ""
    passages = "passage" if len(gaps) == 1 else "passages"
    return (f"untranscribed speech: {total:.0f} s in {len(gaps)} {passages} ({where}{more}); "
            "transcribe those parts again or type them in the transcript")
