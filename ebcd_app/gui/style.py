"""The application's look: Fusion with a calm light palette and readable type.

Facilitators use this for hours and co-design groups see it on a projector: high contrast,
generous spacing, one accent colour.

Selected text is a solid accent with white letters, never a pale blue: a pale blue is what a
positive touch point looks like in a transcript.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f5f8b"
ACCENT_LIGHT = "#dce9f3"
HIGHLIGHT_WORD = "#ffe08a"
TEXT_MUTED = "#5b6670"
DANGER = "#a4262c"
BORDER = "#d0d7de"
SELECTION = ACCENT  # selected text: solid, so it never passes for a sentiment's pale tint
SELECTION_TEXT = "white"

STYLESHEET = f"""
QMainWindow, QWidget#page {{ background: #f6f8fa; }}
QListWidget#navigator {{
    background: #20313f; color: #e8eef3; border: none; font-size: 10.5pt;
    padding-top: 8px; outline: 0;
}}
QListWidget#navigator::item {{ padding: 10px 14px; border-left: 3px solid transparent; }}
QListWidget#navigator::item:selected {{
    background: #2d4456; color: white; border-left: 3px solid #7fb8e0;
}}
QLabel#pageTitle {{ font-size: 16pt; font-weight: 600; color: #1b2733; }}
QLabel#pageSubtitle {{ color: {TEXT_MUTED}; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: 600; color: #1b2733; }}
QGroupBox {{
    background: white; border: 1px solid {BORDER}; border-radius: 6px;
    margin-top: 14px; padding: 10px 8px 8px 8px; font-weight: 600;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QTableView, QListView, QTreeView {{
    background: white; border: 1px solid {BORDER}; border-radius: 4px;
    selection-background-color: {ACCENT_LIGHT}; selection-color: #1b2733;
}}
QTextEdit, QPlainTextEdit {{
    background: white; border: 1px solid {BORDER}; border-radius: 4px;
    selection-background-color: {SELECTION}; selection-color: {SELECTION_TEXT};
}}
QHeaderView::section {{
    background: #eef2f5; border: none; border-bottom: 1px solid {BORDER};
    padding: 5px 6px; font-weight: 600; color: #33414e;
}}
QPushButton {{
    background: white; border: 1px solid #b8c2cc; border-radius: 4px; padding: 5px 12px;
}}
QPushButton:hover {{ background: #eef4f9; }}
QPushButton:disabled {{ color: #9aa5b0; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton#primary:hover {{ background: #174a6d; }}
QPushButton#danger {{ color: {DANGER}; border-color: #d9a3a6; }}
QPushButton#startButton {{
    text-align: left; padding: 14px 18px; font-size: 11pt; border-radius: 6px;
}}
QListWidget#recent::item {{ padding: 8px 10px; border-bottom: 1px solid #eef2f5; }}
QListWidget#recent::item:hover {{ background: #eef4f9; }}
QToolButton#transport {{ padding: 4px; border-radius: 4px; }}
QListWidget#recent::item {{ padding: 8px 10px; border-bottom: 1px solid #eef2f5; }}
QListWidget#recent::item:hover {{ background: #eef4f9; }}
QToolButton#transport:hover {{ background: #e3eaf0; }}
QLineEdit, QComboBox, QDateTimeEdit {{
    background: white; border: 1px solid #b8c2cc; border-radius: 4px; padding: 4px 6px;
}}
QProgressBar {{
    border: 1px solid {BORDER}; border-radius: 3px; background: #eef2f5; height: 12px;
    text-align: center; font-size: 8pt;
}}
QProgressBar::chunk {{ background: #4a90c2; border-radius: 2px; }}
QDockWidget::title {{ padding: 6px; background: #eef2f5; font-weight: 600; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    pal = app.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#f6f8fa"))
    pal.setColor(QPalette.ColorRole.Base, QColor("white"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fb"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#1b2733"))
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#1b2733"))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor("#1b2733"))
    app.setPalette(pal)
    font = QFont(app.font())
    font.setPointSizeF(10.0)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
