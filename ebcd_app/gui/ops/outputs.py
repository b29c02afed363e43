"""Noting an output the app wrote (a map, an export), for erasure's stale list and the audit."""

from __future__ import annotations

from pathlib import Path

from ebcd_app.gui.ops import Ops
from ebcd_app.services import outputs
from ebcd_app.store.db import ProjectStore


def record(ops: Ops, store: ProjectStore, path: Path, kind: str) -> None:
    """Remember the output on the worker, in order with the edits before it; never undone."""
    ops.read(lambda: outputs.record_output(store, path, kind), success=lambda _r: None,
             doing=f"note that {path.name} was written")
