"""Whisper through faster-whisper: audio in, word-timed segments out.

Pure functions of audio and options; no database, no Qt. Runs in the transcription worker
process (see speech/worker.py), and in benchmarks directly.

Long recordings are transcribed in windows (WhisperEngine.transcribe_file), so memory does
not grow with the recording's length: a whole 10-hour file loaded at once, and the
spectrogram faster-whisper computes over all of it, took 7.8 GB (issue 14).
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
# 10 minutes of float32 samples is 38 MB; faster-whisper's features over it a few hundred
# MB more: the worker peaked at 1.2-1.3 GB with the base model for 1 h and 10 h files
# (benchmarks/bench_long_recording.py; 4 GB for 1 h when the whole file was loaded). A
# window boundary re-transcribes at most one segment (<= 30 s): <= 5% more work.
WINDOW_SECONDS = 600.0
BATCH_SIZE = 4  # speech chunks decoded at once (benchmarks/bench_batched.py)
# a segment ending this close to a window's cut may have lost its last word to the cut
WINDOW_GUARD_SECONDS = 2.0
MIN_WINDOW_SECONDS = 20.0


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
    # voices to tell apart after decoding (speech/diarize.py); 0 leaves one voice
    max_speakers: int = 0
    # the project's words, as faster-whisper's hotwords (benchmarks/bench_trust.py)
    hotwords: str | None = None


def _open_speech_wav(path: Path) -> wave.Wave_read:
    wav = wave.open(str(path), "rb")
    if wav.getframerate() != SAMPLE_RATE or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
        wav.close()
        raise ValueError(f"{path}: expected 16 kHz mono 16-bit WAV")
    return wav


def audio_seconds(path: Path) -> float:
    """The length of the project's speech WAV, read from its header only."""
    with _open_speech_wav(path) as wav:
        return wav.getnframes() / SAMPLE_RATE


def load_audio(path: Path, start: float = 0.0, end: float | None = None) -> np.ndarray:
    """Read the project's normalised 16 kHz mono WAV as float32 samples, [start, end) s.

    Only the samples asked for are read, so a window of a long file costs the window.
    """
    with _open_speech_wav(path) as wav:
        first = min(wav.getnframes(), max(0, round(start * SAMPLE_RATE)))
        last = wav.getnframes() if end is None else min(wav.getnframes(),
                                                         round(end * SAMPLE_RATE))
        wav.setpos(first)
        frames = wav.readframes(max(0, last - first))
    return np.frombuffer(frames, dtype=np.int16).astype(np.float32) / 32768.0


