"""Under the transcript: the touch points at the clicked word, to edit or delete them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ebcd_app.gui.sentiment_style import COLOUR, label
from ebcd_app.gui.style import muted


class TagStrip(QWidget):
    tag_requested = Signal()
    edit_requested = Signal(object)  # TouchPointSpan
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.hint = muted(QLabel("Select words and press T to tag a touch point; M drops a "
                                 "marker while listening."))
        self.hint.setWordWrap(True)
        self.tag_btn = QPushButton("Tag selection (T)")
        self.tag_btn.clicked.connect(self.tag_requested.emit)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.hint, 1)
        top.addWidget(self.tag_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.rows)
        self.shown: list = []

    def show_spans(self, spans: list) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.shown = list(spans)
        for span in spans:
            d = span.data
            colour = COLOUR.get(d.sentiment, "#5b6670") if d.sentiment else "#5b6670"
            bits = [label(d.sentiment), span.stage or "no stage", d.emotion,
                    ", ".join(d.themes), "quote" if d.is_quote else ""]
            text = QLabel(" · ".join(b for b in bits if b))
            text.setStyleSheet(f"color: {colour}; font-weight: 600;")
            edit = QPushButton("Edit…")
            edit.clicked.connect(lambda _c=False, sp=span: self.edit_requested.emit(sp))
            delete = QPushButton("Delete")
            delete.clicked.connect(lambda _c=False, sp=span: self.delete_requested.emit(sp))
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(text, 1)
            h.addWidget(edit)
            h.addWidget(delete)
            self.rows.addWidget(row)
