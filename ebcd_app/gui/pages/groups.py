"""Co-design groups (EBCD stage 7): each group's members, meetings, actions, PDSA cycles and
measures, and its printed pack.

Groups meet for months, so this page is for recording as it happens: every field saves when it
is left (through `gui/ops/groups.py`, one Edit ▸ Undo step each), and the run chart under a
measure is redrawn as values are added. The tabs live in group_tabs.py, group_work.py and
measures_tab.py; they are handed the store, the ops and this page's redraw, not the page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import ActionStatus
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import OpChanges, Ops
from ebcd_app.gui.ops import groups as group_ops
from ebcd_app.gui.pack_bar import PackBar
from ebcd_app.gui.pages.codesign_widgets import button, plural
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.pages.group_tabs import GroupTab, OverviewTab
from ebcd_app.gui.pages.group_work import ActionsTab, CyclesTab, MeetingsTab
from ebcd_app.gui.pages.measures_tab import MeasuresTab
from ebcd_app.gui.style import muted
from ebcd_app.services import groups
from ebcd_app.services.groups import GroupView
from ebcd_app.store.db import ProjectStore

GROUP_AUDIENCE = ("The group pack is for the group's members: its action plan, PDSA cycles "
                  "and run charts. Interviewees appear by pseudonym and names in notes are "
                  "redacted.")
EMPTY = ("No co-design groups yet.\n\nAgree 3 to 5 priorities at the joint event and press "
         "“Start co-design groups” there, or add a group here.")


class GroupsPage(QWidget):
    """The list of groups on the left; the chosen group's work in tabs on the right."""

    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops, jobs: JobManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.store, self.ops, self.runner, self.jobs = store, ops, ops.runner, jobs
        self.groups: list[GroupView] = []
        self.group: GroupView | None = None
        self._want: int | None = None
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_list())
        split.addWidget(self._build_detail())
        split.setSizes([230, 870])
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Co-design groups", "Stage 7: patients and staff work on "
                                     "one agreed priority each, over months, with small tests "
                                     "of change (PDSA cycles) and measures tracked over time."))
        layout.addWidget(split, 1)
        self._connect()
        self.refresh()

    def _build_list(self) -> QWidget:
        self.list = QListWidget()
        self.list.setObjectName("groupList")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("Groups"))
        lv.addWidget(self.list, 1)
        row = QHBoxLayout()
        for text, slot in (("Add…", self.add_group), ("Rename…", self.rename_group),
                           ("Delete…", self.delete_group)):
            row.addWidget(button(text, slot))
        lv.addLayout(row)
        return left

    def _build_detail(self) -> QStackedWidget:
        self.name = QLabel()
        self.name.setObjectName("sectionTitle")
        self.pack = PackBar(self.store, self.jobs, "group", GROUP_AUDIENCE,
                            button="Make group pack…",
                            group_id=lambda: self.group.id if self.group else None)
        tab_args = (self.store, self.ops, self.refresh)
        self.overview, self.meetings = OverviewTab(*tab_args), MeetingsTab(*tab_args)
        self.actions, self.cycles = ActionsTab(*tab_args), CyclesTab(*tab_args)
        self.measures = MeasuresTab(*tab_args)
        self.tabs = QTabWidget()
        self.tab_pages: list[GroupTab] = [self.overview, self.meetings, self.actions,
                                          self.cycles, self.measures]
        for tab, title in zip(self.tab_pages, ("Overview", "Meetings", "Actions",
                                               "PDSA cycles", "Measures"), strict=True):
            self.tabs.addTab(tab, title)
        detail = QWidget()
        dv = QVBoxLayout(detail)
        dv.setContentsMargins(0, 0, 0, 0)
        dv.addWidget(self.name)
        dv.addWidget(self.pack)
        dv.addWidget(self.tabs, 1)
        self.empty = QLabel(EMPTY)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        muted(self.empty, "large")
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(detail)
        return self.right

    def _connect(self) -> None:
        self.list.currentRowChanged.connect(lambda _r: self._chosen())
        self.pack.status.connect(self.status)
        for tab in self.tab_pages:
            tab.notice.connect(self.status)
        self.runner.operation_executed.connect(self._on_change)

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the groups, keeping the chosen one (or choosing one just made)."""
        keep = self._want or (self.group.id if self.group else None)
        self._want = None
        self.groups = groups.list_groups(self.store)
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for i, g in enumerate(self.groups):
            open_actions = sum(1 for a in g.actions if a.status in (
                ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
            item = QListWidgetItem(f"{g.name}\n{plural(len(g.members), 'member')} · "
                                   f"{plural(len(g.meetings), 'meeting')} · "
                                   f"{plural(open_actions, 'open action')}")
            item.setData(Qt.ItemDataRole.UserRole, g.id)
            item.setToolTip(f"Priority: {g.priority}")
            self.list.addItem(item)
            if g.id == keep:
                row = i
        if self.groups:
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._chosen()

    def _chosen(self) -> None:
        row = self.list.currentRow()
        self.group = self.groups[row] if 0 <= row < len(self.groups) else None
        self.right.setCurrentIndex(1 if self.group else 0)
        if self.group is not None:
            self.name.setText(self.group.name)
        for tab in self.tab_pages:
            tab.show_group(self.group)

    def select_group(self, group_id: int) -> None:
        for i, g in enumerate(self.groups):
            if g.id == group_id:
                self.list.setCurrentRow(i)

    def _on_change(self, change: object) -> None:
        if isinstance(change, OpChanges) and change.touches("people", "project", "groups"):
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    # -- editing -------------------------------------------------------------------------
    def add_group(self, *, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, "Add co-design group", "Name (usually the "
                                            "priority it works on):")
            if not ok:
                return
        if name.strip():
            def chosen(gid: int) -> None:
                self._want = gid
            group_ops.add_group(self.ops, self.store, name, success=chosen,
                                refresh=self.refresh)

    def rename_group(self, *, name: str | None = None) -> None:
        g = self.group
        if g is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Rename co-design group", "Name:", text=g.name)
            if not ok:
                return
        if name.strip() and name.strip() != g.name:
            group_ops.update_group(self.ops, self.store, g.id, doing="rename the group",
                                   refresh=self.refresh, name=name)

    def delete_group(self, *, confirm: bool = True) -> None:
        g = self.group
        if g is None:
            return
        if confirm and QMessageBox.question(
                self, "Delete co-design group",
                f"Delete “{g.name}” with its {len(g.meetings)} meetings, {len(g.actions)} "
                f"actions, {len(g.cycles)} PDSA cycles and {len(g.measures)} measures? "
                "Edit ▸ Undo brings it back.") != QMessageBox.StandardButton.Yes:
            return
        group_ops.delete_group(self.ops, self.store, g.id, refresh=self.refresh)

    def make_pack(self, path: Path | None = None) -> None:
        """Make the chosen group's pack as a job (asking where, unless given a path)."""
        self.pack.make(path)
