"""Erasure's confirmation and the privacy audit, as a facilitator meets them.

Why dialogs of their own: erasing cannot be undone, so the confirmation lists exactly what
goes (the same lines `ebcd erase` prints) and its safe answer is the default; the audit
reads every file of the project, so it runs on the worker and shows its findings when done.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.gui.ops import Ops
from ebcd_app.gui.style import muted
from ebcd_app.services import privacy_audit
from ebcd_app.services.erasure import ErasePlan
from ebcd_app.store.db import ProjectStore


def confirm_erasure(parent: QWidget, plan: ErasePlan) -> bool:
    """True only when the facilitator chose "Erase for good" after reading what goes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Erase participant")
    box.setText(f"Erase {plan.who} and everything of theirs? This cannot be undone.")
    box.setInformativeText("\n".join(f"• {line}" for line in plan.lines()))
    erase = box.addButton("Erase for good", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is erase


class AuditDialog(QDialog):
    """File ▸ Privacy audit: every finding, with its file and where in it."""

    def __init__(self, store: ProjectStore, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Privacy audit")
        self.resize(760, 420)
        self.store, self.ops = store, ops
        self.summary = QLabel("Reading every file of the project and what it wrote…")
        self.summary.setWordWrap(True)
        self.findings = QListWidget()
        note = muted(QLabel("Looks for the words and names of erased people in every file "
                            "of the project and in every pack, film and export it wrote, "
                            "and for redacted names outside the project's own store."))
        note.setWordWrap(True)
        self.again = QPushButton("Run again")
        self.again.clicked.connect(self.run)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.summary)
        layout.addWidget(self.findings, 1)
        layout.addWidget(buttons)
        self.run()

    def run(self) -> None:
        self.again.setEnabled(False)
        self.findings.clear()
        self.summary.setText("Reading every file of the project and what it wrote…")
        self.ops.read(lambda: privacy_audit.audit_project(self.store), success=self.show_report,
                      doing="audit the project")

    def show_report(self, report: privacy_audit.AuditReport) -> None:
        self.again.setEnabled(True)
        for f in report.findings:
            self.findings.addItem(f"{f.file}  ({f.where}): {f.what}")
        self.summary.setText(
            f"{report.files_read} file(s) read, {report.erasures} erasure(s) checked: "
            + ("nothing found." if report.clean else
               f"{len(report.findings)} finding(s). Delete or replace each file listed."))
