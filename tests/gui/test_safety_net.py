"""When something fails, the user reads what could not be done, in plain words, with the
details one click away and in a log; what they typed is still there. And consent is
recorded by a named person, confirmed, with the date."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from ebcd_app.basics import crashlog, settings
from ebcd_app.domain.models import Role, Scope
from ebcd_app.gui.failure_dialog import FailureDialog, install_excepthook
from ebcd_app.gui.main_window import PAGES
from ebcd_app.gui.pages.people import ParticipantDialog
from ebcd_app.services import projects


def when_open(kind, then, tries: int = 200) -> None:
    """Run `then(widget)` once a modal widget of `kind` is on top (a click is blocking)."""
    top = QApplication.activeModalWidget()
    if isinstance(top, kind):
        then(top)
    elif tries:
        QTimer.singleShot(20, lambda: when_open(kind, then, tries - 1))


def people_page(window, folder: Path):
    assert window.open_project(folder)
    window.show_page(PAGES.index("Project and people"))
    return window.view.people


def add_button(page) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton) if b.text() == "Add participant…")


def test_add_participant_from_the_dialog(window, qtbot, demo_folder: Path) -> None:
    page = people_page(window, demo_folder)
    before = len(projects.list_participants(window.store))

    def fill(dialog: ParticipantDialog) -> None:
        qtbot.keyClicks(dialog.name, "Priya Shah")
        qtbot.keyClicks(dialog.pseudonym, "Priya")
        dialog.role.setCurrentIndex(dialog.role.findText("Staff"))
        qtbot.mouseClick(dialog.scopes[Scope.RECORDED], Qt.MouseButton.LeftButton)
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() in ("OK", "&OK"))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_open(ParticipantDialog, fill)
    qtbot.mouseClick(add_button(page), Qt.MouseButton.LeftButton)
    people = projects.list_participants(window.store)
    assert len(people) == before + 1
    added = next(p for p in people if p.display_name == "Priya Shah")
    assert added.role == Role.STAFF and added.pseudonym == "Priya"
    assert added.consents[Scope.RECORDED] and not added.consents[Scope.HEARD_IN_FILM]
    shown = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    assert "Priya Shah" in shown
    qtbot.waitUntil(lambda: page.selected() is not None
                    and page.selected().display_name == "Priya Shah", timeout=3000)
    assert "Priya Shah" in page.consent.who.text()  # the new person's consent is shown


def test_a_fault_is_a_plain_message_with_details_and_the_dialog_keeps_what_was_typed(
        window, qtbot, demo_folder: Path, monkeypatch) -> None:
    page = people_page(window, demo_folder)

    def broken(*_a, **_k):
        raise AttributeError("'str' object has no attribute 'value'")
    monkeypatch.setattr(projects, "add_participant", broken)
    seen: dict = {}

    def fill(dialog: ParticipantDialog) -> None:
        qtbot.keyClicks(dialog.name, "Priya Shah")
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() in ("OK", "&OK"))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        when_open(FailureDialog, lambda failure: read(dialog, failure))

    def read(dialog: ParticipantDialog, failure: FailureDialog) -> None:
        seen["text"] = failure.text.text()
        qtbot.mouseClick(failure.copy_button, Qt.MouseButton.LeftButton)
        seen["clipboard"] = QGuiApplication.clipboard().text()
        failure.accept()
        seen["still open"] = dialog.isVisible()
        seen["typed"] = dialog.name.text()
        dialog.reject()

    when_open(ParticipantDialog, fill)
    qtbot.mouseClick(add_button(page), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "typed" in seen, timeout=5000)
    assert seen["text"].startswith("Could not add the participant: something went wrong")
    assert "AttributeError" not in seen["text"] and "attribute" not in seen["text"]
    assert seen["still open"] and seen["typed"] == "Priya Shah"
    assert "AttributeError: 'str' object has no attribute 'value'" in seen["clipboard"]
    log = crashlog.log_path().read_text()
    assert "could not add the participant" in log and "Traceback" in log


def test_an_exception_in_a_slot_reaches_the_same_dialog(window, qtbot, demo_folder) -> None:
    """sys.excepthook (what PySide calls when a slot raises) opens the failure dialog and
    logs the traceback, then still calls the hook it replaced."""
    assert window.open_project(demo_folder)
    saved, chained = sys.excepthook, []
    sys.excepthook = lambda *args: chained.append(args)
    try:
        install_excepthook(lambda: window)
        try:
            raise KeyError("stage_id")
        except KeyError as exc:
            sys.excepthook(KeyError, exc, exc.__traceback__)
    finally:
        sys.excepthook = saved
    dialog = window.findChild(FailureDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.text.text().startswith("Could not finish what you asked: something")
    assert "KeyError" not in dialog.text.text() and "KeyError: 'stage_id'" in dialog.details
    assert "KeyError: 'stage_id'" in crashlog.log_path().read_text()
    assert len(chained) == 1
    dialog.accept()


def test_consent_is_confirmed_and_recorded_by_the_facilitator_named_once(
        window, qtbot, demo_folder: Path, monkeypatch) -> None:
    settings.update(facilitator="")  # a first run: nobody has said who they are yet
    page = people_page(window, demo_folder)
    page.table.selectRow(0)
    info = page.selected()
    panel = page.consent
    box = panel.boxes[Scope.ARCHIVED_FOR_REUSE]
    was = box.isChecked()
    asked = []

    def name(dialog) -> None:
        asked.append(dialog.labelText())
        dialog.setTextValue("Fiona Reid")
        dialog.accept()
        when_open(QMessageBox, confirm)

    def confirm(box_: QMessageBox) -> None:
        asked.append(box_.text() + "\n" + box_.informativeText())
        box_.button(QMessageBox.StandardButton.Yes).click()

    from PySide6.QtWidgets import QInputDialog

    when_open(QInputDialog, name)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=5000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert "Your name" in asked[0] or "name" in asked[0].lower()
    assert f"{info.display_name}" in asked[1] and "Fiona Reid" in asked[1]
    assert settings.load().facilitator == "Fiona Reid"
    row = next(r for r in projects.consent_rows(window.store, info.id)
               if r.scope == Scope.ARCHIVED_FOR_REUSE)
    assert row.granted is (not was) and row.recorded_by == "Fiona Reid"
    assert row.recorded_on == date.today()
    note = panel.notes[Scope.ARCHIVED_FOR_REUSE].text()
    assert "Fiona Reid" in note and date.today().strftime("%d %b %Y") in note

    # the name is not asked again; cancelling the confirmation changes nothing
    def cancel(box_: QMessageBox) -> None:
        box_.button(QMessageBox.StandardButton.Cancel).click()

    when_open(QMessageBox, cancel)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert box.isChecked() is (not was)
    row = next(r for r in projects.consent_rows(window.store, info.id)
               if r.scope == Scope.ARCHIVED_FOR_REUSE)
    assert row.granted is (not was)


def test_double_click_a_recent_project_opens_it_once(window, qtbot, demo_folder: Path,
                                                     tmp_path: Path) -> None:
    """Found by a new user: double-clicking a recent project opened it and then showed a
    fault dialog (the second handler read an item the first opening had deleted)."""
    from user_robot import cooperative_user

    assert window.open_project(demo_folder)
    assert window.close_project()
    recent = window.start.recent
    rect = recent.visualItemRect(recent.item(0))
    with cooperative_user(tmp_path / "answers") as user:
        # a person's double-click: the first press and release, then the double-click
        qtbot.mouseClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: window.store is not None, timeout=10_000)
        qtbot.wait(300)
    assert window.store.folder == demo_folder.resolve()
    assert user.problems == [] and user.said == []
