"""Help ▸ About EBCD Studio: the version, what the product is, and the licences.

The licences are read from the text file shipped with the package
(resources/licences/THIRD-PARTY.txt) rather than written here, so the installer, the
About box and anyone reading the installed folder see one and the same text, and the
LGPL/GPL notices (where the source is, that the Qt libraries may be replaced) travel with
every copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ebcd_app import __version__
from ebcd_app.basics.resources import resources_dir
from ebcd_app.gui.style import muted

WHAT_IT_IS = ("An offline workbench for experience-based co-design in health and social "
              "care, from the first interview to the celebration event. Recordings and "
              "transcripts never leave this computer.")


def third_party_path() -> Path:
    """Where the licence summary is shipped (inside the package, so the wheel and the
    bundled app carry it)."""
    return resources_dir() / "licences" / "THIRD-PARTY.txt"


def third_party_text() -> str:
    """The licence summary, or a plain sentence saying it is missing (a damaged install
    should still open the About box)."""
    try:
        return third_party_path().read_text(encoding="utf-8")
    except OSError:
        return (f"The licence summary is missing from this installation "
                f"({third_party_path()}). Reinstall EBCD Studio to restore it.")


class AboutDialog(QDialog):
    """The version and one line of what EBCD Studio is, above the licences of what it
    includes in a read-only scrolling text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About EBCD Studio")
        title = QLabel(f"EBCD Studio {__version__}")
        title.setObjectName("pageTitle")
        self.version_label = title
        what = QLabel(WHAT_IT_IS)
        what.setWordWrap(True)
        heading = QLabel("Licences of EBCD Studio and the components it includes")
        heading.setObjectName("sectionTitle")
        self.licences = QPlainTextEdit()
        self.licences.setObjectName("licences")
        self.licences.setReadOnly(True)
        self.licences.setPlainText(third_party_text())
        # the file is laid out in columns ("Licence:  …"), which a fixed-width font keeps
        self.licences.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        where = muted(QLabel(f"This text is also in {third_party_path()}"))
        where.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addWidget(title)
        layout.addWidget(what)
        layout.addSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(self.licences, 1)
        layout.addWidget(where)
        layout.addWidget(buttons)
        self.resize(*_fitting_size(parent))


def _fitting_size(parent: QWidget | None) -> tuple[int, int]:
    """Wide enough for the file's 90-column lines, never taller than the window it
    covers (a 1366×768 laptop leaves about 700 pixels)."""
    width, height = 760, 620
    if parent is not None:
        room = parent.window().size()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    return max(width, 420), max(height, 360)


def show_about(parent: QWidget) -> AboutDialog:
    """Open the About box over `parent` (window-modal, so the caller is not blocked)."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a fresh one each time
    dialog.open()
    dialog.close_button.setFocus()  # Enter closes; the text is for reading and scrolling
    return dialog
