"""The project store: a folder with a database, imported media and rebuildable derivatives.

A project is opened through a URL-based engine so the same services can later run against
a shared server; on a laptop it is a SQLite file in the project folder (WAL, foreign keys).
The schema is owned by Alembic migrations; a project from a newer version is refused
before anything is written.

Nothing a facilitator saved may be lost, so this module is also where the database's
failures become messages: a lock held too long by another process, a full disk, a damaged
file and a read-only folder each become one `EbcdError` naming project.db (`db_error`), in
one place (`ProjectStore.session` and `open_store`), never a traceback or a half-written
change. A damaged database (PRAGMA quick_check at opening) and a folder or disk that cannot
be written to open read-only: reading, searching and exporting work, every write is refused
before it reaches SQLite.

Transactions: pysqlite begins a transaction at the first INSERT/UPDATE/DELETE, so a writer
takes SQLite's write lock with its first change and waits for it (busy_timeout, up to
`BUSY_TIMEOUT_S`); reads before it run outside a transaction, so a read-only unit of work
never waits for a long writer and a writer never fails at once with SQLITE_BUSY_SNAPSHOT
(which a deferred BEGIN followed by a read, then a write, would get in WAL mode whatever the
busy timeout). BEGIN IMMEDIATE for every session was weighed and rejected: it would make
every read (the app's lists, `ebcd recordings`) queue behind a long import.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from ebcd_app.basics.errors import (
    DamagedProjectError,
    DiskFullError,
    EbcdError,
    NewerProjectError,
    NotFoundError,
    ProjectBusyError,
    ProjectError,
    ReadOnlyProjectError,
)
from ebcd_app.store import undo_log
from ebcd_app.store.housekeeping import tidy_on_open
from ebcd_app.store.layout import DB_NAME, DERIVED_DIR, MEDIA_DIR
from ebcd_app.store.vault import (
    Keys,
    Vault,
    is_encrypted,
    new_keys,
    passphrase_from_env,
    shred,
    unlock,
)

T = TypeVar("T")

MIGRATIONS = Path(__file__).with_name("migrations")
# How long a writer waits for another process's write to finish before it gives up with
# ProjectBusyError. Long enough for a big transcript import (150 000 words hold the lock for
# about 15 s on 2 busy cores), short enough that a stuck process is reported, not waited on.
BUSY_TIMEOUT_S = 60
# PRAGMA quick_check reads every page; stop it after this long on a very big project (it
# then counts as not checked, never as damaged). Measured in benchmarks/bench_sync.py.
QUICK_CHECK_LIMIT_S = 2.0
DISK_FULL = "the disk is full"


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest schema this version of the program knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    # the busy timeout first: even switching to WAL may wait for another process
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: WAL is synced at every commit, so an edit the app said was saved survives a
    # power cut (NORMAL may lose the last commits). Measured cost: benchmarks/bench_sync.py.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()
    undo_log.register_flag(dbapi_conn)


def _sqlite_read_only_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def dbapi(keys: Keys | None):
    """The DB-API module for a project: Python's sqlite3, or sqlcipher3 when encrypted."""
    if keys is None:
        return sqlite3
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ProjectError("encrypted projects need the 'sqlcipher3' package "
                           "(pip install sqlcipher3)") from exc
    return dbapi2


def connect(target: Path | str, keys: Keys | None = None, *, uri: bool = False,
            timeout: float = BUSY_TIMEOUT_S, check_same_thread: bool = True):
    """A DB-API connection to a project database (or a snapshot), keyed when encrypted."""
    conn = dbapi(keys).connect(str(target), uri=uri, timeout=timeout,
                               check_same_thread=check_same_thread)
    if keys is not None:
        conn.execute(keys.sqlcipher_key())
    return conn


def make_engine(url: str, *, read_only: bool = False, keys: Keys | None = None) -> Engine:
    """An engine for a project URL; for an encrypted project, its file opened through
    SQLCipher with the raw key (the URL's path and query as for plain SQLite)."""
    if keys is None:
        engine = create_engine(url)
    else:
        target = url.removeprefix("sqlite:///")
        is_uri = target.endswith("&uri=true")
        target = target.removesuffix("&uri=true")
        engine = create_engine("sqlite://", module=dbapi(keys), creator=lambda: connect(
            target, keys, uri=is_uri, check_same_thread=False))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect",
                     _sqlite_read_only_pragmas if read_only else _sqlite_pragmas)
    return engine


def _code(exc: BaseException) -> tuple[int | None, str]:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return (code & 0xFF if isinstance(code, int) else None), str(orig)


def damaged_message(db: Path, detail: str) -> str:
    folder = db.parent
    return (f"{db} is damaged ({detail}); nothing was written. Restore a snapshot: "
            f"ebcd snapshots {folder} / ebcd restore {folder} SNAPSHOT")


