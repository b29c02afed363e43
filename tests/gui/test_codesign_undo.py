"""Edit ▸ Undo and Redo on the event and co-design group pages, one step per user action.

Each edit is made as a facilitator makes it (typing, clicking the button, accepting the
dialog, ticking with the space bar); then Undo must put both the page and what the services
read back exactly as they were, and Redo must make the edit again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ebcd_app.domain.models import EventKind, JourneyType, Role, Scope, Sentiment
from ebcd_app.gui.main_window import PAGES
from ebcd_app.gui.pages.events import P_AGREED, P_DOTS
from ebcd_app.services import events, groups, notes, projects, touchpoints, vocabulary
from ebcd_app.services.touchpoints import TouchPointData
from tests.gui.test_undo_everywhere import edit_action, press

WAIT = 10_000
UNDO, REDO = QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo


def _project(tmp_path: Path) -> Path:
    """A project whose touch points give the patient event two candidate priorities."""
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Ward 7 co-design undo")
    projects.add_participant(store, name="Raymond Jones", role=Role.PATIENT, pseudonym="Ray",
                             granted=set(Scope))
    stage = vocabulary.stages(store, JourneyType.PATIENT)[0].id
    for sentiment, theme in ((Sentiment.NEGATIVE, "waiting for news"),
                             (Sentiment.NEGATIVE, "waiting for news"),
                             (Sentiment.MIXED, "call bells")):
        note = notes.add_note(store, text=f"Observed: {theme} on the ward.")
        touchpoints.add_touchpoint(store, TouchPointData(note_id=note, stage_id=stage,
                                                         sentiment=sentiment, themes=(theme,)))
    store.close()
    return folder


def _click(root: QWidget, text: str, qtbot) -> None:
    [b] = [b for b in root.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


def _answer_dialog(answer: Callable[[QWidget], None]) -> None:
    """Answer the next modal dialog once it is up, as the facilitator would."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
        else:
            answer(dialog)
    QTimer.singleShot(20, look)


def _undo_redo(window, qtbot, read: Callable[[], object], before: object) -> None:
    """Undo puts `read()` (the page and the services) back to `before`; Redo makes it
    again."""
    after = read()
    assert after != before
    press(window, qtbot, UNDO)
    assert read() == before
    press(window, qtbot, REDO)
    assert read() == after


def _event_state(window, page) -> tuple:
    table = page.priorities
    shown = [(table.item(r, 0).text(), table.item(r, P_DOTS).text(),
              table.item(r, P_AGREED).checkState() == Qt.CheckState.Checked)
             for r in range(table.rowCount())]
    stored = [(p.title, "" if p.votes is None else str(p.votes), p.agreed)
              for p in events.event_for(window.store, page.kind).priorities]
    return shown, stored, page.summary.text()


def _count_dots(qtbot, page, row: int, dots: int) -> None:
    """Double-click the Dots cell, type the count, press Enter."""
    table = page.priorities
    rect = table.visualItemRect(table.item(row, P_DOTS))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = lambda: [w for w in table.viewport().findChildren(QSpinBox)  # noqa: E731
                       if w.isVisible()]
    qtbot.waitUntil(lambda: bool(editors()), timeout=WAIT)
    [editor] = editors()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, str(dots))
    with qtbot.waitSignal(page.runner.operation_executed, timeout=WAIT):
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_event_priorities_are_undone_and_redone_one_action_at_a_time(window, qtbot,
                                                                      tmp_path) -> None:
    assert window.open_project(_project(tmp_path))
    window.show_page(PAGES.index("Patient event"))
    page = window.view.events[EventKind.PATIENT_FEEDBACK]
    run = window.runner.operation_executed
    state = lambda: _event_state(window, page)  # noqa: E731

    # Propose, accepting the dialog: both candidates come, and go, together
    before = state()
    _answer_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    with qtbot.waitSignal(run, timeout=WAIT):
        _click(page, "Propose from touch points…", qtbot)
    assert [row[0] for row in state()[0]] == ["Waiting for news", "Call bells"]
    _undo_redo(window, qtbot, state, before)

    # a priority typed and added
    before = state()
    qtbot.keyClicks(page.new_priority, "Quieter nights")
    with qtbot.waitSignal(run, timeout=WAIT):
        _click(page, "Add", qtbot)
    _undo_redo(window, qtbot, state, before)

    # the dots counted, one cell at a time
    for row, dots in ((0, 3), (1, 5)):
        _count_dots(qtbot, page, row, dots)
    before = state()
    _count_dots(qtbot, page, 2, 9)
    assert state()[1][2] == ("Quieter nights", "9", False)
    assert edit_action(window, UNDO).text() == "&Undo Count the dots"
    _undo_redo(window, qtbot, state, before)

    # Sort by dots: the whole new order is one step
    before = state()
    with qtbot.waitSignal(run, timeout=WAIT):
        _click(page, "Sort by dots", qtbot)
    assert [row[0] for row in state()[1]] == ["Quieter nights", "Call bells",
                                              "Waiting for news"]
    assert edit_action(window, UNDO).text() == "&Undo Sort the priorities by dots"
    _undo_redo(window, qtbot, state, before)

    # one priority agreed with the space bar in its Agreed cell
    before = state()
    page.priorities.setFocus()
    page.priorities.setCurrentCell(0, P_AGREED)
    with qtbot.waitSignal(run, timeout=WAIT):
        qtbot.keyClick(page.priorities, Qt.Key.Key_Space)
    assert state()[1][0] == ("Quieter nights", "9", True)
    _undo_redo(window, qtbot, state, before)


