"""Erasing a person from the app (issue 17): the Erase… button lists exactly what will go;
Keep (the default) changes nothing; Erase for good removes them, clears Edit ▸ Undo (no step
may put them back), and File ▸ Privacy Audit… then finds nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ebcd_app.domain.models import Recording, Role, Scope, TranscriptSource
from ebcd_app.gui.main_window import PAGES
from ebcd_app.services import media_import, projects, transcripts
from ebcd_app.speech.engine import SegmentResult, WordResult


def _project(tmp_path, media_files):
    folder = tmp_path / "erase"
    store = projects.create_project(folder, name="Erase in the app")
    pid = projects.add_participant(store, name="Margaret Thistlewood", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    projects.add_participant(store, name="Sam Roe", role=Role.FAMILY_CARER, pseudonym="Sam",
                             granted=set(Scope))
    rec = media_import.import_recording(store, media_files["speech.wav"], participant_ids=[pid])
    text = "The marmalade trolley came on Tuesday"
    words = [WordResult(w, i * 0.4, i * 0.4 + 0.3, 0.9) for i, w in enumerate(text.split())]
    with store.session() as s:
        transcripts.save_transcript(s, s.get_one(Recording, rec.recording_id),
                                    [SegmentResult(0.0, 2.5, text, words)],
                                    source=TranscriptSource.WHISPER, model="base",
                                    language="en")
    store.close()
    return folder


def _answer(monkeypatch, button_text: str, seen: list[str]) -> None:
    def exec_(box: QMessageBox) -> int:
        seen.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text() == button_text).click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_erase_from_the_people_page(window, qtbot, tmp_path, media_files, monkeypatch) -> None:
    assert window.open_project(_project(tmp_path, media_files))
    window.show_page(PAGES.index("Project and people"))
    page = window.view.people
    page.table.selectRow(0)
    assert page.erase_btn.isEnabled()
    seen: list[str] = []
    _answer(monkeypatch, "Keep", seen)
    qtbot.mouseClick(page.erase_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "Erase Margaret Thistlewood" in seen[0] and "all of it (theirs alone)" in seen[0]
    window.runner.wait()
    assert len(projects.list_participants(window.store)) == 2  # Keep changed nothing

    seen.clear()
    _answer(monkeypatch, "Erase for good", seen)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=20000):
        qtbot.mouseClick(page.erase_btn, Qt.MouseButton.LeftButton)
    names = [p.display_name for p in projects.list_participants(window.store)]
    assert names == ["Sam Roe"]
    assert page.model.rowCount() == 1
    assert window.undo.count() == 0  # nothing left to undo an erasure with
    assert "Erased participant" in window.statusBar().currentMessage()

    window.audit_action.trigger()
    dialog = window.audit_dialog
    qtbot.waitUntil(lambda: "nothing found" in dialog.summary.text(), timeout=20000)
    assert dialog.findings.count() == 0
    dialog.close()
