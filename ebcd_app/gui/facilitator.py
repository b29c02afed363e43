"""Who is at the laptop: the name written on consent records, notes and touch points.

Consent is evidence: "recorded by root" (the computer login) says nothing an information
governance review can use. The facilitator's name is asked once, the first time it is
needed, and remembered in the user's settings; File ▸ Your Name… changes it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ebcd_app.basics import settings

QUESTION = ("Your name, as it should appear on consent records, field notes and touch points "
            "(asked once; change it later in File ▸ Your Name…):")


def facilitator_name(parent: QWidget | None, *, ask_again: bool = False) -> str | None:
    """The remembered name, asking for it when none is saved; None when the user cancels."""
    saved = settings.load().facilitator
    if saved and not ask_again:
        return saved
    name, ok = QInputDialog.getText(parent, "Your name", QUESTION, QLineEdit.EchoMode.Normal,
                                    saved)
    name = name.strip()
    if not ok or not name:
        return None
    settings.update(facilitator=name)
    return name
