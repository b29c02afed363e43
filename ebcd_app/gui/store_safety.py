"""The app's side of a project that cannot be changed, and of putting a snapshot back.

A read-only project (a DVD, a locked share, a full disk) or a damaged one opens with a
banner that says why and what still works; a damaged one offers its last good snapshot.
File ▸ Restore… lists the snapshots (when, size, whether each passes a check) and puts the
chosen one back, keeping the current database as a snapshot first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.services.snapshots import SnapshotInfo
from ebcd_app.store.db import ProjectStore


def banner_text(store: ProjectStore) -> str:
    """What the banner says; "" for a project that can be changed."""
    if not store.read_only:
        return ""
    if store.damaged:
        return (f"This project's database is damaged ({store.damaged}). It is open "
                "read-only: you can read, search and export; changes cannot be saved. "
                "Restore… puts back its last good snapshot.")
    return (f"This project is read-only: {store.read_only_reason}. You can read, search "
            "and export; changes cannot be saved.")


class ReadOnlyBanner(QFrame):
    """A strip across the top of a read-only project, with Restore… when it is damaged."""

    restore_requested = Signal()

    def __init__(self, store: ProjectStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet("#readOnlyBanner { background: #fff4ce; border-bottom: 1px solid "
                           "#d6b656; } #readOnlyBanner QLabel { color: #3b2f00; }")
        self.label = QLabel(banner_text(store))
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        self.restore_button: QPushButton | None = None
        if store.damaged:
            self.restore_button = QPushButton("&Restore…")
            self.restore_button.clicked.connect(self.restore_requested)
            layout.addWidget(self.restore_button)
        self.setVisible(store.read_only)


class RestoreDialog(QDialog):
    """Choose a snapshot to put back; the newest that passes its check is preselected."""

    def __init__(self, parent: QWidget | None, folder: str,
                 found: list[SnapshotInfo]) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore a snapshot")
        self.found = found
        intro = QLabel(
            f"Snapshots of {folder}, newest first. Restoring puts the chosen one back as the "
            "project's database; the database as it is now is kept as a snapshot first."
            if found else f"{folder} has no snapshots yet: one is taken when a project opens "
            "and every few minutes while you work.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(found), 3)
        self.table.setObjectName("snapshotTable")
        self.table.setHorizontalHeaderLabels(["Taken", "Size", "Check"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, snap in enumerate(found):
            cells = (f"{snap.taken_at:%Y-%m-%d %H:%M:%S}", f"{snap.size / 1e6:.1f} MB",
                     "passes" if snap.ok else f"damaged: {snap.problem}")
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()  # the time taken is what a person chooses by
        good = next((i for i, snap in enumerate(found) if snap.ok), None)
        if good is not None:
            self.table.selectRow(good)
        self.table.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(good is not None)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.chosen() is not None))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def chosen(self) -> SnapshotInfo | None:
        """The selected snapshot, if it passes its check (a damaged one cannot be chosen)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        snap = self.found[rows[0].row()]
        return snap if snap.ok else None
