"""Writes that never leave a half file behind.

A facilitator's work must survive a crash or a full disk: every file we write goes to a
temporary name in the same folder, is flushed to disk, and only then renamed over the
target, so readers see the old file or the new one, never a torn one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TMP_PREFIX = ".tmp-"
CHUNK = 1024 * 1024


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX needs the folder itself synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` on success.

    For tools (ffmpeg) that want to write a file by name themselves.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def _write_all(out: BinaryIO, chunk: bytes) -> None:
    """One place where copied bytes reach the disk (tests inject a full disk here)."""
    out.write(chunk)


def copy_with_sha256(source: BinaryIO, target: Path) -> tuple[str, int]:
    """Copy an open file to `target` atomically; return its sha256 and size."""
    digest = hashlib.sha256()
    size = 0
    with atomic_path(target) as tmp:
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


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporaries left by a killed process; return how many went."""
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.rglob(f"{TMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if path.is_file():
                path.unlink()
                removed += 1
    return removed
