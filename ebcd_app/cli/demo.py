"""`ebcd demo`: the demo project built and transcribed in the terminal (no display needed)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebcd_app.cli.common import Subparsers, command, new_passphrase, out
from ebcd_app.cli.progress import TerminalProgress


def cmd_demo(args: argparse.Namespace) -> int:
    from ebcd_app.services.demo import build_demo  # loads the speech and language stacks

    folder = Path(args.dir) if args.dir else None
    secret = new_passphrase(folder or Path("the demo project")) if args.encrypt else None
    build_demo(folder, model=args.model, out=out, progress=TerminalProgress(),
               passphrase=secret, staff=args.staff)
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "demo", cmd_demo,
                 "build and transcribe the demo project from bundled samples")
    sp.add_argument("--dir", help="where to build it (default: in your data folder)")
    sp.add_argument("--model")
    sp.add_argument("--staff", action="store_true",
                    help="the staff-experience demo: night staff of a mental-health ward, "
                    "feedback to colleagues and senior leadership")
    sp.add_argument("--encrypt", action="store_true",
                    help="build it encrypted at rest (passphrase asked for, or from "
                    "EBCD_PASSPHRASE)")
