"""Untranscribed speech is shown where it is, in the transcript and on the waveform, so a
facilitator never discovers a gap by listening (issue 16)."""

from __future__ import annotations

from pathlib import Path

from test_transcript_marks import open_transcript, project  # noqa: F401 - fixture

from ebcd_app.domain.models import Recording
from ebcd_app.services import projects


def test_a_gap_is_shown_in_its_place_in_the_transcript_and_on_the_waveform(
        window, qtbot, project, tmp_path: Path) -> None:  # noqa: F811
    folder, rec_id = project
    store = projects.open_project(folder)
    with store.session() as s:
        s.get_one(Recording, rec_id).transcript.untranscribed = [[5.1, 5.9], [16.6, 27.4]]
    store.close()
    page, view = open_transcript(window, qtbot, folder, rec_id)
    text = view.toPlainText()
    first = text.index("untranscribed speech 0:05-0:06")
    assert text.index("reassuring") < first < text.index("Nobody")
    assert text.rstrip().splitlines()[-1].startswith("⚠ untranscribed speech 0:17-0:27")
    wave = page.player.waveform
    assert "untranscribed speech 0:17-0:27" in wave.toolTip()
    # the words around a gap are still words: clicking them still finds them
    assert view.words()[0].text == "The"
    if shot := __import__("os").environ.get("EBCD_SCREENSHOT"):
        window.resize(1366, 768)
        view.highlight_time(16.0)
        qtbot.wait(300)
        window.grab().save(shot)


def test_typing_what_was_said_fills_the_gap_and_undo_brings_it_back(
        window, qtbot, project, monkeypatch) -> None:  # noqa: F811
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QInputDialog, QMenu

    folder, rec_id = project
    store = projects.open_project(folder)
    with store.session() as s:
        s.get_one(Recording, rec_id).transcript.untranscribed = [[5.1, 5.9]]
    store.close()
    _page, view = open_transcript(window, qtbot, folder, rec_id)
    shown: list[QMenu] = []
    import ebcd_app.gui.transcript_view as transcript_view

    class Menu(QMenu):  # the menu the right-click opens, kept instead of shown
        def exec(self, *_a) -> None:
            shown.append(self)

    monkeypatch.setattr(transcript_view, "QMenu", Menu)
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *a, **k: ("Thank you so much", True))
    cursor = view.textCursor()
    cursor.setPosition(view.gap_positions()[0] + 3)
    at = view.cursorRect(cursor).center()
    view.contextMenuEvent(QContextMenuEvent(  # what a right-click there delivers
        QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at)))
    actions = {a.text(): a for a in shown[-1].actions()}
    assert set(actions) >= {"Type what was said here…", "Transcribe this part again"}
    actions["Type what was said here…"].trigger()
    qtbot.waitUntil(lambda: "Thank" in [w.text for w in view.words()], timeout=5000)
    assert "untranscribed speech" not in view.toPlainText()
    from PySide6.QtGui import QKeySequence
    from test_undo_everywhere import edit_action

    undo = edit_action(window, QKeySequence.StandardKey.Undo)
    assert undo.text().startswith("&Undo Type the speech at 0:05-0:06"), undo.text()
    undo.trigger()
    qtbot.waitUntil(lambda: "untranscribed speech 0:05-0:06" in view.toPlainText(),
                    timeout=5000)
    assert "Thank" not in [w.text for w in view.words()]
