"""Tidying a project when it opens, without touching anything another process is using.

Two kinds of litter, two rules:

- Temporaries (`.tmp-<pid>-*` under media/ and derived/) are removed when no live process
  owns them (atomic.owned_by_live_process: the writer's lock, else its pid), whoever else
  has the project open. An import or an audio rebuild running next to `ebcd recordings`
  keeps its files.
- Orphans: a killed `ebcd import` leaves the whole copied original in media/ and a
  derived/<sha16>/ folder (speech.wav, peaks) with no Recording row. Media files and
  derived folders that no row refers to are removed, but only while this is the only
  open store of the project: a live import is always inside an open store, so "nobody
  else has it open" means "nobody is importing". Each open store says so with a locked
  file in `.in-use/` (removed when the store is garbage collected; a killed process's
  lock simply goes with it), and the check is made again right before every removal.

Nothing here may stop a project from opening: a read-only folder, a locked database or a
file system without locks only means less is tidied.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ebcd_app.basics import atomic
from ebcd_app.domain.models import Recording
from ebcd_app.store.layout import DB_NAME

if TYPE_CHECKING:  # the store calls us as it opens; we only read it
    from ebcd_app.store.db import ProjectStore

IN_USE = ".in-use"
_SHA16 = frozenset("0123456789abcdef")


def _register(store: ProjectStore) -> Path | None:
    """Say "this store has the project open" with a lock file; None when it can't."""
    folder = store.folder / IN_USE
    try:
        folder.mkdir(exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f"open-{os.getpid()}-", suffix=".lock",
                                    dir=folder)
    except OSError:
        return None
    if not atomic.hold_lock(fd):
        os.close(fd)
        os.unlink(name)
        return None
    path = Path(name)
    weakref.finalize(store, _release, path, fd)
    return path


def _release(path: Path, fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)  # first: Windows cannot delete a file that is open
    with contextlib.suppress(OSError):
        path.unlink()


def _alone(store: ProjectStore, mine: Path) -> bool:
    """No other open store (in this process or another) has a live claim on the project;
    claims a dead process left are removed on the way."""
    try:
        claims = list((store.folder / IN_USE).iterdir())
    except OSError:
        return False
    alone = True
    for claim in claims:
        if claim == mine:
            continue
        if atomic.owned_by_live_process(claim):
            alone = False
        else:
            with contextlib.suppress(OSError):
                claim.unlink()
    return alone


def _referenced(store: ProjectStore) -> tuple[set[str], set[str]] | None:
    """Media file names and derived folder names that some recording uses."""
    try:
        with store.session() as s:
            rows = s.execute(select(Recording.media_path, Recording.sha256)).all()
    except SQLAlchemyError:
        return None
    return ({Path(media).name for media, _ in rows}, {sha[:16] for _, sha in rows})


def _orphans(store: ProjectStore) -> list[Path]:
    used = _referenced(store)
    if used is None:
        return []
    media_names, derived_names = used
    found: list[Path] = []
    with contextlib.suppress(OSError):
        found += [p for p in store.media_dir.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.name not in media_names]
    with contextlib.suppress(OSError):
        found += [p for p in store.derived_dir.iterdir()
                  if p.is_dir() and not p.is_symlink() and len(p.name) == 16
                  and set(p.name) <= _SHA16 and p.name not in derived_names]
    return found


def tidy_on_open(store: ProjectStore) -> ProjectStore:
    """Register the store as open, then remove litter nobody owns; returns the store."""
    if not (store.folder / DB_NAME).is_file():
        return store
    mine = _register(store)
    for sub in (store.media_dir, store.derived_dir):
        with contextlib.suppress(OSError):
            atomic.remove_stale_temporaries(sub)
    if mine is None or not _alone(store, mine):
        return store
    for orphan in _orphans(store):
        if not _alone(store, mine):  # someone opened it meanwhile: leave the rest
            break
        with contextlib.suppress(OSError):
            if orphan.is_dir():
                shutil.rmtree(orphan)
            else:
                orphan.unlink()
    return store
