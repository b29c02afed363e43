"""What every command module shares, written once so the commands cannot drift apart: how
a command is registered, how the project is opened, how output goes to a file or the
terminal, how a table and a date are read and written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from ebcd_app.basics.atomic import write_text
from ebcd_app.basics.errors import EbcdError
from ebcd_app.services import projects
from ebcd_app.store.db import ProjectStore
from ebcd_app.store.vault import PASSPHRASE_ENV, is_encrypted, passphrase_from_env

Handler = Callable[[argparse.Namespace], int]
Subparsers = argparse._SubParsersAction  # what add_subparsers() returns


def command(sub: Subparsers, name: str, handler: Handler | None,
            help_: str) -> argparse.ArgumentParser:
    """A subcommand whose help is also its description, so `ebcd NAME --help` says what
    `ebcd --help` says; `main` runs `handler` (None for a group with its own actions)."""
    sp = sub.add_parser(name, help=help_, description=help_)
    if handler is not None:
        sp.set_defaults(handler=handler)
    return sp


def actions(parser: argparse.ArgumentParser) -> Subparsers:
    """The ACTION subparsers of a command group (`ebcd group PROJECT ACTION`): one is needed."""
    return parser.add_subparsers(dest="action", metavar="ACTION", required=True)


def out(text: str = "") -> None:
    """One line of output, flushed, so a progress bar on stderr never overtakes it."""
    print(text, flush=True)


def err(text: str) -> None:
    """A note for the person, on standard error, so a transcript piped to a file stays clean."""
    print(text, file=sys.stderr, flush=True)


def passphrase(folder: Path) -> str | None:
    """An encrypted project's passphrase: EBCD_PASSPHRASE, else asked for at the terminal
    (never echoed); None for a plain project, or with no terminal to ask at."""
    if not is_encrypted(folder.expanduser()):
        return None
    given = passphrase_from_env()
    if given is None and sys.stdin.isatty():
        given = getpass.getpass(f"Passphrase for {folder}: ")
    return given


def new_passphrase(folder: Path) -> str:
    """The passphrase for a project being encrypted: EBCD_PASSPHRASE, else typed twice."""
    given = passphrase_from_env()
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise EbcdError(f"{folder}: encrypting needs a passphrase: type it at a terminal or "
                        f"set {PASSPHRASE_ENV}; nothing was made")
    first = getpass.getpass(f"New passphrase for {folder}: ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise EbcdError(f"{folder}: the two passphrases differ; nothing was made")
    return first


def open_project(args: argparse.Namespace) -> ProjectStore:
    """The project named by the PROJECT argument, opened (and migrated) for the command;
    an encrypted one with its passphrase (see `passphrase`)."""
    folder = Path(args.project)
    return projects.open_project(folder, passphrase=passphrase(folder))


def write_file(path: str | Path, text: str) -> None:
    """Write a command's output file safely (whole or not at all) and say where it went."""
    write_text(Path(path), text)
    out(f"wrote {path}")


def emit(text: str, path: str | None) -> None:
    """Output for `--out FILE`, or the terminal when no file is given."""
    if path:
        write_file(path, text)
    else:
        sys.stdout.write(text)


def print_table(layout: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A header and rows through one format string ("{:>3}  {:<24} {}"), so the columns
    of the header and the rows cannot come apart."""
    out(layout.format(*header))
    for row in rows:
        out(layout.format(*row))


def cell(text: str, width: int) -> str:
    """A table cell: cut with an ellipsis, so a cut stage name does not read as a whole one."""
    return (text if len(text) <= width else text[:width - 1] + "…").ljust(width)


def parse_date(text: str | None) -> date | None:
    """An ISO date from the command line; a wrong one is a one-line refusal that shows the
    form, not a traceback."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise EbcdError(f"'{text}' is not a date like 2027-02-09") from None