def sentences(words: list[WordResult]) -> list[SegmentResult]:
    """Words cut into segments at each sentence end (. ? !), so a batched chunk of up to
    30 s reads as sentences, as the sequential decoder's segments did."""
    out: list[SegmentResult] = []
    piece: list[WordResult] = []
    for i, w in enumerate(words):
        piece.append(w)
        ends = w.text.endswith((".", "?", "!")) and not w.text.endswith("...")
        if ends or i == len(words) - 1:
            out.append(SegmentResult(piece[0].start, piece[-1].end,
                                     " ".join(x.text for x in piece), piece))
            piece = []
    return out


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

    @property
    def model(self):
        """The loaded faster-whisper model, for decoding a short stretch again (repair)."""
        return self._model

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
        if options.vad and BATCH_SIZE > 1:
            # Speech chunks (from the VAD) decoded BATCH_SIZE at a time: 2.1x faster on a
            # 2-core CPU at a lower WER on the held-out set (benchmarks/bench_batched.py:
            # 12.0 s -> 5.6 s for 106 s, WER 0.148 -> 0.124), and no chunk is conditioned
            # on another's text, so one misheard passage cannot start a loop.
            from faster_whisper import BatchedInferencePipeline

            segments_iter, info = BatchedInferencePipeline(model=self._model).transcribe(
                audio, language=options.language,
                initial_prompt=options.initial_prompt or None,
                hotwords=options.hotwords or None, vad_filter=True, word_timestamps=True,
                beam_size=options.beam_size, batch_size=BATCH_SIZE)
        else:
            segments_iter, info = self._model.transcribe(
                audio,
                language=options.language,
                initial_prompt=options.initial_prompt or None,
                hotwords=options.hotwords or None,
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
            for result in sentences(words):
                segments.append(result)
                if on_segment is not None:
                    on_segment(result, language)
        duration = offset + len(audio) / SAMPLE_RATE
        return TranscriptResult(language, duration, segments)

    def transcribe_file(
        self,
        path: Path,
        options: TranscribeOptions = TranscribeOptions(),
        offset: float = 0.0,
        on_segment: Callable[[SegmentResult, str], None] | None = None,
        window: float = WINDOW_SECONDS,
    ) -> TranscriptResult:
        """Transcribe the speech WAV at `path` from `offset` s on, one window at a time.

        The boundary rule (the same as resuming a killed run): a window [s, s + window) is
        transcribed, and of its segments only those ending at least WINDOW_GUARD_SECONDS
        before the cut are kept, in order, up to the first that does not; the next window
        starts where the last kept segment ends. A sentence or word that runs across the
        cut is therefore never kept half: it falls in a dropped segment and is heard again,
        whole, at the start of the next window, and nothing before the restart point is
        ever transcribed twice, so no word is cut, lost or duplicated. The last window keeps
        everything. A window that keeps nothing restarts just before its first dropped
        segment; only a segment that starts at the window's start and still runs into the
        guard band (possible only with a window hardly longer than a Whisper segment, at
        most 30 s) is kept as it is, so that every window moves on. A window with no speech
        restarts just before its guard band. The language detected in the first window is
        used for the rest, so one file is not transcribed in two languages.
        """
        window = max(float(window), MIN_WINDOW_SECONDS)
        total = audio_seconds(path)
        start, language, kept = offset, options.language, []
        while total - start >= 0.5:
            end = min(total, start + window)
            last = end >= total
            audio = load_audio(path, start, end)
            accepted: list[SegmentResult] = []
            found_language = ""

            def collect(seg: SegmentResult, lang: str, last: bool = last, end: float = end,
                        accepted: list[SegmentResult] = accepted) -> None:
                nonlocal found_language
                found_language = lang
                if not last and seg.end > end - WINDOW_GUARD_SECONDS:
                    raise _WindowFull(seg)
                accepted.append(seg)
                if on_segment is not None:
                    on_segment(seg, lang)

            step = TranscribeOptions(language, options.initial_prompt, options.vad,
                                     options.beam_size, options.max_speakers,
                                     options.hotwords)
            dropped: SegmentResult | None = None  # the segment that ran over the window's end
            try:
                result = self.transcribe(audio, step, offset=start, on_segment=collect)
                found_language = result.language
            except _WindowFull as full:
                dropped = full.segment
            del audio
            language = language or found_language or None
            if not last and not accepted and dropped is not None and (
                    dropped.start < start + WINDOW_GUARD_SECONDS):
                accepted.append(dropped)  # as long as the window: keep it, to move on
                if on_segment is not None:
                    on_segment(dropped, found_language)
                dropped = None
            kept.extend(accepted)
            if last:
                break
            if accepted:  # restart where the last kept segment ends (as a resume does)
                start = accepted[-1].end
            elif dropped is not None:  # just before the speech that ran over the cut
                start = max(start + 1.0, dropped.start - WINDOW_GUARD_SECONDS / 2)
            else:  # no speech: on to just before the guard band
                start = max(start + 1.0, end - WINDOW_GUARD_SECONDS)
        return TranscriptResult(language or "", max(total, offset), kept)


class _WindowFull(Exception):
    """Raised from on_segment to stop decoding a window at its first unsafe segment."""

    def __init__(self, segment: SegmentResult) -> None:
        super().__init__("window full")
        self.segment = segment
