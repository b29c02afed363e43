"""`ebcd group PROJECT ACTION`: the co-design groups (stage 7) and their improvement work:
members, meetings, actions, PDSA cycles, measures and run charts.

Every action is its own subparser with typed arguments, so a wrong value ("chart abc") is
argparse's usage error (exit 2) and a flag that means nothing to the action is refused
rather than silently ignored.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from datetime import date

from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import (
    Subparsers,
    actions,
    command,
    open_project,
    out,
    parse_date,
    write_file,
)
from ebcd_app.domain.group_views import STAFF_MEASURES
from ebcd_app.domain.models import ActionStatus, Role
from ebcd_app.domain.runchart import RunChart
from ebcd_app.services import events, groups, projects
from ebcd_app.store.db import ProjectStore


def _show_group(g: groups.GroupView) -> None:
    out(f"{g.id}. {g.name}" + (f"  (since {g.started_on})" if g.started_on else ""))
    out(f"   priority: {g.priority}")
    out("   members: " + (", ".join(m.label for m in g.members) or "none"))
    for m in g.meetings:
        out(f"   meeting {m.held_on} ({m.attendees} people): {m.notes}")
    for a in g.actions:
        flag = "  OVERDUE" if a.overdue() else ""
        out(f"   action {a.id} [{a.status.value}] {a.what} - {a.who or '?'}"
            f" by {a.due_on or '-'}{flag}")
    for c in g.cycles:
        out(f"   PDSA {c.number}: {c.title}")
    for measure in g.measures:
        chart = measure.chart()
        out(f"   measure {measure.id}: {measure.name} ({len(measure.values)} values, median "
            f"{_median(chart)} {measure.unit})")
        _print_signals(chart, "      ")


def _median(chart: RunChart) -> str:
    return "-" if chart.median is None else f"{chart.median:g}"


def _print_signals(chart: RunChart, indent: str) -> None:
    """The run chart's signals (shifts, trends, too few runs) in words, one a line."""
    for s in chart.signals:
        out(f"{indent}{s.describe()}")
    if chart.runs_signal:
        out(f"{indent}{chart.runs_signal}")


