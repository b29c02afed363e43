"""Touch points: a span of transcript words (or of a field note) with stage and feeling.

One function per action, each returning what changed; deleting returns a snapshot that
`restore_touchpoint` puts back, so the GUI's undo never needs SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.models import (
    JourneyStage,
    ObservationNote,
    Segment,
    Sentiment,
    TouchPoint,
    Transcript,
    Word,
)
from ebcd_app.services import word_spans
from ebcd_app.services.projects import audit
from ebcd_app.services.vocabulary import themes_by_name
from ebcd_app.store.db import ProjectStore


@dataclass(frozen=True)
class TouchPointChanged:
    touchpoint_id: int
    recording_id: int | None
    note_id: int | None = None


@dataclass(frozen=True)
class TouchPointData:
    """Everything a touch point says; also the snapshot an undo restores."""

    recording_id: int | None = None
    first_word_id: int | None = None
    last_word_id: int | None = None
    note_id: int | None = None
    note_start: int | None = None
    note_end: int | None = None
    stage_id: int | None = None
    sentiment: Sentiment | None = None
    emotion: str = ""
    themes: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    author: str = ""
    is_quote: bool = False
    # Kept from a replaced transcript with no words where it was (see reanchor).
    needs_attention: bool = False
    anchor_text: str = ""
    anchor_start: float | None = None
    anchor_end: float | None = None


@dataclass(frozen=True)
class TouchPointSpan:
    """A touch point as the transcript view draws it."""

    id: int
    first_word_id: int
    last_word_id: int
    data: TouchPointData
    stage: str


def _word_position(s, word_id: int) -> word_spans.WordAt:
    """(recording, transcript, segment idx, word idx) of a word, to order and check spans."""
    at = word_spans.positions(s, [word_id]).get(word_id)
    if at is None:
        raise NotFoundError(f"no word with id {word_id}")
    return at


def _validate(s, data: TouchPointData) -> TouchPointData:
    if data.note_id is not None:
        note = s.get(ObservationNote, data.note_id)
        if note is None:
            raise NotFoundError(f"no field note with id {data.note_id}")
        start = data.note_start or 0
        end = len(note.text) if data.note_end is None else data.note_end
        if not 0 <= start < end <= len(note.text):
            raise EbcdError("the selected text is not inside the field note")
        return replace(data, note_start=start, note_end=end, recording_id=None,
                       first_word_id=None, last_word_id=None)
    if data.first_word_id is None and data.needs_attention and data.recording_id:
        return data  # still waiting to be placed on words: only what it says changes
    if data.first_word_id is None:
        raise EbcdError("a touch point needs words of a transcript or text of a field note")
    last = data.last_word_id or data.first_word_id
    a, b = _word_position(s, data.first_word_id), _word_position(s, last)
    if a[:2] != b[:2]:
        raise EbcdError("a touch point's words must come from one transcript")
    first, last = (data.first_word_id, last) if a[2:] <= b[2:] else (last, data.first_word_id)
    if data.stage_id is not None and s.get(JourneyStage, data.stage_id) is None:
        raise NotFoundError(f"no journey stage with id {data.stage_id}")
    return replace(data, first_word_id=first, last_word_id=last, recording_id=a[0],
                   needs_attention=False, anchor_text="", anchor_start=None, anchor_end=None)


def _apply(s, tp: TouchPoint, data: TouchPointData) -> None:
    for name in ("recording_id", "first_word_id", "last_word_id", "note_id", "note_start",
                 "note_end", "stage_id", "sentiment", "emotion", "note", "author", "is_quote",
                 "needs_attention", "anchor_text", "anchor_start", "anchor_end"):
        setattr(tp, name, getattr(data, name))
    tp.emotion = (data.emotion or "").strip().lower()
    tp.themes = themes_by_name(s, list(data.themes))


def _data(tp: TouchPoint) -> TouchPointData:
    return TouchPointData(tp.recording_id, tp.first_word_id, tp.last_word_id, tp.note_id,
                          tp.note_start, tp.note_end, tp.stage_id, tp.sentiment, tp.emotion,
                          tuple(t.name for t in tp.themes), tp.note, tp.author, tp.is_quote,
                          tp.needs_attention, tp.anchor_text, tp.anchor_start, tp.anchor_end)


def add_touchpoint(store: ProjectStore, data: TouchPointData) -> TouchPointChanged:
    with store.session() as s:
        data = _validate(s, data)
        tp = TouchPoint()
        _apply(s, tp, data)
        s.add(tp)
        s.flush()
        audit(s, "touchpoint.add", f"touch point {tp.id}", actor=data.author)
        return TouchPointChanged(tp.id, tp.recording_id, tp.note_id)


def get_touchpoint(store: ProjectStore, touchpoint_id: int) -> TouchPointData:
    with store.session() as s:
        tp = s.get(TouchPoint, touchpoint_id)
        if tp is None:
            raise NotFoundError(f"no touch point with id {touchpoint_id}")
        return _data(tp)


def update_touchpoint(store: ProjectStore, touchpoint_id: int, data: TouchPointData
                      ) -> tuple[TouchPointChanged, TouchPointData]:
    """Replace what the touch point says; return the change and the previous data."""
    with store.session() as s:
        tp = s.get(TouchPoint, touchpoint_id)
        if tp is None:
            raise NotFoundError(f"no touch point with id {touchpoint_id}")
        before = _data(tp)
        _apply(s, tp, _validate(s, data))
        return TouchPointChanged(tp.id, tp.recording_id, tp.note_id), before


def delete_touchpoint(store: ProjectStore, touchpoint_id: int
                      ) -> tuple[TouchPointChanged, TouchPointData]:
    with store.session() as s:
        tp = s.get(TouchPoint, touchpoint_id)
        if tp is None:
            raise NotFoundError(f"no touch point with id {touchpoint_id}")
        before = _data(tp)
        change = TouchPointChanged(tp.id, tp.recording_id, tp.note_id)
        s.delete(tp)
        audit(s, "touchpoint.delete", f"touch point {touchpoint_id}")
        return change, before


def restore_touchpoint(store: ProjectStore, touchpoint_id: int, data: TouchPointData
                       ) -> TouchPointChanged:
    """Put a deleted touch point back under its old id (what undoing a delete does)."""
    with store.session() as s:
        tp = TouchPoint(id=touchpoint_id)
        _apply(s, tp, _validate(s, data))
        s.add(tp)
        s.flush()
        return TouchPointChanged(tp.id, tp.recording_id, tp.note_id)


def recording_spans(store: ProjectStore, recording_id: int) -> list[TouchPointSpan]:
    with store.session() as s:
        rows = s.scalars(select(TouchPoint).where(TouchPoint.recording_id == recording_id)
                         .order_by(TouchPoint.id)).all()
        stage_names: dict[int | None, str] = dict(
            s.execute(select(JourneyStage.id, JourneyStage.name)).tuples().all())
        return [TouchPointSpan(tp.id, tp.first_word_id, tp.last_word_id, _data(tp),
                               stage_names.get(tp.stage_id, ""))
                for tp in rows if tp.first_word_id and tp.last_word_id]


def note_spans(store: ProjectStore, note_id: int) -> list[tuple[int, TouchPointData]]:
    with store.session() as s:
        rows = s.scalars(select(TouchPoint).where(TouchPoint.note_id == note_id)).all()
        return [(tp.id, _data(tp)) for tp in rows]


def parse_sentiment(text: str | None) -> Sentiment | None:
    if not text:
        return None
    try:
        return Sentiment(text.strip().lower())
    except ValueError:
        raise EbcdError(f"unknown sentiment '{text}' (positive, negative or mixed)") from None


def words_between(store: ProjectStore, recording_id: int, start: float, end: float
                  ) -> Sequence[int]:
    """Ids of the words spoken between two times (for markers and the CLI)."""
    with store.session() as s:
        return list(s.scalars(
            select(Word.id).join(Segment, Segment.id == Word.segment_id)
            .join(Transcript, Transcript.id == Segment.transcript_id)
            .where(Transcript.recording_id == recording_id, Word.end > start,
                   Word.start < end).order_by(Segment.idx, Word.idx)))
