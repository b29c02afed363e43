"""`ebcd event`, `ebcd group` and `ebcd pack`: EBCD stages 4 to 8 from the command line."""

from __future__ import annotations

import argparse
import csv
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import EventKind, JourneyType, Role
from ebcd_app.services import events, groups, projects
from ebcd_app.services.board import ROLE_LABELS
from ebcd_app.services.vocabulary import stages
from ebcd_app.store.db import ProjectStore

EVENT_ACTIONS = ("show", "set", "add-priority", "remove-priority", "votes", "agree", "propose",
                 "share", "agenda")
GROUP_ACTIONS = ("list", "show", "add", "start", "member", "meeting", "action", "action-status",
                 "pdsa", "measure", "values", "chart", "update")


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise EbcdError(f"'{text}' is not a date like 2027-02-09") from None


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
    print(f"{e.title}  (pack for {e.audience.value})")
    print(f"  date: {e.held_on or 'not set'}  from {e.starts_at}   place: {e.place or '-'}")
    print(f"  facilitators: {', '.join(e.facilitators) or '-'}")
    if e.attendance:
        print("  attendance: " + ", ".join(f"{ROLE_LABELS[r].lower()} {n}"
                                           for r, n in e.attendance.items())
              + f" ({e.attended} in all)")
    if kind == EventKind.STAFF_FEEDBACK:
        shared = events.shared_stage_ids(store)
        names = [s.name for s in stages(store, JourneyType.STAFF) if s.id in shared]
        print(f"  shared with patients: {', '.join(names) or 'nothing yet'}")
    print("  priorities:" if e.priorities else "  priorities: none yet")
    for i, p in enumerate(e.priorities, 1):
        dots = "-" if p.votes is None else str(p.votes)
        print(f"  {i:>3}. {p.title}  [{dots} dots]" + ("  AGREED" if p.agreed else ""))
    warning = events.agreed_warning(e)
    if warning:
        print(f"  note: {warning}")


def cmd_event(args: argparse.Namespace) -> int:
    kind = events.parse_kind(args.kind)
    with projects.open_project(Path(args.project)) as store:
        e = events.event_for(store, kind)
        rest = args.args
        if args.action == "set":
            attendance = None
            if args.attendance is not None:
                attendance = {}
                for part in filter(None, (x.strip() for x in args.attendance.split(","))):
                    role, _, n = part.partition("=")
                    if not n.strip().isdigit():
                        raise EbcdError(f"attendance '{part}' should look like patient=8")
                    attendance[projects.parse_role(role)] = int(n)
            events.update_event(
                store, kind, title=args.title, held_on=_date(args.date), starts_at=args.time,
                place=args.place, notes=args.notes, attendance=attendance,
                facilitators=None if args.facilitators is None
                else args.facilitators.split(","))
        elif args.action == "add-priority":
            if not rest:
                raise EbcdError("add-priority needs the priority's title")
            events.add_priority(store, kind, " ".join(rest), args.detail or "")
        elif args.action == "remove-priority":
            for ref in rest:
                events.delete_priority(store, _priority_at(events.event_for(store, kind),
                                                           ref).id)
        elif args.action == "votes":
            for part in rest:
                ref, _, n = part.rpartition("=")
                if not ref or not n.strip().isdigit():
                    raise EbcdError(f"'{part}' should look like 2=14 (priority number=dots)")
                events.update_priority(store, _priority_at(e, ref).id, votes=int(n))
        elif args.action == "agree":
            chosen = {_priority_at(e, ref).id for ref in rest}
            for p in e.priorities:  # un-agree first so the limit counts the new choice
                if p.agreed and p.id not in chosen:
                    events.update_priority(store, p.id, agreed=False)
            for pid in chosen:
                events.update_priority(store, pid, agreed=True)
        elif args.action == "propose":
            from ebcd_app.services.packs import audience_rows

            found = events.propose_priorities(audience_rows(store, kind))
            for c in found:
                print(f"  {c.title}: {c.detail}")
                if args.add:
                    try:
                        events.add_priority(store, kind, c.title, c.detail)
                    except EbcdError as exc:
                        print(f"    (not added: {exc})")
            if not found:
                print("no negative or mixed touch points this audience may see")
            return 0
        elif args.action == "share":
            if kind != EventKind.STAFF_FEEDBACK:
                raise EbcdError("staff decide what to share at the staff event: "
                                "ebcd event PROJECT staff share STAGE...")
            by_name = {s.name.lower(): s.id for s in stages(store, JourneyType.STAFF)}
            names = [n.strip() for n in ",".join(rest).split(",") if n.strip()]
            wrong = [n for n in names if n.lower() not in by_name]
            if wrong:
                raise EbcdError(f"'{wrong[0]}' is not a staff journey stage (choose from: "
                                + ", ".join(s.name for s in stages(store, JourneyType.STAFF))
                                + ")")
            events.set_shared_stages(store, [by_name[n.lower()] for n in names])
        elif args.action == "agenda":
            if args.file:
                text = Path(args.file).read_text(encoding="utf-8")
                events.set_agenda_template(store, kind, events.parse_agenda(text))
            for at, item, minutes in events.timed_agenda(
                    e.starts_at, events.agenda_template(store, kind)):
                print(f"  {at}  {item}" + (f"  ({minutes} min)" if minutes else ""))
            return 0
        _show_event(store, kind)
    return 0


