"""Tagging touch points (from a transcript, a field note or a marker), editing, deleting
and placing them again; each one undoable.

Every function hands the views a `TouchPointChanged` (which recording or note to redraw);
the deleted or replaced data the services also return is not kept here: the undo step puts
the rows back, under the same id.
"""

from __future__ import annotations

from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import markers, reanchor, touchpoints
from ebcd_app.services.touchpoints import TouchPointChanged, TouchPointData
from ebcd_app.store.db import ProjectStore


def tag(ops: Ops, store: ProjectStore, data: TouchPointData, *, success: Done = None) -> None:
    ops.run(store, lambda: touchpoints.add_touchpoint(store, data),
            doing="tag touch point", success=success)


def edit(ops: Ops, store: ProjectStore, touchpoint_id: int, data: TouchPointData, *,
         success: Done = None) -> None:
    ops.run(store, lambda: touchpoints.update_touchpoint(store, touchpoint_id, data)[0],
            doing="edit touch point", success=success)


def delete(ops: Ops, store: ProjectStore, touchpoint_id: int, *, success: Done = None) -> None:
    ops.run(store, lambda: touchpoints.delete_touchpoint(store, touchpoint_id)[0],
            doing="delete touch point", success=success)


def place_again(ops: Ops, store: ProjectStore, touchpoint_id: int,
                recording_id: int | None, *, success: Done = None) -> None:
    """Put a touch point kept from a replaced transcript on the words now spoken at its old
    time."""
    def place() -> TouchPointChanged:
        reanchor.place_again(store, "touch point", touchpoint_id)
        return TouchPointChanged(touchpoint_id, recording_id)

    ops.run(store, place, doing="place the touch point again", success=success)


def from_marker(ops: Ops, store: ProjectStore, marker_id: int, data: TouchPointData, *,
                success: Done = None) -> None:
    """The marker becomes the touch point: one step, so one undo reopens the marker too."""
    ops.run(store, lambda: markers.convert_marker(store, marker_id, data),
            doing="make a touch point from the marker", success=success)
