"""An event (feedback, joint, celebration) as the pages and the packs read it: plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ebcd_app.domain.consent import Audience
from ebcd_app.domain.models import (
    EventKind,
    Role,
)

EVENT_KINDS = (EventKind.STAFF_FEEDBACK, EventKind.PATIENT_FEEDBACK, EventKind.JOINT,
               EventKind.CELEBRATION)


TITLES = {EventKind.STAFF_FEEDBACK: "Staff feedback event",
          EventKind.PATIENT_FEEDBACK: "Patient feedback event",
          EventKind.JOINT: "Joint patient and staff event",
          EventKind.CODESIGN_GROUP: "Co-design group",
          EventKind.CELEBRATION: "Celebration event"}


AUDIENCES = {EventKind.STAFF_FEEDBACK: Audience.STAFF,
             EventKind.PATIENT_FEEDBACK: Audience.PATIENTS,
             EventKind.JOINT: Audience.EVERYONE,
             EventKind.CODESIGN_GROUP: Audience.EVERYONE,
             EventKind.CELEBRATION: Audience.EVERYONE}


MAX_AGREED = 5  # EBCD joint events agree three to five priorities


@dataclass(frozen=True)
class AgendaItem:
    minutes: int
    item: str


@dataclass(frozen=True)
class PriorityView:
    id: int
    position: int
    title: str
    detail: str
    votes: int | None
    agreed: bool


@dataclass(frozen=True)
class EventView:
    id: int
    kind: EventKind
    title: str
    held_on: date | None
    starts_at: str
    place: str
    facilitators: tuple[str, ...]
    attendance: dict[Role, int]
    notes: str
    shared_stage_ids: tuple[int, ...]
    priorities: tuple[PriorityView, ...]

    @property
    def audience(self) -> Audience:
        return AUDIENCES[self.kind]

    @property
    def attended(self) -> int:
        return sum(self.attendance.values())

    @property
    def agreed(self) -> tuple[PriorityView, ...]:
        return tuple(p for p in self.priorities if p.agreed)

    def ranked(self) -> list[PriorityView]:
        """Most dots first; priorities not yet counted keep their order at the end."""
        return sorted(self.priorities, key=lambda p: (p.votes is None, -(p.votes or 0),
                                                      p.position))

