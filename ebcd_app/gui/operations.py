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

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from ebcd_app.basics import crashlog
from ebcd_app.basics.errors import Cancelled, EbcdError
from ebcd_app.basics.eta import timing_text
from ebcd_app.basics.progress import CancelToken, ProgressUpdate
from ebcd_app.domain.enums import JobState
from ebcd_app.gui.failure_dialog import failure_texts

ACTIVE = (JobState.QUEUED, JobState.RUNNING)  # a job in these states can still be cancelled


def job_doing(title: str) -> str:
    """'Import a.mp3' -> 'import a.mp3', for "Could not import a.mp3: …"."""
    return title[:1].lower() + title[1:]


class _Relay(QObject):
    """Lives in the GUI thread; worker threads emit, slots run in the GUI thread."""

    done = Signal(object, object)  # (callback, result)
    failed = Signal(object, object, str)  # (callback, exception, what was being done)


@dataclass(frozen=True)
class _Quiet:
    """A read's result on its way to the GUI thread: for its caller, not for every view."""

    value: Any


class _Task(QRunnable):
    broadcast = True

    def __init__(self, fn: Callable[[], Any], relay: _Relay, success: Callable | None,
                 failure: Callable | None, doing: str) -> None:
        super().__init__()
        self.fn, self.relay, self.success, self.failure = fn, relay, success, failure
        self.doing = doing

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            if not isinstance(exc, EbcdError):
                traceback.print_exc()
            self.relay.failed.emit(self.failure, exc, self.doing)
        else:
            self.relay.done.emit(self.success, result if self.broadcast else _Quiet(result))


class OperationRunner(QObject):
    """Runs quick service calls one at a time in order; reports results in the GUI thread."""

    operation_executed = Signal(object)  # whatever the service returned (what changed)
    operation_failed = Signal(str, str)  # message in plain words, details (traceback) or ""
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
            failure: Callable[[BaseException], None] | None = None, doing: str = "",
            broadcast: bool = True) -> None:
        """Run `fn` on the worker. `doing` names the action for a failure message ("add
        the participant" -> "Could not add the participant: …"). A read passes
        `broadcast=False`: its result goes to `success` only, not to every view."""
        self._pending += 1
        task = _Task(fn, self._relay, success, failure, doing)
        task.broadcast = broadcast
        self.pool.start(task)

    def report(self, doing: str, exc: BaseException) -> None:
        """Tell the user that `doing` failed: one plain message, details logged."""
        self.operation_failed.emit(*failure_texts(doing, exc))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(object, object)
    def _on_done(self, callback: Callable | None, result: object) -> None:
        self._pending -= 1
        quiet = isinstance(result, _Quiet)
        if quiet:
            result = result.value  # type: ignore[union-attr]
        if callback is not None:
            callback(result)
        if not quiet:
            self.operation_executed.emit(result)
        if not self._pending:
            self.idle.emit()

    @Slot(object, object, str)
    def _on_failed(self, callback: Callable | None, exc: BaseException, doing: str) -> None:
        self._pending -= 1
        try:
            if callback is not None:
                callback(exc)
            else:
                self.report(doing, exc)
        finally:
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
    state: JobState = JobState.QUEUED  # then RUNNING, and DONE, FAILED or CANCELLED
    message: str = ""
    on_done: Callable[[Any], None] | None = None
    park: Callable[[], None] | None = None  # stopped before it began: keep it for next time
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
            if job.token.resume_later and job.park is not None:
                try:
                    job.park()
                except Exception as exc:  # noqa: BLE001 - reported like any failure
                    relay.finished.emit(job.id, JobState.FAILED, "", exc)
                    return
            relay.finished.emit(job.id, JobState.CANCELLED, "cancelled before it started",
                                None)
            return
        relay.started.emit(job.id)
        try:
            result = job.fn(lambda u: relay.progress.emit(job.id, u), job.token)
        except Cancelled as exc:
            relay.finished.emit(job.id, JobState.CANCELLED, str(exc), None)
        except BaseException as exc:  # noqa: BLE001 - shown in the jobs panel
            if not isinstance(exc, EbcdError):
                traceback.print_exc()
            relay.finished.emit(job.id, JobState.FAILED, "", exc)
        else:
            relay.finished.emit(job.id, JobState.DONE, "", result)