def _show_group(g: groups.GroupView) -> None:
    print(f"{g.id}. {g.name}" + (f"  (since {g.started_on})" if g.started_on else ""))
    print(f"   priority: {g.priority}")
    print("   members: " + (", ".join(m.label for m in g.members) or "none"))
    for m in g.meetings:
        print(f"   meeting {m.held_on} ({m.attendees} people): {m.notes}")
    for a in g.actions:
        flag = "  OVERDUE" if a.overdue() else ""
        print(f"   action {a.id} [{a.status.value}] {a.what} - {a.who or '?'}"
              f" by {a.due_on or '-'}{flag}")
    for c in g.cycles:
        print(f"   PDSA {c.number}: {c.title}")
    for m in g.measures:
        chart = m.chart()
        median = "-" if chart.median is None else f"{chart.median:g}"
        print(f"   measure {m.id}: {m.name} ({len(m.values)} values, median {median} {m.unit})")
        for s in chart.signals:
            print(f"      {s.describe()}")
        if chart.runs_signal:
            print(f"      {chart.runs_signal}")


def cmd_group(args: argparse.Namespace) -> int:
    with projects.open_project(Path(args.project)) as store:
        rest = list(args.args)
        act = args.action

        def need(n: int, what: str) -> None:
            if len(rest) < n:
                raise EbcdError(f"group {act} needs {what}")

        if act == "list":
            for g in groups.list_groups(store):
                print(f"{g.id}. {g.name}: {len(g.members)} members, {len(g.meetings)} "
                      f"meetings, {len(g.actions)} actions, {len(g.cycles)} PDSA cycles, "
                      f"{len(g.measures)} measures")
            return 0
        if act == "start":
            made = events.start_groups(store)
            print(f"started {len(made)} group(s)")
            for gid in made:
                print(f"  {gid}. {groups.group(store, gid).name}")
            return 0
        if act == "add":
            need(1, "a name")
            gid = groups.add_group(store, " ".join(rest), priority=args.priority or "",
                                   started_on=_date(args.date))
            _show_group(groups.group(store, gid))
            return 0
        if act == "action-status":
            need(2, "ACTION_ID STATUS")
            groups.update_action(store, int(rest[0]), status=groups.parse_status(rest[1]))
            print(f"action {rest[0]}: {rest[1]}")
            return 0
        if act in ("values", "chart"):
            need(1, "the measure id")
            measure_id = int(rest[0])
            if act == "values":
                items = []
                for part in rest[1:]:
                    day, _, value = part.partition("=")
                    items.append((_date(day), _number(value, part)))
                if args.csv:
                    with open(args.csv, newline="", encoding="utf-8") as f:
                        for row in csv.reader(f):
                            if row and row[0].strip() and row[0].strip()[0].isdigit():
                                items.append((_date(row[0]), _number(row[1], ",".join(row))))
                print(f"recorded {groups.add_values(store, measure_id, items)} value(s)")
            chart = groups.measure_chart(store, measure_id)
            print(f"{chart.name}: {len(chart.points)} values, median "
                  f"{'-' if chart.median is None else f'{chart.median:g}'} {chart.unit}")
            for s in chart.signals:
                print(f"  {s.describe()}")
            if chart.runs_signal:
                print(f"  {chart.runs_signal}")
            if act == "chart" and args.out:
                from ebcd_app.basics.atomic import write_text
                from ebcd_app.packs.charts import drawing_svg, run_chart

                write_text(Path(args.out), drawing_svg(run_chart(chart, 640, 260)))
                print(f"wrote {args.out}")
            return 0
        need(1, "the group (its id or name)")
        gid = groups.resolve_group(store, rest.pop(0))
        if act == "member":
            if args.participant:
                groups.add_member(store, gid, role=Role.OTHER,
                                  participant_id=int(args.participant))
            else:
                groups.add_member(store, gid, name=" ".join(rest),
                                  role=projects.parse_role(args.role or "other"))
        elif act == "meeting":
            groups.add_meeting(store, gid, _date(args.date) or date.today(),
                               args.notes or " ".join(rest), args.attendees or 0)
        elif act == "action":
            need(1, "what is to be done")
            groups.add_action(store, gid, " ".join(rest), who=args.who or "",
                              due_on=_date(args.due),
                              status=groups.parse_status(args.status or "open"))
        elif act == "pdsa":
            need(1, "the cycle's title")
            groups.add_cycle(store, gid, " ".join(rest), plan=args.plan or "",
                             prediction=args.prediction or "", happened=args.happened or "",
                             learnt=args.learnt or "", next_step=args.next or "",
                             started_on=_date(args.date), ended_on=_date(args.end))
        elif act == "measure":
            need(1, "the measure's name")
            mid = groups.add_measure(store, gid, " ".join(rest), unit=args.unit or "",
                                     higher_is_better=not args.lower_is_better,
                                     change_on=_date(args.change_on))
            print(f"measure {mid}")
        elif act == "update":
            groups.update_group(store, gid, changed=args.changed, next_steps=args.next)
        _show_group(groups.group(store, gid))
    return 0


