"""User actions that run as long jobs (import, transcription, suggestions).

They are not on the undo stack: they write files and thousands of rows, and each keeps what
it replaces in its own way (an import can be removed, a replaced transcript is kept as a
version and its tagging moved onto the new words). They run on the JobManager's thread with
progress, time left and cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ebcd_app.gui.operations import JobManager
from ebcd_app.services import media_import, suggestions, transcription
from ebcd_app.store.db import ProjectStore


def import_files(jobs: JobManager, store: ProjectStore, paths: Sequence[Path], *,
                 participant_ids: Sequence[int], then_transcribe: bool,
                 on_imported: Callable[[object], None] | None = None) -> int:
    """Queue one import job per file (folders expanded), each optionally transcribed next."""
    sources = media_import.expand_sources(paths)
    for source in sources:
        def run(progress, token, source=source):
            return media_import.import_recording(store, source,
                                                 participant_ids=list(participant_ids),
                                                 progress=progress, cancel=token)

        def done(result, source=source):
            if on_imported is not None:
                on_imported(result)
            if then_transcribe:
                transcribe(jobs, store, result.recording_id, result.original_name)

        jobs.submit(f"Import {source.name}", run, on_done=done)
    return len(sources)


def transcribe(jobs: JobManager, store: ProjectStore, recording_id: int, name: str, *,
               on_done: Callable[[object], None] | None = None, suggest: bool = True,
               again: bool = False, replace_corrected: bool = False) -> None:
    """Transcribe (`again`: replace the transcript, moving the tagging onto the new words),
    then offer language suggestions for the new transcript."""
    def run(progress, token):
        return transcription.transcribe_recording(store, recording_id, progress=progress,
                                                  cancel=token, force=again,
                                                  replace_corrected=replace_corrected)

    def done(result: object) -> None:
        if on_done is not None:
            on_done(result)
        if suggest:
            run_suggestions(jobs, store, [recording_id])
    jobs.submit(f"Transcribe {name} again" if again else f"Transcribe {name}", run,
                on_done=done,
                park=lambda: transcription.resume_later(store, recording_id))


def run_suggestions(jobs: JobManager, store: ProjectStore,
                    recording_ids: Sequence[int] | None = None, *,
                    on_done: Callable[[object], None] | None = None) -> None:
    def run(progress, token):
        return suggestions.run_suggestions(store, recording_ids, progress=progress,
                                           cancel=token)
    jobs.submit("Suggest touch points and names", run, on_done=on_done)
