"""Turns: a transcript's segments cut where the voice changes.

Diarization gives each word a voice; a Whisper segment can hold a question and the start of
its answer, so segments are split at every change and each piece carries one voice. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from ebcd_app.speech.engine import SegmentResult


def split_by_voice(segments: Sequence[SegmentResult], word_voices: Sequence[int]
                   ) -> tuple[list[SegmentResult], list[int]]:
    """Segments split where the voice changes, and the voice of each piece."""
    out: list[SegmentResult] = []
    voices: list[int] = []
    at = 0
    for seg in segments:
        piece: list = []
        current = None
        for word in seg.words:
            voice = word_voices[at] if at < len(word_voices) else (current or 0)
            at += 1
            if piece and voice != current:
                out.append(_piece(seg, piece))
                voices.append(current if current is not None else 0)
                piece = []
            piece.append(word)
            current = voice
        if piece:
            out.append(_piece(seg, piece))
            voices.append(current if current is not None else 0)
    return out, voices


def _piece(seg: SegmentResult, words: list) -> SegmentResult:
    if len(words) == len(seg.words):
        return seg
    return SegmentResult(words[0].start, words[-1].end, " ".join(w.text for w in words),
                         list(words))
