"""Whisper in a separate process, talking back through typed messages.

Heavy native inference runs in a `spawn`ed child so the caller (CLI or GUI) stays
responsive, can kill it outright on cancel, and survives a crash inside CTranslate2. The
child sends dataclass messages over a pipe; nothing is parsed from strings.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ebcd_app.basics.errors import Cancelled, EbcdError
from ebcd_app.basics.progress import CancelToken
from ebcd_app.media.child import die_with_parent, tie_to_us
from ebcd_app.speech.engine import (
    WINDOW_SECONDS,
    SegmentResult,
    TranscribeOptions,
    WhisperEngine,
    audio_seconds,
)


@dataclass(frozen=True)
class ModelLoaded:
    device: str
    compute_type: str


@dataclass(frozen=True)
class SegmentDone:
    segment: SegmentResult
    language: str


@dataclass(frozen=True)
class Repaired:
    """The whole transcript after loops and lost speech were decoded again (it replaces
    every segment sent so far), and the speech still without words."""

    segments: list[SegmentResult]
    gaps: list[tuple[float, float]]
    loops_fixed: int
    gaps_filled: int
    voices: list[int] | None = None  # one per segment when voices were told apart


@dataclass(frozen=True)
class Finished:
    language: str
    duration: float


@dataclass(frozen=True)
class Failed:
    message: str
    details: str = ""


Message = ModelLoaded | SegmentDone | Repaired | Finished | Failed
POLL_SECONDS = 0.1
REAP_SECONDS = 5.0  # how long to wait for a dead child's exit status


class WorkerDied(EbcdError):
    """The Whisper process ended without a word (killed, out of memory, crashed natively).

    Not the audio's fault and not permanent: the caller keeps what was checkpointed so
    the next run carries on. `reason` reads "killed by signal 9" or "exit code 3".
    """

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(message or f"the transcription process stopped unexpectedly ({reason})")
        self.reason = reason


def _died(proc: mp.process.BaseProcess) -> WorkerDied:
    proc.join(timeout=REAP_SECONDS)  # an EOF can come before the exit status is known
    code = proc.exitcode
    if code is None:
        return WorkerDied("it stopped answering")
    if code < 0:
        return WorkerDied(f"killed by signal {-code}")
    return WorkerDied(f"exit code {code}")


def _private_locks() -> None:
    """tqdm (faster-whisper's progress bar, even a disabled one) makes a multiprocessing
    lock: a named semaphore that the resource tracker reports on the user's terminal as
    "leaked" when this child is killed. A thread lock does here."""
    with contextlib.suppress(ImportError):
        from tqdm import tqdm

        tqdm.set_lock(threading.RLock())


def _window_seconds() -> float:
    """EBCD_WHISPER_WINDOW (seconds) overrides the engine's window, for tests and
    benchmarks that show a window boundary on a short file; anything else is ignored."""

    try:
        return float(os.environ.get("EBCD_WHISPER_WINDOW", "") or WINDOW_SECONDS)
    except ValueError:
        return WINDOW_SECONDS


def _child_main(conn: Connection, model_dir: str, wav_path: str, options: TranscribeOptions,
                offset: float, cpu_threads: int, parent_pid: int = 0,
                earlier: list[SegmentResult] | None = None) -> None:
    """Entry point of the child process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    die_with_parent(parent_pid)  # no orphan Whisper burning the CPU after a kill -9
    _private_locks()
    try:

        engine = WhisperEngine(Path(model_dir), cpu_threads=cpu_threads)
        conn.send(ModelLoaded(engine.device, engine.compute_type))
        # a window at a time (engine.transcribe_file): memory does not grow with the length
        result = engine.transcribe_file(
            Path(wav_path), options, offset=offset, window=_window_seconds(),
            on_segment=lambda seg, lang: conn.send(SegmentDone(seg, lang)))
        language = result.language or options.language or ""
        if earlier is not None:  # nothing said is lost: loops and gaps decoded again
            from ebcd_app.speech.repair import repair

            mended = repair(engine, Path(wav_path), [*earlier, *result.segments],
                            language=language or None)
            segments, voices = mended.segments, None
            if options.max_speakers > 1 and segments:
                segments, voices = _tell_voices_apart(Path(wav_path), segments,
                                                      options.max_speakers)
            conn.send(Repaired(segments, [(g.start, g.end) for g in mended.gaps],
                               mended.loops_fixed, mended.gaps_filled, voices))
        conn.send(Finished(language, max(offset, audio_seconds(Path(wav_path)))))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(Failed(f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        conn.close()


def _tell_voices_apart(wav: Path, segments: list[SegmentResult], max_speakers: int
                       ) -> tuple[list[SegmentResult], list[int]]:
    """Each word's voice (speech/diarize.py), and the segments split where it changes."""
    from ebcd_app.speech.diarize import assign_speakers
    from ebcd_app.speech.turns import split_by_voice

    words = [(w.start, w.end) for seg in segments for w in seg.words]
    return split_by_voice(segments, assign_speakers(wav, words, max_speakers=max_speakers))


def run_in_process(model_dir: Path, wav_path: Path, options: TranscribeOptions, *,
                   offset: float = 0.0, on_message: Callable[[Message], None],
                   cancel: CancelToken | None = None, cpu_threads: int = 0,
                   earlier: list[SegmentResult] | None = None) -> Finished:
    """Run one transcription in a child process; return its Finished message.

    Raises Cancelled (child killed) when the token is set or on KeyboardInterrupt,
    WorkerDied when the child ends without a word (signal, native crash), and EbcdError
    when it reports a failure (unreadable audio and the like). With `earlier` (the
    segments before `offset`, [] from the start) the child also repairs the whole
    transcript and sends Repaired before Finished.
    """
    ctx = mp.get_context("spawn")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, name="ebcd-whisper", daemon=True,
                       args=(child_conn, str(model_dir), str(wav_path), options, offset,
                             cpu_threads, os.getpid(), earlier))
    proc.start()
    if proc.pid is not None:  # it has one once started
        tie_to_us(proc.pid)  # Windows: ends with us (Linux: the child asked the kernel)
    child_conn.close()
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                raise Cancelled("transcription cancelled; no partial transcript was kept")
            if parent_conn.poll(POLL_SECONDS):
                try:
                    msg = parent_conn.recv()
                except EOFError:
                    msg = None
                if isinstance(msg, Finished):
                    proc.join(timeout=10)  # let it exit cleanly (no leaked semaphores)
                    return msg
                if isinstance(msg, Failed):
                    raise EbcdError(f"transcription failed: {msg.message}")
                if msg is None:
                    raise _died(proc)
                on_message(msg)
            elif not proc.is_alive() and not parent_conn.poll():
                raise _died(proc)
    except KeyboardInterrupt:
        raise Cancelled("transcription cancelled; no partial transcript was kept") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=10)
        parent_conn.close()