def db_error(exc: BaseException, db: Path, refusal: str = "") -> EbcdError | None:
    """The message for a database failure a user can act on, or None for a program fault.

    `refusal` is what a read-only store says when SQLite itself refuses a write.
    """
    code, text = _code(exc)
    low = text.lower()
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in low:
        return ProjectBusyError(
            f"{db}: another EBCD Studio window or command kept the project busy for over "
            f"{BUSY_TIMEOUT_S} s; nothing was written. Try again when it has finished")
    if code == sqlite3.SQLITE_FULL or "disk is full" in low:
        return DiskFullError(f"{db}: the disk is full; nothing was written. "
                             "Free some space and try again")
    if code == sqlite3.SQLITE_IOERR or "disk i/o error" in low:
        return DiskFullError(f"{db}: could not be written (the disk is full or failing: "
                             f"{text}); nothing was written")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in low \
            or "not a database" in low:
        return DamagedProjectError(damaged_message(db, text))
    if code == sqlite3.SQLITE_READONLY or "readonly database" in low:
        return ReadOnlyProjectError(refusal or f"{db}: cannot be changed ({text})")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return ProjectError(f"{db}: cannot open the project database ({text})")
    if code == sqlite3.SQLITE_NOMEM:
        return EbcdError(f"{db}: the computer ran out of memory")
    return None


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate_check(current: str, label: str) -> None:
    """Refuse a schema newer than ours (NewerProjectError), touching nothing."""
    try:
        ScriptDirectory.from_config(_alembic_config()).get_revision(current)
    except Exception as exc:  # alembic raises several kinds for unknown revisions
        raise NewerProjectError(
            f"{label}: this project was saved by a newer version of EBCD Studio "
            f"(schema {current}; this version knows up to {head_revision()}). "
            "Update EBCD Studio to open it; nothing was changed.") from exc


def migrate(engine: Engine, label: str) -> None:
    """Bring the schema to head; refuse, touching nothing, a schema newer than ours."""
    current = _current_revision(engine)
    scripts = ScriptDirectory.from_config(_alembic_config())
    if current is not None:
        migrate_check(current, label)
    if current == scripts.get_current_head():
        return
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class Action:
    """The unit of work of one user action (see `ProjectStore.action`)."""

    session: Session
    step: undo_log.UndoStep = field(default_factory=undo_log.UndoStep)


