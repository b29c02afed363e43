"""The feedback, joint and celebration events (EBCD stages 4, 5, 6 and 8).

Each kind of event has one record per project: what the room saw, who came, the priorities
put to it, the dots they got and the priorities agreed. The staff event also decides which
areas of the staff journey patients may see; every patient-facing pack reads that here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ebcd_app.basics.errors import EbcdError
from ebcd_app.basics.resources import resources_dir
from ebcd_app.domain.consent import Audience
from ebcd_app.domain.event_views import (  # noqa: F401
    AUDIENCES,
    EVENT_KINDS,
    EVENTS_BY_PROJECT,
    JOINT_KINDS,
    MAX_AGREED,
    TITLES,
    AgendaItem,
    EventView,
    PriorityView,
    audience_for,
)
from ebcd_app.domain.models import (
    AgendaTemplate,
    CodesignGroup,
    Event,
    EventKind,
    EventPriority,
    JourneyStage,
    JourneyType,
    ProjectKind,
    Role,
    Sentiment,
)
from ebcd_app.services.projects import project_info
from ebcd_app.store.db import ProjectStore, fetch

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def project_kind(store: ProjectStore) -> ProjectKind:
    return project_info(store).kind


def kinds(store: ProjectStore) -> tuple[EventKind, ...]:
    """The project's events, in order (they differ for staff experience)."""
    return EVENTS_BY_PROJECT[project_kind(store)]


def audience(store: ProjectStore, kind: EventKind) -> Audience:
    """Who this event's pack is for, in this project."""
    return audience_for(kind, project_kind(store))


def joint_kind(store: ProjectStore) -> EventKind:
    """The project's joint event, whose agreed priorities start the co-design groups."""
    return next(k for k in kinds(store) if k in JOINT_KINDS)


SHORT_NAMES = {EventKind.STAFF_FEEDBACK: "staff", EventKind.PATIENT_FEEDBACK: "patient",
               EventKind.LEADERSHIP_LISTENING: "leadership"}


def parse_kind(text: str, allowed: Sequence[EventKind] = EVENTS_BY_PROJECT[
        ProjectKind.PATIENT_EXPERIENCE]) -> EventKind:
    """An event by its short name ("staff", "joint"), among the project's events
    (`allowed`, from `kinds`); "joint" is the project's joint event, whichever it is."""
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {**{v: k for k, v in SHORT_NAMES.items()},
               "patients": EventKind.PATIENT_FEEDBACK,
               "joint": next((k for k in allowed if k in JOINT_KINDS), EventKind.JOINT)}
    kind: EventKind | None = aliases.get(key)
    if kind is None:
        try:
            kind = EventKind(key)
        except ValueError:
            kind = None
    if kind is None or kind not in allowed:  # the short names `ebcd event --help` gives
        choices = ", ".join(SHORT_NAMES.get(k, "joint" if k in JOINT_KINDS else k.value)
                            for k in allowed)
        raise EbcdError(f"unknown event '{text}' (choose from: {choices})")
    return kind


def _view(event: Event) -> EventView:
    attendance = {}
    for role, n in (event.attendance or {}).items():
        try:
            attendance[Role(role)] = int(n)
        except ValueError:
            continue
    return EventView(
        event.id, event.kind, event.title or TITLES[event.kind], event.held_on,
        event.starts_at or "10:00", event.place, tuple(event.facilitators or ()), attendance,
        event.notes, tuple(event.shared_stage_ids or ()),
        tuple(PriorityView(p.id, p.position, p.title, p.detail, p.votes, p.agreed)
              for p in event.priorities))


def _find(s: Session, kind: EventKind) -> Event | None:
    if kind not in EVENT_KINDS:
        raise EbcdError(f"'{kind.value}' is not an event with its own record")
    return s.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)
                     .options(selectinload(Event.priorities))).first()


def _event(s: Session, kind: EventKind) -> Event:
    """The stored event of this kind, made on its first edit."""
    event = _find(s, kind)
    if event is None:
        event = Event(kind=kind, title=TITLES[kind], starts_at="10:00", facilitators=[],
                      attendance={}, notes="", shared_stage_ids=[], place="",
                      withheld_touchpoint_ids=[])
        s.add(event)
        s.flush()
    return event


