"""An event (feedback, joint, celebration) as the pages and the packs read it: plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ebcd_app.domain.consent import Audience
from ebcd_app.domain.models import (
    EventKind,
    ProjectKind,
    Role,
)

# The events of each kind of project, in EBCD's order: patient experience feeds back to
# staff, then to patients, then both together; staff experience feeds back to staff, then
# senior leaders listen, then staff of all levels meet them.
EVENTS_BY_PROJECT: dict[ProjectKind, tuple[EventKind, ...]] = {
    ProjectKind.PATIENT_EXPERIENCE: (EventKind.STAFF_FEEDBACK, EventKind.PATIENT_FEEDBACK,
                                     EventKind.JOINT, EventKind.CELEBRATION),
    ProjectKind.STAFF_EXPERIENCE: (EventKind.STAFF_FEEDBACK, EventKind.LEADERSHIP_LISTENING,
                                   EventKind.JOINT_LEADERSHIP, EventKind.CELEBRATION),
}
# every event with a record of its own (co-design groups have theirs)
EVENT_KINDS = (EventKind.STAFF_FEEDBACK, EventKind.PATIENT_FEEDBACK, EventKind.JOINT,
               EventKind.CELEBRATION, EventKind.LEADERSHIP_LISTENING,
               EventKind.JOINT_LEADERSHIP)
# the joint events agree the priorities that become co-design groups
JOINT_KINDS = (EventKind.JOINT, EventKind.JOINT_LEADERSHIP)


TITLES = {EventKind.STAFF_FEEDBACK: "Staff feedback event",
          EventKind.PATIENT_FEEDBACK: "Patient feedback event",
          EventKind.JOINT: "Joint patient and staff event",
          EventKind.CODESIGN_GROUP: "Co-design group",
          EventKind.CELEBRATION: "Celebration event",
          EventKind.LEADERSHIP_LISTENING: "Leadership listening event",
          EventKind.JOINT_LEADERSHIP: "Joint staff and leadership event"}


AUDIENCES = {EventKind.STAFF_FEEDBACK: Audience.STAFF,
             EventKind.PATIENT_FEEDBACK: Audience.PATIENTS,
             EventKind.JOINT: Audience.EVERYONE,
             EventKind.CODESIGN_GROUP: Audience.EVERYONE,
             EventKind.CELEBRATION: Audience.EVERYONE,
             EventKind.LEADERSHIP_LISTENING: Audience.LEADERSHIP,
             EventKind.JOINT_LEADERSHIP: Audience.STAFF_AND_LEADERSHIP}
# in a staff-experience project, what is shared beyond colleagues goes to senior leaders
STAFF_PROJECT_AUDIENCES = {**AUDIENCES,
                           EventKind.CODESIGN_GROUP: Audience.STAFF_AND_LEADERSHIP,
                           EventKind.CELEBRATION: Audience.STAFF_AND_LEADERSHIP}


def audience_for(kind: EventKind, project: ProjectKind) -> Audience:
    """Who an event's pack is for, in this kind of project."""
    table = STAFF_PROJECT_AUDIENCES if project == ProjectKind.STAFF_EXPERIENCE else AUDIENCES
    return table[kind]


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



@dataclass(frozen=True)
class PledgeView:
    """A 15% solution or a leader's commitment, as packs print it."""

    id: int
    event: EventKind
    kind: str  # PledgeKind's value: "15% solution" or "commitment"
    who: str
    what: str
    by_when: date | None


@dataclass(frozen=True)
class FeedbackSummary:
    """An event's feedback forms: how many, the median of each 1-5 scale, the comments."""

    event: EventKind
    title: str
    forms: int
    session_median: float | None
    useful_median: float | None
    session_counts: tuple[int, int, int, int, int]  # how many gave 1, 2, 3, 4, 5
    useful_counts: tuple[int, int, int, int, int]
    comments: tuple[str, ...]
