"""Keep a facilitator's work when the words under it are replaced.

Touch points, film clips, language suggestions and redactions point at words. When a
transcript is replaced (Whisper again, an imported subtitle file) the old words go, and
with them, before this module, everything tagged on them. Instead, everything is taken
off the old words first, remembered by time, and placed on the new words spoken at the
same time (a redaction on the same word where it is still there). Pending suggestions are
the machine's reading of the old words, so they are removed for Suggest to make anew;
decided ones keep their decision. What has no new words at its time is kept, marked
"needs attention", with its old text and times, for a person to place or delete; nothing
is dropped silently.

A new word belongs to a span when its middle lies inside the span's times; two decodings
of one recording disagree about word edges by tens of milliseconds, so the middle of a
word moves far less than its edges. Failing that, the span widened by a small tolerance,
and then any overlap at all, count.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from ebcd_app.basics.clock import short_clock
from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import (
    Clip,
    Recording,
    Segment,
    Suggestion,
    SuggestionState,
    TouchPoint,
    Transcript,
    Word,
)
from ebcd_app.services.projects import audit
from ebcd_app.store.db import ProjectStore, fetch

TOLERANCE = 0.15  # seconds either side of a span
REDACTED = "[name]"
Anchored = TouchPoint | Clip | Suggestion  # what points at a first and a last word
_ANCHORED: tuple[type[Anchored], ...] = (TouchPoint, Clip, Suggestion)
_A = TypeVar("_A", bound=Anchored)
KIND_NAMES = {TouchPoint: "touch point", Clip: "film clip", Suggestion: "suggestion"}


@dataclass(frozen=True)
class _Span:
    model: type
    recording_id: int
    id: int
    start: float
    end: float
    text: str  # as shown, redacted words as [name]
    raw: str  # as spoken, to compare with the new words


@dataclass(frozen=True)
class Placement:
    """One thing that was on the old words and where it went."""

    kind: str  # "touch point", "film clip", "suggestion"
    id: int
    start: float
    end: float
    old_text: str
    new_text: str = ""  # "" when it could not be placed

    @property
    def placed(self) -> bool:
        return bool(self.new_text)


@dataclass
class ReanchorReport:
    """What happened to the work on a replaced transcript (shown to the user, audited)."""

    unchanged: int = 0
    moved: list[Placement] = field(default_factory=list)
    unplaced: list[Placement] = field(default_factory=list)
    placed_again: list[Placement] = field(default_factory=list)  # needed attention before
    redactions_kept: int = 0
    redactions_unplaced: list[tuple[float, float, str]] = field(default_factory=list)
    suggestions_dropped: int = 0  # pending machine suggestions for the old words

    @property
    def total(self) -> int:
        return (self.unchanged + len(self.moved) + len(self.unplaced)
                + len(self.placed_again))

    def lines(self) -> list[str]:
        """The report as sentences for the CLI and the app."""
        if not (self.total or self.redactions_kept or self.redactions_unplaced
                or self.suggestions_dropped):
            return []
        out = [f"{self.total} tagged item(s) on the old transcript: {self.unchanged} on the "
               f"same words, {len(self.moved)} moved to new words, {len(self.unplaced)} "
               "could not be placed and need attention"
               + (f", {len(self.placed_again)} that needed attention placed again"
                  if self.placed_again else "")]
        for p in self.placed_again:
            out.append(f"  placed again: {p.kind} {p.id} ({short_clock(p.start)}) "
                       f"“{_short(p.new_text)}”")
        for p in self.moved:
            out.append(f"  moved {p.kind} {p.id} ({short_clock(p.start)}): "
                       f"“{_short(p.old_text)}” → “{_short(p.new_text)}”")
        for p in self.unplaced:
            out.append(f"  needs attention: {p.kind} {p.id} ({short_clock(p.start)}-"
                       f"{short_clock(p.end)}) “{_short(p.old_text)}”: no words there in the new "
                       "transcript")
        if self.redactions_kept or self.redactions_unplaced:
            out.append(f"{self.redactions_kept} redacted word(s) redacted again in the new "
                       "transcript")
        if self.suggestions_dropped:
            out.append(f"{self.suggestions_dropped} pending suggestion(s) made for the old "
                       "words were removed: Suggest (ebcd suggest) makes new ones")
        for start, end, text in self.redactions_unplaced:
            out.append(f"  a redacted word “{text}” ({short_clock(start)}-{short_clock(end)}) "
                       "has no word in the new transcript: check the recording there")
        return out

    def audit_detail(self) -> dict:
        return {"unchanged": self.unchanged, "moved": len(self.moved),
                "needs_attention": [f"{p.kind} {p.id}" for p in self.unplaced],
                "placed_again": [f"{p.kind} {p.id}" for p in self.placed_again],
                "redactions_kept": self.redactions_kept,
                "redactions_unplaced": len(self.redactions_unplaced)}


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _words_of(s: Session, transcript_id: int) -> list[tuple[int, str, float, float, bool]]:
    return [tuple(r) for r in s.execute(
        select(Word.id, Word.text, Word.start, Word.end, Word.redacted)
        .join(Segment, Segment.id == Word.segment_id)
        .where(Segment.transcript_id == transcript_id).order_by(Segment.idx, Word.idx))]


def _on_words(s: Session, model: type[_A], ids: Select[tuple[int]]) -> Sequence[_A]:
    """The rows of one model that start or end on one of these words (a subquery)."""
    return s.scalars(select(model).where(or_(model.first_word_id.in_(ids),
                                             model.last_word_id.in_(ids)))).all()


@dataclass
class Lifted:
    """What was taken off an old transcript, waiting to be put on the new one."""

    spans: list[_Span]
    redacted: list[tuple[float, float, str]]


WordRow = tuple[int, str, float, float, bool]  # id, text, start, end, redacted


def lift(s: Session, transcript: Transcript,
         words: Sequence[WordRow] | None = None) -> Lifted:
    """Take everything off the transcript's words (before they are deleted), by time.

    `words`: the transcript's words in order, when the caller has read them already."""
    words = _words_of(s, transcript.id) if words is None else list(words)
    position: dict[int | None, int] = {w[0]: i for i, w in enumerate(words)}
    spans: list[_Span] = []
    for model in _ANCHORED:
        ids = (select(Word.id).join(Segment, Segment.id == Word.segment_id)
               .where(Segment.transcript_id == transcript.id))  # a subquery: no id limit
        rows = _on_words(s, model, ids)
        for row in rows:
            a = position.get(row.first_word_id)
            b = position.get(row.last_word_id, a)
            a = b if a is None else a
            assert a is not None and b is not None  # the row was found by one of its words
            if a > b:
                a, b = b, a
            span = words[a:b + 1]
            shown = " ".join(REDACTED if w[4] else w[1] for w in span)
            spans.append(_Span(model, transcript.recording_id, row.id, words[a][2],
                               words[b][3], shown, " ".join(w[1] for w in span)))
        for row in rows:  # off the old words, so deleting them cascades nothing away
            row.first_word_id = row.last_word_id = None
    # What an earlier replacement could not place gets another chance on these new words.
    waiting = [*s.scalars(select(TouchPoint).where(
        TouchPoint.recording_id == transcript.recording_id, TouchPoint.needs_attention)),
        *s.scalars(select(Clip).where(Clip.anchor_recording_id == transcript.recording_id,
                                      Clip.needs_attention))]
    spans += [_Span(type(row), transcript.recording_id, row.id, row.anchor_start or 0.0,
                    row.anchor_end or 0.0, row.anchor_text, row.anchor_text)
              for row in waiting if row.first_word_id is None]
    s.flush()
    redacted = [(w[2], w[3], w[1]) for w in words if w[4]]
    return Lifted(spans, redacted)


