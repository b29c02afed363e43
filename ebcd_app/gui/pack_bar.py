"""The "Make pack…" bar shared by the event and co-design group pages.

A pack is a printed A4 document; making one reads the whole project (consent, redaction,
charts), so it runs as a job in the jobs panel, with progress and cancel. When it is done the
path stays on the page with an Open button, since the status bar message soon goes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.enums import JobState
from ebcd_app.gui.operations import JobItem, JobManager
from ebcd_app.gui.style import muted
from ebcd_app.store.db import ProjectStore


class PackBar(QWidget):
    """Who the pack is for, the button that makes it, and the last pack made."""

    status = Signal(str)
    made = Signal(object)  # ebcd_app.services.pack_making.PackResult

    def __init__(self, store: ProjectStore, jobs: JobManager, kind: str, audience: str, *,
                 button: str = "Make pack…",
                 group_id: Callable[[], int | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.jobs, self.kind = store, jobs, kind
        self.group_id = group_id or (lambda: None)
        self.last_path: Path | None = None
        self._job: JobItem | None = None
        jobs.job_finished.connect(self._finished)
        # called with the job to start, e.g. to save the agenda first: before(start)
        self.before: Callable[[Callable[[], None]], None] | None = None
        self.audience = QLabel(audience)
        self.audience.setWordWrap(True)
        muted(self.audience)
        self.button = QPushButton(button)
        self.button.setObjectName("primary")
        self.button.clicked.connect(lambda: self.make())
        self.result = QLabel()
        muted(self.result)
        self.result.setWordWrap(True)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open the pack in the PDF viewer")
        self.open_button.clicked.connect(self.open_last)
        self.open_button.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.audience, 1)
        top.addWidget(self.button)
        done = QHBoxLayout()
        done.setContentsMargins(0, 0, 0, 0)
        done.addWidget(self.result, 1)
        done.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(done)

    def make(self, path: Path | None = None) -> None:
        """Make the pack at `path`, asking where when none is given (tests pass one)."""
        from ebcd_app.services.pack_making import default_pack_name

        group_id = self.group_id()
        if self.kind == "group" and group_id is None:
            self.status.emit("Choose a co-design group first")
            return
        if path is None:
            suggested = Path.home() / default_pack_name(self.store, self.kind, group_id)
            name, _ = QFileDialog.getSaveFileName(self, "Make the pack", str(suggested),
                                                  "PDF document (*.pdf)")
            if not name:
                return
            path = Path(name)
        if self.before is not None:
            self.before(lambda: self._submit(path, group_id))
        else:
            self._submit(path, group_id)

    def _submit(self, path: Path, group_id: int | None) -> None:
        store, kind = self.store, self.kind

        def run(progress, token):
            from ebcd_app.services.pack_making import make_pack

            return make_pack(store, kind, path, group_id=group_id, progress=progress,
                             cancel=token)
        self.result.setText(f"Making {path.name}… (see the jobs panel)")
        self._job = self.jobs.submit(f"Make {path.name}", run, on_done=self._done)

    def _finished(self, job: JobItem, _result: object) -> None:
        if job is self._job and job.state in (JobState.FAILED, JobState.CANCELLED):
            self.result.setText(f"The pack was not made ({job.state.value}: {job.message})."
                                if job.message else f"The pack was not made ({job.state.value}).")

    def _done(self, result) -> None:
        self.last_path = Path(result.path)
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        withheld = (f"; {result.withheld} item{'s' if result.withheld != 1 else ''} left out "
                    "for consent" if result.withheld else "")
        self.result.setText(f"Made {self.last_path} ({pages}{withheld}).")
        self.result.setToolTip(str(self.last_path))
        self.open_button.show()
        self.made.emit(result)
        # after the window's own "job done" message, which would otherwise replace this
        QTimer.singleShot(0, self, lambda: self.status.emit(f"Pack saved: {self.last_path}"))

    def open_last(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))
