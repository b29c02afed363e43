"""Small editing widgets for pages that save as you go: each tells when an edit is finished.

The app has no Save buttons: a field is saved when the person leaves it. Line edits and spin
boxes already say so with `editingFinished`; these add the same signal to multi-line notes
and to a date that may be "not set", and give tables a spin box editor.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QToolButton,
    QWidget,
)

UNSET = QDate(2000, 1, 1)  # the minimum date, shown as "not set"


def to_qdate(day: date | None) -> QDate:
    return UNSET if day is None else QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date | None:
    return None if day == UNSET or not day.isValid() else date(day.year(), day.month(),
                                                              day.day())


def show_day(day: date | None, empty: str = "—") -> str:
    """A date as facilitators write it ("3 Feb 2026")."""
    return f"{day.day} {day:%b %Y}" if day is not None else empty


class NotesEdit(QPlainTextEdit):
    """Multi-line notes that report `editingFinished` when focus leaves after a change."""

    editingFinished = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self._saved = ""

    def set_text(self, text: str) -> None:
        """Show stored text (not an edit); keeps what the person is typing if focused."""
        self._saved = text
        if not self.hasFocus() and self.toPlainText() != text:
            self.setPlainText(text)

    def text(self) -> str:
        return self.toPlainText()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._saved:
            self._saved = self.toPlainText()
            self.editingFinished.emit()


class OptionalDateEdit(QWidget):
    """A date with a calendar that may also be "not set", and a button to clear it.

    `edited` is emitted once the person has finished choosing (typed and left the field,
    picked a day in the calendar, or cleared it), not on every keystroke.
    """

    edited = Signal()

    def __init__(self, clearable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setMinimumDate(UNSET)
        self.edit.setSpecialValueText("not set")
        self.edit.setDate(UNSET)
        self.edit.setMinimumWidth(130)
        self.edit.editingFinished.connect(self.edited)
        self.edit.calendarWidget().clicked.connect(lambda _d: self.edited.emit())
        self.edit.calendarWidget().installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Set back to “not set”")
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setVisible(clearable)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An unset date opens the calendar at this month, not January 2000."""
        if event.type() == QEvent.Type.Show and self.edit.date() == UNSET:
            today = QDate.currentDate()
            self.edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def value(self) -> date | None:
        return from_qdate(self.edit.date())

    def set_value(self, day: date | None) -> None:
        if not self.edit.hasFocus():
            self.edit.blockSignals(True)
            self.edit.setDate(to_qdate(day))
            self.edit.blockSignals(False)

    def clear(self) -> None:
        self.edit.setDate(UNSET)
        self.edited.emit()


class SpinDelegate(QStyledItemDelegate):
    """A whole-number editor for a table column; with `blank`, the lowest value means
    "none" and is stored as an empty cell (e.g. dots not yet counted)."""

    def __init__(self, low: int, high: int, *, blank: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.low, self.high, self.blank = low, high, blank

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(self.low - 1 if self.blank else self.low, self.high)
        if self.blank:
            spin.setSpecialValueText(self.blank)
        spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return spin

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        text = str(index.data() or "").strip()
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(text) if text.isdigit() else editor.minimum())

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        value = editor.value()
        model.setData(index, "" if self.blank and value == editor.minimum() else str(value))