@dataclass
class ProjectStore:
    """An open project: its folder, its engine and a session factory.

    `read_only` with its `read_only_reason` ("the folder is read-only", "the disk is
    full", or the damage found) refuses every write before SQLite sees it; `damaged` is the
    quick_check finding of a damaged database ("" when it passed or was not checked).
    """

    folder: Path
    engine: Engine
    read_only: bool = False
    read_only_reason: str = ""
    damaged: str = ""
    vault: Vault = field(default_factory=Vault)
    _factory: sessionmaker[Session] = field(init=False, repr=False)
    _local: threading.local = field(init=False, repr=False, default_factory=threading.local)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        if self.read_only:
            event.listen(self._factory, "before_flush", self._refuse_flush)
            event.listen(self._factory, "do_orm_execute", self._refuse_execute)

    @property
    def db_path(self) -> Path:
        return self.folder / DB_NAME

    def refusal(self) -> str:
        """Why a change cannot be saved, in one line."""
        if self.damaged:
            return damaged_message(self.db_path, self.damaged)
        if self.read_only_reason == DISK_FULL:
            return (f"{self.db_path}: the disk is full; nothing was written. Free some space "
                    "and try again (reading, searching and exporting still work)")
        return (f"{self.folder}: this project is read-only: {self.read_only_reason}. "
                "You can read, search and export; changes cannot be saved")

    def _refuse_flush(self, session: Session, _flush: UOWTransaction, _inst: object) -> None:
        if session.new or session.dirty or session.deleted:
            raise ReadOnlyProjectError(self.refusal())

    def _refuse_execute(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise ReadOnlyProjectError(self.refusal())

    @property
    def media_dir(self) -> Path:
        return self.folder / MEDIA_DIR

    @property
    def derived_dir(self) -> Path:
        return self.folder / DERIVED_DIR

    def derived_for(self, sha256: str) -> Path:
        return self.derived_dir / sha256[:16]

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work: committed on success, rolled back on any error.

        A database failure leaves as the one-line EbcdError that says what to do (busy,
        disk full, damaged, read-only); the change is rolled back whole.
        """
        outer = getattr(self._local, "action", None)
        if outer is not None:  # inside one user action: its transaction, committed at its end
            yield outer.session
            outer.session.flush()
            outer.session.expire_all()  # the next call reads what this one wrote, fresh
            return
        with self._factory() as session:
            try:
                yield session
                session.commit()
            except BaseException as exc:
                self._fail(session, exc)
                raise

    def _fail(self, session: Session, exc: BaseException) -> None:
        with contextlib.suppress(Exception):
            session.rollback()
        if isinstance(exc, DBAPIError | sqlite3.Error):
            err = db_error(exc, self.db_path, self.refusal() if self.read_only else "")
            if err is not None:
                raise err from exc

    @contextlib.contextmanager
    def action(self) -> Iterator[Action]:
        """One user action: every `session()` opened inside it in this thread shares one
        transaction, so a failure halfway leaves nothing half done, and every row it changes
        is recorded, so the action can be undone as one step (`Action.step` after the block).
        Nested actions join the outer one."""
        outer = getattr(self._local, "action", None)
        if outer is not None:
            yield outer
            return
        with self._factory() as session:
            current = Action(session)
            self._local.action = current
            conn = session.connection()
            key = None
            try:
                if not self.read_only:
                    key = undo_log.start(conn)
                yield current
                session.flush()
                current.step = undo_log.take(conn) if not self.read_only else current.step
                session.commit()
            except BaseException as exc:
                self._fail(session, exc)
                raise
            finally:
                undo_log.stop(key)
                self._local.action = None

    @property
    def keys(self) -> Keys | None:
        """The open project's keys (None when it is not encrypted)."""
        return self.vault.keys

    def close(self) -> None:
        self.engine.dispose()
        self.vault.close()

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_url(folder: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    if not read_only:
        return f"sqlite:///{folder / DB_NAME}"
    # a URI filename: mode=ro never creates or writes anything; immutable=1 also skips the
    # -shm/-wal files WAL needs, which a read-only folder or a full disk cannot hold
    path = urllib.parse.quote(str(folder / DB_NAME))
    return f"sqlite:///file:{path}?mode=ro{'&immutable=1' if immutable else ''}&uri=true"


def is_project(folder: Path) -> bool:
    return (folder / DB_NAME).is_file()


def create_store(folder: Path, *, passphrase: str | None = None) -> ProjectStore:
    """Make a new, empty project folder (the folder may exist but must be empty); with a
    passphrase, an encrypted one (see store/vault.py)."""
    folder = folder.expanduser().resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ProjectError(f"{folder}: already exists and is not an empty folder")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        for sub in ("", MEDIA_DIR, DERIVED_DIR):  # people's recordings: the owner's alone
            (folder / sub).mkdir(mode=0o700, exist_ok=True)
        (folder / DB_NAME).touch(mode=0o600)  # SQLite gives its -wal and -shm the same mode
    except OSError as exc:
        raise ProjectError(f"{folder}: cannot create the project folder ({exc.strerror})") from exc
    keys = new_keys(folder, passphrase) if passphrase is not None else None
    engine = make_engine(_sqlite_url(folder), keys=keys)
    migrate(engine, str(folder))

    return tidy_on_open(ProjectStore(folder, engine, vault=Vault(keys)))


def _not_writable(folder: Path) -> str:
    """Why this project cannot be written to, or "" when it can."""
    db = folder / DB_NAME
    if hasattr(os, "statvfs"):  # POSIX; on Windows os.access below says it
        with contextlib.suppress(OSError):
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return f"the disk holding it is read-only ({folder})"
    for path, what in ((folder, "the folder"), (db, DB_NAME)):
        if not os.access(path, os.W_OK):  # root passes it, except on a read-only disk
            return f"{what} cannot be written to ({path})"
    return ""


def _disk_full(folder: Path) -> bool:
    """Not even room for the -shm and -wal files a writer needs."""
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def quick_check(db: Path, limit_s: float = QUICK_CHECK_LIMIT_S, keys: Keys | None = None
                ) -> str:
    """"" when the database passes PRAGMA quick_check (or is too big to finish within
    `limit_s`), else what is wrong, in SQLite's words. Opens it read-only: never writes."""
    uri = f"file:{urllib.parse.quote(str(db))}?mode=ro"
    sqlite = dbapi(keys)
    try:
        conn = connect(uri, keys, uri=True)
    except sqlite.Error as exc:
        return str(exc)
    deadline = time.monotonic() + limit_s
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite.OperationalError as exc:
        code, text = _code(exc)
        if code == sqlite3.SQLITE_INTERRUPT or "interrupted" in text:
            return ""
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN,
                    sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
            return ""  # not a finding about the file; opening reports these itself
        return text
    except sqlite.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    found = [" ".join(str(r[0]).replace("*** in database main ***", "").split())
             for r in rows]
    if found == ["ok"]:
        return ""
    text = "; ".join(f for f in found if f)
    return text if len(text) <= 120 else text[:117] + "..."


def _open_read_only(folder: Path, reason: str, damaged: str = "",
                    keys: Keys | None = None) -> ProjectStore:
    db = folder / DB_NAME
    wal = db.with_name(DB_NAME + "-wal")
    shm = db.with_name(DB_NAME + "-shm")
    # with the -wal and -shm files there (another process has it open, or it was copied
    # while open), mode=ro reads the latest commits through them; without them, nothing
    # can have been left in a -wal, and immutable=1 needs neither
    has_wal = wal.is_file() and wal.stat().st_size > 0 and shm.is_file()
    engine = make_engine(_sqlite_url(folder, read_only=True, immutable=not has_wal),
                         read_only=True, keys=keys)
    try:
        current = _current_revision(engine)
    except Exception as exc:
        engine.dispose()
        err = db_error(exc, db)
        raise (err or ProjectError(f"{db}: cannot open the project database ({exc})")) from exc
    if current != head_revision():
        engine.dispose()
        if current is not None:
            migrate_check(current, str(folder))
        raise ReadOnlyProjectError(
            f"{folder}: this project was saved by an older version of EBCD Studio and is "
            f"read-only ({reason}); open it once where it can be written to, to upgrade it")
    return ProjectStore(folder, engine, read_only=True, read_only_reason=reason,
                        damaged=damaged, vault=Vault(keys))


SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(db: Path) -> bool:
    """Whether a database file is unencrypted SQLite (SQLCipher's first page is noise)."""
    with open(db, "rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


@contextlib.contextmanager
def readable_database(db: Path, keys: Keys | None, vault: Vault) -> Iterator[Path]:
    """A database file (project.db or a snapshot) as plain SQLite, for reading its bytes
    (the privacy audit): itself when plain, else a plain export in the vault's private
    folder, removed after."""
    if keys is None or is_plain_sqlite(db):
        yield db
        return
    target = vault.scratch() / f"audit-{os.getpid()}-{db.name}"
    conn = connect(db, keys)
    try:
        conn.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    try:
        yield target
    finally:
        shred(target)


def project_keys(folder: Path, passphrase: str | None = None) -> Keys | None:
    """The keys of an encrypted project (the passphrase given, else EBCD_PASSPHRASE), None
    for a plain one. A missing or wrong passphrase raises PassphraseError, touching nothing."""
    if not is_encrypted(folder):
        return None
    keys = unlock(folder, passphrase if passphrase is not None else passphrase_from_env())
    with contextlib.suppress(OSError):
        if is_plain_sqlite(folder / DB_NAME):
            raise ProjectError(f"{folder}: encrypting this project was interrupted; run "
                               f"ebcd encrypt {folder} again to finish it")
    return keys


def open_store(folder: Path, *, read_only: bool = False,
               passphrase: str | None = None) -> ProjectStore:
    """Open an existing project, migrating an older schema and tidying after a crash.

    A damaged database, a folder or disk that cannot be written to, or a full disk open
    read-only (with the reason) instead of failing or writing into it. An encrypted
    project needs its passphrase (`passphrase`, else EBCD_PASSPHRASE).
    """
    folder = folder.expanduser().resolve()
    if not is_project(folder):
        raise ProjectError(f"{folder}: not an EBCD Studio project (no {DB_NAME} in it)")
    keys = project_keys(folder, passphrase)
    if keys is not None:
        Vault(keys).sweep()
    db = folder / DB_NAME
    damaged = quick_check(db, keys=keys)
    if damaged:
        return _open_read_only(folder, "it is damaged", damaged, keys)
    reason = "opened read-only" if read_only else _not_writable(folder)
    if not reason and _disk_full(folder):
        reason = DISK_FULL
    if reason:
        return _open_read_only(folder, reason, keys=keys)
    engine = make_engine(_sqlite_url(folder), keys=keys)
    try:
        migrate(engine, str(folder))
    except NewerProjectError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        err = db_error(exc, db)
        if isinstance(err, DiskFullError | ReadOnlyProjectError):
            return _open_read_only(folder, DISK_FULL if isinstance(err, DiskFullError)
                                   else "the project database cannot be written to", keys=keys)
        raise (err or ProjectError(f"{db}: cannot open the project database ({exc})")) from exc
    for sub in (MEDIA_DIR, DERIVED_DIR):
        (folder / sub).mkdir(exist_ok=True)

    return tidy_on_open(ProjectStore(folder, engine, vault=Vault(keys)))


def fetch(session: Session, model: type[T], ident: int, what: str) -> T:
    """A row by id, or the error a user reads ("no meeting with id 7")."""
    row = session.get(model, ident)
    if row is None:
        raise NotFoundError(f"no {what} with id {ident}")
    return row
