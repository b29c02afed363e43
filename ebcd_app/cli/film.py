"""`ebcd film PROJECT show|draft|render|export`: the trigger film from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebcd_app.basics.clock import clock
from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, command, open_project, out
from ebcd_app.cli.progress import TerminalProgress
from ebcd_app.film.export import EXPORT_FORMATS, export
from ebcd_app.services import film, film_draft, outputs, projects
from ebcd_app.store.db import ProjectStore

MARKS = {"seen": "", "heard": " [voice only]", "disguised": " [voice disguised]",
         "words": " [words only, no voice]", "refused": " [REFUSED]"}


def _show(store: ProjectStore) -> None:
    view = film.film_view(store)
    at = 0.0
    for i, ch in enumerate(view.chapters, 1):
        out(f"{clock(at)}  Chapter {i}: {ch.title}  ({clock(ch.duration)})")
        at += film.TITLE_CARD_SECONDS
        for c in ch.clips:
            out(f"{clock(at)}    {c.speaker}{MARKS[c.use.value]}, {c.recording_name} "
                f"{clock(c.src_in)}-{clock(c.src_out)}: “{c.text[:70]}”")
            if c.reason:
                out(f"             why: {c.reason}")
            at += c.duration
    status, sentence = view.budget()
    out(f"total {sentence}" + ("" if status == "within" else "  <- outside the budget"))
    out("(flagged names show as [name], as in the film; other names as said: a "
        "facilitator's view, and the render and exports redact those too)")
    if why := film.needs_render(store):
        out(f"needs a new render: {why}")


def _draft(store: ProjectStore) -> None:
    result = film_draft.auto_draft(store)
    out(f"drafted {result.chapters} chapters, {result.clips} clips: {result.budget}")
    for note in result.notes:
        out(f"note: {note}")
    _show(store)


def _render(store: ProjectStore, args: argparse.Namespace) -> None:
    from ebcd_app.film.render import render_film  # loaded only for a render

    if not args.out:
        raise EbcdError("film render needs --out FILM.mp4")
    if args.redaction_sound:
        projects.set_redaction_sound(store, args.redaction_sound)
    plan = film.build_plan(store)
    if not plan.timeline():
        raise EbcdError("the film has no chapters yet (try: ebcd film PROJECT draft)")
    with film.plain_sources(store, plan) as readable:
        result = render_film(readable, Path(args.out), progress=TerminalProgress())
    film.rendered(store)
    outputs.record_output(store, Path(args.out), "film")
    out(f"rendered {args.out}: {clock(result.duration)}, "
        f"{result.size_bytes / 1e6:.1f} MB in {result.seconds_taken:.0f} s")
    hidden = sum(len(item.clip.hidden()) for item in plan.timeline() if item.clip)
    if hidden:
        cover = "silence" if plan.redaction_sound == "silence" else "a tone"
        out(f"redacted words: {hidden} covered by {cover} and shown as [name]")


def _export(store: ProjectStore, args: argparse.Namespace) -> None:
    if not args.out or not args.format:
        raise EbcdError("film export needs --format and --out")
    export(film.build_plan(store), args.format, Path(args.out))
    outputs.record_output(store, Path(args.out), f"film export ({args.format})")
    out(f"wrote {args.out} ({args.format})")


def cmd_film(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        if args.action == "draft":
            _draft(store)
        elif args.action == "show":
            _show(store)
        elif args.action == "render":
            _render(store, args)
        else:
            _export(store, args)
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "film", cmd_film, "draft, show, render or export the trigger film")
    sp.add_argument("project")
    sp.add_argument("action", choices=["show", "draft", "render", "export"])
    sp.add_argument("--format", choices=EXPORT_FORMATS)
    sp.add_argument("--out")
    sp.add_argument("--redaction-sound", choices=projects.REDACTION_SOUNDS,
                    help="what a redacted word sounds like in the film (saved in the "
                         "project; default tone)")
