"""An event's priorities: the list put to the room, the dots each got, the ones agreed.

A table edited in place (double-click a cell), with buttons to add, remove, move and sort by
dots; the feedback and joint events can propose candidates from the touch points their
audience may see, and the joint event starts one co-design group per agreed priority.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.event_views import JOINT_KINDS
from ebcd_app.domain.models import EventKind
from ebcd_app.gui.edit_widgets import SpinDelegate
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import events as event_ops
from ebcd_app.gui.pages.codesign_widgets import button, hint, warning_label
from ebcd_app.services import events
from ebcd_app.services.events import Candidate, EventView, PriorityView
from ebcd_app.store.db import ProjectStore

P_TITLE, P_DETAIL, P_DOTS, P_AGREED = range(4)
HOW = ("Double-click a cell to edit it. Dots are counted after the vote; leave them blank "
       "until then. Tick the priorities the room agreed (3 to 5).")


def _row_items(p: PriorityView) -> tuple[QTableWidgetItem, ...]:
    title = QTableWidgetItem(p.title)
    title.setData(Qt.ItemDataRole.UserRole, p.id)
    detail = QTableWidgetItem(p.detail)
    detail.setToolTip(p.detail)
    dots = QTableWidgetItem("" if p.votes is None else str(p.votes))
    dots.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    dots.setToolTip("Dots counted" if p.votes is not None else "Not counted yet")
    agreed = QTableWidgetItem("agreed" if p.agreed else "")
    agreed.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable)
    agreed.setCheckState(Qt.CheckState.Checked if p.agreed else Qt.CheckState.Unchecked)
    return title, detail, dots, agreed


def _summary(view: EventView) -> str:
    n = len(view.priorities)
    counted = sum(p.votes for p in view.priorities if p.votes is not None)
    return (f"{n} priorit{'y' if n == 1 else 'ies'} · {counted} dots counted · "
            f"{len(view.agreed)} agreed"
            + (" (EBCD agrees 3 to 5)" if view.kind in JOINT_KINDS else ""))


def _new_candidates(store: ProjectStore, view: EventView) -> tuple[list[Candidate], str]:
    """The candidates not in the list yet, or why there are none."""
    from ebcd_app.services.packs import audience_rows

    candidates = events.propose_priorities(audience_rows(store, view.kind))
    have = {p.title.lower() for p in view.priorities}
    new = [c for c in candidates if c.title.lower() not in have]
    if new:
        return new, ""
    return [], ("No new candidates: tag touch points with themes and a negative or mixed "
                "sentiment first" if not candidates else "Every candidate is already in the list")


class PrioritiesPanel(QWidget):
    """The Priorities tab of an event page."""

    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops, kind: EventKind,
                 refresh: Callable[[], None]) -> None:
        super().__init__()
        self.store, self.ops, self.kind, self._refresh = store, ops, kind, refresh
        self.view: EventView | None = None
        self._filling = False
        layout = QVBoxLayout(self)
        layout.addWidget(hint(HOW))
        layout.addWidget(self._build_table(), 1)
        self._build_buttons(layout)
        self._connect()

    def _build_table(self) -> QTableWidget:
        self.priorities = table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels(["Priority", "Detail", "Dots", "Agreed"])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setItemDelegateForColumn(P_DOTS, SpinDelegate(0, 9999, blank="—", parent=self))
        header = table.horizontalHeader()
        header.setSectionResizeMode(P_TITLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(P_DETAIL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(P_DOTS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(P_AGREED, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(P_TITLE, 280)
        return table

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        self.new_priority = QLineEdit()
        self.new_priority.setPlaceholderText("A new priority, e.g. “Being kept informed”")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_priority, 1)
        add_row.addWidget(button("Add", self.add_priority))
        if self.kind != EventKind.CELEBRATION:
            add_row.addWidget(button("Propose from touch points…", self.propose,
                                     tip="Suggest the themes where this audience's "
                                     "experience was hardest"))
        row = QHBoxLayout()
        row.addWidget(button("Remove", self.remove_priority))
        row.addWidget(button("Move up", lambda: self.move_priority(-1)))
        row.addWidget(button("Move down", lambda: self.move_priority(1)))
        row.addWidget(button("Sort by dots", self.sort_by_dots,
                             tip="Put the priorities with most dots first"))
        row.addStretch(1)
        self.summary, self.warning = hint(), warning_label()
        notes = QVBoxLayout()
        notes.addWidget(self.summary)
        notes.addWidget(self.warning)
        bottom = QHBoxLayout()
        bottom.addLayout(notes, 1)
        self.start_groups_button = None
        if self.kind in JOINT_KINDS:
            self.start_groups_button = button(
                "Start co-design groups", self.start_groups, primary=True,
                tip="One co-design group for each agreed priority that has none yet")
            bottom.addWidget(self.start_groups_button, 0, Qt.AlignmentFlag.AlignTop)
        for part in (add_row, row, bottom):
            layout.addLayout(part)

    def _connect(self) -> None:
        self.priorities.itemChanged.connect(self._priority_edited)
        self.new_priority.returnPressed.connect(self.add_priority)

    # -- showing -------------------------------------------------------------------------
    def show_event(self, view: EventView) -> None:
        current = self.selected_priority()
        self.view = view
        self._filling = True
        table = self.priorities
        table.setRowCount(len(view.priorities))
        for row, p in enumerate(view.priorities):
            for col, item in enumerate(_row_items(p)):
                table.setItem(row, col, item)
            if current is not None and p.id == current.id:
                table.selectRow(row)
        self._filling = False
        self.summary.setText(_summary(view))
        warning = events.agreed_warning(view)
        self.warning.setText(f"⚠ {warning[:1].upper()}{warning[1:]}." if warning else "")
        self.warning.setVisible(bool(warning))

    def selected_priority(self) -> PriorityView | None:
        rows = self.priorities.selectionModel().selectedRows()
        item = self.priorities.item(rows[0].row(), P_TITLE) if rows else None
        return self._priority(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _priority(self, priority_id: int) -> PriorityView | None:
        priorities = self.view.priorities if self.view else ()
        return next((p for p in priorities if p.id == priority_id), None)

    # -- editing -------------------------------------------------------------------------
    def _priority_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        p = self._priority(self.priorities.item(item.row(), P_TITLE).data(
            Qt.ItemDataRole.UserRole))
        col, text = item.column(), item.text().strip()
        if p is None:
            return
        if col == P_DOTS:
            self._dots_edited(p, text)
            return
        agreed = item.checkState() == Qt.CheckState.Checked
        change = {P_TITLE: ("title", text, "rename the priority"),
                  P_DETAIL: ("detail", text, "describe the priority"),
                  P_AGREED: ("agreed", agreed, "agree the priority" if agreed
                             else "un-agree the priority")}[col]
        field, value, doing = change
        if value != getattr(p, field):
            event_ops.update_priority(self.ops, self.store, p.id, doing=doing,
                                      refresh=self._refresh, **{field: value})

    def _dots_edited(self, p: PriorityView, text: str) -> None:
        if text and not text.isdigit():
            self._refresh()
            self.status.emit("Dots are a whole number; leave the cell blank until counted")
            return
        votes = int(text) if text else None
        if votes != p.votes:
            event_ops.update_priority(self.ops, self.store, p.id, doing="count the dots",
                                      refresh=self._refresh, votes=votes,
                                      clear_votes=votes is None)

    def add_priority(self) -> None:
        title = self.new_priority.text().strip()
        if not title:
            self.new_priority.setFocus()
            return
        self.new_priority.clear()
        event_ops.add_priority(self.ops, self.store, self.kind, title, refresh=self._refresh)

    def remove_priority(self) -> None:
        p = self.selected_priority()
        if p is not None:
            event_ops.delete_priority(self.ops, self.store, p.id, refresh=self._refresh)

    def move_priority(self, step: int) -> None:
        p = self.selected_priority()
        if p is not None:
            event_ops.move_priority(self.ops, self.store, p.id, max(0, p.position + step),
                                    refresh=self._refresh)

    def sort_by_dots(self) -> None:
        event_ops.sort_by_dots(self.ops, self.store, self.kind, refresh=self._refresh)

    def propose(self, *, confirm: bool = True) -> None:
        """Put the hardest themes this audience may see to the room as candidates."""
        if self.view is None:
            return
        new, why_none = _new_candidates(self.store, self.view)
        if not new:
            self.status.emit(why_none)
            return
        if confirm:
            listing = "\n".join(f"• {c.title} ({c.detail})" for c in new)
            answer = QMessageBox.question(
                self, "Propose priorities", f"Add these {len(new)} candidates from the touch "
                f"points this audience may see?\n\n{listing}")
            if answer != QMessageBox.StandardButton.Yes:
                return
        event_ops.add_priorities(
            self.ops, self.store, self.kind, [(c.title, c.detail) for c in new],
            refresh=self._refresh,
            success=lambda _ids: self.status.emit(f"Added {len(new)} candidate priorities"))

    def start_groups(self) -> None:
        def done(made: list[int]) -> None:
            n = len(made)
            self.status.emit(f"Started {n} co-design group{'s' if n != 1 else ''}: see "
                             "7 Co-design groups" if n else
                             "Every agreed priority already has a co-design group")
        event_ops.start_groups(self.ops, self.store, success=done, refresh=self._refresh)
