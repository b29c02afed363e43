"""Benchmark: does the voice disguise keep the words and lose the voice? (issue 18)

For each held-out voice (espeak-ng variants measured distinct by benchmarks/
bench_diarization.py, none used to choose the disguise) and each sentence, the original and
its disguised copy (media/disguise.py's filter, through the bundled ffmpeg, as the film
render applies it) are:
- transcribed with the product's Whisper (base, float32 so the words hold on any CPU):
  WER against the script, original and disguised;
- embedded with the product's GE2E speaker encoder (the mean over 1.6 s windows), and the
  cosine between original and disguised taken: the diarization counts >= 0.83 as one voice.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_disguise.py [--pitch 0.79]

It reports; it always exits 0.

Measured 2026-12-02 on this 2-core machine (6 voices x 2 sentences each):

| pitch | WER original | WER disguised | points | GE2E cosine max / mean |
|---|---|---|---|---|
| 0.79 | 0.069 | 0.183 | +11.4 | 0.716 / 0.656 |
| 0.86 (chosen) | 0.069 | 0.094 | +2.4 (worst voice +5.9) | 0.798 / 0.735 |
| 1.16 | 0.069 | 0.114 | +4.4 | 0.840 / 0.767 (one voice "the same") |
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

VOICES = ["en-gb-x-gbclan+f4", "en-us+m5", "en+klatt4", "en+m7", "en-us+f3", "en+m3"]
LINES = [
    "On nights there are two of us for twenty patients and the phone never stops ringing.",
    "When the alarm went off nobody came for ten minutes and I was on my own with him.",
    "My manager sat down with me after the incident and asked what I needed, which helped.",
    "We never get a break before four in the morning, so I eat standing at the desk.",
]
SAME_VOICE = 0.83


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pitch", type=float, default=None)
    args = parser.parse_args()
    import jiwer
    from espeak_audio import espeak

    from ebcd_app.media import disguise
    from ebcd_app.media.tools import tools
    from ebcd_app.speech import diarize
    from ebcd_app.speech.engine import TranscribeOptions, WhisperEngine, load_audio
    from ebcd_app.speech.locator import locate_model

    filt = disguise.DISGUISE_FILTER if args.pitch is None else \
        disguise.DISGUISE_FILTER.replace(f"pitch={disguise.PITCH}", f"pitch={args.pitch}")
    engine = WhisperEngine(locate_model(None), compute_type="float32")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for v, voice in enumerate(VOICES):
            text = " ".join(LINES[(v + i) % len(LINES)] for i in range(2))
            orig = Path(tmp) / f"{v}.wav"
            espeak(text, orig, voice=voice, speed=150)
            fake = Path(tmp) / f"{v}-disguised.wav"
            subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(orig), "-af",
                            f"{filt},aresample=16000", "-ac", "1", "-c:a", "pcm_s16le",
                            str(fake)], check=True)
            out = []
            for path in (orig, fake):
                res = engine.transcribe(load_audio(path), TranscribeOptions(language="en"))
                said = " ".join(w.text for s in res.segments for w in s.words)
                norm = jiwer.Compose([jiwer.ToLowerCase(), jiwer.RemovePunctuation(),
                                      jiwer.RemoveMultipleSpaces(), jiwer.Strip()])
                out.append(jiwer.wer(norm(text), norm(said)))
            dur = len(load_audio(orig)) / 16000
            windows = diarize._windows([(0.0, dur)])
            a = diarize._embed(orig, windows, "ge2e").mean(axis=0)
            b = diarize._embed(fake, windows, "ge2e").mean(axis=0)
            cos = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
            rows.append((voice, out[0], out[1], cos))
            print(f"{voice:22} WER {out[0]:.3f} -> {out[1]:.3f}  GE2E cosine {cos:.3f}",
                  flush=True)
    w0 = np.mean([r[1] for r in rows])
    w1 = np.mean([r[2] for r in rows])
    print(f"\nfilter: {filt}")
    print(f"mean WER original {w0:.3f}, disguised {w1:.3f} ({100 * (w1 - w0):+.1f} points)")
    print(f"GE2E cosine original vs disguised: max {max(r[3] for r in rows):.3f}, "
          f"mean {np.mean([r[3] for r in rows]):.3f} (same voice at >= {SAME_VOICE})")


if __name__ == "__main__":
    main()
