"""The main flows with the keyboard alone, on the demo: go to a stage by its number, tag
with T, correct with F2, undo with Ctrl+Z, drop markers with M and Shift+M."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from ebcd_app.domain.models import Sentiment
from ebcd_app.gui.main_window import PAGES
from ebcd_app.gui.tag_dialog import TagDialog
from ebcd_app.services import board, editing, markers

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focus(qtbot, window, widget) -> None:
    window.activateWindow()  # offscreen, activation is lost once the event loop has run
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def test_stage_numbers_open_their_pages(window, qtbot, demo_folder: Path) -> None:
    assert window.open_project(demo_folder)
    nav = window.view.nav
    for number, name in ((1, "Observation"), (2, "Interviews"), (3, "Film"),
                         (4, "Staff event"), (7, "Co-design groups"), (8, "Celebration")):
        focus(qtbot, window, window.view.pages.currentWidget())
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), CTRL)
        qtbot.waitUntil(lambda n=name: window.view.pages.currentIndex() == PAGES.index(n),
                        timeout=3000)
        assert nav.currentRow() == PAGES.index(name)


def test_tag_correct_undo_and_markers_by_keyboard(window, qtbot, demo_folder: Path) -> None:
    assert window.open_project(demo_folder)
    store = window.store
    page = window.view.interviews
    window.show_page(PAGES.index("Interviews"))
    rec_id = page.model.rows[0].id
    page.select_recording(rec_id)
    view = page.transcript
    qtbot.waitUntil(lambda: len(view.words()) > 20, timeout=10_000)
    points = len(board.load_board(store))
    run = window.runner.operation_executed

    # select three words with Shift+Ctrl+Right from the start of the fifth, then T
    focus(qtbot, window, view)
    cursor = view.textCursor()
    cursor.setPosition(view.word_cursor(4).selectionStart())
    view.setTextCursor(cursor)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    chosen = [w.id for w in view.selected_words()]
    assert len(chosen) >= 2
    qtbot.keyClick(view, Qt.Key.Key_T)
    dialog = page.findChild(TagDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()  # Alt+N is a mnemonic: it needs the dialog to be the active window
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert dialog.sentiment() == Sentiment.NEGATIVE
    qtbot.keyClicks(dialog.emotion, "anxious")
    with qtbot.waitSignal(run, timeout=5000):
        qtbot.keyClick(dialog.emotion, Qt.Key.Key_Return)
    rows = board.load_board(store)
    assert len(rows) == points + 1
    assert any(r.emotion == "anxious" and r.sentiment == Sentiment.NEGATIVE for r in rows)

    # F2 corrects the word at the cursor; Enter saves it
    focus(qtbot, window, view)
    cursor = view.word_cursor(10)
    cursor.setPosition(cursor.selectionStart())
    view.setTextCursor(cursor)
    old = view.words()[10]
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QLineEdit, "wordEditor")
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "Corrected")
    with qtbot.waitSignal(run, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    saved = {w.id: w.text for w in editing.load_transcript(store, rec_id).words}
    assert saved[old.id] == "Corrected"

    # Ctrl+Z undoes the correction, then the touch point
    focus(qtbot, window, view)
    with qtbot.waitSignal(run, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    saved = {w.id: w.text for w in editing.load_transcript(store, rec_id).words}
    assert saved[old.id] == old.text
    with qtbot.waitSignal(run, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert len(board.load_board(store)) == points

    # M drops a marker at the playing moment; Shift+M asks for a word to go with it
    opened = len(markers.list_markers(store))
    view.moveCursor(QTextCursor.MoveOperation.Start)
    with qtbot.waitSignal(run, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_M)

    def answer_word() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(20, answer_word)  # not open yet
            return
        box.setTextValue("scared")
        box.accept()

    QTimer.singleShot(50, answer_word)
    with qtbot.waitSignal(run, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_M, SHIFT)
    dropped = markers.list_markers(store)
    assert len(dropped) == opened + 2
    assert "scared" in {m.label for m in dropped}
    assert {m.recording_id for m in dropped[-2:]} == {rec_id}


def test_help_lists_every_shortcut_and_walks_the_stages(window, qtbot, demo_folder) -> None:
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QTextBrowser

    assert window.open_project(demo_folder)
    help_menu = window.menuBar().actions()[-1].menu()
    by_name = {a.text().replace("&", ""): a for a in help_menu.actions()}
    by_name["Keyboard Shortcuts"].trigger()
    dialog = window.findChild(QTextBrowser, "helpText")
    assert dialog is not None and dialog.isVisible()
    listed = dialog.toPlainText()
    keys = [a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(keys) > 15
    missing = [k for k in keys if k not in listed]
    assert missing == []
    for key in ("T", "F2", "Ctrl+M", "Shift+M", "Alt+N", "Ctrl+Enter", "Ctrl+1", "Ctrl+8"):
        assert key in listed
    dialog.window().close()
    by_name["Getting Started"].trigger()
    guide = [b for b in window.findChildren(QTextBrowser, "helpText") if b.isVisible()][-1]
    text = guide.toPlainText()
    for stage in ("Observation", "Interviews", "Film", "Staff event", "Patient event",
                  "Joint event", "Co-design groups", "Celebration"):
        assert stage in text
