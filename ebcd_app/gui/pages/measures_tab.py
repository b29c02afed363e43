"""The co-design group page's Measures tab: measures, their values over time, the run chart.

Groups count things weekly on paper or in a spreadsheet, so values can be typed one at a time
or pasted as "date, value" lines; the run chart (the same drawing the group pack prints) and
the signals it shows update as soon as a value is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.basics.errors import EbcdError
from ebcd_app.gui.edit_widgets import OptionalDateEdit, show_day
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import groups as group_ops
from ebcd_app.gui.pages.codesign_widgets import button, set_text
from ebcd_app.gui.pages.group_tabs import GroupTab
from ebcd_app.gui.run_chart_view import RunChartView
from ebcd_app.gui.table_model import RowsModel, make_table
from ebcd_app.services.groups import GroupView, MeasureView
from ebcd_app.store.db import ProjectStore

DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d.%m.%Y")


def parse_day(text: str) -> date | None:
    for fmt in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_value_lines(text: str) -> list[tuple[date, float, str]]:
    """Values pasted as lines of "date, value[, note]" (commas, tabs or semicolons, as a
    spreadsheet copies them); a first line that is a header is skipped. Dates are ISO
    (2026-03-01) or day first (01/03/2026, 1 Mar 2026), as written in the UK."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"[,\t;]", line.strip(), maxsplit=2)]
        if len(parts) < 2:
            parts = line.split(None, 2) if parse_day(line.split()[0]) else parts
        day = parse_day(parts[0])
        try:
            value = float(parts[1]) if len(parts) > 1 else None
        except ValueError:
            value = None
        if day is None or value is None:
            if not out and n == 1 and day is None:
                continue  # a header such as "Week, Falls"
            raise EbcdError(f"line {n} “{line.strip()}” should be a date and a number, "
                            "like “2026-03-01, 42”")
        out.append((day, value, parts[2] if len(parts) > 2 else ""))
    if not out:
        raise EbcdError("no values found: paste lines like “2026-03-01, 42”")
    return out


def _number(value: float) -> str:
    return f"{value:g}"


class PasteDialog(QDialog):
    def __init__(self, parent: QWidget | None, measure: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Paste values for “{measure}”")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("2026-03-01, 42\n2026-03-08, 39, new rota started\n…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("One value a line: the date, then the value, then an optional "
                                "note.\nA value for a date already recorded replaces it."))
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(460, 360)