def _match(starts: list[float], words: Sequence[tuple[int, str, float, float, bool]],
           start: float, end: float) -> tuple[int, int] | None:
    """Positions of the first and last new word spoken inside [start, end]."""
    lo = bisect.bisect_left(starts, start - 5.0)  # no word is longer than a few seconds
    hi = bisect.bisect_right(starts, end + TOLERANCE)
    near = range(lo, hi)

    def middle_within(slack: float) -> list[int]:
        return [i for i in near
                if start - slack <= (words[i][2] + words[i][3]) / 2 <= end + slack]

    inside = middle_within(0.0) or middle_within(TOLERANCE)
    if not inside:
        inside = [i for i in near if words[i][2] < end and words[i][3] > start]
    if not inside:
        return None
    return inside[0], inside[-1]


def place(s: Session, transcript: Transcript, lifted: Lifted) -> ReanchorReport:
    """Put lifted work on the new transcript's words; report what moved and what did not."""
    report = ReanchorReport()
    words = _words_of(s, transcript.id)
    starts = [w[2] for w in words]
    for span in lifted.spans:
        row = s.get(span.model, span.id)
        if row is None:
            continue
        if span.model is Suggestion and row.state == SuggestionState.PENDING:
            # made by the machine for the old words (its sentence is in it): on new words
            # it would suggest the wrong span; Suggest makes new ones for the new words
            s.delete(row)
            report.suggestions_dropped += 1
            continue
        found = _match(starts, words, span.start, span.end)
        kind = KIND_NAMES[span.model]
        if found is None:
            _mark_unplaced(row, span)
            if span.model is not Suggestion:
                report.unplaced.append(Placement(kind, span.id, span.start, span.end, span.text))
            continue
        a, b = found
        row.first_word_id, row.last_word_id = words[a][0], words[b][0]
        if span.model is Suggestion:
            continue
        waited = row.needs_attention
        _clear(row)
        new_words = words[a:b + 1]
        if waited:
            report.placed_again.append(Placement(kind, span.id, span.start, span.end,
                                                 span.text, " ".join(w[1] for w in new_words)))
            continue
        if _same(" ".join(w[1] for w in new_words), span.raw):
            report.unchanged += 1
        else:
            report.moved.append(Placement(
                kind, span.id, span.start, span.end, span.text,
                " ".join(REDACTED if w[4] or _redacted_at(lifted, w) else w[1]
                         for w in new_words)))
    _redact_again(s, words, starts, lifted.redacted, report)
    s.flush()
    return report


