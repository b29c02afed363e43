"""The `ebcd` command: builds the parser from the command modules and runs one command.

Every command exits 0 on success and otherwise with one line on stderr: 1 for a problem
with the input or the project (an EbcdError, or anything unforeseen, whose traceback goes
to the log), 2 for a command line argparse cannot read (its usage line), 130 when the user
cancelled or pressed Ctrl+C. This is the one place that turns failures into exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ebcd_app import __version__
from ebcd_app.basics import crashlog
from ebcd_app.basics.errors import Cancelled, EbcdError
from ebcd_app.cli import (
    demo,
    emotional_map,
    events,
    film,
    groups,
    gui,
    jobs,
    media,
    notes,
    packs,
    privacy,
    projects,
    search,
    snapshots,
    suggestions,
    touchpoints,
    transcripts,
    vocabulary,
)
from ebcd_app.cli.common import Handler

# in the order `ebcd --help` lists them: the EBCD stages as a project goes through them
COMMAND_MODULES = (projects, media, transcripts, notes, search, jobs, snapshots, touchpoints,
                   suggestions, vocabulary, emotional_map, film, events, groups, packs,
                   privacy, gui, demo)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ebcd", description="EBCD Studio: experience-based "
                                "co-design workbench (offline).")
    p.add_argument("--version", action="version", version=f"ebcd {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # a usage error exits 2 here, as argparse does
    handler: Handler = getattr(args, "handler", None) or gui.cmd_gui  # `ebcd` alone: the app
    try:
        return handler(args)
    except Cancelled as exc:
        print(f"\nebcd: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\nebcd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except EbcdError as exc:
        print(f"ebcd: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last net: one line here, traceback in the log
        return _failed(exc)


def _failed(exc: Exception) -> int:
    """One line on stderr for anything that is not an EbcdError (the store turns the
    database's own failures into EbcdErrors; this is the last net), traceback to the log."""

    log = crashlog.record(" ".join(sys.argv[1:3]) or "run", exc)
    why = crashlog.reason(exc)
    where = f" (details in {log})" if log is not None and crashlog.is_fault(exc) else ""
    print(f"ebcd: {why}{where}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
