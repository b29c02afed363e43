"""The events (staff, patient, joint, celebration) and the co-design groups that follow
them: members, meetings, actions, PDSA cycles and the measures drawn as run charts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ebcd_app.domain.base import Base, enum_column
from ebcd_app.domain.enums import ActionStatus, EventKind, PledgeKind, Role


class Event(Base):
    """A feedback, joint or celebration event: what was put to the room and agreed."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    held_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[str] = mapped_column(String(5), default="10:00")  # "HH:MM", local
    facilitators: Mapped[list[str]] = mapped_column(JSON, default=list)
    attendance: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # role -> count
    notes: Mapped[str] = mapped_column(Text, default="")
    # staff event: the staff journey stages staff agreed to share with patients (or, in a
    # staff-experience project, with senior leaders), and the touch points in them that
    # staff asked to keep among themselves
    shared_stage_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    withheld_touchpoint_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    priorities: Mapped[list[EventPriority]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="EventPriority.position")


class EventPriority(Base):
    """A candidate priority put to the room; votes are the dots counted after the event."""

    __tablename__ = "event_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    votes: Mapped[int | None] = mapped_column(Integer)  # None: not counted yet
    agreed: Mapped[bool] = mapped_column(Boolean, default=False)

    event: Mapped[Event] = relationship(back_populates="priorities")


class AgendaTemplate(Base):
    """The project's agenda for one kind of event (seeded from ebcd_app/resources/agendas)."""

    __tablename__ = "agenda_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), unique=True)
    items: Mapped[list[dict]] = mapped_column(JSON, default=list)  # {"minutes", "item"}


class CodesignGroup(Base):
    """A co-design group working on one agreed priority (EBCD stage 7)."""

    __tablename__ = "codesign_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str] = mapped_column(Text, default="")
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_priorities.id", ondelete="SET NULL"))
    started_on: Mapped[date | None] = mapped_column(Date)
    changed: Mapped[str] = mapped_column(Text, default="")  # what changed (celebration)
    next_steps: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    members: Mapped[list[GroupMember]] = relationship(
        cascade="all, delete-orphan", order_by="GroupMember.id")
    meetings: Mapped[list[GroupMeeting]] = relationship(
        cascade="all, delete-orphan", order_by="GroupMeeting.held_on")
    actions: Mapped[list[GroupAction]] = relationship(
        cascade="all, delete-orphan", order_by="GroupAction.position")
    cycles: Mapped[list[PdsaCycle]] = relationship(
        cascade="all, delete-orphan", order_by="PdsaCycle.number")
    measures: Mapped[list[Measure]] = relationship(
        cascade="all, delete-orphan", order_by="Measure.id")


class GroupMember(Base):
    """A patient, carer or member of staff in a group; an interviewee links to the person."""

    __tablename__ = "group_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role))


class GroupMeeting(Base):
    __tablename__ = "group_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class GroupAction(Base):
    __tablename__ = "group_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus),
                                                 default=ActionStatus.OPEN)


class PdsaCycle(Base):
    """Plan-Do-Study-Act: one small test of change."""

    __tablename__ = "pdsa_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    prediction: Mapped[str] = mapped_column(Text, default="")
    happened: Mapped[str] = mapped_column(Text, default="")  # Do
    learnt: Mapped[str] = mapped_column(Text, default="")  # Study
    next_step: Mapped[str] = mapped_column(Text, default="")  # Act
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class Measure(Base):
    """A named series of dated values a group tracks, drawn as a run chart."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    change_on: Mapped[date | None] = mapped_column(Date)  # when the change was introduced

    values: Mapped[list[MeasureValue]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureValue.on")


class MeasureValue(Base):
    __tablename__ = "measure_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")


class Pledge(Base):
    """What someone at an event committed to: a 15% solution (what I will do, by when) or
    a senior leader's commitment (an action with an owner and a date)."""

    __tablename__ = "pledges"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[PledgeKind] = mapped_column(enum_column(PledgeKind))
    who: Mapped[str] = mapped_column(String(200), default="")
    what: Mapped[str] = mapped_column(Text)
    by_when: Mapped[date | None] = mapped_column(Date)


class FeedbackForm(Base):
    """One attendee's form after an event: 1-5 for the session and for its use, a comment."""

    __tablename__ = "feedback_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    session: Mapped[int | None] = mapped_column(Integer)
    useful: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
