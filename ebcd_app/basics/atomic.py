"""Writes that never leave a half file behind, and temporaries that say who owns them.

A facilitator's work must survive a crash or a full disk: every file we write goes to a
temporary name in the same folder, is flushed to disk, and only then renamed over the
target, so readers see the old file or the new one, never a torn one.

A killed process leaves its temporary behind, and another process may be writing one at
this very moment (an import next to `ebcd recordings`), so a temporary is removed only
when no live process owns it. A temporary is named `.tmp-<pid>-<random>` and, on POSIX,
its writer holds an exclusive `flock` on it for as long as it writes: the lock goes with
the process, however it dies, so it is the strongest sign. Where no lock can be seen
(Windows, a file system without `flock`) the pid decides, together with the process's
start time where the system tells it, so a reused pid is not taken for the writer.

Permissions: mkstemp makes 0600 files. Files inside a project (media, derived audio,
snapshots) stay that way; files written anywhere else (a film, a PDF pack, an export) get
the user's normal permissions, 0666 less the umask, like any program's output.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ebcd_app.basics.errors import EbcdError

TMP_PREFIX = ".tmp-"
CHUNK = 1024 * 1024
PROJECT_MARKER = "project.db"  # db.DB_NAME; a folder holding it is a project
_PID_IN_NAME = re.compile(r"-(\d+)-")
_START_SLACK = 2.0  # seconds: /proc start times are coarse, and clocks step a little

try:  # POSIX
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX needs the folder itself synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------- who owns a path

def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (without signalling it, on any system)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _win_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except OSError:
        return False
    return True


def _win_pid_alive(pid: int) -> bool:
    """OpenProcess + GetExitCodeProcess (os.kill on Windows would end the process)."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    process_query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied  # type: ignore[attr-defined]
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def _process_started(pid: int) -> float | None:
    """When the process started (epoch seconds), where the system says (Linux /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[19])  # field 22 of the whole line: starttime
        boot = next(int(line.split()[1]) for line in
                    Path("/proc/stat").read_text().splitlines() if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _pid_in_name(name: str) -> int | None:
    match = _PID_IN_NAME.search(name)
    return int(match.group(1)) if match else None


def _lock_state(path: Path) -> bool | None:
    """True if another open file holds an exclusive lock on `path`, False if none does,
    None when this system or file system cannot tell."""
    if fcntl is None and msvcrt is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            except OSError:
                return None
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        try:  # Windows: the byte-range lock hold_lock takes (untested here: Linux CI)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return True
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return False
    finally:
        os.close(fd)


def owned_by_live_process(path: Path) -> bool:
    """Whether a live process may still be using this temporary (file or folder).

    Held lock: yes. Otherwise the pid in the name must be alive and must have started
    before the path last changed (a process started later cannot have written it, so a
    pid reused since is not taken for the owner). A name without a pid (written by an
    older version) is owned only through a lock.
    """
    if _lock_state(path) is True:
        return True
    pid = _pid_in_name(path.name)
    if pid is None or not pid_alive(pid):
        return False
    if pid == os.getpid():
        return True
    started = _process_started(pid)
    if started is None:
        return True
    try:
        changed = path.stat().st_ctime
    except OSError:
        return False  # gone already
    return started <= changed + _START_SLACK


def _flock(fd: int) -> bool:
    """An advisory whole-file lock (POSIX): it does not stop ffmpeg writing the file."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def hold_lock(fd: int) -> bool:
    """Take the exclusive lock that marks `fd`'s file as ours, for a file nobody else
    writes (a claim file): flock on POSIX, a byte-range lock on Windows (mandatory there,
    hence not used on temporaries that ffmpeg writes). False where unsupported."""
    if fcntl is not None:
        return _flock(fd)
    if msvcrt is None:
        return False
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False  # in use (Windows), read-only, not ours: leave it
    return True


