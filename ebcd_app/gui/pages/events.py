"""The feedback, joint and celebration events (EBCD stages 4, 5, 6 and 8), one page each.

A facilitator prepares an event here (date, place, agenda), records it as it happens (who came,
the dots each priority got, what was agreed) and makes its printed pack. Every edit is saved
when the field is left, like the rest of the app, through `gui/ops/events.py`, so each one is
one step on Edit ▸ Undo; the services refuse what EBCD does not allow (a sixth agreed
priority) and the page then shows the stored value again with the reason.

The page is composed per kind of event from panels with one job each: the details form
(event_details.py), the priorities (event_priorities.py), the agenda (agenda_editor.py) and,
on the staff event only, the stages shared with patients (event_shared.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ebcd_app.domain.consent import Audience
from ebcd_app.domain.models import EventKind
from ebcd_app.gui.agenda_editor import AgendaEditor
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import OpChanges, Ops
from ebcd_app.gui.ops import events as event_ops
from ebcd_app.gui.pack_bar import PackBar
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.pages.event_details import EventDetails
from ebcd_app.gui.pages.event_pledges import PledgesPanel
from ebcd_app.gui.pages.event_priorities import (
    P_AGREED,
    P_DETAIL,
    P_DOTS,
    P_TITLE,
    PrioritiesPanel,
)
from ebcd_app.gui.pages.event_shared import SharedStagesPanel
from ebcd_app.services import events, projects
from ebcd_app.services.events import EventView
from ebcd_app.store.db import ProjectStore

__all__ = ["P_AGREED", "P_DETAIL", "P_DOTS", "P_TITLE", "EventPage"]

STAGE = {EventKind.STAFF_FEEDBACK: "4", EventKind.PATIENT_FEEDBACK: "5", EventKind.JOINT: "6",
         EventKind.CELEBRATION: "8", EventKind.LEADERSHIP_LISTENING: "5",
         EventKind.JOINT_LEADERSHIP: "6"}
PURPOSE = {
    EventKind.STAFF_FEEDBACK: "staff see what the interviews found, dot-vote on priorities "
    "and agree which areas of the staff journey patients may see.",
    EventKind.PATIENT_FEEDBACK: "patients and families see the film and agree areas for "
    "improvement, often by dot-voting on touch points.",
    EventKind.JOINT: "patients, families and staff share their experiences and agree 3 to 5 "
    "shared priorities; each becomes a co-design group.",
    EventKind.CELEBRATION: "the co-design groups show what changed and what was learnt, and "
    "everyone hears the next steps.",
    EventKind.LEADERSHIP_LISTENING: "senior leaders watch the film and see what staff agreed "
    "they may; each commits to actions, with an owner and a date.",
    EventKind.JOINT_LEADERSHIP: "staff of all levels and senior leaders agree 3 to 5 shared "
    "priorities; each becomes a co-design group.",
}
STAFF_PURPOSE = {
    EventKind.STAFF_FEEDBACK: "staff see what the interviews found, dot-vote on priorities, "
    "make their 15% solutions and agree, stage by stage, what senior leaders may see.",
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
    Audience.LEADERSHIP: "The pack is for senior leaders. It shows only material staff agreed "
    "leaders may see, from the stages staff shared; people in small groups are not named by "
    "role.",
    Audience.STAFF_AND_LEADERSHIP: "The pack is for staff and senior leaders together. It "
    "shows only material agreed for both; people in small groups are not named by role.",
}


class EventPage(QWidget):
    """One event: its details, agenda, priorities and pack (and what staff share, or the
    start of the co-design groups, on the pages where EBCD decides those)."""

    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops, jobs: JobManager,
                 kind: EventKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.store, self.ops, self.runner, self.jobs = store, ops, ops.runner, jobs
        self.kind = kind
        self.view: EventView = events.event_for(store, kind)  # made on first visit
        self.staff_project = projects.project_info(store).staff_experience
        self.pack = PackBar(store, jobs, kind.value, AUDIENCE_TEXT[events.audience(store, kind)])
        self.details = EventDetails(store, ops, kind, self.refresh)
        self._build_tabs()
        self._build_layout()
        self._connect()
        self.agenda.load(events.agenda_template(store, kind))
        self.refresh()

    def _build_tabs(self) -> None:
        store, ops, kind = self.store, self.ops, self.kind
        self.priority_panel = PrioritiesPanel(store, ops, kind, self.refresh)
        self.agenda = AgendaEditor()
        self.shared_panel = (SharedStagesPanel(store, ops, self.refresh)
                             if kind == EventKind.STAFF_FEEDBACK else None)
        self.pledges = (PledgesPanel(self.store, self.ops, self.kind, self.refresh)
                        if self.staff_project else None)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.priority_panel, "Priorities")
        self.tabs.addTab(self.agenda, "Agenda")
        if self.shared_panel is not None:
            self.tabs.addTab(self.shared_panel, "Shared with senior leaders"
                             if self.staff_project else "Shared with patients")
        if self.pledges is not None:
            self.tabs.addTab(self.pledges, "Commitments and feedback")
        # the widgets tests and tools reach for, by the names they had before the split
        d, p = self.details, self.priority_panel
        self.title, self.held_on, self.starts_at, self.place = (d.title, d.held_on,
                                                                d.starts_at, d.place)
        self.facilitators, self.attendance, self.notes, self.total = (
            d.facilitators, d.attendance, d.notes, d.total)
        self.priorities, self.new_priority, self.summary, self.warning = (
            p.priorities, p.new_priority, p.summary, p.warning)
        self.start_groups_button = p.start_groups_button
        self.add_priority, self.propose, self.selected_priority = (
            p.add_priority, p.propose, p.selected_priority)
        self.shared = self.shared_panel.shared if self.shared_panel else None
        if self.shared_panel is not None:
            self.shared_count = self.shared_panel.shared_count

    def _build_layout(self) -> None:
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.details)
        split.addWidget(self.tabs)
        split.setSizes([380, 720])
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        purpose = (STAFF_PURPOSE if self.staff_project else PURPOSE).get(self.kind,
                                                                         PURPOSE[self.kind])
        layout.addLayout(page_header(events.TITLES[self.kind],
                                     f"Stage {STAGE[self.kind]}: {purpose}"))
        layout.addWidget(self.pack)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        self.pack.status.connect(self.status)
        self.pack.before = self._before_pack
        self.priority_panel.status.connect(self.status)
        self.agenda.save_requested.connect(lambda: self.save_agenda())
        self.details.starts_at.textChanged.connect(lambda text: self.agenda.set_start(text))
        self.runner.operation_executed.connect(self._on_change)

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the stored event; a field being typed in keeps what is typed."""
        self.view = view = events.event_for(self.store, self.kind)
        self.details.show_event(view)
        self.priority_panel.show_event(view)
        if self.shared_panel is not None:
            self.shared_panel.show_event(view)
        if self.pledges is not None:
            self.pledges.show_event()

    def _on_change(self, change: object) -> None:
        if isinstance(change, OpChanges) and change.touches("events"):
            if change.undone and not self.agenda.dirty:  # an agenda saved, then undone
                self.agenda.load(events.agenda_template(self.store, self.kind))
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()  # journey stages may have been edited on another page

    # -- the agenda and the pack ---------------------------------------------------------
    def save_agenda(self, then: Callable[[], None] | None = None) -> None:
        """Save the agenda on screen as this project's template for this kind of event."""
        def done(_r: object) -> None:
            self.agenda.set_dirty(False)
            self.status.emit("Agenda saved as this project's template")
            if then is not None:
                then()
        event_ops.set_agenda(self.ops, self.store, self.kind, self.agenda.items(),
                             success=done, refresh=self.refresh)

    def make_pack(self, path: Path | None = None) -> None:
        """Make this event's pack as a job (asking where, unless given a path)."""
        self.pack.make(path)

    def _before_pack(self, start: Callable[[], None]) -> None:
        """Unsaved agenda changes are saved first, so the pack prints what is on screen."""
        if self.agenda.dirty:
            self.save_agenda(then=start)
        else:
            start()