def _groups_state(window) -> tuple:
    page = window.view.groups
    listed = [page.list.item(i).text() for i in range(page.list.count())]
    actions = [page.actions.model.data(page.actions.model.index(r, 0))
               for r in range(page.actions.model.rowCount())]
    values = [page.measures.values.data(page.measures.values.index(r, 1))
              for r in range(page.measures.values.rowCount())]
    stored = [(g.name, [a.what for a in g.actions],
               [[v[2] for v in m.values] for m in g.measures])
              for g in groups.list_groups(window.store)]
    return listed, actions, values, stored


def test_groups_actions_and_measure_values_are_undone_and_redone(window, qtbot,
                                                                 tmp_path) -> None:
    assert window.open_project(_project(tmp_path))
    window.show_page(PAGES.index("Co-design groups"))
    page = window.view.groups
    run = window.runner.operation_executed
    state = lambda: _groups_state(window)  # noqa: E731

    # a group, named in the dialog
    def name_it(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Call bells at night")
        dialog.accept()
    before = state()
    _answer_dialog(name_it)
    with qtbot.waitSignal(run, timeout=WAIT):
        _click(page, "Add…", qtbot)
    assert page.name.text() == "Call bells at night" and page.right.currentIndex() == 1
    _undo_redo(window, qtbot, state, before)
    assert page.name.text() == "Call bells at night"

    # an action, typed on the Actions tab
    page.tabs.setCurrentWidget(page.actions)
    before = state()
    qtbot.keyClicks(page.actions.new_what, "Make the 'who is answering' board")
    with qtbot.waitSignal(run, timeout=WAIT):
        _click(page.actions, "Add action", qtbot)
    assert state()[1] == ["Make the 'who is answering' board"]
    _undo_redo(window, qtbot, state, before)

    # a measure, then a value typed under its table
    page.tabs.setCurrentWidget(page.measures)
    measures = page.measures
    qtbot.keyClicks(measures.new_name, "Minutes to answer a call bell")
    with qtbot.waitSignal(run, timeout=WAIT):
        qtbot.keyClick(measures.new_name, Qt.Key.Key_Return)
    before = state()
    qtbot.keyClicks(measures.value, "12")
    with qtbot.waitSignal(run, timeout=WAIT):
        qtbot.keyClick(measures.value, Qt.Key.Key_Return)
    assert state()[2] == ["12"] and state()[3][0][2] == [[12.0]]
    assert "Add at least two values" in measures.chart.signals_text()
    _undo_redo(window, qtbot, state, before)

    # deleting the group (the dialog says Undo brings it back): Undo brings all of it back
    before = state()
    _answer_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    with qtbot.waitSignal(run, timeout=WAIT):
        _click(page, "Delete…", qtbot)
    assert state()[3] == [] and page.right.currentIndex() == 0
    _undo_redo(window, qtbot, state, before)
