"""The co-design group page's list tabs: meetings, the action plan and the PDSA cycles.

Each is a table with a form under it for the chosen row; a field saves when it is left, as
one undo step. A row just added is chosen, ready for its form to be filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from ebcd_app.domain.models import ActionStatus
from ebcd_app.gui.edit_widgets import NotesEdit, OptionalDateEdit, show_day
from ebcd_app.gui.enum_combo import EnumCombo
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import groups as group_ops
from ebcd_app.gui.pages.codesign_widgets import button, set_text, warning_label
from ebcd_app.gui.pages.group_tabs import ListTab, first_line
from ebcd_app.gui.style import DANGER
from ebcd_app.gui.table_model import Column, Index, RowsModel
from ebcd_app.services.groups import ActionView, CycleView, GroupView, MeetingView
from ebcd_app.store.db import ProjectStore

STATUS_LABELS = {ActionStatus.OPEN: "Open", ActionStatus.IN_PROGRESS: "In progress",
                 ActionStatus.DONE: "Done", ActionStatus.DROPPED: "Dropped"}
CYCLE_TEXTS = (("plan", "Plan", "What change will we try, with whom, when?"),
               ("prediction", "Prediction", "What do we expect to happen?"),
               ("happened", "Do: what happened", "What actually happened?"),
               ("learnt", "Study: what we learnt", "What did the measures and people say?"),
               ("next_step", "Act: next step", "Adopt, adapt or abandon?"))
Refresh = Callable[[], None]


class MeetingsTab(ListTab):
    """The group's meetings: when, how many came, and the notes."""

    FIELD = "meetings"

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Refresh) -> None:
        super().__init__(store, ops, refresh, [("Date", lambda m: show_day(m.held_on)),
                                               ("People", lambda m: m.attendees or "—"),
                                               ("Notes", lambda m: first_line(m.notes))])
        self.held_on = OptionalDateEdit(clearable=False)
        self.attendees = QSpinBox()
        self.attendees.setRange(0, 999)
        self.notes = NotesEdit("Who came, what was discussed, what was decided")
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
        self.held_on.edited.connect(lambda: self._save("held_on", self.held_on.value()))
        self.attendees.editingFinished.connect(
            lambda: self._save("attendees", self.attendees.value()))
        self.notes.editingFinished.connect(lambda: self._save("notes", self.notes.text()))

    def fill_form(self, m: MeetingView | None) -> None:
        self.form.setEnabled(m is not None)
        self.held_on.set_value(m.held_on if m else None)
        if not self.attendees.hasFocus():
            self.attendees.setValue(m.attendees if m else 0)
        self.notes.set_text(m.notes if m else "")

    def add_meeting(self, *, held_on: date | None = None) -> None:
        g = self.group
        if g is not None:
            group_ops.add_meeting(self.ops, self.store, g.id, held_on or date.today(),
                                  success=self.choose_new, refresh=self.refresh)

    def _save(self, field: str, value: Any) -> None:
        m = self.selected()
        if m is not None and value is not None and value != getattr(m, field):
            group_ops.update_meeting(self.ops, self.store, m.id, refresh=self.refresh,
                                     **{field: value})


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

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Refresh) -> None:
        columns: list[Column] = [("What", lambda a: a.what), ("Who", lambda a: a.who or "—"),
                                 ("Due", lambda a: show_day(a.due_on)),
                                 ("Status", _status_text)]
        super().__init__(store, ops, refresh, columns, ActionsModel(columns))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.new_what = QLineEdit()
        self.new_what.setPlaceholderText("A new action, e.g. “Draft the discharge leaflet”")
        self._build_form()
        add = QHBoxLayout()
        add.addWidget(self.new_what, 1)
        add.addWidget(button("Add action", self.add_action, primary=True))
        add.addWidget(button("Delete", self.delete))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(add)
        layout.addWidget(self.form, 2)
        self._connect()

    def _build_form(self) -> None:
        self.what = QLineEdit()
        self.who = QLineEdit()
        self.member_names = QStringListModel(self)
        self.who.setCompleter(QCompleter(self.member_names, self.who))
        self.due = OptionalDateEdit()
        self.status: EnumCombo[ActionStatus] = EnumCombo(
            (label, s) for s, label in STATUS_LABELS.items())
        self.overdue = warning_label()
        self.form = QGroupBox("Action")
        form = QFormLayout(self.form)
        form.addRow("What", self.what)
        form.addRow("Who", self.who)
        form.addRow("Due", self.due)
        form.addRow("Status", self.status)
        form.addRow(self.overdue)

    def _connect(self) -> None:
        self.new_what.returnPressed.connect(lambda: self.add_action())
        self.what.editingFinished.connect(
            lambda: self._save("what", self.what.text().strip()))
        self.who.editingFinished.connect(lambda: self._save("who", self.who.text().strip()))
        self.due.edited.connect(self._due_done)
        self.status.activated.connect(lambda _i: self._save("status", self.status.value()))

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
        group_ops.add_action(self.ops, self.store, g.id, what, success=self.choose_new,
                             refresh=self.refresh, **fields)

    def _save(self, field: str, value: Any) -> None:
        a = self.selected()
        if a is not None and not self._filling and value != getattr(a, field):
            group_ops.update_action(self.ops, self.store, a.id, refresh=self.refresh,
                                    **{field: value})

    def _due_done(self) -> None:
        a, day = self.selected(), self.due.value()
        if a is not None and day != a.due_on:
            group_ops.update_action(self.ops, self.store, a.id, refresh=self.refresh,
                                    due_on=day, clear_due=day is None)


