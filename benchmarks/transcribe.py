"""Benchmark: our transcription engine (faster-whisper, CTranslate2) against openai-whisper.

Why: the issue asks whether our engine is at least 5x faster than the original PyTorch
openai-whisper on a plain 2-core CPU with a word error rate no more than one point worse.
Both sides transcribe the same synthetic recording with the same Whisper "base" weights,
English, beam search of 5, word timestamps on; model loading is timed separately.

The recording is made here with espeak-ng (several voices and speeds: transcript-like speech
about a hospital stay, known reference text), joined and resampled to 16 kHz mono 16-bit
WAV with sox, so the benchmark needs no data files and no network.

openai-whisper needs PyTorch, which our app does not ship, so it lives in its own virtualenv
(.venv-bench, git-ignored) and this script runs it there in a subprocess
(benchmarks/_openai_whisper_run.py), reading JSON back.

Setup, once, from the repository root (also in benchmarks/setup_openai_whisper.sh):

    apt-get install -y espeak-ng sox
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install torch==2.13.0       # the CPU-only wheel; plain `torch`
                                                    # pulls gigabytes of CUDA wheels
    .venv-bench/bin/pip install numba numpy tqdm more-itertools tiktoken
    .venv-bench/bin/pip install --no-deps openai-whisper==20250625   # no triton, keep torch

openai-whisper's weights: `whisper.load_model("base")` downloads base.pt, which our machines
cannot. The helper instead converts the CTranslate2 model our app already uses
(`locate_model("base")`, Systran's conversion of the same checkpoint, float16 like the
original base.pt) back into openai-whisper's layout, once, into .venv-bench/whisper-base.pt
(see benchmarks/ct2_to_openai_whisper.py), and sets base's word-alignment heads from
openai-whisper's own `_ALIGNMENT_HEADS["base"]`.

Run (from the repository root):

    .venv/bin/python benchmarks/transcribe.py              # ours (several settings) + openai
    .venv/bin/python benchmarks/transcribe.py --quick      # ours with app defaults + openai
    .venv/bin/python benchmarks/transcribe.py --skip-openai --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import jiwer
import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as `python benchmarks/transcribe.py` from anywhere
    sys.path.insert(0, str(REPO))

from _cpu import Timing, timed  # noqa: E402 - beside this file (shared with the helper)

from ebcd_app.speech.engine import (  # noqa: E402 - needs the sys.path line above
    SAMPLE_RATE,
    TranscribeOptions,
    WhisperEngine,
    load_audio,
)
from ebcd_app.speech.locator import locate_model  # noqa: E402

BENCH_VENV = REPO / ".venv-bench"
OPENAI_HELPER = Path(__file__).resolve().parent / "_openai_whisper_run.py"

# (voice, words per minute, text). Several voices and speeds, so the result is not tuned to
# one synthetic speaker; digits are spoken by espeak-ng and normalised on both sides for WER.
SCRIPT: tuple[tuple[str, int, str], ...] = (
    ("en-gb", 160,
     "Good morning. This is the recording of my conversation with the ward nurse on the "
     "second day of my hospital stay. I was admitted on Tuesday evening with chest pain and "
     "shortness of breath, and they kept me in overnight for observation."),
    ("en-us", 175,
     "The doctor explained that my blood tests came back mostly normal, but my blood "
     "pressure was 150 over 95, which is higher than they would like. She wants me to take "
     "the new tablets twice a day with food, and to stop taking ibuprofen for now."),
    ("en-gb-x-rp", 145,
     "The physiotherapist came round after lunch. We walked to the end of the corridor and "
     "back three times, and I managed the stairs without any trouble. She said I should "
     "keep walking every day once I get home."),
    ("en-gb+f3", 170,
     "My daughter asked about visiting hours. Visitors are welcome between 2 and 8 in the "
     "afternoon and evening, but only two people at a bedside at once. Parking is free for "
     "the first 30 minutes."),
    ("en-gb-scotland", 165,
     "The night was noisy, so I did not sleep very well. The nurse checked my temperature "
     "and oxygen levels every four hours, and in the morning they took me for a scan of my "
     "chest. The results should be ready tomorrow."),
    ("en-gb", 185,
     "Before I go home, the pharmacist will go through all of my medication with me. I need "
     "to book a follow up appointment with my own doctor within two weeks, and call the ward "
     "straight away if the pain comes back."),
)
PAUSE_SECONDS = 0.8  # silence between speakers, as between turns in an interview
CONTENDED_CORES = 0.25  # others' mean CPU during a timed run above which we warn


# --- WER normalisation -------------------------------------------------------------------

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_ENDINGS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                    "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
# Spellings Whisper may choose either way; the reference and hypotheses meet on one.
_WORD_MAP = {"mr": "mister", "mrs": "missus", "dr": "doctor", "ok": "okay",
             "followup": "follow up"}


def number_words(n: int) -> str:
    """Say a non-negative integer the way a transcript would write it out (no 'and')."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return (number_words(thousands) + " thousand"
                + ("" if rest == 0 else " " + number_words(rest)))
    return " ".join(_ONES[int(d)] for d in str(n))  # e.g. phone numbers: digit by digit


