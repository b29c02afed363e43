"""The start screen: new project, open project, recent projects, the two demo projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.gui.style import muted


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    staff_demo_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        title = QLabel("EBCD Studio")
        title.setStyleSheet("font-size: 24pt; font-weight: 600; color: #1b2733;")
        subtitle = muted(QLabel("Experience-based co-design, from the first interview to the "
                                "celebration event. Everything stays on this computer."),
                         "large")
        subtitle.setWordWrap(True)
        buttons = QVBoxLayout()
        for text, signal in (("New project…\nStart a project for a service", self.new_requested),
                             ("Open project…\nA project folder on this computer",
                              self.open_requested),
                             ("Open the demo project\nFour fictional interviews on Ward 7",
                              self.demo_requested),
                             ("Open the staff demo\nNight staff, with senior leadership",
                              self.staff_demo_requested)):
            b = QPushButton(text)
            b.setObjectName("startButton")
            b.setMinimumWidth(300)
            b.clicked.connect(signal.emit)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.recent.setSpacing(2)
        # itemActivated alone: it is the double-click (or Enter) already, and connecting
        # itemDoubleClicked too opened the project twice, the second time from an item the
        # first opening had deleted (a fault dialog on every double-click)
        self.recent.itemActivated.connect(self._chosen)
        recent_box = QVBoxLayout()
        label = QLabel("Recent projects")
        label.setObjectName("sectionTitle")
        recent_box.addWidget(label)
        recent_box.addWidget(self.recent, 1)
        row = QHBoxLayout()
        row.addLayout(buttons)
        row.addSpacing(30)
        row.addLayout(recent_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 50, 60, 40)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(30)
        layout.addLayout(row, 1)

    def set_recent(self, folders: list[Path]) -> None:
        self.recent.clear()
        for folder in folders:
            item = QListWidgetItem(f"{folder.name}\n{folder}")
            item.setData(Qt.ItemDataRole.UserRole, str(folder))
            self.recent.addItem(item)
        if not folders:
            item = QListWidgetItem("No recent projects yet")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if path:
            # after this signal returns: opening refills (and so deletes) this list's items
            QTimer.singleShot(0, lambda: self.recent_chosen.emit(Path(path)))
