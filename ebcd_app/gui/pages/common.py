"""Pieces every page shares: the title block."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout


def page_header(title: str, subtitle: str) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(2)
    t = QLabel(title)
    t.setObjectName("pageTitle")
    s = QLabel(subtitle)
    s.setObjectName("pageSubtitle")
    s.setWordWrap(True)
    box.addWidget(t)
    box.addWidget(s)
    box.addSpacing(8)
    return box
