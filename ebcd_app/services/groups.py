"""Co-design groups (EBCD stage 7): members, meetings, actions, PDSA cycles and measures.

Groups run for months; everything here is small, immediately saved edits so a facilitator
can record a meeting as it happens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.group_views import (
    STAFF_MEASURES,
    ActionView,
    CycleView,
    GroupView,
    MeasureView,
    MeetingView,
    MemberView,
)
from ebcd_app.domain.models import (
    ActionStatus,
    CodesignGroup,
    GroupAction,
    GroupMeeting,
    GroupMember,
    Measure,
    MeasureValue,
    Participant,
    PdsaCycle,
    Role,
)
from ebcd_app.domain.runchart import RunChart, analyse
from ebcd_app.store.db import ProjectStore, fetch


def _group(s: Session, group_id: int) -> CodesignGroup:
    return fetch(s, CodesignGroup, group_id, "co-design group")


def _member_view(m: GroupMember, people: dict[int, Participant]) -> MemberView:
    person = people.get(m.participant_id) if m.participant_id else None
    name = (person.pseudonym if person is not None else m.name) or ""
    return MemberView(m.id, name, m.role, m.participant_id)


def _view(g: CodesignGroup, people: dict[int, Participant]) -> GroupView:
    return GroupView(
        g.id, g.name, g.priority, g.priority_id, g.started_on, g.changed, g.next_steps,
        tuple(_member_view(m, people) for m in g.members),
        tuple(MeetingView(m.id, m.held_on, m.attendees, m.notes) for m in g.meetings),
        tuple(ActionView(a.id, a.what, a.who, a.due_on, a.status) for a in g.actions),
        tuple(CycleView(c.id, c.number, c.title, c.plan, c.prediction, c.happened, c.learnt,
                        c.next_step, c.started_on, c.ended_on) for c in g.cycles),
        tuple(MeasureView(m.id, m.name, m.unit, m.description, m.higher_is_better,
                          m.change_on, tuple((v.id, v.on, v.value, v.note) for v in m.values))
              for m in g.measures))


def list_groups(store: ProjectStore) -> list[GroupView]:
    with store.session() as s:
        people = {p.id: p for p in s.scalars(select(Participant))}
        groups = s.scalars(select(CodesignGroup).order_by(CodesignGroup.position,
                                                          CodesignGroup.id).options(
            selectinload(CodesignGroup.members), selectinload(CodesignGroup.meetings),
            selectinload(CodesignGroup.actions), selectinload(CodesignGroup.cycles),
            selectinload(CodesignGroup.measures).selectinload(Measure.values)))
        return [_view(g, people) for g in groups]


def group(store: ProjectStore, group_id: int) -> GroupView:
    with store.session() as s:
        people = {p.id: p for p in s.scalars(select(Participant))}
        return _view(_group(s, group_id), people)


def resolve_group(store: ProjectStore, ref: str) -> int:
    """A group named by id or by (the start of) its name, as the CLI takes it."""
    groups = list_groups(store)
    if ref.isdigit() and any(g.id == int(ref) for g in groups):
        return int(ref)
    hits = [g for g in groups if g.name.lower().startswith(ref.strip().lower())]
    if len(hits) == 1:
        return hits[0].id
    if not hits:
        raise NotFoundError(f"no co-design group '{ref}'")
    raise EbcdError(f"'{ref}' matches {len(hits)} groups: "
                    + ", ".join(g.name for g in hits))


def add_group(store: ProjectStore, name: str, *, priority: str = "",
              started_on: date | None = None) -> int:
    name = " ".join(name.split())
    if not name:
        raise EbcdError("a co-design group needs a name")
    with store.session() as s:
        if any(g.name.lower() == name.lower() for g in s.scalars(select(CodesignGroup))):
            raise EbcdError(f"there is already a co-design group '{name}'")
        count = len(s.scalars(select(CodesignGroup.id)).all())
        g = CodesignGroup(name=name, priority=priority.strip() or name,
                          started_on=started_on, changed="", next_steps="", position=count)
        s.add(g)
        s.flush()
        return g.id


def update_group(store: ProjectStore, group_id: int, *, name: str | None = None,
                 priority: str | None = None, started_on: date | None = None,
                 clear_start: bool = False, changed: str | None = None,
                 next_steps: str | None = None) -> None:
    with store.session() as s:
        g = _group(s, group_id)
        if name is not None:
            if not name.strip():
                raise EbcdError("a co-design group needs a name")
            g.name = " ".join(name.split())
        if priority is not None:
            g.priority = priority.strip()
        if started_on is not None or clear_start:
            g.started_on = started_on
        if changed is not None:
            g.changed = changed
        if next_steps is not None:
            g.next_steps = next_steps


def delete_group(store: ProjectStore, group_id: int) -> None:
    with store.session() as s:
        s.delete(_group(s, group_id))


def add_member(store: ProjectStore, group_id: int, *, role: Role, name: str = "",
               participant_id: int | None = None) -> int:
    """A member by name, or an interviewee (shown in packs by pseudonym, never by name)."""
    with store.session() as s:
        g = _group(s, group_id)
        if participant_id is not None:
            person = fetch(s, Participant, participant_id, "participant")
            role = person.role
            name = ""
        elif not name.strip():
            raise EbcdError("a group member needs a name (or choose an interviewee)")
        m = GroupMember(group_id=g.id, participant_id=participant_id, name=name.strip(),
                        role=role)
        s.add(m)
        s.flush()
        return m.id


def remove_member(store: ProjectStore, member_id: int) -> None:
    with store.session() as s:
        s.delete(fetch(s, GroupMember, member_id, "group member"))


def add_meeting(store: ProjectStore, group_id: int, held_on: date, notes: str = "",
                attendees: int = 0) -> int:
    if attendees < 0:
        raise EbcdError("attendance cannot be negative")
    with store.session() as s:
        _group(s, group_id)
        m = GroupMeeting(group_id=group_id, held_on=held_on, notes=notes, attendees=attendees)
        s.add(m)
        s.flush()
        return m.id


def update_meeting(store: ProjectStore, meeting_id: int, *, held_on: date | None = None,
                   notes: str | None = None, attendees: int | None = None) -> None:
    with store.session() as s:
        m = fetch(s, GroupMeeting, meeting_id, "meeting")
        if held_on is not None:
            m.held_on = held_on
        if notes is not None:
            m.notes = notes
        if attendees is not None:
            m.attendees = attendees


def delete_meeting(store: ProjectStore, meeting_id: int) -> None:
    with store.session() as s:
        s.delete(fetch(s, GroupMeeting, meeting_id, "meeting"))


def parse_status(text: str) -> ActionStatus:
    key = text.strip().lower().replace("-", " ").replace("_", " ")
    try:
        return ActionStatus(key)
    except ValueError:
        choices = ", ".join(a.value for a in ActionStatus)
        raise EbcdError(f"unknown action status '{text}' (choose from: {choices})") from None


def add_action(store: ProjectStore, group_id: int, what: str, *, who: str = "",
               due_on: date | None = None,
               status: ActionStatus = ActionStatus.OPEN) -> int:
    if not what.strip():
        raise EbcdError("an action needs to say what is to be done")
    with store.session() as s:
        g = _group(s, group_id)
        a = GroupAction(group_id=g.id, what=what.strip(), who=who.strip(), due_on=due_on,
                        status=status, position=len(g.actions))
        s.add(a)
        s.flush()
        return a.id


def update_action(store: ProjectStore, action_id: int, *, what: str | None = None,
                  who: str | None = None, due_on: date | None = None,
                  clear_due: bool = False, status: ActionStatus | None = None) -> None:
    with store.session() as s:
        a = fetch(s, GroupAction, action_id, "action")
        if what is not None:
            if not what.strip():
                raise EbcdError("an action needs to say what is to be done")
            a.what = what.strip()
        if who is not None:
            a.who = who.strip()
        if due_on is not None or clear_due:
            a.due_on = due_on
        if status is not None:
            a.status = status


def delete_action(store: ProjectStore, action_id: int) -> None:
    with store.session() as s:
        s.delete(fetch(s, GroupAction, action_id, "action"))


CYCLE_FIELDS = ("title", "plan", "prediction", "happened", "learnt", "next_step",
                "started_on", "ended_on")


def add_cycle(store: ProjectStore, group_id: int, title: str, **fields: object) -> int:
    """A new PDSA cycle, numbered after the group's last."""
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise EbcdError(f"unknown PDSA field(s): {', '.join(sorted(unknown))}")
    with store.session() as s:
        g = _group(s, group_id)
        number = max((c.number for c in g.cycles), default=0) + 1
        c = PdsaCycle(group_id=g.id, number=number, title=title.strip(), plan="",
                      prediction="", happened="", learnt="", next_step="")
        for key, value in fields.items():
            setattr(c, key, value)
        s.add(c)
        s.flush()
        return c.id


