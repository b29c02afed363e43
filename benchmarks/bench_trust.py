"""Transcription you can trust (issue 16), measured on a held-out set made for it.

    .venv/bin/python benchmarks/bench_trust.py [--model base] [--compute int8]

The held-out set is generated here with espeak-ng and was never used to tune anything:
six conversations of two or three voices (British, American, Scottish, Caribbean, RP, West
Midlands, female variants), pauses of 0.4-6 s between turns, and the domain words of a
hospital project ("call bell", "rota", "discharge lounge", "handover", "PALS", "Jade
ward"). For each way of giving Whisper the project's vocabulary (none, `initial_prompt`,
`hotwords`) it reports WER, passages lost (turns of 4+ words with under half their words
heard) and domain words heard, before and after the repair pass (speech/repair.py); and the
start error of each turn's first word against where the turn was placed (known exactly,
since the turns are concatenated here).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ebcd_app.media.tools import tools
from ebcd_app.speech.engine import (
    SegmentResult,
    WhisperEngine,
    WordResult,
    load_audio,
)
from ebcd_app.speech.locator import locate_model
from ebcd_app.speech.repair import repair

RATE = 16000
VOCABULARY = ["call bell", "rota", "discharge lounge", "handover", "PALS", "Jade ward",
              "bank staff", "sepsis"]
DOMAIN = ["call", "bell", "rota", "discharge", "lounge", "handover", "pals", "jade", "ward",
          "bank", "sepsis"]

# (voice, text, pause before in seconds)
CONVERSATIONS: list[list[tuple[str, str, float]]] = [
    [("en-gb", "How were the nights on Jade ward?", 0.3),
     ("en-us", "Nights could feel lonely. I pressed the call bell and nobody came for a long "
               "time, and I understand they were busy.", 0.6),
     ("en-gb", "What would have helped?", 1.2),
     ("en-us", "Someone telling me how long they would be. That is all.", 0.5)],
    [("en-gb-scotland", "Tell me about the handover in the morning.", 0.3),
     ("en-029", "The handover was rushed because the rota had two gaps and the bank staff "
                "did not know the patients.", 0.8),
     ("en-gb-scotland", "Did anyone notice?", 6.0),
     ("en-029", "The matron did. She stayed late to cover it.", 0.4)],
    [("en-gb-x-rp", "You waited in the discharge lounge?", 0.3),
     ("en+f3", "We waited in the discharge lounge from ten until six with no food.", 0.7),
     ("en-gb-x-gbcwmd", "I am her husband. I rang PALS twice that afternoon.", 1.0),
     ("en-gb-x-rp", "What did they say?", 0.6),
     ("en+f3", "They were kind, but nobody could tell us when the transport would come.", 0.5)],
    [("en-us", "What was the worst moment?", 0.3),
     ("en-gb", "When they said sepsis. I did not know what it meant and I was frightened.",
      0.9),
     ("en-us", "And the best?", 4.0),
     ("en-gb", "The nurse who sat with me at three in the morning and explained everything.",
      0.5)],
    [("en-gb-x-gbclan", "How is the new rota working for your team?", 0.3),
     ("en+f2", "Better. We swap shifts on the board and the handover notes are shorter.", 0.8),
     ("en-gb-scotland", "I disagree. The call bell is still ringing at every handover.", 0.6),
     ("en-gb-x-gbclan", "Why is that, do you think?", 1.5),
     ("en+f2", "Because bank staff start at the same time as the ward round.", 0.4)],
    [("en-029", "Was your family able to visit?", 0.3),
     ("en-gb-x-rp", "My daughter came every day. The staff on Jade ward made her tea.", 0.5),
     ("en-029", "That matters.", 2.5),
     ("en-gb-x-rp", "It mattered more than anything. I told PALS so in a letter.", 0.6)],
]


def _norm(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


def _speak(voice: str, text: str, folder: Path) -> np.ndarray:
    raw, out = folder / "raw.wav", folder / "turn.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "155", "-w", str(raw), text], check=True)
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(raw), "-ac", "1", "-ar",
                    str(RATE), "-c:a", "pcm_s16le", str(out)], check=True)
    with wave.open(str(out), "rb") as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    loud = np.nonzero(np.abs(samples) > 300)[0]
    return samples[loud[0]:loud[-1] + 1] if len(loud) else samples


def make_set(folder: Path) -> list[tuple[Path, list[tuple[str, float, float]]]]:
    """Each conversation as a WAV and its turns (text, start, end)."""
    made = []
    for n, turns in enumerate(CONVERSATIONS):
        pieces, known, at = [], [], 0.0
        for voice, text, pause in turns:
            pieces.append(np.zeros(int(pause * RATE), dtype=np.int16))
            at += pause
            speech = _speak(voice, text, folder)
            pieces.append(speech)
            known.append((text, at, at + len(speech) / RATE))
            at += len(speech) / RATE
        pieces.append(np.zeros(RATE // 2, dtype=np.int16))
        path = folder / f"conversation-{n}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(RATE)
            w.writeframes(np.concatenate(pieces).tobytes())
        made.append((path, known))
    return made


def _decode(engine: WhisperEngine, path: Path, how: str) -> list[SegmentResult]:
    vocab = ", ".join(VOCABULARY)
    segs, _info = engine.model.transcribe(
        load_audio(path), language="en", vad_filter=True, word_timestamps=True, beam_size=5,
        initial_prompt=vocab if how == "prompt" else None,
        hotwords=vocab if how == "hotwords" else None)
    return [SegmentResult(s.start, s.end, s.text.strip(),
                          [WordResult(w.word.strip(), w.start, w.end, w.probability)
                           for w in (s.words or []) if w.word.strip()])
            for s in segs if s.words]


def _score(segments: list[SegmentResult], known: list[tuple[str, float, float]]
           ) -> dict[str, float]:
    import jiwer

    words = [w for s in segments for w in s.words]
    hyp = " ".join(" ".join(_norm(w.text)) for w in words)
    ref = " ".join(" ".join(_norm(t)) for t, _s, _e in known)
    lost = 0
    starts = []
    for text, start, end in known:
        inside = [w for w in words if start - 0.3 <= (w.start + w.end) / 2 <= end + 0.3]
        said = _norm(text)
        if len(said) >= 4 and len(inside) < len(said) / 2:
            lost += 1
        if inside:
            starts.append(abs(inside[0].start - start))
    heard = set(_norm(hyp))
    domain = sum(1 for d in DOMAIN if d in " ".join(_norm(ref)).split() and d in heard)
    domain_total = sum(1 for d in DOMAIN if d in " ".join(_norm(ref)).split())
    return {"wer": jiwer.wer(ref, hyp), "lost": lost, "domain": domain,
            "domain_total": domain_total, "starts": starts}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--compute", default="int8")
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is needed (apt-get install espeak-ng)")
    folder = Path(tempfile.mkdtemp(prefix="ebcd-trust-"))
    made = make_set(folder)
    audio = sum(wave.open(str(p)).getnframes() for p, _ in made) / RATE
    engine = WhisperEngine(locate_model(args.model), compute_type=args.compute)
    print(f"held-out set: {len(made)} conversations, {audio:.0f} s, model "
          f"{engine.model_dir.name} {args.compute}")
    print(f"{'vocabulary':10} {'pass':7} {'WER':>6} {'lost':>5} {'domain':>7} "
          f"{'start err med/p95 ms':>21} {'time s':>7}")
    for how in ("none", "prompt", "hotwords"):
        for mended in (False, True):
            t0 = time.perf_counter()
            totals = {"ref": 0, "err": 0.0, "lost": 0, "domain": 0, "dt": 0}
            starts: list[float] = []
            for path, known in made:
                segs = _decode(engine, path, how)
                if mended:
                    segs = repair(engine, path, segs, language="en").segments
                score = _score(segs, known)
                n = sum(len(_norm(t)) for t, _s, _e in known)
                totals["ref"] += n
                totals["err"] += score["wer"] * n
                totals["lost"] += score["lost"]
                totals["domain"] += score["domain"]
                totals["dt"] += score["domain_total"]
                starts += score["starts"]
            took = time.perf_counter() - t0
            med = np.median(starts) * 1000 if starts else float("nan")
            p95 = np.percentile(starts, 95) * 1000 if starts else float("nan")
            print(f"{how:10} {'repair' if mended else 'first':7} "
                  f"{totals['err'] / totals['ref']:6.3f} {totals['lost']:5d} "
                  f"{totals['domain']:3d}/{totals['dt']:<3d} {med:10.0f}/{p95:<10.0f} "
                  f"{took:7.1f}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
