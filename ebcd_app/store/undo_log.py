"""Undo for every edit, kept by the database itself.

The sqlite.org "automatic undo/redo" pattern: while a user action runs, temporary triggers on
every project table write the SQL that reverses each row change (an INSERT's DELETE, an
UPDATE's old values, a DELETE's INSERT) into a temporary log on the same connection. At the
end of the action the log becomes one `UndoStep`; running it (newest statement first) in one
transaction puts every row back, and the triggers record that run as the step that redoes it.

Why here and not in each service: a service that forgets to write its inverse would make its
edit silently un-undoable, and a multi-table edit (a chapter and its clips, a transcript
correction and the touch points that moved) would need hand-written inverses that drift from
the edit. Rows are what changed; rows are what come back.

What is left out: the audit trail (an undo is audited, never erased), the job table (long work
is not undone), kept transcript versions, Alembic's revision, and FTS5's own tables (the
segment and note triggers keep the index in step when undo rewrites their rows). The triggers
fire only on a connection whose flag is set, so imports and transcription write at full speed.

SQLite-only (temporary triggers and `quote()`); a PostgreSQL store would keep the same
`UndoStep` with its own triggers.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

NOT_UNDONE = frozenset({"alembic_version", "audit_entries", "jobs", "transcript_versions"})
_FLAG_FUNCTION = "ebcd_undo_recording"
_INSTALLED = "ebcd_undo_installed"
_flags: dict[int, bool] = {}
_flags_lock = threading.Lock()


@dataclass(frozen=True)
class UndoStep:
    """SQL that reverses one user action, in the order it was recorded, and the tables it
    touches (what the views must refresh)."""

    statements: tuple[str, ...] = ()
    tables: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.statements


def register_flag(dbapi_conn: sqlite3.Connection) -> None:
    """Give a new connection the function its undo triggers ask "am I recording?"."""
    key = id(dbapi_conn)
    dbapi_conn.create_function(_FLAG_FUNCTION, 0, lambda: int(_flags.get(key, False)))


def _driver(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def _project_tables(conn: Connection) -> list[tuple[str, list[str]]]:
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table'").all()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = []
    for name, _sql in rows:
        if (name in NOT_UNDONE or name.startswith("sqlite_") or name in virtual
                or any(name.startswith(v + "_") for v in virtual)):
            continue
        cols = [r[1] for r in conn.exec_driver_sql(f'PRAGMA main.table_info("{name}")')]
        tables.append((name, cols))
    return tables


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _triggers(table: str, cols: list[str]) -> list[str]:
    t = _q(table)
    lit = table.replace("'", "''")
    quoted_t = t.replace("'", "''")
    when = f"WHEN {_FLAG_FUNCTION}()"
    log = f"INSERT INTO undo_log(tbl, sql) VALUES('{lit}', "
    sets = "||','||".join(f"'{_q(c)}='||quote(old.{_q(c)})" for c in cols)
    names = ",".join(_q(c) for c in cols).replace("'", "''")
    values = "||','||".join(f"quote(old.{_q(c)})" for c in cols)
    # ... AND each column IS what this action left: a row changed since by someone else is
    # not overwritten, the statement matches no row and the replay refuses
    still = "||".join(f"' AND {_q(c)} IS '||quote(new.{_q(c)})" for c in cols)
    return [
        f"CREATE TEMP TRIGGER {_q('undo_i_' + table)} AFTER INSERT ON main.{t} {when} BEGIN "
        f"{log}'DELETE FROM {quoted_t} WHERE rowid='||new.rowid||{still}); END",
        f"CREATE TEMP TRIGGER {_q('undo_u_' + table)} AFTER UPDATE ON main.{t} {when} BEGIN "
        f"{log}'UPDATE {quoted_t} SET '||{sets}||' WHERE rowid='||old.rowid||{still}); END",
        f"CREATE TEMP TRIGGER {_q('undo_d_' + table)} AFTER DELETE ON main.{t} {when} BEGIN "
        f"{log}'INSERT INTO {quoted_t}(rowid,{names}) VALUES('||old.rowid||','||{values}||')');"
        " END",
    ]


def _install(conn: Connection) -> None:
    """Make the log and the triggers on this connection, once (temporary objects live as
    long as the connection)."""
    info = conn.connection.info
    if info.get(_INSTALLED):
        return
    raw = _driver(conn)
    raw.execute("CREATE TEMP TABLE IF NOT EXISTS undo_log("
                "seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, sql TEXT NOT NULL)")
    for table, cols in _project_tables(conn):
        for statement in _triggers(table, cols):
            raw.execute(statement)
    info[_INSTALLED] = True


def start(conn: Connection) -> int:
    """Record every row change made on this connection from now on; returns the key that
    `stop` takes (the connection goes back to the pool at commit, before `stop`)."""
    _install(conn)
    key = id(_driver(conn))
    with _flags_lock:
        _flags[key] = True
    return key


def stop(key: int | None) -> None:
    with _flags_lock:
        if key is not None:
            _flags.pop(key, None)


def take(conn: Connection) -> UndoStep:
    """What was recorded since `start`, newest last, and empty the log; call before the
    commit, so a rolled-back action leaves nothing behind."""
    rows = conn.exec_driver_sql("SELECT tbl, sql FROM temp.undo_log ORDER BY seq").all()
    if rows:
        conn.exec_driver_sql("DELETE FROM temp.undo_log")
    return UndoStep(tuple(sql for _t, sql in rows), frozenset(t for t, _s in rows))


def replay(conn: Connection, step: UndoStep) -> None:
    """Run a step's statements newest first. Each must change exactly one row: one that
    changes none means that row was changed elsewhere since (another window, the ebcd
    command), and the caller rolls the whole replay back."""
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for statement in reversed(step.statements):
        if conn.exec_driver_sql(statement).rowcount != 1:
            raise LookupError(statement)