def event_for(store: ProjectStore, kind: EventKind) -> EventView:
    """The project's event of this kind; an empty one (id 0, not stored) until its first
    edit, so looking at an event page never writes to the project."""
    with store.session() as s:
        event = _find(s, kind)
        if event is not None:
            return _view(event)
    return EventView(0, kind, TITLES[kind], None, "10:00", "", (), {}, "", (), ())


def update_event(store: ProjectStore, kind: EventKind, *, title: str | None = None,
                 held_on: date | None = None, clear_date: bool = False,
                 starts_at: str | None = None, place: str | None = None,
                 facilitators: Iterable[str] | None = None,
                 attendance: dict[Role, int] | None = None,
                 notes: str | None = None) -> EventView:
    if starts_at is not None and not _TIME.match(starts_at.strip()):
        raise EbcdError(f"start time '{starts_at}' is not a time like 09:30")
    if attendance is not None:
        bad = [f"{r.value}: {n}" for r, n in attendance.items() if n < 0]
        if bad:
            raise EbcdError(f"attendance cannot be negative ({', '.join(bad)})")
    with store.session() as s:
        event = _event(s, kind)
        if title is not None:
            event.title = title.strip() or TITLES[kind]
        if held_on is not None or clear_date:
            event.held_on = held_on
        if starts_at is not None:
            hh, mm = starts_at.strip().split(":")
            event.starts_at = f"{int(hh):02d}:{mm}"
        if place is not None:
            event.place = place.strip()
        if facilitators is not None:
            event.facilitators = [f.strip() for f in facilitators if f.strip()]
        if attendance is not None:
            event.attendance = {r.value: int(n) for r, n in attendance.items() if n}
        if notes is not None:
            event.notes = notes
        s.flush()
        return _view(event)


# --- priorities and dot votes ---------------------------------------------------------------

def _priority(s: Session, priority_id: int) -> EventPriority:
    return fetch(s, EventPriority, priority_id, "priority")


def add_priority(store: ProjectStore, kind: EventKind, title: str, detail: str = "") -> int:
    return add_priorities(store, kind, [(title, detail)])[0]


def add_priorities(store: ProjectStore, kind: EventKind,
                   items: Sequence[tuple[str, str]]) -> list[int]:
    """Put several priorities (title, detail) to the room at once, after the others.

    One transaction, every title checked before the first is added: a title that is empty
    or already there (or named twice) refuses them all, so "Propose from touch points"
    never leaves half its candidates in the list.
    """
    titles = [" ".join(title.split()) for title, _ in items]
    with store.session() as s:
        existing = _find(s, kind)
        taken = {p.title.lower() for p in existing.priorities} if existing else set()
        new: set[str] = set()
        for title in titles:
            if not title:
                raise EbcdError("a priority needs a title")
            if title.lower() in taken:
                raise EbcdError(f"the {TITLES[kind].lower()} already has the priority '{title}'")
            if title.lower() in new:
                raise EbcdError(f"the priority '{title}' is named twice")
            new.add(title.lower())
        event = existing or _event(s, kind)
        added = [EventPriority(title=title, detail=detail.strip(), agreed=False)
                 for title, (_, detail) in zip(titles, items, strict=True)]
        for p in added:
            p.position = len(event.priorities)
            event.priorities.append(p)
        s.flush()
        return [p.id for p in added]


def update_priority(store: ProjectStore, priority_id: int, *, title: str | None = None,
                    detail: str | None = None, votes: int | None = None,
                    clear_votes: bool = False, agreed: bool | None = None) -> None:
    if votes is not None and votes < 0:
        raise EbcdError(f"a dot count cannot be negative ({votes})")
    with store.session() as s:
        p = _priority(s, priority_id)
        if title is not None:
            if not title.strip():
                raise EbcdError("a priority needs a title")
            p.title = " ".join(title.split())
        if detail is not None:
            p.detail = detail.strip()
        if votes is not None or clear_votes:
            p.votes = votes
        if agreed is not None:
            if agreed and not p.agreed:
                already = sum(1 for q in p.event.priorities if q.agreed)
                if already >= MAX_AGREED:
                    raise EbcdError(
                        f"{already} priorities are already agreed; EBCD agrees 3 to "
                        f"{MAX_AGREED}, so un-agree one before agreeing '{p.title}'")
            p.agreed = agreed


