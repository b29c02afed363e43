"""The staff event's "Shared with patients" tab: which areas of the staff journey staff
agreed, at the event, to let patients see.

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
from ebcd_app.services import vocabulary
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
        layout = QVBoxLayout(self)
        layout.addWidget(hint(HOW))
        layout.addWidget(self.shared, 1)
        layout.addWidget(self.shared_count)
        self.shared.itemChanged.connect(self._edited)

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
        n = sum(1 for st in stages if st.id in view.shared_stage_ids)
        self.shared_count.setText(f"{n} of {len(stages)} staff journey stages shared with "
                                  "patients" if n else "Nothing from the staff journey is "
                                  "shared with patients yet")

    def _edited(self, _item: QListWidgetItem) -> None:
        if self._filling or self.view is None:
            return
        items = [self.shared.item(i) for i in range(self.shared.count())]
        ids = [it.data(Qt.ItemDataRole.UserRole) for it in items
               if it.checkState() == Qt.CheckState.Checked]
        if set(ids) != set(self.view.shared_stage_ids):
            event_ops.set_shared_stages(self.ops, self.store, ids, refresh=self._refresh)
