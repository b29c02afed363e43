"""Benchmark: an absurd subtitle file (one 5 MB cue) imported and searched (issue 14, item 12).

Why: `ebcd import-transcript P 1 r.srt` of a 5 MB single-cue SRT took 3.6 GB, and `ebcd
search` on the project then took minutes. Now such a cue is refused in one line (more words
than anyone can say in its time), a file over 16 MB is refused before it is read, and
paragraph-long cues are split into sentences; search reads only the words around a hit.

What it measures, each command run as a user runs it (`python -m ebcd_app`, a subprocess):

1. import: peak resident memory of the whole process tree (sampled from /proc every 20 ms,
   and the process's own VmHWM) and wall time of `ebcd import-transcript` for the 5 MB cue;
   the outcome (imported, or the refusal).
2. search: a project that already holds such a segment (as a version before the fix stored
   it: one segment of ~850,000 words, written here straight into the database so that both
   old and new code can be measured on the same project) is searched for a word near the
   start and one that occurs only at the very end: `search.search` in this process (median
   of --repeat, store open) and the whole `ebcd search` command.

Run from the repository root:

    .venv/bin/python benchmarks/bench_absurd_subtitles.py [--mb 5] [--repeat 5]

It exits 0 whatever the numbers: it reports, it does not judge the build.

Measured 2026-12-01 on the 2-core Xeon build machine under a load average of 8-10 (other
jobs running), 5.0 MB cue of 830,274 words:

                                       before (c4792b3)             after
    import-transcript, peak (tree)     3,552 MB, 626 s, imported    154 MB, 1-6 s, refused:
                                                                    "cue 1 has 830274 words
                                                                    in 539.0 s, more than..."
    search.search, word at the start   62,543 ms (median of 3)      15.8 ms (median of 5;
                                                                    the first, cold, 97 ms)
    search.search, word at the end     38,228 ms                    36.2 ms
    ebcd search (whole command)        41-78 s, 1,455 MB            1.1-1.4 s, 95 MB
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import CONTENT_WORDS, FUNCTION_WORDS, machine_info

from ebcd_app.media.tools import tools
from ebcd_app.services import projects, search

RECORDING_SECONDS = 600
LAST_WORD = "zebracrossing"


def say(text: str) -> None:
    print(text, flush=True)


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd: list[str], timeout: float) -> tuple[subprocess.CompletedProcess, float,
                                                          float]:
    """Run a command; return it, its wall seconds and the peak MB of its process tree."""
    peak = [0]
    done = threading.Event()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        while not done.wait(0.02):
            tree = _descendants(proc.pid)
            total = sum(_status_kb(p, "VmRSS") for p in tree)
            peak[0] = max(peak[0], total, _status_kb(proc.pid, "VmHWM"))

    sampler = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        err += f"\n(killed after {timeout:.0f} s)"
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), wall, peak[0] / 1024


def ebcd(*args: object) -> list[str]:
    return [sys.executable, "-m", "ebcd_app", *map(str, args)]


def absurd_words(mb: float) -> list[str]:
    rng = random.Random(14)
    vocab = FUNCTION_WORDS * 3 + CONTENT_WORDS
    words: list[str] = []
    size = 0
    while size < mb * 1e6:
        word = rng.choice(vocab)
        words.append(word)
        size += len(word) + 1
    words[0] = "nurse"
    words.append(LAST_WORD)
    return words


def make_project(folder: Path, work: Path) -> None:
    """A project with two 10-minute recordings (silence, and a tone: not duplicates)."""
    subprocess.run(ebcd("new", folder, "--name", "Absurd"), check=True, capture_output=True)
    for name, source in (("silence.ogg", "anullsrc=r=16000:cl=mono"),
                         ("tone.ogg", "sine=f=440:r=16000")):
        audio = work / name
        subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"{source}:d={RECORDING_SECONDS}", "-c:a", "libvorbis", str(audio)],
                       check=True)
        subprocess.run(ebcd("import", folder, audio), check=True, capture_output=True)


def store_legacy_segment(folder: Path, words: list[str]) -> None:
    """One segment holding every word, as an import before the fix stored it (recording 2)."""
    db = sqlite3.connect(folder / "project.db")
    start, end = 1.0, RECORDING_SECONDS - 1.0
    step = (end - start) / len(words)
    with db:
        cur = db.execute("INSERT INTO transcripts (recording_id, source, model, language, "
                         "created_at) VALUES (2, 'subtitles', 'r.srt', '', "
                         "CURRENT_TIMESTAMP)")
        transcript_id = cur.lastrowid
        cur = db.execute("INSERT INTO segments (transcript_id, idx, start, end, text) "
                         "VALUES (?, 0, ?, ?, ?)", (transcript_id, start, end, " ".join(words)))
        segment_id = cur.lastrowid
        db.executemany(
            "INSERT INTO words (segment_id, idx, text, start, end, probability, redacted) "
            "VALUES (?, ?, ?, ?, ?, 1.0, 0)",
            ((segment_id, i, w, round(start + i * step, 3), round(start + (i + 1) * step, 3))
             for i, w in enumerate(words)))
        db.execute("UPDATE recordings SET state = 'transcribed' WHERE id = 2")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the single cue")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    for key, value in machine_info().items():
        say(f"{key}: {value}")
    with tempfile.TemporaryDirectory(prefix="ebcd-absurd-") as tmp:
        work = Path(tmp)
        folder = work / "project"
        say("building a project with two 10-minute recordings ...")
        make_project(folder, work)
        words = absurd_words(args.mb)
        srt = work / "r.srt"
        srt.write_text(f"1\n00:00:01,000 --> 00:{RECORDING_SECONDS // 60 - 1:02d}:00,000\n"
                       + " ".join(words) + "\n", encoding="utf-8")
        say(f"\n1. ebcd import-transcript of {srt.stat().st_size / 1e6:.1f} MB, one cue of "
            f"{len(words):,} words")
        out, wall, peak = run_measured(ebcd("import-transcript", folder, "1", srt),
                                       args.timeout)
        outcome = (out.stdout.strip() or out.stderr.strip())[-300:]
        say(f"   exit {out.returncode} in {wall:.1f} s, peak memory {peak:,.0f} MB (process "
            f"tree)\n   {outcome}")

        say(f"\n2. search a project already holding one segment of {len(words):,} words")
        t0 = time.perf_counter()
        store_legacy_segment(folder, words)
        say(f"   (stored straight into the database in {time.perf_counter() - t0:.1f} s)")
        store = projects.open_project(folder)
        try:
            for query in ("nurse", LAST_WORD):
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    hits = search.search(store, query)
                    times.append(time.perf_counter() - t0)
                hit = next((h for h in hits if h.recording_id == 2), None)
                where = (f"hit at {hit.time:.1f} s, context {len(hit.context)} chars"
                         if hit else "no hit")
                say(f"   search.search('{query}'): median {statistics.median(times) * 1e3:,.1f}"
                    f" ms, worst {max(times) * 1e3:,.1f} ms over {args.repeat}; {where}")
        finally:
            store.close()
        for query in ("nurse", LAST_WORD):
            out, wall, peak = run_measured(ebcd("search", folder, query), args.timeout)
            say(f"   ebcd search {query}: exit {out.returncode} in {wall:.2f} s (whole command,"
                f" Python start included), peak {peak:,.0f} MB, "
                f"{len(out.stdout.splitlines())} line(s)")


if __name__ == "__main__":
    main()
