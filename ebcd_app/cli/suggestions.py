"""`ebcd suggest` and `ebcd suggestions`: language suggestions, made and then decided by a
person (sentiments, names to redact, themes)."""

from __future__ import annotations

import argparse

from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, command, open_project, out
from ebcd_app.cli.progress import TerminalProgress
from ebcd_app.services import projects, suggestions


def cmd_suggest(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        ids = None
        if args.recording:
            with store.session() as s:
                ids = [projects.resolve_recording(s, r).id for r in args.recording]
        run = suggestions.run_suggestions(store, ids, progress=TerminalProgress())
    out(f"suggested for {run.recordings} recording(s) using {run.pipeline}: "
        f"{run.sentiment} sentiments, {run.redaction} names to redact, "
        f"{run.themes} themes (review with: ebcd suggestions PROJECT list)")
    return 0


def cmd_suggestions(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        if args.action == "list":
            items = suggestions.list_suggestions(store)
            for x in items:
                where = x.recording_name or "all interviews"
                out(f"{x.id:>4}  {x.kind.value:<9} {where:<22.22} {x.summary}")
            out(f"{len(items)} pending suggestion(s)")
            return 0
        if not args.ids:
            raise EbcdError(f"suggestions {args.action} needs suggestion ids")
        act = suggestions.accept if args.action == "accept" else suggestions.reject
        for sid in args.ids:
            act(store, sid, author=args.author)
        out(f"{args.action}ed {len(args.ids)} suggestion(s)")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "suggest", cmd_suggest, "suggest sentiments, names to redact and themes")
    sp.add_argument("project")
    sp.add_argument("--recording", action="append")

    sp = command(sub, "suggestions", cmd_suggestions, "list, accept or reject suggestions")
    sp.add_argument("project")
    sp.add_argument("action", choices=["list", "accept", "reject"])
    sp.add_argument("ids", nargs="*", type=int)
    sp.add_argument("--author", default="")
