"""One small function per user action on a project; each runs through the runner.

Views call these and never touch the services' sessions themselves. Each returns nothing:
the result arrives through `success` and the runner's `operation_executed` signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ebcd_app.domain.models import JourneyType, Role, Scope
from ebcd_app.gui.operations import JobManager, OperationRunner
from ebcd_app.services import media_import, notes, projects, transcription
from ebcd_app.store.db import ProjectStore

Done = Callable[[object], None] | None
Failed = Callable[[BaseException], None] | None  # None: the runner tells the user


class ProjectChanged:
    """Broadcast after edits to the project, its people or their consent."""


@dataclass(frozen=True)
class NotesChanged:
    """Broadcast after a field note was added (which one, so the page can show it)."""

    note_id: int | None = None


PROJECT_CHANGED = ProjectChanged()
NOTES_CHANGED = NotesChanged()


def update_project(runner: OperationRunner, store: ProjectStore, *, name: str, service: str,
                   journey_type: JourneyType, vocabulary: Sequence[str],
                   success: Done = None, failure: Failed = None) -> None:
    def op() -> ProjectChanged:
        projects.update_project(store, name=name, service=service, journey_type=journey_type,
                                vocabulary=vocabulary)
        return PROJECT_CHANGED
    runner.run(op, success=success, failure=failure, doing="save the project settings")


def add_participant(runner: OperationRunner, store: ProjectStore, *, name: str, role: Role,
                    pseudonym: str, granted: set[Scope], taken_by: str,
                    success: Done = None, failure: Failed = None) -> None:
    def op() -> ProjectChanged:
        projects.add_participant(store, name=name, role=role, pseudonym=pseudonym,
                                 granted=granted, taken_by=taken_by)
        return PROJECT_CHANGED
    runner.run(op, success=success, failure=failure, doing="add the participant")


def update_participant(runner: OperationRunner, store: ProjectStore, participant_id: int, *,
                       name: str, pseudonym: str, role: Role, success: Done = None,
                       failure: Failed = None) -> None:
    def op() -> ProjectChanged:
        projects.update_participant(store, participant_id, name=name, pseudonym=pseudonym,
                                    role=role)
        return PROJECT_CHANGED
    runner.run(op, success=success, failure=failure, doing="save the participant")


def remove_participant(runner: OperationRunner, store: ProjectStore, participant_id: int, *,
                       by: str, success: Done = None, failure: Failed = None) -> None:
    def op() -> ProjectChanged:
        projects.remove_participant(store, participant_id, by=by)
        return PROJECT_CHANGED
    runner.run(op, success=success, failure=failure, doing="remove the participant")


def set_scope(runner: OperationRunner, store: ProjectStore, participant_id: int, scope: Scope,
              granted: bool, *, by: str, success: Done = None, failure: Failed = None) -> None:
    def op() -> ProjectChanged:
        projects.set_scope(store, participant_id, scope, granted, by=by, on=date.today())
        return PROJECT_CHANGED
    runner.run(op, success=success, failure=failure, doing="record the consent")


def withdraw(runner: OperationRunner, store: ProjectStore, participant_id: int, *, by: str,
             success: Done = None, failure: Failed = None) -> None:
    def op() -> ProjectChanged:
        projects.withdraw_consent(store, participant_id, by=by)
        return PROJECT_CHANGED
    runner.run(op, success=success, failure=failure, doing="record the withdrawal of consent")


def add_note(runner: OperationRunner, store: ProjectStore, *, text: str, place: str,
             observed_at: datetime, author: str, success: Done = None,
             failure: Failed = None) -> None:
    def op() -> NotesChanged:
        return NotesChanged(notes.add_note(store, text=text, place=place,
                                           observed_at=observed_at, author=author))
    runner.run(op, success=success, failure=failure, doing="save the field note")


def link_participants(runner: OperationRunner, store: ProjectStore, recording_id: int,
                      participant_ids: Sequence[int], success: Done = None,
                      failure: Failed = None) -> None:
    def op() -> ProjectChanged:
        projects.link_participants(store, recording_id, participant_ids)
        return PROJECT_CHANGED
    runner.run(op, success=success, failure=failure,
               doing="link the participants to the recording")


def import_files(jobs: JobManager, store: ProjectStore, paths: Sequence[Path], *,
                 participant_ids: Sequence[int], then_transcribe: bool,
                 on_imported: Callable[[object], None] | None = None) -> int:
    """Queue one import job per file (folders expanded), each optionally transcribed next."""
    sources = media_import.expand_sources(paths)
    for source in sources:
        def run(progress, token, source=source):
            result = media_import.import_recording(store, source,
                                                   participant_ids=list(participant_ids),
                                                   progress=progress, cancel=token)
            return result

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


def add_marker(runner: OperationRunner, store: ProjectStore, *, recording_id: int | None,
               at_seconds: float | None, label: str, success: Done = None) -> None:
    from ebcd_app.services import markers

    runner.run(lambda: markers.add_marker(store, recording_id=recording_id,
                                          at_seconds=at_seconds, label=label),
               success=success, doing="drop the marker")


def dismiss_marker(runner: OperationRunner, store: ProjectStore, marker_id: int) -> None:
    from ebcd_app.services import markers

    runner.run(lambda: markers.dismiss_marker(store, marker_id), doing="dismiss the marker")


def run_suggestions(jobs: JobManager, store: ProjectStore,
                    recording_ids: Sequence[int] | None = None, *,
                    on_done: Callable[[object], None] | None = None) -> None:
    from ebcd_app.services import suggestions

    def run(progress, token):
        return suggestions.run_suggestions(store, recording_ids, progress=progress,
                                           cancel=token)
    jobs.submit("Suggest touch points and names", run, on_done=on_done)


def decide_suggestions(runner: OperationRunner, store: ProjectStore, ids: Sequence[int], *,
                       accept: bool, by: str) -> None:
    from ebcd_app.services import suggestions

    def op() -> object:
        change = None
        for sid in ids:
            act = suggestions.accept if accept else suggestions.reject
            change = act(store, sid, author=by)
        return change or suggestions.SuggestionsChanged()
    runner.run(op, doing="accept the suggestions" if accept else "reject the suggestions")


def add_to_film(parent, runner: OperationRunner, store: ProjectStore, first_word_id: int,
                last_word_id: int, *, touchpoint_id: int | None = None,
                success: Done = None) -> None:
    """Ask which chapter (or a new one), then add the words as a clip."""
    from PySide6.QtWidgets import QInputDialog

    from ebcd_app.services import film

    chapters = [(c.title, c.id) for c in film.film_view(store).chapters]
    new = "New chapter…"
    choice, ok = QInputDialog.getItem(parent, "Add to the film", "Chapter:",
                                      [t for t, _ in chapters] + [new], 0, False)
    if not ok:
        return
    title = None
    if choice == new:
        title, ok = QInputDialog.getText(parent, "New chapter", "Chapter title (a theme):")
        if not ok or not title.strip():
            return
    chapter_id = dict(chapters).get(choice)

    def op() -> object:
        target = chapter_id if title is None else film.add_chapter(store, title)[1]
        return film.add_clip(store, target, first_word_id, last_word_id,
                             touchpoint_id=touchpoint_id, reason="added by hand")[0]
    runner.run(op, success=success, doing="add the words to the film")
