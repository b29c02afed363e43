"""Language suggestions awaiting a person: sentiments, names to redact, themes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import Sentiment, SuggestionKind
from ebcd_app.gui.facilitator import facilitator_name
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import OpChanges, Ops
from ebcd_app.gui.ops import jobs as job_ops
from ebcd_app.gui.ops import suggestions as suggestion_ops
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.player import clock
from ebcd_app.gui.sentiment_style import COLOUR
from ebcd_app.gui.style import muted
from ebcd_app.services import suggestions
from ebcd_app.store.db import ProjectStore

GROUPS = {SuggestionKind.SENTIMENT: "Sentiment of a sentence (accepting makes a touch point)",
          SuggestionKind.REDACTION: "Names of people and places to redact",
          SuggestionKind.THEME: "Themes that come up in more than one interview"}


class SuggestionsPage(QWidget):
    status = Signal(str)
    play_requested = Signal(int, float)

    def __init__(self, store: ProjectStore, ops: Ops, jobs: JobManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        runner, self.ops = ops.runner, ops
        self.setObjectName("page")
        self.store, self.runner, self.jobs = store, runner, jobs
        run = QPushButton("Suggest now")
        run.setObjectName("primary")
        run.clicked.connect(self.run)
        self.pipeline = muted(QLabel("Suggestions are made after each transcription, or now "
                                     "on every transcript."))
        top = QHBoxLayout()
        top.addWidget(run)
        top.addWidget(self.pipeline, 1)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Suggestion", "Interview", "At"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(self._play)
        accept = QPushButton("Accept")
        accept.clicked.connect(lambda: self.decide(True))
        reject = QPushButton("Reject")
        reject.clicked.connect(lambda: self.decide(False))
        buttons = QHBoxLayout()
        buttons.addWidget(accept)
        buttons.addWidget(reject)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Suggestions", "What the language tools noticed. Nothing "
                                     "is applied until a person accepts it."))
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        runner.operation_executed.connect(self._on_change)
        jobs.job_finished.connect(self._job_finished)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        items = suggestions.list_suggestions(self.store)
        for kind, title in GROUPS.items():
            mine = [x for x in items if x.kind == kind]
            group = QTreeWidgetItem([f"{title}  ({len(mine)})"])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            for x in mine:
                where = x.recording_name or "several interviews"
                item = QTreeWidgetItem([x.summary, where,
                                        clock(x.start) if x.start is not None else ""])
                item.setData(0, Qt.ItemDataRole.UserRole, x)
                if kind == SuggestionKind.SENTIMENT:
                    from PySide6.QtGui import QColor

                    item.setForeground(0, QColor(COLOUR[Sentiment(x.value["sentiment"])]))
                group.addChild(item)
            group.setExpanded(True)

    def selected(self) -> list[suggestions.SuggestionView]:
        return [i.data(0, Qt.ItemDataRole.UserRole) for i in self.tree.selectedItems()
                if i.data(0, Qt.ItemDataRole.UserRole) is not None]

    def decide(self, accept: bool) -> None:
        chosen = self.selected()
        if not chosen:
            self.status.emit("Select one or more suggestions first")
            return
        suggestion_ops.decide_suggestions(self.ops, self.store, [x.id for x in chosen],
                                   accept=accept, by=facilitator_name(self) or "")

    def run(self) -> None:
        job_ops.run_suggestions(self.jobs, self.store)

    def _job_finished(self, job, result) -> None:
        if isinstance(result, suggestions.SuggestionRun):
            self.pipeline.setText(f"Last run: {result.pipeline}.")
            self.refresh()

    def _on_change(self, change: object) -> None:
        """After a decision, and after its undo or redo: the suggestion is back or gone."""
        if isinstance(change, OpChanges) and change.touches("suggestions"):
            self.refresh()

    def _play(self, item: QTreeWidgetItem) -> None:
        x = item.data(0, Qt.ItemDataRole.UserRole)
        if x is not None and x.recording_id is not None and x.start is not None:
            self.play_requested.emit(x.recording_id, x.start)
