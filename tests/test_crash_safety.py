"""Processes and files under kill -9 and parallel commands (issue 14, items 2-4 and 14).

Everything runs as a user would run it: `python -m ebcd_app` in real subprocesses, killed
with os.kill, next to other real subprocesses; ffmpeg and Whisper are real. Children are
found through /proc (Linux), which is where these guarantees are made.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ebcd_app.basics import atomic
from ebcd_app.domain.models import Role, Scope
from ebcd_app.media.tools import tools
from ebcd_app.services import editing, film, media_import, projects, transcripts
from ebcd_app.services.transcription import CHECKPOINT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="finds child processes through /proc")
ROOT = Path(__file__).resolve().parents[1]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def _ebcd(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ebcd_app", *args], capture_output=True,
                          text=True, timeout=600, env=env or _env(), **kw)


def _start(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ebcd_app", *args], env=env or _env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _ps() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, state, command line) for every process we can see."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                "utf-8", "replace")
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), fields[0], cmdline)
    return table


def _descendants(pid: int) -> dict[int, str]:
    table = _ps()
    found, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _, cmd) in table.items():
            if ppid == parent and child not in found:
                found[child] = cmd
                todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait_for(what, timeout: float, proc: subprocess.Popen | None = None, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the command ended (rc {proc.returncode}) before the test could act:"
                        f"\n{out}\n{err}")
        time.sleep(step)
    pytest.fail("timed out waiting")


def _dead_pid() -> int:
    """The pid of a process that has just exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ------------------------------------------------------------------ item 2: temporaries

@pytest.fixture(scope="module")
def long_wav(tmp_path_factory) -> Path:
    """20 minutes of 48 kHz stereo (230 MB): an import of it takes seconds."""
    path = tmp_path_factory.mktemp("long") / "long.wav"
    subprocess.run([tools().ffmpeg, "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=300:sample_rate=48000:duration=1200", "-ac", "2",
                    "-c:a", "pcm_s16le", str(path)], check=True)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "P"
    assert _ebcd("new", str(folder), "--name", "Crash test").returncode == 0
    return folder


def test_listing_a_project_never_breaks_an_import_running_beside_it(project, long_wav):
    importing = _start("import", str(project), str(long_wav))
    _wait_for(lambda: list(project.rglob(".tmp-*")), 60, importing)
    listings = 0
    while importing.poll() is None:
        listing = _ebcd("recordings", str(project))
        assert listing.returncode == 0, listing.stderr
        listings += 1
    out, err = importing.communicate()
    assert importing.returncode == 0, err
    assert "imported long.wav as recording 1" in out
    assert listings >= 1
    assert " long.wav " in _ebcd("recordings", str(project)).stdout
    assert not list(project.rglob(".tmp-*"))
    # item 14: what the project keeps stays private to the user
    private = [*project.joinpath("media").iterdir(),
               *project.joinpath("derived").rglob("*.*")]
    assert private and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in private)


