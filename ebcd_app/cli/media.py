"""`ebcd import` and `ebcd recordings`: bringing interviews in and seeing what is there."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ebcd_app.basics.clock import clock
from ebcd_app.basics.errors import DuplicateRecordingError, EbcdError
from ebcd_app.basics.progress import ProgressUpdate
from ebcd_app.cli.common import Subparsers, command, open_project, out, print_table
from ebcd_app.cli.progress import TerminalProgress
from ebcd_app.services import media_import, projects


def cmd_recordings(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        recs = projects.list_recordings(store)
    print_table("{:>3}  {:<36} {:>9}  {:<5} {}", ("ID", "FILE", "DURATION", "KIND", "STATE"),
                ((r.id, r.original_name[:36], clock(r.duration),
                  "video" if r.has_video else "audio", r.state_text) for r in recs))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import each file in turn; one that fails is reported and the rest still come in."""
    failures = 0
    with open_project(args) as store:
        sources = media_import.expand_sources(Path(f) for f in args.files)
        bar = TerminalProgress()
        for i, source in enumerate(sources, 1):
            def progress(u: ProgressUpdate, i: int = i, name: str = source.name) -> None:
                bar(ProgressUpdate(f"importing {name}", u.fraction, i, len(sources)))
            try:
                res = media_import.import_recording(store, source,
                                                    participant_ids=args.participant or (),
                                                    progress=progress)
                bar.close()
                kind = "video" if res.has_video else "audio"
                out(f"imported {res.original_name} as recording {res.recording_id} "
                    f"({clock(res.duration)}, {kind})")
            except DuplicateRecordingError as exc:
                bar.close()
                out(f"skipped: {exc}")
            except EbcdError as exc:
                bar.close()
                print(f"ebcd: {exc}", file=sys.stderr)
                failures += 1
    return 1 if failures else 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "recordings", cmd_recordings, "list recordings with duration and state")
    sp.add_argument("project")

    sp = command(sub, "import", cmd_import, "import recordings (files or folders)")
    sp.add_argument("project")
    sp.add_argument("files", nargs="+")
    sp.add_argument("--participant", type=int, action="append",
                    help="participant id heard in the recording (repeatable)")
