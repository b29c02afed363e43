"""Encryption at rest in the app (issue 17), as a facilitator meets it: File ▸ New Project…
with the box ticked and the passphrase typed twice; opening it again asks for the
passphrase, says so when it is wrong and asks again; File ▸ Encrypt Project… encrypts an
open plain project in the jobs panel and opens it again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit
from user_robot import file_action, when_shown

from ebcd_app.gui.passphrase_dialogs import EncryptDialog, NewProjectDialog, PassphraseDialog
from ebcd_app.services import projects

PASS = "a long test passphrase"






def ok_button(dialog) -> QDialogButtonBox:
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_a_new_encrypted_project_then_opening_it_asks_for_the_passphrase(
        window, qtbot, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "secret"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.delenv("EBCD_PASSPHRASE", raising=False)
    seen: dict[str, object] = {}

    def fill(dialog: NewProjectDialog) -> None:
        qtbot.keyClicks(dialog.name, "Nights on Ward 12")
        qtbot.mouseClick(dialog.encrypt, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.passphrase.first, PASS)
        qtbot.keyClicks(dialog.passphrase.again, PASS[:-1])
        seen["typo"] = (ok_button(dialog).isEnabled(), dialog.passphrase.why.text())
        qtbot.keyClicks(dialog.passphrase.again, PASS[-1])
        seen["echo"] = dialog.passphrase.first.echoMode()
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)

    when_shown(NewProjectDialog, fill)
    file_action(window, "New Project…").trigger()
    qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
    assert seen["typo"] == (False, "The two passphrases differ.")
    assert seen["echo"] == QLineEdit.EchoMode.Password
    assert window.store.keys is not None and projects.is_encrypted(folder)
    assert "Nights on Ward 12" in window.windowTitle()
    assert not (folder / "project.db").read_bytes().startswith(b"SQLite format 3")
    window.close_project()

    tries: list[str] = []

    def wrong(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.field, "not the passphrase")
        when_shown(PassphraseDialog, right)
        dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Open).click()

    def right(dialog: PassphraseDialog) -> None:
        problem = dialog.findChild(QLabel, "problem")
        tries.append(problem.text() if problem else "")
        qtbot.keyClicks(dialog.field, PASS)
        dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Open).click()

    when_shown(PassphraseDialog, wrong)
    file_action(window, "Open Project…").trigger()
    qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
    assert tries and "wrong passphrase" in tries[0].lower()
    assert window.store.keys is not None


def test_file_encrypt_project_encrypts_the_open_project_and_opens_it_again(
        window, qtbot, tmp_path) -> None:
    folder = tmp_path / "plain"
    projects.create_project(folder, name="Discharge").close()
    assert window.open_project(folder)
    assert window.store.keys is None

    def fill(dialog: EncryptDialog) -> None:
        qtbot.keyClicks(dialog.passphrase.first, PASS)
        qtbot.keyClicks(dialog.passphrase.again, PASS)
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)

    when_shown(EncryptDialog, fill)
    file_action(window, "Encrypt Project…").trigger()
    qtbot.waitUntil(lambda: window.store is not None and window.store.keys is not None,
                    timeout=60_000)
    assert projects.is_encrypted(Path(folder))
    assert not (folder / "project.db").read_bytes().startswith(b"SQLite format 3")
