"""The words of transcript spans (touch points, clips, suggestions), read in bulk.

A span is named by its first and last word ids; its words are those of the segments
between them, in (segment, word) order. Every reader of spans (the board, the film view,
the film plan, accepting a suggestion) gets them here, for all its spans at once: one query
for where the end words are and one for the words of the segments they cover (one more
per `CHUNK` segments), so a read costs the same few queries for 3 spans as for 300.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ebcd_app.domain.consent import Voice
from ebcd_app.domain.models import Segment, Speaker, Transcript, Word

CHUNK = 500  # ids or segment positions per query: well inside SQLite's parameter limit


class WordAt(NamedTuple):
    """Where a word is: to check that a span's ends share a recording, and to order them."""

    recording_id: int
    transcript_id: int
    segment_idx: int
    word_idx: int


# A word of a span as read: (id, text, start, end, redacted). A plain tuple, not a named
# one or the database's row: the collector stops tracking plain tuples of plain values,
# and tracking the board's ~90,000 words made reading them take half as long again.
WordRow = tuple[int, str, float, float, bool]


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    return (items[i:i + size] for i in range(0, len(items), size))


def positions(s: Session, word_ids: Iterable[int | None]) -> dict[int, WordAt]:
    """Where each of these words is; a word that no longer exists is left out."""
    ids = sorted({w for w in word_ids if w})
    found: dict[int, WordAt] = {}
    for chunk in _chunks(ids):
        for wid, rec, tid, seg_idx, word_idx in s.execute(
                select(Word.id, Transcript.recording_id, Segment.transcript_id, Segment.idx,
                       Word.idx)
                .join(Segment, Segment.id == Word.segment_id)
                .join(Transcript, Transcript.id == Segment.transcript_id)
                .where(Word.id.in_(chunk))):
            found[wid] = WordAt(rec, tid, seg_idx, word_idx)
    return found


@dataclass
class _Transcript:
    rows: list[WordRow] = field(default_factory=list)
    order: dict[int, int] = field(default_factory=dict)  # word id -> index in rows
    speaker_of: dict[int, int | None] = field(default_factory=dict)  # segment idx -> speaker


@dataclass
class Spans:
    """The words read for a set of spans; `words(first, last)` slices one out."""

    at: dict[int, WordAt]
    by_transcript: dict[int, _Transcript]

    def word(self, word_id: int | None) -> WordRow | None:
        """One end word of a span read here, or None when it no longer exists."""
        at = self.at.get(word_id or 0)
        entry = self.by_transcript.get(at.transcript_id) if at else None
        if entry is None or (i := entry.order.get(word_id or 0)) is None:
            return None
        return entry.rows[i]

    def _ends(self, first_id: int | None, last_id: int | None
              ) -> tuple[WordAt, WordAt, _Transcript] | None:
        """Where a span's end words are and its transcript's words; None when an end word
        is gone or the ends are in two transcripts."""
        a, b = self.at.get(first_id or 0), self.at.get(last_id or 0)
        if a is None or b is None or a.transcript_id != b.transcript_id:
            return None
        entry = self.by_transcript.get(a.transcript_id)
        return None if entry is None else (a, b, entry)

    def words(self, first_id: int | None, last_id: int | None) -> list[WordRow]:
        """The span's words in order; [] when an end word is gone or the ends are in two
        transcripts."""
        if (ends := self._ends(first_id, last_id)) is None:
            return []
        entry = ends[2]
        i, j = entry.order.get(first_id or 0), entry.order.get(last_id or 0)
        if i is None or j is None:
            return []
        return entry.rows[i:j + 1]  # a span's segments are all read, so order slices hold

    def speaker_ids(self, first_id: int | None, last_id: int | None) -> list[int | None]:
        """The speakers of the span's segments (None for a passage nobody was given), so
        consent can follow the person who speaks in it."""
        if (ends := self._ends(first_id, last_id)) is None:
            return []
        a, b, entry = ends
        lo, hi = sorted((a.segment_idx, b.segment_idx))
        return list(dict.fromkeys(entry.speaker_of.get(i) for i in range(lo, hi + 1)))


def read_spans(s: Session, spans: Iterable[tuple[int | None, int | None]]) -> Spans:
    """The words of every (first word id, last word id) span, in a fixed few queries."""
    spans = list(spans)
    at = positions(s, (w for span in spans for w in span))
    needed: dict[int, set[int]] = defaultdict(set)  # transcript id -> segment idx
    for first, last in spans:
        a, b = at.get(first or 0), at.get(last or 0)
        if a and b and a.transcript_id == b.transcript_id:
            lo, hi = sorted((a.segment_idx, b.segment_idx))
            needed[a.transcript_id].update(range(lo, hi + 1))
    wanted = [(tid, idx) for tid in sorted(needed) for idx in sorted(needed[tid])]
    found: dict[int, _Transcript] = defaultdict(_Transcript)
    for chunk in _chunks(wanted):
        by_tid: dict[int, list[int]] = defaultdict(list)
        for tid, idx in chunk:
            by_tid[tid].append(idx)
        where = or_(*(and_(Segment.transcript_id == tid, Segment.idx.in_(idxs))
                      for tid, idxs in by_tid.items()))
        for tid, seg_idx, speaker, wid, text, start, end, redacted in s.execute(
                select(Segment.transcript_id, Segment.idx, Segment.speaker_id, Word.id,
                       Word.text, Word.start, Word.end, Word.redacted)
                .join(Segment, Segment.id == Word.segment_id).where(where)
                .order_by(Segment.transcript_id, Segment.idx, Word.idx)):
            entry = found[tid]
            entry.speaker_of[seg_idx] = speaker
            entry.order[wid] = len(entry.rows)
            entry.rows.append((wid, text, start, end, redacted))
    return Spans(at, dict(found))


def voices(s: Session) -> dict[int, Voice]:
    """Every speaker's person and whether it is the interviewer, by speaker id (a project
    has a few per recording, so one query serves every span)."""
    return {sid: Voice(pid, bool(interviewer)) for sid, pid, interviewer in s.execute(
        select(Speaker.id, Speaker.participant_id, Speaker.is_interviewer))}


def span_voices(spans: Spans, known: dict[int, Voice], first_id: int | None,
                last_id: int | None) -> list[Voice | None]:
    """The voices heard in one span; None for a passage no speaker was given."""
    return [known.get(sid) if sid is not None else None
            for sid in spans.speaker_ids(first_id, last_id)]


def span_words(s: Session, first_id: int, last_id: int) -> list[WordRow]:
    """One span's words (what a single edit needs)."""
    return read_spans(s, [(first_id, last_id)]).words(first_id, last_id)
