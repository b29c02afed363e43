"""Benchmark: importing and transcribing a long recording, peak memory of the process tree.

Why: a facilitator's laptop has 8 GB, and a recorder left running makes a 10-hour file.
Issue 14 measured 2.4 GB to import such a file (the waveform read every sample at once)
and 7.8 GB to transcribe it (all samples loaded, and faster-whisper's spectrogram computed
over all of them). Targets: import <= 500 MB and transcription <= 1.5 GB for any length.

For each length (--hours, e.g. 1,3,10) a recording is made here with espeak-ng and ffmpeg
(nothing downloaded): a ~40 s spoken passage looped to the length, Vorbis in OGG as a
recorder would write it. It is imported with `python -m ebcd_app import` and transcribed
with `python -m ebcd_app transcribe` as a user would, while the resident memory of the
CLI process and all its children (ffmpeg, the Whisper worker) is summed every 0.2 s
(benchmarks/_tree_memory.py). Transcribing 10 hours takes hours on 2 cores, so the
transcription is stopped after --transcribe-seconds (the whole process group killed): its
memory is allocated per window (10 minutes of audio), so the peak is reached within the
first window, and a memory that does not grow from 1 to 10 hours shows it is flat. The
seconds of audio transcribed by then are read from the checkpoint file and reported.
`--window S` sets the window (EBCD_WHISPER_WINDOW) to show several window changes in a
short run. `--code DIR` runs another checkout's ebcd_app (e.g. the code before the change)
with this same script.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_long_recording.py --hours 1,10

Measured 2026-12-01 on this 2-core Xeon (shared; load 1-10), Whisper base int8, each
transcription stopped after 150 s:

| build | recording | import peak | transcription peak | audio transcribed in 150 s |
|---|---|---|---|---|
| before (whole file) | 1 h | 230 MB | 3974 MB | 1566 s |
| before (issue 14) | 10 h | 2.4 GB | 7.8 GB | - |
| after, 10-min windows | 1 h | 101 MB | 1287 MB | 1432 s (2nd window) |
| after, 10-min windows | 10 h | 104 MB | 1214 MB | 735 s (busier machine) |
| after, 1-min windows | 10 h | 107 MB | 717 MB | 940 s (16 windows) |

Transcribing all 10 hours was not run (hours on 2 cores): memory is allocated per window,
and it does not grow from 1 to 10 hours nor over 16 windows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
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

from _common import CONTENT_WORDS, machine_info  # noqa: E402
from _tree_memory import TreePeak  # noqa: E402

from ebcd_app.media.tools import tools  # noqa: E402

PASSAGE = ("The nurse came to see me as soon as I arrived on the ward. She explained what "
           "would happen next and I felt reassured. Later that night nobody answered the call "
           "bell. I waited for a long time and I felt frightened and alone. In the morning "
           "the consultant listened, and the pharmacist explained my tablets properly. ")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def make_recording(folder: Path, hours: float) -> Path:
    """A long OGG of looped speech, made once per length in `folder`."""
    target = folder / f"recorder-{hours:g}h.ogg"
    if target.exists():
        return target
    piece = folder / "passage.wav"
    if not piece.exists():
        words = " ".join(CONTENT_WORDS[:40])
        subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "150", "-w", str(piece),
                        PASSAGE + words + "."], check=True)
    say(f"making {target.name}")
    seconds = hours * 3600
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-stream_loop", "-1", "-i",
                    str(piece), "-t", f"{seconds:.0f}", "-ac", "1", "-ar", "16000",
                    "-c:a", "libvorbis", "-q:a", "0", str(target)], check=True)
    return target


def _cli(code: Path, *args: str, env: dict[str, str] | None = None,
         limit: float | None = None) -> tuple[float, float, int]:
    """Run `python -m ebcd_app ARGS` from checkout `code`; (peak MB of the tree, wall s,
    return code). With `limit`, the process group is killed after that many seconds."""
    environment = {**os.environ, "PYTHONPATH": str(code), **(env or {})}
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "ebcd_app", *args], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    with TreePeak(proc.pid) as peak:
        try:
            _, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            err = b""
    if proc.returncode not in (0, -signal.SIGKILL):
        say(err.decode(errors="replace")[-2000:])
    return peak.peak_mb, time.perf_counter() - began, proc.returncode


def _transcribed_seconds(project: Path) -> float:
    ends = [0.0]
    for checkpoint in project.glob("derived/*/transcribe.partial.jsonl"):
        for line in checkpoint.read_text().splitlines():
            try:
                ends.append(float(json.loads(line).get("end", 0.0)))
            except (ValueError, AttributeError):
                break
    return max(ends)


def _report_words(code: Path, project: Path, hours: float, passage_wav: Path) -> None:
    """Words in the finished transcript against the words spoken (the passage looped), and
    what is marked untranscribed: a resumed run must lose and repeat nothing."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-m", "ebcd_app", "transcript", str(project), "1",
                           "--format", "json"], env=environment, capture_output=True,
                          text=True, check=True)
    data = json.loads(done.stdout)
    heard = sum(len(seg["words"]) for seg in data["segments"])
    passage = len((PASSAGE + " ".join(CONTENT_WORDS[:40]) + ".").split())
    import wave

    with wave.open(str(passage_wav)) as w:
        loops = hours * 3600 / (w.getnframes() / w.getframerate())
    gaps = sum(g["end"] - g["start"] for g in data.get("untranscribed", []))
    voices = {seg["speaker"] for seg in data["segments"]}
    say(f"finished transcript: {heard} words, spoken about {passage * loops:.0f} "
        f"({heard / (passage * loops):.1%}); untranscribed {gaps:.0f} s; voices {sorted(voices)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", default="1,10", help="recording lengths, comma-separated")
    parser.add_argument("--transcribe-seconds", type=float, default=240.0,
                        help="stop each transcription after this many seconds")
    parser.add_argument("--window", type=float, help="Whisper window, seconds")
    parser.add_argument("--code", type=Path, default=REPO, help="checkout to run")
    parser.add_argument("--keep", type=Path, help="make (or reuse) the recordings here")
    parser.add_argument("--kill-after", type=float, default=0.0,
                        help="kill the first transcription after S seconds, then resume it")
    args = parser.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        say("espeak-ng is needed (apt-get install espeak-ng)")
        return 0
    env = {"EBCD_WHISPER_WINDOW": f"{args.window:g}"} if args.window else {}
    rows = []
    with tempfile.TemporaryDirectory(prefix="ebcd-long-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for hours in (float(h) for h in args.hours.split(",")):
            source = make_recording(folder, hours)
            project = Path(scratch) / f"project-{hours:g}h"
            _cli(args.code, "new", str(project), "--name", "Long")
            _cli(args.code, "participant", "add", str(project), "--name", "Lee", "--role",
                 "staff", "--consent", "recorded,transcribed")
            say(f"importing {source.name}")
            imp_mb, imp_s, rc = _cli(args.code, "import", str(project), str(source),
                                     "--participant", "1")
            if args.kill_after:
                say(f"transcribing {source.name}, killed (-9) after {args.kill_after:g} s")
                _cli(args.code, "transcribe", str(project), "--language", "en", env=env,
                     limit=args.kill_after)
                say(f"killed with {_transcribed_seconds(project):.0f} s checkpointed; "
                    "resuming to the end")
            say(f"transcribing {source.name} for up to {args.transcribe_seconds:g} s")
            tr_mb, tr_s, trc = _cli(args.code, "transcribe", str(project), "--language", "en",
                                    env=env, limit=args.transcribe_seconds)
            rows.append((hours, source.stat().st_size / 1e6, imp_mb, imp_s, rc, tr_mb, tr_s,
                         _transcribed_seconds(project), trc))
            if trc == 0:
                _report_words(args.code, project, hours, folder / "passage.wav")
            shutil.rmtree(project, ignore_errors=True)
    print(f"\nCode: {args.code}; window: {args.window or 'default'}; targets: import <= 500 MB,"
          " transcription <= 1500 MB (peak RSS of the CLI process and its children)\n")
    print("| recording | file | import peak | import time | transcription peak | ran for | "
          "audio transcribed |")
    print("|---|---|---|---|---|---|---|")
    for hours, mb, imp_mb, imp_s, rc, tr_mb, tr_s, done, trc in rows:
        state = "finished" if trc == 0 else ("stopped" if trc == -signal.SIGKILL
                                             else f"failed rc {trc}")
        print(f"| {hours:g} h | {mb:.0f} MB | {imp_mb:.0f} MB{'' if rc == 0 else f' (rc {rc})'}"
              f" | {imp_s:.0f} s | {tr_mb:.0f} MB | {tr_s:.0f} s ({state}) | {done:.0f} s |")
    print("\nMachine:")
    for key, value in machine_info().items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