def _redacted_at(lifted: Lifted, word: tuple[int, str, float, float, bool]) -> bool:
    mid = (word[2] + word[3]) / 2
    return any(s - TOLERANCE <= mid <= e + TOLERANCE for s, e, _t in lifted.redacted)


def _mark_unplaced(row: TouchPoint | Clip | Suggestion, span: _Span) -> None:
    if isinstance(row, Suggestion):
        return  # a decided suggestion keeps its decision; with no words it shows nowhere
    row.needs_attention = True
    row.anchor_text, row.anchor_start, row.anchor_end = span.text, span.start, span.end
    if isinstance(row, Clip):
        row.anchor_recording_id = span.recording_id


def _redact_again(s: Session, words, starts, redacted, report: ReanchorReport) -> None:
    ids: set[int] = set()
    for start, end, text in redacted:
        found = _match(starts, words, start, end)
        if found is None:
            report.redactions_unplaced.append((start, end, text))
            continue
        near = range(found[0], found[1] + 1)
        same = [i for i in near if _same(words[i][1], text)]  # the same word, if it is there
        ids.update(words[i][0] for i in (same or near))
    for chunk in (sorted(ids)[i:i + 500] for i in range(0, len(ids), 500)):
        s.execute(update(Word).where(Word.id.in_(chunk)).values(redacted=True))
    report.redactions_kept = len(ids)


def _same(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace())
                        .split())
    return norm(a) == norm(b)


def repoint_word(s: Session, old_id: int, new_id: int) -> None:
    """Move every span that starts or ends on a word about to be deleted onto a neighbour
    (a merge of two words), so the delete cascades nothing away."""
    for model in _ANCHORED:
        s.execute(update(model).where(model.first_word_id == old_id)
                  .values(first_word_id=new_id))
        s.execute(update(model).where(model.last_word_id == old_id)
                  .values(last_word_id=new_id))


def attach(s: Session, row: TouchPoint | Clip, first_word_id: int, last_word_id: int) -> None:
    """Place a kept-but-unplaced item on words a person chose."""
    row.first_word_id, row.last_word_id = first_word_id, last_word_id
    _clear(row)


def _clear(row: TouchPoint | Clip) -> None:
    row.needs_attention, row.anchor_text = False, ""
    row.anchor_start = row.anchor_end = None
    if isinstance(row, Clip):
        row.anchor_recording_id = None


def place_again(store: ProjectStore, kind: str, ident: int) -> str:
    """Place a touch point or clip that needs attention on the words now spoken at its old
    time (after a person typed them in, or another transcript came); return its new words."""
    models: dict[str, type[TouchPoint] | type[Clip]] = {"touch point": TouchPoint,
                                                        "film clip": Clip}
    model = models[kind]
    with store.session() as s:
        row = fetch(s, model, ident, kind)
        if not row.needs_attention:
            raise EbcdError(f"{kind} {ident} is already on its words")
        rec_id = row.recording_id if isinstance(row, TouchPoint) else row.anchor_recording_id
        rec = s.get(Recording, rec_id) if rec_id else None
        start, end = row.anchor_start or 0.0, row.anchor_end or 0.0
        if rec is None or rec.transcript is None:
            raise EbcdError(f"{kind} {ident}: its recording has no transcript to place it on")
        words = _words_of(s, rec.transcript.id)
        found = _match([w[2] for w in words], words, start, end)
        if found is None:
            raise EbcdError(f"{kind} {ident}: there are still no words between "
                            f"{short_clock(start)} and {short_clock(end)} in the transcript of "
                            f"{rec.original_name}; type them into the transcript first, "
                            "or remove it")
        a, b = found
        attach(s, row, words[a][0], words[b][0])
        audit(s, "reanchor.place", f"{kind} {ident}")
        return " ".join(REDACTED if w[4] else w[1] for w in words[a:b + 1])
