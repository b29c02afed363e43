"""Undo and redo of user actions: record what one action changes, and put it back.

The GUI runs each edit inside `record` and keeps the step on its undo stack; `replay` runs a
step in one transaction and returns the step that reverses it (undo gives redo and back).
The rows come from the store's undo log (store/undo_log.py), so every edit any service makes
can be undone without the service knowing. Each undo and redo is written to the audit trail,
which is itself never undone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy.exc import IntegrityError

from ebcd_app.basics.errors import EbcdError
from ebcd_app.services.audit import audit
from ebcd_app.store import undo_log
from ebcd_app.store.db import Action, ProjectStore
from ebcd_app.store.undo_log import UndoStep

__all__ = ["Action", "UndoStep", "record", "replay"]

CHANGED_ELSEWHERE = ("the project was changed elsewhere since (another window or the ebcd "
                     "command); nothing was changed")


@contextlib.contextmanager
def record(store: ProjectStore) -> Iterator[Action]:
    """One user action, one transaction: `action.step` afterwards undoes all of it."""
    with store.action() as action:
        yield action


def replay(store: ProjectStore, step: UndoStep, *, what: str) -> UndoStep:
    """Run `step` ("undo add the chapter"): every row back as it was, or nothing at all when
    the project moved on under it. Returns the step that reverses this replay."""
    try:
        with store.action() as action:
            undo_log.replay(action.session.connection(), step)
            audit(action.session, "undo" if what.startswith("undo") else "redo", what)
    except (LookupError, IntegrityError) as exc:
        raise EbcdError(CHANGED_ELSEWHERE) from exc
    return action.step