def _dates(c: CycleView) -> str:
    if c.started_on is None and c.ended_on is None:
        return "—"
    return f"{show_day(c.started_on, '?')} – {show_day(c.ended_on, 'ongoing')}"


class CyclesTab(ListTab):
    """Plan-do-study-act cycles: the small tests of change a group runs."""

    FIELD = "cycles"

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Refresh) -> None:
        super().__init__(store, ops, refresh, [
            ("PDSA", lambda c: c.number), ("Title", lambda c: c.title), ("Dates", _dates),
            ("Learnt", lambda c: first_line(c.learnt, 60))])
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("A new cycle, e.g. “Bedside handover on one bay”")
        self.new_title.returnPressed.connect(lambda: self.add_cycle())
        self._build_form()
        add = QHBoxLayout()
        add.addWidget(self.new_title, 1)
        add.addWidget(button("Add cycle", self.add_cycle, primary=True))
        add.addWidget(button("Delete", self.delete))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(add)
        layout.addWidget(self.form, 3)

    def _build_form(self) -> None:
        self.title = QLineEdit()
        self.title.editingFinished.connect(lambda: self._save("title",
                                                              self.title.text().strip()))
        self.started = OptionalDateEdit()
        self.started.edited.connect(lambda: self._save("started_on", self.started.value()))
        self.ended = OptionalDateEdit()
        self.ended.edited.connect(lambda: self._save("ended_on", self.ended.value()))
        self.form = QGroupBox("PDSA cycle")
        grid = QGridLayout(self.form)
        top = QHBoxLayout()
        for widget, stretch in ((QLabel("Title"), 0), (self.title, 1), (QLabel("From"), 0),
                                (self.started, 0), (QLabel("to"), 0), (self.ended, 0)):
            top.addWidget(widget, stretch)
        grid.addLayout(top, 0, 0, 1, 2)
        self.texts: dict[str, NotesEdit] = {}
        for i, (field, label, hint_text) in enumerate(CYCLE_TEXTS):
            edit = NotesEdit(hint_text)
            edit.setMinimumHeight(54)
            edit.editingFinished.connect(lambda f=field, e=edit: self._save(f, e.text()))
            self.texts[field] = edit
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(QLabel(label))
            box.addWidget(edit)
            grid.addLayout(box, 1 + i // 2, i % 2)

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
        group_ops.add_cycle(self.ops, self.store, g.id, title, success=self.choose_new,
                            refresh=self.refresh, **fields)

    def _save(self, field: str, value: Any) -> None:
        c = self.selected()
        if c is not None and not self._filling and value != getattr(c, field):
            group_ops.update_cycle(self.ops, self.store, c.id, refresh=self.refresh,
                                   **{field: value})
