"""The workbench driven as a facilitator would: drop a recording, wait, click, correct, undo."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from ebcd_app.domain.models import Role, Scope
from ebcd_app.gui.pages.interviews import ImportDialog
from ebcd_app.services import editing, projects

pytestmark = pytest.mark.slow


def make_project(tmp_path: Path) -> tuple[Path, int]:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Ward 7 GUI test", vocabulary=["Ward 7"])
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    store.close()
    return folder, pid


def drop(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def wait_jobs(qtbot, window, timeout: int = 180_000) -> None:
    qtbot.waitUntil(lambda: window.jobs.jobs and not window.jobs.active(), timeout=timeout)


def word_index(view, text: str) -> int:
    return next(i for i, w in enumerate(view.words()) if w.text.strip(".,").lower() == text)


def test_drop_transcribe_click_edit_undo_and_reopen(window, qtbot, tmp_path, speech,
                                                    monkeypatch) -> None:
    folder, pid = make_project(tmp_path)
    assert window.open_project(folder)
    page = window.view.interviews
    assert window.view.pages.currentWidget() is page

    def accept(dialog: ImportDialog) -> QDialog.DialogCode:
        dialog.people.item(0).setCheckState(Qt.CheckState.Checked)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", accept)
    drop(page, [speech.wav])
    wait_jobs(qtbot, window)
    assert [j.title.split()[0] for j in window.jobs.jobs.values()] == [
        "Import", "Transcribe", "Suggest"]
    assert {j.state for j in window.jobs.jobs.values()} == {"done"}
    assert page.model.rows[0].state_text == "transcribed"
    assert page.model.rows[0].participant_ids == (pid,)

    page.select_recording(page.model.rows[0].id)
    view = page.transcript
    qtbot.waitUntil(lambda: len(view.words()) > 30, timeout=10_000)
    assert "call bell" in view.toPlainText().lower()

    # click a word: the player jumps there and plays
    i = word_index(view, "frightened")
    word = view.words()[i]
    rect = view.cursorRect(view.word_cursor(i))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: abs(page.player.position() - word.start) < 0.6, timeout=5000)
    page.player.pause()

    # correct it in place, as a transcriber would: F2, type, Enter
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(view.word_cursor(i).selectionStart() + 1)
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.viewport().findChild(QLineEdit, "wordEditor")
    assert editor is not None and editor.text() == "frightened"
    editor.selectAll()
    qtbot.keyClicks(editor, "terrified")
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "terrified" in view.toPlainText(), timeout=5000)
    assert view.words()[i].start == word.start and view.words()[i].end == word.end

    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        window.undo.undo()
    qtbot.waitUntil(lambda: "frightened" in view.toPlainText(), timeout=5000)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        window.undo.redo()
    qtbot.waitUntil(lambda: "terrified" in view.toPlainText(), timeout=5000)

    # a typed space splits the word, keeping the time span
    j = word_index(view, "nobody")
    nobody = view.words()[j]
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        page.edit_word(nobody.id, "no body")
    qtbot.waitUntil(lambda: view.words()[j].text == "no", timeout=5000)
    assert view.words()[j].start == nobody.start and view.words()[j + 1].end == nobody.end

    # reopen the project: the edits were saved without a save button
    assert window.close_project()
    assert window.open_project(folder)
    page = window.view.interviews
    page.select_recording(page.model.rows[0].id)
    qtbot.waitUntil(lambda: "terrified" in page.transcript.toPlainText(), timeout=5000)
    assert "no body" in page.transcript.toPlainText()
    stored = editing.load_transcript(window.store, page.model.rows[0].id)
    assert "terrified" in [w.text.strip(".,") for w in stored.words]


def test_highlight_follows_playback(window, qtbot, tmp_path, media_files) -> None:
    folder, pid = make_project(tmp_path)
    store = projects.open_project(folder)
    from ebcd_app.services import media_import, transcripts

    rec = media_import.import_recording(store, media_files["speech.mp4"], participant_ids=[pid])
    srt = tmp_path / "t.srt"
    srt.write_text("1\n00:00:00,200 --> 00:00:07,000\nThe nurse came to see me as soon as "
                   "I arrived on the ward.\n\n2\n00:00:09,600 --> 00:00:16,500\nLater that "
                   "night nobody answered the call bell.\n")
    transcripts.import_subtitles(store, rec.recording_id, srt)
    store.close()
    assert window.open_project(folder)
    page = window.view.interviews
    page.select_recording(rec.recording_id)
    view = page.transcript
    qtbot.waitUntil(lambda: len(view.words()) > 10, timeout=5000)
    page.player.play_from(9.7)
    qtbot.waitUntil(lambda: page.player.position() > 10.5, timeout=10_000)
    current = view.current_word()
    assert current is not None and current.start >= 9.6
    assert view.extraSelections()[0].cursor.selectedText() == current.text
    page.player.pause()
    # the video is drawn (not a blank widget) once playing
    image = page.player.video.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
               for y in range(0, image.height(), 23)}
    assert len(colours) > 5


def test_withdrawing_consent_is_confirmed_recorded_and_shown(window, qtbot, tmp_path,
                                                            monkeypatch) -> None:
    folder, pid = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(0)
    people = window.view.people
    assert people.selected().id == pid
    assert people.consent.boxes[Scope.SEEN_IN_FILM].isChecked()
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    people.consent.withdraw()
    window.runner.wait()
    assert people.consent.boxes[Scope.SEEN_IN_FILM].isChecked()  # cancelled: nothing changed
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        people.consent.withdraw()
    assert not people.consent.boxes[Scope.SEEN_IN_FILM].isChecked()
    assert people.consent.notes[Scope.TRANSCRIBED].text().startswith("withdrawn")
    rows = projects.consent_rows(window.store, pid)
    assert all(r.withdrawn_at is not None for r in rows)


def test_field_notes_quick_entry_and_search(window, qtbot, tmp_path) -> None:
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(1)
    page = window.view.observation
    page.place.setText("Bay B")
    page.text.setPlainText("Call bells rang for ten minutes during the evening handover.")
    page.text.setFocus()  # typing in the note box, then Ctrl+Enter
    qtbot.waitUntil(page.text.hasFocus, timeout=2000)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 1 and page.text.toPlainText() == ""
    page.text.setPlainText("Breakfast arrived cold.")
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        page.add_note()
    page.filter.setText("handover")
    assert [n.place for n in page.model.rows] == ["Bay B"]
    assert page.count.text() == "1 of 2 notes"


def test_closing_while_a_job_runs_asks_first(window, qtbot, tmp_path, monkeypatch) -> None:
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)

    def slow(progress, token):
        while not token.cancelled:
            time.sleep(0.02)
        token.raise_if_cancelled()

    job = window.jobs.submit("A long job", slow)
    qtbot.waitUntil(lambda: job.state == "running", timeout=5000)
    choice = {"button": "Keep working"}

    def fake_exec(box: QMessageBox) -> int:
        button = next(b for b in box.buttons() if b.text().startswith(choice["button"]))
        box.setProperty("clicked", True)
        monkeypatch.setattr(box, "clickedButton", lambda: button)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert not window.close()
    assert window.isVisible() and job.state == "running"
    choice["button"] = "Stop jobs"
    assert window.close()
    qtbot.waitUntil(lambda: job.state == "cancelled", timeout=5000)


def test_the_demo_project_opens_from_the_start_screen(window, qtbot) -> None:
    with qtbot.waitSignal(window.start.demo_requested, timeout=1000):
        qtbot.mouseClick(_demo_button(window), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.view is not None, timeout=60_000)
    wait_jobs(qtbot, window, timeout=600_000)
    page = window.view.interviews
    states = [r.state_text for r in page.model.rows]
    assert states == ["transcribed"] * 4
    assert "Ward 7" in window.windowTitle()
    assert [j.state for j in window.jobs.jobs.values()] == ["done"]
    board = window.view.touchpoints
    assert len(board.rows) >= 15  # the demo's scripted touch points
    assert board.counts.rowCount() >= 10


def _demo_button(window):
    from PySide6.QtWidgets import QPushButton

    return next(b for b in window.start.findChildren(QPushButton)
                if b.text().startswith("Open the demo project"))
