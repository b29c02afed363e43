"""`ebcd transcribe`, `ebcd transcript` and `ebcd import-transcript`: words for recordings."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebcd_app.basics.progress import ProgressUpdate
from ebcd_app.cli.common import Subparsers, command, emit, err, open_project, out
from ebcd_app.cli.progress import TerminalProgress
from ebcd_app.services import outputs, transcription
from ebcd_app.services import transcripts as transcripts_service
from ebcd_app.speech.coverage import describe_gaps


def cmd_transcribe(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        refs = args.recording or transcription.pending_recordings(store)
        if not refs:
            out("nothing to transcribe: every recording has a transcript")
            return 0
        bar = TerminalProgress()
        for i, ref in enumerate(refs, 1):
            def progress(u: ProgressUpdate, i: int = i) -> None:
                bar(ProgressUpdate(u.label, u.fraction, i, len(refs)))
            done = transcription.transcribe_recording(
                store, ref, model=args.model, language=args.language, force=args.force,
                replace_corrected=args.replace_corrected, progress=progress)
            bar.close()
            resumed = f", resumed at {done.resumed_from:.1f} s" if done.resumed_from else ""
            out(f"transcribed {done.original_name}: {done.words} words, "
                f"language {done.language}{resumed}")
            if done.loops_fixed or done.gaps_filled:
                out(f"  decoded again: {done.loops_fixed} repeated passage(s), "
                    f"{done.gaps_filled} stretch(es) of speech without words")
            if gaps := describe_gaps(done.untranscribed):
                out(f"  {gaps}")
            for line in done.report.lines():
                out(line)
    return 0


def cmd_transcript(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        text = transcripts_service.render_transcript(store, args.recording, args.format)
        gaps = transcripts_service.untranscribed(store, args.recording)
        emit(text, args.out)
        if args.out:
            outputs.record_output(store, Path(args.out), f"transcript ({args.format})")
    if line := describe_gaps(gaps):
        err(line)
    return 0


def cmd_import_transcript(args: argparse.Namespace) -> int:
    with open_project(args) as store:
        done = transcripts_service.import_subtitles(store, args.recording, Path(args.file),
                                                    language=args.language or "",
                                                    replace_corrected=args.replace_corrected)
    for note in done.notes:
        out(f"note: {note}")
    out(f"imported {done.words} words from {args.file}")
    for line in done.report.lines():
        out(line)
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "transcribe", cmd_transcribe, "transcribe recordings locally with Whisper")
    sp.add_argument("project")
    sp.add_argument("--recording", action="append", help="id or file name (repeatable); "
                    "default: every recording without a transcript")
    sp.add_argument("--model", help="model name (base) or path to a CTranslate2 model folder")
    sp.add_argument("--language", help="language code, e.g. en (default: detect)")
    sp.add_argument("--force", action="store_true", help="transcribe again (touch points, "
                    "clips and redactions are moved onto the new words)")
    sp.add_argument("--replace-corrected", action="store_true",
                    help="also replace a transcript a person has corrected")

    sp = command(sub, "transcript", cmd_transcript, "write a recording's transcript")
    sp.add_argument("project")
    sp.add_argument("recording")
    sp.add_argument("--format", choices=transcripts_service.FORMATS, default="txt")
    sp.add_argument("--out", help="file to write (default: standard output)")

    sp = command(sub, "import-transcript", cmd_import_transcript,
                 "use an existing SRT or WebVTT file as a recording's transcript")
    sp.add_argument("project")
    sp.add_argument("recording")
    sp.add_argument("file")
    sp.add_argument("--language")
    sp.add_argument("--replace-corrected", action="store_true",
                    help="replace the transcript even if a person has corrected it")

