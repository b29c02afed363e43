"""What the project wrote, and where: every pack, film and export, for erasure and audit.

Why: after a person is erased, the files made before (a pack printed last month, the film
on a USB stick) still hold them; the product cannot reach those, but it can say which they
are and where they were written, and the audit can read them again if they are still there.
Kept as audit entries ("output.write"), so they are part of the project's trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import AuditEntry
from ebcd_app.services.projects import audit
from ebcd_app.store.db import ProjectStore

ACTION = "output.write"


@dataclass(frozen=True)
class Output:
    path: Path
    kind: str
    written_at: datetime


def record_output(store: ProjectStore, path: Path, kind: str) -> bool:
    """Remember that `path` was written as `kind` (a pack, the film, a transcript, ...).

    Never fails the export it follows: a read-only project (a locked disk, an older
    version's folder) or a busy or full one keeps no record, and says False."""
    if store.read_only:
        return False
    try:
        with store.session() as s:
            audit(s, ACTION, str(Path(path).resolve()), kind=kind)
    except (EbcdError, OSError):
        return False
    return True


def outputs(store: ProjectStore, *, before: datetime | None = None) -> list[Output]:
    """Every output written (before `before`), newest last, one per path (its latest)."""
    with store.session() as s:
        rows = s.execute(select(AuditEntry.target, AuditEntry.detail, AuditEntry.at)
                         .where(AuditEntry.action == ACTION).order_by(AuditEntry.at)).all()
    latest: dict[str, Output] = {}
    for target, detail, at in rows:
        if before is None or at <= before:
            latest[target] = Output(Path(target), str((detail or {}).get("kind", "")), at)
    return list(latest.values())
