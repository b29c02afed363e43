"""The database never loses a write: parallel commands, a full disk, a damaged file, a
read-only copy. Each failure is one line and exit 1, nothing half-written.

Everything here is real: `ebcd` subprocesses, SQLite's own locks, a small tmpfs filled to
the last byte (or RLIMIT_FSIZE where mounting is not allowed), bytes flipped in project.db,
a read-only mount (or an unprivileged user).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ebcd_app.basics.errors import EbcdError
from ebcd_app.media.tools import tools

ROOT = Path(__file__).resolve().parents[1]


def ebcd(*args: object, preexec_fn: Callable[[], None] | None = None,
         user: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "ebcd_app", *map(str, args)]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                          preexec_fn=preexec_fn, env=env)


def one_line_failure(out: subprocess.CompletedProcess, *needles: str) -> str:
    """rc 1, one last line on stderr starting 'ebcd:', no traceback, with every needle."""
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()  # progress lines may come before it
    assert lines and [x for x in lines if x.startswith("ebcd:")] == lines[-1:], out.stderr
    err = lines[-1]
    for needle in needles:
        assert needle in err, err
    return err


def notes_in(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [r[0] for r in conn.execute("SELECT text FROM observation_notes ORDER BY id")]


def integrity(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def new_project(folder: Path, notes: int = 2) -> Path:
    assert ebcd("new", folder, "--name", "Ward 7").returncode == 0
    for i in range(notes):
        out = ebcd("note", "add", folder, f"saved note {i}")
        assert out.returncode == 0, out.stderr
    return folder


@contextlib.contextmanager
def small_disk(where: Path, size: str = "4m") -> Iterator[Path | None]:
    """A tmpfs of `size` mounted at `where`, or None when mounting is not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as fh:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    fh.write(b"\0" * size)
    return filler


# -- 5. parallel writers -------------------------------------------------------------------

def _big_srt(path: Path, cues: int, words: int) -> None:
    def clock(t: int) -> str:
        return f"00:{t // 60:02d}:{t % 60:02d},000"
    path.write_text("\n".join(
        f"{i + 1}\n{clock(i)} --> {clock(i + 1)}\n"
        + " ".join(f"w{i}x{j}" for j in range(words)) + "\n" for i in range(cues)),
        encoding="utf-8")


