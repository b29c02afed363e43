"""Edit ▸ Undo and Redo on the interviews, field notes, the touch point board and the
suggestions.

Each edit is made with the keys, mouse and buttons a facilitator uses; Undo must give back
exactly what the transcript, the board and the services showed before it, Redo what they
showed after it, and the Edit menu must name the edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPushButton
from test_transcript_marks import drag_select, index_of, open_transcript, point_at
from test_undo_everywhere import add_note, edit_action, make_project, undo_redo
from transcribed import PATIENT_SRT, recording_from_srt

from ebcd_app.domain.models import Role, Scope, Sentiment
from ebcd_app.gui.tag_dialog import TagDialog
from ebcd_app.services import (
    board,
    editing,
    markers,
    notes,
    projects,
    suggestions,
    touchpoints,
)

UNDO, REDO = QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo


@pytest.fixture
def project(tmp_path: Path, media_files) -> tuple[Path, int]:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Undo in the transcript")
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    rec_id = recording_from_srt(store, media_files["speech.wav"], PATIENT_SRT, pid, tmp_path)
    suggestions.run_suggestions(store)
    store.close()
    return folder, rec_id


def retype(window, qtbot, view, word: str, typed: str) -> None:
    """F2 on the word, type over it, Enter: how a transcriber corrects one."""
    view.setFocus()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_at(view, view.word_cursor(index_of(view, word)).selectionStart(),
                                  3))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.viewport().findChild(QLineEdit, "wordEditor")
    assert editor is not None and editor.text().strip(".,") == word
    editor.selectAll()
    qtbot.keyClicks(editor, typed)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def save(window, qtbot, dialog: TagDialog) -> None:
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)


def test_corrections_and_touch_points_are_undone_and_redone(window, qtbot, project) -> None:
    folder, rec_id = project
    page, view = open_transcript(window, qtbot, folder, rec_id)

    def read() -> tuple:
        return (view.toPlainText(), editing.load_transcript(window.store, rec_id),
                board.load_board(window.store), len(view.spans_at(index_of(view, "bell"))))

    # a word corrected in place
    before = read()
    retype(window, qtbot, view, "frightened", "terrified.")
    after = read()
    assert "I was terrified." in view.toPlainText()
    undo_redo(window, qtbot, read, before, after, "Change word to 'terrified.'")

    # a space typed into a word splits it; Ctrl+M merges it back, each one step
    before = read()
    retype(window, qtbot, view, "Nobody", "No body")
    after = read()
    assert "No body answered" in view.toPlainText()
    undo_redo(window, qtbot, read, before, after, "Split into 'No body'")
    split = read()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_at(view, view.word_cursor(index_of(view, "No")).selectionStart(),
                                  3))
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    merged = read()
    assert "Nobody answered" in view.toPlainText()
    undo_redo(window, qtbot, read, split, merged, "Merge words")

    # words tagged as a touch point with T: drawn in the transcript and on the board
    before = read()
    drag_select(qtbot, view, "Nobody", "terrified")
    qtbot.keyClick(view, Qt.Key.Key_T)
    dialog = page.findChild(TagDialog)
    qtbot.mouseClick(dialog.buttons[Sentiment.NEGATIVE], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.emotion, "frightened")
    save(window, qtbot, dialog)
    after = read()
    [row] = after[2]
    assert (row.sentiment, row.emotion) == (Sentiment.NEGATIVE, "frightened")
    assert after[3] == 1 and after[0] != before[0]  # its mark is in the text
    undo_redo(window, qtbot, read, before, after, "Tag touch point")

    # edited from the strip under the transcript (click one of its words, then Edit…)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_at(view, view.word_cursor(index_of(view, "bell"))
                                  .selectionStart(), 3))
    edit = next(b for b in page.strip.findChildren(QPushButton) if b.text() == "Edit…")
    before = read()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    dialog = next(d for d in page.findChildren(TagDialog) if d.isVisible())
    dialog.emotion.setText("abandoned")
    save(window, qtbot, dialog)
    after = read()
    assert after[2][0].emotion == "abandoned"
    undo_redo(window, qtbot, read, before, after, "Edit touch point")


def test_a_marker_and_a_suggestion_become_touch_points_undoably(window, qtbot,
                                                                project) -> None:
    folder, rec_id = project
    _page, view = open_transcript(window, qtbot, folder, rec_id)
    view.setFocus()
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_M)  # a marker dropped while listening
    assert edit_action(window, UNDO).text() == "&Undo Drop the marker"

    window.show_page(3)
    board_page = window.view.touchpoints
    qtbot.waitUntil(lambda: board_page.markers.count() == 1, timeout=5000)

    def read() -> tuple:
        return ([board_page.markers.item(i).text() for i in range(board_page.markers.count())],
                board_page.model.rowCount(), markers.list_markers(window.store),
                board.load_board(window.store))

    before = read()
    board_page.markers.setCurrentRow(0)
    make = next(b for b in board_page.findChildren(QPushButton)
                if b.text() == "Make touch point…")
    qtbot.mouseClick(make, Qt.MouseButton.LeftButton)
    dialog = next(d for d in board_page.findChildren(TagDialog) if d.isVisible())
    qtbot.mouseClick(dialog.buttons[Sentiment.POSITIVE], Qt.MouseButton.LeftButton)
    save(window, qtbot, dialog)
    after = read()
    assert after[0] == [] and after[1] == 1 and after[3][0].sentiment == Sentiment.POSITIVE
    undo_redo(window, qtbot, read, before, after, "Make a touch point from the marker")

    # deleted from the board with its Delete button
    board_page.table.selectRow(0)
    delete = next(b for b in board_page.findChildren(QPushButton) if b.text() == "Delete")
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    deleted = read()
    assert deleted[1] == 0 and deleted[3] == []
    undo_redo(window, qtbot, read, after, deleted, "Delete touch point")

    # a suggested sentiment accepted on the Suggestions page
    window.show_page(5)
    sugg = window.view.suggestions

    def read_suggestions() -> tuple:
        group = sugg.tree.topLevelItem(0)
        return ([group.child(i).text(0) for i in range(group.childCount())],
                [s.id for s in suggestions.list_suggestions(window.store)],
                board.load_board(window.store), board_page.model.rowCount())

    before = read_suggestions()
    group = sugg.tree.topLevelItem(0)
    negative = next(group.child(i) for i in range(group.childCount())
                    if "negative" in group.child(i).text(0))
    negative.setSelected(True)
    accept = next(b for b in sugg.findChildren(QPushButton) if b.text() == "Accept")
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    after = read_suggestions()
    assert len(after[0]) == len(before[0]) - 1 and after[3] == before[3] + 1
    assert touchpoints.get_touchpoint(window.store, after[2][-1].id).sentiment == \
        Sentiment.NEGATIVE
    undo_redo(window, qtbot, read_suggestions, before, after, "Accept the suggestions")


def test_a_touch_point_in_a_field_note_is_undone_and_redone(window, qtbot, tmp_path) -> None:
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(1)
    add_note(window, qtbot, "Three call bells at once and nobody came for ten minutes.")
    page = window.view.observation
    [note] = notes.list_notes(window.store)

    def read() -> tuple:
        return (page.tagged.text(), touchpoints.note_spans(window.store, note.id),
                board.load_board(window.store))

    before = read()
    assert before[0] == "0 touch point(s) in this note"
    cur = QTextCursor(page.detail.document())
    cur.setPosition(0)
    cur.setPosition(len("Three call bells"), QTextCursor.MoveMode.KeepAnchor)
    page.detail.setTextCursor(cur)
    window.activateWindow()  # offscreen, the window loses activation once the loop has run
    page.detail.setFocus()
    qtbot.waitUntil(page.detail.hasFocus, timeout=2000)
    qtbot.keyClick(page.detail, Qt.Key.Key_T)
    dialog = next(d for d in page.findChildren(TagDialog) if d.isVisible())
    qtbot.mouseClick(dialog.buttons[Sentiment.NEGATIVE], Qt.MouseButton.LeftButton)
    save(window, qtbot, dialog)
    after = read()
    assert after[0] == "1 touch point(s) in this note" and after[2][0].text == "Three call bells"
    undo_redo(window, qtbot, read, before, after, "Tag touch point")
