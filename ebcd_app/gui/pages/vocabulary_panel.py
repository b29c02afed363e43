"""The project's journey stages and emotion words, editable (the defaults are a start)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import JourneyType, Sentiment
from ebcd_app.gui.enum_combo import EnumCombo
from ebcd_app.gui.labels import JOURNEYS
from ebcd_app.gui.ops import OpChanges, Ops
from ebcd_app.gui.ops import vocabulary as vocabulary_ops
from ebcd_app.gui.sentiment_style import SYMBOL
from ebcd_app.services import projects, vocabulary
from ebcd_app.store.db import ProjectStore


class VocabularyPanel(QGroupBox):
    def __init__(self, store: ProjectStore, ops: Ops,
                 parent: QWidget | None = None) -> None:
        super().__init__("Journey stages and emotion words", parent)
        self.store, self.ops = store, ops
        self.journey: EnumCombo[JourneyType] = EnumCombo(JOURNEYS)
        # a staff-experience project has the staff journey only: show it first
        self.journey.set_value(projects.project_info(store).journey_type)
        self.journey.currentIndexChanged.connect(lambda _i: self.refresh())
        self.stages = QListWidget()
        self.emotions = QListWidget()
        self.add_stage_btn = QPushButton("Add stage…")
        self.add_stage_btn.clicked.connect(self.add_stage)
        self.add_emotion_btn = QPushButton("Add emotion word…")
        self.add_emotion_btn.clicked.connect(self.add_emotion)
        left = QVBoxLayout()
        left.addWidget(self.journey)
        left.addWidget(self.stages)
        left.addWidget(self.add_stage_btn)
        right = QVBoxLayout()
        right.addWidget(QLabel("Emotion words"))
        right.addWidget(self.emotions)
        right.addWidget(self.add_emotion_btn)
        row = QHBoxLayout(self)
        row.addLayout(left)
        row.addLayout(right)
        ops.runner.operation_executed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change: object) -> None:
        if isinstance(change, OpChanges) and change.touches("vocabulary"):
            self.refresh()

    def refresh(self) -> None:
        self.stages.clear()
        for st in vocabulary.stages(self.store, self.journey.value()):
            self.stages.addItem(f"{st.position + 1}. {st.name}")
        self.emotions.clear()
        for sentiment, words in vocabulary.emotions(self.store).items():
            for word in words:
                self.emotions.addItem(f"{SYMBOL[sentiment]} {word}")

    def add_stage(self) -> None:
        name, ok = QInputDialog.getText(self, "Add a journey stage", "Stage name:")
        if not ok or not name.strip():
            return
        names = [self.stages.item(i).text().split(". ", 1)[1]
                 for i in range(self.stages.count())]
        after, ok = QInputDialog.getItem(self, "Add a journey stage", "Place it after:",
                                         ["(first)", *names], len(names), False)
        if not ok:
            return
        position = 0 if after == "(first)" else names.index(after) + 1
        vocabulary_ops.add_stage(self.ops, self.store, self.journey.value(), name, position)

    def add_emotion(self) -> None:
        word, ok = QInputDialog.getText(self, "Add an emotion word", "Word:")
        if not ok or not word.strip():
            return
        labels = [f"{SYMBOL[s]} {s.value}" for s in Sentiment]
        chosen, ok = QInputDialog.getItem(self, "Add an emotion word", "Sentiment:", labels,
                                          0, False)
        if not ok:
            return
        vocabulary_ops.add_emotion(self.ops, self.store, word,
                                   list(Sentiment)[labels.index(chosen)])
