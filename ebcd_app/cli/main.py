"""The `ebcd` command: a thin layer over the services.

Every command exits 0 on success and non-zero with a one-line reason on stderr otherwise
(1 for a problem with the input or project, 130 when the user cancelled).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ebcd_app import __version__
from ebcd_app.basics.errors import Cancelled, DuplicateRecordingError, EbcdError
from ebcd_app.basics.progress import ProgressUpdate
from ebcd_app.cli.progress import TerminalProgress
from ebcd_app.domain.models import JourneyType, Scope
from ebcd_app.services import media_import, notes, projects, search, transcription
from ebcd_app.services import transcripts as transcripts_service
from ebcd_app.store.db import ProjectStore

Handler = Callable[[argparse.Namespace], int]


def _out(text: str = "") -> None:
    print(text, flush=True)


def _project(args: argparse.Namespace) -> ProjectStore:
    return projects.open_project(Path(args.project))


def _duration(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def cmd_new(args: argparse.Namespace) -> int:
    vocab = [v.strip() for v in (args.vocabulary or "").split(",") if v.strip()]
    with projects.create_project(Path(args.project), name=args.name, service=args.service,
                                 journey_type=JourneyType(args.journey),
                                 vocabulary=vocab) as store:
        _out(f"created project '{args.name}' in {store.folder}")
    return 0


def cmd_participant_add(args: argparse.Namespace) -> int:
    with _project(args) as store:
        pid = projects.add_participant(
            store, name=args.name, role=projects.parse_role(args.role),
            pseudonym=args.pseudonym or "", granted=projects.parse_scopes(args.consent or ""),
            taken_by=args.taken_by or "")
        _out(f"added participant {pid}: {args.name} ({args.role})")
    return 0


def cmd_participant_list(args: argparse.Namespace) -> int:
    with _project(args) as store:
        people = projects.list_participants(store)
    _out(f"{'ID':>3}  {'NAME':<24} {'PSEUDONYM':<12} {'ROLE':<13} {'RECORDINGS':<10} CONSENTED TO")
    for p in people:
        scopes = ", ".join(s.value for s, ok in p.consents.items() if ok) or "-"
        recs = ",".join(map(str, p.recording_ids)) or "-"
        _out(f"{p.id:>3}  {p.display_name:<24} {p.pseudonym:<12} {p.role.value:<13} "
             f"{recs:<10} {scopes}")
    return 0


def cmd_consent(args: argparse.Namespace) -> int:
    with _project(args) as store:
        if args.withdraw is not None:
            scopes = projects.parse_scopes(args.withdraw) if args.withdraw else None
            projects.withdraw_consent(store, args.participant, by=args.taken_by or "",
                                      scopes=scopes)
            _out(f"recorded withdrawal for participant {args.participant}")
        else:
            granted = projects.parse_scopes(args.grant or "")
            projects.set_consent(store, args.participant, granted=granted,
                                 taken_by=args.taken_by or "")
            _out(f"recorded consent for participant {args.participant}: "
                 + (", ".join(g.value for g in granted) or "nothing"))
    return 0


def cmd_recordings(args: argparse.Namespace) -> int:
    with _project(args) as store:
        recs = projects.list_recordings(store)
    _out(f"{'ID':>3}  {'FILE':<36} {'DURATION':>9}  {'KIND':<5} STATE")
    for r in recs:
        kind = "video" if r.has_video else "audio"
        _out(f"{r.id:>3}  {r.original_name[:36]:<36} {_duration(r.duration):>9}  "
             f"{kind:<5} {r.state_text}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    failures = 0
    with _project(args) as store:
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
                _out(f"imported {res.original_name} as recording {res.recording_id} "
                     f"({_duration(res.duration)}, {kind})")
            except DuplicateRecordingError as exc:
                bar.close()
                _out(f"skipped: {exc}")
            except EbcdError as exc:
                bar.close()
                print(f"ebcd: {exc}", file=sys.stderr)
                failures += 1
    return 1 if failures else 0


def cmd_transcribe(args: argparse.Namespace) -> int:
    with _project(args) as store:
        refs = args.recording or transcription.pending_recordings(store)
        if not refs:
            _out("nothing to transcribe: every recording has a transcript")
            return 0
        bar = TerminalProgress()
        for i, ref in enumerate(refs, 1):
            def progress(u: ProgressUpdate, i: int = i) -> None:
                bar(ProgressUpdate(u.label, u.fraction, i, len(refs)))
            out = transcription.transcribe_recording(
                store, ref, model=args.model, language=args.language, force=args.force,
                replace_corrected=args.replace_corrected, progress=progress)
            bar.close()
            resumed = f", resumed at {out.resumed_from:.1f} s" if out.resumed_from else ""
            _out(f"transcribed {out.original_name}: {out.words} words, "
                 f"language {out.language}{resumed}")
            for line in out.report.lines():
                _out(line)
    return 0


def cmd_transcript(args: argparse.Namespace) -> int:
    with _project(args) as store:
        text = transcripts_service.render_transcript(store, args.recording, args.format)
    if args.out:
        from ebcd_app.basics.atomic import write_text

        write_text(Path(args.out), text)
        _out(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_import_transcript(args: argparse.Namespace) -> int:
    with _project(args) as store:
        done = transcripts_service.import_subtitles(store, args.recording, Path(args.file),
                                                    language=args.language or "",
                                                    replace_corrected=args.replace_corrected)
    for note in done.notes:
        _out(f"note: {note}")
    _out(f"imported {done.words} words from {args.file}")
    for line in done.report.lines():
        _out(line)
    return 0


def cmd_note_add(args: argparse.Namespace) -> int:
    at = notes.parse_observed_at(args.at) if args.at else None
    with _project(args) as store:
        nid = notes.add_note(store, text=args.text, observed_at=at, place=args.place or "",
                             author=args.author or "")
    _out(f"added field note {nid}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _project(args) as store:
        hits = search.search(store, args.query, limit=args.limit)
    if not hits:
        _out(f"no matches for: {args.query}")
        return 0
    for h in hits:
        if h.kind == "transcript":
            _out(f"{h.recording_name} (recording {h.recording_id}) at {_duration(h.time)}: "
                 f"{h.context}")
        else:
            when = h.observed_at.strftime("%Y-%m-%d %H:%M") if h.observed_at else ""
            where = f"{when}, {h.place}" if h.place else when
            _out(f"field note {h.note_id} ({where}): {h.context}")
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    from ebcd_app.services.jobs import list_jobs, reset_stale_jobs

    with _project(args) as store, store.session() as s:
        reset_stale_jobs(s)
        for job in list_jobs(s):
            err = f" ({job.error})" if job.error else ""
            _out(f"{job.id:>3}  {job.kind:<11} recording {job.recording_id}  "
                 f"{job.state.value:<11} {int(job.progress * 100):3d}%{err}")
    return 0


def cmd_snapshots(args: argparse.Namespace) -> int:
    from ebcd_app.basics.errors import ProjectError
    from ebcd_app.services import snapshots
    from ebcd_app.store.db import is_project

    folder = Path(args.project).expanduser().resolve()  # not opened: it may be damaged
    if not is_project(folder):
        raise ProjectError(f"{folder}: not an EBCD Studio project (no project.db in it)")
    found = snapshots.list_snapshots(folder)
    if not found:
        _out(f"no snapshots yet in {snapshots.snapshot_dir(folder)}")
        return 0
    _out(f"{'#':>3}  {'TAKEN':<19}  {'SIZE':>9}  {'CHECK':<7} FILE")
    for i, snap in enumerate(found, 1):
        check = "ok" if snap.ok else "DAMAGED"
        _out(f"{i:>3}  {snap.taken_at:%Y-%m-%d %H:%M:%S}  {snap.size / 1e6:7.1f} MB  "
             f"{check:<7} {snap.name}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ebcd_app.basics.errors import ProjectError
    from ebcd_app.services import snapshots
    from ebcd_app.store.db import is_project

    folder = Path(args.project).expanduser().resolve()
    if not is_project(folder):
        raise ProjectError(f"{folder}: not an EBCD Studio project (no project.db in it)")
    restored, kept = snapshots.restore(folder, args.snapshot)
    _out(f"restored {restored.name} into {folder / 'project.db'}")
    if kept is not None:
        _out(f"the database as it was is kept as snapshot {kept.name}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ebcd_app.services.demo import build_demo

    build_demo(Path(args.dir) if args.dir else None, model=args.model, out=_out,
               progress=TerminalProgress())
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from ebcd_app.gui.app import run_gui
    except ImportError as exc:
        raise EbcdError(f"the desktop app cannot start: {exc} "
                        "(install PySide6-Essentials and PySide6-Addons)") from None
    project = Path(args.project) if getattr(args, "project", None) else None
    return run_gui(project, demo=getattr(args, "demo", False))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ebcd", description="EBCD Studio: experience-based "
                                "co-design workbench (offline).")
    p.add_argument("--version", action="version", version=f"ebcd {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def cmd(name: str, handler: Handler, help_: str,
            parent: argparse._SubParsersAction = sub) -> argparse.ArgumentParser:
        sp = parent.add_parser(name, help=help_, description=help_)
        sp.set_defaults(handler=handler)
        return sp

    sp = cmd("new", cmd_new, "create a project folder")
    sp.add_argument("project")
    sp.add_argument("--name", required=True)
    sp.add_argument("--service", default="")
    sp.add_argument("--journey", choices=[j.value for j in JourneyType], default="patient")
    sp.add_argument("--vocabulary", help="comma-separated words to help spelling "
                    "(ward names, roles)")

    part = sub.add_parser("participant", help="add or list participants")
    psub = part.add_subparsers(dest="action", metavar="ACTION", required=True)
    sp = cmd("add", cmd_participant_add, "add a participant", psub)
    sp.add_argument("project")
    sp.add_argument("--name", required=True)
    sp.add_argument("--role", required=True, help="staff, patient, family-carer or other")
    sp.add_argument("--pseudonym")
    sp.add_argument("--consent", help="comma-separated scopes consented to: "
                    + ", ".join(s.value for s in Scope))
    sp.add_argument("--taken-by", help="who took the consent")
    sp = cmd("list", cmd_participant_list, "list participants", psub)
    sp.add_argument("project")

    sp = cmd("consent", cmd_consent, "record or withdraw a participant's consent")
    sp.add_argument("project")
    sp.add_argument("participant", type=int)
    group = sp.add_mutually_exclusive_group(required=True)
    group.add_argument("--grant", help="the scopes consented to (all others: no)")
    group.add_argument("--withdraw", nargs="?", const="", help="withdraw these scopes "
                       "(all when none given)")
    sp.add_argument("--taken-by")

    sp = cmd("recordings", cmd_recordings, "list recordings with duration and state")
    sp.add_argument("project")

    sp = cmd("import", cmd_import, "import recordings (files or folders)")
    sp.add_argument("project")
    sp.add_argument("files", nargs="+")
    sp.add_argument("--participant", type=int, action="append",
                    help="participant id heard in the recording (repeatable)")

    sp = cmd("transcribe", cmd_transcribe, "transcribe recordings locally with Whisper")
    sp.add_argument("project")
    sp.add_argument("--recording", action="append", help="id or file name (repeatable); "
                    "default: every recording without a transcript")
    sp.add_argument("--model", help="model name (base) or path to a CTranslate2 model folder")
    sp.add_argument("--language", help="language code, e.g. en (default: detect)")
    sp.add_argument("--force", action="store_true", help="transcribe again (touch points, "
                    "clips and redactions are moved onto the new words)")
    sp.add_argument("--replace-corrected", action="store_true",
                    help="also replace a transcript a person has corrected")

    sp = cmd("transcript", cmd_transcript, "write a recording's transcript")
    sp.add_argument("project")
    sp.add_argument("recording")
    sp.add_argument("--format", choices=transcripts_service.FORMATS, default="txt")
    sp.add_argument("--out", help="file to write (default: standard output)")

    sp = cmd("import-transcript", cmd_import_transcript,
             "use an existing SRT or WebVTT file as a recording's transcript")
    sp.add_argument("project")
    sp.add_argument("recording")
    sp.add_argument("file")
    sp.add_argument("--language")
    sp.add_argument("--replace-corrected", action="store_true",
                    help="replace the transcript even if a person has corrected it")

    note = sub.add_parser("note", help="field notes from observation")
    nsub = note.add_subparsers(dest="action", metavar="ACTION", required=True)
    sp = cmd("add", cmd_note_add, "add a field note", nsub)
    sp.add_argument("project")
    sp.add_argument("text")
    sp.add_argument("--place")
    sp.add_argument("--at", help="when it was observed: " + notes.DATE_HELP
                    + " (default: now); e.g. '2026-10-02 07:45' or 'yesterday 14:30'")
    sp.add_argument("--author")

    sp = cmd("search", cmd_search, "search every transcript and field note")
    sp.add_argument("project")
    sp.add_argument("query")
    sp.add_argument("--limit", type=int, default=50)

    sp = cmd("jobs", cmd_jobs, "list long-running jobs and their state")
    sp.add_argument("project")

    sp = cmd("snapshots", cmd_snapshots, "list the project's database snapshots (time, size, "
             "whether each passes a check)")
    sp.add_argument("project")
    sp = cmd("restore", cmd_restore, "put a snapshot back as the project's database (the "
             "current one is kept as a snapshot first)")
    sp.add_argument("project")
    sp.add_argument("snapshot", help="its file name or number as `ebcd snapshots` lists it")

    from ebcd_app.cli import events as cli_events
    from ebcd_app.cli import film as cli_film
    from ebcd_app.cli import review as cli_review

    cli_review.add_commands(sub, cmd)
    cli_film.add_commands(sub, cmd)
    cli_events.add_commands(sub, cmd)

    sp = cmd("gui", cmd_gui, "open the desktop app (the default with no command)")
    sp.add_argument("project", nargs="?")
    sp.add_argument("--demo", action="store_true", help="open the demo project")

    sp = cmd("demo", cmd_demo, "build and transcribe the demo project from bundled samples")
    sp.add_argument("--dir", help="where to build it (default: in your data folder)")
    sp.add_argument("--model")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        handler = cmd_gui
    try:
        return handler(args)
    except Cancelled as exc:
        print(f"\nebcd: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\nebcd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        import os

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
    from ebcd_app.basics import crashlog

    log = crashlog.record(" ".join(sys.argv[1:3]) or "run", exc)
    why = crashlog.reason(exc)
    where = f" (details in {log})" if log is not None and crashlog.is_fault(exc) else ""
    print(f"ebcd: {why}{where}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
