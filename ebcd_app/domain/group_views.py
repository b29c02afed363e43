"""A co-design group as the pages, the CLI and the group pack read it: plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ebcd_app.domain.board_row import ROLE_LABELS
from ebcd_app.domain.models import (
    ActionStatus,
    Role,
)
from ebcd_app.domain.runchart import RunChart, analyse


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str  # as typed, or the interviewee's pseudonym: never an interviewee's real name
    role: Role
    participant_id: int | None

    @property
    def label(self) -> str:
        return f"{self.name} ({ROLE_LABELS[self.role].lower()})" if self.name \
            else ROLE_LABELS[self.role]


@dataclass(frozen=True)
class MeetingView:
    id: int
    held_on: date
    attendees: int
    notes: str


@dataclass(frozen=True)
class ActionView:
    id: int
    what: str
    who: str
    due_on: date | None
    status: ActionStatus

    def overdue(self, today: date | None = None) -> bool:
        return (self.due_on is not None and self.status in (ActionStatus.OPEN,
                                                            ActionStatus.IN_PROGRESS)
                and self.due_on < (today or date.today()))


@dataclass(frozen=True)
class CycleView:
    id: int
    number: int
    title: str
    plan: str
    prediction: str
    happened: str
    learnt: str
    next_step: str
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class MeasureView:
    id: int
    name: str
    unit: str
    description: str
    higher_is_better: bool
    change_on: date | None
    values: tuple[tuple[int, date, float, str], ...]  # (id, on, value, note)

    def chart(self) -> RunChart:
        return analyse(self.name, self.unit, [(on, v) for _i, on, v, _n in self.values],
                       change_on=self.change_on)


@dataclass(frozen=True)
class GroupView:
    id: int
    name: str
    priority: str
    priority_id: int | None
    started_on: date | None
    changed: str
    next_steps: str
    members: tuple[MemberView, ...]
    meetings: tuple[MeetingView, ...]
    actions: tuple[ActionView, ...]
    cycles: tuple[CycleView, ...]
    measures: tuple[MeasureView, ...]



@dataclass(frozen=True)
class MeasurePreset:
    """A measure a co-design group can pick instead of defining its own."""

    key: str
    name: str
    unit: str
    higher_is_better: bool
    description: str


# Measures typical of staff wellbeing work (NHS Staff Survey, workforce returns, incident
# reporting), ready for a group's run chart.
STAFF_MEASURES = (
    MeasurePreset("engagement", "Staff survey engagement score", "score (0-10)", True,
                  "The NHS Staff Survey engagement theme for the team, each survey"),
    MeasurePreset("sickness", "Sickness absence", "%", False,
                  "Working days lost to sickness as a share of days available, each month"),
    MeasurePreset("turnover", "Staff turnover", "%", False,
                  "Leavers in the month as a share of staff in post"),
    MeasurePreset("violence", "Violence and aggression incidents reported", "incidents",
                  False, "Incidents of violence and aggression towards staff reported, "
                  "each month (more reporting can mean a safer culture at first)"),
    MeasurePreset("bank-agency", "Bank and agency shifts", "shifts", False,
                  "Shifts filled by bank or agency staff, each month"),
)
