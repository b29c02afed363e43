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

import shiboken6
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
    "events": frozenset({"events", "event_priorities", "agenda_templates", "journey_stages",
                         "pledges", "feedback_forms"}),
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


EVERYTHING = frozenset().union(*TOPICS.values())

Done = Callable[[Any], None] | None
Failed = Callable[[BaseException], None] | None


class _Step(QUndoCommand):
    """One user action on the undo stack.

    It is pushed when the action is asked for, not when it has run, so the stack's order is
    the worker's order: an Undo pressed while the action is still queued or running is
    queued behind it and undoes it. The action fills in `back` (the rows to put back) on the
    worker; an action that failed or changed nothing is taken off the stack again."""

    def __init__(self, ops: Ops, store: ProjectStore, doing: str) -> None:
        super().__init__(doing[:1].upper() + doing[1:])
        self.ops, self.store, self.doing = ops, store, doing
        self.back = UndoStep()
        self.forward: UndoStep | None = None
        self.dropped = False
        self._pushed = False

    def undo(self) -> None:
        if not self.dropped:
            self.ops.replay(self, forward=False)

    def redo(self) -> None:
        if not self._pushed:  # push() calls redo(); the action itself is already queued
            self._pushed = True
            return
        if not self.dropped:
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
        cmd = _Step(self, store, doing)
        self.stack.push(cmd)

        def op() -> OpChanges:
            with undo.record(store) as action:
                result = fn()
            cmd.back = action.step  # on the worker, before anything queued after it runs
            return OpChanges(action.step.tables, result)

        def done(change: OpChanges) -> None:
            if cmd.back.empty:
                self._drop(cmd)
            if success is not None:
                success(change.result)

        def failed(exc: BaseException) -> None:
            self._drop(cmd)
            if refresh is not None:
                refresh()
            if failure is not None:
                failure(exc)
            else:
                self.runner.report(doing, exc)

        self.runner.run(op, success=done, failure=failed, doing=doing)

    def run_final(self, fn: Callable[[], Any], *, doing: str, success: Done = None) -> None:
        """Run `fn` on the worker as an action that cannot be undone (an erasure), then
        clear Edit ▸ Undo: every step recorded before it could put back what it removed,
        and holds the removed rows in memory. Every view re-reads the project."""
        def done(result: Any) -> None:
            self.stack.clear()
            self.runner.operation_executed.emit(OpChanges(EVERYTHING, result))
            if success is not None:
                success(result)

        self.runner.run(fn, success=done, doing=doing, broadcast=False)

    def read(self, fn: Callable[[], Any], *, success: Callable[[Any], None],
             doing: str = "") -> None:
        """Run a read (a view's data) on the worker, in order with the edits before it, and
        hand the result to `success` in the GUI thread without broadcasting it. A view
        closed meanwhile (the project was closed) is not called."""
        owner = getattr(success, "__self__", None)

        def deliver(result: Any) -> None:
            if isinstance(owner, QObject) and not shiboken6.isValid(owner):
                return
            try:
                success(result)
            except RuntimeError as exc:  # a child widget deleted with its closed page
                if "already deleted" not in str(exc):
                    raise

        self.runner.run(fn, success=deliver, doing=doing or "read the project",
                        broadcast=False)

    def replay(self, cmd: _Step, *, forward: bool) -> None:
        """Undo (or redo) `cmd` on the worker. If its rows were changed elsewhere since, say
        so, take this one step off the stack (the others stay: each is guarded row by row)
        and let every view re-read what is stored."""
        word = "redo" if forward else "undo"

        def op() -> OpChanges:
            step = cmd.forward if forward else cmd.back
            if step is None or step.empty:
                return OpChanges(undone=True)
            reverse = undo.replay(cmd.store, step, what=f"{word} {cmd.doing}")
            if forward:
                cmd.back = reverse
            else:
                cmd.forward = reverse
            return OpChanges(step.tables, None, undone=True)

        def failed(exc: BaseException) -> None:
            self._drop(cmd)
            self.runner.report(f"{word} {cmd.doing}", exc)
            self.runner.operation_executed.emit(OpChanges(EVERYTHING, None, undone=True))

        self.runner.run(op, failure=failed, doing=f"{word} {cmd.doing}")

    def _drop(self, cmd: _Step) -> None:
        """Take a step off the stack: an action that failed or changed nothing, or a step
        that can no longer be replayed. Next to the stack's position it goes at once;
        further down (more actions queued after it) it is skipped and removed when reached."""
        if not shiboken6.isValid(cmd):  # already gone (a new action replaced the redo part)
            return
        cmd.dropped = True
        cmd.setObsolete(True)
        at = self.stack.index()
        if at > 0 and self.stack.command(at - 1) is cmd:
            self.stack.undo()  # obsolete: removed, its undo not run
        elif at < self.stack.count() and self.stack.command(at) is cmd:
            self.stack.redo()
