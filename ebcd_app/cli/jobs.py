"""`ebcd jobs`: the long-running jobs (transcriptions) and how far each got."""

from __future__ import annotations

import argparse

from ebcd_app.cli.common import Subparsers, command, open_project, out
from ebcd_app.services.jobs import list_jobs, reset_stale_jobs


def cmd_jobs(args: argparse.Namespace) -> int:
    with open_project(args) as store, store.session() as s:
        reset_stale_jobs(s)  # a job whose process died reads as failed, not as running
        for job in list_jobs(s):
            err = f" ({job.error})" if job.error else ""
            out(f"{job.id:>3}  {job.kind:<11} recording {job.recording_id}  "
                f"{job.state.value:<11} {int(job.progress * 100):3d}%{err}")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "jobs", cmd_jobs, "list long-running jobs and their state")
    sp.add_argument("project")
