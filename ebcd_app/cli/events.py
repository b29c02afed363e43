"""`ebcd event PROJECT KIND [ACTION]`: the staff, patient, joint and celebration events
(stages 4 to 6): details, agenda, priorities, dot votes and what staff share."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, command, open_project, out, parse_date
from ebcd_app.domain.models import EventKind, JourneyType
from ebcd_app.services import events, pledging, projects
from ebcd_app.services.board import ROLE_LABELS
from ebcd_app.services.packs import audience_rows
from ebcd_app.services.vocabulary import stages
from ebcd_app.store.db import ProjectStore

KINDS_HELP = ("staff, patient, joint or celebration; in a staff-experience project staff, "
              "leadership, joint-leadership or celebration")


def _priority_at(event: events.EventView, ref: str) -> events.PriorityView:
    if ref.isdigit() and 1 <= int(ref) <= len(event.priorities):
        return event.priorities[int(ref) - 1]
    hits = [p for p in event.priorities if p.title.lower().startswith(ref.lower())]
    if len(hits) != 1:
        raise EbcdError(f"no single priority '{ref}' at the {event.title.lower()} "
                        f"(use its number from `show`)")
    return hits[0]


def _show_event(store: ProjectStore, kind: EventKind) -> None:
    e = events.event_for(store, kind)
    out(f"{e.title}  (pack for {events.audience(store, kind).value})")
    out(f"  date: {e.held_on or 'not set'}  from {e.starts_at}   place: {e.place or '-'}")
    out(f"  facilitators: {', '.join(e.facilitators) or '-'}")
    if e.attendance:
        out("  attendance: " + ", ".join(f"{ROLE_LABELS[r].lower()} {n}"
                                         for r, n in e.attendance.items())
            + f" ({e.attended} in all)")
    if kind == EventKind.STAFF_FEEDBACK:
        shared = events.shared_stage_ids(store)
        names = [s.name for s in stages(store, JourneyType.STAFF) if s.id in shared]
        beyond = "senior leaders" if projects.project_info(store).staff_experience \
            else "patients"
        out(f"  shared with {beyond}: {', '.join(names) or 'nothing yet'}")
        kept = sorted(events.withheld_touchpoint_ids(store))
        if kept:
            out(f"  touch points kept among staff: {', '.join(map(str, kept))}")
    out("  priorities:" if e.priorities else "  priorities: none yet")
    for i, p in enumerate(e.priorities, 1):
        dots = "-" if p.votes is None else str(p.votes)
        out(f"  {i:>3}. {p.title}  [{dots} dots]" + ("  AGREED" if p.agreed else ""))
    warning = events.agreed_warning(e)
    if warning:
        out(f"  note: {warning}")
    for pledge in (p for p in pledging.pledges(store) if p.event == kind):
        when = f" by {pledge.by_when:%d %b %Y}" if pledge.by_when else ""
        out(f"  {pledge.kind}: {pledge.who or 'someone'} will {pledge.what}{when}")
    for f in pledging.feedback_summaries(store):
        if f.event == kind:
            out(f"  feedback: {f.forms} form(s), how it was {f.session_median or '-'} of 5, "
                f"how useful {f.useful_median or '-'} of 5, {len(f.comments)} comment(s)")


# Each action edits the event; it returns True when the event is to be shown after it.
Action = Callable[[ProjectStore, EventKind, argparse.Namespace], bool]


def _set(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    attendance = None
    if args.attendance is not None:
        attendance = {}
        for part in filter(None, (x.strip() for x in args.attendance.split(","))):
            role, _, n = part.partition("=")
            if not n.strip().isdigit():
                raise EbcdError(f"attendance '{part}' should look like patient=8")
            attendance[projects.parse_role(role)] = int(n)
    events.update_event(
        store, kind, title=args.title, held_on=parse_date(args.date), starts_at=args.time,
        place=args.place, notes=args.notes, attendance=attendance,
        facilitators=None if args.facilitators is None else args.facilitators.split(","))
    return True


def _add_priority(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    if not args.args:
        raise EbcdError("add-priority needs the priority's title")
    events.add_priority(store, kind, " ".join(args.args), args.detail or "")
    return True


def _remove_priority(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    for ref in args.args:
        events.delete_priority(store, _priority_at(events.event_for(store, kind), ref).id)
    return True


def _votes(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    e = events.event_for(store, kind)
    for part in args.args:
        ref, _, n = part.rpartition("=")
        if not ref or not n.strip().isdigit():
            raise EbcdError(f"'{part}' should look like 2=14 (priority number=dots)")
        events.update_priority(store, _priority_at(e, ref).id, votes=int(n))
    return True


def _agree(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    e = events.event_for(store, kind)
    chosen = {_priority_at(e, ref).id for ref in args.args}
    for p in e.priorities:  # un-agree first so the limit counts the new choice
        if p.agreed and p.id not in chosen:
            events.update_priority(store, p.id, agreed=False)
    for pid in chosen:
        events.update_priority(store, pid, agreed=True)
    return True


def _propose(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:

    found = events.propose_priorities(audience_rows(store, kind))
    for c in found:
        out(f"  {c.title}: {c.detail}")
        if args.add:
            try:
                events.add_priority(store, kind, c.title, c.detail)
            except EbcdError as exc:
                out(f"    (not added: {exc})")
    if not found:
        out("no negative or mixed touch points this audience may see")
    return False


def _share(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    if kind != EventKind.STAFF_FEEDBACK:
        raise EbcdError("staff decide what to share at the staff event: "
                        "ebcd event PROJECT staff share STAGE...")
    staff_stages = stages(store, JourneyType.STAFF)
    by_name = {s.name.lower(): s.id for s in staff_stages}
    names = [n.strip() for n in ",".join(args.args).split(",") if n.strip()]
    wrong = [n for n in names if n.lower() not in by_name]
    if wrong:
        raise EbcdError(f"'{wrong[0]}' is not a staff journey stage (choose from: "
                        + ", ".join(s.name for s in staff_stages) + ")")
    events.set_shared_stages(store, [by_name[n.lower()] for n in names])
    return True


def _withhold(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    if kind != EventKind.STAFF_FEEDBACK:
        raise EbcdError("staff decide what to keep back at the staff event: "
                        "ebcd event PROJECT staff withhold TOUCHPOINT_ID...")
    bad = [a for a in args.args if not a.isdigit()]
    if bad:
        raise EbcdError(f"'{bad[0]}' is not a touch point id (ebcd touchpoints PROJECT list)")
    events.set_withheld_touchpoints(store, [int(a) for a in args.args])
    return True


def _agenda(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    if args.file:
        text = Path(args.file).read_text(encoding="utf-8")
        events.set_agenda_template(store, kind, events.parse_agenda(text))
    e = events.event_for(store, kind)
    for at, item, minutes in events.timed_agenda(e.starts_at,
                                                 events.agenda_template(store, kind)):
        out(f"  {at}  {item}" + (f"  ({minutes} min)" if minutes else ""))
    return False


def _pledge(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    what = " ".join(args.args) or (args.what or "")
    pledging.add_pledge(store, kind, pledging.parse_pledge_kind(args.type or "15%"),
                        who=args.who or "", what=what, by_when=parse_date(args.by))
    return True


def _feedback(store: ProjectStore, kind: EventKind, args: argparse.Namespace) -> bool:
    pledging.add_feedback(store, kind, session=args.session, useful=args.useful,
                          comment=args.comment or "")
    return True


ACTIONS: dict[str, Action] = {
    "show": lambda store, kind, args: True, "set": _set, "add-priority": _add_priority,
    "remove-priority": _remove_priority, "votes": _votes, "agree": _agree,
    "propose": _propose, "share": _share, "withhold": _withhold, "agenda": _agenda,
    "pledge": _pledge,
    "feedback": _feedback}


def cmd_event(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        kind = events.parse_kind(args.kind, events.kinds(store))
        if ACTIONS[args.action](store, kind, args):
            _show_event(store, kind)
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "event", cmd_event, "the staff, patient, joint and celebration events: "
                 "details, agenda, priorities, dot votes, what staff share")
    sp.add_argument("project")
    sp.add_argument("kind", help=KINDS_HELP)
    sp.add_argument("action", choices=list(ACTIONS), nargs="?", default="show")
    sp.add_argument("args", nargs="*", help="priority title, numbers (agree 1 2 3), "
                    "number=dots (votes 1=21 2=19), stage names (share), touch point ids "
                    "(withhold: those staff keep among themselves; none to clear)")
    sp.add_argument("--date")
    sp.add_argument("--time", help="start time, HH:MM")
    sp.add_argument("--place")
    sp.add_argument("--title")
    sp.add_argument("--facilitators", help="comma-separated")
    sp.add_argument("--attendance", help="e.g. patient=8,family-carer=5,staff=12")
    sp.add_argument("--notes")
    sp.add_argument("--detail", help="with add-priority: why it matters")
    sp.add_argument("--add", action="store_true", help="with propose: add them as priorities")
    sp.add_argument("--file", help="with agenda: a text file, one '15 Item' per line")
    sp.add_argument("--type", help="with pledge: 15%% (a 15%% solution, the default) or "
                    "commitment (a senior leader's)")
    sp.add_argument("--who", help="with pledge: who will do it (optional for a 15%% solution)")
    sp.add_argument("--what", help="with pledge: what will be done (or give it as words)")
    sp.add_argument("--by", help="with pledge: by when, e.g. 2027-03-31")
    sp.add_argument("--session", type=int, help="with feedback: how the session was, 1-5")
    sp.add_argument("--useful", type=int, help="with feedback: how useful it was, 1-5")
    sp.add_argument("--comment", help="with feedback: the comment written on the form")
