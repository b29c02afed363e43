"""What the event and co-design group pages broadcast after an edit, and how they run edits.

The event and group services return ids or nothing, so each page wraps its call in an
operation that returns one of these markers; every page listening on the runner's
`operation_executed` then knows whether the change is about it (the Anki OpChanges habit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ebcd_app.domain.models import EventKind
from ebcd_app.gui.operations import OperationRunner


@dataclass(frozen=True)
class EventChanged:
    """An event's details, priorities, agenda or shared stages changed."""

    kind: EventKind


@dataclass(frozen=True)
class GroupsChanged:
    """A co-design group (or the list of them) changed; None: the list itself. `made`: the
    groups just started from the joint event's agreed priorities."""

    group_id: int | None = None
    made: tuple[int, ...] = ()


def run_edit(runner: OperationRunner, op: Callable[[], Any], *, refresh: Callable[[], None],
             success: Callable[[Any], None] | None = None, doing: str = "") -> None:
    """Run `op` on the runner; when the service refuses, redraw from the database first, so a
    widget never keeps showing a value that was not saved, then show the reason the usual way
    (the runner's `operation_failed`, which the window turns into a message)."""

    def failed(exc: BaseException) -> None:
        refresh()
        runner.report(doing, exc)

    runner.run(op, success=success, failure=failed)
