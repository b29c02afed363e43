"""The film page through real widgets: draft, budget, consent shown, handles, reorder, the
undo of every edit, and export and render failures said in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionSlider
from test_undo_everywhere import edit_action, press

from ebcd_app.domain.models import Role, Scope, Sentiment
from ebcd_app.gui.film_tree import key as row_key
from ebcd_app.services import (
    editing,
    film,
    media_import,
    projects,
    touchpoints,
    transcripts,
    vocabulary,
)
from ebcd_app.services.touchpoints import TouchPointData

SRT = """1
00:00:00,500 --> 00:00:05,000
The nurse was lovely and really reassuring when I arrived.

2
00:00:06,000 --> 00:00:11,000
Nobody answered the call bell and I was frightened.
"""


@pytest.fixture
def project(tmp_path: Path, media_files) -> Path:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Film page test")
    stages = {s.name: s.id for s in vocabulary.stages(store)}
    for key, role, consent, media in (
            ("Sam", Role.STAFF, set(Scope), "speech.mp4"),
            ("Ray", Role.PATIENT, set(Scope) - {Scope.SEEN_IN_FILM}, "speech.mp3")):
        pid = projects.add_participant(store, name=f"{key} X", role=role, pseudonym=key,
                                       granted=consent)
        rec = media_import.import_recording(store, media_files[media], participant_ids=[pid])
        srt = tmp_path / f"{key}.srt"
        srt.write_text(SRT)
        transcripts.import_subtitles(store, rec.recording_id, srt)
        ws = editing.load_transcript(store, rec.recording_id).words
        for (a, b), sentiment in (((0, 9), Sentiment.POSITIVE),
                                  ((10, len(ws) - 1), Sentiment.NEGATIVE)):
            touchpoints.add_touchpoint(store, TouchPointData(
                first_word_id=ws[a].id, last_word_id=ws[b].id, sentiment=sentiment,
                stage_id=stages["Arriving"], themes=("Being welcomed",)))
    store.close()
    return folder


def test_draft_budget_consent_handles_and_reorder(window, qtbot, project) -> None:
    assert window.open_project(project)
    window.show_page(6)
    page = window.view.film
    assert page.tree.topLevelItemCount() == 0
    with qtbot.waitSignal(window.runner.operation_executed, timeout=10_000):
        page.draft(confirm=False)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=5000)
    chapter = page.tree.topLevelItem(0)
    assert chapter.text(0) == "Being welcomed" and chapter.childCount() == 4
    assert "more minutes needed" in page.budget.format()
    assert page.budget_text.text() == "⚠ Too short"
    assert "not enough tagged material" in page.notes.text()
    whos = [chapter.child(i).text(1) for i in range(4)]
    assert any("Patient ‘Ray’ (voice only)" == w for w in whos)  # heard, not seen
    assert any(w == "Staff member ‘Sam’" for w in whos)
    # choose a clip: its consent and reason are shown; widen its tail handle
    page.tree.setCurrentItem(chapter.child(0))
    assert page.detail_reason.text().startswith("opens the chapter")
    before = page.view.chapters[0].clips[0]
    page.tail.setValue(before.tail_ms + 500)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        page.tail.editingFinished.emit()
    after = film.film_view(window.store).chapters[0].clips[0]
    assert after.src_out == pytest.approx(min(before.src_out + 0.5, 17.2), abs=0.05)
    # move the last clip to the top, as a drag would leave the tree
    ids = [c.id for c in page.view.chapters[0].clips]
    chapter = page.tree.topLevelItem(0)  # the tree was rebuilt after the change
    last = chapter.takeChild(3)
    chapter.insertChild(0, last)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        page.tree.rearranged.emit()
    assert [c.id for c in film.film_view(window.store).chapters[0].clips] == \
        [ids[3], *ids[:3]]
    # double-click plays the clip's moment in the interview
    qtbot.waitUntil(lambda: page.tree.topLevelItem(0).childCount() == 4, timeout=5000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    with qtbot.waitSignal(page.play_requested, timeout=2000):
        page.play_selected()
    assert window.view.pages.currentWidget() is window.view.interviews


def test_preview_plays_title_card_then_clips_with_captions(window, qtbot, project) -> None:
    from ebcd_app.gui.film_preview import FilmPreview
    from ebcd_app.services import film_draft

    store = projects.open_project(project)
    film_draft.auto_draft(store)
    plan = film.build_plan(store)
    store.close()
    preview = FilmPreview(plan)
    qtbot.addWidget(preview)
    preview.show()
    preview.start()
    assert preview.card.text() == "Being welcomed"
    qtbot.waitUntil(lambda: preview.index >= 1, timeout=8000)  # after the 4 s title card
    qtbot.waitUntil(lambda: preview.caption.text() != "", timeout=8000)
    assert preview.caption.text().split()[0] in {w.text for c in plan.chapters[0].clips
                                                 for w in c.words}
    assert "Being welcomed ·" in preview.where.text()
    preview.close()
    assert not preview.timer.isActive()


def test_adding_a_clip_for_someone_who_refused_the_film_is_explained(window, qtbot,
                                                                     project, tmp_path,
                                                                     media_files) -> None:
    store = projects.open_project(project)
    pid = projects.add_participant(store, name="Jo Y", role=Role.STAFF, pseudonym="Jo",
                                   granted={Scope.RECORDED, Scope.TRANSCRIBED})
    rec = media_import.import_recording(store, media_files["speech.ogg"], participant_ids=[pid])
    srt = tmp_path / "jo.srt"
    srt.write_text(SRT)
    transcripts.import_subtitles(store, rec.recording_id, srt)
    ws = editing.load_transcript(store, rec.recording_id).words
    _, chapter = film.add_chapter(store, "Nights")
    store.close()
    assert window.open_project(project)
    messages = []
    window.runner.operation_failed.disconnect()
    window.runner.operation_failed.connect(lambda text, _details: messages.append(text))
    window.runner.run(lambda: film.add_clip(window.store, chapter, ws[0].id, ws[3].id))
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "cannot be in the film because Jo (staff) has not consented to" in messages[0]
    assert film.film_view(window.store).chapters[0].clips == ()


def button(page, text: str) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def test_a_film_too_short_says_so_without_the_positive_mark(window, qtbot, project) -> None:
    from ebcd_app.gui.sentiment_style import COLOUR, SYMBOL, TINT

    assert window.open_project(project)
    window.show_page(6)
    page = window.view.film
    with qtbot.waitSignal(window.runner.operation_executed, timeout=10_000):
        qtbot.mouseClick(button(page, "Auto-draft…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=5000)
    assert page.view.duration < 25 * 60
    text = page.budget_text.text()
    assert "Too short" in text and not any(mark in text for mark in SYMBOL.values())
    assert "more minutes needed" in page.budget.format()
    looks = (page.budget_text.styleSheet() + page.budget.styleSheet()).lower()
    for colour in (*COLOUR.values(), *TINT.values()):
        assert colour.lower() not in looks  # the sentiment colours mean how it felt


def _drag(qtbot, slider, ms: int) -> None:
    """Drag the slider's handle to the value `ms`, as a mouse would."""
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    style = slider.style()
    handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                  QStyle.SubControl.SC_SliderHandle, slider)
    groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                  QStyle.SubControl.SC_SliderGroove, slider)
    span = groove.width() - handle.width()
    x = groove.x() + handle.width() // 2 + QStyle.sliderPositionFromValue(
        slider.minimum(), slider.maximum(), ms, span)
    target = QPoint(x, handle.center().y())
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=handle.center())
    qtbot.mouseMove(slider, pos=target)
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=target)


