"""`ebcd search`: every transcript and field note, with where each hit is."""

from __future__ import annotations

import argparse

from ebcd_app.basics.clock import clock
from ebcd_app.cli.common import Subparsers, command, open_project, out
from ebcd_app.services import search
from ebcd_app.services.redaction import FACILITATOR_VIEW


def cmd_search(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        hits = search.search(store, args.query, limit=args.limit)
    if not hits:
        out(f"no matches for: {args.query}")
        return 0
    for h in hits:
        if h.kind == "transcript":
            out(f"{h.recording_name} (recording {h.recording_id}) at {clock(h.time)}: "
                f"{h.context}")
        else:
            when = h.observed_at.strftime("%Y-%m-%d %H:%M") if h.observed_at else ""
            where = f"{when}, {h.place}" if h.place else when
            out(f"field note {h.note_id} ({where}): {h.context}")
    out(f"({len(hits)} match{'es' if len(hits) != 1 else ''}, {FACILITATOR_VIEW})")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "search", cmd_search, "search every transcript and field note")
    sp.add_argument("project")
    sp.add_argument("query")
    sp.add_argument("--limit", type=int, default=50)
