"""Snapshots of a project's database, so a damaged or mistaken database can be put back.

A snapshot is an SQLite online backup (consistent even while another process writes) of
project.db, kept inside the project as snapshots/project-YYYYMMDD-HHMMSS.db and written
atomically (a temporary name, synced, then renamed). One is taken when a project opens if
the newest is older than `MIN_INTERVAL_S` (so running ten commands in a row copies the
database once, not ten times) and every few minutes of editing in the app. The newest
`KEEP_RECENT` are kept, and the newest of each of the last `KEEP_DAYS` days.

Restoring first keeps the current database as a snapshot, and refuses while another
process has the project open (it holds SQLite's lock on the -shm file), because replacing
a database under an open connection would damage it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import struct
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ebcd_app.basics.atomic import TMP_PREFIX, fsync_dir
from ebcd_app.basics.errors import EbcdError, ProjectError
from ebcd_app.store.db import DB_NAME, ProjectStore, connect, dbapi, quick_check
from ebcd_app.store.vault import Keys

SNAPSHOT_DIR = "snapshots"
MIN_INTERVAL_S = 5 * 60
KEEP_RECENT = 10
KEEP_DAYS = 7
_NAME = re.compile(r"^project-(\d{8}-\d{6})(-\d+)?(-before-restore|-after-erasure)?\.db$")
# SQLite's unix VFS: every connection holds a read lock on this byte of the -shm file
# (the "dead man switch") for as long as it is open
_SHM_DMS_OFFSET = 128


@dataclass(frozen=True)
class SnapshotInfo:
    """One snapshot as `ebcd snapshots` lists it."""

    name: str
    path: Path
    taken_at: datetime
    size: int
    problem: str  # "" when it passes quick_check

    @property
    def ok(self) -> bool:
        return not self.problem


def snapshot_dir(folder: Path) -> Path:
    return Path(folder) / SNAPSHOT_DIR


def _taken_at(path: Path) -> datetime | None:
    m = _NAME.match(path.name)
    return datetime.strptime(m.group(1), "%Y%m%d-%H%M%S") if m else None


def _snapshot_files(folder: Path) -> list[Path]:
    """Snapshot files, oldest first."""
    where = snapshot_dir(folder)
    if not where.is_dir():
        return []
    found = [p for p in where.iterdir() if p.is_file() and _taken_at(p) is not None]
    return sorted(found, key=lambda p: (_taken_at(p), p.name))


def _new_name(where: Path, suffix: str = "") -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = where / f"project-{stamp}{suffix}.db"
    n = 1
    while target.exists():
        n += 1
        target = where / f"project-{stamp}-{n}{suffix}.db"
    return target


def _backup(db: Path, target: Path, keys: Keys | None = None) -> None:
    """An online backup of `db` into `target`, atomically, as a self-contained file
    (encrypted with the same key when the project is)."""
    tmp = target.with_name(f"{TMP_PREFIX}{target.name}")
    try:
        src = connect(db, keys)
        try:
            dst = connect(tmp, keys)
            try:
                src.backup(dst)
                # rollback-journal mode, so it opens read-only without -wal/-shm files
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def take_snapshot(store: ProjectStore, *, suffix: str = "") -> Path:
    """Snapshot the project's database now; return the new file. Raises OSError or
    sqlite3.Error (callers that snapshot in passing ignore them)."""
    if store.read_only:
        raise EbcdError(store.refusal())
    where = snapshot_dir(store.folder)
    where.mkdir(exist_ok=True)
    db = store.db_path
    free = shutil.disk_usage(where).free
    if free < 2 * db.stat().st_size + 16 * 1024 * 1024:
        raise OSError(28, "not enough free space for a snapshot", str(where))
    target = _new_name(where, suffix)
    _backup(db, target, store.keys)
    prune(store.folder)
    return target


def _newest_age_s(folder: Path) -> float | None:
    files = _snapshot_files(folder)
    if not files:
        return None
    return time.time() - max(p.stat().st_mtime for p in files)


def snapshot_on_open(store: ProjectStore) -> Path | None:
    """The opening snapshot, unless one is younger than MIN_INTERVAL_S. Never fails the
    opening: a full disk or a busy database just means no snapshot this time."""
    if store.read_only:
        return None
    age = _newest_age_s(store.folder)
    if age is not None and age < MIN_INTERVAL_S:
        return None
    with contextlib.suppress(OSError, dbapi(store.keys).Error, EbcdError):
        return take_snapshot(store)
    return None


def snapshot_if_changed(store: ProjectStore) -> Path | None:
    """For the app's timer: a snapshot when the database changed since the newest one
    and that one is older than MIN_INTERVAL_S."""
    if store.read_only:
        return None
    files = _snapshot_files(store.folder)
    if files:
        newest = max(p.stat().st_mtime for p in files)
        if time.time() - newest < MIN_INTERVAL_S:
            return None
        changed = max((p.stat().st_mtime for p in (store.db_path,
                       store.db_path.with_name(DB_NAME + "-wal")) if p.exists()), default=0)
        if changed <= newest:
            return None
    with contextlib.suppress(OSError, dbapi(store.keys).Error, EbcdError):
        return take_snapshot(store)
    return None


def prune(folder: Path, now: datetime | None = None) -> list[Path]:
    """Keep the newest KEEP_RECENT and the newest of each of the last KEEP_DAYS days;
    delete the rest (and temporaries a killed snapshot left). Return what went."""
    now = now or datetime.now()
    files = _snapshot_files(folder)
    keep = set(files[-KEEP_RECENT:])
    by_day: dict[object, Path] = {}
    for p in files:
        taken = _taken_at(p)
        assert taken is not None
        if now - taken <= timedelta(days=KEEP_DAYS):
            by_day[taken.date()] = p  # files are oldest first: the last one wins
    keep |= set(by_day.values())
    gone = [p for p in files if p not in keep]
    for p in gone:
        with contextlib.suppress(OSError):
            p.unlink()
    where = snapshot_dir(folder)
    for tmp in where.glob(f"{TMP_PREFIX}*"):
        if time.time() - tmp.stat().st_mtime > 3600:  # not one being written now
            with contextlib.suppress(OSError):
                tmp.unlink()
    return gone


def list_snapshots(folder: Path, keys: Keys | None = None) -> list[SnapshotInfo]:
    """Every snapshot, newest first, each checked with PRAGMA quick_check."""
    out = []
    for p in reversed(_snapshot_files(Path(folder))):
        taken = _taken_at(p)
        assert taken is not None
        out.append(SnapshotInfo(p.name, p, taken, p.stat().st_size,
                                quick_check(p, keys=keys)))
    return out


def find_snapshot(folder: Path, name: str) -> Path:
    """A snapshot by its file name (as listed), its number in the list (1 = newest), or
    a path to a snapshot file."""
    files = list(reversed(_snapshot_files(folder)))
    if name.isdigit() and 1 <= int(name) <= len(files):
        return files[int(name) - 1]
    for p in files:
        if p.name == name or p.stem == name:
            return p
    path = Path(name).expanduser()
    if path.is_file():
        return path.resolve()
    raise EbcdError(f"{snapshot_dir(folder)}: no snapshot '{name}' "
                    f"(list them with: ebcd snapshots {folder})")


def others_have_open(folder: Path) -> bool:
    """True when another process has the project's database open (it holds SQLite's
    read lock on the -shm file). Our own process's locks do not show; close the store
    first. Always False where POSIX locks are not available."""
    shm = Path(folder) / f"{DB_NAME}-shm"
    if sys.platform == "win32" or not shm.exists():
        return False
    import fcntl

    try:
        fd = os.open(shm, os.O_RDONLY)
    except OSError:
        return False
    try:
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_OFFSET, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(fd)


def restore(folder: Path, name: str, keys: Keys | None = None) -> tuple[Path, Path]:
    """Put a snapshot back as the project's database. Return (the snapshot restored, the
    snapshot that keeps the database as it was). The project must not be open anywhere:
    close the store before calling this."""
    folder = Path(folder).expanduser().resolve()
    db = folder / DB_NAME
    if not db.is_file():
        raise ProjectError(f"{folder}: not an EBCD Studio project (no {DB_NAME} in it)")
    source = find_snapshot(folder, name)
    problem = quick_check(source, limit_s=60, keys=keys)
    if problem:
        raise EbcdError(f"{source}: this snapshot is damaged too ({problem}); "
                        "choose another one; nothing was changed")
    if others_have_open(folder):
        raise ProjectError(f"{folder}: the project is open in another EBCD Studio window or "
                           "command; close it first; nothing was changed")
    where = snapshot_dir(folder)
    where.mkdir(exist_ok=True)
    kept = _new_name(where, "-before-restore")
    wal = db.with_name(DB_NAME + "-wal")
    try:
        with contextlib.closing(connect(db, keys)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _backup(db, kept, keys)
    except (dbapi(keys).Error, OSError):
        # a damaged database may not back up: keep its bytes as they are instead
        try:
            shutil.copyfile(db, kept)
            if wal.is_file() and wal.stat().st_size:
                shutil.copyfile(wal, kept.with_name(kept.name + "-wal"))
        except OSError as exc:
            raise ProjectError(f"{db}: could not keep the current database before restoring "
                               f"({exc.strerror}); nothing was changed") from exc
    tmp = db.with_name(f"{TMP_PREFIX}{DB_NAME}")
    try:
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        # the old -wal must go before the file is replaced: its frames would be applied to
        # the restored database (its checkpointed content is in the kept snapshot)
        for extra in (wal, db.with_name(DB_NAME + "-shm")):
            extra.unlink(missing_ok=True)
        os.replace(tmp, db)
        fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ProjectError(f"{db}: could not restore {source.name} ({exc.strerror}); the "
                           f"database as it was is kept in {kept}") from exc
    prune(folder)
    return source, kept

