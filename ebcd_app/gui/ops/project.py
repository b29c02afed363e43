"""User actions on the project, its people and their consent; each one undoable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ebcd_app.domain.models import JourneyType, Role, Scope
from ebcd_app.gui.ops import Done, Failed, Ops
from ebcd_app.services import projects
from ebcd_app.store.db import ProjectStore


def update_project(ops: Ops, store: ProjectStore, *, name: str, service: str,
                   journey_type: JourneyType, vocabulary: Sequence[str],
                   whisper_model: str | None = None, redaction_sound: str | None = None,
                   success: Done = None, failure: Failed = None) -> None:
    ops.run(store, lambda: projects.update_project(
        store, name=name, service=service, journey_type=journey_type, vocabulary=vocabulary,
        whisper_model=whisper_model, redaction_sound=redaction_sound),
        doing="save the project settings", success=success, failure=failure)


def add_participant(ops: Ops, store: ProjectStore, *, name: str, role: Role, pseudonym: str,
                    granted: set[Scope], taken_by: str, success: Done = None,
                    failure: Failed = None, shown_as: str = "",
                    attributes: str = "") -> None:
    ops.run(store, lambda: projects.add_participant(
        store, name=name, role=role, pseudonym=pseudonym, granted=granted, taken_by=taken_by,
        shown_as=shown_as, attributes=projects.parse_attributes(attributes)),
        doing="add the participant", success=success, failure=failure)


def update_participant(ops: Ops, store: ProjectStore, participant_id: int, *, name: str,
                       pseudonym: str, role: Role, success: Done = None,
                       failure: Failed = None, shown_as: str | None = None,
                       attributes: str | None = None) -> None:
    ops.run(store, lambda: projects.update_participant(
        store, participant_id, name=name, pseudonym=pseudonym, role=role, shown_as=shown_as,
        attributes=None if attributes is None else projects.parse_attributes(attributes)),
        doing="save the participant", success=success, failure=failure)


def remove_participant(ops: Ops, store: ProjectStore, participant_id: int, *, by: str,
                       success: Done = None, failure: Failed = None) -> None:
    ops.run(store, lambda: projects.remove_participant(store, participant_id, by=by),
            doing="remove the participant", success=success, failure=failure)


def set_scope(ops: Ops, store: ProjectStore, participant_id: int, scope: Scope,
              granted: bool, *, by: str, success: Done = None,
              failure: Failed = None) -> None:
    ops.run(store, lambda: projects.set_scope(store, participant_id, scope, granted, by=by,
                                              on=date.today()),
            doing="record the consent", success=success, failure=failure)


def withdraw(ops: Ops, store: ProjectStore, participant_id: int, *, by: str,
             success: Done = None, failure: Failed = None) -> None:
    ops.run(store, lambda: projects.withdraw_consent(store, participant_id, by=by),
            doing="record the withdrawal of consent", success=success, failure=failure)


def link_participants(ops: Ops, store: ProjectStore, recording_id: int,
                      participant_ids: Sequence[int], success: Done = None,
                      failure: Failed = None) -> None:
    ops.run(store, lambda: projects.link_participants(store, recording_id, participant_ids),
            doing="link the participants to the recording", success=success, failure=failure)
