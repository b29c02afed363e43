"""`ebcd erase` and `ebcd audit`: forget a person for good, and check that nothing is left."""

from __future__ import annotations

import argparse
import json

from ebcd_app.cli.common import Subparsers, command, err, open_project, out
from ebcd_app.services import erasure, privacy_audit


def cmd_erase(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        if not args.yes:
            plan = erasure.plan_erasure(store, args.participant)
            out(f"Erasing participant {args.participant} ({plan.who}) would remove:")
            for line in plan.lines():
                out(f"  {line}")
            err("nothing was erased: run again with --yes to erase, which cannot be undone")
            return 1
        done = erasure.erase_participant(store, args.participant, by=args.by or "")
    out(f"erased participant {args.participant}:")
    for line in done.lines():
        out(f"  {line}")
    out(f"  {done.files_removed} file(s) overwritten and removed; the database vacuumed")
    out("the audit trail keeps that this erasure happened, when and by whom; "
        f"check with: ebcd audit {args.project}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        report = privacy_audit.audit_project(store)
    if args.json:
        out(json.dumps({"files_read": report.files_read, "erasures": report.erasures,
                        "findings": [{"file": str(f.file), "where": f.where, "what": f.what}
                                     for f in report.findings]}, indent=2))
    else:
        for f in report.findings:
            out(f"{f.file}: {f.where}: {f.what}")
        out(f"{report.files_read} file(s) read, {report.erasures} erasure(s) checked: "
            + ("nothing found" if report.clean else f"{len(report.findings)} finding(s)"))
    return 0 if report.clean else 1


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "erase", cmd_erase, "erase a participant and everything of theirs "
                 "(lists what would go unless --yes)")
    sp.add_argument("project")
    sp.add_argument("participant", type=int)
    sp.add_argument("--yes", action="store_true", help="erase; this cannot be undone")
    sp.add_argument("--by", help="who is erasing (kept in the audit trail)")
    sp = command(sub, "audit", cmd_audit, "look through the project's files and outputs "
                 "for erased people and redacted names (exit 1 if any is found)")
    sp.add_argument("project")
    sp.add_argument("--json", action="store_true")
