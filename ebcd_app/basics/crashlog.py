"""Faults in the program, in words a facilitator can read and a log a developer can use.

A failure the user can act on is an `EbcdError` and is shown as it is. Anything else is a
fault in EBCD Studio: the user is told, in plain words, what could not be done and that
nothing saved was lost, while the traceback goes to a log file in the user data folder
(and to a "Copy details" button), never into the message itself.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import traceback
from datetime import datetime
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.basics.paths import data_dir

LOG_NAME = "ebcd-studio.log"
MAX_LOG_BYTES = 2 * 1024 * 1024

_OS_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission was refused",
    errno.EPERM: "permission was refused",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "a file it needs is missing",
    errno.EFBIG: "the file is too large for this disk",
}


# SQLite's primary result codes, for a database failure that reached us untranslated
# (ProjectStore.session already turns these into EbcdErrors naming project.db)
_SQLITE_WORDS = {
    sqlite3.SQLITE_BUSY: "another EBCD Studio window or command kept the project busy; "
                         "nothing was written, try again when it has finished",
    sqlite3.SQLITE_LOCKED: "another EBCD Studio window or command kept the project busy; "
                           "nothing was written, try again when it has finished",
    sqlite3.SQLITE_FULL: "the disk is full; nothing was written",
    sqlite3.SQLITE_IOERR: "the project database could not be written (the disk is full or "
                          "failing); nothing was written",
    sqlite3.SQLITE_CORRUPT: "the project database is damaged; nothing was written (restore a "
                            "snapshot: File ▸ Restore…, or ebcd restore)",
    sqlite3.SQLITE_NOTADB: "the project database is damaged; nothing was written (restore a "
                           "snapshot: File ▸ Restore…, or ebcd restore)",
    sqlite3.SQLITE_READONLY: "the project is read-only; changes cannot be saved",
    sqlite3.SQLITE_CANTOPEN: "the project database cannot be opened",
    sqlite3.SQLITE_NOMEM: "the computer ran out of memory",
}


def _sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a sqlite3 error, bare or wrapped by SQLAlchemy."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.Error):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(orig).lower()
    for needle, guess in (("locked", sqlite3.SQLITE_BUSY), ("disk is full", sqlite3.SQLITE_FULL),
                          ("malformed", sqlite3.SQLITE_CORRUPT),
                          ("readonly", sqlite3.SQLITE_READONLY)):
        if needle in text:
            return guess
    return None


def log_path() -> Path:
    return data_dir() / "logs" / LOG_NAME


def details(exc: BaseException) -> str:
    """The full traceback, for the log and the Copy details button."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def reason(exc: BaseException) -> str:
    """Why it failed, in words: our own message, a disk problem, or an internal fault."""
    if isinstance(exc, EbcdError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in _OS_WORDS:
        where = f" ({exc.filename})" if exc.filename else ""
        return _OS_WORDS[exc.errno] + where
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory"
    if (code := _sqlite_code(exc)) in _SQLITE_WORDS:
        return _SQLITE_WORDS[code]
    return "something went wrong inside EBCD Studio (a fault in the program, not in your work)"


def is_fault(exc: BaseException) -> bool:
    """True when the failure is the program's fault rather than something the user can fix."""
    return not isinstance(exc, EbcdError | OSError | MemoryError) and \
        _sqlite_code(exc) not in _SQLITE_WORDS


def message(doing: str, exc: BaseException) -> str:
    """'Could not add the participant: the disk is full.' The exception's name never shows."""
    why = reason(exc).strip()
    text = f"Could not {doing}: {why}" if doing else why[:1].upper() + why[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def record(doing: str, exc: BaseException) -> Path | None:
    """Append the failure with its traceback to the log; return the log's path (None when
    even the log cannot be written, e.g. on a full disk: the dialog still shows)."""
    path = log_path()
    entry = (f"--- {datetime.now().isoformat(timespec='seconds')} could not "
             f"{doing or 'finish'}\n{details(exc)}\n")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_suffix(".log.1"))
        with path.open("a", encoding="utf-8") as fh:
            fh.write(entry)
        return path
    return None
