"""The one way the GUI changes a project (Anki's CollectionOp and OpChanges).

A user action is one small function in `gui/ops/<topic>.py` that calls `Ops.run` with the
service call(s) it makes. `run` executes them on the runner's single worker thread inside one
transaction (`services.undo.record`), so writes never race and a failure halfway changes
nothing; it pushes the recorded step onto the window's one QUndoStack, so Edit ▸ Undo and
Redo work for every edit; and it broadcasts one `OpChanges` on the runner's
`operation_executed`, from which every view decides whether to refresh (an undo or a redo
broadcasts the same, with `undone` set). Views never call services to change anything
themselves.

    ops.run(store, lambda: groups.add_group(store, name), doing="start the group",
            success=lambda group_id: ...)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from ebcd_app.gui.operations import OperationRunner
from ebcd_app.services import undo
from ebcd_app.services.undo import UndoStep
from ebcd_app.store.db import ProjectStore

# What a view shows -> the tables whose change means it must redraw.
TOPICS: dict[str, frozenset[str]] = {
    "project": frozenset({"projects"}),
    "people": frozenset({"participants", "consent_scopes", "recording_participants"}),
    "recordings": frozenset({"recordings", "recording_participants", "transcripts"}),
    "transcript": frozenset({"transcripts", "segments", "words", "speakers"}),
    "notes": frozenset({"observation_notes", "markers"}),
    "touchpoints": frozenset({"touch_points", "touchpoint_themes", "words"}),
    "vocabulary": frozenset({"journey_stages", "emotion_words", "themes", "projects"}),
    "suggestions": frozenset({"suggestions"}),
    "film": frozenset({"films", "chapters", "clips", "words", "touch_points"}),
    "events": frozenset({"events", "event_priorities", "agenda_templates", "journey_stages"}),
    "groups": frozenset({"codesign_groups", "group_members", "group_meetings",
                         "group_actions", "pdsa_cycles", "measures", "measure_values"}),
}


@dataclass(frozen=True)
class OpChanges:
    """What one user action (or its undo or redo) changed: the tables it wrote, and what the
    service returned (None for an undo or redo)."""

    tables: frozenset[str] = frozenset()
    result: Any = None
    undone: bool = False

    def touches(self, *topics: str) -> bool:
        """Whether a view showing these topics (keys of TOPICS) must redraw."""
        return any(not self.tables.isdisjoint(TOPICS[t]) for t in topics)


def unwrap(change: object) -> object:
    """The service's own change marker inside an OpChanges, for a view that still decides
    from it (TouchPointChanged, FilmChanged...); an undo or redo has none and stays OpChanges,
    for `touches`."""
    if isinstance(change, OpChanges) and change.result is not None:
        return change.result
    return change


Done = Callable[[Any], None] | None
Failed = Callable[[BaseException], None] | None


class _Step(QUndoCommand):
    """One user action on the undo stack: the rows to put back, and after an undo the rows
    to put forward again. Pushing it does not run it again (the action already ran)."""

    def __init__(self, ops: Ops, store: ProjectStore, doing: str, step: UndoStep) -> None:
        super().__init__(doing[:1].upper() + doing[1:])
        self.ops, self.store, self.doing = ops, store, doing
        self.back: UndoStep = step
        self.forward: UndoStep | None = None
        self._pushed = False

    def undo(self) -> None:
        self.ops.replay(self, forward=False)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.ops.replay(self, forward=True)


class Ops(QObject):
    """Runs user actions on the one worker and keeps their undo; one per window."""

    def __init__(self, runner: OperationRunner, stack: QUndoStack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.stack = runner, stack

    def run(self, store: ProjectStore, fn: Callable[[], Any], *, doing: str,
            success: Done = None, failure: Failed = None,
            refresh: Callable[[], None] | None = None) -> None:
        """Run `fn` (service calls) as one undoable action. `doing` names it for the undo
        menu and for a failure ("add the chapter" -> "Could not add the chapter: …").
        `refresh` redraws from the database before a failure is shown, so a widget never
        keeps a value that was not saved; `failure` replaces the usual message."""

        recorded: list[UndoStep] = []  # set on the worker before `done` runs

        def op() -> OpChanges:
            with undo.record(store) as action:
                result = fn()
            recorded.append(action.step)
            return OpChanges(action.step.tables, result)

        def done(change: OpChanges) -> None:
            if recorded and not recorded[0].empty:
                self.stack.push(_Step(self, store, doing, recorded[0]))
            if success is not None:
                success(change.result)

        def failed(exc: BaseException) -> None:
            if refresh is not None:
                refresh()
            if failure is not None:
                failure(exc)
            else:
                self.runner.report(doing, exc)

        self.runner.run(op, success=done, failure=failed, doing=doing)

    def read(self, fn: Callable[[], Any], *, success: Callable[[Any], None],
             doing: str = "") -> None:
        """Run a read (a view's data) on the worker, in order with the edits before it, and
        hand the result to `success` in the GUI thread without broadcasting it."""
        self.runner.run(fn, success=success, doing=doing or "read the project",
                        broadcast=False)

    def replay(self, cmd: _Step, *, forward: bool) -> None:
        """Undo (or redo) `cmd` on the worker; if the project moved on under it, say so and
        forget the stack, which no longer matches the project."""
        word = "redo" if forward else "undo"

        def op() -> OpChanges:
            step = cmd.forward if forward else cmd.back
            if step is None:
                return OpChanges(undone=True)
            reverse = undo.replay(cmd.store, step, what=f"{word} {cmd.doing}")
            if forward:
                cmd.back = reverse
            else:
                cmd.forward = reverse
            return OpChanges(step.tables, None, undone=True)

        def failed(exc: BaseException) -> None:
            self.stack.clear()
            self.runner.report(f"{word} {cmd.doing}", exc)

        self.runner.run(op, failure=failed, doing=f"{word} {cmd.doing}")

