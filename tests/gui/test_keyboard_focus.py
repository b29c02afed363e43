"""Keyboard use: Tab leaves form text boxes, and whatever has focus shows a ring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QPushButton

from ebcd_app.gui.style import ACCENT, STYLESHEET
from ebcd_app.services import projects

# every kind of control the app's pages let the keyboard reach
RING_CLASSES = ("QPushButton", "QToolButton", "QComboBox", "QLineEdit", "QPlainTextEdit",
                "QTextEdit", "QSpinBox", "QDateEdit", "QDateTimeEdit", "QCheckBox",
                "QRadioButton", "QListView", "QTreeView", "QTableView", "QSlider")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = projects.create_project(tmp_path / "ward7", name="Keyboard test")
    store.close()
    return tmp_path / "ward7"


def focus_rules() -> dict[str, str]:
    """Each `Class:focus` selector of the app's stylesheet and the body of its rule."""
    out: dict[str, str] = {}
    sheet = re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.DOTALL)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        for selector in selectors.split(","):
            selector = selector.strip()
            if selector.endswith(":focus"):
                out[selector.removesuffix(":focus")] = body
    return out


def test_every_kind_of_control_has_a_2px_accent_focus_ring() -> None:
    rules = focus_rules()
    for cls in RING_CLASSES:
        assert cls in rules, f"no {cls}:focus rule"
        assert re.search(rf"border:\s*2px solid {ACCENT}", rules[cls]), rules[cls]


def test_a_focused_combo_box_looks_focused(window, qtbot, folder) -> None:
    assert window.open_project(folder)
    window.show_page(3)
    combo = window.view.touchpoints.filters["Stage"]
    search = window.view.touchpoints.search
    window.activateWindow()  # offscreen, the window loses activation once the loop has run
    search.setFocus()
    qtbot.waitUntil(search.hasFocus, timeout=2000)
    plain = combo.grab().toImage()
    qtbot.keyClick(search, Qt.Key.Key_Backtab)  # Shift+Tab back along the filter bar
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not search, timeout=2000)
    for _ in range(10):  # past the other filters to the first
        if QApplication.focusWidget() is combo:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert combo.hasFocus()
    focused = combo.grab().toImage()
    assert focused != plain
    # the ring: the accent colour all along the top edge, two pixels deep
    middle = combo.width() // 2
    for y in (0, 1):
        pixel = focused.pixelColor(middle, y)
        assert pixel == QColor(ACCENT), (y, pixel.name())


def test_tab_leaves_the_field_note_box(window, qtbot, folder) -> None:
    assert window.open_project(folder)
    window.show_page(1)
    page = window.view.observation
    window.activateWindow()
    page.text.setFocus()
    qtbot.waitUntil(page.text.hasFocus, timeout=2000)
    qtbot.keyClicks(page.text, "Call bells ringing")
    qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    assert page.text.toPlainText() == "Call bells ringing"
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and focused.text() == "Add note"


def test_tab_leaves_the_vocabulary_box(window, qtbot, folder) -> None:
    assert window.open_project(folder)
    window.show_page(0)
    box = window.view.people.vocabulary
    window.activateWindow()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    before = box.toPlainText()
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.toPlainText() == before and "\t" not in box.toPlainText()
    assert not box.hasFocus()
