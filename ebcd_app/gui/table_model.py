"""A read-only Qt table model over a list of plain rows (service dataclasses), and how a
table of them shares its width."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Column = tuple[str, Callable[[Any], object]]
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.tooltip: Callable[[Any], str] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: Index) -> Any:
        return self.rows[index.row()] if index.isValid() else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and self.tooltip is not None:
            return self.tooltip(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None


def make_table(model: RowsModel) -> QTableView:
    """A list-like table as every page shows one: whole rows, one at a time, no grid."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    return table


def show_rows(table: QTableView, rows: int) -> None:
    """Keep room for at least this many rows, so a short window scrolls the page rather
    than squashing the table to a row or two."""
    height = (table.horizontalHeader().sizeHint().height()
              + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth())
    table.setMinimumHeight(height)


class ColumnFitter(QObject):
    """One column (a quote, a note) keeps `keep` px and takes what is left; the others are as
    wide as their content, the widest cut first when the table is short of room.

    Plain ResizeToContents lets a long file name or theme list push the quote off the right
    edge on a laptop screen; the quote is what people read. Cut cells elide, and can still be
    dragged wider (until the next refit).
    """

    def __init__(self, table: QTableView, stretch: int, keep: int = 320,
                 floor: int = 64) -> None:
        super().__init__(table)
        self.table, self.stretch, self.keep, self.floor = table, stretch, keep, floor
        self._wants: dict[int, int] = {}
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        table.model().modelReset.connect(self.measure)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        self.measure()

    def measure(self) -> None:
        header = self.table.horizontalHeader()
        self._wants = {c: max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c))
                       for c in range(self.table.model().columnCount())
                       if c != self.stretch and not header.isSectionHidden(c)}
        self.fit()

    def fit(self) -> None:
        room = self.table.viewport().width() - self.keep
        level = _level(sorted(self._wants.values()), room, self.floor)
        header = self.table.horizontalHeader()
        for c, want in self._wants.items():
            header.resizeSection(c, min(want, level))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.fit()  # (the type first: other events still come while the table is freed)
        return False


def _level(wants: list[int], room: int, floor: int) -> int:
    """The widest any column may be so that they share `room` (never under `floor`)."""
    for i, want in enumerate(wants):  # ascending: narrow columns keep their width
        share = room // (len(wants) - i)
        if want > share:
            return max(share, floor)
        room -= want
    return max(wants, default=floor)
