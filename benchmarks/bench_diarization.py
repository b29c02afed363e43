"""Speaker diarization accuracy and speed on generated espeak-ng conversations.

Why: the thresholds in `ebcd_app.speech.diarize` are tuned on the TUNING set only; the
HELD-OUT set (other voices, other texts) says whether they generalise. Ground truth per
word comes from the known turns: each turn's duration is split evenly over its words.

    PYTHONPATH=. python benchmarks/bench_diarization.py
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
TUNING_VOICES = ["en-gb+m3", "en-us+f3", "en-gb-scotland+m7", "en+f5"]
HELDOUT_VOICES = ["en-029+m1", "en-gb-x-rp+f2", "en-us+m5", "en-gb-x-gbclan+f4"]


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


def conversation(voices: list[str], lines: list[str], turns: int, seed: int, folder: Path,
                 name: str) -> tuple[Path, list[tuple[float, float]], list[int]]:
    """A WAV of `turns` turns by `voices` (no voice twice in a row), words and truth."""
    rng = random.Random(seed)
    pieces: list[np.ndarray] = []
    words: list[tuple[float, float]] = []
    truth: list[int] = []
    t = 0.0
    speaker = -1
    for turn in range(turns):
        speaker = turn % len(voices) if turn < len(voices) else rng.choice(
            [s for s in range(len(voices)) if s != speaker])
        text = rng.choice(lines)
        speech = espeak(text, voices[speaker], folder)
        duration = len(speech) / RATE
        tokens = text.split()
        for k in range(len(tokens)):
            words.append((t + duration * k / len(tokens), t + duration * (k + 1) / len(tokens)))
            truth.append(speaker)
        pause = rng.uniform(0.3, 2.0)
        pieces += [speech, np.zeros(round(pause * RATE), dtype=np.float32)]
        t += duration + pause
    audio = np.concatenate(pieces)
    path = folder / f"{name}.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())
    return path, words, truth


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


def make_sets(folder: Path) -> dict[str, list[tuple[str, Path, list, list[int], int]]]:
    sets: dict[str, list] = {"tuning": [], "held-out": []}
    specs = [("tuning", TUNING_VOICES, LINES_A, 100), ("held-out", HELDOUT_VOICES, LINES_B, 200)]
    for set_name, voices, lines, seed in specs:
        for n in (2, 3):
            for rep in range(2):
                chosen = voices[rep:rep + n] if rep + n <= len(voices) else voices[-n:]
                label = f"{set_name}-{n}v-{rep}"
                path, words, truth = conversation(chosen, lines, 14, seed + 10 * n + rep,
                                                  folder, label)
                sets[set_name].append((label, path, words, truth, n))
    return sets


def main() -> None:
    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is needed")
    embedders = ["ge2e", "mfcc"] if ge2e.available() else ["mfcc"]
    with tempfile.TemporaryDirectory() as tmp:
        sets = make_sets(Path(tmp))
        for name in embedders:
            if name == "ge2e":
                ge2e.encoder()  # load once, outside the timings
            for set_name, cases in sets.items():
                by_n: dict[int, list[float]] = {}
                for label, path, words, truth, n in cases:
                    audio_s = wave.open(str(path)).getnframes() / RATE
                    start = time.perf_counter()
                    got = diarize.assign_speakers(path, words, max_speakers=4,
                                                  embedder=name)
                    spent = time.perf_counter() - start
                    acc = accuracy(got, truth)
                    by_n.setdefault(n, []).append(acc)
                    print(f"{name:5} {label:16} words {len(words):4} true {n} found "
                          f"{max(got) + 1}  acc {acc:6.1%}  {spent:5.2f}s for "
                          f"{audio_s:5.1f}s audio  RTF {spent / audio_s:.3f}")
                for n, accs in sorted(by_n.items()):
                    print(f"{name:5} {set_name:9} {n} voices: mean acc {np.mean(accs):.1%}")


if __name__ == "__main__":
    main()
