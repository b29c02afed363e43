"""Benchmark: what encryption at rest costs (issue 17) on import, transcription, render
and pack, against the same work on a plain project.

Why: an encrypted project seals every recording and derived file (AES-256-GCM) and runs
its database through SQLCipher, and each tool that reads media by name (ffmpeg, Whisper's
worker, the player) gets a plain copy in a private folder first. A facilitator should know
what that costs on a laptop.

Data: the four demo recordings (audio and video, 65-75 s each) and the demo's tagging,
built twice in fresh folders: plain, then encrypted with the same steps, each stage run by
the same service calls the app and the CLI make. Each stage's wall time and the peak
resident memory of the whole process tree (this process plus ffmpeg and the Whisper
worker, sampled every 0.2 s by benchmarks/_tree_memory.py) are printed; the opening's
key derivation (Argon2id, 64 MiB) is timed on its own.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_encryption.py [--rounds 1]

It reports; it always exits 0.

Measured 2026-12-02 on this 2-core machine, one round, nothing else running:

| stage | plain | encrypted | cost | peak tree RSS plain / encrypted |
|---|---|---|---|---|
| import 4 recordings (4.5 min of media) | 0.93 s | 1.05 s | +12% | 119 / 157 MB |
| transcribe 4 recordings | 27.6 s | 31.3 s | +13% | 699 / 725 MB |
| render the 3-minute film | 27.3 s | 34.9 s | +28% | 433 / 466 MB |
| joint pack | 0.32 s | 0.23 s | (noise) | 128 / 148 MB |
| open the project | 0.03 s | 0.26 s | +0.23 s | 128 / 152 MB |

Argon2id alone: 0.21 s. The render pays for decrypting every source into /dev/shm first.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _tree_memory import TreePeak

PASS = "benchmark passphrase"


def _stage(name: str, rows: dict[str, tuple[float, float]], fn: Callable[[], object]
           ) -> object:
    peak = TreePeak()
    peak.start()
    started = time.perf_counter()
    try:
        return fn()
    finally:
        rows[name] = (time.perf_counter() - started, peak.stop())


def run(mode: str, where: Path) -> dict[str, tuple[float, float]]:
    from ebcd_app.basics.resources import resources_dir
    from ebcd_app.film.render import render_film
    from ebcd_app.services import demo, film, film_draft, projects, transcription
    from ebcd_app.services.pack_making import make_pack

    passphrase = PASS if mode == "encrypted" else None
    rows: dict[str, tuple[float, float]] = {}
    folder = where / mode
    manifest, root = demo.load_manifest(), resources_dir() / "demo"
    store, recordings = _stage("import 4 recordings", rows, lambda: demo.create_demo_project(
        folder, manifest, root, passphrase=passphrase))
    with store:
        _stage("transcribe 4 recordings", rows, lambda: [
            transcription.transcribe_recording(store, r, language="en") for r in recordings])
        demo.tag_demo_touchpoints(store, manifest, recordings)
        film_draft.auto_draft(store)
        plan = film.build_plan(store)

        def render() -> None:
            with film.plain_sources(store, plan) as readable:
                render_film(readable, where / f"{mode}.mp4")

        _stage("render the film", rows, render)
        _stage("joint pack", rows, lambda: make_pack(store, "joint", where / f"{mode}.pdf"))
    _stage("open the project", rows,
           lambda: projects.open_project(folder, passphrase=passphrase).close())
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        results: dict[str, list[dict[str, tuple[float, float]]]] = {"plain": [],
                                                                    "encrypted": []}
        for n in range(args.rounds):
            for mode in ("plain", "encrypted"):
                sub = where / f"{n}"
                sub.mkdir(exist_ok=True)
                results[mode].append(run(mode, sub))
        from ebcd_app.store.vault import KDF, _derive

        started = time.perf_counter()
        _derive(PASS, b"0" * 16, KDF)
        kdf = time.perf_counter() - started
    print("| stage | plain | encrypted | cost | peak tree RSS plain | encrypted |")
    print("|---|---|---|---|---|---|")
    for stage in results["plain"][0]:
        p = min(r[stage][0] for r in results["plain"])
        e = min(r[stage][0] for r in results["encrypted"])
        pm = max(r[stage][1] for r in results["plain"])
        em = max(r[stage][1] for r in results["encrypted"])
        print(f"| {stage} | {p:.2f} s | {e:.2f} s | {100 * (e - p) / p:+.0f}% | "
              f"{pm:.0f} MB | {em:.0f} MB |")
    print(f"\nArgon2id key derivation alone: {kdf:.2f} s")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
