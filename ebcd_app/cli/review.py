"""`ebcd` commands for touch points, language suggestions, quotes and the emotional map."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ebcd_app.basics.atomic import write_text
from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import JourneyType, Role, Sentiment
from ebcd_app.services import (
    board,
    projects,
    reanchor,
    suggestions,
    touchpoints,
    vocabulary,
)
from ebcd_app.services.emotional_map import build_map
from ebcd_app.store.db import ProjectStore


def _open(args: argparse.Namespace) -> ProjectStore:
    return projects.open_project(Path(args.project))


def _emit(text: str, out: str | None) -> None:
    if out:
        write_text(Path(out), text)
        print(f"wrote {out}")
    else:
        sys.stdout.write(text)


def _filter(args: argparse.Namespace) -> board.BoardFilter:
    def opt(values, convert=lambda v: v):
        return frozenset(convert(v) for v in values) if values else None

    recordings = None
    if args.recording:
        with _open(args) as store, store.session() as s:
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


def _cell(text: str, width: int) -> str:
    """A table cell: cut with an ellipsis, so a cut stage name does not read as a whole one."""
    return (text if len(text) <= width else text[:width - 1] + "…").ljust(width)


def cmd_touchpoints(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.action == "add":
            return _add(args, store)
        if args.action == "place":
            if not args.ids:
                raise EbcdError("touchpoints place needs touch point ids")
            for tp_id in args.ids:
                text = reanchor.place_again(store, "touch point", tp_id)
                print(f"placed touch point {tp_id} on “{text}”")
            return 0
        rows = board.filter_rows(board.load_board(store), _filter(args))
    if args.action == "export":
        _emit(board.export_rows(rows, args.format), args.out)
        return 0
    print(f"{'ID':>4}  {'STAGE':<18} {'SENTIMENT':<9} {'EMOTION':<12} {'WHO':<22} TEXT")
    for r in rows:
        sentiment = r.sentiment.value if r.sentiment else "-"
        text = r.text if len(r.text) <= 70 else r.text[:69] + "…"
        if r.needs_attention:
            text = f"NEEDS ATTENTION (words gone after the transcript was replaced): {text}"
        print(f"{r.id:>4}  {_cell(r.stage or '-', 18)} {sentiment:<9} "
              f"{_cell(r.emotion or '-', 12)} {_cell(r.attribution, 22)} {text}")
    attention = sum(r.needs_attention for r in rows)
    print(f"{len(rows)} touch point(s)" + (f", {attention} needing attention" if attention
                                            else ""))
    return 0


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
    print(f"added touch point {change.touchpoint_id} ({len(ids)} words)")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from ebcd_app.cli.progress import TerminalProgress

    with _open(args) as store:
        ids = None
        if args.recording:
            with store.session() as s:
                ids = [projects.resolve_recording(s, r).id for r in args.recording]
        run = suggestions.run_suggestions(store, ids, progress=TerminalProgress())
    print(f"suggested for {run.recordings} recording(s) using {run.pipeline}: "
          f"{run.sentiment} sentiments, {run.redaction} names to redact, "
          f"{run.themes} themes (review with: ebcd suggestions PROJECT list)")
    return 0


def cmd_suggestions(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.action == "list":
            items = suggestions.list_suggestions(store)
            for x in items:
                where = x.recording_name or "all interviews"
                print(f"{x.id:>4}  {x.kind.value:<9} {where:<22.22} {x.summary}")
            print(f"{len(items)} pending suggestion(s)")
            return 0
        if not args.ids:
            raise EbcdError(f"suggestions {args.action} needs suggestion ids")
        act = suggestions.accept if args.action == "accept" else suggestions.reject
        for sid in args.ids:
            act(store, sid, author=args.author)
        print(f"{args.action}ed {len(args.ids)} suggestion(s)")
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = board.load_board(store)
    _emit(board.export_quotes(rows), args.out)
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from ebcd_app.maps.svg import render_svg

    journeys = [JourneyType(j) for j in args.journey] if args.journey else list(JourneyType)
    with _open(args) as store:
        data = build_map(store, board.load_board(store), journeys)
    svg = render_svg(data)
    out = Path(args.out)
    if out.suffix.lower() == ".svg":
        write_text(out, svg)
    elif out.suffix.lower() == ".png":
        from ebcd_app.gui.svg_png import svg_to_png

        svg_to_png(svg, out, width=args.width)
    else:
        raise EbcdError(f"{out}: the map can be written as .svg or .png")
    print(f"wrote {out}: {data.subtitle}")
    return 0


def cmd_vocabulary(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.add_stage:
            if not args.journey:
                raise EbcdError("--add-stage needs --journey patient|staff")
            vocabulary.add_stage(store, JourneyType(args.journey), args.add_stage,
                                 None if args.position is None else args.position - 1)
        if args.add_emotion:
            if not args.sentiment:
                raise EbcdError("--add-emotion needs --sentiment")
            vocabulary.add_emotion(store, args.add_emotion, Sentiment(args.sentiment[0]))
        for journey in JourneyType:
            names = [st.name for st in vocabulary.stages(store, journey)]
            print(f"{journey.value} journey: " + " > ".join(names))
        for sentiment, words in vocabulary.emotions(store).items():
            print(f"{sentiment.value}: " + ", ".join(words))
    return 0


def add_commands(sub: argparse._SubParsersAction,
                 cmd: Callable[..., argparse.ArgumentParser]) -> None:
    sp = cmd("touchpoints", cmd_touchpoints, "list, add or export touch points")
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

    sp = cmd("suggest", cmd_suggest, "suggest sentiments, names to redact and themes")
    sp.add_argument("project")
    sp.add_argument("--recording", action="append")

    sp = cmd("suggestions", cmd_suggestions, "list, accept or reject suggestions")
    sp.add_argument("project")
    sp.add_argument("action", choices=["list", "accept", "reject"])
    sp.add_argument("ids", nargs="*", type=int)
    sp.add_argument("--author", default="")

    sp = cmd("quotes", cmd_quotes, "the quote list, attributed by role and pseudonym")
    sp.add_argument("project")
    sp.add_argument("--out")

    sp = cmd("vocabulary", cmd_vocabulary, "show or extend journey stages and emotion words")
    sp.add_argument("project")
    sp.add_argument("--add-stage")
    sp.add_argument("--journey", choices=[j.value for j in JourneyType])
    sp.add_argument("--position", type=int, help="1 = first (default: last)")
    sp.add_argument("--add-emotion")
    sp.add_argument("--sentiment", action="append", choices=[s.value for s in Sentiment])

    sp = cmd("map", cmd_map, "draw the emotional map as SVG or PNG")
    sp.add_argument("project")
    sp.add_argument("--out", required=True, help="map.svg or map.png")
    sp.add_argument("--journey", action="append", choices=[j.value for j in JourneyType])
    sp.add_argument("--width", type=int, default=1600)