def test_notes_added_while_a_big_transcript_imports_are_all_kept(tmp_path) -> None:
    """Today: replacing a transcript holds the write lock for longer than the 10 s busy
    timeout and notes fail with a 'database is locked' traceback (5 of 29 lost)."""
    project = new_project(tmp_path / "p", notes=0)
    tone = tmp_path / "tone.wav"
    subprocess.run([tools().ffmpeg, "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=300:duration=1200", "-ac", "1", "-ar", "8000", str(tone)],
                   check=True)
    assert ebcd("import", project, tone).returncode == 0
    small, big = tmp_path / "small.srt", tmp_path / "big.srt"
    _big_srt(small, cues=2, words=3)
    assert ebcd("import-transcript", project, "1", small).returncode == 0
    _big_srt(big, cues=1200, words=30)  # 36 000 words, 30 a second, replace the 6
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    importer = subprocess.Popen([sys.executable, "-m", "ebcd_app", "import-transcript",
                                 str(project), "1", str(big)], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # the second process: 30 `ebcd note add` through the CLI's main(), one interpreter
    loop = ("import sys, time; from ebcd_app.cli import main\n"
            "time.sleep(4)\n"  # the importer is parsing, then holds the lock
            "rcs = [main(['note', 'add', sys.argv[1], f'parallel note {i}']) "
            "for i in range(30)]\n"
            "print(rcs)")
    adder = subprocess.run([sys.executable, "-c", loop, str(project)], env=env, text=True,
                           capture_output=True, timeout=600)
    out, err = importer.communicate(timeout=600)
    assert importer.returncode == 0, err
    assert "imported 36000 words" in out
    assert adder.returncode == 0 and "Traceback" not in adder.stderr, adder.stderr
    assert adder.stdout.strip().splitlines()[-1] == str([0] * 30), adder.stderr
    assert notes_in(project / "project.db") == [f"parallel note {i}" for i in range(30)]


def test_a_writer_that_waits_too_long_gets_one_line_and_writes_nothing(
        tmp_path, monkeypatch) -> None:
    """Another process holding the write lock past the wait: ProjectBusyError, one line."""
    from ebcd_app.basics import crashlog
    from ebcd_app.basics.errors import ProjectBusyError
    from ebcd_app.services import notes, projects
    from ebcd_app.store import db

    project = new_project(tmp_path / "p", notes=1)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 1)
    holder = sqlite3.connect(project / "project.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    store = projects.open_project(project)
    try:
        with pytest.raises(ProjectBusyError) as caught:
            notes.add_note(store, text="waits")
        message = str(caught.value)
        assert "\n" not in message and str(project / "project.db") in message
        assert "busy" in message and "nothing was written" in message
        assert crashlog.message("add the note", caught.value).startswith(
            "Could not add the note: ")
    finally:
        holder.rollback()
        holder.close()
        store.close()
    assert notes_in(project / "project.db") == ["saved note 0"]


def test_sqlite_failures_that_escape_are_told_in_words() -> None:
    """The app's failure dialog words a raw database error too (crashlog.reason)."""
    from sqlalchemy.exc import OperationalError

    from ebcd_app.basics import crashlog

    raw = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as caught:
        raw.execute("SELECT * FROM nowhere")
    try:
        raise sqlite3.DatabaseError("database disk image is malformed")
    except sqlite3.DatabaseError as exc:
        damaged = OperationalError("SELECT 1", {}, exc)
    assert "damaged" in crashlog.reason(damaged) and not crashlog.is_fault(damaged)
    assert crashlog.is_fault(caught.value)  # a bad query is our fault, said as such


# -- note dates ------------------------------------------------------------------------------

def test_note_dates_read_yesterday_and_refuse_nonsense_in_one_line(tmp_path) -> None:
    from ebcd_app.services.notes import parse_observed_at

    project = new_project(tmp_path / "p", notes=0)
    out = ebcd("note", "add", project, "x", "--at", "next week")
    one_line_failure(out, "cannot read the date 'next week'", "YYYY-MM-DD HH:MM")
    now = datetime(2026, 10, 2, 9, 30, 15)
    assert parse_observed_at("yesterday 07:45", now) == datetime(2026, 10, 1, 7, 45)
    assert parse_observed_at("Yesterday", now) == datetime(2026, 10, 1, 9, 30, 15)
    assert parse_observed_at("2026-09-30 18:05", now) == datetime(2026, 9, 30, 18, 5)
    assert parse_observed_at("today 25:00".replace("25", "08"), now) == datetime(
        2026, 10, 2, 8, 0)
    with pytest.raises(EbcdError, match="cannot read the date 'today 25:00'"):
        parse_observed_at("today 25:00", now)


# -- 5, 9. a full disk -------------------------------------------------------------------------

def _fsize_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_refuses_notes_in_one_line_and_still_reads(tmp_path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        base = disk or tmp_path
        project = new_project(base / "p")
        db = project / "project.db"
        limit = None
        if disk is not None:
            filler = fill(disk)
        else:  # not root: the kernel refuses every write past 1 byte instead
            limit = _fsize_limit(1)
        out = ebcd("note", "add", project, "one too many", preexec_fn=limit)
        one_line_failure(out, str(project), "disk is full", "nothing was written")
        # reading works on a full disk (today even `recordings` fails)
        out = ebcd("recordings", project, preexec_fn=limit)
        assert out.returncode == 0 and "ID" in out.stdout, out.stderr
        out = ebcd("search", project, "saved", preexec_fn=limit)
        assert out.returncode == 0 and "[saved] note 1" in out.stdout, out.stderr
        if disk is not None:
            filler.unlink()
        assert integrity(db) == "ok"
        assert notes_in(db) == ["saved note 0", "saved note 1"]
        assert ebcd("note", "add", project, "after freeing space").returncode == 0


def test_a_write_that_fills_the_disk_is_rolled_back_whole(tmp_path) -> None:
    """Some space left at opening, not enough for the note: SQLITE_FULL mid-commit."""
    with small_disk(tmp_path / "disk") as disk:
        if disk is None:
            pytest.skip("needs a small tmpfs (run as root)")
        project = new_project(disk / "p")
        filler = fill(disk)
        with open(filler, "r+b") as fh:  # free 96 KB: it opens writable, the note is bigger
            fh.truncate(filler.stat().st_size - 96 * 1024)
        out = ebcd("note", "add", project, "long note " * 12_000)
        one_line_failure(out, "disk is full", "nothing was written")
        filler.unlink()
        db = project / "project.db"
        assert integrity(db) == "ok" and notes_in(db) == ["saved note 0", "saved note 1"]


# -- 6, 7. a damaged database, snapshots, restore ------------------------------------------

def _leaf_page_of(db: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = [r[0] for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
    assert pages
    return pages[len(pages) // 2]


def flip_bytes(db: Path, page: int) -> None:
    """Overwrite a page's b-tree header and cell pointers, as a bad sector would."""
    with open(db, "r+b") as fh:
        fh.seek((page - 1) * 4096)
        fh.write(b"\xa5" * 48)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_database_is_never_written_to_and_a_snapshot_restores_it(tmp_path) -> None:
    project = new_project(tmp_path / "p", notes=0)
    from ebcd_app.services import notes, projects

    store = projects.open_project(project)  # the opening snapshot: the project as it was
    try:
        for i in range(300):  # enough notes for many pages
            notes.add_note(store, text=f"observed thing {i} " * 8)
    finally:
        store.close()
    listed = ebcd("snapshots", project)
    assert listed.returncode == 0 and " ok " in listed.stdout, listed.stdout  # taken at open
    db = project / "project.db"
    flip_bytes(db, _leaf_page_of(db, "observation_notes"))
    before = sha(db)

    out = ebcd("note", "add", project, "written into a damaged file?")
    err = one_line_failure(out, f"{db} is damaged", "nothing was written",
                           f"ebcd snapshots {project}", "ebcd restore")
    assert len(err) < 400
    wal = project / "project.db-wal"
    assert sha(db) == before and (not wal.exists() or wal.stat().st_size == 0)
    for command in (("touchpoints", project, "list"), ("recordings", project),
                    ("search", project, "observed"),
                    ("pack", project, "staff", "--out", tmp_path / "staff.pdf")):
        out = ebcd(*command)
        if out.returncode != 0:  # reading works where the damage allows, else one line
            one_line_failure(out)
    assert ebcd("recordings", project).returncode == 0
    assert sha(db) == before

    restored = ebcd("restore", project, "1")
    assert restored.returncode == 0, restored.stderr
    assert "kept as snapshot" in restored.stdout
    assert integrity(db) == "ok"
    assert ebcd("note", "add", project, "after the restore").returncode == 0
    assert "after the restore" in notes_in(db)
    listed = ebcd("snapshots", project).stdout
    assert "before-restore" in listed and "DAMAGED" in listed  # the damaged one is kept


def test_snapshots_are_taken_at_most_every_few_minutes_and_pruned(tmp_path) -> None:
    from ebcd_app.services import snapshots

    project = new_project(tmp_path / "p", notes=3)  # four openings within seconds
    files = sorted(snapshots.snapshot_dir(project).glob("project-*.db"))
    assert len(files) == 1
    assert integrity(files[0]) == "ok"
    # a month of snapshots: the newest 10 stay, and the newest of each of the last 7 days
    now = datetime.now()
    for hours in range(0, 24 * 30, 5):
        taken = now - timedelta(hours=hours, minutes=1)
        shutil.copyfile(files[0], files[0].with_name(f"project-{taken:%Y%m%d-%H%M%S}.db"))
    snapshots.prune(project, now)
    kept = snapshots._snapshot_files(project)
    days = {snapshots._taken_at(p).date() for p in kept}
    assert len(kept) <= 10 + 8
    assert {(now - timedelta(days=d)).date() for d in range(7)} <= days
    assert min(snapshots._taken_at(p) for p in kept) >= now - timedelta(days=8)


def test_the_app_snapshots_after_minutes_of_editing_only_when_something_changed(
        tmp_path) -> None:
    """What the app's 5-minute timer calls (MainWindow._snapshot)."""
    from ebcd_app.services import notes, projects, snapshots

    project = new_project(tmp_path / "p", notes=1)
    store = projects.open_project(project)
    try:
        assert snapshots.snapshot_if_changed(store) is None  # the opening one is recent
        old = time.time() - snapshots.MIN_INTERVAL_S - 60
        for f in [*snapshots._snapshot_files(project), store.db_path,
                  project / "project.db-wal"]:
            if f.exists():
                os.utime(f, (old - 5, old - 5) if f.parent.name != "snapshots" else (old, old))
        assert snapshots.snapshot_if_changed(store) is None  # old, but nothing changed
        notes.add_note(store, text="an edit")
        made = snapshots.snapshot_if_changed(store)
        assert made is not None and "an edit" in notes_in(made)
    finally:
        store.close()


def test_restore_refuses_while_another_process_has_the_project_open(tmp_path) -> None:
    project = new_project(tmp_path / "p", notes=1)
    code = ("import sys, time; from pathlib import Path; "
            "from ebcd_app.services import projects, notes; "
            "s = projects.open_project(Path(sys.argv[1])); notes.list_notes(s); "
            "print('open', flush=True); time.sleep(60)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    other = subprocess.Popen([sys.executable, "-c", code, str(project)], env=env,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "open"
        out = ebcd("restore", project, "1")
        one_line_failure(out, "open in another", "nothing was changed")
    finally:
        other.kill()
        other.wait()
    assert ebcd("restore", project, "1").returncode == 0
    assert notes_in(project / "project.db") == []  # the snapshot from before the first note


# -- 8. read-only projects ---------------------------------------------------------------------

def _read_only_copy(project: Path, tmp_path: Path) -> tuple[Path, str | None, Callable]:
    """A read-only copy: a tmpfs remounted read-only when root can, else a chmod'ed copy
    read by the unprivileged `nobody`."""
    disk = tmp_path / "ro"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(disk)],
                             capture_output=True).returncode == 0
    copy = disk / "p"
    shutil.copytree(project, copy)
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        return copy, None, lambda: subprocess.run(["umount", "-l", str(disk)])
    subprocess.run(["chmod", "-R", "a-w,a+rX", str(copy)], check=True)
    if os.geteuid() != 0:
        return copy, None, lambda: subprocess.run(["chmod", "-R", "u+w", str(copy)])
    if shutil.which("setpriv") is None:
        pytest.skip("no way to make a read-only project here (no mount, no setpriv)")
    for parent in [copy, *copy.parents]:
        os.chmod(parent, os.stat(parent).st_mode | 0o005)
    return copy, "nobody", lambda: None


def test_a_read_only_project_reads_searches_and_exports_but_refuses_changes(tmp_path) -> None:
    project = new_project(tmp_path / "p", notes=2)
    copy, user, undo = _read_only_copy(project, tmp_path)
    files = sorted((copy).rglob("*"))
    try:
        out = ebcd("recordings", copy, user=user)
        assert out.returncode == 0 and "ID" in out.stdout, out.stderr
        out = ebcd("search", copy, "saved", user=user)
        assert out.returncode == 0 and "[saved] note 0" in out.stdout, out.stderr
        export = tmp_path / "out" / "touch-points.csv"
        export.parent.mkdir()
        os.chmod(export.parent, 0o777)
        out = ebcd("touchpoints", copy, "export", "--format", "csv", "--out", export, user=user)
        assert out.returncode == 0 and export.exists(), out.stderr
        out = ebcd("note", "add", copy, "cannot be saved", user=user)
        one_line_failure(out, "read-only", "changes cannot be saved")
        assert sorted(copy.rglob("*")) == files  # no snapshot, no -wal, no -shm
    finally:
        undo()