def remove_stale_temporaries(folder: Path, *, recursive: bool = True,
                             legacy: bool = True) -> int:
    """Delete the `.tmp-*` files no live process owns; return how many went.

    `legacy` also takes names without a pid (older versions wrote `.tmp-<random>`): right
    inside a project, where only we write such names; not in a user's own folders.
    """
    if not folder.is_dir():
        return 0
    removed = 0
    found = folder.rglob(f"{TMP_PREFIX}*") if recursive else folder.glob(f"{TMP_PREFIX}*")
    for path in list(found):
        with contextlib.suppress(OSError):
            if not path.is_file():
                continue
            if not legacy and _pid_in_name(path.name) is None:
                continue
            if not owned_by_live_process(path) and _remove(path):
                removed += 1
    return removed


def remove_dead_owners_dirs(base: Path, prefix: str) -> None:
    """Remove folders `<prefix><pid>-*` in `base` that no live process owns (a killed
    run's); names without a pid are left alone in a shared place."""
    with contextlib.suppress(OSError):
        for old in base.glob(f"{prefix}*"):
            if (old.is_dir() and not old.is_symlink() and _pid_in_name(old.name) is not None
                    and not owned_by_live_process(old)):
                _remove(old)


@contextlib.contextmanager
def owned_temp_dir(prefix: str, *, base: Path | None = None) -> Iterator[Path]:
    """A private folder in `base` (default: the system temporary directory), named
    `<prefix><pid>-<random>` and locked while in use; folders of the same prefix that no
    live process owns (a killed run's) are removed first (`remove_dead_owners_dirs`). The
    folder is removed on the way out."""
    base = base or Path(tempfile.gettempdir())
    remove_dead_owners_dirs(base, prefix)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=base))
    fd: int | None = None
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            _flock(fd)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if fd is not None:
            os.close(fd)


# ---------------------------------------------------------------- permissions

def current_umask() -> int:
    """The process umask, read without changing it where Linux allows (thread-safe)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        line = next(ln for ln in Path("/proc/self/status").read_text().splitlines()
                    if ln.startswith("Umask:"))
        return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def inside_project(path: Path) -> bool:
    """Whether `path` lies in a project folder (some folder above it holds project.db)."""
    for folder in Path(os.path.abspath(path)).parents:
        with contextlib.suppress(OSError):
            if (folder / PROJECT_MARKER).is_file():
                return True
    return False


def _set_mode(fd: int, path: Path, mode: int) -> None:
    with contextlib.suppress(OSError, NotImplementedError):
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:
            os.chmod(path, mode)


# ---------------------------------------------------------------- atomic writes

@contextlib.contextmanager
def atomic_path(target: Path, *, private: bool | None = None) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` on success.

    For tools (ffmpeg) that want to write a file by name themselves. The temporary is
    `.tmp-<pid>-<random><suffix>`, locked by this process while it is written; stale ones
    that a killed writer left in the same folder are removed first. `private` (0600)
    defaults to whether `target` is inside a project; otherwise the file gets the
    user's normal permissions.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder, recursive=False, legacy=False)
        if private is None:
            private = inside_project(target)
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-",
                                        suffix=target.suffix, dir=folder)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise  # the callers say "the disk is full" with what was needed
        raise EbcdError(f"{folder}: cannot write {target.name} there "
                        f"({exc.strerror or exc}); choose another folder") from None
    tmp = Path(tmp_name)
    locked = _flock(fd)
    if not private:
        _set_mode(fd, tmp, 0o666 & ~current_umask())
    if not locked:  # nothing to hold (Windows): let other programs open it freely
        os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if locked:
            os.close(fd)


def write_bytes(target: Path, data: bytes, *, private: bool | None = None) -> None:
    with atomic_path(target, private=private) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str, *, private: bool | None = None) -> None:
    write_bytes(target, text.encode("utf-8"), private=private)


def _write_all(out: BinaryIO, chunk: bytes) -> None:
    """One place where copied bytes reach the disk (tests inject a full disk here)."""
    out.write(chunk)


def copy_with_sha256(source: BinaryIO, target: Path) -> tuple[str, int]:
    """Copy an open file to `target` atomically (private: it is a project's original);
    return its sha256 and size."""
    digest = hashlib.sha256()
    size = 0
    with atomic_path(target, private=True) as tmp:
        with open(tmp, "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                _write_all(out, chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    return digest.hexdigest(), size


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
