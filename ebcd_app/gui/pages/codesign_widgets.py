"""Small pieces the event and co-design group pages share, so their buttons, hints and
fields look and behave the same on every one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from ebcd_app.gui.style import muted, tone


def button(text: str, slot: Callable[[], Any], *, tip: str = "",
           primary: bool = False) -> QPushButton:
    """A push button calling `slot` with no arguments (not Qt's `checked`)."""
    b = QPushButton(text)
    b.clicked.connect(lambda _c=False: slot())
    if tip:
        b.setToolTip(tip)
    if primary:
        b.setObjectName("primary")
    return b


def hint(text: str = "") -> QLabel:
    """Secondary text that wraps: how to use a panel, a count, an empty state."""
    label = QLabel(text)
    label.setWordWrap(True)
    muted(label)
    return label


def warning_label() -> QLabel:
    """A problem the facilitator should act on, in the danger colour and semi-bold, so it
    stands out from the hints around it."""
    label = QLabel()
    label.setWordWrap(True)
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    tone(label, "danger")
    return label


def set_text(edit: QLineEdit, text: str) -> None:
    """Show stored text unless the person is typing there."""
    if not edit.hasFocus() and edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
