"""User actions on field notes and markers; each one undoable."""

from __future__ import annotations

from datetime import datetime

from ebcd_app.gui.ops import Done, Failed, Ops
from ebcd_app.services import markers, notes
from ebcd_app.store.db import ProjectStore


def add_note(ops: Ops, store: ProjectStore, *, text: str, place: str, observed_at: datetime,
             author: str, success: Done = None, failure: Failed = None) -> None:
    """`success` gets the new note's id."""
    ops.run(store, lambda: notes.add_note(store, text=text, place=place,
                                          observed_at=observed_at, author=author),
            doing="save the field note", success=success, failure=failure)


def add_marker(ops: Ops, store: ProjectStore, *, recording_id: int | None,
               at_seconds: float | None, label: str, success: Done = None) -> None:
    ops.run(store, lambda: markers.add_marker(store, recording_id=recording_id,
                                              at_seconds=at_seconds, label=label),
            doing="drop the marker", success=success)


def dismiss_marker(ops: Ops, store: ProjectStore, marker_id: int) -> None:
    ops.run(store, lambda: markers.dismiss_marker(store, marker_id), doing="dismiss the marker")
