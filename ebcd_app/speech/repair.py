"""Decode again what the first pass lost or looped on, and say what is still missing.

Runs after the windowed decode, in the same Whisper process (speech/worker.py), over the
whole recording: hallucination loops are decoded again on their own (no prompt, no
conditioning on earlier text, temperature fallback), then every stretch of speech of a
second or more with no words is decoded again the same way. Whatever still has no words is
returned as gaps, which the transcript keeps and shows ("untranscribed speech 0:27-0:42").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ebcd_app.speech.coverage import (
    Gap,
    collapse_repeats,
    looping_segments,
    repeated_run,
    speech_regions,
    uncovered,
)
from ebcd_app.speech.engine import (
    SAMPLE_RATE,
    WINDOW_SECONDS,
    SegmentResult,
    WhisperEngine,
    WordResult,
    audio_seconds,
    load_audio,
)
from ebcd_app.speech.timing import tighten

# audio either side of a stretch decoded again, so its first and last words are whole
CONTEXT_SECONDS = 0.5


@dataclass
class Repaired:
    segments: list[SegmentResult]
    gaps: list[Gap]
    loops_fixed: int = 0
    gaps_filled: int = 0


def file_speech_regions(path, window: float = WINDOW_SECONDS) -> list[tuple[float, float]]:
    """Speech regions of the whole speech WAV, a window at a time (bounded memory)."""
    total, start, regions = audio_seconds(path), 0.0, []
    while start < total:
        end = min(total, start + window)
        regions.extend(speech_regions(load_audio(path, start, end), offset=start))
        start = end
    return regions


def decode_span(engine: WhisperEngine, path, start: float, end: float,
                 language: str | None) -> list[WordResult]:
    first = max(0.0, start - CONTEXT_SECONDS)
    audio = load_audio(path, first, end + CONTEXT_SECONDS)
    if len(audio) < SAMPLE_RATE // 4:
        return []
    segments_iter, _info = engine.model.transcribe(
        audio, language=language or None, vad_filter=False, word_timestamps=True,
        condition_on_previous_text=False, beam_size=5)
    return [WordResult(w.word.strip(), round(w.start + first, 3), round(w.end + first, 3),
                       round(float(w.probability), 4))
            for seg in segments_iter for w in (seg.words or []) if w.word.strip()]


def _segment_of(words: Sequence[WordResult]) -> SegmentResult:
    return SegmentResult(words[0].start, words[-1].end, " ".join(w.text for w in words),
                         list(words))


def repair(engine: WhisperEngine, path, segments: Sequence[SegmentResult], *,
           language: str | None = None,
           on_step: Callable[[str], None] | None = None) -> Repaired:
    """Loops decoded again (collapsed if they loop again), gaps decoded again, and the
    gaps left. Segments come back in time order."""
    say = on_step or (lambda _text: None)
    segs = list(segments)
    loops = looping_segments(segs)
    for i in loops:
        seg = segs[i]
        say(f"decoding again a repeated passage at {seg.start:.0f} s")
        words = [w for w in decode_span(engine, path, seg.start, seg.end, language)
                 if seg.start - CONTEXT_SECONDS <= (w.start + w.end) / 2 <= seg.end]
        if not words or repeated_run(words) is not None:
            words = collapse_repeats(words or seg.words)
        segs[i] = _segment_of(words) if words else seg
    # a segment that only said the one before it again goes once the loop is mended
    segs = [s for k, s in enumerate(segs)
            if not (k > 0 and k in loops and s.text.lower() == segs[k - 1].text.lower())]
    regions = file_speech_regions(path)
    all_words = [w for s in segs for w in s.words]
    gaps = uncovered(regions, all_words)
    filled = 0
    for gap in gaps:
        say(f"decoding again untranscribed speech at {gap.start:.0f} s")
        near = [(w.start, w.end) for w in all_words
                if w.end > gap.start - 2 and w.start < gap.end + 2]
        words = [w for w in decode_span(engine, path, gap.start, gap.end, language)
                 if gap.start - 0.3 <= (w.start + w.end) / 2 <= gap.end + 0.3
                 and not any(s < w.end and e > w.start for s, e in near)]
        words = collapse_repeats(words)
        if words:
            segs.append(_segment_of(words))
            all_words.extend(words)
            filled += 1
    segs.sort(key=lambda s: s.start)
    left = uncovered(regions, all_words)
    return Repaired(tighten(path, segs), left, len(loops), filled)
