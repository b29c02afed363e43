"""An event's details form: title, date, start time, place, facilitators, attendance, notes.

Every field saves when it is left, and only when it differs from what is stored, so tabbing
through the form writes nothing (and puts nothing on the undo stack).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
)

from ebcd_app.domain.models import EventKind, Role
from ebcd_app.gui.edit_widgets import NotesEdit, OptionalDateEdit
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import events as event_ops
from ebcd_app.gui.pages.codesign_widgets import hint, set_text
from ebcd_app.services.events import EventView
from ebcd_app.store.db import ProjectStore

ATTENDANCE = ((Role.PATIENT, "Patients"), (Role.FAMILY_CARER, "Family carers"),
              (Role.STAFF, "Staff"), (Role.OTHER, "Others"))


class EventDetails(QScrollArea):
    """The form on the left of an event page; it scrolls on a short screen."""

    def __init__(self, store: ProjectStore, ops: Ops, kind: EventKind,
                 refresh: Callable[[], None]) -> None:
        super().__init__()
        self.store, self.ops, self.kind, self._refresh = store, ops, kind, refresh
        self.view: EventView | None = None
        self._filling = False
        box = QGroupBox("Details")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_fields(form)
        form.addRow("Attendance", self._build_attendance())
        form.addRow("Notes", self.notes)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(box)
        self.setMinimumWidth(box.minimumSizeHint().width()
                             + self.verticalScrollBar().sizeHint().width())
        self._connect()

    def _build_fields(self, form: QFormLayout) -> None:
        self.title = QLineEdit()
        self.held_on = OptionalDateEdit()
        self.starts_at = QLineEdit()
        self.starts_at.setInputMask("99:99")
        self.starts_at.setMaximumWidth(80)
        self.starts_at.setToolTip("24-hour clock, e.g. 09:30; the agenda's times follow it")
        self.place = QLineEdit()
        self.place.setPlaceholderText("e.g. Education centre, room 2")
        self.facilitators = QLineEdit()
        self.facilitators.setPlaceholderText("Names, separated by commas")
        self.notes = NotesEdit("What happened, what people said, what to follow up")
        self.notes.setMinimumHeight(110)
        for label, field in (("Title", self.title), ("Date", self.held_on),
                             ("Starts at", self.starts_at), ("Place", self.place),
                             ("Facilitators", self.facilitators)):
            form.addRow(label, field)

    def _build_attendance(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.attendance: dict[Role, QSpinBox] = {}
        for i, (role, label) in enumerate(ATTENDANCE):
            spin = QSpinBox()
            spin.setRange(0, 9999)
            spin.setMaximumWidth(72)
            self.attendance[role] = spin
            grid.addWidget(QLabel(label), i // 2, (i % 2) * 2)
            grid.addWidget(spin, i // 2, (i % 2) * 2 + 1)
        self.total = hint()
        grid.addWidget(self.total, 2, 0, 1, 4)
        return grid

    def _connect(self) -> None:
        self.title.editingFinished.connect(self._title_done)
        self.held_on.edited.connect(self._date_done)
        self.starts_at.editingFinished.connect(
            lambda: self._save_if(starts_at=self.starts_at.text()))  # the service checks it
        self.place.editingFinished.connect(
            lambda: self._save_if(place=self.place.text().strip()))
        self.facilitators.editingFinished.connect(self._facilitators_done)
        for spin in self.attendance.values():
            spin.editingFinished.connect(self._attendance_done)
            spin.valueChanged.connect(lambda _v: self._show_total())
        self.notes.editingFinished.connect(lambda: self._save_if(notes=self.notes.text()))

    def show_event(self, view: EventView) -> None:
        """Show the stored event; a field being typed in keeps what is typed."""
        self.view = view
        self._filling = True
        set_text(self.title, view.title)
        set_text(self.place, view.place)
        set_text(self.facilitators, ", ".join(view.facilitators))
        self.held_on.set_value(view.held_on)
        if not self.starts_at.hasFocus():
            self.starts_at.setText(view.starts_at)
        for role, spin in self.attendance.items():
            if not spin.hasFocus():
                spin.setValue(view.attendance.get(role, 0))
        self.notes.set_text(view.notes)
        self._filling = False
        self._show_total()

    def _show_total(self) -> None:
        total = sum(spin.value() for spin in self.attendance.values())
        self.total.setText(f"{total} people came" if total else "Fill in after the event")

    def _save(self, **fields: Any) -> None:
        event_ops.update_event(self.ops, self.store, self.kind, refresh=self._refresh, **fields)

    def _save_if(self, **fields: Any) -> None:
        """Save the fields that differ from what is stored (leaving a field unchanged writes
        nothing)."""
        view = self.view
        if not self._filling and view is not None and any(
                getattr(view, k) != v for k, v in fields.items()):
            self._save(**fields)

    def _title_done(self) -> None:
        self._save_if(title=self.title.text().strip())

    def _date_done(self) -> None:
        day = self.held_on.value()
        if self.view is not None and day != self.view.held_on:
            self._save(**({"held_on": day} if day else {"clear_date": True}))

    def _facilitators_done(self) -> None:
        names = [n.strip() for n in self.facilitators.text().split(",") if n.strip()]
        if self.view is not None and tuple(names) != self.view.facilitators:
            self._save(facilitators=names)

    def _attendance_done(self) -> None:
        counts = {role: spin.value() for role, spin in self.attendance.items()}
        if self.view is not None and {r: n for r, n in counts.items() if n} \
                != self.view.attendance:
            self._save(attendance=counts)
