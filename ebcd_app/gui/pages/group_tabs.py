"""The co-design group page's tabs: overview and members, meetings, actions, PDSA cycles.

Each list tab is a table with a form under it for the chosen row; a field saves when it is
left. The tables show what the group pack prints (members by pseudonym or given name), while
pickers may show a facilitator the real names they need to choose the right person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import ActionStatus, Role
from ebcd_app.gui.edit_widgets import NotesEdit, OptionalDateEdit, show_day
from ebcd_app.gui.enum_combo import EnumCombo
from ebcd_app.gui.style import DANGER, TEXT_MUTED
from ebcd_app.gui.table_model import Column, Index, RowsModel, make_table, show_rows
from ebcd_app.services import groups, projects
from ebcd_app.services.groups import ActionView, CycleView, GroupView, MeetingView

if TYPE_CHECKING:
    from ebcd_app.gui.pages.groups import GroupsPage

ROLES = ((Role.PATIENT, "Patient"), (Role.FAMILY_CARER, "Family carer"),
         (Role.STAFF, "Staff"), (Role.OTHER, "Other"))
STATUS_LABELS = {ActionStatus.OPEN: "Open", ActionStatus.IN_PROGRESS: "In progress",
                 ActionStatus.DONE: "Done", ActionStatus.DROPPED: "Dropped"}


def button(text: str, slot: Callable[[], Any], *, primary: bool = False) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(lambda _c=False: slot())
    if primary:
        b.setObjectName("primary")
    return b


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {TEXT_MUTED};")
    return label


def set_text(edit: QLineEdit, text: str) -> None:
    """Show stored text unless the person is typing there."""
    if not edit.hasFocus() and edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def first_line(text: str, most: int = 90) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= most else line[:most - 1] + "…"


class GroupTab(QWidget):
    """A tab showing one part of the chosen group; edits go through the page's runner."""

    def __init__(self, page: GroupsPage) -> None:
        super().__init__()
        self.page = page
        self.group: GroupView | None = None
        self._want: int | None = None  # a new row to choose once it is shown

    @property
    def store(self):
        return self.page.store

    def run(self, op: Callable[[], Any], success: Callable[[Any], None] | None = None) -> None:
        self.page.run(op, success)

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

    def __init__(self, page: GroupsPage, columns: Sequence[Column],
                 model: RowsModel | None = None) -> None:
        super().__init__(page)
        self.model = model or RowsModel(columns)
        self.table = make_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        show_rows(self.table, 3)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_form())
        self._filling = False

    FIELD = ""  # the GroupView attribute listed (already in display order)
    DELETE: Callable[[Any, int], None]  # the service call that deletes one row

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
            self.run(lambda: self.DELETE(self.store, row.id))


