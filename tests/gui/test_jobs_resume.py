""""Stop jobs and close the project" keeps its promise: what was stopped carries on when
the project is opened again (real Whisper, real recordings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ebcd_app.domain.models import Role, Scope
from ebcd_app.services import media_import, projects, transcription

pytestmark = pytest.mark.slow


def project_with_two_recordings(tmp_path: Path, long_speech, speech) -> tuple[Path, list[int]]:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Resume test")
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    ids = [media_import.import_recording(store, f, participant_ids=[pid]).recording_id
           for f in (long_speech.wav, speech.wav)]
    store.close()
    return folder, ids


def stop_and_close(qtbot, window) -> str:
    """File ▸ Close Project, answering "Stop jobs and close the project"; returns its text."""
    said = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        said["text"] = box.text() + " " + box.informativeText()
        next(b for b in box.buttons() if b.text().startswith("Stop jobs")).click()

    QTimer.singleShot(20, answer)
    close = next(a for a in window.menuBar().actions()[0].menu().actions()
                 if a.text().replace("&", "") == "Close Project")
    close.trigger()
    return said["text"]


def test_stopped_transcriptions_resume_when_the_project_opens_again(
        window, qtbot, tmp_path, long_speech, speech) -> None:
    folder, (first, second) = project_with_two_recordings(tmp_path, long_speech, speech)
    assert window.open_project(folder)
    page = window.view.interviews
    for rec_id in (first, second):
        page.select_recording(rec_id)
        qtbot.waitUntil(page.transcribe_btn.isEnabled, timeout=5000)
        qtbot.mouseClick(page.transcribe_btn, Qt.MouseButton.LeftButton)
    jobs = [j for j in window.jobs.jobs.values() if j.title.startswith("Transcribe")]
    assert len(jobs) == 2
    qtbot.waitUntil(lambda: jobs[0].fraction > 0.05, timeout=120_000)  # a segment is saved
    assert jobs[1].state == "queued"

    text = stop_and_close(qtbot, window)
    assert "carries on from where it stopped" in text
    assert window.store is None
    store = projects.open_project(folder)
    try:
        assert set(transcription.interrupted_recordings(store)) == {first, second}
    finally:
        store.close()

    assert window.open_project(folder)
    resumed = [j for j in window.jobs.jobs.values()
               if j.title.startswith("Transcribe") and j.id not in {k.id for k in jobs}]
    assert len(resumed) == 2
    qtbot.waitUntil(lambda: all(j.state == "done" for j in resumed), timeout=300_000)
    states = {r.id: r.state_text for r in window.view.interviews.model.rows}
    assert states == {first: "transcribed", second: "transcribed"}
