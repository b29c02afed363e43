"""The jobs panel: every long task with its progress, time left, a cancel button, errors kept.

On a laptop the page needs the height, so the panel is usually a one-line strip saying what
is running and how long it has left; it opens to the full list on request, and by itself
when a job fails, so the error is seen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.enums import JobState
from ebcd_app.gui.operations import ACTIVE, JobItem, JobManager
from ebcd_app.gui.style import muted, tone

ROWS_SHOWN = 4  # rows the expanded panel shows without scrolling
TICK_MS = 1000


def _state_text(job: JobItem) -> str:
    text = {JobState.QUEUED: "waiting", JobState.DONE: "done", JobState.CANCELLED: "cancelled",
            JobState.FAILED: "failed"}.get(job.state, job.message)
    if job.state in (JobState.FAILED, JobState.CANCELLED) and job.message:
        text = f"{text}: {job.message}"
    return text


def summary(jobs: list[JobItem]) -> str:
    """The strip's one line: what runs now and its time left, or how the last job ended."""
    if not jobs:
        return "No jobs"
    running = [j for j in jobs if j.state == JobState.RUNNING]
    waiting = sum(1 for j in jobs if j.state == JobState.QUEUED)
    if running or waiting:
        counts = ", ".join(p for p in (f"{len(running)} running" if running else "",
                                       f"{waiting} waiting" if waiting else "") if p)
        if not running:
            return f"Jobs: {counts}"
        job = running[0]
        timing = job.timing()
        return (f"Jobs: {counts} — {job.title} {job.fraction:.0%}"
                + (f", {timing}" if timing else ""))
    last = max(jobs, key=lambda j: (j.finished_at or 0.0, j.id))
    failed = sum(1 for j in jobs if j.state == JobState.FAILED)
    tail = f" ({failed} failed)" if failed and last.state != JobState.FAILED else ""
    timing = f", {last.timing()}" if last.state == JobState.DONE and last.timing() else ""
    return f"Jobs: none running — last: {last.title}, {_state_text(last)}{timing}{tail}"


class _OneLine(QLabel):
    """A label that shows its text on one line, shortened with … to the width it has."""

    def __init__(self) -> None:
        super().__init__()
        self.full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full(self, text: str) -> None:
        self.full = text
        self.setToolTip(text)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight,
                                                   max(40, self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


class _JobRow(QWidget):
    """One job: title, progress, what it is doing, elapsed and time left, Cancel.

    Fixed widths keep the columns of every row in line, so times can be compared at a
    glance."""

    def __init__(self, job: JobItem, manager: JobManager) -> None:
        super().__init__()
        self.job = job
        self.title = _OneLine()
        self.title.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.title.setFixedWidth(240)
        self.title.set_full(job.title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(160)
        self.status = muted(QLabel())
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.time = muted(QLabel())
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time.setMinimumWidth(self.time.fontMetrics().horizontalAdvance(
            "0:00:00 elapsed, about 0:00:00 left") + 8)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(lambda: manager.cancel(job.id))
        policy = self.cancel.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # finished rows keep the same height and columns
        self.cancel.setSizePolicy(policy)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.title)
        row.addWidget(self.bar)
        row.addWidget(self.status, 1)
        row.addWidget(self.time)
        row.addWidget(self.cancel)
        self.update_from(job)

    def update_from(self, job: JobItem) -> None:
        self.bar.setValue(int(job.fraction * 1000))
        self.bar.setFormat(f"{job.fraction:.0%}")
        self.cancel.setVisible(job.state in ACTIVE)
        self.status.setText(_state_text(job))
        self.status.setToolTip(_state_text(job))
        tone(self.status, "danger" if job.state == JobState.FAILED else "")
        self.tick()

    def tick(self) -> None:
        """Elapsed time moves every second, between the job's own progress reports too."""
        self.time.setText(self.job.timing())


class JobsPanel(QWidget):
    """The strip with the summary and the Show/Hide button, and the rows under it."""

    expanded_changed = Signal(bool)

    def __init__(self, manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.rows: dict[int, _JobRow] = {}
        self.line = _OneLine()
        self.toggle = QPushButton()
        self.toggle.clicked.connect(lambda: self.set_expanded(not self.expanded))
        strip = QWidget()
        strip.setObjectName("jobsStrip")
        strip.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        sh = QHBoxLayout(strip)
        sh.setContentsMargins(8, 2, 6, 2)
        sh.addWidget(self.line, 1)
        sh.addWidget(self.toggle)
        self.strip = strip

        self.empty = muted(QLabel("No jobs yet. Imports and transcriptions appear here."))
        self.empty.setMargin(6)
        inner = QWidget()
        self.list = QVBoxLayout(inner)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(0)
        self.list.addWidget(self.empty)
        self.list.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(inner)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setMinimumHeight(ROWS_SHOWN * self.row_height()
                                     + 2 * self.scroll.frameWidth())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(strip)
        layout.addWidget(self.scroll, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.expanded = True
        self.set_expanded(False)
        self._show_summary()
        manager.job_changed.connect(self.on_job)

    @staticmethod
    def row_height() -> int:
        """A job row's height: its Cancel button and the row's margins."""
        probe = QPushButton("Cancel")
        probe.ensurePolished()
        return probe.sizeHint().height() + 4

    def set_expanded(self, expanded: bool) -> None:
        """Open to the list of jobs, or fold to the one-line strip."""
        if expanded == self.expanded:
            return
        self.expanded = expanded
        self.scroll.setVisible(expanded)
        self.toggle.setText("Hide jobs ▾" if expanded else "Show jobs ▴")
        self.toggle.setToolTip("Fold the jobs to one line" if expanded
                               else "Show every job with its progress and time left")
        strip = self.strip.sizeHint().height()
        self.setMaximumHeight(16777215 if expanded else strip)
        self.expanded_changed.emit(expanded)

    def on_job(self, job: JobItem) -> None:
        row = self.rows.get(job.id)
        if row is None:
            row = self.rows[job.id] = _JobRow(job, self.manager)
            self.list.insertWidget(0, row)
            self.empty.hide()
        row.update_from(job)
        if job.state == JobState.FAILED:
            self.set_expanded(True)
            self.scroll.ensureWidgetVisible(row)
        if self.manager.active() and not self._timer.isActive():
            self._timer.start()
        self._show_summary()

    def _tick(self) -> None:
        for row in self.rows.values():
            if row.job.state == JobState.RUNNING:
                row.tick()
        if not self.manager.active():
            self._timer.stop()
        self._show_summary()

    def summary_text(self) -> str:
        """The strip's whole line (the label shows it shortened to fit)."""
        return self.line.full

    def _show_summary(self) -> None:
        self.line.set_full(summary(list(self.manager.jobs.values())))