def update_cycle(store: ProjectStore, cycle_id: int, **fields: object) -> None:
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise EbcdError(f"unknown PDSA field(s): {', '.join(sorted(unknown))}")
    with store.session() as s:
        c = fetch(s, PdsaCycle, cycle_id, "PDSA cycle")
        for key, value in fields.items():
            setattr(c, key, value)
        if c.started_on and c.ended_on and c.ended_on < c.started_on:
            raise EbcdError(f"PDSA cycle {c.number} ends ({c.ended_on}) before it starts "
                            f"({c.started_on})")


def delete_cycle(store: ProjectStore, cycle_id: int) -> None:
    with store.session() as s:
        s.delete(fetch(s, PdsaCycle, cycle_id, "PDSA cycle"))


def add_preset_measure(store: ProjectStore, group_id: int, key: str, *,
                       change_on: date | None = None) -> int:
    """Add one of the staff-wellbeing measures (STAFF_MEASURES) to a group."""
    preset = next((p for p in STAFF_MEASURES if p.key == key), None)
    if preset is None:
        raise EbcdError(f"no measure preset '{key}' (choose from: "
                        + ", ".join(p.key for p in STAFF_MEASURES) + ")")
    return add_measure(store, group_id, preset.name, unit=preset.unit,
                       description=preset.description,
                       higher_is_better=preset.higher_is_better, change_on=change_on)


