"""The Observation page on a laptop screen: several notes in view, the new one shown."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ebcd_app.services import notes, projects

NOTES = [
    ("Ward 7 nurses' station", "Morning safety huddle, about ten minutes. Sister asked "
     "everyone, including two HCAs and a student nurse, for one concern each. A bank nurse "
     "arrived after it had started and was given a rushed handover in the corridor."),
    ("Ward 7, Bay B", "Consultant ward round at the foot of the bed. An older patient asked "
     "twice what an 'echo' was and the team moved on without answering. The HCA came back "
     "ten minutes later, sat down and explained."),
    ("Discharge lounge", "Five patients waiting for medicines to take home, the longest for "
     "over four hours. No hot drinks offered since lunch. One daughter rang three times."),
    ("Visitors' corridor", "Visiting hours ending. A carer with a carer's passport stayed to "
     "help her mother with supper and was thanked by the nurse in charge."),
    ("Ward 7, Bay C (night)", "One staff nurse and one HCA covering fourteen patients after "
     "a late sickness gap. Three call bells at once while a confused patient was shouting."),
    ("Staff room", "Night staff talking over a near-miss with an insulin dose before going "
     "home. An incident report had been submitted but no debrief was offered."),
    ("Ward 7, Bay A", "Breakfast trays left on tables out of reach of two patients for "
     "twenty minutes; a visitor moved them closer when she arrived."),
    ("Ward 7 entrance", "A porter waited ten minutes at the locked door with a wheelchair "
     "before anyone heard the buzzer over the noise of the ward."),
]
NEW = ("Lunch trolley left at the end of Bay C for forty minutes; two patients could not "
       "reach their trays and nobody noticed until a visitor asked.")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = projects.create_project(tmp_path / "ward7", name="Observation test")
    start = datetime(2026, 10, 2, 7, 45)
    for i, (place, text) in enumerate(NOTES):
        notes.add_note(store, text=text, place=place, observed_at=start + timedelta(hours=3 * i))
    store.close()
    return tmp_path / "ward7"


def fully_visible(page) -> list[int]:
    table = page.table
    area = table.viewport().rect()
    return [r for r in range(page.model.rowCount())
            if area.contains(table.visualRect(page.model.index(r, 2)))]


def test_several_notes_in_view_and_a_new_one_is_shown(window, qtbot, folder) -> None:
    window.resize(1366, 768)
    assert window.open_project(folder)
    window.show_page(1)
    page = window.view.observation
    qtbot.waitUntil(lambda: page.model.rowCount() == len(NOTES), timeout=5000)
    qtbot.wait(50)  # the rows take their wrapped heights once the columns have settled
    assert len(fully_visible(page)) >= 3
    # type a note and press Ctrl+Enter: it is added, chosen and scrolled into view
    window.activateWindow()  # offscreen, the window loses activation once the loop has run
    page.text.setFocus()
    qtbot.waitUntil(page.text.hasFocus, timeout=2000)
    qtbot.keyClicks(page.text, NEW)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == len(NOTES) + 1 and page.text.toPlainText() == ""
    [chosen] = page.table.selectionModel().selectedRows()
    assert page.model.row(chosen).text == NEW
    qtbot.wait(50)
    assert chosen.row() in fully_visible(page)
    assert page.detail.toPlainText() == NEW
    assert page.text.hasFocus()  # ready for the next note