def test_preview_plays_the_whole_film_with_a_scrub_bar_and_chapters(window, qtbot,
                                                                    project) -> None:
    from ebcd_app.services import film_draft

    store = projects.open_project(project)
    film_draft.auto_draft(store)
    first = film.film_view(store).chapters[0].clips[0]
    ws = editing.load_transcript(store, first.recording_id).words
    _, nights = film.add_chapter(store, "Nights")
    film.add_clip(store, nights, ws[10].id, ws[-1].id)
    store.close()
    assert window.open_project(project)
    window.show_page(6)
    page = window.view.film
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=5000)
    plan = film.build_plan(window.store)
    whole = sum(ch.duration for ch in plan.chapters)
    items = plan.timeline()

    # nothing chosen: Preview plays the whole film from the start
    page.tree.clearSelection()
    qtbot.mouseClick(button(page, "Preview"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview_window is not None, timeout=2000)  # read off-thread
    preview = page.preview_window
    assert preview is not None and preview.isVisible()
    assert preview.duration == pytest.approx(whole)
    assert preview.scrub.maximum() == int(whole * 1000)
    chapters = [preview.chapter_list.item(i).text()
                for i in range(preview.chapter_list.count())]
    assert len(chapters) == 2 and chapters[0].endswith("Being welcomed")
    assert chapters[1].endswith("Nights")
    assert preview.card.text() == "Being welcomed" and preview.index == 0
    # drag the scrub bar into the second chapter's title card, then into a clip
    nights_at = next(t for t in items if t.kind == "title" and t.title == "Nights")
    _drag(qtbot, preview.scrub, int((nights_at.record_in + 2) * 1000))
    assert preview.index == items.index(nights_at) and preview.card.text() == "Nights"
    assert preview.record_time() == pytest.approx(nights_at.record_in + 2, abs=0.3)
    clip_at = items[2]
    middle = clip_at.record_in + clip_at.duration / 2
    _drag(qtbot, preview.scrub, int(middle * 1000))
    assert preview.index == 2
    assert preview.record_time() == pytest.approx(middle, abs=0.6)
    # click a chapter in the list to go to its title card
    row = preview.chapter_list.item(0)
    qtbot.mouseClick(preview.chapter_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=preview.chapter_list.visualItemRect(row).center())
    assert preview.index == 0 and preview.card.text() == "Being welcomed"
    assert preview.scrub.value() < 1000

    # a clip chosen: still the whole film, from that clip
    chapter = page.tree.topLevelItem(0)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.tree.visualItemRect(chapter.child(1)).center())
    assert page.tree.currentItem() is chapter.child(1)
    qtbot.mouseClick(button(page, "Preview"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview_window is not preview, timeout=2000)
    second = page.preview_window
    assert second.duration == pytest.approx(whole)
    assert second.chapter_list.count() == 2
    assert second.index == 2  # the second clip of the first chapter
    second.close()


# -- every edit of the cut is one undo step ------------------------------------------------

def _cut(view: film.FilmView) -> list[tuple[str, list[int]]]:
    return [(ch.title, [c.id for c in ch.clips]) for ch in view.chapters]


def _shown(page) -> list[tuple[str, list[int]]]:
    tree = page.tree
    return [(tree.topLevelItem(i).text(0),
             [row_key(tree.topLevelItem(i).child(j))[1] for j in range(tree.topLevelItem(i)
                                                                  .childCount())])
            for i in range(tree.topLevelItemCount())]


def _settled(window, qtbot) -> film.FilmView:
    """The cut in the project, once the page shows it."""
    page, view = window.view.film, film.film_view(window.store)
    qtbot.waitUntil(lambda: page.view == view, timeout=5000)
    assert _shown(page) == _cut(view)
    return view


def _edit(window, qtbot, do, doing: str) -> film.FilmView:
    with qtbot.waitSignal(window.runner.operation_executed, timeout=10_000):
        do()
    assert edit_action(window, QKeySequence.StandardKey.Undo).text() == f"&Undo {doing}"
    return _settled(window, qtbot)


def _undo_redo(window, qtbot, before: film.FilmView, after: film.FilmView) -> None:
    """Edit ▸ Undo brings back exactly the cut before; Edit ▸ Redo the one after."""
    for key_, view in ((QKeySequence.StandardKey.Undo, before),
                       (QKeySequence.StandardKey.Redo, after)):
        press(window, qtbot, key_)
        assert film.film_view(window.store) == view
        assert _settled(window, qtbot) == view


def _row(page, kind: str, ident: int):
    tree = page.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    items += [top.child(j) for top in items for j in range(top.childCount())]
    return next(i for i in items if row_key(i) == (kind, ident))


def _choose(qtbot, page, kind: str, ident: int) -> None:
    item = _row(page, kind, ident)
    page.tree.scrollToItem(item)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.tree.visualItemRect(item).center())
    assert row_key(page.tree.currentItem()) == (kind, ident)