def add_measure(store: ProjectStore, group_id: int, name: str, *, unit: str = "",
                description: str = "", higher_is_better: bool = True,
                change_on: date | None = None) -> int:
    name = " ".join(name.split())
    if not name:
        raise EbcdError("a measure needs a name")
    with store.session() as s:
        g = _group(s, group_id)
        if any(m.name.lower() == name.lower() for m in g.measures):
            raise EbcdError(f"the group already has a measure '{name}'")
        m = Measure(group_id=g.id, name=name, unit=unit.strip(), description=description,
                    higher_is_better=higher_is_better, change_on=change_on)
        s.add(m)
        s.flush()
        return m.id


def update_measure(store: ProjectStore, measure_id: int, *, name: str | None = None,
                   unit: str | None = None, description: str | None = None,
                   higher_is_better: bool | None = None, change_on: date | None = None,
                   clear_change: bool = False) -> None:
    with store.session() as s:
        m = fetch(s, Measure, measure_id, "measure")
        if name is not None:
            if not name.strip():
                raise EbcdError("a measure needs a name")
            m.name = " ".join(name.split())
        if unit is not None:
            m.unit = unit.strip()
        if description is not None:
            m.description = description
        if higher_is_better is not None:
            m.higher_is_better = higher_is_better
        if change_on is not None or clear_change:
            m.change_on = change_on


def delete_measure(store: ProjectStore, measure_id: int) -> None:
    with store.session() as s:
        s.delete(fetch(s, Measure, measure_id, "measure"))


def add_values(store: ProjectStore, measure_id: int,
               values: Iterable[tuple[date, float] | tuple[date, float, str]]) -> int:
    """Record values; a value for a date already recorded replaces it (a correction)."""
    items = list(values)
    for item in items:
        if not isinstance(item[1], int | float) or item[1] != item[1]:
            raise EbcdError(f"the value for {item[0]} is not a number")
    with store.session() as s:
        m = fetch(s, Measure, measure_id, "measure")
        by_date = {v.on: v for v in m.values}
        for item in items:
            on, value = item[0], float(item[1])
            note = item[2] if len(item) > 2 else ""
            if on in by_date:
                by_date[on].value = value
                by_date[on].note = note
            else:
                v = MeasureValue(on=on, value=value, note=note)
                m.values.append(v)
                by_date[on] = v
        return len(items)


def delete_value(store: ProjectStore, value_id: int) -> None:
    with store.session() as s:
        s.delete(fetch(s, MeasureValue, value_id, "measure value"))


def measure_chart(store: ProjectStore, measure_id: int) -> RunChart:
    with store.session() as s:
        m = fetch(s, Measure, measure_id, "measure")
        return analyse(m.name, m.unit, [(v.on, v.value) for v in m.values],
                       change_on=m.change_on)
