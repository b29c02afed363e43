"""`ebcd film PROJECT show|draft|render|export`: the trigger film from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.services import film, film_draft, projects
from ebcd_app.store.db import ProjectStore

EXPORT_FORMATS = ("otio", "edl", "fcpxml", "fcp7xml", "srt", "vtt", "chapters")


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _show(store: ProjectStore) -> None:
    view = film.film_view(store)
    at = 0.0
    for i, ch in enumerate(view.chapters, 1):
        print(f"{_clock(at)}  Chapter {i}: {ch.title}  ({_clock(ch.duration)})")
        at += film.TITLE_CARD_SECONDS
        for c in ch.clips:
            mark = {"seen": "", "heard": " [voice only]", "refused": " [REFUSED]"}[c.use.value]
            print(f"{_clock(at)}    {c.speaker}{mark}, {c.recording_name} "
                  f"{_clock(c.src_in)}-{_clock(c.src_out)}: “{c.text[:70]}”")
            if c.reason:
                print(f"             why: {c.reason}")
            at += c.duration
    status, sentence = view.budget()
    print(f"total {sentence}" + ("" if status == "within" else "  <- outside the budget"))


def cmd_film(args: argparse.Namespace) -> int:
    from ebcd_app.cli.progress import TerminalProgress

    with projects.open_project(Path(args.project)) as store:
        if args.action == "draft":
            result = film_draft.auto_draft(store)
            print(f"drafted {result.chapters} chapters, {result.clips} clips: {result.budget}")
            for note in result.notes:
                print(f"note: {note}")
            _show(store)
        elif args.action == "show":
            _show(store)
        elif args.action == "render":
            from ebcd_app.film.render import render_film

            if not args.out:
                raise EbcdError("film render needs --out FILM.mp4")
            plan = film.build_plan(store)
            if not plan.timeline():
                raise EbcdError("the film has no chapters yet (try: ebcd film PROJECT draft)")
            result = render_film(plan, Path(args.out), progress=TerminalProgress())
            print(f"rendered {args.out}: {_clock(result.duration)}, "
                  f"{result.size_bytes / 1e6:.1f} MB in {result.seconds_taken:.0f} s")
        else:
            from ebcd_app.film.export import export

            if not args.out or not args.format:
                raise EbcdError("film export needs --format and --out")
            export(film.build_plan(store), args.format, Path(args.out))
            print(f"wrote {args.out} ({args.format})")
    return 0


def add_commands(sub: argparse._SubParsersAction,
                 cmd: Callable[..., argparse.ArgumentParser]) -> None:
    sp = cmd("film", cmd_film, "draft, show, render or export the trigger film")
    sp.add_argument("project")
    sp.add_argument("action", choices=["show", "draft", "render", "export"])
    sp.add_argument("--format", choices=EXPORT_FORMATS)
    sp.add_argument("--out")
