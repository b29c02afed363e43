"""`ebcd gui` (and `ebcd` alone): the desktop app, the one command that reaches into Qt.

The import is inside the command so that every other command starts without Qt, and works
where PySide6 is missing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, command


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from ebcd_app.gui.app import run_gui
    except ImportError as exc:
        raise EbcdError(f"the desktop app cannot start: {exc} "
                        "(install PySide6-Essentials and PySide6-Addons)") from None
    project = Path(args.project) if getattr(args, "project", None) else None
    screenshot = getattr(args, "screenshot", None)
    return run_gui(project, demo=getattr(args, "demo", False),
                   screenshot=Path(screenshot) if screenshot else None)


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "gui", cmd_gui, "open the desktop app (the default with no command)")
    sp.add_argument("project", nargs="?")
    sp.add_argument("--demo", action="store_true", help="open the demo project")
    sp.add_argument("--screenshot", metavar="PNG",
                    help="save a picture of the window once it is up, then quit "
                    "(a check that the app starts, e.g. after installing)")