def _ordinal_words(n: int) -> str:
    words = number_words(n).split()
    last = words[-1]
    if last in _ORDINAL_ENDINGS:
        words[-1] = _ORDINAL_ENDINGS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def spoken_numbers(text: str) -> str:
    """Write digits as words: '150' -> 'one hundred fifty', '3rd' -> 'third', '2.5', '2:30'."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,000 -> 1000
    text = re.sub(r"\b(\d+)(st|nd|rd|th)\b", lambda m: _ordinal_words(int(m.group(1))), text)
    text = re.sub(r"\b(\d+):00\b", lambda m: number_words(int(m.group(1))), text)
    text = re.sub(r"\b(\d+):(\d\d)\b",
                  lambda m: f"{number_words(int(m.group(1)))} {number_words(int(m.group(2)))}",
                  text)
    text = re.sub(r"\b(\d+)\.(\d+)\b",
                  lambda m: number_words(int(m.group(1))) + " point "
                  + " ".join(_ONES[int(d)] for d in m.group(2)), text)
    text = re.sub(r"%", " percent", text)
    return re.sub(r"\d+", lambda m: f" {number_words(int(m.group(0)))} ", text)


class _Normalise(jiwer.AbstractTransform):
    """Lower-case, numbers as spoken, hyphens as spaces, a few spelling variants merged."""

    def process_string(self, s: str) -> str:
        s = s.lower().replace("&", " and ")
        s = re.sub(r"[-\u2010-\u2015/]", " ", s)
        s = spoken_numbers(s)
        s = re.sub(r"[^\w\s']", " ", s).replace("'", "")
        return " ".join(_WORD_MAP.get(w, w) for w in s.split())


WER_TRANSFORM = jiwer.Compose([
    _Normalise(),
    jiwer.RemovePunctuation(),
    jiwer.RemoveMultipleSpaces(),
    jiwer.Strip(),
    jiwer.ReduceToListOfListOfWords(),
])


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER in percent after the same normalisation on both sides."""
    return 100.0 * jiwer.wer(reference, hypothesis, reference_transform=WER_TRANSFORM,
                             hypothesis_transform=WER_TRANSFORM)


def normalised(text: str) -> str:
    return " ".join(WER_TRANSFORM(text)[0])


# --- audio ---------------------------------------------------------------------------------

