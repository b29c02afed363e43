"""Keyboard use: Tab leaves form text boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from ebcd_app.core.services import projects


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = projects.create_project(tmp_path / "ward7", name="Keyboard test")
    store.close()
    return tmp_path / "ward7"


def test_tab_leaves_the_field_note_box(window, qtbot, folder) -> None:
    assert window.open_project(folder)
    window.show_page(1)
    page = window.view.observation
    window.activateWindow()  # offscreen, the window loses activation once the loop has run
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
