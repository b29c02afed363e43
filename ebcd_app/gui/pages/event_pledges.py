"""An event's "Commitments and feedback" tab: the 15% solutions attendees made, senior
leaders' commitments (at the leadership listening event), and the feedback forms, typed in
during or after the event.

Why on the event page: they are captured at the event, and the next packs and the
celebration pack print them (services/pledging.py). Each entry is one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import EventKind, PledgeKind
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import events as event_ops
from ebcd_app.gui.pages.codesign_widgets import hint
from ebcd_app.services import pledging
from ebcd_app.store.db import ProjectStore

NO_SCORE = 0  # the spin boxes' "not given"


class PledgesPanel(QWidget):
    """What people committed to at this event, and what they thought of it."""

    def __init__(self, store: ProjectStore, ops: Ops, kind: EventKind,
                 refresh: Callable[[], None]) -> None:
        super().__init__()
        self.store, self.ops, self.kind, self._refresh = store, ops, kind, refresh
        self.list = QListWidget()
        self.type = QComboBox()
        for pledge in PledgeKind:
            self.type.addItem("Leadership commitment" if pledge == PledgeKind.COMMITMENT
                              else "15% solution", pledge)
        if kind == EventKind.LEADERSHIP_LISTENING:
            self.type.setCurrentIndex(list(PledgeKind).index(PledgeKind.COMMITMENT))
        self.who = QLineEdit()
        self.who.setPlaceholderText("who (optional for a 15% solution)")
        self.what = QLineEdit()
        self.what.setPlaceholderText("what will be done")
        self.by_when = QDateEdit(QDate.currentDate().addMonths(1))
        self.by_when.setCalendarPopup(True)
        self.by_when.setDisplayFormat("d MMM yyyy")
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow("Kind", self.type)
        form.addRow("Who", self.who)
        form.addRow("What", self.what)
        row = QHBoxLayout()
        row.addWidget(self.by_when)
        row.addStretch(1)
        row.addWidget(self.add_button)
        form.addRow("By when", row)

        self.session, self.useful = self._score(), self._score()
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("the comment on the form, if any")
        self.add_form_button = QPushButton("Add form")
        self.add_form_button.clicked.connect(self.add_form)
        self.summary = hint()
        feedback = QGroupBox("Feedback forms")
        fform = QFormLayout(feedback)
        fform.addRow("How it was (1-5)", self.session)
        fform.addRow("How useful (1-5)", self.useful)
        fform.addRow("Comment", self.comment)
        fform.addRow(self.add_form_button)
        fform.addRow(self.summary)

        layout = QVBoxLayout(self)
        layout.addWidget(hint("15% solutions: what each person will change themselves, "
                              "without extra permission or resources. They are printed in "
                              "the next packs and at the celebration."))
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(feedback)

    @staticmethod
    def _score() -> QSpinBox:
        box = QSpinBox()
        box.setRange(NO_SCORE, 5)
        box.setSpecialValueText("not given")
        return box

    def show_event(self) -> None:
        self.list.clear()
        for p in pledging.pledges(self.store):
            if p.event == self.kind:
                when = f", by {p.by_when:%d %b %Y}" if p.by_when else ""
                self.list.addItem(f"{p.kind}: {p.who or 'someone'}: {p.what}{when}")
        found = [f for f in pledging.feedback_summaries(self.store) if f.event == self.kind]
        if found:
            f = found[0]
            self.summary.setText(
                f"{f.forms} form(s): how it was, median {f.session_median or '-'}; how "
                f"useful, median {f.useful_median or '-'}; {len(f.comments)} comment(s)")
        else:
            self.summary.setText("No feedback forms entered yet.")

    def add(self) -> None:
        day = self.by_when.date().toPython()

        def done(_r: object) -> None:
            self.what.clear()
            self.who.clear()

        event_ops.add_pledge(self.ops, self.store, self.kind, PledgeKind(self.type.currentData()),
                             who=self.who.text(), what=self.what.text(), by_when=day,
                             success=done, refresh=self._refresh)

    def add_form(self) -> None:
        def done(_r: object) -> None:
            self.session.setValue(NO_SCORE)
            self.useful.setValue(NO_SCORE)
            self.comment.clear()

        event_ops.add_feedback(self.ops, self.store, self.kind,
                               session=self.session.value() or None,
                               useful=self.useful.value() or None,
                               comment=self.comment.text(), success=done,
                               refresh=self._refresh)