class MeasuresTab(GroupTab):
    """A list of measures; the chosen one's values and its run chart with the signals."""

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Callable[[], None]) -> None:
        super().__init__(store, ops, refresh)
        self.measure: MeasureView | None = None
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self._build_measures())
        lv.addWidget(self._build_values(), 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self._build_chart())
        split.setSizes([320, 520])
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._connect()

    def _build_measures(self) -> QGroupBox:
        self.list = QListWidget()
        self.list.setMaximumHeight(96)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("A new measure, e.g. “Call bell answered in 5 min”")
        measures = QGroupBox("Measures")
        mv = QVBoxLayout(measures)
        mv.addWidget(self.list)
        add = QHBoxLayout()
        add.addWidget(self.new_name, 1)
        add.addWidget(button("Add", self.add_measure))
        add.addWidget(button("Delete", self.delete_measure))
        mv.addLayout(add)
        return measures

    def _build_values(self) -> QGroupBox:
        self.values = RowsModel([("Date", lambda v: show_day(v[1])),
                                 ("Value", lambda v: _number(v[2])),
                                 ("Note", lambda v: v[3])])
        self.value_table = make_table(self.values)
        header = self.value_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.value_day = OptionalDateEdit(clearable=False)
        self.value_day.set_value(date.today())
        self.value = QLineEdit()
        self.value.setPlaceholderText("value")
        self.value.setMaximumWidth(80)
        self.value_note = QLineEdit()
        self.value_note.setPlaceholderText("note (optional)")
        values = QGroupBox("Values")
        vv = QVBoxLayout(values)
        vv.addWidget(self.value_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.value_day)
        row.addWidget(self.value)
        row.addWidget(self.value_note, 1)
        vv.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(button("Add", self.add_value, primary=True))
        row.addWidget(button("Paste…", self.paste))
        row.addStretch(1)
        row.addWidget(button("Delete", self.delete_value))
        vv.addLayout(row)
        return values

    def _build_chart(self) -> QGroupBox:
        self.name = QLineEdit()
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("e.g. % of calls")
        self.unit.setMaximumWidth(120)
        self.higher = QCheckBox("Higher is better")
        self.change_on = OptionalDateEdit()
        self.change_on.setToolTip("When the change was made: the median is then taken from "
                                  "the points before it (when there are 6 or more)")
        self.chart = RunChartView()
        self.chart_box = QGroupBox("Run chart")
        grid = QGridLayout(self.chart_box)
        grid.addWidget(QLabel("Name"), 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 2)
        grid.addWidget(QLabel("Unit"), 1, 0)
        grid.addWidget(self.unit, 1, 1)
        grid.addWidget(self.higher, 1, 2)
        grid.addWidget(QLabel("Change made on"), 2, 0)
        grid.addWidget(self.change_on, 2, 1, 1, 2)
        grid.addWidget(self.chart, 3, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(3, 1)
        return self.chart_box

    def _connect(self) -> None:
        self.list.currentRowChanged.connect(lambda _r: self._chosen())
        self.new_name.returnPressed.connect(lambda: self.add_measure())
        self.value.returnPressed.connect(lambda: self.add_value())
        self.value_note.returnPressed.connect(lambda: self.add_value())
        self.name.editingFinished.connect(lambda: self._save("name", self.name.text().strip()))
        self.unit.editingFinished.connect(lambda: self._save("unit", self.unit.text().strip()))
        self.higher.clicked.connect(lambda checked: self._save("higher_is_better", checked))
        self.change_on.edited.connect(self._change_done)

    # -- showing -------------------------------------------------------------------------
    def show_group(self, group: GroupView | None) -> None:
        keep = self._want or (self.measure.id if self.measure else None)
        self._want = None
        self.group = group
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for i, m in enumerate(group.measures if group else ()):
            item = QListWidgetItem(f"{m.name}" + (f" ({m.unit})" if m.unit else "")
                                   + f" · {len(m.values)} values")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.list.addItem(item)
            if m.id == keep:
                row = i
        if self.list.count():
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._chosen()

    def _chosen(self) -> None:
        row = self.list.currentRow()
        measures: Sequence[MeasureView] = self.group.measures if self.group else ()
        self.measure = m = measures[row] if 0 <= row < len(measures) else None
        self.chart_box.setEnabled(m is not None)
        set_text(self.name, m.name if m else "")
        set_text(self.unit, m.unit if m else "")
        self.higher.setChecked(m.higher_is_better if m else True)
        self.change_on.set_value(m.change_on if m else None)
        self.values.set_rows(sorted(m.values, key=lambda v: v[1]) if m else [])
        self.value_table.scrollToBottom()
        self.chart.show_chart(m.chart() if m else None, m.higher_is_better if m else True)

    # -- editing -------------------------------------------------------------------------
    def add_measure(self, *, name: str | None = None, **fields: object) -> None:
        g = self.group
        if g is None or not (name := self.new_text(self.new_name, name)):
            return
        group_ops.add_measure(self.ops, self.store, g.id, name, success=self.choose_new,
                              refresh=self.refresh, **fields)

    def delete_measure(self) -> None:
        if self.measure is not None:
            group_ops.delete_row(self.ops, self.store, "measures", self.measure.id,
                                 refresh=self.refresh)

    def _save(self, field: str, value: object) -> None:
        m = self.measure
        if m is not None and value != getattr(m, field):
            group_ops.update_measure(self.ops, self.store, m.id, refresh=self.refresh,
                                     **{field: value})

    def _change_done(self) -> None:
        m, day = self.measure, self.change_on.value()
        if m is not None and day != m.change_on:
            group_ops.update_measure(self.ops, self.store, m.id, refresh=self.refresh,
                                     change_on=day, clear_change=day is None)

    def add_value(self) -> None:
        """Record the value typed under the table, for the chosen date."""
        m, day, text = self.measure, self.value_day.value(), self.value.text().strip()
        if m is None:
            return
        try:
            value = float(text)
        except ValueError:
            self.notice.emit("Type the value as a number, e.g. 42 or 87.5")
            self.value.setFocus()
            return
        if day is None:
            self.notice.emit("Choose the date the value is for")
            return
        note = self.value_note.text().strip()
        self.value.clear()
        self.value_note.clear()
        group_ops.add_values(self.ops, self.store, m.id, [(day, value, note)],
                             refresh=self.refresh)

    def paste(self) -> None:
        if self.measure is None:
            return
        dialog = PasteDialog(self, self.measure.name)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.paste_values(dialog.text.toPlainText())

    def paste_values(self, text: str) -> None:
        """Record values from pasted "date, value[, note]" lines."""
        m = self.measure
        if m is None:
            return
        try:
            items = parse_value_lines(text)
        except EbcdError as exc:
            self.ops.runner.operation_failed.emit(str(exc), "")
            return
        group_ops.add_values(self.ops, self.store, m.id, items, refresh=self.refresh,
                             success=lambda n: self.notice.emit(f"Recorded {n} values"))

    def delete_value(self) -> None:
        rows = self.value_table.selectionModel().selectedRows()
        if rows:
            group_ops.delete_row(self.ops, self.store, "values", self.values.row(rows[0])[0],
                                 refresh=self.refresh)
