"""An event's agenda as an editable table, with each item's clock time worked out.

The agenda is a per-project template for each kind of event and is printed in the event's
pack, so edits stay on screen (marked "not saved") until the facilitator saves them as the
project's template; the page saves them first when a pack is made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.gui.edit_widgets import SpinDelegate
from ebcd_app.gui.style import muted, tone
from ebcd_app.services.events import AgendaItem, timed_agenda

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
A_TIME, A_MINUTES, A_ITEM = range(3)


class AgendaEditor(QWidget):
    """Time / minutes / item rows; add, remove, move; `save_requested` from its button."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = "10:00"
        self.dirty = False
        self._filling = False
        hint = QLabel("Times run on from the start time in Details. Double-click the minutes "
                      "or the item to change them.")
        hint.setWordWrap(True)
        muted(hint)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self._build_table(), 1)
        self._build_buttons(layout)
        self.table.itemChanged.connect(self._edited)

    def _build_table(self) -> QTableWidget:
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Time", "Minutes", "Item"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setItemDelegateForColumn(A_MINUTES, SpinDelegate(1, 600, parent=self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(A_TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(A_MINUTES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(A_ITEM, QHeaderView.ResizeMode.Stretch)
        return self.table

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        self.end = QLabel()
        muted(self.end)
        self.state = QLabel()
        tone(self.state, "danger")
        save = QPushButton("Save as this project's template")
        save.setToolTip("The pack prints the saved agenda; later events of this kind start "
                        "from it")
        save.clicked.connect(self.save_requested)
        buttons = QHBoxLayout()
        for text, slot in (("Add item", self.add_item), ("Remove", self.remove_item),
                           ("Move up", lambda: self.move_item(-1)),
                           ("Move down", lambda: self.move_item(1))):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(b)
        buttons.addStretch(1)
        saving = QHBoxLayout()
        saving.addWidget(self.end, 1)
        saving.addWidget(self.state)
        saving.addWidget(save)
        layout.addLayout(buttons)
        layout.addLayout(saving)

    def load(self, items: Sequence[AgendaItem]) -> None:
        """Show the saved agenda (no unsaved changes)."""
        self._fill(items)
        self.set_dirty(False)

    def items(self) -> list[AgendaItem]:
        out = []
        for row in range(self.table.rowCount()):
            minutes = self.table.item(row, A_MINUTES).text().strip()
            out.append(AgendaItem(int(minutes) if minutes.isdigit() else 0,
                                  self.table.item(row, A_ITEM).text()))
        return out

    def set_start(self, start: str) -> None:
        """Run the clock times on from this start ("HH:MM"); half-typed times are ignored."""
        if TIME.match(start) and start != self.start:
            self.start = start
            self._retime()

    def set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.state.setText("● Not saved yet" if dirty else "")
        self.state.setToolTip("The pack prints the saved agenda" if dirty else "")

    def _fill(self, items: Sequence[AgendaItem]) -> None:
        self._filling = True
        self.table.setRowCount(len(items))
        for row, it in enumerate(items):
            time = QTableWidgetItem()
            time.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            minutes = QTableWidgetItem(str(it.minutes))
            minutes.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, A_TIME, time)
            self.table.setItem(row, A_MINUTES, minutes)
            self.table.setItem(row, A_ITEM, QTableWidgetItem(it.item))
        self._filling = False
        self._retime()

    def _retime(self) -> None:
        items = self.items()
        timed = timed_agenda(self.start, items)
        self._filling, was = True, self._filling
        for row, (clock, _item, _minutes) in enumerate(timed[:-1]):
            self.table.item(row, A_TIME).setText(clock)
        self._filling = was
        total = sum(it.minutes for it in items)
        self.end.setText(f"Ends at {timed[-1][0]} · {total // 60} h {total % 60:02d} min in "
                         "all" if items else "No agenda items yet")

    def _edited(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() != A_TIME:
            self.set_dirty(True)
            self._retime()

    def _changed(self, items: list[AgendaItem], select: int) -> None:
        self._fill(items)
        self.set_dirty(True)
        if 0 <= select < len(items):
            self.table.selectRow(select)

    def add_item(self) -> None:
        """A new 15-minute item after the chosen one (or at the end), ready to type."""
        items = self.items()
        current = self.table.currentRow()
        row = current + 1 if current >= 0 else len(items)
        items.insert(row, AgendaItem(15, "New item"))
        self._changed(items, row)
        self.table.editItem(self.table.item(row, A_ITEM))

    def remove_item(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            items = self.items()
            del items[row]
            self._changed(items, min(row, len(items) - 1))

    def move_item(self, step: int) -> None:
        row, items = self.table.currentRow(), self.items()
        to = row + step
        if row >= 0 and 0 <= to < len(items):
            items.insert(to, items.pop(row))
            self._changed(items, to)
