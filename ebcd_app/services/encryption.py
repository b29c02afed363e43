"""Encrypting an existing project in place (`ebcd encrypt`, File ▸ Encrypt Project…).

Order, so a kill at any point loses nothing and can be finished by running it again:
the key file first (a second run unlocks it with the same passphrase instead of making a
new one), then every file under media/ and derived/ sealed one by one (a sealed file is
recognised and skipped), then each snapshot and last project.db exported through SQLCipher
to a temporary file and renamed over the plain one, whose bytes are overwritten first.
Until project.db is encrypted, opening says the encryption was interrupted.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from ebcd_app.basics.atomic import TMP_PREFIX, fsync_dir
from ebcd_app.basics.errors import EbcdError, ProjectError
from ebcd_app.basics.progress import ProgressSink, ProgressUpdate, ignore_progress
from ebcd_app.services import snapshots
from ebcd_app.store.db import connect, dbapi, is_plain_sqlite, is_project, open_store
from ebcd_app.store.layout import DB_NAME, DERIVED_DIR, MEDIA_DIR
from ebcd_app.store.vault import Keys, Vault, is_encrypted, is_sealed, new_keys, overwrite, unlock


@dataclass(frozen=True)
class Encrypted:
    folder: Path
    files_sealed: int
    snapshots: int


def _export(db: Path, keys: Keys) -> None:
    """project.db (or a snapshot) rewritten encrypted, atomically; the plain bytes
    overwritten before they go."""
    tmp = db.with_name(f"{TMP_PREFIX}{os.getpid()}-{db.name}")
    tmp.unlink(missing_ok=True)
    conn = dbapi(keys).connect(str(db))  # no key yet: reads the plain file
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE '{tmp}' AS sealed KEY \"x'{keys.database.hex()}'\"")
        conn.execute("SELECT sqlcipher_export('sealed')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA sealed.user_version = {int(version)}")
        conn.execute("DETACH DATABASE sealed")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    with contextlib.closing(connect(tmp, keys)) as check:  # opens with the key, or fails
        check.execute("SELECT count(*) FROM sqlite_master").fetchone()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    overwrite(db)
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        overwrite(extra)
        extra.unlink(missing_ok=True)
    os.replace(tmp, db)
    fsync_dir(db.parent)


def encrypt_project(folder: Path, passphrase: str, *,
                    progress: ProgressSink = ignore_progress) -> Encrypted:
    """Encrypt a plain project where it is (or finish an interrupted encryption)."""
    folder = Path(folder).expanduser().resolve()
    if not is_project(folder):
        raise ProjectError(f"{folder}: not an EBCD Studio project (no {DB_NAME} in it)")
    if snapshots.others_have_open(folder):
        raise ProjectError(f"{folder}: the project is open in another EBCD Studio window or "
                           "command; close it first; nothing was changed")
    db = folder / DB_NAME
    if is_encrypted(folder):
        keys = unlock(folder, passphrase)
        if not is_plain_sqlite(db) and not _unsealed(folder):
            raise EbcdError(f"{folder}: is encrypted already; nothing was changed")
    else:
        open_store(folder).close()  # migrated to this version, tidied, its WAL folded in
        keys = new_keys(folder, passphrase)
    vault = Vault(keys)
    todo = _unsealed(folder)
    for n, path in enumerate(todo, 1):
        progress(ProgressUpdate(f"sealing {path.name}", 0.05 + 0.8 * n / max(1, len(todo))))
        if path.suffix == ".jsonl":  # a transcription checkpoint: sealed line by line
            _seal_lines(vault, path)
        else:
            vault.seal_in_place(path)
    shots = [p for p in sorted(snapshots.snapshot_dir(folder).glob("*.db")) if is_plain_sqlite(p)] \
        if snapshots.snapshot_dir(folder).is_dir() else []
    for shot in shots:
        progress(ProgressUpdate(f"encrypting snapshot {shot.name}", 0.9))
        _export(shot, keys)
    if is_plain_sqlite(db):
        progress(ProgressUpdate("encrypting project.db", 0.95))
        _export(db, keys)
    with contextlib.closing(open_store(folder, passphrase=passphrase)) as store:
        store.vault.close()
    progress(ProgressUpdate("encrypted", 1.0))
    return Encrypted(folder, len(todo), len(shots))


def _seal_lines(vault: Vault, path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    sealed = "".join((line if line.startswith("~") else vault.seal_line(line)) + "\n"
                     for line in lines)
    tmp = path.with_name(f".sealing-{path.name}")
    tmp.write_text(sealed, encoding="utf-8")
    overwrite(path)
    os.replace(tmp, path)


def _unsealed(folder: Path) -> list[Path]:
    found: list[Path] = []
    for sub in (MEDIA_DIR, DERIVED_DIR):
        where = folder / sub
        if where.is_dir():
            found += [p for p in sorted(where.rglob("*"))
                      if p.is_file() and not p.name.startswith(".") and not is_sealed(p)
                      and not (p.suffix == ".jsonl" and _lines_sealed(p))]
    return found


def _lines_sealed(path: Path) -> bool:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return all(line.startswith("~") for line in path.read_text("utf-8").splitlines())
    return False
