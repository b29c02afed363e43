"""Field notes from observing the clinical area (EBCD stage 1)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import ObservationNote
from ebcd_app.store.db import ProjectStore

DATE_HELP = ("YYYY-MM-DD HH:MM (or YYYY-MM-DDTHH:MM, or a date alone), or today / "
             "yesterday with an optional HH:MM")
_RELATIVE = re.compile(r"^(today|yesterday|now)(?:[ T]+(\d{1,2}):(\d{2}))?$")


def parse_observed_at(text: str, now: datetime | None = None) -> datetime:
    """When a note was observed, as a facilitator types it; a clear EbcdError otherwise.

    "yesterday" alone is yesterday at this time of day (notes are often typed up the next
    morning); "yesterday 14:30" names the time.
    """
    now = (now or datetime.now()).replace(microsecond=0)
    cleaned = " ".join(text.strip().lower().split())
    m = _RELATIVE.match(cleaned)
    try:
        if m:
            day = now - timedelta(days=1) if m.group(1) == "yesterday" else now
            if m.group(2) is None:
                return day
            return day.replace(hour=int(m.group(2)), minute=int(m.group(3)), second=0)
        return datetime.fromisoformat(cleaned)
    except ValueError:
        raise EbcdError(f"cannot read the date '{text}' (use {DATE_HELP})") from None


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
