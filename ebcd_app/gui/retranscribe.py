"""Asking before a transcript is replaced, and telling what happened to the tagging.

Transcribing again moves touch points, clips and redactions onto the new words by time;
a person's corrections would be replaced, so that needs their explicit yes, with keeping
them as the default button.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from ebcd_app.services.reanchor import ReanchorReport


def confirm_again(parent: QWidget, name: str, corrected: datetime | None) -> bool | None:
    """None: do not transcribe; False: go ahead; True: go ahead, replacing corrections."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Transcribe again")
    moved = ("Touch points, film clips and redactions are moved onto the new words by "
             "time; anything that cannot be placed is kept and marked “needs attention”.")
    if corrected is None:
        box.setText(f"Transcribe {name} again with Whisper?")
        box.setInformativeText(moved)
        go = box.addButton("Transcribe again", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
    else:
        box.setText(f"The transcript of {name} was corrected by a person (last on "
                    f"{corrected:%d %b %Y at %H:%M} UTC).")
        box.setInformativeText("Transcribing again replaces those corrections (the "
                               "corrected version is kept as an earlier version). " + moved)
        keep = box.addButton("Keep my corrections", QMessageBox.ButtonRole.RejectRole)
        go = box.addButton("Replace them", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    if box.clickedButton() is not go:
        return None
    return corrected is not None


def show_report(parent: QWidget, name: str, report: ReanchorReport) -> None:
    """What moved and what needs attention, after a transcript was replaced."""
    lines = report.lines()
    if not lines:
        return
    box = QMessageBox(parent)
    box.setWindowTitle("Transcribed again")
    attention = bool(report.unplaced or report.redactions_unplaced)
    box.setIcon(QMessageBox.Icon.Warning if attention else QMessageBox.Icon.Information)
    box.setText(f"{name}: {lines[0]}.")
    if attention:
        box.setInformativeText("Items that need attention are marked on the Touch points and "
                               "Film pages with their old words; place them again or remove "
                               "them. Nothing was deleted.")
    if len(lines) > 1:
        box.setDetailedText("\n".join(line.strip() for line in lines[1:]))
    box.exec()