def test_a_killed_import_leaves_nothing_behind_after_the_next_open(project, long_wav):
    importing = _start("import", str(project), str(long_wav))
    derived = project / "derived"
    # the original is copied in and the speech audio is being decoded: kill it there

    def decoding() -> list[int]:
        if not list(derived.glob("*/.tmp-*")):
            return []
        return [pid for pid, cmd in _descendants(importing.pid).items() if "ffmpeg" in cmd]

    decoders = _wait_for(decoding, 60, importing, step=0.005)
    os.kill(importing.pid, signal.SIGKILL)
    importing.wait()
    deadline = time.monotonic() + 2
    while any(map(_running, decoders)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(map(_running, decoders)), "the import's ffmpeg outlived it"
    assert list((project / "media").iterdir()), "the kill came before the copy finished"
    listing = _ebcd("recordings", str(project))
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.strip().splitlines()[1:] == []  # no recording, no error
    assert list((project / "media").iterdir()) == []
    assert list(derived.iterdir()) == []
    assert [p.name for p in project.rglob(".tmp-*")] == []
    assert list((project / ".in-use").iterdir()) == []  # no claim outlives its process


def test_only_temporaries_that_no_live_process_owns_are_removed(tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    dead = folder / f".tmp-{_dead_pid()}-k1ll3d.pdf"  # a killed pack build's 0-byte file
    dead.write_bytes(b"")
    older = folder / ".tmp-abc123.pdf"  # no pid: not ours to judge outside a project
    older.write_bytes(b"x")
    holder = subprocess.Popen(  # a live writer holding its temporary, as atomic_path does
        [sys.executable, "-c", "import fcntl, os, sys, time\n"
         "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)",
         str(folder / f".tmp-{_dead_pid()}-l1ve.pdf")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        atomic.write_text(folder / "pack.pdf", "new pack")
        names = sorted(p.name for p in folder.iterdir())
        assert dead.name not in names
        assert older.name in names
        assert any("l1ve" in n for n in names)  # locked: kept, whatever its pid says
    finally:
        holder.kill()
        holder.wait()
    atomic.write_text(folder / "pack.pdf", "newer pack")
    assert not any("l1ve" in p.name for p in folder.iterdir())  # its writer is gone now


# ------------------------------------------------------------------ item 3: renders

@pytest.fixture(scope="module")
def film_project(tmp_path_factory, long_speech) -> tuple[Path, list[int], int]:
    """A project whose film is one ~50 s video clip; returns folder, word ids, clip id."""
    base = tmp_path_factory.mktemp("film-project")
    video = base / "interview.mp4"
    subprocess.run([tools().ffmpeg, "-v", "error", "-f", "lavfi", "-i",
                    f"testsrc=size=320x240:rate=25:duration={long_speech.duration:.2f}",
                    "-i", str(long_speech.wav), "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(video)],
                   check=True)
    srt = base / "interview.srt"
    cues = [f"{i + 1}\n00:00:{i * 5:02d},000 --> 00:00:{i * 5 + 4:02d},000\nword{i} said here\n"
            for i in range(10)]
    srt.write_text("\n".join(cues))
    folder = base / "P"
    store = projects.create_project(folder, name="Render kill")
    with store:
        person = projects.add_participant(store, name="Sam", role=Role.STAFF,
                                          granted=set(Scope))
        rec = media_import.import_recording(store, video, participant_ids=[person])
        transcripts.import_subtitles(store, rec.recording_id, srt)
        words = [w.id for w in editing.load_transcript(store, rec.recording_id).words]
        _, chapter = film.add_chapter(store, "Being heard")
        _, clip = film.add_clip(store, chapter, words[0], words[-1])
    return folder, words, clip


def test_a_killed_render_takes_ffmpeg_with_it_and_the_next_render_tidies(film_project,
                                                                         tmp_path: Path):
    folder, words, clip = film_project
    temp = tmp_path / "system-temp"  # our own TMPDIR, so other runs cannot interfere
    temp.mkdir()
    out_dir = tmp_path / "films"
    out_dir.mkdir()
    env = _env(TMPDIR=str(temp))
    render = _start("film", str(folder), "render", "--out", str(out_dir / "film.mp4"), env=env)
    ffmpeg_pid = _wait_for(lambda: next((pid for pid, cmd in _descendants(render.pid).items()
                                         if "ffmpeg" in cmd), None), 120, render)
    _wait_for(lambda: list(out_dir.glob(".tmp-*")), 30, render)
    os.kill(render.pid, signal.SIGKILL)
    render.wait()
    deadline = time.monotonic() + 2
    while _running(ffmpeg_pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _running(ffmpeg_pid), "ffmpeg kept rendering after its parent was killed"
    assert list(out_dir.glob(".tmp-*")) and list(temp.glob("ebcd-film-*"))  # the litter

    store = projects.open_project(folder)  # a short film this time: four words
    with store:
        film.update_clip(store, clip, first_word_id=words[0], last_word_id=words[3])
    del store
    again = _ebcd("film", str(folder), "render", "--out", str(out_dir / "film.mp4"), env=env)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in out_dir.iterdir()] == ["film.mp4"]
    assert list(temp.glob("ebcd-film-*")) == []
    # item 14: a film written outside the project gets the user's normal permissions
    umask = atomic.current_umask()
    assert stat.S_IMODE((out_dir / "film.mp4").stat().st_mode) == 0o666 & ~umask


def test_exports_outside_the_project_get_the_users_permissions(film_project, tmp_path: Path):
    folder, _, _ = film_project
    for mask in (0o027,):  # the render test above checks the default umask
        out = tmp_path / f"film-{mask:o}.srt"
        done = _ebcd("film", str(folder), "export", "--format", "srt", "--out", str(out),
                     preexec_fn=lambda mask=mask: os.umask(mask))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask, oct(out.stat().st_mode)


# ------------------------------------------------------------------ item 4: worker death

def _words_of(folder: Path) -> list[dict]:
    data = json.loads(_ebcd("transcript", str(folder), "1", "--format", "json").stdout)
    return [w for seg in data["segments"] for w in seg["words"]]


def _normalise(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


@pytest.mark.slow
def test_a_killed_whisper_worker_keeps_its_progress_and_the_next_run_resumes(tmp_path,
                                                                             long_speech):
    import jiwer

    folder = tmp_path / "project"
    assert _ebcd("new", str(folder), "--name", "Worker death").returncode == 0
    assert _ebcd("participant", "add", str(folder), "--name", "Lee", "--role", "staff",
                 "--consent", "recorded,transcribed").returncode == 0
    assert _ebcd("import", str(folder), str(long_speech.wav), "--participant", "1"
                 ).returncode == 0
    checkpoint = next((folder / "derived").glob("*")) / CHECKPOINT
    cli = _start("transcribe", str(folder), "--language", "en")
    _wait_for(lambda: checkpoint.exists() and '"words"' in checkpoint.read_text(), 300, cli,
              step=0.05)
    [worker] = [pid for pid, cmd in _descendants(cli.pid).items() if "spawn_main" in cmd]
    os.kill(worker, signal.SIGKILL)
    _, err = cli.communicate(timeout=60)
    assert cli.returncode == 1, err
    lines = [ln for ln in err.splitlines() if ln.strip() and "%" not in ln]
    assert len(lines) == 1, err  # one line, no traceback
    match = re.fullmatch(r"ebcd: long-interview\.wav: the transcription process stopped "
                         r"unexpectedly \(killed by signal 9\); (\d+) s of (\d+) s are kept "
                         r"and the next run carries on from there", lines[0].strip())
    assert match, lines[0]
    assert int(match.group(1)) > 0 and int(match.group(2)) == round(long_speech.duration)
    assert checkpoint.exists()
    kept = sum(1 for line in checkpoint.read_text().splitlines() if '"words"' in line)
    assert kept >= 1
    assert "imported" in _ebcd("recordings", str(folder)).stdout

    # the other way round: the CLI killed, its Whisper child goes too (item 3)
    cli = _start("transcribe", str(folder))
    [worker] = _wait_for(lambda: [pid for pid, cmd in _descendants(cli.pid).items()
                                  if "spawn_main" in cmd], 120, cli)
    _wait_for(lambda: "ctranslate2" in Path(f"/proc/{worker}/maps").read_text(), 120, cli)
    os.kill(cli.pid, signal.SIGKILL)  # Whisper is loading (or running) by now
    cli.wait()
    deadline = time.monotonic() + 2
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _running(worker), "Whisper kept running after the command was killed"

    second = _ebcd("transcribe", str(folder))
    assert second.returncode == 0, second.stderr
    resumed = re.search(r"resumed at (\d+\.\d) s", second.stdout)
    assert resumed and float(resumed.group(1)) > 0, second.stdout
    words = _words_of(folder)
    starts = [w["start"] for w in words]
    assert starts == sorted(starts), "words repeated or out of order at the resume point"
    said = _normalise(long_speech.text)
    heard = _normalise(" ".join(w["text"] for w in words))
    assert abs(len(heard) - len(said)) <= 0.1 * len(said), (len(heard), len(said))
    assert jiwer.wer(" ".join(said), " ".join(heard)) < 0.15
    assert not checkpoint.exists()
