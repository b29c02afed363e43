"""One way to run service calls off the GUI thread.

`OperationRunner.run(fn, success=...)` runs `fn` on a single worker thread, so database
writes never race and always happen in the order the user made them (Anki's CollectionOp
with its one-worker executor). Every result is also broadcast on `operation_executed`, so
views refresh from one signal instead of calling each other.

`JobManager` runs long work (import, transcription) on its own thread with plain
ProgressUpdate/CancelToken objects from the core, adapted here to Qt signals.
"""

from __future__ import annotations

import itertools
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ebcd_app.core.errors import Cancelled, EbcdError
from ebcd_app.jobs.eta import timing_text
from ebcd_app.jobs.progress import CancelToken, ProgressUpdate


def describe(exc: BaseException) -> str:
    """What the user reads: our own message, or the exception's type and text."""
    if isinstance(exc, EbcdError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class _Relay(QObject):
    """Lives in the GUI thread; worker threads emit, slots run in the GUI thread."""

    done = Signal(object, object)  # (callback, result)
    failed = Signal(object, object)  # (callback, exception)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, success: Callable | None,
                 failure: Callable | None) -> None:
        super().__init__()
        self.fn, self.relay, self.success, self.failure = fn, relay, success, failure

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            if not isinstance(exc, EbcdError):
                traceback.print_exc()
            self.relay.failed.emit(self.failure, exc)
        else:
            self.relay.done.emit(self.success, result)


class OperationRunner(QObject):
    """Runs quick service calls one at a time in order; reports results in the GUI thread."""

    operation_executed = Signal(object)  # whatever the service returned (what changed)
    operation_failed = Signal(str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._pending = 0

    def run(self, fn: Callable[[], Any], *, success: Callable[[Any], None] | None = None,
            failure: Callable[[BaseException], None] | None = None) -> None:
        self._pending += 1
        self.pool.start(_Task(fn, self._relay, success, failure))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(object, object)
    def _on_done(self, callback: Callable | None, result: object) -> None:
        self._pending -= 1
        if callback is not None:
            callback(result)
        self.operation_executed.emit(result)
        if not self._pending:
            self.idle.emit()

    @Slot(object, object)
    def _on_failed(self, callback: Callable | None, exc: BaseException) -> None:
        self._pending -= 1
        if callback is not None:
            callback(exc)
        else:
            self.operation_failed.emit(describe(exc))
        if not self._pending:
            self.idle.emit()


@dataclass
class JobItem:
    """A long task as the jobs panel shows it."""

    id: int
    title: str
    fn: Callable[[Callable[[ProgressUpdate], None], CancelToken], Any]
    token: CancelToken = field(default_factory=CancelToken)
    fraction: float = 0.0
    state: str = "queued"  # queued | running | done | failed | cancelled
    message: str = ""
    on_done: Callable[[Any], None] | None = None
    started_at: float | None = None  # time.monotonic() when it began running
    finished_at: float | None = None

    def elapsed(self) -> float:
        """Seconds it has run (0 while queued); frozen once it finished."""
        if self.started_at is None:
            return 0.0
        return (self.finished_at or time.monotonic()) - self.started_at

    def timing(self) -> str:
        """Elapsed and time left in words, for the jobs panel."""
        if self.started_at is None:
            return ""
        return timing_text(self.elapsed(), self.fraction,
                           finished=self.finished_at is not None)


class _JobTask(QRunnable):
    def __init__(self, job: JobItem, manager: JobManager) -> None:
        super().__init__()
        self.job, self.manager = job, manager

    def run(self) -> None:
        job, relay = self.job, self.manager._relay
        if job.token.cancelled:
            relay.finished.emit(job.id, "cancelled", "cancelled before it started", None)
            return
        relay.started.emit(job.id)
        try:
            result = job.fn(lambda u: relay.progress.emit(job.id, u), job.token)
        except Cancelled as exc:
            relay.finished.emit(job.id, "cancelled", str(exc), None)
        except BaseException as exc:  # noqa: BLE001 - shown in the jobs panel
            if not isinstance(exc, EbcdError):
                traceback.print_exc()
            relay.finished.emit(job.id, "failed", describe(exc), None)
        else:
            relay.finished.emit(job.id, "done", "", result)


class _JobRelay(QObject):
    started = Signal(int)
    progress = Signal(int, object)
    finished = Signal(int, str, str, object)


class JobManager(QObject):
    """Long work, one job at a time, with progress, cancel and errors kept for the panel."""

    job_changed = Signal(object)  # JobItem
    job_finished = Signal(object, object)  # JobItem, result

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self.jobs: dict[int, JobItem] = {}
        self._relay = _JobRelay(self)
        self._relay.started.connect(self._on_started)
        self._relay.progress.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)

    def submit(self, title: str, fn: Callable[[Callable[[ProgressUpdate], None], CancelToken],
                                              Any],
               on_done: Callable[[Any], None] | None = None) -> JobItem:
        job = JobItem(next(self._ids), title, fn, on_done=on_done)
        self.jobs[job.id] = job
        self.job_changed.emit(job)
        self.pool.start(_JobTask(job, self))
        return job

    def active(self) -> list[JobItem]:
        return [j for j in self.jobs.values() if j.state in ("queued", "running")]

    def cancel(self, job_id: int) -> None:
        job = self.jobs.get(job_id)
        if job is not None and job.state in ("queued", "running"):
            job.token.cancel()
            job.message = "cancelling..."
            self.job_changed.emit(job)

    def cancel_all(self) -> None:
        for job in self.active():
            self.cancel(job.id)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(int)
    def _on_started(self, job_id: int) -> None:
        job = self.jobs[job_id]
        job.state = "running"
        job.started_at = time.monotonic()
        self.job_changed.emit(job)

    @Slot(int, object)
    def _on_progress(self, job_id: int, update: ProgressUpdate) -> None:
        job = self.jobs[job_id]
        job.fraction, job.message = update.fraction, update.label
        self.job_changed.emit(job)

    @Slot(int, str, str, object)
    def _on_finished(self, job_id: int, state: str, message: str, result: object) -> None:
        job = self.jobs[job_id]
        job.state, job.message = state, message
        job.finished_at = time.monotonic()
        if state == "done":
            job.fraction = 1.0
        self.job_changed.emit(job)
        if state == "done" and job.on_done is not None:
            job.on_done(result)
        self.job_finished.emit(job, result)
