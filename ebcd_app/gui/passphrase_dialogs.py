"""The dialogs of encryption at rest: a new project (its kind, optionally encrypted), a new
passphrase for encrypting one, and the passphrase asked for when an encrypted one opens.

Why dialogs of their own: a passphrase is typed twice where it is made (a typo would lock
the facilitator out for good, and it cannot be recovered), is never echoed, and OK stays
disabled, with the reason shown, until what was typed can be used.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import ProjectKind
from ebcd_app.gui.style import muted
from ebcd_app.store.vault import MIN_PASSPHRASE

LOST = ("Keep the passphrase safe: without it the project cannot be opened, and nobody "
        "can recover it.")


def _secret(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class NewPassphrase(QWidget):
    """A passphrase typed twice, with why it cannot be used yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.first, self.again = _secret("passphrase"), _secret("passphrase_again")
        form.addRow("Passphrase:", self.first)
        form.addRow("The same again:", self.again)
        self.why = muted(QLabel())
        self.why.setWordWrap(True)
        form.addRow(self.why)

    def problem(self) -> str:
        if len(self.first.text()) < MIN_PASSPHRASE:
            return f"The passphrase needs at least {MIN_PASSPHRASE} characters."
        if self.again.text() != self.first.text():
            return "The two passphrases differ."
        return ""


class NewProjectDialog(QDialog):
    """File ▸ New Project…: its name, and whether it is encrypted at rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("project_name")
        self.name.setPlaceholderText("e.g. the service: Ward 7 discharge")
        form.addRow("Project name:", self.name)
        self.kind = QComboBox()
        self.kind.setObjectName("project_kind")
        self.kind.addItem("Patient experience: patients, families and staff",
                          ProjectKind.PATIENT_EXPERIENCE)
        self.kind.addItem("Staff experience: staff, with senior leadership",
                          ProjectKind.STAFF_EXPERIENCE)
        form.addRow("Whose experience:", self.kind)
        layout.addLayout(form)
        self.encrypt = QCheckBox("Encrypt the project on this computer (recordings, "
                                 "transcripts and database)")
        self.encrypt.setObjectName("encrypt")
        layout.addWidget(self.encrypt)
        self.passphrase = NewPassphrase()
        layout.addWidget(self.passphrase)
        self.lost = muted(QLabel(LOST))
        self.lost.setWordWrap(True)
        layout.addWidget(self.lost)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.name, self.passphrase.first, self.passphrase.again):
            field.textChanged.connect(self._check)
        self.encrypt.toggled.connect(self._check)
        self._check()

    def _check(self) -> None:
        on = self.encrypt.isChecked()
        self.passphrase.setVisible(on)
        self.lost.setVisible(on)
        why = "" if self.name.text().strip() else "Give the project a name."
        if not why and on:
            why = self.passphrase.problem()
        self.passphrase.why.setText(why if on else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not why)

    def values(self) -> tuple[str, str | None, ProjectKind]:
        """The name, the passphrase when the project is to be encrypted, and its kind."""
        secret = self.passphrase.first.text() if self.encrypt.isChecked() else None
        return self.name.text().strip(), secret, ProjectKind(self.kind.currentData())


class EncryptDialog(QDialog):
    """File ▸ Encrypt Project…: the new passphrase for a project encrypted in place."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypt project")
        layout = QVBoxLayout(self)
        text = QLabel(f"Encrypt {folder} where it is: its database, snapshots, recordings "
                      "and what is made from them. Films, packs and exports you have "
                      "already saved elsewhere are not changed.")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.passphrase = NewPassphrase()
        layout.addWidget(self.passphrase)
        lost = muted(QLabel(LOST))
        lost.setWordWrap(True)
        layout.addWidget(lost)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Encrypt")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.passphrase.first, self.passphrase.again):
            field.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        why = self.passphrase.problem()
        self.passphrase.why.setText(why)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not why)


class PassphraseDialog(QDialog):
    """The passphrase of an encrypted project being opened (and why the last one failed)."""

    def __init__(self, folder: Path, problem: str = "", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypted project")
        layout = QVBoxLayout(self)
        text = QLabel(f"{folder} is encrypted. Type its passphrase to open it.")
        text.setWordWrap(True)
        layout.addWidget(text)
        if problem:
            shown = QLabel(problem)
            shown.setObjectName("problem")
            shown.setWordWrap(True)
            layout.addWidget(shown)
        self.field = _secret("passphrase")
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_passphrase(parent: QWidget, folder: Path, problem: str = "") -> str | None:
    """The passphrase typed, or None when the facilitator cancelled."""
    dialog = PassphraseDialog(folder, problem, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.field.text()