def _number(text: str, where: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise EbcdError(f"'{where}': the value is not a number") from None


def cmd_pack(args: argparse.Namespace) -> int:
    from ebcd_app.cli.progress import TerminalProgress
    from ebcd_app.services.pack_making import make_pack

    kind = "group" if args.kind == "group" else events.parse_kind(args.kind).value
    with projects.open_project(Path(args.project)) as store:
        group_id = groups.resolve_group(store, args.group) if args.group else None
        if kind == "group" and group_id is None:
            raise EbcdError("a group pack needs --group GROUP")
        out = Path(args.out) if args.out else Path.cwd()
        if args.out and args.out.endswith(("/", os.sep)):  # "--out packs/": a folder
            out.mkdir(parents=True, exist_ok=True)
        result = make_pack(store, kind, out, group_id=group_id, progress=TerminalProgress())
        note = (f"; {result.withheld} item(s) left out for consent" if result.withheld else "")
        print(f"wrote {result.path}: {result.title}, {result.pages} pages{note}")
    return 0


def add_commands(sub: argparse._SubParsersAction,
                 cmd: Callable[..., argparse.ArgumentParser]) -> None:
    kinds = "staff, patient, joint or celebration"
    sp = cmd("event", cmd_event, "the staff, patient, joint and celebration events: details, "
             "agenda, priorities, dot votes, what staff share")
    sp.add_argument("project")
    sp.add_argument("kind", help=kinds)
    sp.add_argument("action", choices=EVENT_ACTIONS, nargs="?", default="show")
    sp.add_argument("args", nargs="*", help="priority title, numbers (agree 1 2 3), "
                    "number=dots (votes 1=21 2=19), stage names (share)")
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

    sp = cmd("group", cmd_group, "co-design groups: members, meetings, actions, PDSA cycles, "
             "measures and run charts")
    sp.add_argument("project")
    sp.add_argument("action", choices=GROUP_ACTIONS)
    sp.add_argument("args", nargs="*")
    for flag in ("--date", "--end", "--notes", "--who", "--due", "--status", "--role",
                 "--participant", "--plan", "--prediction", "--happened", "--learnt", "--next",
                 "--unit", "--change-on", "--csv", "--out", "--priority", "--changed"):
        sp.add_argument(flag)
    sp.add_argument("--attendees", type=int)
    sp.add_argument("--lower-is-better", action="store_true")

    sp = cmd("pack", cmd_pack, "make an event pack (print-ready A4 PDF)")
    sp.add_argument("project")
    sp.add_argument("kind", help=f"{kinds}, or group (with --group)")
    sp.add_argument("--group", help="the co-design group (id or name)")
    sp.add_argument("--out", help="the PDF, or a folder (default: here)")
