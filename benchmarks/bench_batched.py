"""Batched decoding against the product's sequential decoding: speed and WER (issue 16).

Why: faster-whisper's BatchedInferencePipeline decodes several VAD chunks at once, which
is its fastest path on a GPU; on a 2-core laptop CPU the question is whether it helps at
all, and what it costs in WER and in lost passages. The recordings are bench_trust.py's
held-out conversations (espeak-ng, several voices and pauses), joined into one file so
there are many chunks to batch. Model loading is not timed.

    .venv/bin/python benchmarks/bench_batched.py [--compute int8] [--batch 4,8]

Measured 2026-12-02 on this 2-core AMD EPYC (base int8, beam 5): sequential 12.0 s
(RTF 0.113, WER 0.148), batch 4 5.6 s (RTF 0.053, WER 0.148), batch 8 5.7 s. Through the
product's own path (windows, hotwords, sentence segments, then the repair pass; twice
each): sequential 12.8 / 11.3 s, batch 4 6.5 / 6.3 s, WER 0.112 both, no gap, no loop.
So the engine decodes batch 4 (speech/engine.py BATCH_SIZE).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_trust import RATE, _norm, make_set

from ebcd_app.speech.engine import WhisperEngine, load_audio
from ebcd_app.speech.locator import locate_model


def joined(folder: Path) -> tuple[Path, str]:
    """All held-out conversations in one WAV, and the words said."""
    made = make_set(folder)
    pieces, said = [], []
    for path, known in made:
        with wave.open(str(path)) as w:
            pieces.append(np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16))
        said += [t for t, _s, _e in known]
    out = folder / "all.wav"
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(RATE)
        w.writeframes(np.concatenate(pieces).tobytes())
    return out, " ".join(" ".join(_norm(t)) for t in said)


def main() -> None:
    import jiwer
    from faster_whisper import BatchedInferencePipeline

    parser = argparse.ArgumentParser()
    parser.add_argument("--compute", default="int8")
    parser.add_argument("--batch", default="4,8")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, reference = joined(Path(tmp))
        audio = load_audio(path)
        seconds = len(audio) / RATE
        engine = WhisperEngine(locate_model(None), compute_type=args.compute)
        runs = [("sequential (the product)", 0)] + [
            (f"batched, batch {b}", int(b)) for b in args.batch.split(",")]
        print(f"{seconds:.0f} s of audio, Whisper base {args.compute}, beam 5, word times")
        for name, batch in runs:
            t0 = time.perf_counter()
            if batch:
                pipe = BatchedInferencePipeline(model=engine.model)
                segs, _ = pipe.transcribe(audio, language="en", word_timestamps=True,
                                          beam_size=5, batch_size=batch, vad_filter=True)
            else:
                segs, _ = engine.model.transcribe(audio, language="en", word_timestamps=True,
                                                  beam_size=5, vad_filter=True)
            text = " ".join(" ".join(_norm(s.text)) for s in segs)
            spent = time.perf_counter() - t0
            print(f"{name:26} {spent:6.1f} s  RTF {spent / seconds:.3f}  "
                  f"WER {jiwer.wer(reference, text):.3f}")


if __name__ == "__main__":
    main()
