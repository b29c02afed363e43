"""Field notes from observing the clinical area (EBCD stage 1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ebcd_app.core.db import ProjectStore
from ebcd_app.core.errors import EbcdError
from ebcd_app.core.models import ObservationNote


def add_note(store: ProjectStore, *, text: str, observed_at: datetime | None = None,
             place: str = "", author: str = "") -> int:
    if not text.strip():
        raise EbcdError("a field note needs some text")
    with store.session() as s:
        note = ObservationNote(observed_at=observed_at or datetime.now().replace(microsecond=0),
                               place=place.strip(), text=text.strip(), author=author)
        s.add(note)
        s.flush()
        return note.id


def list_notes(store: ProjectStore) -> list[ObservationNote]:
    with store.session() as s:
        return list(s.scalars(select(ObservationNote).order_by(ObservationNote.observed_at)))
