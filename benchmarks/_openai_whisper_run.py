"""The openai-whisper half of benchmarks/transcribe.py; runs in the bench virtualenv.

Why a separate process: openai-whisper needs PyTorch, which our app's virtualenv does not
have (and should not get). benchmarks/transcribe.py runs this file with
.venv-bench/bin/python and reads the JSON it writes.

It reads the same 16 kHz mono 16-bit WAV the same way our engine does (so openai-whisper's
ffmpeg-based loader is not needed), transcribes it as openai-whisper's own CLI would on a CPU
(fp32, beam search, temperature fallback, word timestamps), and times the load, a short
warm-up (numba compiles the word-alignment DTW on first use) and the timed runs apart.

If the checkpoint is missing it is made from our CTranslate2 model first (see
ct2_to_openai_whisper.py): openai-whisper's own download is not possible here.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import wave
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

import numpy as np
from _cpu import timed  # beside this file, so on sys.path

SAMPLE_RATE = 16000


def read_wav(path: Path) -> np.ndarray:
    """16 kHz mono 16-bit WAV to float32 in [-1, 1), exactly as ebcd_app's load_audio."""
    with wave.open(str(path), "rb") as wav:
        if wav.getframerate() != SAMPLE_RATE or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16 kHz mono 16-bit WAV")
        frames = wav.readframes(wav.getnframes())
    return np.frombuffer(frames, dtype=np.int16).astype(np.float32) / 32768.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wav", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="JSON results")
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--ct2-model", type=Path, help="CTranslate2 model to convert if needed")
    parser.add_argument("--alignment-heads", default="base",
                        help="openai-whisper model name whose alignment heads to use (base)")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    parser.add_argument("--warmup-seconds", type=float, default=5.0,
                        help="transcribe this much of the start first, untimed (JIT, caches)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    import torch
    import whisper

    if args.threads:
        torch.set_num_threads(args.threads)

    convert_s = None
    if not args.checkpoint.exists():
        if args.ct2_model is None:
            raise SystemExit(f"{args.checkpoint} is missing and no --ct2-model to make it from")
        from ct2_to_openai_whisper import convert  # beside this file, so on sys.path

        print(f"converting {args.ct2_model} -> {args.checkpoint} (once) ...", file=sys.stderr)
        t0 = time.perf_counter()
        convert(args.ct2_model, args.checkpoint)
        convert_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    model = whisper.load_model(str(args.checkpoint), device="cpu")
    # load_model sets alignment heads only for downloaded names; a path gets a generic guess.
    model.set_alignment_heads(whisper._ALIGNMENT_HEADS[args.alignment_heads])
    load_s = time.perf_counter() - t0

    audio = read_wav(args.wav)
    options = {"language": "en", "task": "transcribe", "word_timestamps": True, "fp16": False,
               "beam_size": args.beam_size, "best_of": args.beam_size, "verbose": None}
    clip = audio[: int(args.warmup_seconds * SAMPLE_RATE)]
    _, warmup = timed(lambda: model.transcribe(clip, **options))
    timings = []
    for _ in range(args.repeat):
        result, timing = timed(lambda: model.transcribe(audio, **options))
        timings.append(asdict(timing))

    words = [
        {"text": w["word"].strip(), "start": float(w["start"]), "end": float(w["end"]),
         "probability": float(w["probability"])}
        for segment in result["segments"]
        for w in segment.get("words", [])
        if w["word"].strip()
    ]
    args.out.write_text(json.dumps({
        "model": args.checkpoint.name,
        "audio_s": len(audio) / SAMPLE_RATE,
        "convert_s": convert_s,
        "load_s": load_s,
        "warmup_s": warmup.wall_s,
        "timings": timings,
        "torch_threads": torch.get_num_threads(),
        "text": result["text"].strip(),
        # >0 where a window was re-decoded by temperature fallback (slow; faster-whisper
        # applies the same rule)
        "segment_temperatures": [s["temperature"] for s in result["segments"]],
        "words": words,
        "env": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "openai-whisper": version("openai-whisper"),
            "numba": version("numba"),
            "torch threads": torch.get_num_threads(),
            "checkpoint": str(args.checkpoint),
        },
    }), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