def _number(text: str, where: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise EbcdError(f"'{where}': the value is not a number") from None


def _list(store: ProjectStore, args: argparse.Namespace) -> None:
    for g in groups.list_groups(store):
        out(f"{g.id}. {g.name}: {len(g.members)} members, {len(g.meetings)} "
            f"meetings, {len(g.actions)} actions, {len(g.cycles)} PDSA cycles, "
            f"{len(g.measures)} measures")


def _start(store: ProjectStore, args: argparse.Namespace) -> None:
    made = events.start_groups(store)
    if not made:
        out("started no groups: every priority agreed at the joint event has its group "
            "already")
        return
    out(f"started {len(made)} group(s)")
    for gid in made:
        out(f"  {gid}. {groups.group(store, gid).name}")


def _add(store: ProjectStore, args: argparse.Namespace) -> None:
    gid = groups.add_group(store, " ".join(args.name), priority=args.priority or "",
                           started_on=parse_date(args.date))
    _show_group(groups.group(store, gid))


def _action_status(store: ProjectStore, args: argparse.Namespace) -> None:
    groups.update_action(store, args.action_id, status=groups.parse_status(args.status))
    out(f"action {args.action_id}: {args.status}")


def _day(text: str) -> date:
    """A value's date: required (a run chart is in time order)."""
    day = parse_date(text)
    if day is None:
        raise EbcdError(f"'{text}' needs a date like 2027-02-09 before the value")
    return day


def _values(store: ProjectStore, args: argparse.Namespace) -> None:
    items: list[tuple[date, float]] = []
    for part in args.values:
        day, _, value = part.partition("=")
        items.append((_day(day), _number(value, part)))
    if args.csv:
        with open(args.csv, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                if row and row[0].strip() and row[0].strip()[0].isdigit():
                    items.append((_day(row[0]), _number(row[1], ",".join(row))))
    if not items:
        raise EbcdError("give the values as DATE=VALUE (e.g. 2027-03-01=9) or --csv FILE")
    out(f"recorded {groups.add_values(store, args.measure_id, items)} value(s)")
    _print_chart(store, args.measure_id)


def _chart(store: ProjectStore, args: argparse.Namespace) -> None:
    chart = _print_chart(store, args.measure_id)
    if args.out:
        from ebcd_app.packs.charts import drawing_svg, run_chart  # ReportLab: only here

        write_file(args.out, drawing_svg(run_chart(chart, 640, 260)))


def _print_chart(store: ProjectStore, measure_id: int) -> RunChart:
    chart = groups.measure_chart(store, measure_id)
    out(f"{chart.name}: {len(chart.points)} values, median {_median(chart)} {chart.unit}")
    _print_signals(chart, "  ")
    return chart


def _member(store: ProjectStore, gid: int, args: argparse.Namespace) -> None:
    if args.participant is not None:
        groups.add_member(store, gid, role=Role.OTHER, participant_id=args.participant)
    else:
        groups.add_member(store, gid, name=" ".join(args.name),
                          role=projects.parse_role(args.role or "other"))


def _meeting(store: ProjectStore, gid: int, args: argparse.Namespace) -> None:
    groups.add_meeting(store, gid, parse_date(args.date) or date.today(),
                       args.notes or " ".join(args.text), args.attendees or 0)


def _action(store: ProjectStore, gid: int, args: argparse.Namespace) -> None:
    groups.add_action(store, gid, " ".join(args.what), who=args.who or "",
                      due_on=parse_date(args.due),
                      status=groups.parse_status(args.status or "open"))


def _pdsa(store: ProjectStore, gid: int, args: argparse.Namespace) -> None:
    groups.add_cycle(store, gid, " ".join(args.title), plan=args.plan or "",
                     prediction=args.prediction or "", happened=args.happened or "",
                     learnt=args.learnt or "", next_step=args.next or "",
                     started_on=parse_date(args.date), ended_on=parse_date(args.end))


def _measure(store: ProjectStore, gid: int, args: argparse.Namespace) -> None:
    if args.preset:
        mid = groups.add_preset_measure(store, gid, args.preset,
                                        change_on=parse_date(args.change_on))
    else:
        if not args.name:
            raise EbcdError("a measure needs a name, or --preset "
                            + "|".join(p.key for p in STAFF_MEASURES))
        mid = groups.add_measure(store, gid, " ".join(args.name), unit=args.unit or "",
                                 higher_is_better=not args.lower_is_better,
                                 change_on=parse_date(args.change_on))
    out(f"measure {mid}")


def _update(store: ProjectStore, gid: int, args: argparse.Namespace) -> None:
    groups.update_group(store, gid, changed=args.changed, next_steps=args.next)


def cmd_group(args: argparse.Namespace) -> int:
    """Run the action; one on a group (GROUP, by id or name) shows the group after it."""
    with open_project(args) as store:
        if args.on_group is None:
            args.run(store, args)
        else:
            gid = groups.resolve_group(store, args.group)
            args.on_group(store, gid, args)
            _show_group(groups.group(store, gid))
    return 0


OnProject = Callable[[ProjectStore, argparse.Namespace], None]
OnGroup = Callable[[ProjectStore, int, argparse.Namespace], None]


def _action_parser(acts: Subparsers, name: str, help_: str, run: OnProject | None = None,
                   on_group: OnGroup | None = None) -> argparse.ArgumentParser:
    """An action of the project's groups (`run`) or of one group (`on_group`, which takes
    the GROUP argument, so no action can forget it or read it differently)."""
    sp = command(acts, name, cmd_group, help_)
    sp.set_defaults(run=run, on_group=on_group)
    if on_group is not None:
        sp.add_argument("group", help="the group: its id or (the start of) its name")
    return sp


def _project_actions(acts: Subparsers) -> None:
    _action_parser(acts, "list", "the groups with how much each has recorded", run=_list)
    _action_parser(acts, "start", "one group per priority agreed at the joint event",
                   run=_start)
    sp = _action_parser(acts, "add", "add a group", run=_add)
    sp.add_argument("name", nargs="+")
    sp.add_argument("--priority", help="the priority it works on")
    sp.add_argument("--date", help="when it started, e.g. 2027-02-09")
    sp = _action_parser(acts, "action-status", "change an action's status",
                        run=_action_status)
    sp.add_argument("action_id", type=int, metavar="ACTION_ID")
    sp.add_argument("status", metavar="STATUS", help=", ".join(s.value for s in ActionStatus))
    sp = _action_parser(acts, "values", "record a measure's values and show its run chart",
                        run=_values)
    sp.add_argument("measure_id", type=int, metavar="MEASURE_ID")
    sp.add_argument("values", nargs="*", default=[], metavar="DATE=VALUE",
                    help="e.g. 2027-03-01=9.5")
    sp.add_argument("--csv", help="a CSV file of date,value rows")
    sp = _action_parser(acts, "chart", "a measure's run chart: median, shifts, trends",
                        run=_chart)
    sp.add_argument("measure_id", type=int, metavar="MEASURE_ID")
    sp.add_argument("--out", help="write the chart as SVG")


def _group_actions(acts: Subparsers) -> None:
    _action_parser(acts, "show", "a group's members, meetings, actions and measures",
                   on_group=lambda store, gid, args: None)
    sp = _action_parser(acts, "member", "add a member", on_group=_member)
    sp.add_argument("name", nargs="*", default=[])
    sp.add_argument("--participant", type=int, help="a participant's id, instead of a name")
    sp.add_argument("--role", help="staff, patient, family-carer or other")
    sp = _action_parser(acts, "meeting", "record a meeting", on_group=_meeting)
    sp.add_argument("text", nargs="*", default=[], metavar="NOTES")
    sp.add_argument("--date", help="default: today")
    sp.add_argument("--notes")
    sp.add_argument("--attendees", type=int)
    sp = _action_parser(acts, "action", "add an action", on_group=_action)
    sp.add_argument("what", nargs="+")
    sp.add_argument("--who")
    sp.add_argument("--due")
    sp.add_argument("--status")
    sp = _action_parser(acts, "pdsa", "record a PDSA cycle", on_group=_pdsa)
    sp.add_argument("title", nargs="+")
    for flag in ("--plan", "--prediction", "--happened", "--learnt", "--next", "--date",
                 "--end"):
        sp.add_argument(flag)
    sp = _action_parser(acts, "measure", "add a measure", on_group=_measure)
    sp.add_argument("name", nargs="*")
    sp.add_argument("--preset", choices=[p.key for p in STAFF_MEASURES],
                    help="a staff-wellbeing measure: "
                    + "; ".join(f"{p.key}: {p.name}" for p in STAFF_MEASURES))
    sp.add_argument("--unit")
    sp.add_argument("--lower-is-better", action="store_true")
    sp.add_argument("--change-on", help="the date the change was made")
    sp = _action_parser(acts, "update", "what changed and the next steps", on_group=_update)
    sp.add_argument("--changed")
    sp.add_argument("--next")


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "group", None, "co-design groups: members, meetings, actions, PDSA "
                 "cycles, measures and run charts")
    sp.add_argument("project")
    acts = actions(sp)
    _project_actions(acts)
    _group_actions(acts)