def delete_priority(store: ProjectStore, priority_id: int) -> None:
    with store.session() as s:
        p = _priority(s, priority_id)
        event = p.event
        event.priorities.remove(p)
        s.delete(p)
        for i, q in enumerate(event.priorities):
            q.position = i


def move_priority(store: ProjectStore, priority_id: int, position: int) -> None:
    with store.session() as s:
        p = _priority(s, priority_id)
        items = [q for q in p.event.priorities if q.id != p.id]
        items.insert(max(0, min(position, len(items))), p)
        for i, q in enumerate(items):
            q.position = i


def sort_priorities_by_dots(store: ProjectStore, kind: EventKind) -> None:
    """Most dots first, those not counted yet at the end in their order (EventView.ranked),
    in one transaction: a failure leaves the old order, never half a new one."""
    with store.session() as s:
        event = _find(s, kind)
        if event is None:
            return
        by_id = {p.id: p for p in event.priorities}
        for position, p in enumerate(_view(event).ranked()):
            by_id[p.id].position = position


def agreed_warning(event: EventView) -> str:
    """What a facilitator should know about the agreed priorities, or ""."""
    n = len(event.agreed)
    if event.kind in JOINT_KINDS and event.priorities and 0 < n < 3:
        return f"only {n} priorit{'y' if n == 1 else 'ies'} agreed; EBCD agrees 3 to 5"
    if any(p.votes is None for p in event.priorities) and event.held_on \
            and event.held_on <= date.today():
        return "some priorities have no dot count yet"
    return ""


@dataclass(frozen=True)
class Candidate:
    title: str
    detail: str
    negative: int
    mixed: int


def propose_priorities(rows: Sequence, *, limit: int = 8) -> list[Candidate]:
    """Themes where people's experience was hardest, as candidates to put to the room.

    `rows` are the board rows the audience may see (see services.packs); a theme ranks by
    its negative touch points, then its mixed ones; touch points with no theme count
    under their stage.
    """
    negative: Counter[str] = Counter()
    mixed: Counter[str] = Counter()
    stages: dict[str, Counter[str]] = {}
    for r in rows:
        if r.sentiment not in (Sentiment.NEGATIVE, Sentiment.MIXED):
            continue
        keys = r.themes or ((r.stage,) if r.stage else ())
        for key in keys:
            (negative if r.sentiment == Sentiment.NEGATIVE else mixed)[key] += 1
            stages.setdefault(key, Counter())[r.stage] += 1
    ranked = sorted(set(negative) | set(mixed), key=lambda k: (-negative[k], -mixed[k], k))
    out = []
    for key in ranked[:limit]:
        where = ", ".join(st for st, _ in stages[key].most_common(3) if st)
        detail = f"{negative[key]} negative, {mixed[key]} mixed touch points"
        out.append(Candidate(key[:1].upper() + key[1:], detail + (f"; {where}" if where
                                                                  else ""),
                             negative[key], mixed[key]))
    return out


# --- what staff agreed to share with patients -----------------------------------------------

def set_shared_stages(store: ProjectStore, stage_ids: Iterable[int]) -> None:
    """Record, on the staff event, the staff journey stages patients may see."""
    ids = sorted(set(stage_ids))
    with store.session() as s:
        staff = {st.id for st in s.scalars(select(JourneyStage).where(
            JourneyStage.journey == JourneyType.STAFF))}
        wrong = [i for i in ids if i not in staff]
        if wrong:
            raise EbcdError(f"stage {wrong[0]} is not a stage of the staff journey")
        _event(s, EventKind.STAFF_FEEDBACK).shared_stage_ids = ids


def set_withheld_touchpoints(store: ProjectStore, touchpoint_ids: Iterable[int]) -> None:
    """Record, on the staff event, the touch points staff keep among themselves even in a
    shared stage (staff agree what others see touch point by touch point)."""
    from ebcd_app.domain.models import TouchPoint

    ids = sorted(set(touchpoint_ids))
    with store.session() as s:
        known = set(s.scalars(select(TouchPoint.id).where(TouchPoint.id.in_(ids))))
        wrong = [i for i in ids if i not in known]
        if wrong:
            raise EbcdError(f"no touch point with id {wrong[0]}")
        _event(s, EventKind.STAFF_FEEDBACK).withheld_touchpoint_ids = ids


