"""The Emotional map page draws the map for an audience: a person who withdrew is not on
the map the joint event sees, while the facilitator's own view still counts them
(issue 17). The audience is chosen with the page's own box, by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ebcd_app.domain.models import JourneyType, Recording, Role, Scope, Sentiment, TranscriptSource
from ebcd_app.gui.main_window import PAGES
from ebcd_app.services import media_import, projects, touchpoints, transcripts, vocabulary
from ebcd_app.services.editing import load_transcript
from ebcd_app.speech.engine import SegmentResult, WordResult


def _project(tmp_path, media_files):
    folder = tmp_path / "map"
    store = projects.create_project(folder, name="Ward 7 experience")
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    rec = media_import.import_recording(store, media_files["speech.wav"], participant_ids=[pid])
    words = [WordResult(w, i * 0.4, i * 0.4 + 0.3, 0.9)
             for i, w in enumerate("Nobody came when I rang".split())]
    with store.session() as s:
        transcripts.save_transcript(s, s.get_one(Recording, rec.recording_id),
                                    [SegmentResult(0.0, 2.0, "Nobody came when I rang", words)],
                                    source=TranscriptSource.WHISPER, model="base",
                                    language="en")
    seg = load_transcript(store, rec.recording_id).segments[0]
    stage = vocabulary.stages(store, JourneyType.PATIENT)[0]
    touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
        recording_id=rec.recording_id, first_word_id=seg.words[0].id,
        last_word_id=seg.words[-1].id, stage_id=stage.id, sentiment=Sentiment.NEGATIVE,
        emotion="ignored"))
    projects.withdraw_consent(store, pid, by="Facilitator")
    store.close()
    return folder


def test_the_map_follows_the_audience_chosen(window, qtbot, tmp_path, media_files) -> None:
    assert window.open_project(_project(tmp_path, media_files))
    page = window.view.map
    window.show_page(PAGES.index("Emotional map"))
    qtbot.waitUntil(page.isVisible, timeout=3000)
    assert page.audience.currentData() == "joint"
    assert "0 touch points" in page.svg and "ignored" not in page.svg
    page.audience.setFocus()
    for _ in range(3):
        qtbot.keyClick(page.audience, Qt.Key.Key_Down)
    assert page.audience.currentData() == "facilitator"
    assert "1 touch points" in page.svg or "1 touch point " in page.svg
    assert "ignored" in page.svg


def test_the_interviews_list_marks_who_withdrew(window, qtbot, tmp_path, media_files) -> None:
    assert window.open_project(_project(tmp_path, media_files))
    window.show_page(PAGES.index("Interviews"))
    page = window.view.interviews
    qtbot.waitUntil(page.isVisible, timeout=3000)
    shown = page.model.data(page.model.index(0, 1))
    assert shown == "Maggie (withdrawn)"
