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
from ebcd_app.gui.operations import OperationRunner
from ebcd_app.gui.sentiment_style import SYMBOL
from ebcd_app.services import vocabulary
from ebcd_app.store.db import ProjectStore


class VocabularyChanged:
    """Broadcast after a stage or emotion word was added."""


class VocabularyPanel(QGroupBox):
    def __init__(self, store: ProjectStore, runner: OperationRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__("Journey stages and emotion words", parent)
        self.store, self.runner = store, runner
        self.journey: EnumCombo[JourneyType] = EnumCombo(JOURNEYS)
        self.journey.currentIndexChanged.connect(lambda _i: self.refresh())
        self.stages = QListWidget()
        self.emotions = QListWidget()
        add_stage = QPushButton("Add stage…")
        add_stage.clicked.connect(self.add_stage)
        add_emotion = QPushButton("Add emotion word…")
        add_emotion.clicked.connect(self.add_emotion)
        left = QVBoxLayout()
        left.addWidget(self.journey)
        left.addWidget(self.stages)
        left.addWidget(add_stage)
        right = QVBoxLayout()
        right.addWidget(QLabel("Emotion words"))
        right.addWidget(self.emotions)
        right.addWidget(add_emotion)
        row = QHBoxLayout(self)
        row.addLayout(left)
        row.addLayout(right)
        runner.operation_executed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change: object) -> None:
        if isinstance(change, VocabularyChanged):
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
        journey = self.journey.value()

        def op() -> VocabularyChanged:
            vocabulary.add_stage(self.store, journey, name, position)
            return VocabularyChanged()
        self.runner.run(op)

    def add_emotion(self) -> None:
        word, ok = QInputDialog.getText(self, "Add an emotion word", "Word:")
        if not ok or not word.strip():
            return
        labels = [f"{SYMBOL[s]} {s.value}" for s in Sentiment]
        chosen, ok = QInputDialog.getItem(self, "Add an emotion word", "Sentiment:", labels,
                                          0, False)
        if not ok:
            return
        sentiment = list(Sentiment)[labels.index(chosen)]

        def op() -> VocabularyChanged:
            vocabulary.add_emotion(self.store, word, sentiment)
            return VocabularyChanged()
        self.runner.run(op)