def synthesise(workdir: Path) -> tuple[Path, str, float]:
    """Speak SCRIPT with espeak-ng and join it into one 16 kHz mono 16-bit WAV with sox.

    Returns the WAV, its reference text and the length of the first speaker's turn plus its
    pause (the warm-up clip: whole words, so neither engine falls back on a cut-off word).
    espeak-ng writes 22.05 kHz mono; the pauses are made at that rate so sox can concatenate
    before the one resampling step.
    """
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install -y espeak-ng sox)")
    parts: list[Path] = []
    pause = workdir / "pause.wav"
    for i, (voice, wpm, text) in enumerate(SCRIPT):
        part = workdir / f"part{i}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(part), text],
                       check=True)
        if i == 0:
            rate = subprocess.run(["soxi", "-r", str(part)], check=True, capture_output=True,
                                  text=True).stdout.strip()
            subprocess.run(["sox", "-n", "-D", "-r", rate, "-c", "1", "-b", "16", str(pause),
                            "trim", "0", str(PAUSE_SECONDS)], check=True)
        parts += [part, pause]
    wav = workdir / "hospital_stay.wav"
    # -D (here and for the pause): no dither. sox adds random dither noise when it writes 16
    # bits, which made every run's audio, and so the transcripts, slightly different.
    # gain -1: espeak-ng peaks at full scale, and resampling would clip a few samples.
    subprocess.run(["sox", *map(str, parts[:-1]), "-D", "-r", str(SAMPLE_RATE), "-c", "1",
                    "-b", "16", str(wav), "gain", "-1"], check=True)
    reference = " ".join(text for _, _, text in SCRIPT)
    first_turn = subprocess.run(["soxi", "-D", str(parts[0])], check=True, capture_output=True,
                                text=True).stdout.strip()
    return wav, reference, float(first_turn) + PAUSE_SECONDS


# --- runs ----------------------------------------------------------------------------------

@dataclass
class Run:
    """One engine/setting's result; the row of the table."""

    engine: str
    setting: str
    model: str
    compute: str
    threads: str
    beam: int
    vad: bool
    audio_s: float
    load_s: float
    warmup_s: float
    wer: float
    n_words: int
    text: str
    timings: list[Timing]

    @property
    def best(self) -> Timing:
        """The fastest timed run: other work on the machine only ever slows a run down."""
        return min(self.timings, key=lambda t: t.wall_s)

    @property
    def wall_s(self) -> float:
        return self.best.wall_s

    @property
    def rtf(self) -> float:
        return self.wall_s / self.audio_s


@dataclass(frozen=True)
class OursSetting:
    label: str
    compute_type: str
    cpu_threads: int
    vad: bool


OURS_DEFAULT = OursSetting("app defaults", "int8", 0, True)
OURS_VARIANTS: tuple[OursSetting, ...] = (
    OURS_DEFAULT,
    OursSetting("threads=2", "int8", 2, True),
    OursSetting("threads=2, no VAD", "int8", 2, False),
    OursSetting("fp32, threads=2, no VAD", "float32", 2, False),
    OursSetting("fp32, threads=2 (batched, VAD)", "float32", 2, True),
)


def run_ours(setting: OursSetting, model_dir: Path, model_label: str, audio: np.ndarray,
             reference: str, beam_size: int, warmup_s: float, repeat: int) -> Run:
    """Time our engine as the app calls it: WhisperEngine + TranscribeOptions(language='en').

    A short warm-up transcription comes first and is reported apart, since a long-running
    app pays it once per process, not per recording.
    """
    t0 = time.perf_counter()
    engine = WhisperEngine(model_dir, device="cpu", compute_type=setting.compute_type,
                           cpu_threads=setting.cpu_threads)
    load_s = time.perf_counter() - t0
    options = TranscribeOptions(language="en", vad=setting.vad, beam_size=beam_size)
    _, warmup = timed(lambda: engine.transcribe(audio[: int(warmup_s * SAMPLE_RATE)], options))
    timings: list[Timing] = []
    for _ in range(repeat):
        result, timing = timed(lambda: engine.transcribe(audio, options))
        timings.append(timing)
    text = " ".join(w.text for w in result.words)
    threads = str(setting.cpu_threads) if setting.cpu_threads else "0 (ct2 default)"
    return Run("ours (faster-whisper)", setting.label, model_label, setting.compute_type,
               threads, beam_size, setting.vad, len(audio) / SAMPLE_RATE, load_s,
               warmup.wall_s, word_error_rate(reference, text), len(result.words), text,
               timings)


