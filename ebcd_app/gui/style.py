"""The application's look: Fusion with a calm light palette and readable type.

Facilitators use this for hours and co-design groups see it on a projector: high contrast,
generous spacing, one accent colour.

Selected text is a solid accent with white letters, never a pale blue: a pale blue is what a
positive touch point looks like in a transcript. Every control that takes the keyboard shows
a 2 px accent ring while it has focus, so someone using Tab always sees where they are.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ebcd_app.basics.resources import resources_dir

ACCENT = "#1f5f8b"
ACCENT_LIGHT = "#dce9f3"
HIGHLIGHT_WORD = "#ffe08a"
TEXT_MUTED = "#5b6670"
DANGER = "#a4262c"
BORDER = "#d0d7de"
SELECTION = ACCENT  # selected text: solid, so it never passes for a sentiment's pale tint
SELECTION_TEXT = "white"
FOCUS = ACCENT
FOCUS_ON_ACCENT = "#0b2233"  # the ring of a button that is itself the accent colour

_UI = (resources_dir() / "ui").as_posix()  # the spin box arrows, once their buttons are styled

STYLESHEET = f"""
QMainWindow, QWidget#page {{ background: #f6f8fa; }}
QListWidget#navigator {{
    background: #20313f; color: #e8eef3; border: 2px solid #20313f; font-size: 10.5pt;
    padding: 8px 0px 0px 0px; outline: 0;
}}
QListWidget#navigator::item {{ padding: 10px 14px; border-left: 3px solid transparent; }}
QListWidget#navigator::item:selected {{
    background: #2d4456; color: white; border-left: 3px solid #7fb8e0;
}}
QWidget#navigatorPane {{ background: #20313f; }}
QToolButton#navigatorToggle {{
    color: #b9c8d4; background: transparent; border: none; padding: 8px 14px;
}}
QToolButton#navigatorToggle:hover {{ color: white; background: #2d4456; }}
QWidget#jobsStrip {{ background: #eef2f5; border-top: 1px solid {BORDER}; }}
QLabel#pageTitle {{ font-size: 16pt; font-weight: 600; color: #1b2733; }}
QLabel#pageSubtitle {{ color: {TEXT_MUTED}; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: 600; color: #1b2733; }}
QGroupBox {{
    background: white; border: 1px solid {BORDER}; border-radius: 6px;
    margin-top: 14px; padding: 10px 8px 8px 8px; font-weight: 600;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QTableView, QListView, QTreeView {{
    background: white; border: 1px solid {BORDER}; border-radius: 4px; padding: 1px;
    selection-background-color: {ACCENT_LIGHT}; selection-color: #1b2733;
}}
QTextEdit, QPlainTextEdit {{
    background: white; border: 1px solid {BORDER}; border-radius: 4px; padding: 1px;
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
QLineEdit, QComboBox, QDateTimeEdit {{
    background: white; border: 1px solid #b8c2cc; border-radius: 4px; padding: 4px 6px;
}}
QSpinBox {{
    background: white; border: 1px solid #b8c2cc; border-radius: 4px; padding: 2px 4px;
}}
QSpinBox::up-button, QSpinBox::down-button {{
    subcontrol-origin: padding; width: 16px; border-left: 1px solid {BORDER};
    background: #f6f8fa;
}}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: #e3eaf0; }}
QSpinBox::up-arrow {{ image: url({_UI}/arrow-up.svg); width: 8px; height: 5px; }}
QSpinBox::down-arrow {{ image: url({_UI}/arrow-down.svg); width: 8px; height: 5px; }}
QProgressBar {{
    border: 1px solid {BORDER}; border-radius: 3px; background: #eef2f5; height: 12px;
    text-align: center; font-size: 8pt;
}}
QProgressBar::chunk {{ background: #4a90c2; border-radius: 2px; }}
QDockWidget::title {{ padding: 6px; background: #eef2f5; font-weight: 600; }}
QToolButton {{ border: 1px solid transparent; border-radius: 4px; padding: 3px; }}
QToolButton:hover {{ background: #e3eaf0; }}
QToolButton#transport {{ padding: 4px; }}
QCheckBox, QRadioButton, QSlider {{
    border: 2px solid transparent; border-radius: 4px; padding: 0px 2px;
}}

/* Focus: a 2 px accent ring; the padding gives back the extra pixel so nothing moves. */
QPushButton:focus {{ border: 2px solid {FOCUS}; padding: 4px 11px; }}
QPushButton#primary:focus {{ border-color: {FOCUS_ON_ACCENT}; }}
QPushButton#danger:focus {{ border-color: {FOCUS}; }}
QPushButton#startButton:focus {{ padding: 13px 17px; }}
QToolButton:focus {{ border: 2px solid {FOCUS}; padding: 2px; }}
QToolButton#transport:focus {{ padding: 3px; }}
QLineEdit:focus, QComboBox:focus, QDateTimeEdit:focus, QDateEdit:focus {{
    border: 2px solid {FOCUS}; padding: 3px 5px;
}}
QSpinBox:focus {{ border: 2px solid {FOCUS}; padding: 1px 3px; }}
QTableView:focus, QListView:focus, QTreeView:focus, QTextEdit:focus, QPlainTextEdit:focus {{
    border: 2px solid {FOCUS}; padding: 0px;
}}
QCheckBox:focus, QRadioButton:focus, QSlider:focus {{ border: 2px solid {FOCUS}; }}
QListWidget#navigator:focus {{ border-color: #7fb8e0; }}
QComboBox QAbstractItemView:focus {{ border: 1px solid {BORDER}; padding: 1px; }}
*[muted="true"] {{ color: {TEXT_MUTED}; }}
*[muted="large"] {{ color: {TEXT_MUTED}; font-size: 11pt; }}
*[tone="danger"] {{ color: {DANGER}; }}
"""


W = TypeVar("W", bound=QWidget)

def muted(widget: W, size: str = "") -> W:
    """Secondary text (hints, counts, "nothing here yet"): one style rule, not a stylesheet
    per label. `size="large"` for the placeholder of an empty page."""
    widget.setProperty("muted", size or "true")
    return widget


def tone(widget: W, name: str = "") -> W:
    """A state colour for a label ("danger" for a problem, "" for normal), re-polished so a
    change of state shows at once."""
    widget.setProperty("tone", name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget


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