class OverviewTab(GroupTab):
    """The priority, when the group started, its members, what changed and what is next."""

    def __init__(self, page: GroupsPage) -> None:
        super().__init__(page)
        self.priority = QLineEdit()
        self.priority.editingFinished.connect(self._priority_done)
        self.started = OptionalDateEdit(clearable=False)
        self.started.edited.connect(self._started_done)
        self.counts = muted()
        about = QGroupBox("Group")
        form = QFormLayout(about)
        form.addRow("Priority", self.priority)
        form.addRow("Started on", self.started)
        form.addRow(self.counts)

        self.members = RowsModel([("Member", lambda m: m.label),
                                  ("Joined as", lambda m: "interviewee (by pseudonym)"
                                   if m.participant_id else "named member")])
        self.member_table = make_table(self.members)
        header = self.member_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.person = QComboBox()
        self.person.currentIndexChanged.connect(lambda _i: self._person_chosen())
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
        row.addWidget(muted("Interviewees are printed by pseudonym, never by name."), 1)
        row.addWidget(button("Remove", self.remove_member))
        row.addWidget(button("Add member", self.add_member))
        pv.addLayout(row)

        self.changed = NotesEdit("What the group changed, in plain words for the celebration "
                                 "event")
        self.changed.editingFinished.connect(
            lambda: self._save_text("changed", self.changed.text()))
        self.next_steps = NotesEdit("What happens next: sustaining and spreading the change")
        self.next_steps.editingFinished.connect(
            lambda: self._save_text("next_steps", self.next_steps.text()))
        right = QVBoxLayout()
        for title, edit in (("What changed", self.changed), ("Next steps", self.next_steps)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(edit)
            right.addWidget(box, 1)
        left = QVBoxLayout()
        left.addWidget(about)
        left.addWidget(people, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

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

    def _priority_done(self) -> None:
        g, text = self.group, self.priority.text().strip()
        if g is not None and text != g.priority:
            self.run(lambda: groups.update_group(self.store, g.id, priority=text))

    def _started_done(self) -> None:
        g, day = self.group, self.started.value()
        if g is not None and day != g.started_on:
            self.run(lambda: groups.update_group(self.store, g.id, started_on=day,
                                                 clear_start=day is None))

    def _save_text(self, field: str, text: str) -> None:
        g = self.group
        if g is not None and text != getattr(g, field):
            self.run(lambda: groups.update_group(self.store, g.id, **{field: text}))

    def add_member(self) -> None:
        g = self.group
        if g is None:
            return
        pid = self.person.currentData()
        name, role = self.member_name.text().strip(), self.member_role.value()
        if pid is None and not name:
            self.page.status.emit("Type the member's name, or choose an interviewee")
            self.member_name.setFocus()
            return
        self.member_name.clear()
        self.person.setCurrentIndex(0)
        self.run(lambda: groups.add_member(self.store, g.id, role=role, name=name,
                                           participant_id=pid))

    def remove_member(self) -> None:
        rows = self.member_table.selectionModel().selectedRows()
        if rows:
            member = self.members.row(rows[0])
            self.run(lambda: groups.remove_member(self.store, member.id))


class MeetingsTab(ListTab):
    """The group's meetings: when, how many came, and the notes."""

    FIELD = "meetings"
    DELETE = staticmethod(groups.delete_meeting)

    def __init__(self, page: GroupsPage) -> None:
        super().__init__(page, [("Date", lambda m: show_day(m.held_on)),
                                ("People", lambda m: m.attendees or "—"),
                                ("Notes", lambda m: first_line(m.notes))])
        self.held_on = OptionalDateEdit(clearable=False)
        self.held_on.edited.connect(self._date_done)
        self.attendees = QSpinBox()
        self.attendees.setRange(0, 999)
        self.attendees.editingFinished.connect(self._attendees_done)
        self.notes = NotesEdit("Who came, what was discussed, what was decided")
        self.notes.editingFinished.connect(self._notes_done)
        self.form = QGroupBox("Meeting")
        form = QFormLayout(self.form)
        form.addRow("Date", self.held_on)
        form.addRow("People there", self.attendees)
        form.addRow("Notes", self.notes)
        buttons = QHBoxLayout()
        buttons.addWidget(button("Add meeting", self.add_meeting, primary=True))
        buttons.addWidget(button("Delete", self.delete))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.form, 2)

    def fill_form(self, m: MeetingView | None) -> None:
        self.form.setEnabled(m is not None)
        self.held_on.set_value(m.held_on if m else None)
        if not self.attendees.hasFocus():
            self.attendees.setValue(m.attendees if m else 0)
        self.notes.set_text(m.notes if m else "")

    def add_meeting(self, *, held_on: date | None = None) -> None:
        g = self.group
        if g is not None:
            day = held_on or date.today()
            self.run(lambda: groups.add_meeting(self.store, g.id, day), success=self.choose_new)

    def _date_done(self) -> None:
        m, day = self.selected(), self.held_on.value()
        if m is not None and day is not None and day != m.held_on:
            self.run(lambda: groups.update_meeting(self.store, m.id, held_on=day))

    def _attendees_done(self) -> None:
        m, n = self.selected(), self.attendees.value()
        if m is not None and n != m.attendees:
            self.run(lambda: groups.update_meeting(self.store, m.id, attendees=n))

    def _notes_done(self) -> None:
        m, text = self.selected(), self.notes.text()
        if m is not None and text != m.notes:
            self.run(lambda: groups.update_meeting(self.store, m.id, notes=text))



class ActionsModel(RowsModel):
    """Actions, with overdue ones said in words and also in the warning colour."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() \
                and self.rows[index.row()].overdue():
            return QColor(DANGER)
        return super().data(index, role)


def _status_text(a: ActionView) -> str:
    label = STATUS_LABELS[a.status]
    return f"⚠ Overdue ({label.lower()})" if a.overdue() else label


class ActionsTab(ListTab):
    """The action plan: what, who, by when, and where it stands."""

    FIELD = "actions"
    DELETE = staticmethod(groups.delete_action)

    def __init__(self, page: GroupsPage) -> None:
        columns: list[Column] = [("What", lambda a: a.what), ("Who", lambda a: a.who or "—"),
                                 ("Due", lambda a: show_day(a.due_on)),
                                 ("Status", _status_text)]
        super().__init__(page, columns, ActionsModel(columns))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.new_what = QLineEdit()
        self.new_what.setPlaceholderText("A new action, e.g. “Draft the discharge leaflet”")
        self.new_what.returnPressed.connect(lambda: self.add_action())
        self.what = QLineEdit()
        self.what.editingFinished.connect(
            lambda: self._save("what", self.what.text().strip()))
        self.who = QLineEdit()
        self.who.editingFinished.connect(lambda: self._save("who", self.who.text().strip()))
        self.member_names = QStringListModel(self)
        self.who.setCompleter(QCompleter(self.member_names, self.who))
        self.due = OptionalDateEdit()
        self.due.edited.connect(self._due_done)
        self.status: EnumCombo[ActionStatus] = EnumCombo(
            (label, s) for s, label in STATUS_LABELS.items())
        self.status.activated.connect(lambda _i: self._save("status", self.status.value()))
        self.overdue = QLabel()
        self.overdue.setStyleSheet(f"color: {DANGER}; font-weight: 600;")
        self.form = QGroupBox("Action")
        form = QFormLayout(self.form)
        form.addRow("What", self.what)
        form.addRow("Who", self.who)
        form.addRow("Due", self.due)
        form.addRow("Status", self.status)
        form.addRow(self.overdue)
        add = QHBoxLayout()
        add.addWidget(self.new_what, 1)
        add.addWidget(button("Add action", self.add_action, primary=True))
        add.addWidget(button("Delete", self.delete))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(add)
        layout.addWidget(self.form, 2)

    def show_group(self, group: GroupView | None) -> None:
        self.member_names.setStringList([m.name for m in group.members if m.name]
                                        if group else [])
        super().show_group(group)

    def fill_form(self, a: ActionView | None) -> None:
        self.form.setEnabled(a is not None)
        set_text(self.what, a.what if a else "")
        set_text(self.who, a.who if a else "")
        self.due.set_value(a.due_on if a else None)
        self.status.set_value(ActionStatus(a.status) if a else ActionStatus.OPEN)
        self.overdue.setText(f"⚠ Overdue: due {show_day(a.due_on)}" if a and a.overdue()
                             else "")

    def add_action(self, *, what: str | None = None, **fields: Any) -> None:
        g = self.group
        if g is None or not (what := self.new_text(self.new_what, what)):
            return
        self.run(lambda: groups.add_action(self.store, g.id, what, **fields),
                 success=self.choose_new)

    def _save(self, field: str, value: Any) -> None:
        a = self.selected()
        if a is not None and not self._filling and value != getattr(a, field):
            self.run(lambda: groups.update_action(self.store, a.id, **{field: value}))

    def _due_done(self) -> None:
        a, day = self.selected(), self.due.value()
        if a is not None and day != a.due_on:
            self.run(lambda: groups.update_action(self.store, a.id, due_on=day,
                                                  clear_due=day is None))



def _dates(c: CycleView) -> str:
    if c.started_on is None and c.ended_on is None:
        return "—"
    return f"{show_day(c.started_on, '?')} – {show_day(c.ended_on, 'ongoing')}"


CYCLE_TEXTS = (("plan", "Plan", "What change will we try, with whom, when?"),
               ("prediction", "Prediction", "What do we expect to happen?"),
               ("happened", "Do: what happened", "What actually happened?"),
               ("learnt", "Study: what we learnt", "What did the measures and people say?"),
               ("next_step", "Act: next step", "Adopt, adapt or abandon?"))


class CyclesTab(ListTab):
    """Plan-do-study-act cycles: the small tests of change a group runs."""

    FIELD = "cycles"
    DELETE = staticmethod(groups.delete_cycle)

    def __init__(self, page: GroupsPage) -> None:
        super().__init__(page, [("PDSA", lambda c: c.number), ("Title", lambda c: c.title),
                                ("Dates", _dates), ("Learnt", lambda c: first_line(c.learnt,
                                                                                   60))])
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("A new cycle, e.g. “Bedside handover on one bay”")
        self.new_title.returnPressed.connect(lambda: self.add_cycle())
        self.title = QLineEdit()
        self.title.editingFinished.connect(lambda: self._save("title",
                                                              self.title.text().strip()))
        self.started = OptionalDateEdit()
        self.started.edited.connect(lambda: self._save("started_on", self.started.value()))
        self.ended = OptionalDateEdit()
        self.ended.edited.connect(lambda: self._save("ended_on", self.ended.value()))
        self.texts: dict[str, NotesEdit] = {}
        self.form = QGroupBox("PDSA cycle")
        grid = QGridLayout(self.form)
        top = QHBoxLayout()
        top.addWidget(QLabel("Title"))
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("From"))
        top.addWidget(self.started)
        top.addWidget(QLabel("to"))
        top.addWidget(self.ended)
        grid.addLayout(top, 0, 0, 1, 2)
        for i, (field, label, hint) in enumerate(CYCLE_TEXTS):
            edit = NotesEdit(hint)
            edit.setMinimumHeight(54)
            edit.editingFinished.connect(lambda f=field, e=edit: self._save(f, e.text()))
            self.texts[field] = edit
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(QLabel(label))
            box.addWidget(edit)
            grid.addLayout(box, 1 + i // 2, i % 2)
        add = QHBoxLayout()
        add.addWidget(self.new_title, 1)
        add.addWidget(button("Add cycle", self.add_cycle, primary=True))
        add.addWidget(button("Delete", self.delete))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(add)
        layout.addWidget(self.form, 3)

    def fill_form(self, c: CycleView | None) -> None:
        self.form.setEnabled(c is not None)
        set_text(self.title, c.title if c else "")
        self.started.set_value(c.started_on if c else None)
        self.ended.set_value(c.ended_on if c else None)
        for field, edit in self.texts.items():
            edit.set_text(getattr(c, field) if c else "")

    def add_cycle(self, *, title: str | None = None, **fields: Any) -> None:
        g = self.group
        if g is None or not (title := self.new_text(self.new_title, title)):
            return
        self.run(lambda: groups.add_cycle(self.store, g.id, title, **fields),
                 success=self.choose_new)

    def _save(self, field: str, value: Any) -> None:
        c = self.selected()
        if c is not None and not self._filling and value != getattr(c, field):
            self.run(lambda: groups.update_cycle(self.store, c.id, **{field: value}))

