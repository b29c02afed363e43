"""The feedback, joint and celebration events (EBCD stages 4, 5, 6 and 8), one page each.

A facilitator prepares an event here (date, place, agenda), records it as it happens (who came,
the dots each priority got, what was agreed) and makes its printed pack. Every edit is saved
when the field is left, like the rest of the app; the services refuse what EBCD does not allow
(a sixth agreed priority) and the page then shows the stored value again with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.consent import Audience
from ebcd_app.domain.models import EventKind, JourneyType, Role
from ebcd_app.gui.agenda_editor import AgendaEditor
from ebcd_app.gui.codesign_ops import EventChanged, GroupsChanged, run_edit
from ebcd_app.gui.edit_widgets import NotesEdit, OptionalDateEdit, SpinDelegate
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.pack_bar import PackBar
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.style import DANGER, TEXT_MUTED
from ebcd_app.services import events, vocabulary
from ebcd_app.services.events import EventView, PriorityView
from ebcd_app.store.db import ProjectStore

STAGE = {EventKind.STAFF_FEEDBACK: "4", EventKind.PATIENT_FEEDBACK: "5", EventKind.JOINT: "6",
         EventKind.CELEBRATION: "8"}
PURPOSE = {
    EventKind.STAFF_FEEDBACK: "staff see what the interviews found, dot-vote on priorities "
    "and agree which areas of the staff journey patients may see.",
    EventKind.PATIENT_FEEDBACK: "patients and families see the film and agree areas for "
    "improvement, often by dot-voting on touch points.",
    EventKind.JOINT: "patients, families and staff share their experiences and agree 3 to 5 "
    "shared priorities; each becomes a co-design group.",
    EventKind.CELEBRATION: "the co-design groups show what changed and what was learnt, and "
    "everyone hears the next steps.",
}
AUDIENCE_TEXT = {
    Audience.STAFF: "The pack is for staff. It shows only material from people who agreed to "
    "it being shown to staff, with names redacted.",
    Audience.PATIENTS: "The pack is for patients and families. It shows only material people "
    "agreed to show patients, only the staff journey stages staff agreed to share, with names "
    "redacted.",
    Audience.EVERYONE: "The pack is for patients, families and staff together. It shows only "
    "material agreed for both, only the staff stages staff agreed to share, with names "
    "redacted.",
}
ATTENDANCE = ((Role.PATIENT, "Patients"), (Role.FAMILY_CARER, "Family carers"),
              (Role.STAFF, "Staff"), (Role.OTHER, "Others"))
P_TITLE, P_DETAIL, P_DOTS, P_AGREED = range(4)


def _button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(lambda _c=False: slot())
    if tip:
        b.setToolTip(tip)
    return b


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {TEXT_MUTED};")
    return label


class EventPage(QWidget):
    """One event: its details, agenda, priorities and pack (and what staff share, or the
    start of the co-design groups, on the pages where EBCD decides those)."""

    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops, jobs: JobManager,
                 kind: EventKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        runner, self.ops = ops.runner, ops
        self.setObjectName("page")
        self.store, self.runner, self.jobs, self.kind = store, runner, jobs, kind
        self.view: EventView = events.event_for(store, kind)  # made on first visit
        self._filling = False
        self.pack = PackBar(store, jobs, kind.value, AUDIENCE_TEXT[events.AUDIENCES[kind]])
        self.pack.status.connect(self.status)
        self.pack.before = self._before_pack
        self.tabs = QTabWidget()
        self.tabs.addTab(self._priorities_tab(), "Priorities")
        self.agenda = AgendaEditor()
        self.agenda.save_requested.connect(lambda: self.save_agenda())
        self.tabs.addTab(self.agenda, "Agenda")
        self.shared: QListWidget | None = None
        if kind == EventKind.STAFF_FEEDBACK:
            self.tabs.addTab(self._shared_tab(), "Shared with patients")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._details_box())
        split.addWidget(self.tabs)
        split.setSizes([380, 720])
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header(events.TITLES[kind],
                                     f"Stage {STAGE[kind]}: {PURPOSE[kind]}"))
        layout.addWidget(self.pack)
        layout.addWidget(split, 1)
        runner.operation_executed.connect(self._on_change)
        self.agenda.load(events.agenda_template(store, kind))
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _details_box(self) -> QScrollArea:
        box = QGroupBox("Details")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.title.editingFinished.connect(self._title_done)
        self.held_on = OptionalDateEdit()
        self.held_on.edited.connect(self._date_done)
        self.starts_at = QLineEdit()
        self.starts_at.setInputMask("99:99")
        self.starts_at.setMaximumWidth(80)
        self.starts_at.setToolTip("24-hour clock, e.g. 09:30; the agenda's times follow it")
        self.starts_at.editingFinished.connect(self._time_done)
        self.starts_at.textChanged.connect(lambda text: self.agenda.set_start(text))
        self.place = QLineEdit()
        self.place.setPlaceholderText("e.g. Education centre, room 2")
        self.place.editingFinished.connect(
            lambda: self._save_if(place=self.place.text().strip()))
        self.facilitators = QLineEdit()
        self.facilitators.setPlaceholderText("Names, separated by commas")
        self.facilitators.editingFinished.connect(self._facilitators_done)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.attendance: dict[Role, QSpinBox] = {}
        for i, (role, label) in enumerate(ATTENDANCE):
            spin = QSpinBox()
            spin.setRange(0, 9999)
            spin.setMaximumWidth(72)
            spin.editingFinished.connect(self._attendance_done)
            spin.valueChanged.connect(lambda _v: self._show_total())
            self.attendance[role] = spin
            grid.addWidget(QLabel(label), i // 2, (i % 2) * 2)
            grid.addWidget(spin, i // 2, (i % 2) * 2 + 1)
        self.total = _muted()
        grid.addWidget(self.total, 2, 0, 1, 4)
        self.notes = NotesEdit("What happened, what people said, what to follow up")
        self.notes.setMinimumHeight(110)
        self.notes.editingFinished.connect(lambda: self._save_if(notes=self.notes.text()))
        form.addRow("Title", self.title)
        form.addRow("Date", self.held_on)
        form.addRow("Starts at", self.starts_at)
        form.addRow("Place", self.place)
        form.addRow("Facilitators", self.facilitators)
        form.addRow("Attendance", grid)
        form.addRow("Notes", self.notes)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(box)
        scroll.setMinimumWidth(box.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())
        return scroll

    def _priorities_tab(self) -> QWidget:
        self.priorities = QTableWidget(0, 4)
        self.priorities.setHorizontalHeaderLabels(["Priority", "Detail", "Dots", "Agreed"])
        self.priorities.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.priorities.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.priorities.verticalHeader().hide()
        self.priorities.setAlternatingRowColors(True)
        self.priorities.setShowGrid(False)
        self.priorities.setWordWrap(False)
        self.priorities.setItemDelegateForColumn(P_DOTS, SpinDelegate(0, 9999, blank="—",
                                                                      parent=self))
        header = self.priorities.horizontalHeader()
        header.setSectionResizeMode(P_TITLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(P_DETAIL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(P_DOTS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(P_AGREED, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(P_TITLE, 280)
        self.priorities.itemChanged.connect(self._priority_edited)
        self.new_priority = QLineEdit()
        self.new_priority.setPlaceholderText("A new priority, e.g. “Being kept informed”")
        self.new_priority.returnPressed.connect(self.add_priority)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_priority, 1)
        add_row.addWidget(_button("Add", self.add_priority))
        if self.kind != EventKind.CELEBRATION:
            add_row.addWidget(_button("Propose from touch points…", self.propose,
                                      "Suggest the themes where this audience's experience "
                                      "was hardest"))
        buttons = QHBoxLayout()
        buttons.addWidget(_button("Remove", self.remove_priority))
        buttons.addWidget(_button("Move up", lambda: self.move_priority(-1)))
        buttons.addWidget(_button("Move down", lambda: self.move_priority(1)))
        buttons.addWidget(_button("Sort by dots", self.sort_by_dots,
                                  "Put the priorities with most dots first"))
        buttons.addStretch(1)
        self.summary = _muted()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {DANGER}; font-weight: 600;")
        notes = QVBoxLayout()
        notes.addWidget(self.summary)
        notes.addWidget(self.warning)
        bottom = QHBoxLayout()
        bottom.addLayout(notes, 1)
        self.start_groups_button: QPushButton | None = None
        if self.kind == EventKind.JOINT:
            self.start_groups_button = _button(
                "Start co-design groups", self.start_groups,
                "One co-design group for each agreed priority that has none yet")
            self.start_groups_button.setObjectName("primary")
            bottom.addWidget(self.start_groups_button, 0, Qt.AlignmentFlag.AlignTop)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(_muted("Double-click a cell to edit it. Dots are counted after the "
                                "vote; leave them blank until then. Tick the priorities the "
                                "room agreed (3 to 5)."))
        layout.addWidget(self.priorities, 1)
        layout.addLayout(add_row)
        layout.addLayout(buttons)
        layout.addLayout(bottom)
        return tab

    def _shared_tab(self) -> QWidget:
        self.shared = QListWidget()
        self.shared.itemChanged.connect(self._shared_edited)
        self.shared_count = _muted()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(_muted("Tick the areas of the staff journey that staff agreed, at "
                                "this event, to share with patients. Patient and joint packs "
                                "show staff touch points only from these stages."))
        layout.addWidget(self.shared, 1)
        layout.addWidget(self.shared_count)
        return tab

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the stored event; a field being typed in keeps what is typed."""
        self.view = view = events.event_for(self.store, self.kind)
        self._filling = True
        for edit, text in ((self.title, view.title), (self.place, view.place),
                           (self.facilitators, ", ".join(view.facilitators))):
            if not edit.hasFocus() and edit.text() != text:
                edit.setText(text)
                edit.setCursorPosition(0)
        self.held_on.set_value(view.held_on)
        if not self.starts_at.hasFocus():
            self.starts_at.setText(view.starts_at)
        for role, spin in self.attendance.items():
            if not spin.hasFocus():
                spin.setValue(view.attendance.get(role, 0))
        self.notes.set_text(view.notes)
        self._filling = False
        self._show_total()
        self._fill_priorities(view)
        if self.shared is not None:
            self._fill_shared(view)

    def _show_total(self) -> None:
        total = sum(spin.value() for spin in self.attendance.values())
        self.total.setText(f"{total} people came" if total else "Fill in after the event")

    def _fill_priorities(self, view: EventView) -> None:
        current = self.selected_priority()
        self._filling = True
        table = self.priorities
        table.setRowCount(len(view.priorities))
        for row, p in enumerate(view.priorities):
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
            for col, item in enumerate((title, detail, dots, agreed)):
                table.setItem(row, col, item)
            if current is not None and p.id == current.id:
                table.selectRow(row)
        self._filling = False
        counted = [p.votes for p in view.priorities if p.votes is not None]
        agreed_n = len(view.agreed)
        self.summary.setText(
            f"{len(view.priorities)} priorit{'y' if len(view.priorities) == 1 else 'ies'}"
            f" · {sum(counted)} dots counted · {agreed_n} agreed"
            + (" (EBCD agrees 3 to 5)" if self.kind == EventKind.JOINT else ""))
        warning = events.agreed_warning(view)
        self.warning.setText(f"⚠ {warning[:1].upper()}{warning[1:]}." if warning else "")
        self.warning.setVisible(bool(warning))

    def _fill_shared(self, view: EventView) -> None:
        assert self.shared is not None
        stages = vocabulary.stages(self.store, JourneyType.STAFF)
        self._filling = True
        self.shared.clear()
        for st in stages:
            item = QListWidgetItem(st.name)
            item.setData(Qt.ItemDataRole.UserRole, st.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if st.id in view.shared_stage_ids
                               else Qt.CheckState.Unchecked)
            self.shared.addItem(item)
        self._filling = False
        n = sum(1 for st in stages if st.id in view.shared_stage_ids)
        self.shared_count.setText(f"{n} of {len(stages)} staff journey stages shared with "
                                  "patients" if n else "Nothing from the staff journey is "
                                  "shared with patients yet")

    def _on_change(self, change: object) -> None:
        if isinstance(change, EventChanged) and change.kind == self.kind:
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()  # journey stages may have been edited on another page

    # -- saving the details --------------------------------------------------------------
    def _run(self, op: Callable[[], object], success: Callable[[Any], None] | None = None
             ) -> None:
        kind = self.kind

        def wrapped() -> EventChanged:
            op()
            return EventChanged(kind)
        run_edit(self.runner, wrapped, refresh=self.refresh, success=success)

    def _save(self, **fields: Any) -> None:
        store, kind = self.store, self.kind
        self._run(lambda: events.update_event(store, kind, **fields))

    def _save_if(self, **fields: Any) -> None:
        """Save the fields that differ from what is stored (leaving a field unchanged writes
        nothing)."""
        if not self._filling and any(getattr(self.view, k) != v for k, v in fields.items()):
            self._save(**fields)

    def _title_done(self) -> None:
        title = self.title.text().strip()
        if title != self.view.title:
            self._save(title=title)

    def _date_done(self) -> None:
        day = self.held_on.value()
        if day != self.view.held_on:
            self._save(**({"held_on": day} if day else {"clear_date": True}))

    def _time_done(self) -> None:
        self._save_if(starts_at=self.starts_at.text())  # the service checks it is a time

    def _facilitators_done(self) -> None:
        names = [n.strip() for n in self.facilitators.text().split(",") if n.strip()]
        if tuple(names) != self.view.facilitators:
            self._save(facilitators=names)

    def _attendance_done(self) -> None:
        counts = {role: spin.value() for role, spin in self.attendance.items()}
        if {r: n for r, n in counts.items() if n} != self.view.attendance:
            self._save(attendance=counts)

    # -- priorities ----------------------------------------------------------------------
    def selected_priority(self) -> PriorityView | None:
        rows = self.priorities.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.priorities.item(rows[0].row(), P_TITLE)
        return self._priority(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _priority(self, priority_id: int) -> PriorityView | None:
        return next((p for p in self.view.priorities if p.id == priority_id), None)

    def _priority_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        ident = self.priorities.item(item.row(), P_TITLE).data(Qt.ItemDataRole.UserRole)
        p = self._priority(ident)
        if p is None:
            return
        store, col, text = self.store, item.column(), item.text().strip()
        if col == P_TITLE and text != p.title:
            self._run(lambda: events.update_priority(store, ident, title=text))
        elif col == P_DETAIL and text != p.detail:
            self._run(lambda: events.update_priority(store, ident, detail=text))
        elif col == P_DOTS:
            if text and not text.isdigit():
                self.refresh()
                self.status.emit("Dots are a whole number; leave the cell blank until counted")
            elif (int(text) if text else None) != p.votes:
                votes = int(text) if text else None
                self._run(lambda: events.update_priority(store, ident, votes=votes,
                                                         clear_votes=votes is None))
        elif col == P_AGREED:
            agreed = item.checkState() == Qt.CheckState.Checked
            if agreed != p.agreed:
                self._run(lambda: events.update_priority(store, ident, agreed=agreed))

    def add_priority(self) -> None:
        title = self.new_priority.text().strip()
        if not title:
            self.new_priority.setFocus()
            return
        store, kind = self.store, self.kind
        self.new_priority.clear()
        self._run(lambda: events.add_priority(store, kind, title))

    def remove_priority(self) -> None:
        p = self.selected_priority()
        if p is not None:
            self._run(lambda: events.delete_priority(self.store, p.id))

    def move_priority(self, step: int) -> None:
        p = self.selected_priority()
        if p is not None:
            position = max(0, p.position + step)
            self._run(lambda: events.move_priority(self.store, p.id, position))

    def sort_by_dots(self) -> None:
        store, kind = self.store, self.kind
        self._run(lambda: events.sort_priorities_by_dots(store, kind))

    def propose(self, *, confirm: bool = True) -> None:
        """Put the hardest themes this audience may see to the room as candidates."""
        from ebcd_app.services.packs import audience_rows

        candidates = events.propose_priorities(audience_rows(self.store, self.kind))
        have = {p.title.lower() for p in self.view.priorities}
        new = [c for c in candidates if c.title.lower() not in have]
        if not new:
            self.status.emit("No new candidates: tag touch points with themes and a "
                             "negative or mixed sentiment first" if not candidates else
                             "Every candidate is already in the list")
            return
        if confirm:
            listing = "\n".join(f"• {c.title} ({c.detail})" for c in new)
            answer = QMessageBox.question(
                self, "Propose priorities", f"Add these {len(new)} candidates from the touch "
                f"points this audience may see?\n\n{listing}")
            if answer != QMessageBox.StandardButton.Yes:
                return
        store, kind = self.store, self.kind

        items = [(c.title, c.detail) for c in new]
        self._run(lambda: events.add_priorities(store, kind, items),
                  success=lambda _r: self.status.emit(f"Added {len(new)} candidate priorities"))

    def start_groups(self) -> None:
        store = self.store

        def op() -> GroupsChanged:
            return GroupsChanged(None, made=tuple(events.start_groups(store)))

        def done(change: GroupsChanged) -> None:
            n = len(change.made)
            self.status.emit(f"Started {n} co-design group{'s' if n != 1 else ''}: see "
                             "7 Co-design groups" if n else
                             "Every agreed priority already has a co-design group")
        run_edit(self.runner, op, refresh=self.refresh, success=done)

    # -- agenda --------------------------------------------------------------------------
    def save_agenda(self, then: Callable[[], None] | None = None) -> None:
        """Save the agenda on screen as this project's template for this kind of event."""
        items, store, kind = self.agenda.items(), self.store, self.kind

        def done(_r: object) -> None:
            self.agenda.set_dirty(False)
            self.status.emit("Agenda saved as this project's template")
            if then is not None:
                then()
        self._run(lambda: events.set_agenda_template(store, kind, items), success=done)

    # -- shared stages and the pack ------------------------------------------------------
    def _shared_edited(self, _item: QListWidgetItem) -> None:
        if self._filling or self.shared is None:
            return
        ids = [self.shared.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(self.shared.count())
               if self.shared.item(i).checkState() == Qt.CheckState.Checked]
        if set(ids) != set(self.view.shared_stage_ids):
            store = self.store
            self._run(lambda: events.set_shared_stages(store, ids))

    def make_pack(self, path: Path | None = None) -> None:
        """Make this event's pack as a job (asking where, unless given a path)."""
        self.pack.make(path)

    def _before_pack(self, start: Callable[[], None]) -> None:
        """Unsaved agenda changes are saved first, so the pack prints what is on screen."""
        if self.agenda.dirty:
            self.save_agenda(then=start)
        else:
            start()
