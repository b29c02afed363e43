"""Help ▸ Getting Started and Help ▸ Keyboard Shortcuts.

The shortcut list is read from the live menus, so a new menu shortcut is listed without
anyone remembering to; keys that belong to one widget (the transcript, the tag dialog) are
declared here beside their words, where a test checks them against the widgets' handlers.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

# keys handled inside one widget rather than by a menu action: (where, key, what it does)
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Transcript", "T", "tag the selected words as a touch point"),
    ("Transcript", "F2", "correct the word at the cursor (double-click does the same)"),
    ("Transcript", "Ctrl+M", "merge the word with the next one"),
    ("Transcript", "M", "drop a live marker at the playing moment"),
    ("Transcript", "Shift+M", "drop a marker and type a word to go with it"),
    ("Transcript", "Click", "play from that word; select words to play just them"),
    ("Word correction", "Enter / Esc", "save the correction / leave it unchanged"),
    ("Tag dialog", "Alt+P / Alt+N / Alt+M", "positive / negative / mixed sentiment"),
    ("Tag dialog", "Enter", "save the touch point"),
    ("Field notes", "Ctrl+Enter", "add the note"),
    ("Field notes", "T", "tag the words selected in a note"),
    ("Field notes", "Tab", "move to the next field"),
)

GETTING_STARTED = """
<h2>Getting started with EBCD Studio</h2>
<p>Experience-based co-design has eight stages. The navigator on the left follows them;
<b>Ctrl+1</b> to <b>Ctrl+8</b> open each stage and <b>Ctrl+0</b> the project.
Everything stays on this computer.</p>
<p><b>Before you start: Project and people.</b> Name the project and the service, add each
participant with their role and a pseudonym, and tick what their signed consent form allows
(recorded, transcribed, quoted, heard or seen in the film, shown to staff or patients).
If someone withdraws, <i>Withdraw all consent…</i> takes their material out of everything.</p>
<ol>
<li><b>Observation.</b> Write timestamped field notes while you observe the service
(Ctrl+Enter adds one). Select words in a note and press T to mark a touch point.</li>
<li><b>Interviews.</b> Drag recordings (audio or video) onto the page to import them; they
are transcribed here with Whisper. Correct words with F2 while the recording plays (Esc
plays and pauses). Select words and press T to tag a <b>touch point</b>: the journey stage,
a sentiment and an emotion word. <i>Touch points</i> lists and filters them, the
<i>Emotional map</i> draws them along the journey, and <i>Suggestions</i> offers sentiments,
names to redact and themes for you to accept or reject.</li>
<li><b>Film.</b> Auto-draft builds themed chapters of clips cut on word boundaries; drag to
reorder, trim to the words you select, and watch the running total against the 25-30
minute budget. Preview, render with captions, or export to your editing suite.</li>
<li><b>Staff event.</b> Staff see what was found and agree which areas patients may see.</li>
<li><b>Patient event.</b> Patients and families watch the film and vote on touch points.</li>
<li><b>Joint event.</b> Both agree 3 to 5 priorities; one click starts a co-design group for
each.</li>
<li><b>Co-design groups.</b> Each group keeps its members, meetings, actions, PDSA cycles
and measures, drawn as run charts.</li>
<li><b>Celebration.</b> What changed, measures before and after, and next steps.</li>
</ol>
<p>Each event page has <b>Make pack…</b>, which prints the event's A4 pack. Long work
(imports, transcription, renders, packs) runs in the <b>Jobs</b> strip at the bottom, with
time left and Cancel. Every edit is saved at once; Ctrl+Z undoes it.</p>
<p>To try it all first, open the demo project from the start screen
(File ▸ Open the Demo Project).</p>
"""


def _menu_shortcuts(menu: QMenu, path: str) -> list[tuple[str, str, str]]:
    rows = []
    for action in menu.actions():
        name = action.text().replace("&", "").strip()
        if action.menu() is not None:
            rows += _menu_shortcuts(action.menu(), f"{path} ▸ {name}")
        elif not action.shortcut().isEmpty():
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append((path, key, name))
    return rows


def shortcut_rows(menubar: QMenuBar) -> list[tuple[str, str, str]]:
    """Every shortcut: (where, key, what), menus first, read from the live menu bar."""
    rows: list[tuple[str, str, str]] = []
    for top in menubar.actions():
        if isinstance(top, QAction) and top.menu() is not None:
            rows += _menu_shortcuts(top.menu(), top.text().replace("&", ""))
    return rows + list(WIDGET_KEYS)


def _show(parent: QWidget, title: str, html: str, size: tuple[int, int]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("helpDialog")
    dialog.setWindowTitle(title)
    text = QTextBrowser()
    text.setObjectName("helpText")
    text.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(*size)
    dialog.open()
    return dialog


def keyboard_shortcuts(parent: QWidget, menubar: QMenuBar) -> QDialog:
    rows = "".join(f"<tr><td>{escape(w)}</td><td><b>{escape(k)}</b></td>"
                   f"<td>{escape(t)}</td></tr>" for w, k, t in shortcut_rows(menubar))
    html = ("<h3>Keyboard shortcuts</h3><table cellpadding='3'>"
            "<tr><th align='left'>Where</th><th align='left'>Key</th>"
            f"<th align='left'>What it does</th></tr>{rows}</table>")
    return _show(parent, "Keyboard shortcuts", html, (640, 560))


def getting_started(parent: QWidget) -> QDialog:
    return _show(parent, "Getting started", GETTING_STARTED, (640, 600))
