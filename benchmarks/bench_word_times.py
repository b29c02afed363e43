"""Word start times against the truth: how close a cut on a word boundary lands (issue 16).

Why: a film is cut on word boundaries, so a word's start must be where its sound starts.
The truth comes from the synthesiser itself: libespeak-ng reports, for every word, the
sample at which it begins (its WORD events), so no aligner of ours marks the answers.
Conversations of several voices and pauses are spoken here, transcribed by the product's
engine (Whisper base, int8, VAD, windows), and each Whisper word matched to the spoken word
of the same text (difflib over the normalised tokens); reported are the median and 95th
percentile of |start error|, before and after `speech.timing.tighten`.

    .venv/bin/python benchmarks/bench_word_times.py
"""

from __future__ import annotations

import ctypes
import difflib
import re
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ebcd_app.speech.engine import TranscribeOptions, WhisperEngine
from ebcd_app.speech.locator import locate_model
from ebcd_app.speech.timing import tighten

RATE = 16000
# Not used to tune anything: texts and voices of their own.
CONVERSATIONS = [
    [("en-us+f3", "Tell me about the morning you were discharged."),
     ("en+m3", "I was told at nine that I could go, and then I sat in the lounge until four "
               "waiting for my tablets."),
     ("en-us+f3", "Did anybody explain the delay?"),
     ("en+m3", "Nobody did. My son rang the ward twice and was put on hold.")],
    [("en-gb-x-rp+f2", "What does a good handover look like for you?"),
     ("en-us+klatt2", "Everyone stands at the bedside, the patient hears the plan, and the "
                      "night nurse can go home on time."),
     ("en-gb-x-rp+f2", "How often does that happen?"),
     ("en-us+klatt2", "Maybe one shift in three. Agency staff do not know the routine.")],
    [("en+m7", "When did you first feel listened to?"),
     ("en-gb-x-gbclan+f4", "When the physiotherapist sat down, looked at me, and asked what I "
                           "wanted to be able to do again."),
     ("en-us+m5", "For me it was the chaplain, on the third night."),
     ("en+m7", "Thank you both.")],
]
PAUSES = [0.4, 1.2, 0.7, 2.5, 0.5]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_int64)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


class Speaker:
    """libespeak-ng in retrieval mode: the samples, and where each word begins."""

    WORD_EVENT = 1

    def __init__(self) -> None:
        self.lib = ctypes.CDLL("libespeak-ng.so.1")
        self.rate = self.lib.espeak_Initialize(1, 500, None, 0)  # 1 = AUDIO_OUTPUT_RETRIEVAL
        self.chunks: list[np.ndarray] = []
        self.words: list[tuple[int, int, int]] = []  # text position, length, sample
        self._keep = _CALLBACK(self._on_audio)
        self.lib.espeak_SetSynthCallback(self._keep)

    def _on_audio(self, wav: ctypes.Array, n: int, events: ctypes.Array) -> int:
        if n > 0:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
        i = 0
        while events[i].type != 0:
            if events[i].type == self.WORD_EVENT:
                e = events[i]
                self.words.append((e.text_position, e.length, e.sample))
            i += 1
        return 0

    def say(self, voice: str, text: str) -> tuple[np.ndarray, list[tuple[str, float]]]:
        """16 kHz float32 speech and each word with its start in seconds."""
        self.chunks, self.words = [], []
        self.lib.espeak_SetVoiceByName(voice.encode())
        raw = text.encode()
        self.lib.espeak_Synth(raw, len(raw) + 1, 0, 0, 0, 0, None, None)
        self.lib.espeak_Synchronize()
        samples = np.concatenate(self.chunks).astype(np.float32) / 32768
        n_out = round(len(samples) * RATE / self.rate)
        spectrum = np.fft.rfft(samples)[: n_out // 2 + 1]
        resampled = np.fft.irfft(spectrum, n_out) * (n_out / len(samples))
        words = [(raw[pos - 1:pos - 1 + length].decode(), sample / self.rate)
                 for pos, length, sample in self.words]
        return resampled.astype(np.float32), words


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9']", "", text.lower())


def build(folder: Path, speaker: Speaker) -> list[tuple[Path, list[tuple[str, float]]]]:
    made = []
    for n, turns in enumerate(CONVERSATIONS):
        pieces, truth, at = [np.zeros(RATE // 2, dtype=np.float32)], [], 0.5
        for k, (voice, text) in enumerate(turns):
            samples, words = speaker.say(voice, text)
            truth += [(w, at + t) for w, t in words]
            pause = PAUSES[(n + k) % len(PAUSES)]
            pieces += [samples, np.zeros(int(pause * RATE), dtype=np.float32)]
            at += len(samples) / RATE + pause
        path = folder / f"words-{n}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(RATE)
            w.writeframes((np.clip(np.concatenate(pieces), -1, 1) * 32767)
                          .astype(np.int16).tobytes())
        made.append((path, truth))
    return made


def errors(heard: list[tuple[str, float]], truth: list[tuple[str, float]]) -> list[float]:
    """Signed start errors (heard - true) of the words both agree on."""
    a = [_norm(w) for w, _ in heard]
    b = [_norm(w) for w, _ in truth]
    out = []
    for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            out.append(heard[block.a + k][1] - truth[block.b + k][1])
    return out


def main() -> None:
    speaker = Speaker()
    engine = WhisperEngine(locate_model(None), compute_type="int8")
    raw_err: list[float] = []
    tight_err: list[float] = []
    total_words = 0
    with tempfile.TemporaryDirectory() as tmp:
        made = build(Path(tmp), speaker)
        t0 = time.perf_counter()
        for path, truth in made:
            total_words += len(truth)
            result = engine.transcribe_file(path, TranscribeOptions(language="en"))
            raw = [(w.text, w.start) for s in result.segments for w in s.words]
            tight = [(w.text, w.start) for s in tighten(path, result.segments) for w in s.words]
            raw_err += errors(raw, truth)
            tight_err += errors(tight, truth)
        spent = time.perf_counter() - t0
    print(f"{len(made)} conversations, {total_words} spoken words, {len(tight_err)} matched; "
          f"{spent:.1f} s")
    for name, errs in (("Whisper", raw_err), ("tightened", tight_err)):
        e = np.abs(np.asarray(errs)) * 1000
        print(f"{name:10} |start error| median {np.median(e):4.0f} ms, p95 "
              f"{np.percentile(e, 95):4.0f} ms, max {e.max():4.0f} ms; signed median "
              f"{np.median(errs) * 1000:+4.0f} ms")


if __name__ == "__main__":
    main()
