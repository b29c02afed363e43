"""Transcribe again in the app: it asks first, keeps a person's corrections unless told, and
says what happened to the touch points (issue 14, item 1). Clicked as a user clicks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from ebcd_app.services import editing, projects
from ebcd_app.services.touchpoints import words_between


def answer_with(button_text: str, said: list[str]) -> None:
    """Click the button whose text starts with `button_text` on the next message box."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        said.append(box.text() + "\n" + box.informativeText() + "\n" + box.detailedText())
        next(b for b in box.buttons()
             if b.text().replace("&", "").startswith(button_text)).click()
    QTimer.singleShot(20, answer)


def _db(folder: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(folder / "project.db") as conn:
        return conn.execute(sql).fetchall()


def test_keep_my_corrections_is_the_answer_that_changes_nothing(window, qtbot,
                                                                demo_folder: Path) -> None:
    with projects.open_project(demo_folder) as store:
        word = words_between(store, 1, 0.0, 30.0)[0]
        editing.set_word_text(store, word, "Corrected")
    assert window.open_project(demo_folder)
    window.view.show_page(2)
    page = window.view.interviews
    page.select_recording(1)
    qtbot.waitUntil(page.transcribe_btn.isEnabled, timeout=5000)
    assert page.transcribe_btn.text() == "Transcribe again…"
    said: list[str] = []
    answer_with("Keep my corrections", said)

    qtbot.mouseClick(page.transcribe_btn, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "corrected by a person" in said[0]
    assert not [j for j in window.jobs.jobs.values() if j.title.startswith("Transcribe")]
    assert _db(demo_folder, f"SELECT text FROM words WHERE id={word}") == [("Corrected",)]


@pytest.mark.slow
def test_transcribing_again_moves_the_touch_points_and_says_so(window, qtbot,
                                                               demo_folder: Path) -> None:
    before = _db(demo_folder, "SELECT id FROM touch_points WHERE recording_id=4 ORDER BY id")
    assert before
    assert window.open_project(demo_folder)
    window.view.show_page(2)
    page = window.view.interviews
    page.select_recording(4)
    qtbot.waitUntil(page.transcribe_btn.isEnabled, timeout=5000)
    said: list[str] = []
    answer_with("Transcribe again", said)

    qtbot.mouseClick(page.transcribe_btn, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    answer_with("OK", said)  # the report that follows the job
    qtbot.waitUntil(lambda: len(said) == 2, timeout=300_000)
    assert "tagged item(s) on the old transcript" in said[1]
    after = _db(demo_folder, "SELECT id FROM touch_points WHERE recording_id=4 ORDER BY id")
    assert after == before, "no touch point was lost"
    assert _db(demo_folder, "SELECT source FROM transcripts WHERE recording_id=4") == [
        ("whisper",)]


def _buttons(page) -> dict[str, object]:
    from PySide6.QtWidgets import QPushButton
    return {b.text(): b for b in page.findChildren(QPushButton)}


def test_a_touch_point_that_needs_attention_is_shown_edited_and_placed_again(
        window, qtbot, demo_folder: Path, tmp_path: Path) -> None:
    from gui_srt import partial_and_full_srt

    from ebcd_app.services import transcripts

    lost_id, partial, full = partial_and_full_srt(demo_folder, 1, tmp_path)
    with projects.open_project(demo_folder) as store:
        transcripts.import_subtitles(store, 1, partial)
    assert window.open_project(demo_folder)
    window.show_page(3)
    page = window.view.touchpoints
    row = next(i for i, r in enumerate(page.shown) if r.id == lost_id)
    shown = page.model.index(row, next(c for c in range(page.model.columnCount())
                                       if page.model.headerData(c, Qt.Orientation.Horizontal)
                                       == "Words")).data()
    assert shown.startswith("⚠ Needs attention")
    page.table.selectRow(row)
    # Edit… and OK: what it says can still change while it waits for words
    said: list[str] = []

    def ok() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, ok)
            return
        said.append(dialog.windowTitle())
        from PySide6.QtWidgets import QDialogButtonBox
        dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Save).click()
    QTimer.singleShot(20, ok)
    qtbot.mouseClick(_buttons(page)["Edit…"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    window.runner.wait()
    # Place again before the words are back: one sentence says why not
    failures: list[str] = []
    window.runner.operation_failed.connect(lambda msg, _d: failures.append(msg))
    qtbot.mouseClick(_buttons(page)["Place again"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "still no words" in failures[0]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5000)
    shown = QApplication.activeModalWidget()
    assert "still no words" in " ".join(label.text() for label in shown.findChildren(QLabel))
    shown.reject()
    # the words come back (here: the full subtitles again): it is placed by itself
    with projects.open_project(demo_folder) as store:
        assert transcripts.import_subtitles(store, 1, full).report.placed_again
    page.refresh()
    assert not [r for r in page.shown if r.needs_attention]
