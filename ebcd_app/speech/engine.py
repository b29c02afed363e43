"""Whisper through faster-whisper: audio in, word-timed segments out.

Pure functions of audio and options; no database, no Qt. Runs in the transcription worker
process (see speech/worker.py), and in benchmarks directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000


@dataclass
class WordResult:
    text: str
    start: float
    end: float
    probability: float


@dataclass
class SegmentResult:
    start: float
    end: float
    text: str
    words: list[WordResult] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SegmentResult:
        words = [WordResult(**w) for w in data.get("words", [])]
        return cls(data["start"], data["end"], data["text"], words)


@dataclass
class TranscriptResult:
    language: str
    duration: float
    segments: list[SegmentResult]

    @property
    def words(self) -> list[WordResult]:
        return [w for s in self.segments for w in s.words]


@dataclass(frozen=True)
class TranscribeOptions:
    language: str | None = None
    initial_prompt: str | None = None
    vad: bool = True
    beam_size: int = 5


def load_audio(path: Path) -> np.ndarray:
    """Read the project's normalised 16 kHz mono WAV as float32 samples."""
    import wave

    with wave.open(str(path), "rb") as wav:
        if wav.getframerate() != SAMPLE_RATE or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16 kHz mono 16-bit WAV")
        frames = wav.readframes(wav.getnframes())
    return np.frombuffer(frames, dtype=np.int16).astype(np.float32) / 32768.0


def pick_device() -> tuple[str, str]:
    """GPU with float16 when CTranslate2 sees one, else CPU with int8."""
    try:
        import ctranslate2

        if ctranslate2.get_cuda_device_count() > 0:
            return "cuda", "float16"
    except Exception:  # noqa: BLE001 - any CUDA probe failure means CPU
        pass
    return "cpu", "int8"


class WhisperEngine:
    """A loaded model; load once, transcribe many recordings."""

    def __init__(self, model_dir: Path, device: str = "auto", compute_type: str | None = None,
                 cpu_threads: int = 0) -> None:
        import os

        from faster_whisper import WhisperModel

        # one thread per core: CTranslate2's own default oversubscribes a 2-core laptop
        # (benchmarks/transcribe.py: 8.2 s vs 8.6 s for 81 s of speech)
        cpu_threads = cpu_threads or os.cpu_count() or 0
        auto_device, auto_type = pick_device()
        self.device = auto_device if device == "auto" else device
        self.compute_type = compute_type or (auto_type if device == "auto" else "int8")
        self.model_dir = model_dir
        self._model = WhisperModel(str(model_dir), device=self.device,
                                   compute_type=self.compute_type, cpu_threads=cpu_threads,
                                   local_files_only=True)

    def transcribe(
        self,
        audio: np.ndarray,
        options: TranscribeOptions = TranscribeOptions(),
        offset: float = 0.0,
        on_segment: Callable[[SegmentResult, str], None] | None = None,
    ) -> TranscriptResult:
        """Transcribe samples; times are shifted by `offset` (used when resuming mid-file).

        `on_segment(segment, language)` is called as each segment is decoded, so a caller
        can report progress and checkpoint finished segments.
        """
        segments_iter, info = self._model.transcribe(
            audio,
            language=options.language,
            initial_prompt=options.initial_prompt or None,
            vad_filter=options.vad,
            word_timestamps=True,
            beam_size=options.beam_size,
            condition_on_previous_text=True,
        )
        language = info.language
        segments: list[SegmentResult] = []
        for seg in segments_iter:
            words = [
                WordResult(w.word.strip(), round(w.start + offset, 3), round(w.end + offset, 3),
                           round(float(w.probability), 4))
                for w in (seg.words or [])
                if w.word.strip()
            ]
            if not words:
                continue
            result = SegmentResult(round(seg.start + offset, 3), round(seg.end + offset, 3),
                                   seg.text.strip(), words)
            segments.append(result)
            if on_segment is not None:
                on_segment(result, language)
        duration = offset + len(audio) / SAMPLE_RATE
        return TranscriptResult(language, duration, segments)
