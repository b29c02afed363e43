"""User actions on the feedback, joint and celebration events; each one undoable.

`refresh` is the page's redraw from the database, run before a refusal is shown (a sixth
agreed priority, a start time that is not a time), so a cell never keeps a value that was
not saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from ebcd_app.domain.models import EventKind, PledgeKind
from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import events, pledging
from ebcd_app.services.events import AgendaItem
from ebcd_app.store.db import ProjectStore

Refresh = Callable[[], None] | None


def update_event(ops: Ops, store: ProjectStore, kind: EventKind, *, refresh: Refresh = None,
                 **fields: Any) -> None:
    ops.run(store, lambda: events.update_event(store, kind, **fields),
            doing="save the event details", refresh=refresh)


def add_priority(ops: Ops, store: ProjectStore, kind: EventKind, title: str, *,
                 refresh: Refresh = None) -> None:
    ops.run(store, lambda: events.add_priority(store, kind, title),
            doing="add the priority", refresh=refresh)


def update_priority(ops: Ops, store: ProjectStore, priority_id: int, *, doing: str,
                    refresh: Refresh = None, **fields: Any) -> None:
    """Rename, describe, count the dots of or agree one priority (`doing` says which, for
    the undo menu)."""
    ops.run(store, lambda: events.update_priority(store, priority_id, **fields),
            doing=doing, refresh=refresh)


def delete_priority(ops: Ops, store: ProjectStore, priority_id: int, *,
                    refresh: Refresh = None) -> None:
    ops.run(store, lambda: events.delete_priority(store, priority_id),
            doing="remove the priority", refresh=refresh)


def move_priority(ops: Ops, store: ProjectStore, priority_id: int, position: int, *,
                  refresh: Refresh = None) -> None:
    ops.run(store, lambda: events.move_priority(store, priority_id, position),
            doing="move the priority", refresh=refresh)


def sort_by_dots(ops: Ops, store: ProjectStore, kind: EventKind, *,
                 refresh: Refresh = None) -> None:
    """Most dots first; the whole new order is one transaction and one undo step. The
    order is taken from the database on the worker, so it is the order of what is stored."""
    ops.run(store, lambda: events.sort_priorities_by_dots(store, kind),
            doing="sort the priorities by dots", refresh=refresh)


def add_priorities(ops: Ops, store: ProjectStore, kind: EventKind,
                   items: Sequence[tuple[str, str]], *, success: Done = None,
                   refresh: Refresh = None) -> None:
    """Several candidates (title, detail) at once: all of them or, if one is refused, none;
    one undo takes them all back. `success` gets their ids."""
    ops.run(store, lambda: events.add_priorities(store, kind, list(items)),
            doing="add the proposed priorities", success=success, refresh=refresh)


def start_groups(ops: Ops, store: ProjectStore, *, success: Done = None,
                 refresh: Refresh = None) -> None:
    """`success` gets the ids of the groups made (none when every agreed priority has one)."""
    ops.run(store, lambda: events.start_groups(store), doing="start the co-design groups",
            success=success, refresh=refresh)


def set_agenda(ops: Ops, store: ProjectStore, kind: EventKind, items: Sequence[AgendaItem],
               *, success: Done = None, refresh: Refresh = None) -> None:
    ops.run(store, lambda: events.set_agenda_template(store, kind, items),
            doing="save the agenda", success=success, refresh=refresh)


def set_withheld_touchpoints(ops: Ops, store: ProjectStore, ids: Iterable[int], *,
                             refresh: Refresh = None) -> None:
    chosen = list(ids)
    ops.run(store, lambda: events.set_withheld_touchpoints(store, chosen),
            doing="change which touch points staff keep among themselves", refresh=refresh)


def set_shared_stages(ops: Ops, store: ProjectStore, stage_ids: Iterable[int], *,
                      refresh: Refresh = None) -> None:
    ids = list(stage_ids)
    ops.run(store, lambda: events.set_shared_stages(store, ids),
            doing="change what staff share with patients", refresh=refresh)


def add_pledge(ops: Ops, store: ProjectStore, kind: EventKind, pledge: PledgeKind, *,
               who: str, what: str, by_when: date | None, success: Done = None,
               refresh: Refresh = None) -> None:
    ops.run(store, lambda: pledging.add_pledge(store, kind, pledge, who=who, what=what,
                                               by_when=by_when),
            doing=f"record the {pledge.value}", success=success, refresh=refresh)


def add_feedback(ops: Ops, store: ProjectStore, kind: EventKind, *, session: int | None,
                 useful: int | None, comment: str, success: Done = None,
                 refresh: Refresh = None) -> None:
    ops.run(store, lambda: pledging.add_feedback(store, kind, session=session, useful=useful,
                                                 comment=comment),
            doing="record the feedback form", success=success, refresh=refresh)
