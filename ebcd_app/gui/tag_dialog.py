"""Tag a moment in a few keystrokes: stage, sentiment, emotion word, themes, note."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from ebcd_app.domain.models import JourneyType, Sentiment
from ebcd_app.gui.sentiment_style import COLOUR, SYMBOL
from ebcd_app.services.touchpoints import TouchPointData
from ebcd_app.services.vocabulary import StageInfo

JOURNEY_LABEL = {JourneyType.PATIENT: "Patient", JourneyType.STAFF: "Staff"}


class TagDialog(QDialog):
    """Type-ahead stage, Alt+P/N/M for sentiment, completers for emotions and themes."""

    def __init__(self, parent: QWidget | None, *, quote: str, stages: list[StageInfo],
                 emotions: dict[Sentiment, list[str]], themes: list[str],
                 data: TouchPointData | None = None, title: str = "Tag touch point") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.base = data or TouchPointData()
        self.emotions = emotions
        text = QLabel(f"“{quote}”" if len(quote) < 300 else f"“{quote[:297]}…”")
        text.setWordWrap(True)
        text.setStyleSheet("font-style: italic; color: #33414e; padding: 4px 0 8px 0;")
        self._build_stage(stages)
        row = self._build_sentiments()
        self._build_words(themes)
        form = QFormLayout(self)
        form.addRow(text)
        form.addRow("&Stage", self.stage)
        form.addRow("Sentiment", row)
        form.addRow("&Emotion", self.emotion)
        form.addRow("&Themes", self.themes)
        form.addRow("N&ote", self.note)
        form.addRow("", self.quote)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                    | QDialogButtonBox.StandardButton.Cancel)
        form.addRow(self.box)
        self._connect()
        self._emotion_choices()
        self.stage.setFocus()

    def _build_stage(self, stages: list[StageInfo]) -> None:
        self.stage = QComboBox()
        self.stage.setEditable(False)
        self.stage.addItem("— no stage —", None)
        for st in stages:
            self.stage.addItem(f"{st.name}  ({JOURNEY_LABEL[st.journey]})", st.id)
        if self.base.stage_id is not None:
            self.stage.setCurrentIndex(max(0, self.stage.findData(self.base.stage_id)))

    def _build_sentiments(self) -> QHBoxLayout:
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        self.buttons: dict[Sentiment, QRadioButton] = {}
        # Alt+P/N/M as explicit shortcuts, not "&" mnemonics: some platforms (macOS, Qt's
        # offscreen one) switch mnemonics off, and the README promises these keys everywhere
        for sentiment, text_label, key in ((Sentiment.POSITIVE, "Positive", "Alt+P"),
                                           (Sentiment.NEGATIVE, "Negative", "Alt+N"),
                                           (Sentiment.MIXED, "Mixed", "Alt+M")):
            b = QRadioButton(f"{SYMBOL[sentiment]} {text_label}")
            b.setToolTip(f"{text_label} ({key})")
            QShortcut(QKeySequence(key), self, b.click)
            b.setStyleSheet(f"color: {COLOUR[sentiment]}; font-weight: 600;")
            self.group.addButton(b)
            self.buttons[sentiment] = b
            row.addWidget(b)
        row.addStretch(1)
        if self.base.sentiment is not None:
            self.buttons[self.base.sentiment].setChecked(True)
        return row

    def _build_words(self, themes: list[str]) -> None:
        """The emotion word (completed from the chosen sentiment's words), themes, note."""
        self.emotion = QLineEdit(self.base.emotion)
        self.emotion.setPlaceholderText("e.g. reassured, anxious, ignored")
        self.themes = QLineEdit(", ".join(self.base.themes))
        self.themes.setPlaceholderText("comma-separated, e.g. Call bells, Being informed")
        completer = QCompleter(themes, self.themes)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.themes.setCompleter(completer)
        self.note = QLineEdit(self.base.note)
        self.quote = QCheckBox("Use as a quote (attributed by role and pseudonym)")
        self.quote.setChecked(self.base.is_quote)

    def _connect(self) -> None:
        for b in self.buttons.values():
            b.toggled.connect(self._emotion_choices)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)

    def _emotion_choices(self) -> None:
        chosen = self.sentiment()
        words = self.emotions.get(chosen, []) if chosen else sorted(
            w for ws in self.emotions.values() for w in ws)
        completer = QCompleter(words, self.emotion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.emotion.setCompleter(completer)

    def sentiment(self) -> Sentiment | None:
        return next((s for s, b in self.buttons.items() if b.isChecked()), None)

    def result_data(self) -> TouchPointData:
        themes = tuple(t.strip() for t in self.themes.text().split(",") if t.strip())
        return replace(  # where it is (words, note, or kept waiting for words) stays
            self.base, stage_id=self.stage.currentData(), sentiment=self.sentiment(),
            emotion=self.emotion.text().strip(), themes=themes, note=self.note.text().strip(),
            is_quote=self.quote.isChecked())
