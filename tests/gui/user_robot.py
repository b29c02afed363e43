"""A patient, cooperative user for GUI tests: answers every dialog, notices every fault.

`DialogAnswerer` polls for the modal dialog on top (a QMessageBox, a file chooser, a
QInputDialog, the app's own dialogs) and answers it as a user who says yes would: empty text
fields get text, a file chooser gets a fresh path under the test's folder, OK is clicked. It
records what each dialog said, and a dialog that shows a Python exception (a type name such
as AttributeError, a traceback, "object has no attribute") or the words of an internal fault
is a problem. `FaultCatcher` records exceptions that reach `sys.excepthook` (a slot that
raised). Together they let a test click every control and fail with the control's name.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

PYTHON_TEXT = re.compile(r"Traceback \(most recent|\b[A-Z][A-Za-z]*(Error|Exception)\b"
                         r"|has no attribute|NoneType|object is not|unexpected keyword"
                         r"|positional argument|not subscriptable|KeyError|IndexError")
FAULT_TEXT = "something went wrong inside EBCD Studio"
ACCEPTING = (QMessageBox.ButtonRole.YesRole, QMessageBox.ButtonRole.AcceptRole,
             QMessageBox.ButtonRole.DestructiveRole, QMessageBox.ButtonRole.ApplyRole)
MAX_ANSWERS_PER_DIALOG = 4  # a dialog that keeps refusing our answers is then cancelled


@dataclass
class DialogAnswerer:
    """Answers modal dialogs from a timer, so a click that opens one returns."""

    folder: Path
    doing: str = ""  # the control being used, for the report
    said: list[tuple[str, str, str]] = field(default_factory=list)  # (doing, title, text)
    problems: list[str] = field(default_factory=list)
    open_file: Path | None = None  # what to choose in an "open a file" dialog

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._names = count(1)
        self._answers: dict[int, int] = {}
        self._kept: list[QWidget] = []
        self.timer = QTimer()
        self.timer.setInterval(25)
        self.timer.timeout.connect(self.answer)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _text(self, w: QWidget) -> str:
        parts = [w.windowTitle()]
        if isinstance(w, QMessageBox):
            parts += [w.text(), w.informativeText()]
        parts += [label.text() for label in w.findChildren(QLabel) if label.isVisible()]
        return "\n".join(p for p in parts if p)

    def answer(self) -> None:
        w = QApplication.activeModalWidget()
        if w is None or not shiboken6.isValid(w) or not w.isVisible():
            return
        n = self._answers.get(id(w), 0) + 1
        self._answers[id(w)] = n
        text = self._text(w)
        if n == 1:
            self._kept.append(w)  # held, so a later dialog never reuses its id() unseen
            self.said.append((self.doing, w.windowTitle(), text))
            if PYTHON_TEXT.search(text):
                self.problems.append(f"{self.doing}: a dialog shows Python: {text!r}")
            if FAULT_TEXT in text:
                self.problems.append(f"{self.doing}: an internal fault was reported: {text!r}")
        if n > MAX_ANSWERS_PER_DIALOG and isinstance(w, QDialog):
            w.reject()
            return
        if isinstance(w, QMessageBox):
            self._message_box(w)
        elif isinstance(w, QFileDialog):
            self._file_dialog(w)
        elif isinstance(w, QInputDialog):
            if not w.textValue().strip():
                w.setTextValue("Click test")
            w.accept()
        elif isinstance(w, QDialog):
            self._dialog(w)

    def _message_box(self, box: QMessageBox) -> None:
        for role in ACCEPTING:
            for button in box.buttons():
                if box.buttonRole(button) == role:
                    button.click()
                    return
        box.accept()

    def _file_dialog(self, dialog: QFileDialog) -> None:
        mode = dialog.fileMode()
        if mode == QFileDialog.FileMode.Directory:
            target = self.folder / f"folder-{next(self._names)}"
            target.mkdir()
            dialog.setDirectory(str(target))
            dialog.selectFile(str(target))
        elif dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            found = re.search(r"\*(\.[\w.]+)", dialog.selectedNameFilter())
            suffix = found.group(1) if found else ".out"
            dialog.selectFile(str(self.folder / f"output-{next(self._names)}{suffix}"))
        elif self.open_file is not None:
            dialog.selectFile(str(self.open_file))
        else:
            dialog.reject()
            return
        dialog.accept()

    def _dialog(self, dialog: QDialog) -> None:
        for edit in dialog.findChildren(QLineEdit):
            if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly() \
                    and not edit.text().strip():
                edit.setText("Click test")
        box = dialog.findChild(QDialogButtonBox)
        if box is not None:
            for kind in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Save,
                         QDialogButtonBox.StandardButton.Yes,
                         QDialogButtonBox.StandardButton.Close):
                button = box.button(kind)
                if button is not None and button.isEnabled():
                    button.click()
                    return
        dialog.accept()


class FaultCatcher:
    """Exceptions that reached sys.excepthook (raised in a slot or an event handler)."""

    def __init__(self, answerer: DialogAnswerer) -> None:
        self.answerer = answerer
        self.previous = sys.excepthook

    def __call__(self, kind, exc, tb) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        self.answerer.problems.append(f"{self.answerer.doing}: uncaught exception\n{text}")


@contextmanager
def cooperative_user(folder: Path) -> Iterator[DialogAnswerer]:
    """Answer dialogs and catch uncaught exceptions for the block; restore the hook after."""
    answerer = DialogAnswerer(folder)
    catcher = FaultCatcher(answerer)
    sys.excepthook = catcher
    answerer.start()
    try:
        yield answerer
    finally:
        answerer.stop()
        sys.excepthook = catcher.previous


def label_of(button: QAbstractButton) -> str:
    """How a person would name the control: its text, else its tooltip or object name."""
    return (button.text() or button.toolTip() or button.objectName()
            or type(button).__name__).replace("&", "")


def file_action(window, text: str):
    """The File menu's action with this text (as the menu shows it, without the &)."""
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == text)


def when_shown(kind: type, act) -> None:
    """Run `act(dialog)` as soon as a modal dialog of `kind` is up (what a person does)."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(50, look)
            return
        act(dialog)
    QTimer.singleShot(50, look)
