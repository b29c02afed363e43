"""Undoable touch point changes: redo and undo are service calls through the runner."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ebcd_app.gui.operations import OperationRunner
from ebcd_app.services import touchpoints
from ebcd_app.services.touchpoints import TouchPointChanged, TouchPointData
from ebcd_app.store.db import ProjectStore


class AddTouchPointCommand(QUndoCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, data: TouchPointData,
                 text: str = "Tag touch point") -> None:
        super().__init__(text)
        self.runner, self.store, self.data = runner, store, data
        self.touchpoint_id: int | None = None

    def redo(self) -> None:
        def op() -> TouchPointChanged:
            if self.touchpoint_id is None:
                change = touchpoints.add_touchpoint(self.store, self.data)
                self.touchpoint_id = change.touchpoint_id
                return change
            return touchpoints.restore_touchpoint(self.store, self.touchpoint_id, self.data)
        self.runner.run(op)

    def undo(self) -> None:
        def op() -> TouchPointChanged:
            assert self.touchpoint_id is not None
            return touchpoints.delete_touchpoint(self.store, self.touchpoint_id)[0]
        self.runner.run(op)


class EditTouchPointCommand(QUndoCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, touchpoint_id: int,
                 data: TouchPointData) -> None:
        super().__init__("Edit touch point")
        self.runner, self.store, self.id, self.data = runner, store, touchpoint_id, data
        self.before: TouchPointData | None = None

    def redo(self) -> None:
        def op() -> TouchPointChanged:
            change, self.before = touchpoints.update_touchpoint(self.store, self.id, self.data)
            return change
        self.runner.run(op)

    def undo(self) -> None:
        def op() -> TouchPointChanged:
            assert self.before is not None
            return touchpoints.update_touchpoint(self.store, self.id, self.before)[0]
        self.runner.run(op)


class DeleteTouchPointCommand(QUndoCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, touchpoint_id: int) -> None:
        super().__init__("Delete touch point")
        self.runner, self.store, self.id = runner, store, touchpoint_id
        self.snapshot: TouchPointData | None = None

    def redo(self) -> None:
        def op() -> TouchPointChanged:
            change, self.snapshot = touchpoints.delete_touchpoint(self.store, self.id)
            return change
        self.runner.run(op)

    def undo(self) -> None:
        def op() -> TouchPointChanged:
            assert self.snapshot is not None
            return touchpoints.restore_touchpoint(self.store, self.id, self.snapshot)
        self.runner.run(op)
