"""`ebcd new`, `ebcd participant add|list` and `ebcd consent`: the project and its people."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebcd_app.cli.common import (
    Subparsers,
    actions,
    command,
    new_passphrase,
    open_project,
    out,
    print_table,
)
from ebcd_app.domain.models import JourneyType, ProjectKind, Scope
from ebcd_app.services import projects


def cmd_new(args: argparse.Namespace) -> int:
    vocab = [v.strip() for v in (args.vocabulary or "").split(",") if v.strip()]
    folder = Path(args.project)
    secret = new_passphrase(folder) if args.encrypt else None
    kind = ProjectKind.STAFF_EXPERIENCE if args.kind == "staff" else \
        ProjectKind.PATIENT_EXPERIENCE
    with projects.create_project(folder, name=args.name, service=args.service,
                                 journey_type=JourneyType(args.journey),
                                 vocabulary=vocab, passphrase=secret, kind=kind) as store:
        out(f"created {'encrypted ' if secret else ''}project '{args.name}' in {store.folder}")
    return 0


def cmd_participant_add(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        pid = projects.add_participant(
            store, name=args.name, role=projects.parse_role(args.role),
            pseudonym=args.pseudonym or "", granted=projects.parse_scopes(args.consent or ""),
            taken_by=args.taken_by or "", shown_as=args.shown_as or "",
            attributes=projects.parse_attributes(args.attribute or []))
        out(f"added participant {pid}: {args.name} ({args.role})")
    return 0


def cmd_participant_list(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        people = projects.list_participants(store)
    print_table("{:>3}  {:<24} {:<12} {:<13} {:<10} {}",
                ("ID", "NAME", "PSEUDONYM", "ROLE", "RECORDINGS", "CONSENTED TO"),
                ((p.id, p.display_name, p.pseudonym, p.role.value,
                  ",".join(map(str, p.recording_ids)) or "-",
                  ", ".join(s.value for s, ok in p.consents.items() if ok) or "-")
                 for p in people))
    return 0


def cmd_consent(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        if args.withdraw is not None:
            scopes = projects.parse_scopes(args.withdraw) if args.withdraw else None
            projects.withdraw_consent(store, args.participant, by=args.taken_by or "",
                                      scopes=scopes)
            out(f"recorded withdrawal for participant {args.participant}")
        else:
            granted = projects.parse_scopes(args.grant or "")
            projects.set_consent(store, args.participant, granted=granted,
                                 taken_by=args.taken_by or "")
            out(f"recorded consent for participant {args.participant}: "
                + (", ".join(g.value for g in granted) or "nothing"))
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    from ebcd_app.cli.progress import TerminalProgress
    from ebcd_app.services.encryption import encrypt_project

    folder = Path(args.project)
    done = encrypt_project(folder, new_passphrase(folder), progress=TerminalProgress())
    out(f"encrypted {done.folder}: project.db, {done.files_sealed} media and derived "
        f"file(s), {done.snapshots} snapshot(s). Keep the passphrase safe: without it the "
        "project cannot be opened, and it cannot be recovered")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "new", cmd_new, "create a project folder")
    sp.add_argument("project")
    sp.add_argument("--name", required=True)
    sp.add_argument("--service", default="")
    sp.add_argument("--journey", choices=[j.value for j in JourneyType], default="patient")
    sp.add_argument("--vocabulary", help="comma-separated words to help spelling "
                    "(ward names, roles)")
    sp.add_argument("--encrypt", action="store_true",
                    help="encrypt the project at rest (asks for a passphrase, or reads "
                    "EBCD_PASSPHRASE)")
    sp.add_argument("--kind", choices=["patient", "staff"], default="patient",
                    help="whose experience: patient (the default) or staff (feedback to "
                    "colleagues and senior leadership)")
    sp = command(sub, "encrypt", cmd_encrypt, "encrypt an existing project at rest: its "
                 "database, snapshots, recordings and derived files (asks for a new "
                 "passphrase, or reads EBCD_PASSPHRASE)")
    sp.add_argument("project")

    psub = actions(command(sub, "participant", None, "add or list participants"))
    sp = command(psub, "add", cmd_participant_add, "add a participant")
    sp.add_argument("project")
    sp.add_argument("--name", required=True)
    sp.add_argument("--role", required=True, help="staff, patient, family-carer or other")
    sp.add_argument("--pseudonym")
    sp.add_argument("--consent", help="comma-separated scopes consented to: "
                    + ", ".join(s.value for s in Scope))
    sp.add_argument("--taken-by", help="who took the consent")
    sp.add_argument("--shown-as", help="the role they agreed to be shown as, e.g. "
                    "'a nurse on nights' (used instead of role and pseudonym)")
    sp.add_argument("--attribute", action="append", help="what small-group protection "
                    "counts, e.g. band=7, team=Ward 12, shift=nights (repeatable)")
    sp = command(psub, "list", cmd_participant_list, "list participants")
    sp.add_argument("project")

    sp = command(sub, "consent", cmd_consent, "record or withdraw a participant's consent")
    sp.add_argument("project")
    sp.add_argument("participant", type=int)
    group = sp.add_mutually_exclusive_group(required=True)
    group.add_argument("--grant", help="the scopes consented to (all others: no)")
    group.add_argument("--withdraw", nargs="?", const="", help="withdraw these scopes "
                       "(all when none given)")
    sp.add_argument("--taken-by")
