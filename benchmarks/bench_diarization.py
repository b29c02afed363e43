"""Speaker diarization accuracy and speed on generated espeak-ng conversations.

Why: the thresholds in `ebcd_app.speech.diarize` are tuned on the TUNING set only; the
HELD-OUT set (other voices, other texts) says whether they generalise. Each set has one
voice alone (it must stay one), two and three voices with pauses of 0.3-2 s, and two
voices taking quick turns (0.3-0.6 s pauses). Ground truth per word: with `--whisper`
the words are Whisper's own (base int8, tightened as in the product) and each word
belongs to the turn its middle falls in; without it, each turn's duration is split evenly
over its words (the clustering alone).

Voices: espeak-ng's timbre comes from its variant (+m3, +f5, +klatt2), not its accent, so
en-gb and en-us, or +f2 and +f5, are one voice to a speaker encoder (GE2E cosine of their
turns 0.83-0.98, as close as one voice's own turns, 0.83-0.89). Both sets use variants
whose turns are further apart (0.55-0.72); CLOSE_PAIR, at 0.78, is reported on its own.

Each file is diarized twice: with at most 4 voices, and with at most the people linked to
the recording plus the interviewer (what the product asks for; 2 for one voice alone).

    .venv/bin/python benchmarks/bench_diarization.py [--whisper]
"""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from ebcd_app.speech import diarize, ge2e

RATE = 16000

LINES_A = [
    "Good morning everyone, shall we start with the figures from last week?",
    "Yes.", "I think the numbers look better than we expected.",
    "Could you say a little more about the second quarter?",
    "Of course. Sales went up in the north but fell in the south.",
    "Right.", "That matches what the field team told me on Tuesday.",
    "We should ask them to write it down before the next meeting.",
    "No, I disagree, a short call would be quicker.", "Fine, let us do that.",
    "What about the budget for the new office?", "It is still waiting for approval.",
]
LINES_B = [
    "Thanks for coming, I know it has been a long day for all of you.",
    "Okay.", "The garden needs more water when the weather is this warm.",
    "Did anyone read the report about the river crossing?",
    "I did, and frankly I found the second half hard to follow.",
    "Really?", "The bridge will take two years to build, maybe three.",
    "Then we must plan the traffic around the old road.", "Sure.",
    "My neighbour says the bus will stop running in winter.",
    "That would be a problem for the children going to school.",
    "Let us write to the council tomorrow morning.",
]
TUNING_VOICES = ["en+m3", "en-us+f3", "en-us+klatt2", "en+f5"]
HELDOUT_VOICES = ["en-gb-x-gbclan+f4", "en-us+m5", "en+klatt4", "en+m7"]
CLOSE_PAIR = ["en+m3", "en+m6"]


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """To 16 kHz by FFT (band-limited; scipy is not a dependency), for synthetic speech."""
    n_out = round(len(samples) * RATE / rate)
    spectrum = np.fft.rfft(samples)[: n_out // 2 + 1]
    return (np.fft.irfft(spectrum, n_out) * (n_out / len(samples))).astype(np.float32)


def espeak(text: str, voice: str, folder: Path) -> np.ndarray:
    """16 kHz float32 speech of `text` (espeak writes 22.05 kHz; resampled here)."""
    out = folder / "line.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(out), text], check=True,
                   capture_output=True)
    with wave.open(str(out), "rb") as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    samples = pcm.astype(np.float32) / 32768
    if rate != RATE:
        samples = resample(samples, rate)
    return samples


Turn = tuple[int, float, float, str]  # speaker, start, end, text


