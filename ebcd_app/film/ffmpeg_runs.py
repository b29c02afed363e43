"""Running the film render's ffmpeg commands: progress read from `-progress`, cancel
honoured in the caller's thread, the last meaningful stderr line as the error, and the
segments two at a time.

Kept apart from render.py, which decides what the commands are; this module only runs
them, so either can change without the other.
"""

from __future__ import annotations

import queue
import subprocess
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import IO

from ebcd_app.basics.errors import Cancelled, MediaError
from ebcd_app.basics.progress import CancelToken, ProgressSink, ProgressUpdate
from ebcd_app.domain.film_plan import FilmPlan
from ebcd_app.media import child

SEGMENTS_SHARE = 0.95  # of the progress bar; the join (a copy and the audio) is quick
PARALLEL_SEGMENTS = 2  # segment renders at once; memory is about 230 MB each
_GENERIC_ERRORS = ("Conversion failed!", "Exiting normally", "Error opening output files")


def _read_progress(stream: IO[bytes], events: queue.Queue[float | None]) -> None:
    """Pass on the output time of each `-progress` block (seconds), then None at the end."""
    at = 0.0
    for raw in stream:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        if key in ("out_time_us", "out_time_ms") and value.lstrip("-").isdigit():
            # both are microseconds (an old ffmpeg quirk); negative before the first frame
            at = max(0.0, int(value) / 1e6)
        elif key == "progress":
            events.put(at)
    events.put(None)


def _read_tail(stream: IO[bytes], tail: deque[str]) -> None:
    for raw in stream:
        line = raw.decode("utf-8", "replace").strip()
        if line and not line.startswith(_GENERIC_ERRORS):
            tail.append(line)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run(cmd: list[str], plan: FilmPlan, progress: ProgressSink,
        cancel: CancelToken | None,
        fraction: Callable[[float], float] | None = None) -> None:
    """Run ffmpeg, reporting progress here (the caller's thread) and honouring cancel.

    `fraction` turns this run's output seconds into the render's fraction done (by
    default: of the whole film's duration).
    """
    fraction = fraction or (lambda seconds: seconds / max(float(plan.duration), 1e-6))
    proc = child.popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)  # dies with us, even on kill -9
    events: queue.Queue[float | None] = queue.Queue()
    tail: deque[str] = deque(maxlen=20)
    readers = [threading.Thread(target=_read_progress, args=(proc.stdout, events), daemon=True),
               threading.Thread(target=_read_tail, args=(proc.stderr, tail), daemon=True)]
    for reader in readers:
        reader.start()
    label = f"Rendering {plan.title}"
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                _stop(proc)
                cancel.raise_if_cancelled()
            try:
                seconds = events.get(timeout=0.1)
            except queue.Empty:
                continue
            if seconds is None:
                break
            progress(ProgressUpdate(label, min(1.0, max(0.0, fraction(seconds)))))
        code = proc.wait()
    except BaseException:
        if proc.poll() is None:
            _stop(proc)
        raise
    for reader in readers:
        reader.join(timeout=5)
    if code != 0:
        reason = tail[-1] if tail else f"ffmpeg exited with status {code}"
        raise MediaError(f"rendering the film '{plan.title}' failed: {reason}")



def run_segments(plan: FilmPlan, frames_each: list[int], commands: list[list[str]],
                 progress: ProgressSink, cancel: CancelToken | None, label: str) -> None:
    """Run the segment commands, PARALLEL_SEGMENTS at a time, reporting progress and
    honouring cancel in the caller's thread; the first failure (in film order) is raised.

    Why in parallel: one segment's ffmpeg leaves a core idle much of the time (the
    filters run on one thread); two at once keep a 2-core laptop busy, at the memory of
    two clips, still bounded whatever the clip count.
    """
    total = max(float(sum(frames_each)), 1.0)
    stop = CancelToken()  # set on the user's cancel or on any failure: stops the others
    done = [0.0] * len(frames_each)  # frames done, per segment
    updates: queue.Queue[tuple[int, float]] = queue.Queue()

    def one(n: int) -> None:
        if stop.cancelled:
            return
        frames = max(frames_each[n], 1)

        def sink(update: ProgressUpdate) -> None:
            updates.put((n, update.fraction * frames))

        run(commands[n], plan, sink, stop, lambda seconds: seconds * plan.fps / frames)
        updates.put((n, float(frames)))

    with ThreadPoolExecutor(PARALLEL_SEGMENTS, thread_name_prefix="ebcd-film") as pool:
        futures = [pool.submit(one, n) for n in range(len(frames_each))]
        reported = -1.0
        while True:
            finished = all(f.done() for f in futures)
            try:
                while True:
                    n, frames = updates.get(timeout=0.1 if not finished else 0)
                    done[n] = max(done[n], frames)
            except queue.Empty:
                pass
            fraction = SEGMENTS_SHARE * sum(done) / total
            if fraction > reported:
                progress(ProgressUpdate(label, fraction))
                reported = fraction
            if (cancel is not None and cancel.cancelled) or any(
                    f.done() and f.exception() is not None for f in futures):
                stop.cancel()
            if finished:
                break
    if cancel is not None:
        cancel.raise_if_cancelled()
    for future in futures:
        error = future.exception()
        if error is not None and not isinstance(error, Cancelled):
            raise error
