"""User actions on the co-design groups and their work; each one undoable.

`success` gets what the service returned (a new row's id, so the page can choose it);
`refresh` redraws the page from the database before a refusal is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ebcd_app.domain.models import Role
from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import groups
from ebcd_app.store.db import ProjectStore

Refresh = Callable[[], None] | None


def add_group(ops: Ops, store: ProjectStore, name: str, *, success: Done = None,
              refresh: Refresh = None) -> None:
    ops.run(store, lambda: groups.add_group(store, name), doing="add the co-design group",
            success=success, refresh=refresh)


def update_group(ops: Ops, store: ProjectStore, group_id: int, *, doing: str,
                 refresh: Refresh = None, **fields: Any) -> None:
    """Rename the group or change its priority, start, what changed or next steps."""
    ops.run(store, lambda: groups.update_group(store, group_id, **fields), doing=doing,
            refresh=refresh)


def delete_group(ops: Ops, store: ProjectStore, group_id: int, *,
                 refresh: Refresh = None) -> None:
    ops.run(store, lambda: groups.delete_group(store, group_id),
            doing="delete the co-design group", refresh=refresh)


def add_member(ops: Ops, store: ProjectStore, group_id: int, *, role: Role, name: str,
               participant_id: int | None, refresh: Refresh = None) -> None:
    ops.run(store, lambda: groups.add_member(store, group_id, role=role, name=name,
                                             participant_id=participant_id),
            doing="add the member", refresh=refresh)


def remove_member(ops: Ops, store: ProjectStore, member_id: int, *,
                  refresh: Refresh = None) -> None:
    ops.run(store, lambda: groups.remove_member(store, member_id),
            doing="remove the member", refresh=refresh)


def add_meeting(ops: Ops, store: ProjectStore, group_id: int, held_on: date, *,
                success: Done = None, refresh: Refresh = None) -> None:
    ops.run(store, lambda: groups.add_meeting(store, group_id, held_on),
            doing="add the meeting", success=success, refresh=refresh)


def update_meeting(ops: Ops, store: ProjectStore, meeting_id: int, *,
                   refresh: Refresh = None, **fields: Any) -> None:
    ops.run(store, lambda: groups.update_meeting(store, meeting_id, **fields),
            doing="save the meeting", refresh=refresh)


def add_action(ops: Ops, store: ProjectStore, group_id: int, what: str, *,
               success: Done = None, refresh: Refresh = None, **fields: Any) -> None:
    ops.run(store, lambda: groups.add_action(store, group_id, what, **fields),
            doing="add the action", success=success, refresh=refresh)


def update_action(ops: Ops, store: ProjectStore, action_id: int, *,
                  refresh: Refresh = None, **fields: Any) -> None:
    ops.run(store, lambda: groups.update_action(store, action_id, **fields),
            doing="save the action", refresh=refresh)


def add_cycle(ops: Ops, store: ProjectStore, group_id: int, title: str, *,
              success: Done = None, refresh: Refresh = None, **fields: Any) -> None:
    ops.run(store, lambda: groups.add_cycle(store, group_id, title, **fields),
            doing="add the PDSA cycle", success=success, refresh=refresh)


def update_cycle(ops: Ops, store: ProjectStore, cycle_id: int, *,
                 refresh: Refresh = None, **fields: Any) -> None:
    ops.run(store, lambda: groups.update_cycle(store, cycle_id, **fields),
            doing="save the PDSA cycle", refresh=refresh)


def add_measure(ops: Ops, store: ProjectStore, group_id: int, name: str, *,
                success: Done = None, refresh: Refresh = None, **fields: Any) -> None:
    ops.run(store, lambda: groups.add_measure(store, group_id, name, **fields),
            doing="add the measure", success=success, refresh=refresh)


def update_measure(ops: Ops, store: ProjectStore, measure_id: int, *,
                   refresh: Refresh = None, **fields: Any) -> None:
    ops.run(store, lambda: groups.update_measure(store, measure_id, **fields),
            doing="save the measure", refresh=refresh)


def add_values(ops: Ops, store: ProjectStore, measure_id: int,
               values: Sequence[tuple[date, float, str]], *, success: Done = None,
               refresh: Refresh = None) -> None:
    """Typed or pasted values, in one step; `success` gets how many were recorded."""
    ops.run(store, lambda: groups.add_values(store, measure_id, values),
            doing="record the values", success=success, refresh=refresh)


# One row of a group's work, deleted: each kind of row has its own service call.
DELETES: dict[str, tuple[Callable[[ProjectStore, int], None], str]] = {
    "meetings": (groups.delete_meeting, "delete the meeting"),
    "actions": (groups.delete_action, "delete the action"),
    "cycles": (groups.delete_cycle, "delete the PDSA cycle"),
    "measures": (groups.delete_measure, "delete the measure"),
    "values": (groups.delete_value, "delete the value"),
}


def delete_row(ops: Ops, store: ProjectStore, kind: str, row_id: int, *,
               refresh: Refresh = None) -> None:
    """Delete a meeting, action, PDSA cycle, measure or value (`kind`, a key of DELETES)."""
    delete, doing = DELETES[kind]
    ops.run(store, lambda: delete(store, row_id), doing=doing, refresh=refresh)
