"""The staff event's "Shared with patients" tab (with senior leaders, in a staff-experience
project): which areas of the staff journey staff agreed, at the event, to let others see,
and the single touch points in them that staff keep among themselves.

Only the staff event has it, because only staff may decide it; the patient and joint packs
then show staff touch points from these stages alone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ebcd_app.domain.models import JourneyType
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import events as event_ops
from ebcd_app.gui.pages.codesign_widgets import hint
from ebcd_app.services import board, events, vocabulary
from ebcd_app.services.events import EventView
from ebcd_app.store.db import ProjectStore

HOW = ("Tick the areas of the staff journey that staff agreed, at this event, to share with "
       "patients. Patient and joint packs show staff touch points only from these stages.")


class SharedStagesPanel(QWidget):
    """A ticked list of the staff journey's stages, saved as each box is ticked."""

    def __init__(self, store: ProjectStore, ops: Ops, refresh: Callable[[], None]) -> None:
        super().__init__()
        self.store, self.ops, self._refresh = store, ops, refresh
        self.view: EventView | None = None
        self._filling = False
        self.shared = QListWidget()
        self.shared_count = hint()
        self.kept = QListWidget()  # touch points in shared stages; ticked: kept among staff
        layout = QVBoxLayout(self)
        layout.addWidget(hint(HOW))
        layout.addWidget(self.shared, 1)
        layout.addWidget(self.shared_count)
        layout.addWidget(hint("Tick a touch point to keep it among staff, even though its "
                              "stage is shared."))
        layout.addWidget(self.kept, 1)
        self.shared.itemChanged.connect(self._edited)
        self.kept.itemChanged.connect(self._kept_edited)

    def show_event(self, view: EventView) -> None:
        self.view = view
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
        kept_back = events.withheld_touchpoint_ids(self.store)
        self._filling = True
        self.kept.clear()
        for row in board.load_board(self.store):
            if row.journey != JourneyType.STAFF or row.stage_id not in view.shared_stage_ids:
                continue
            item = QListWidgetItem(f"{row.stage}: “{row.text[:90]}” ({row.attribution})")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.id in kept_back
                               else Qt.CheckState.Unchecked)
            self.kept.addItem(item)
        self._filling = False
        n = sum(1 for st in stages if st.id in view.shared_stage_ids)
        self.shared_count.setText(f"{n} of {len(stages)} staff journey stages shared with "
                                  "patients" if n else "Nothing from the staff journey is "
                                  "shared with patients yet")

    def _kept_edited(self, _item: QListWidgetItem) -> None:
        if self._filling:
            return
        items = [self.kept.item(i) for i in range(self.kept.count())]
        ids = [it.data(Qt.ItemDataRole.UserRole) for it in items
               if it.checkState() == Qt.CheckState.Checked]
        event_ops.set_withheld_touchpoints(self.ops, self.store, ids, refresh=self._refresh)

    def _edited(self, _item: QListWidgetItem) -> None:
        if self._filling or self.view is None:
            return
        items = [self.shared.item(i) for i in range(self.shared.count())]
        ids = [it.data(Qt.ItemDataRole.UserRole) for it in items
               if it.checkState() == Qt.CheckState.Checked]
        if set(ids) != set(self.view.shared_stage_ids):
            event_ops.set_shared_stages(self.ops, self.store, ids, refresh=self._refresh)
