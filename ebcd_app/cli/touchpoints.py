"""`ebcd touchpoints` and `ebcd quotes`: the touch points tagged on the transcripts (stage 3)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, cell, command, emit, open_project, out, print_table
from ebcd_app.domain.board_row import BoardRow
from ebcd_app.domain.models import JourneyType, Role, Sentiment
from ebcd_app.services import (
    board,
    outputs,
    projects,
    reanchor,
    redaction,
    touchpoints,
    vocabulary,
)
from ebcd_app.store.db import ProjectStore


def _filter(args: argparse.Namespace) -> board.BoardFilter:
    def opt(values: Iterable[str] | None,
            convert: Callable[[str], Any] = lambda v: v) -> frozenset | None:
        return frozenset(convert(v) for v in values) if values else None

    recordings = None
    if args.recording:
        with open_project(args) as store, store.session() as s:
            recordings = frozenset(projects.resolve_recording(s, r).id for r in args.recording)
    return board.BoardFilter(
        stages=opt(args.stage), sentiments=opt(args.sentiment, touchpoints.parse_sentiment),
        emotions=opt([e.lower() for e in args.emotion or []]), themes=opt(args.theme),
        roles=opt(args.role, projects.parse_role), recordings=recordings,
        quotes_only=args.quotes)


def _stage_id(store: ProjectStore, name: str | None, journey: str | None) -> int | None:
    if not name:
        return None
    matches = [st for st in vocabulary.stages(store) if st.name.lower() == name.lower()
               and (journey is None or st.journey.value == journey)]
    if len(matches) == 1:
        return matches[0].id
    if not matches:
        known = ", ".join(st.name for st in vocabulary.stages(store))
        raise EbcdError(f"no journey stage '{name}' (stages: {known})")
    raise EbcdError(f"'{name}' is a stage of both journeys; add --journey patient|staff")


def cmd_touchpoints(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        if args.action == "add":
            return _add(args, store)
        if args.action == "place":
            if not args.ids:
                raise EbcdError("touchpoints place needs touch point ids")
            for tp_id in args.ids:
                text = reanchor.place_again(store, "touch point", tp_id)
                out(f"placed touch point {tp_id} on “{text}”")
            return 0
        rows = board.filter_rows(board.load_board(store), _filter(args))
        redact = redaction.project_redactor(store)
        if args.action == "export":
            emit(board.export_rows(rows, args.format, redact), args.out)
            if args.out:
                outputs.record_output(store, Path(args.out), f"touch points ({args.format})")
            return 0
    print_table("{:>4}  {:<18} {:<9} {:<12} {:<22} {}",
                ("ID", "STAGE", "SENTIMENT", "EMOTION", "WHO", "TEXT"),
                ((r.id, cell(r.stage or "-", 18), r.sentiment.value if r.sentiment else "-",
                  cell(r.emotion or "-", 12), cell(r.attribution, 22), _row_text(r))
                 for r in rows))
    attention = sum(r.needs_attention for r in rows)
    out(f"{len(rows)} touch point(s)" + (f", {attention} needing attention" if attention
                                         else ""))
    return 0


def _row_text(r: BoardRow) -> str:
    text = r.text if len(r.text) <= 70 else r.text[:69] + "…"
    if r.needs_attention:
        return f"NEEDS ATTENTION (words gone after the transcript was replaced): {text}"
    return text


def _add(args: argparse.Namespace, store: ProjectStore) -> int:
    if not args.recording or len(args.recording) != 1:
        raise EbcdError("touchpoints add needs one --recording")
    if args.start is None or args.end is None:
        raise EbcdError("touchpoints add needs --start and --end (seconds) of the moment")
    with store.session() as s:
        rec_id = projects.resolve_recording(s, args.recording[0]).id
    ids = touchpoints.words_between(store, rec_id, args.start, args.end)
    if not ids:
        raise EbcdError(f"no transcribed words between {args.start} s and {args.end} s")
    change = touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
        first_word_id=ids[0], last_word_id=ids[-1],
        stage_id=_stage_id(store, args.stage and args.stage[0], args.journey),
        sentiment=touchpoints.parse_sentiment(args.sentiment and args.sentiment[0]),
        emotion=(args.emotion or [""])[0], themes=tuple(args.theme or ()), note=args.note,
        author=args.author, is_quote=args.quotes))
    out(f"added touch point {change.touchpoint_id} ({len(ids)} words)")
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        rows = board.load_board(store)
        redact = redaction.project_redactor(store)
        emit(board.export_quotes(rows, redact), args.out)
        if args.out:
            outputs.record_output(store, Path(args.out), "quotes")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "touchpoints", cmd_touchpoints, "list, add or export touch points")
    sp.add_argument("project")
    sp.add_argument("action", choices=["list", "add", "export", "place"],
                    help="place: put touch points that need attention on the words now "
                    "spoken at their old time")
    sp.add_argument("ids", nargs="*", type=int, help="place: touch point ids")
    sp.add_argument("--recording", action="append", help="id or file name")
    sp.add_argument("--stage", action="append", help="journey stage name (repeatable)")
    sp.add_argument("--journey", choices=[j.value for j in JourneyType])
    sp.add_argument("--sentiment", action="append", choices=[s.value for s in Sentiment])
    sp.add_argument("--emotion", action="append")
    sp.add_argument("--theme", action="append")
    sp.add_argument("--role", action="append", choices=[r.value for r in Role])
    sp.add_argument("--quotes", action="store_true", help="quotes only (add: mark as quote)")
    sp.add_argument("--start", type=float, help="add: seconds where the moment starts")
    sp.add_argument("--end", type=float, help="add: seconds where it ends")
    sp.add_argument("--note", default="")
    sp.add_argument("--author", default="")
    sp.add_argument("--format", choices=["csv", "json"], default="csv")
    sp.add_argument("--out")

    sp = command(sub, "quotes", cmd_quotes, "the quote list, attributed by role and pseudonym")
    sp.add_argument("project")
    sp.add_argument("--out")
