"""`ebcd pack PROJECT KIND`: the print-ready A4 packs for the events and the groups."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, command, open_project, out
from ebcd_app.cli.events import KINDS_HELP
from ebcd_app.cli.progress import TerminalProgress
from ebcd_app.services import events, groups


def cmd_pack(args: argparse.Namespace) -> int:
    from ebcd_app.services.pack_making import make_pack  # ReportLab: a quarter second to load

    with open_project(args) as store:
        kind = "group" if args.kind == "group" else \
            events.parse_kind(args.kind, events.kinds(store)).value
        group_id = groups.resolve_group(store, args.group) if args.group else None
        if kind == "group" and group_id is None:
            raise EbcdError("a group pack needs --group GROUP")
        path = Path(args.out) if args.out else Path.cwd()
        if args.out and args.out.endswith(("/", os.sep)):  # "--out packs/": a folder
            path.mkdir(parents=True, exist_ok=True)
        result = make_pack(store, kind, path, group_id=group_id, progress=TerminalProgress())
        note = (f"; {result.withheld} item(s) left out for consent" if result.withheld else "")
        out(f"wrote {result.path}: {result.title}, {result.pages} pages{note}")
        if result.generalised:
            out(f"small groups protected: {result.generalised} touch point(s) attributed to "
                f"“a staff member” because {'; '.join(result.why_generalised)}")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "pack", cmd_pack, "make an event pack (print-ready A4 PDF)")
    sp.add_argument("project")
    sp.add_argument("kind", help=f"{KINDS_HELP}, or group (with --group)")
    sp.add_argument("--group", help="the co-design group (id or name)")
    sp.add_argument("--out", help="the PDF, or a folder (default: here)")
