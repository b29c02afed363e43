"""Edit ▸ Undo and Redo take back and make again what a user did, as one step each.

Each test makes an edit the way a user does (the widget, the key), then triggers the Edit
menu's Undo and Redo actions and reads the page and the database back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from ebcd_app.domain.models import Role, Scope
from ebcd_app.services import notes, projects


def make_project(tmp_path: Path) -> tuple[Path, int]:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Ward 7 undo test")
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    store.close()
    return folder, pid


def edit_action(window, key: QKeySequence.StandardKey) -> QAction:
    edit = next(m for m in window.menuBar().actions() if m.text() == "&Edit").menu()
    return next(a for a in edit.actions() if a.shortcut() == QKeySequence(key))


def press(window, qtbot, key: QKeySequence.StandardKey) -> None:
    action = edit_action(window, key)
    assert action.isEnabled(), f"{action.text()} is greyed out"
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        action.trigger()


def undo_redo(window, qtbot, read, before, after, doing: str) -> None:
    """Undo gives `before` back exactly, Redo gives `after`; the menu names the edit."""
    assert edit_action(window, QKeySequence.StandardKey.Undo).text() == f"&Undo {doing}"
    press(window, qtbot, QKeySequence.StandardKey.Undo)
    assert read() == before
    press(window, qtbot, QKeySequence.StandardKey.Redo)
    assert read() == after


def add_note(window, qtbot, text: str) -> None:
    page = window.view.observation
    page.text.setPlainText(text)
    page.text.setFocus()
    qtbot.waitUntil(page.text.hasFocus, timeout=2000)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_field_note_is_undone_and_redone_from_the_edit_menu(window, qtbot, tmp_path) -> None:
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(1)
    add_note(window, qtbot, "Call bells rang for ten minutes during handover.")
    page = window.view.observation
    assert page.model.rowCount() == 1
    assert edit_action(window, QKeySequence.StandardKey.Undo).text() == \
        "&Undo Save the field note"
    press(window, qtbot, QKeySequence.StandardKey.Undo)
    assert page.model.rowCount() == 0 and notes.list_notes(window.store) == []
    press(window, qtbot, QKeySequence.StandardKey.Redo)
    assert page.model.rowCount() == 1
    assert [n.text for n in notes.list_notes(window.store)] == [
        "Call bells rang for ten minutes during handover."]


def test_withdrawing_consent_can_be_undone_and_the_audit_keeps_both(window, qtbot, tmp_path,
                                                                   monkeypatch) -> None:
    folder, pid = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(0)
    people = window.view.people
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        people.consent.withdraw()
    assert not people.consent.boxes[Scope.SEEN_IN_FILM].isChecked()
    press(window, qtbot, QKeySequence.StandardKey.Undo)
    assert people.consent.boxes[Scope.SEEN_IN_FILM].isChecked()
    assert all(r.withdrawn_at is None for r in projects.consent_rows(window.store, pid))
    with sqlite3.connect(folder / "project.db") as db:
        actions = [a for (a,) in db.execute("SELECT action FROM audit_entries")]
    assert "consent.withdraw" in actions and "undo" in actions


def test_undo_after_the_project_changed_elsewhere_says_so_and_changes_nothing(
        window, qtbot, tmp_path) -> None:
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(1)
    add_note(window, qtbot, "Breakfast arrived cold.")
    with sqlite3.connect(folder / "project.db") as other:  # another program, meanwhile
        other.execute("UPDATE observation_notes SET text = 'Breakfast arrived cold again.'")
    with qtbot.waitSignal(window.runner.operation_failed, timeout=5000) as failed:
        edit_action(window, QKeySequence.StandardKey.Undo).trigger()
    message = failed.args[0]
    assert message.startswith("Could not undo save the field note: the project was changed")
    assert "\n" not in message
    assert [n.text for n in notes.list_notes(window.store)] == ["Breakfast arrived cold again."]
    assert not edit_action(window, QKeySequence.StandardKey.Undo).isEnabled()


def test_quick_edits_and_quick_undos_stay_in_order(window, qtbot, tmp_path) -> None:
    """A user faster than the worker: three notes and two Undos pressed without waiting.
    Each Undo takes back the newest note whatever is still running (found by a new user on
    a slow machine, where the second Undo used to undo the wrong step and wipe the stack)."""
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(1)
    page = window.view.observation
    for text in ("First note.", "Second note.", "Third note."):
        page.text.setPlainText(text)
        page.text.setFocus()
        qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert edit_action(window, QKeySequence.StandardKey.Undo).text() == \
        "&Undo Save the field note"  # on the stack at once, not when the worker gets to it
    edit_action(window, QKeySequence.StandardKey.Undo).trigger()
    edit_action(window, QKeySequence.StandardKey.Undo).trigger()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert [n.text for n in notes.list_notes(window.store)] == ["First note."]
    assert page.model.rowCount() == 1
    press(window, qtbot, QKeySequence.StandardKey.Redo)
    assert [n.text for n in notes.list_notes(window.store)] == ["First note.", "Second note."]


def test_an_edit_that_failed_or_changed_nothing_leaves_no_undo_step(window, qtbot,
                                                                    tmp_path) -> None:
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(0)
    people = window.view.people
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.mouseClick(people.save_btn, Qt.MouseButton.LeftButton)  # nothing was changed
    assert not edit_action(window, QKeySequence.StandardKey.Undo).isEnabled()
    people.name.setText("")  # refused: a project needs a name
    with qtbot.waitSignal(window.runner.operation_failed, timeout=5000):
        qtbot.mouseClick(people.save_btn, Qt.MouseButton.LeftButton)
    assert not edit_action(window, QKeySequence.StandardKey.Undo).isEnabled()


def test_a_refused_undo_keeps_the_older_steps_and_redraws_what_is_stored(
        window, qtbot, tmp_path, monkeypatch) -> None:
    folder, _pid = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(1)
    add_note(window, qtbot, "Handover was rushed.")  # the older step
    window.show_page(0)
    people = window.view.people
    box = people.consent.boxes[Scope.SEEN_IN_FILM]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)  # untick: recorded as a "no"
    assert not box.isChecked()
    with sqlite3.connect(folder / "project.db") as other:  # `ebcd consent … ` meanwhile
        other.execute("UPDATE consent_scopes SET granted = 1 WHERE scope = 'seen_in_film'")
    with qtbot.waitSignal(window.runner.operation_failed, timeout=5000):
        edit_action(window, QKeySequence.StandardKey.Undo).trigger()
    qtbot.waitUntil(box.isChecked, timeout=5000)  # the panel shows what is stored
    assert edit_action(window, QKeySequence.StandardKey.Undo).text() == \
        "&Undo Save the field note"
    press(window, qtbot, QKeySequence.StandardKey.Undo)
    assert notes.list_notes(window.store) == []
