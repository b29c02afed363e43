"""The one way a failure reaches the user: plain words, Copy details, and a log file.

Used by the operation runner, the jobs manager and `sys.excepthook`, so an unexpected fault
anywhere in the GUI ends in the same readable dialog ("Could not add the participant: …")
instead of a Python exception's name, and the traceback is kept for whoever supports the
app. The dialog is window-modal but opened with `open()`, so it never blocks a worker's
callback or a test.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.basics import crashlog
from ebcd_app.basics.errors import EbcdError


class FailureDialog(QDialog):
    """What could not be done and why; the details one click away, never in the message."""

    def __init__(self, parent: QWidget | None, message: str, details: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("failureDialog")
        self.setWindowTitle("EBCD Studio")
        self.details = details
        self.text = QLabel(message)
        self.text.setObjectName("failureText")
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.copy_button: QPushButton | None = None
        self.details_view: QPlainTextEdit | None = None
        if details:
            where = crashlog.log_path()
            note = QLabel(f"Nothing you had saved has changed. The technical details are "
                          f"kept in {where}; Copy details puts them on the clipboard for "
                          "whoever supports EBCD Studio.")
            note.setWordWrap(True)
            note.setObjectName("failureNote")
            layout.addWidget(note)
            self.details_view = QPlainTextEdit(details)
            self.details_view.setReadOnly(True)
            self.details_view.setVisible(False)
            self.details_view.setMinimumHeight(160)
            layout.addWidget(self.details_view)
            show = buttons.addButton("Show details", QDialogButtonBox.ButtonRole.ActionRole)
            show.clicked.connect(self.toggle_details)
            self.copy_button = buttons.addButton("Copy details",
                                                 QDialogButtonBox.ButtonRole.ActionRole)
            self.copy_button.clicked.connect(self.copy_details)
        layout.addWidget(buttons)

    def toggle_details(self) -> None:
        """Show or hide the traceback, growing the dialog so it never hides under the
        buttons."""
        assert self.details_view is not None
        self.details_view.setVisible(not self.details_view.isVisible())
        self.adjustSize()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.text.text() + "\n\n" + self.details)
        if self.copy_button is not None:
            self.copy_button.setText("Copied")


def show_failure(parent: QWidget | None, message: str, details: str = "") -> FailureDialog:
    """Open the dialog (without blocking) and return it."""
    dialog = FailureDialog(parent, message, details)
    dialog.setModal(True)
    dialog.open()
    return dialog


def failure_texts(doing: str, exc: BaseException) -> tuple[str, str]:
    """(message, details) for an exception; details only for the program's own faults,
    which are also written to the log."""
    message = crashlog.message(doing, exc)
    if isinstance(exc, EbcdError):
        return message, ""
    crashlog.record(doing, exc)
    return message, crashlog.details(exc)


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook(parent: Callable[[], QWidget | None]) -> Hook:
    """Route uncaught exceptions (in slots, timers, event handlers) to the failure dialog.

    The previous hook still runs after ours (pytest-qt relies on it to fail a test); the
    returned value is that previous hook so a caller can restore it.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        message, details = failure_texts("finish what you asked", exc)
        if QApplication.instance() is not None:
            show_failure(parent(), message, details)
        previous(kind, exc, tb)

    sys.excepthook = hook
    return previous