def run_openai(python: Path, wav: Path, model_dir: Path, model_label: str, checkpoint: Path,
               reference: str, beam_size: int, threads: int, warmup_s: float, repeat: int,
               workdir: Path) -> tuple[Run, dict]:
    """Run openai-whisper in the bench virtualenv; returns its row and its environment."""
    if not python.exists():
        raise SystemExit(f"{python} not found: set up the bench venv first "
                         "(bash benchmarks/setup_openai_whisper.sh), or pass --skip-openai")
    out = workdir / "openai.json"
    subprocess.run([str(python), str(OPENAI_HELPER), "--wav", str(wav), "--out", str(out),
                    "--checkpoint", str(checkpoint), "--ct2-model", str(model_dir),
                    "--beam-size", str(beam_size), "--threads", str(threads),
                    "--warmup-seconds", str(warmup_s), "--repeat", str(repeat)],
                   check=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    text = " ".join(w["text"] for w in data["words"])
    run = Run("openai-whisper", "reference", model_label, "float32",
              str(data["torch_threads"]), beam_size, False, data["audio_s"], data["load_s"],
              data["warmup_s"], word_error_rate(reference, text), len(data["words"]), text,
              [Timing(**t) for t in data["timings"]])
    return run, data


# --- report --------------------------------------------------------------------------------

def machine_info() -> dict[str, str]:
    import ctranslate2
    import faster_whisper

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores (os.cpu_count)": str(os.cpu_count()),
        "cores usable (affinity)": str(len(os.sched_getaffinity(0))),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "faster-whisper": faster_whisper.__version__,
        "ctranslate2": ctranslate2.__version__,
        "numpy": np.__version__,
        "jiwer": _dist_version("jiwer"),
        "load average (1/5/15 min)": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def print_table(runs: list[Run], baseline: Run | None) -> None:
    headers = ("engine", "setting", "model", "compute", "threads", "beam", "VAD", "audio s",
               "load s", "warm-up s", "wall s", "all runs", "CPU s", "others' CPU", "RTF",
               "WER %", "speedup")
    rows = []
    for r in runs:
        speed = f"{baseline.wall_s / r.wall_s:.2f}x" if baseline else "-"
        others = r.best.others_cores
        rows.append((r.engine, r.setting, r.model, r.compute, r.threads, str(r.beam),
                     "on" if r.vad else "off", f"{r.audio_s:.1f}", f"{r.load_s:.2f}",
                     f"{r.warmup_s:.2f}", f"{r.wall_s:.2f}",
                     "/".join(f"{t.wall_s:.1f}" for t in r.timings), f"{r.best.cpu_s:.1f}",
                     "?" if others is None else f"{others:.2f} cores", f"{r.rtf:.3f}",
                     f"{r.wer:.2f}", speed))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base", help="Whisper size or CT2 folder (base)")
    parser.add_argument("--quick", action="store_true",
                        help="ours with app defaults only (skip the other settings)")
    parser.add_argument("--skip-openai", action="store_true", help="do not run openai-whisper")
    parser.add_argument("--beam-size", type=int, default=5, help="both engines (5)")
    parser.add_argument("--openai-threads", type=int, default=0,
                        help="torch threads for openai-whisper (0: torch's default)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per setting; the fastest is reported (3)")
    parser.add_argument("--bench-python", type=Path, default=BENCH_VENV / "bin" / "python")
    parser.add_argument("--checkpoint", type=Path, default=BENCH_VENV / "whisper-base.pt",
                        help="openai-whisper checkpoint; made from our model if missing")
    parser.add_argument("--keep-audio", type=Path, help="copy the WAV and reference here")
    parser.add_argument("--json", type=Path, help="also write all results as JSON here")
    parser.add_argument("--show-text", action="store_true",
                        help="print the normalised reference and hypotheses")
    args = parser.parse_args(argv)

    model_dir = locate_model(args.model)
    info = machine_info()
    if os.getloadavg()[0] > 0.5:
        print(f"warning: load average {os.getloadavg()[0]:.2f} at start; other work on this "
              "machine will slow either engine and make the timings noisy", file=sys.stderr)
    info["our model (CTranslate2)"] = str(model_dir)
    with tempfile.TemporaryDirectory(prefix="ebcd-bench-") as tmp:
        workdir = Path(tmp)
        wav, reference, warmup_s = synthesise(workdir)
        if args.keep_audio:
            args.keep_audio.mkdir(parents=True, exist_ok=True)
            shutil.copy(wav, args.keep_audio / wav.name)
            (args.keep_audio / "reference.txt").write_text(reference + "\n", encoding="utf-8")
        audio = load_audio(wav)
        print(f"audio: {len(audio) / SAMPLE_RATE:.1f} s, {len(reference.split())} words, "
              f"{len(SCRIPT)} voices; model: {model_dir}", file=sys.stderr)

        runs: list[Run] = []
        for setting in (OURS_DEFAULT,) if args.quick else OURS_VARIANTS:
            print(f"ours: {setting.label} ...", file=sys.stderr)
            runs.append(run_ours(setting, model_dir, args.model, audio, reference,
                                 args.beam_size, warmup_s, args.repeat))
        baseline: Run | None = None
        if not args.skip_openai:
            print("openai-whisper (bench venv) ...", file=sys.stderr)
            baseline, openai_env = run_openai(
                args.bench_python, wav, model_dir, args.model, args.checkpoint, reference,
                args.beam_size, args.openai_threads, warmup_s, args.repeat, workdir)
            info.update({f"openai side: {k}": str(v) for k, v in openai_env["env"].items()})
            runs.append(baseline)

    info["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    for key, value in info.items():
        print(f"{key:>26}: {value}")
    print()
    print_table(runs, baseline)
    print()
    print(f"wall s: transcription only, fastest of {args.repeat} run(s) (other work on the "
          "machine only ever slows a run; 'all runs' shows the spread); model load and a "
          f"warm-up transcription of the first {warmup_s:.1f} s are excluded and shown apart. "
          "CPU s: the engine's CPU time in that run (all threads); others' CPU: mean cores "
          "other processes used meanwhile (well above 0: the timing is contended). "
          "RTF = wall / audio; "
          "speedup = openai-whisper's wall / this wall. "
          "WER: lower-cased, punctuation removed, numbers as words.")
    contended = [f"{r.engine} [{r.setting}]" for r in runs
                 if (r.best.others_cores or 0.0) > CONTENDED_CORES]
    if contended:
        print(f"warning: other processes used over {CONTENDED_CORES} of a core during the "
              f"fastest run of: {', '.join(contended)}; those timings are too slow. Rerun on "
              "an idle machine (or with more --repeat).")
    if baseline is not None:
        ours = runs[0]
        speed = baseline.wall_s / ours.wall_s
        wer_gap = ours.wer - baseline.wer
        verdict = "MET" if speed >= 5.0 and wer_gap <= 1.0 else "NOT MET"
        print(f"target (ours with app defaults >= 5x faster, WER no more than 1 point worse): "
              f"{verdict} - {speed:.2f}x faster, WER {ours.wer:.2f}% vs {baseline.wer:.2f}% "
              f"({wer_gap:+.2f} points)")
    if args.show_text:
        print(f"\nreference: {normalised(reference)}")
        for r in runs:
            print(f"\n{r.engine} [{r.setting}]: {normalised(r.text)}")
    if args.json:
        rows = [asdict(r) | {"wall_s": r.wall_s, "rtf": r.rtf} for r in runs]
        args.json.write_text(json.dumps({"machine": info, "reference": reference, "runs": rows},
                                        indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
