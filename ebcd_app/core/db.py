"""The project store: a folder with a database, imported media and rebuildable derivatives.

A project is opened through a URL-based engine so the same services can later run against
a shared server; on a laptop it is a SQLite file in the project folder (WAL, foreign keys).
The schema is owned by Alembic migrations; a project from a newer version is refused
before anything is written.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ebcd_app.core.errors import NewerProjectError, NotFoundError, ProjectError

T = TypeVar("T")

DB_NAME = "project.db"
MEDIA_DIR = "media"
DERIVED_DIR = "derived"
MIGRATIONS = Path(__file__).with_name("migrations")


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
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, label: str) -> None:
    """Bring the schema to head; refuse, touching nothing, a schema newer than ours."""
    current = _current_revision(engine)
    scripts = ScriptDirectory.from_config(_alembic_config())
    if current is not None:
        try:
            scripts.get_revision(current)
        except Exception as exc:  # alembic raises several kinds for unknown revisions
            raise NewerProjectError(
                f"{label}: this project was saved by a newer version of EBCD Studio "
                f"(schema {current}; this version knows up to {head_revision()}). "
                "Update EBCD Studio to open it; nothing was changed."
            ) from exc
    if current == scripts.get_current_head():
        return
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class ProjectStore:
    """An open project: its folder, its engine and a session factory."""

    folder: Path
    engine: Engine
    _factory: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

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
        """A short unit of work: committed on success, rolled back on any error."""
        with self._factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / DB_NAME}"


def is_project(folder: Path) -> bool:
    return (folder / DB_NAME).is_file()


def create_store(folder: Path) -> ProjectStore:
    """Make a new, empty project folder (the folder may exist but must be empty)."""
    folder = folder.expanduser().resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ProjectError(f"{folder}: already exists and is not an empty folder")
    try:
        for sub in ("", MEDIA_DIR, DERIVED_DIR):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"{folder}: cannot create the project folder ({exc.strerror})") from exc
    engine = make_engine(_sqlite_url(folder))
    migrate(engine, str(folder))
    return ProjectStore(folder, engine)


def open_store(folder: Path) -> ProjectStore:
    """Open an existing project, migrating an older schema and tidying after a crash."""
    folder = folder.expanduser().resolve()
    if not is_project(folder):
        raise ProjectError(f"{folder}: not an EBCD Studio project (no {DB_NAME} in it)")
    engine = make_engine(_sqlite_url(folder))
    try:
        migrate(engine, str(folder))
    except NewerProjectError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise ProjectError(f"{folder / DB_NAME}: cannot open the project database ({exc})") from exc
    for sub in (MEDIA_DIR, DERIVED_DIR):
        (folder / sub).mkdir(exist_ok=True)
    from ebcd_app.core.services.housekeeping import tidy_on_open  # only what nobody owns

    return tidy_on_open(ProjectStore(folder, engine))


def fetch(session: Session, model: type[T], ident: int, what: str) -> T:
    """A row by id, or the error a user reads ("no meeting with id 7")."""
    row = session.get(model, ident)
    if row is None:
        raise NotFoundError(f"no {what} with id {ident}")
    return row
