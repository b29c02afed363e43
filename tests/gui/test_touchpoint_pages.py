"""Touch points through the real widgets: tag with the keyboard, see it drawn, review it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from ebcd_app.domain.models import Role, Scope, Sentiment
from ebcd_app.gui.tag_dialog import TagDialog
from ebcd_app.services import board, media_import, projects, suggestions, transcripts

SRT = """1
00:00:00,500 --> 00:00:05,000
The nurse was lovely and really reassuring when I arrived.

2
00:00:06,000 --> 00:00:11,000
Nobody answered the call bell and I was frightened.
"""


@pytest.fixture
def project(tmp_path: Path, media_files) -> tuple[Path, int]:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Ward 7 tagging test")
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    rec = media_import.import_recording(store, media_files["speech.wav"], participant_ids=[pid])
    srt = tmp_path / "t.srt"
    srt.write_text(SRT)
    transcripts.import_subtitles(store, rec.recording_id, srt)
    store.close()
    return folder, rec.recording_id


def select_words(view, first: str, last: str) -> None:
    words = [w.text.strip(".,") for w in view.words()]
    a, b = words.index(first), words.index(last)
    cur = QTextCursor(view.document())
    cur.setPosition(view.word_cursor(a).selectionStart())
    cur.setPosition(view.word_cursor(b).selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)


def test_tag_with_the_keyboard_then_see_it_drawn_listed_and_undone(window, qtbot,
                                                                  project) -> None:
    folder, rec_id = project
    assert window.open_project(folder)
    page = window.view.interviews
    page.select_recording(rec_id)
    view = page.transcript
    qtbot.waitUntil(lambda: len(view.words()) > 10, timeout=5000)
    select_words(view, "Nobody", "frightened")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T)
    dialog = page.findChild(TagDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.base.first_word_id is not None
    # stage by typing ahead, the sentiment with Alt+N, then the emotion and a theme
    dialog.stage.setFocus()
    qtbot.keyClicks(dialog.stage, "First night")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(dialog.stage, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert dialog.buttons[Sentiment.NEGATIVE].isChecked()
    dialog.emotion.setText("frightened")
    dialog.themes.setText("Call bells, Nights")
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    [row] = board.load_board(window.store)
    assert (row.stage, row.sentiment, row.emotion) == ("First night", Sentiment.NEGATIVE,
                                                        "frightened")
    assert row.text == "Nobody answered the call bell and I was frightened."
    # drawn in the transcript in the negative tint
    i = [w.text for w in view.words()].index("bell")
    fmt = view.word_cursor(i).charFormat()
    assert fmt.background().color().name() == "#f8d8c4"
    assert "▼ negative" in fmt.toolTip()
    # clicking a word of it shows it under the transcript, ready to edit
    rect = view.cursorRect(view.word_cursor(i))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(page.strip.shown) == 1
    # on the board, with counts
    window.show_page(3)
    tp_page = window.view.touchpoints
    qtbot.waitUntil(lambda: tp_page.model.rowCount() == 1, timeout=5000)
    assert tp_page.counts.item(0, 0).text() == "First night"
    assert tp_page.counts.item(0, 3).text() == "1"  # the negative column
    # undo removes it everywhere
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        window.undo.undo()
    qtbot.waitUntil(lambda: tp_page.model.rowCount() == 0, timeout=5000)
    assert board.load_board(window.store) == []


def test_board_filters_cards_map_and_play(window, qtbot, project) -> None:
    from ebcd_app.services import touchpoints, vocabulary
    from ebcd_app.services.editing import load_transcript

    folder, rec_id = project
    store = projects.open_project(folder)
    words = load_transcript(store, rec_id).words
    stages = {s.name: s.id for s in vocabulary.stages(store)}
    touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
        first_word_id=words[0].id, last_word_id=words[9].id, stage_id=stages["Arriving"],
        sentiment=Sentiment.POSITIVE, emotion="reassured", is_quote=True))
    touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
        first_word_id=words[10].id, last_word_id=words[-1].id, stage_id=stages["First night"],
        sentiment=Sentiment.NEGATIVE, emotion="frightened"))
    store.close()
    assert window.open_project(folder)
    window.show_page(3)
    page = window.view.touchpoints
    assert page.model.rowCount() == 2
    combo = page.filters["Sentiment"]
    combo.setCurrentIndex(combo.findData(Sentiment.NEGATIVE))
    assert [r.emotion for r in page.shown] == ["frightened"]
    page.clear_filters()
    page.quotes_only.setChecked(True)
    assert [r.attribution for r in page.shown] == ["Patient ‘Maggie’"]
    page.clear_filters()
    page.tabs.setCurrentWidget(page.cards)
    qtbot.wait(50)
    image = page.cards.viewport().grab().toImage()
    assert image.width() > 300  # the cards are painted
    page.table.selectRow(1)
    with qtbot.waitSignal(page.play_requested, timeout=2000) as signal:
        page.play_selected()
    assert signal.args[0] == rec_id and signal.args[1] == pytest.approx(6.0, abs=0.3)
    qtbot.waitUntil(lambda: window.view.pages.currentWidget() is window.view.interviews,
                    timeout=2000)
    # the emotional map shows both stages with their feelings
    window.show_page(4)
    svg = ET.fromstring(window.view.map.svg)
    texts = " ".join(e.text for e in svg.iter() if e.text)
    for expected in ("Arriving", "First", "night", "reassured", "frightened"):
        assert expected in texts.replace("-", "")


def test_accepting_a_suggestion_in_the_page(window, qtbot, project) -> None:
    folder, _ = project
    store = projects.open_project(folder)
    suggestions.run_suggestions(store)
    store.close()
    assert window.open_project(folder)
    window.show_page(5)
    page = window.view.suggestions
    group = page.tree.topLevelItem(0)
    assert group.childCount() == 2 and "(2)" in group.text(0)
    negative = next(group.child(i) for i in range(group.childCount())
                    if "negative" in group.child(i).text(0))
    negative.setSelected(True)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        page.decide(True)
    [row] = board.load_board(window.store)
    assert row.sentiment == Sentiment.NEGATIVE
    qtbot.waitUntil(lambda: "(1)" in page.tree.topLevelItem(0).text(0), timeout=5000)


def test_the_words_stay_on_screen_in_the_table_on_a_laptop(window, qtbot, project) -> None:
    from ebcd_app.services import touchpoints, vocabulary
    from ebcd_app.services.editing import load_transcript

    folder, rec_id = project
    store = projects.open_project(folder)
    words = load_transcript(store, rec_id).words
    stages = {s.name: s.id for s in vocabulary.stages(store)}
    for (a, b), stage, sentiment in (((0, 9), "Arriving", Sentiment.POSITIVE),
                                     ((10, len(words) - 1), "First night",
                                      Sentiment.NEGATIVE)):
        touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
            first_word_id=words[a].id, last_word_id=words[b].id, stage_id=stages[stage],
            sentiment=sentiment, emotion="reassured" if a == 0 else "frightened",
            themes=("Being informed", "Call bells at night", "Staffing and breaks")))
    store.close()
    window.resize(1366, 768)
    assert window.open_project(folder)
    window.show_page(3)
    page = window.view.touchpoints
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    qtbot.wait(50)
    assert 1100 <= page.width() <= 1200  # the page a 1366 px wide screen leaves
    table, header = page.table, page.table.horizontalHeader()
    words_column = [page.model.headerData(c, Qt.Orientation.Horizontal)
                    for c in range(page.model.columnCount())].index("Words")
    left = header.sectionViewportPosition(words_column)
    width = header.sectionSize(words_column)
    assert left >= 0 and left + width <= table.viewport().width()
    assert width >= 300
    assert table.horizontalScrollBar().maximum() == 0  # nothing pushed off to the right
    # the other columns are no wider than what they show
    for c in range(page.model.columnCount()):
        if c != words_column:
            assert header.sectionSize(c) <= max(table.sizeHintForColumn(c),
                                                header.sectionSizeHint(c))
