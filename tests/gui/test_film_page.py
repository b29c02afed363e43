"""The film page through real widgets: draft, budget, consent shown, handles, reorder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ebcd_app.core.models import Role, Scope, Sentiment
from ebcd_app.core.services import (
    editing,
    film,
    media_import,
    projects,
    touchpoints,
    transcripts,
    vocabulary,
)
from ebcd_app.core.services.touchpoints import TouchPointData

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
    from ebcd_app.core.services import film_draft
    from ebcd_app.gui.film_preview import FilmPreview

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
    window.runner.operation_failed.connect(messages.append)
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

