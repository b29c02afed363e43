"""Benchmark: peak memory of a film render (the whole process tree) and its speed.

Why: a facilitator's laptop has 8 GB. Issue 14 measured 2.2 GB for the 14-clip demo film
and 5.8 GB for a 100-clip 28-minute film when every clip was an open ffmpeg input of one
graph; the target is <= 1 GB at any clip count, still rendering in <= 0.5x the film's
running time at 720p on this 2-core machine, still one encode of every frame.

The sources and the plan are those of benchmarks/film.py (7 camera-like videos up to
1920x1080, 2 audio-only interviews, caption words every 0.4 s, ~9% caption cards); each
film is rendered by ebcd_app.film.render.render_film exactly as the app does, while the
resident memory of this process plus all its children (every ffmpeg) is summed every
0.2 s (benchmarks/_tree_memory.py). The render is then probed: duration against the plan,
and the audio stream's duration against the video's (A/V sync). The CPU seconds that
ffmpeg used are printed too: on a shared machine they compare two builds better than the
wall time, which other work stretches.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_render_memory.py \
        --films 14:4,100:28 --keep /tmp/fb

`--films CLIPS:MINUTES,...` chooses the films. It reports; it always exits 0.

Measured 2026-12-01 on this 2-core Xeon, shared with other work (load average 4-10, so
the wall times are stretched; ffmpeg CPU seconds compare the builds better), veryfast:

| build | clips | film | render | ratio | ffmpeg CPU | peak RSS (tree) | A/V, duration |
|---|---|---|---|---|---|---|---|
| before (one graph) | 14 | 4:00 | 140 s | 0.58 | 140 s | 1537 MB | exact |
| before (one graph) | 100 | 8:00 | 830 s | 1.73 | - | 6611 MB | exact |
| after (segments, 2 at a time) | 14 | 4:00 | 137 s | 0.57 | 135 s | 427 MB | exact |
| after (segments, 2 at a time) | 100 | 8:00 | 295 s | 0.61 | 315 s | 422 MB | exact |

(one segment run alone: 231 MB for both films.)

Re-measured later the same day with the machine nearly idle (`--films 14:4,100:28`):

| build | clips | film | render | ratio | ffmpeg CPU | peak RSS (tree) | A/V, duration |
|---|---|---|---|---|---|---|---|
| after | 14 | 4:00 | 71 s | 0.29 | 107 s | 427 MB | exact, 4/4 chapters |
| after | 100 | 28:00 | 585 s | 0.35 | 1034 s | 433 MB | exact, 8/8 chapters |
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for path in (REPO, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import ffmpeg  # noqa: E402
from _common import machine_info  # noqa: E402
from _tree_memory import TreePeak  # noqa: E402
from film import make_plan, make_sources, say  # noqa: E402

from ebcd_app.film.render import DEFAULT_PRESET, render_film  # noqa: E402
from ebcd_app.media.tools import tools  # noqa: E402

LIMIT_MB, RATIO = 1024, 0.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", default="14:4,100:28",
                        help="films to render as CLIPS:MINUTES, comma-separated")
    parser.add_argument("--preset", default=DEFAULT_PRESET)
    parser.add_argument("--keep", type=Path, help="make (or reuse) the sources here")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ebcd-render-mem-") as scratch:
        folder = args.keep or Path(scratch)
        sources, _ = make_sources(folder / "sources")
        for spec in args.films.split(","):
            clips, minutes = spec.split(":")
            plan = make_plan(sources, float(minutes), int(clips), 8 if int(clips) > 20 else 4)
            out = folder / f"film-{clips}-{minutes}.mp4"
            say(f"rendering {clips} clips, {minutes} min")
            kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            with TreePeak() as peak:
                began = time.perf_counter()
                render_film(plan, out, preset=args.preset)
                wall = time.perf_counter() - began
            kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
            info = ffmpeg.probe(str(out), cmd=tools().ffprobe, show_chapters=None)
            streams = {s["codec_type"]: s for s in info["streams"]}
            v, a = float(streams["video"]["duration"]), float(streams["audio"]["duration"])
            rows.append((int(clips), plan.duration, wall, cpu, peak.peak_mb, v, a,
                         len(info.get("chapters", [])), len(plan.chapters)))
            out.unlink()
    print(f"\nTarget: peak RSS of the whole tree <= {LIMIT_MB} MB, render <= {RATIO} x film "
          f"(preset {args.preset})\n")
    print("| clips | film | render | ratio | ffmpeg CPU | peak RSS (tree) | video - plan | "
          "audio - video | chapters |")
    print("|---|---|---|---|---|---|---|---|---|")
    for clips, film, wall, cpu, mb, v, a, chapters, planned in rows:
        print(f"| {clips} | {film:.1f} s | {wall:.0f} s | {wall / film:.3f} | {cpu:.0f} s | "
              f"{mb:.0f} MB | "
              f"{v - film:+.3f} s | {a - v:+.3f} s | {chapters}/{planned} |")
    version = subprocess.run([tools().ffmpeg, "-version"], capture_output=True,
                             text=True).stdout.splitlines()[0]
    print("\nMachine:")
    for key, value in machine_info(ffmpeg=version).items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
