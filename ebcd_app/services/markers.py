"""Live markers: one key during an interview or playback flags a moment to come back to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.models import Marker, MarkerState, Recording
from ebcd_app.services.touchpoints import (
    TouchPointChanged,
    TouchPointData,
    add_touchpoint,
    words_between,
)
from ebcd_app.store.db import ProjectStore

CONTEXT_BEFORE = 6.0  # a marker is dropped just after the moment it flags
CONTEXT_AFTER = 2.0


@dataclass(frozen=True)
class MarkerInfo:
    id: int
    recording_id: int | None
    recording_name: str
    at_seconds: float | None
    created_at: datetime
    label: str
    state: MarkerState


@dataclass(frozen=True)
class MarkersChanged:
    recording_id: int | None


def add_marker(store: ProjectStore, *, recording_id: int | None, at_seconds: float | None,
               label: str = "") -> MarkersChanged:
    with store.session() as s:
        if recording_id is not None and s.get(Recording, recording_id) is None:
            raise NotFoundError(f"no recording with id {recording_id}")
        s.add(Marker(recording_id=recording_id, at_seconds=at_seconds, label=label.strip()))
    return MarkersChanged(recording_id)


def list_markers(store: ProjectStore, state: MarkerState | None = MarkerState.OPEN
                 ) -> list[MarkerInfo]:
    with store.session() as s:
        q = select(Marker).order_by(Marker.created_at, Marker.id)
        if state is not None:
            q = q.where(Marker.state == state)
        names: dict[int | None, str] = dict(
            s.execute(select(Recording.id, Recording.original_name)).tuples().all())
        return [MarkerInfo(m.id, m.recording_id, names.get(m.recording_id, ""),
                           m.at_seconds, m.created_at, m.label, m.state)
                for m in s.scalars(q)]


def dismiss_marker(store: ProjectStore, marker_id: int) -> MarkersChanged:
    with store.session() as s:
        m = s.get(Marker, marker_id)
        if m is None:
            raise NotFoundError(f"no marker with id {marker_id}")
        m.state = MarkerState.DISMISSED
        return MarkersChanged(m.recording_id)


def marker_words(store: ProjectStore, marker_id: int) -> list[int]:
    """The words around a marker: what the touch point made from it starts with."""
    with store.session() as s:
        m = s.get(Marker, marker_id)
        if m is None:
            raise NotFoundError(f"no marker with id {marker_id}")
        rec_id, at = m.recording_id, m.at_seconds
    if rec_id is None or at is None:
        raise EbcdError("this marker was dropped with no recording playing; tag the moment "
                        "in the transcript once the recording is imported")
    ids = words_between(store, rec_id, max(0.0, at - CONTEXT_BEFORE), at + CONTEXT_AFTER)
    if not ids:
        raise EbcdError("no transcribed words near this marker yet")
    return list(ids)


def convert_marker(store: ProjectStore, marker_id: int, data: TouchPointData
                   ) -> TouchPointChanged:
    """Make the marker a touch point (its words from `marker_words` unless data has some)."""
    if data.first_word_id is None:
        ids = marker_words(store, marker_id)
        data = TouchPointData(**{**data.__dict__, "first_word_id": ids[0],
                                 "last_word_id": ids[-1]})
    change = add_touchpoint(store, data)
    with store.session() as s:
        m = s.get(Marker, marker_id)
        if m is not None:
            m.state, m.touchpoint_id = MarkerState.CONVERTED, change.touchpoint_id
    return change
