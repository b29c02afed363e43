"""`ebcd note add`: field notes from observation (stage 1)."""

from __future__ import annotations

import argparse

from ebcd_app.cli.common import Subparsers, actions, command, open_project, out
from ebcd_app.services import notes


def cmd_note_add(args: argparse.Namespace) -> int:
    at = notes.parse_observed_at(args.at) if args.at else None
    with open_project(args) as store:
        nid = notes.add_note(store, text=args.text, observed_at=at, place=args.place or "",
                             author=args.author or "")
    out(f"added field note {nid}")
    return 0


def add_commands(sub: Subparsers) -> None:
    nsub = actions(command(sub, "note", None, "field notes from observation"))
    sp = command(nsub, "add", cmd_note_add, "add a field note")
    sp.add_argument("project")
    sp.add_argument("text")
    sp.add_argument("--place")
    sp.add_argument("--at", help="when it was observed: " + notes.DATE_HELP
                    + " (default: now); e.g. '2026-10-02 07:45' or 'yesterday 14:30'")
    sp.add_argument("--author")
