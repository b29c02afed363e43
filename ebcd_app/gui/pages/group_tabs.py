"""The co-design group page's tabs: what they share, and the overview with the members.

Each tab shows one part of the chosen group and makes its edits through `gui/ops/groups.py`
(one undo step each). A tab is given the store, the ops and the page's redraw, not the page,
so the tabs and the page do not import each other. The tables show what the group pack
prints (members by pseudonym or given name), while pickers may show a facilitator the real
names they need to choose the right person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import ActionStatus, Role
from ebcd_app.gui.edit_widgets import NotesEdit, OptionalDateEdit
from ebcd_app.gui.enum_combo import EnumCombo
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import groups as group_ops
from ebcd_app.gui.pages.codesign_widgets import button, hint, plural, set_text
from ebcd_app.gui.table_model import Column, RowsModel, make_table, show_rows
from ebcd_app.services import projects
from ebcd_app.services.groups import GroupView
from ebcd_app.store.db import ProjectStore

ROLES = ((Role.PATIENT, "Patient"), (Role.FAMILY_CARER, "Family carer"),
         (Role.STAFF, "Staff"), (Role.OTHER, "Other"))


def first_line(text: str, most: int = 90) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= most else line[:most - 1] + "…"


class GroupTab(QWidget):
    """A tab showing one part of the chosen group. `refresh` is the page's redraw, run
    before a refusal is shown; `notice` carries a status-bar message up to the page."""

    notice = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Callable[[], None]) -> None:
        super().__init__()
        self.store, self.ops, self.refresh = store, ops, refresh
        self.group: GroupView | None = None
        self._want: int | None = None  # a new row to choose once it is shown

    def show_group(self, group: GroupView | None) -> None:
        self.group = group

    def choose_new(self, ident: int) -> None:
        """After adding a row, choose it when the view is rebuilt."""
        self._want = ident

    @staticmethod
    def new_text(edit: QLineEdit, given: str | None) -> str:
        """The text for a new item: as given, or taken (and cleared) from its field; an
        empty field gets the focus back instead."""
        text = (given if given is not None else edit.text()).strip()
        if not text:
            edit.setFocus()
        elif given is None:
            edit.clear()
        return text


class ListTab(GroupTab):
    """A table of rows (meetings, actions, cycles) and a form for the chosen one."""

    FIELD = ""  # the GroupView attribute listed (already in display order), a key of DELETES
    form: QWidget

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Callable[[], None],
                 columns: Sequence[Column], model: RowsModel | None = None) -> None:
        super().__init__(store, ops, refresh)
        self.model = model or RowsModel(columns)
        self.table = make_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        show_rows(self.table, 3)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_form())
        self._filling = False

    def rows(self, group: GroupView) -> Sequence[Any]:
        return getattr(group, self.FIELD)

    def show_group(self, group: GroupView | None) -> None:
        keep = self._want or (self.selected().id if self.selected() else None)
        self._want = None
        self.group = group
        self.model.set_rows(self.rows(group) if group else [])
        for i, row in enumerate(self.model.rows):
            if row.id == keep:
                self.table.selectRow(i)
        if self.selected() is None and self.model.rows:
            self.table.selectRow(len(self.model.rows) - 1)
        self._fill_form()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def _fill_form(self) -> None:
        self._filling = True
        try:
            self.fill_form(self.selected())
        finally:
            self._filling = False

    def fill_form(self, row: Any) -> None:
        self.form.setEnabled(row is not None)

    def delete(self) -> None:
        row = self.selected()
        if row is not None:
            group_ops.delete_row(self.ops, self.store, self.FIELD, row.id, refresh=self.refresh)


class OverviewTab(GroupTab):
    """The priority, when the group started, its members, what changed and what is next."""

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Callable[[], None]) -> None:
        super().__init__(store, ops, refresh)
        left = QVBoxLayout()
        left.addWidget(self._build_about())
        left.addWidget(self._build_members(), 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(self._build_texts(), 2)
        self._connect()

    def _build_about(self) -> QGroupBox:
        self.priority = QLineEdit()
        self.started = OptionalDateEdit(clearable=False)
        self.counts = hint()
        about = QGroupBox("Group")
        form = QFormLayout(about)
        form.addRow("Priority", self.priority)
        form.addRow("Started on", self.started)
        form.addRow(self.counts)
        return about

    def _build_members(self) -> QGroupBox:
        self.members = RowsModel([("Member", lambda m: m.label),
                                  ("Joined as", lambda m: "interviewee (by pseudonym)"
                                   if m.participant_id else "named member")])
        self.member_table = make_table(self.members)
        header = self.member_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.person = QComboBox()
        self.member_name = QLineEdit()
        self.member_name.setPlaceholderText("Name as the group wants it printed")
        self.member_role: EnumCombo[Role] = EnumCombo((label, r) for r, label in ROLES)
        people = QGroupBox("Members")
        pv = QVBoxLayout(people)
        pv.addWidget(self.member_table, 1)
        grid = QGridLayout()
        grid.addWidget(QLabel("Who"), 0, 0)
        grid.addWidget(self.person, 0, 1, 1, 2)
        grid.addWidget(QLabel("Name"), 1, 0)
        grid.addWidget(self.member_name, 1, 1)
        grid.addWidget(self.member_role, 1, 2)
        grid.setColumnStretch(1, 1)
        pv.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(hint("Interviewees are printed by pseudonym, never by name."), 1)
        row.addWidget(button("Remove", self.remove_member))
        row.addWidget(button("Add member", self.add_member))
        pv.addLayout(row)
        return people

    def _build_texts(self) -> QVBoxLayout:
        self.changed = NotesEdit("What the group changed, in plain words for the celebration "
                                 "event")
        self.next_steps = NotesEdit("What happens next: sustaining and spreading the change")
        right = QVBoxLayout()
        for title, edit in (("What changed", self.changed), ("Next steps", self.next_steps)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(edit)
            right.addWidget(box, 1)
        return right

    def _connect(self) -> None:
        self.priority.editingFinished.connect(
            lambda: self._save("priority", self.priority.text().strip(), "change the priority"))
        self.started.edited.connect(self._started_done)
        self.person.currentIndexChanged.connect(lambda _i: self._person_chosen())
        self.changed.editingFinished.connect(
            lambda: self._save("changed", self.changed.text(), "save what changed"))
        self.next_steps.editingFinished.connect(
            lambda: self._save("next_steps", self.next_steps.text(), "save the next steps"))

    def show_group(self, group: GroupView | None) -> None:
        self.group = group
        if group is None:
            self.members.set_rows([])
            return
        set_text(self.priority, group.priority)
        self.started.set_value(group.started_on)
        open_n = sum(1 for a in group.actions if a.status in (ActionStatus.OPEN,
                                                              ActionStatus.IN_PROGRESS))
        overdue = sum(1 for a in group.actions if a.overdue())
        self.counts.setText(f"{plural(len(group.meetings), 'meeting')} · "
                            f"{plural(len(group.actions), 'action')} ({open_n} open, "
                            f"{overdue} overdue) · {plural(len(group.cycles), 'PDSA cycle')} · "
                            f"{plural(len(group.measures), 'measure')}")
        self.members.set_rows(group.members)
        self.changed.set_text(group.changed)
        self.next_steps.set_text(group.next_steps)
        self._fill_people()

    def _fill_people(self) -> None:
        """Interviewees to choose from: the facilitator sees names to pick the right person;
        the table and the pack show only the pseudonym."""
        current = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem("Someone else: type the name below", None)
        for p in projects.list_participants(self.store):
            shown = f"‘{p.pseudonym}’" if p.pseudonym else "no pseudonym"
            self.person.addItem(f"{p.display_name} — {shown} ({p.role.value})", p.id)
        index = self.person.findData(current)
        self.person.setCurrentIndex(max(0, index))
        self.person.blockSignals(False)
        self._person_chosen()

    def _person_chosen(self) -> None:
        typed = self.person.currentData() is None
        self.member_name.setEnabled(typed)
        self.member_role.setEnabled(typed)

    def _save(self, field: str, value: object, doing: str) -> None:
        g = self.group
        if g is not None and value != getattr(g, field):
            group_ops.update_group(self.ops, self.store, g.id, doing=doing,
                                   refresh=self.refresh, **{field: value})

    def _started_done(self) -> None:
        g, day = self.group, self.started.value()
        if g is not None and day != g.started_on:
            group_ops.update_group(self.ops, self.store, g.id, doing="change the start date",
                                   refresh=self.refresh, started_on=day,
                                   clear_start=day is None)

    def add_member(self) -> None:
        g = self.group
        if g is None:
            return
        pid = self.person.currentData()
        name, role = self.member_name.text().strip(), self.member_role.value()
        if pid is None and not name:
            self.notice.emit("Type the member's name, or choose an interviewee")
            self.member_name.setFocus()
            return
        self.member_name.clear()
        self.person.setCurrentIndex(0)
        group_ops.add_member(self.ops, self.store, g.id, role=role, name=name,
                             participant_id=pid, refresh=self.refresh)

    def remove_member(self) -> None:
        rows = self.member_table.selectionModel().selectedRows()
        if rows:
            group_ops.remove_member(self.ops, self.store, self.members.row(rows[0]).id,
                                    refresh=self.refresh)
