"""The jobs panel: every long task with its progress, a cancel button, and errors kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.gui.operations import JobItem, JobManager
from ebcd_app.gui.style import DANGER, TEXT_MUTED


class _JobRow(QWidget):
    def __init__(self, job: JobItem, manager: JobManager) -> None:
        super().__init__()
        self.title = QLabel(job.title)
        self.title.setMinimumWidth(220)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(220)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(lambda: manager.cancel(job.id))
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.title)
        row.addWidget(self.bar)
        row.addWidget(self.status, 1)
        row.addWidget(self.cancel)
        self.update_from(job)

    def update_from(self, job: JobItem) -> None:
        self.bar.setValue(int(job.fraction * 1000))
        self.bar.setFormat(f"{job.fraction:.0%}")
        active = job.state in ("queued", "running")
        self.cancel.setVisible(active)
        color = DANGER if job.state == "failed" else TEXT_MUTED
        text = {"queued": "waiting", "done": "done", "cancelled": "cancelled",
                "failed": "failed"}.get(job.state, job.message)
        if job.state in ("failed", "cancelled") and job.message:
            text = f"{text}: {job.message}"
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};")


class JobsPanel(QWidget):
    def __init__(self, manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.rows: dict[int, _JobRow] = {}
        self.empty = QLabel("No jobs yet. Imports and transcriptions appear here.")
        self.empty.setStyleSheet(f"color: {TEXT_MUTED}; padding: 6px;")
        inner = QWidget()
        self.list = QVBoxLayout(inner)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(0)
        self.list.addWidget(self.empty)
        self.list.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        manager.job_changed.connect(self.on_job)

    def on_job(self, job: JobItem) -> None:
        row = self.rows.get(job.id)
        if row is None:
            row = self.rows[job.id] = _JobRow(job, self.manager)
            self.list.insertWidget(0, row)
            self.empty.hide()
        row.update_from(job)
