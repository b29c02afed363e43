"""Touch points in the transcript: a ▲ ◆ ▼ mark as well as the tint, and a selection that
never looks like a tint; clicks, selections, F2 and copying still find the right words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import QLineEdit
from transcribed import PATIENT_SRT, recording_from_srt

from ebcd_app.domain.models import Role, Scope, Sentiment
from ebcd_app.gui.sentiment_style import COLOUR, SYMBOL, TINT, UNSET_TINT
from ebcd_app.gui.tag_dialog import TagDialog
from ebcd_app.services import board, editing, projects, touchpoints


@pytest.fixture
def project(tmp_path: Path, media_files) -> tuple[Path, int]:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Transcript marks test")
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    rec_id = recording_from_srt(store, media_files["speech.wav"], PATIENT_SRT, pid, tmp_path)
    store.close()
    return folder, rec_id


def open_transcript(window, qtbot, folder: Path, rec_id: int):
    assert window.open_project(folder)
    page = window.view.interviews
    page.select_recording(rec_id)
    view = page.transcript
    qtbot.waitUntil(lambda: len(view.words()) > 10, timeout=5000)
    return page, view


def index_of(view, text: str) -> int:
    return [w.text.strip(".,") for w in view.words()].index(text)


def point_at(view, position: int, nudge: int = 0) -> QPoint:
    """Where a text position is on screen (in the viewport), a few pixels to one side."""
    cur = QTextCursor(view.document())
    cur.setPosition(position)
    rect = view.cursorRect(cur)
    return QPoint(rect.center().x() + nudge, rect.center().y())


def drag_select(qtbot, view, first: str, last: str) -> None:
    """Click before the first word, then Shift+click after the last, as a person selects."""
    a = view.word_cursor(index_of(view, first)).selectionStart()
    b = view.word_cursor(index_of(view, last)).selectionEnd()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, a, 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ShiftModifier, pos=point_at(view, b, -2))


def near(pixel: QColor, colour: str, tolerance: int = 60) -> bool:
    c = QColor(colour)
    return (abs(pixel.red() - c.red()) + abs(pixel.green() - c.green())
            + abs(pixel.blue() - c.blue())) < tolerance


def test_a_tagged_span_starts_with_its_mark_and_words_still_map(window, qtbot,
                                                                project) -> None:
    folder, rec_id = project
    page, view = open_transcript(window, qtbot, folder, rec_id)
    ids = {w.text.strip(".,"): w.id for w in editing.load_transcript(window.store, rec_id).words}
    before = view.toPlainText()
    window.activateWindow()  # offscreen, the window loses activation once the loop has run
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    drag_select(qtbot, view, "Nobody", "frightened")
    assert view.textCursor().selectedText() == "Nobody answered the call bell and I was frightened."
    qtbot.keyClick(view, Qt.Key.Key_T)
    dialog = page.findChild(TagDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.buttons[Sentiment.NEGATIVE], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.emotion, "frightened")
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    [row] = board.load_board(window.store)
    assert row.text == "Nobody answered the call bell and I was frightened."

    # the mark is in the text, right before the span's first word, in the negative colour
    text = view.toPlainText()
    assert text.count(SYMBOL[Sentiment.NEGATIVE]) == 1
    assert f"{SYMBOL[Sentiment.NEGATIVE]}\u202fNobody answered" in text
    mark = text.index(SYMBOL[Sentiment.NEGATIVE])
    cur = QTextCursor(view.document())
    cur.setPosition(mark + 1)
    assert cur.charFormat().foreground().color().name().lower() == \
        COLOUR[Sentiment.NEGATIVE].lower()
    assert cur.charFormat().background().color().name() == TINT[Sentiment.NEGATIVE]
    # ... and painted: the triangle's pixels in the mark's box, above the underline
    image = view.viewport().grab().toImage()
    left, right = point_at(view, mark).x(), point_at(view, mark + 1).x()
    top = view.cursorRect(cur).top()
    coloured = sum(near(image.pixelColor(x, y), COLOUR[Sentiment.NEGATIVE])
                   for x in range(left, right) for y in range(top, top + 12))
    assert coloured > 10

    # a click on a word after the mark plays that word
    with qtbot.waitSignal(view.word_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=point_at(view, view.word_cursor(index_of(view, "bell"))
                                      .selectionStart(), 3))
    assert (clicked.args[0].text, clicked.args[0].id) == ("bell", ids["bell"])
    # a click on the mark itself means the span's first word, and shows the touch point
    with qtbot.waitSignal(view.word_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=point_at(view, mark, 2))
    assert clicked.args[0].id == ids["Nobody"]
    assert len(page.strip.shown) == 1
    # a selection across the mark gives the words on both sides of it, and copies no mark
    with qtbot.waitSignal(view.span_selected, timeout=2000):
        drag_select(qtbot, view, "arrived", "answered")
    assert [w.id for w in view.selected_words()] == [ids["arrived"], ids["Nobody"],
                                                     ids["answered"]]
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "arrived. Nobody answered"
    # F2 corrects the word under the cursor, after the mark as before it
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_at(view, view.word_cursor(index_of(view, "call"))
                                  .selectionStart(), 3))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QLineEdit, "wordEditor")
    assert editor is not None and editor.text() == "call"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)

    # undo (Edit ▸ Undo) takes the mark, the tint and the underline away again
    undo = next(a for a in window.menuBar().actions()[1].menu().actions()
                if a.text().startswith("&Undo"))
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        undo.trigger()
    qtbot.waitUntil(lambda: view.toPlainText() == before, timeout=5000)
    fmt = view.word_cursor(index_of(view, "bell")).charFormat()
    assert fmt.underlineStyle() == fmt.UnderlineStyle.NoUnderline and not fmt.toolTip()
    assert view.word_cursor(index_of(view, "Nobody")).selectedText() == "Nobody"


def test_the_selection_does_not_look_like_a_positive_touch_point(window, qtbot,
                                                                 project) -> None:
    folder, rec_id = project
    store = projects.open_project(folder)
    words = editing.load_transcript(store, rec_id).words
    touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
        first_word_id=words[0].id, last_word_id=words[9].id, sentiment=Sentiment.POSITIVE))
    store.close()
    _page, view = open_transcript(window, qtbot, folder, rec_id)
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    for tint in (*TINT.values(), UNSET_TINT):
        assert abs(highlight.lightness() - QColor(tint).lightness()) > 80, tint
    # what is painted behind selected words of a positive span is the selection, not a tint
    window.activateWindow()  # offscreen, the window loses activation once the loop has run
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    drag_select(qtbot, view, "lovely", "reassuring")
    image = view.viewport().grab().toImage()
    rect = view.cursorRect(view.word_cursor(index_of(view, "really")))
    start = point_at(view, view.word_cursor(index_of(view, "really")).selectionStart())
    colours: dict[str, int] = {}
    for x in range(start.x() + 2, rect.left() - 2):
        for y in range(rect.top() + 2, rect.bottom() - 2):
            name = image.pixelColor(x, y).name()
            colours[name] = colours.get(name, 0) + 1
    background = max(colours, key=colours.get)
    assert not near(QColor(background), TINT[Sentiment.POSITIVE], 90)
    assert near(QColor(background), highlight.name(), 30)
