"""Edit ▸ Undo and Redo on the Project and people page: participants, consent, vocabulary.

Each edit is made with the page's own buttons (the dialogs answered as a user would), then
undone and redone from the Edit menu; the page and the services must read back exactly as
before the edit, and as after it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox
from test_undo_everywhere import make_project, press, undo_redo

from ebcd_app.domain.models import JourneyType, Scope, Sentiment
from ebcd_app.gui.pages.people import ParticipantDialog
from ebcd_app.services import projects, vocabulary

UNDO, REDO = QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo


def page_state(page) -> tuple:
    """What the page shows: the participants' rows, and the selected one's consent boxes."""
    rows = [tuple(page.model.data(page.model.index(r, c)) for c in range(5))
            for r in range(page.model.rowCount())]
    boxes = {s: (b.isChecked(), page.consent.notes[s].text())
             for s, b in page.consent.boxes.items()}
    return rows, boxes


def project_state(store) -> tuple:
    people = projects.list_participants(store)
    return people, {p.id: projects.consent_rows(store, p.id) for p in people}


def vocabulary_state(panel, store) -> tuple:
    shown = ([panel.stages.item(i).text() for i in range(panel.stages.count())],
             [panel.emotions.item(i).text() for i in range(panel.emotions.count())])
    return shown, vocabulary.stages(store), vocabulary.emotions(store)


def answer_dialog(monkeypatch, fill) -> None:
    """The participant dialog, filled in and OK'd the moment it opens."""
    def exec_(dialog: ParticipantDialog) -> int:
        fill(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()
        return 1
    monkeypatch.setattr(ParticipantDialog, "exec", exec_)


def click(window, qtbot, widget) -> None:
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_participants_and_consent_are_undone_and_redone(window, qtbot, tmp_path,
                                                        monkeypatch) -> None:
    folder, pid = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(0)
    page = window.view.people
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)

    def read() -> tuple:
        return page_state(page), project_state(window.store)

    # add a participant, with two of the consent form's boxes ticked
    def new_person(d: ParticipantDialog) -> None:
        d.name.setText("Dev Patel")
        d.pseudonym.setText("Staff nurse A")
        d.scopes[Scope.RECORDED].setChecked(True)
        d.scopes[Scope.TRANSCRIBED].setChecked(True)
    answer_dialog(monkeypatch, new_person)
    before = read()
    click(window, qtbot, page.add_btn)
    after = read()
    assert [p.display_name for p in projects.list_participants(window.store)] == [
        "Margaret Jones", "Dev Patel"]
    assert page.selected().display_name == "Dev Patel"
    undo_redo(window, qtbot, read, before, after, "Add the participant")

    # edit the first one's pseudonym
    page.table.selectRow(0)
    answer_dialog(monkeypatch, lambda d: d.pseudonym.setText("Peggy"))
    before = read()
    click(window, qtbot, page.edit_btn)
    after = read()
    assert page.model.rows[0].pseudonym == "Peggy"
    undo_redo(window, qtbot, read, before, after, "Save the participant")

    # untick one consent box: recorded as a "no", then put back by Undo
    box = page.consent.boxes[Scope.SEEN_IN_FILM]
    assert box.isChecked()
    before = read()
    click(window, qtbot, box)
    after = read()
    assert not box.isChecked() and "no, recorded" in page.consent.notes[Scope.SEEN_IN_FILM].text()
    undo_redo(window, qtbot, read, before, after, "Record the consent")
    press(window, qtbot, UNDO)
    assert box.isChecked()
    assert all(r.in_force for r in projects.consent_rows(window.store, pid))

    # remove the second participant, then bring them back with their consent
    page.table.selectRow(1)
    before = read()
    click(window, qtbot, page.remove_btn)
    after = read()
    assert [p.display_name for p in page.model.rows] == ["Margaret Jones"]
    undo_redo(window, qtbot, read, before, after, "Remove the participant")


def test_settings_stages_and_emotion_words_are_undone_and_redone(window, qtbot, tmp_path,
                                                        monkeypatch) -> None:
    folder, _ = make_project(tmp_path)
    assert window.open_project(folder)
    window.show_page(0)
    panel = window.view.people.vocabulary_panel
    panel.journey.set_value(JourneyType.PATIENT)

    def read() -> tuple:
        return vocabulary_state(panel, window.store)

    # the project's settings, saved with the button
    page = window.view.people

    def settings() -> tuple:
        info = projects.project_info(window.store)
        return (page.name.text(), page.service.text(), page.vocabulary.toPlainText(),
                page.redaction_sound.currentText(), info.name, info.service,
                tuple(info.vocabulary), info.redaction_sound)
    before = settings()
    assert before[3] == "a tone" and before[-1] == "tone"
    page.service.setText("Acute medicine")
    page.vocabulary.setPlainText("Bay B\nSister Okafor")
    page.redaction_sound.setCurrentIndex(page.redaction_sound.findText("silence"))
    click(window, qtbot, page.save_btn)
    after = settings()
    assert after[4:] == ("Ward 7 undo test", "Acute medicine", ("Bay B", "Sister Okafor"),
                         "silence")
    undo_redo(window, qtbot, settings, before, after, "Save the project settings")

    # a stage, placed first, typed into the two questions the button asks
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Parking", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("(first)", True))
    before = read()
    click(window, qtbot, panel.add_stage_btn)
    after = read()
    assert panel.stages.item(0).text() == "1. Parking"
    assert vocabulary.stages(window.store, JourneyType.PATIENT)[0].name == "Parking"
    undo_redo(window, qtbot, read, before, after, "Add the stage 'Parking'")

    # an emotion word with its sentiment
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Abandoned", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, labels, *a, **k: (
        next(x for x in labels if x.endswith(Sentiment.NEGATIVE.value)), True))
    before = read()
    click(window, qtbot, panel.add_emotion_btn)
    after = read()
    assert "abandoned" in vocabulary.emotions(window.store)[Sentiment.NEGATIVE]
    undo_redo(window, qtbot, read, before, after, "Add the emotion word 'Abandoned'")