class _JobRelay(QObject):
    started = Signal(int)
    progress = Signal(int, object)
    finished = Signal(int, object, str, object)  # job id, JobState, message, result


class JobManager(QObject):
    """Long work, one job at a time, with progress, cancel and errors kept for the panel."""

    job_changed = Signal(object)  # JobItem
    job_finished = Signal(object, object)  # JobItem, result
    job_failed = Signal(object, str, str)  # JobItem, message in plain words, details or ""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self.jobs: dict[int, JobItem] = {}
        self.stopping = False  # the project is closing: finished jobs start no follow-ups
        self._relay = _JobRelay(self)
        self._relay.started.connect(self._on_started)
        self._relay.progress.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)

    def submit(self, title: str, fn: Callable[[Callable[[ProgressUpdate], None], CancelToken],
                                              Any],
               on_done: Callable[[Any], None] | None = None,
               park: Callable[[], None] | None = None) -> JobItem:
        """Queue `fn`. `park` runs instead when the job is stopped for later (the project
        is closing) before it began, so it can be picked up when the project opens again."""
        job = JobItem(next(self._ids), title, fn, on_done=on_done, park=park)
        self.jobs[job.id] = job
        self.job_changed.emit(job)
        self.pool.start(_JobTask(job, self))
        return job

    def active(self) -> list[JobItem]:
        return [j for j in self.jobs.values() if j.state in ACTIVE]

    def cancel(self, job_id: int) -> None:
        job = self.jobs.get(job_id)
        if job is not None and job.state in ACTIVE:
            job.token.cancel()
            job.message = "cancelling..."
            self.job_changed.emit(job)

    def cancel_all(self) -> None:
        for job in self.active():
            self.cancel(job.id)

    def stop_all_for_later(self) -> None:
        """The project is closing: stop every job so that what can resume next time does."""
        self.stopping = True
        for job in self.active():
            job.token.cancel(resume_later=True)
            job.message = "stopping..."
            self.job_changed.emit(job)

    def resume(self) -> None:
        """A project is open again: finished jobs may start their follow-ups."""
        self.stopping = False

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for the worker, then take in what it reported meanwhile, so no job still
        looks "running" to the caller (its reports are queued for this thread)."""
        finished = self.pool.waitForDone(msecs)
        QCoreApplication.sendPostedEvents(self)
        return finished

    @Slot(int)
    def _on_started(self, job_id: int) -> None:
        job = self.jobs[job_id]
        job.state = JobState.RUNNING
        job.started_at = time.monotonic()
        self.job_changed.emit(job)

    @Slot(int, object)
    def _on_progress(self, job_id: int, update: ProgressUpdate) -> None:
        job = self.jobs[job_id]
        job.fraction, job.message = update.fraction, update.label
        self.job_changed.emit(job)

    @Slot(int, object, str, object)
    def _on_finished(self, job_id: int, state: JobState, message: str, result: object) -> None:
        job = self.jobs[job_id]
        details = ""
        if state == JobState.FAILED and isinstance(result, BaseException):
            message, details = failure_texts(job_doing(job.title), result)
            job.message = crashlog.reason(result)
            result = None
        else:
            job.message = message
        job.state = state
        job.finished_at = time.monotonic()
        if state == JobState.DONE:
            job.fraction = 1.0
        self.job_changed.emit(job)
        if state == JobState.DONE and job.on_done is not None and not self.stopping:
            try:
                job.on_done(result)
            except Exception as exc:  # noqa: BLE001 - a follow-up that failed is reported
                traceback.print_exc()
                self.job_failed.emit(job, *failure_texts(job_doing(job.title), exc))
        if state == JobState.FAILED:
            self.job_failed.emit(job, message, details)
        self.job_finished.emit(job, result)