def _click(page, qtbot, text: str):
    return lambda: qtbot.mouseClick(button(page, text), Qt.MouseButton.LeftButton)


def test_each_film_edit_is_undone_and_redone_exactly(window, qtbot, project,
                                                     monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog
    from test_touchpoint_pages import select_words

    assert window.open_project(project)
    window.show_page(6)
    page = window.view.film
    empty = _settled(window, qtbot)
    drafted = _edit(window, qtbot, _click(page, qtbot, "Auto-draft…"), "Draft the film")
    assert len(drafted.chapters) == 1 and len(drafted.chapters[0].clips) == 4
    _undo_redo(window, qtbot, empty, drafted)

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Nights", True))
    two = _edit(window, qtbot, _click(page, qtbot, "Add chapter…"), "Add the chapter")
    assert [ch.title for ch in two.chapters] == ["Being welcomed", "Nights"]
    _undo_redo(window, qtbot, drafted, two)

    # Move down on a chapter's last clip takes it into the next chapter; it stays chosen
    last = two.chapters[0].clips[-1].id
    _choose(qtbot, page, "clip", last)
    moved_on = _edit(window, qtbot, _click(page, qtbot, "Move down"), "Reorder the film")
    assert _cut(moved_on) == [("Being welcomed", _cut(two)[0][1][:3]), ("Nights", [last])]
    assert row_key(page.tree.currentItem()) == ("clip", last)
    _undo_redo(window, qtbot, two, moved_on)

    # a drag that leaves three clips in new places is one step too
    chapter = page.tree.topLevelItem(0)
    for i in range(chapter.childCount()):  # reversed, as drags would leave it
        chapter.insertChild(i, chapter.takeChild(chapter.childCount() - 1))
    dragged = _edit(window, qtbot, page.tree.rearranged.emit, "Reorder the film")
    assert _cut(dragged)[0][1] == _cut(moved_on)[0][1][::-1]
    _undo_redo(window, qtbot, moved_on, dragged)

    # widen a clip's tail by typing in its handle
    clip = dragged.chapters[0].clips[0]
    _choose(qtbot, page, "clip", clip.id)
    page.tail.setFocus()
    page.tail.selectAll()
    qtbot.keyClicks(page.tail, "900")
    tailed = _edit(window, qtbot, lambda: qtbot.keyClick(page.tail, Qt.Key.Key_Return),
                   "Trim the clip")
    assert tailed.chapters[0].clips[0].tail_ms == 900 != clip.tail_ms
    press(window, qtbot, QKeySequence.StandardKey.Undo)
    qtbot.waitUntil(lambda: page.tail.value() == clip.tail_ms, timeout=5000)
    press(window, qtbot, QKeySequence.StandardKey.Redo)
    qtbot.waitUntil(lambda: page.tail.value() == 900, timeout=5000)
    assert _settled(window, qtbot) == tailed

    # trim a clip to words selected in the interview's transcript
    clip = next(c for c in tailed.chapters[0].clips if c.text.startswith("The nurse"))
    window.show_page(2)
    window.view.interviews.select_recording(clip.recording_id)
    view = window.view.interviews.transcript
    qtbot.waitUntil(lambda: len(view.words()) > 10, timeout=5000)
    select_words(view, "Nobody", "bell")
    window.show_page(6)
    _choose(qtbot, page, "clip", clip.id)
    trimmed = _edit(window, qtbot, _click(page, qtbot, "Trim to the words selected there"),
                    "Trim the clip to the selected words")
    assert next(c for ch in trimmed.chapters for c in ch.clips
                if c.id == clip.id).text == "Nobody answered the call bell"
    _undo_redo(window, qtbot, tailed, trimmed)

    _choose(qtbot, page, "clip", clip.id)
    removed = _edit(window, qtbot, _click(page, qtbot, "Remove"), "Remove the clip")
    assert clip.id not in [c.id for ch in removed.chapters for c in ch.clips]
    _undo_redo(window, qtbot, trimmed, removed)

    # chapters: moved, renamed, removed with their clips
    nights = next(ch for ch in removed.chapters if ch.title == "Nights")
    _choose(qtbot, page, "chapter", nights.id)
    first = _edit(window, qtbot, _click(page, qtbot, "Move up"), "Reorder the film")
    assert [ch.id for ch in first.chapters] == [nights.id, removed.chapters[0].id]
    _undo_redo(window, qtbot, removed, first)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Nights on the ward", True))
    renamed = _edit(window, qtbot, _click(page, qtbot, "Rename…"), "Rename the chapter")
    assert renamed.chapters[0].title == "Nights on the ward"
    _undo_redo(window, qtbot, first, renamed)
    gone = _edit(window, qtbot, _click(page, qtbot, "Remove"), "Remove the chapter")
    assert [ch.title for ch in gone.chapters] == ["Being welcomed"]
    _undo_redo(window, qtbot, renamed, gone)

    # a touch point added to the film in a new chapter: one undo takes back both
    window.show_page(3)
    board_page = window.view.touchpoints
    qtbot.waitUntil(lambda: board_page.table.model().rowCount() == 4, timeout=5000)
    board_page.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("New chapter…", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Call bells", True))
    with qtbot.waitSignal(window.runner.operation_executed, timeout=10_000):
        qtbot.mouseClick(button(board_page, "Add to film…"), Qt.MouseButton.LeftButton)
    window.show_page(6)
    added = _settled(window, qtbot)
    assert [(ch.title, len(ch.clips)) for ch in added.chapters][-1] == ("Call bells", 1)
    _undo_redo(window, qtbot, gone, added)


def test_export_and_render_into_a_folder_that_cannot_be_written_say_so(
        window, qtbot, project, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from ebcd_app.services import film_draft

    store = projects.open_project(project)
    film_draft.auto_draft(store)
    store.close()
    assert window.open_project(project)
    window.show_page(6)
    page = window.view.film
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=5000)
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    target = [afile / "x.otio"]
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *a, **k: ("OpenTimelineIO (.otio)", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target[0]), ""))
    with qtbot.waitSignal(window.runner.operation_failed, timeout=10_000) as failed:
        qtbot.mouseClick(button(page, "Export…"), Qt.MouseButton.LeftButton)
    message = failed.args[0]
    assert message.startswith("Could not export x.otio: ") and "cannot write" in message
    assert "\n" not in message and failed.args[1] == ""  # the user's problem, no traceback
    target[0] = afile / "film.mp4"
    with qtbot.waitSignal(window.jobs.job_failed, timeout=10_000) as failed:
        qtbot.mouseClick(button(page, "Render…"), Qt.MouseButton.LeftButton)
    message = failed.args[1]
    assert message.startswith("Could not render film.mp4: ") and "\n" not in message
    target[0] = tmp_path / "cut.otio"  # a folder that can be written: exported, and said so
    with qtbot.waitSignal(page.status, timeout=10_000) as said:
        qtbot.mouseClick(button(page, "Export…"), Qt.MouseButton.LeftButton)
    assert said.args[0] == f"Exported {target[0]}" and target[0].stat().st_size > 0