def conversation(voices: list[str], lines: list[str], turns: int, seed: int, folder: Path,
                 name: str, pauses: tuple[float, float] = (0.3, 2.0)
                 ) -> tuple[Path, list[Turn]]:
    """A WAV of `turns` turns by `voices` (no voice twice in a row) and its known turns."""
    rng = random.Random(seed)
    pieces: list[np.ndarray] = [np.zeros(RATE // 2, dtype=np.float32)]
    known: list[Turn] = []
    t = 0.5
    speaker = -1
    for turn in range(turns):
        if len(voices) == 1:
            speaker = 0
        else:
            speaker = turn % len(voices) if turn < len(voices) else rng.choice(
                [s for s in range(len(voices)) if s != speaker])
        text = rng.choice(lines)
        speech = espeak(text, voices[speaker], folder)
        loud = np.flatnonzero(np.abs(speech) > 0.01)
        speech = speech[loud[0]:loud[-1] + 1] if len(loud) else speech
        duration = len(speech) / RATE
        known.append((speaker, t, t + duration, text))
        pause = rng.uniform(*pauses)
        pieces += [speech, np.zeros(round(pause * RATE), dtype=np.float32)]
        t += duration + pause
    audio = np.concatenate(pieces)
    path = folder / f"{name}.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())
    return path, known


def even_words(known: list[Turn]) -> tuple[list[tuple[float, float]], list[int]]:
    """Each turn's duration split evenly over its words: timings with no recogniser."""
    words, truth = [], []
    for speaker, start, end, text in known:
        tokens = text.split()
        step = (end - start) / len(tokens)
        for k in range(len(tokens)):
            words.append((start + step * k, start + step * (k + 1)))
            truth.append(speaker)
    return words, truth


def whisper_words(engine: object, path: Path, known: list[Turn]
                  ) -> tuple[list[tuple[float, float]], list[int]]:
    """Whisper's words (tightened as the product does) and the turn each one's middle is in;
    a word in no turn goes to the nearest."""
    from ebcd_app.speech.engine import TranscribeOptions
    from ebcd_app.speech.timing import tighten

    result = engine.transcribe_file(path, TranscribeOptions(language="en"))  # type: ignore[attr-defined]
    segments = tighten(path, result.segments)
    words, truth = [], []
    for seg in segments:
        for w in seg.words:
            mid = (w.start + w.end) / 2
            nearest = min(known, key=lambda k: 0 if k[1] <= mid <= k[2]
                          else min(abs(mid - k[1]), abs(mid - k[2])))
            words.append((w.start, w.end))
            truth.append(nearest[0])
    return words, truth


def accuracy(predicted: list[int], truth: list[int]) -> float:
    """Share of words right under the best mapping of predicted labels to true ones."""
    p, t = np.asarray(predicted), np.asarray(truth)
    kp, kt = p.max() + 1, t.max() + 1
    best = 0
    size = max(kp, kt)
    for perm in itertools.permutations(range(size)):
        mapped = np.array([perm[x] for x in p])
        best = max(best, int((mapped == t).sum()))
    return best / len(t)


Case = tuple[str, Path, list[Turn], int]


def make_sets(folder: Path) -> dict[str, list[Case]]:
    sets: dict[str, list[Case]] = {"tuning": [], "held-out": [], "close": []}
    specs = [("tuning", TUNING_VOICES, LINES_A, 100), ("held-out", HELDOUT_VOICES, LINES_B, 200)]
    for set_name, voices, lines, seed in specs:
        cases: list[tuple[str, list[str], tuple[float, float]]] = [
            ("1v", voices[1:2], (0.3, 2.0)),
            ("2v-0", voices[0:2], (0.3, 2.0)), ("2v-1", voices[2:4], (0.3, 2.0)),
            ("3v-0", voices[0:3], (0.3, 2.0)), ("3v-1", voices[1:4], (0.3, 2.0)),
            ("2v-quick", [voices[0], voices[3]], (0.3, 0.6))]
        for k, (label, chosen, pauses) in enumerate(cases):
            path, known = conversation(chosen, lines, 14, seed + k, folder,
                                       f"{set_name}-{label}", pauses)
            sets[set_name].append((f"{set_name}-{label}", path, known, len(chosen)))
    path, known = conversation(CLOSE_PAIR, LINES_B, 14, 300, folder, "close-2v")
    sets["close"].append(("close-2v", path, known, 2))
    return sets


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--whisper", action="store_true",
                        help="diarize Whisper's words (base int8), not evenly spread ones")
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is needed")
    engine = None
    if args.whisper:
        from ebcd_app.speech.engine import WhisperEngine
        from ebcd_app.speech.locator import locate_model
        engine = WhisperEngine(locate_model(None), compute_type="int8")
    embedders = ["ge2e", "mfcc"] if ge2e.available() else ["mfcc"]
    with tempfile.TemporaryDirectory() as tmp:
        sets = make_sets(Path(tmp))
        timed = {}
        for cases in sets.values():
            for label, path, known, _n in cases:
                timed[label] = (whisper_words(engine, path, known) if engine
                                else even_words(known))
        for name in embedders:
            if name == "ge2e":
                ge2e.encoder()  # load once, outside the timings
            for set_name, cases in sets.items():
                for cap in ("4", "n"):  # at most 4 voices, or as the product seeds it
                    by_n: dict[int, list[float]] = {}
                    for label, path, _known, n in cases:
                        words, truth = timed[label]
                        audio_s = wave.open(str(path)).getnframes() / RATE
                        start = time.perf_counter()
                        most = 4 if cap == "4" else max(2, n)
                        got = diarize.assign_speakers(path, words, max_speakers=most,
                                                      embedder=name)
                        spent = time.perf_counter() - start
                        acc = accuracy(got, truth)
                        by_n.setdefault(n, []).append(acc)
                        print(f"{name:5} max {most} {label:18} words {len(words):4} true {n} "
                              f"found {max(got) + 1}  acc {acc:6.1%}  {spent:5.2f}s for "
                              f"{audio_s:5.1f}s audio  RTF {spent / audio_s:.3f}")
                    for n, accs in sorted(by_n.items()):
                        print(f"{name:5} max {cap} {set_name:9} {n} voices: mean acc "
                              f"{np.mean(accs):.1%} (min {min(accs):.1%}, {len(accs)} files)")

if __name__ == "__main__":
    main()
