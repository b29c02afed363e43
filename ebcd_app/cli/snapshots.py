"""`ebcd snapshots` and `ebcd restore`: the database's snapshots, for when it is damaged.

These commands do not open the project (it may be the damaged thing): they only check that
the folder is one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ebcd_app.basics.errors import ProjectError
from ebcd_app.cli.common import Subparsers, command, out, passphrase, print_table
from ebcd_app.services import snapshots
from ebcd_app.store.db import is_project, project_keys


def _folder(args: argparse.Namespace) -> Path:
    folder = Path(args.project).expanduser().resolve()
    if not is_project(folder):
        raise ProjectError(f"{folder}: not an EBCD Studio project (no project.db in it)")
    return folder


def cmd_snapshots(args: argparse.Namespace) -> int:
    folder = _folder(args)
    found = snapshots.list_snapshots(folder, project_keys(folder, passphrase(folder)))
    if not found:
        out(f"no snapshots yet in {snapshots.snapshot_dir(folder)}")
        return 0
    print_table("{:>3}  {:<19}  {:>9}  {:<7} {}", ("#", "TAKEN", "SIZE", "CHECK", "FILE"),
                ((i, f"{snap.taken_at:%Y-%m-%d %H:%M:%S}", f"{snap.size / 1e6:7.1f} MB",
                  "ok" if snap.ok else "DAMAGED", snap.name)
                 for i, snap in enumerate(found, 1)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    folder = _folder(args)
    restored, kept = snapshots.restore(folder, args.snapshot,
                                       project_keys(folder, passphrase(folder)))
    out(f"restored {restored.name} into {folder / 'project.db'}")
    if kept is not None:
        out(f"the database as it was is kept as snapshot {kept.name}")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "snapshots", cmd_snapshots, "list the project's database snapshots "
                 "(time, size, whether each passes a check)")
    sp.add_argument("project")
    sp = command(sub, "restore", cmd_restore, "put a snapshot back as the project's database "
                 "(the current one is kept as a snapshot first)")
    sp.add_argument("project")
    sp.add_argument("snapshot", help="its file name or number as `ebcd snapshots` lists it")