def withheld_touchpoint_ids(store: ProjectStore) -> frozenset[int]:
    """Touch points staff keep among themselves (none until the staff event says so)."""
    with store.session() as s:
        event = _find(s, EventKind.STAFF_FEEDBACK)
        return frozenset(event.withheld_touchpoint_ids or ()) if event else frozenset()


def shared_stage_ids(store: ProjectStore) -> frozenset[int]:
    """Staff journey stages staff agreed to share; none until the staff event says so."""
    with store.session() as s:
        event = _find(s, EventKind.STAFF_FEEDBACK)
        return frozenset(event.shared_stage_ids or ()) if event else frozenset()


# --- agendas ---------------------------------------------------------------------------------

def _default_agendas() -> dict[str, list[AgendaItem]]:
    data = json.loads((resources_dir() / "agendas" / "agendas.json").read_text("utf-8"))
    return {k: [AgendaItem(int(m), str(i)) for m, i in v] for k, v in data.items()
            if not k.startswith("_")}


def agenda_template(store: ProjectStore, kind: EventKind) -> list[AgendaItem]:
    with store.session() as s:
        row = s.scalars(select(AgendaTemplate).where(AgendaTemplate.kind == kind)).first()
        if row is not None:
            return [AgendaItem(int(i["minutes"]), str(i["item"])) for i in row.items]
    return list(_default_agendas().get(kind.value, []))


def set_agenda_template(store: ProjectStore, kind: EventKind,
                        items: Sequence[AgendaItem]) -> None:
    for it in items:
        if it.minutes <= 0 or it.minutes > 600:
            raise EbcdError(f"agenda item '{it.item}' needs a length between 1 and 600 minutes")
        if not it.item.strip():
            raise EbcdError("an agenda item needs a description")
    with store.session() as s:
        row = s.scalars(select(AgendaTemplate).where(AgendaTemplate.kind == kind)).first()
        if row is None:
            row = AgendaTemplate(kind=kind)
            s.add(row)
        row.items = [{"minutes": it.minutes, "item": it.item.strip()} for it in items]


def parse_agenda(text: str) -> list[AgendaItem]:
    """One item per line, "15 Welcome and introductions" (minutes first)."""
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"^\s*(\d+)\s*(?:min(?:utes)?)?[\s:,-]+(.+)$", line)
        if not m:
            raise EbcdError(f"agenda line {n} '{line.strip()}' should start with the minutes, "
                            "like '15 Welcome'")
        items.append(AgendaItem(int(m.group(1)), m.group(2).strip()))
    return items


def timed_agenda(starts_at: str, items: Sequence[AgendaItem]) -> list[tuple[str, str, int]]:
    """(clock time, item, minutes), times running on from the event's start."""
    hh, mm = (int(x) for x in starts_at.split(":"))
    at = hh * 60 + mm
    out = []
    for it in items:
        out.append((f"{at // 60 % 24:02d}:{at % 60:02d}", it.item, it.minutes))
        at += it.minutes
    out.append((f"{at // 60 % 24:02d}:{at % 60:02d}", "Close", 0))
    return out


# --- from the joint event to the co-design groups -------------------------------------------

def start_groups(store: ProjectStore) -> list[int]:
    """One co-design group per priority agreed at the joint event that has none yet."""
    made: list[int] = []
    with store.session() as s:
        joint = _find(s, joint_kind(store))
        agreed = [p for p in (joint.priorities if joint else ()) if p.agreed]
        if not agreed:
            raise EbcdError("no priorities are agreed at the joint event yet")
        existing = list(s.scalars(select(CodesignGroup)))
        taken = {g.priority_id for g in existing}
        for p in agreed:
            if p.id not in taken:
                g = CodesignGroup(name=p.title, priority=p.title, priority_id=p.id,
                                  position=len(existing) + len(made), changed="",
                                  next_steps="")
                s.add(g)
                s.flush()
                made.append(g.id)
    return made
