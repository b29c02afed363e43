"""Welcome and set-up check: shown by itself the first time the window opens, and from
Help ▸ Welcome and set-up check… at any time.

Why: EBCD Studio ships as an installer to facilitators who are not developers. Before the
first project they need three things no other screen tells them: a project is a folder
they choose; the app's own snapshots stay on this laptop, so a real backup means copying
that folder to the organisation's drive; and whether this laptop has what transcription and
import need. The check calls the same look-ups transcription and import use
(`locate_model`, `media.tools.tools`), so a ✓ here means they will find the same thing.

The checks run on a worker thread: the first `locate_model("base")` joins the shipped
model's two parts into one file, which takes seconds, and the dialog shows "Checking…"
meanwhile instead of freezing the window.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QObject,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
    SignalInstance,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebcd_app import __version__
from ebcd_app.basics.errors import MediaError, ModelNotFoundError
from ebcd_app.gui.labels import WHISPER_MODELS
from ebcd_app.gui.style import DANGER, muted
from ebcd_app.media.tools import tools
from ebcd_app.services import demo, snapshots
from ebcd_app.speech.locator import locate_model, model_folders
from ebcd_app.store.db import is_project

if TYPE_CHECKING:
    from ebcd_app.gui.main_window import MainWindow

SHOWN_KEY = "first_run/shown_version"  # QSettings: the version the welcome was shown for
DIALOG_NAME = "firstRunDialog"
OK_MARK, PROBLEM_MARK, WAITING_MARK = "✓", "✗", "…"
OK_COLOUR = "#1e7b34"
# where the model is chosen, in the words the People page shows (a test reads them there)
PEOPLE_PAGE = "Project and people"
MODEL_FIELD = "Transcribe with"
SAVE_BUTTON = "Save project settings"
SMALL_LABEL = dict(WHISPER_MODELS)["small"]


@dataclass(frozen=True)
class CheckResult:
    """One line of the set-up check: whether it is fine, and what was found or what to do,
    in words for a facilitator."""

    ok: bool
    text: str


def small_model_folder() -> Path:
    """Where a person puts the Whisper small model: the first place the locator looks."""
    return model_folders()[0] / "small"


def check_whisper_base() -> CheckResult:
    """The model every transcription uses unless a project chooses another."""
    try:
        return CheckResult(True, f"Found at {locate_model('base')}")
    except ModelNotFoundError as exc:  # its message says what to do
        return CheckResult(False, f"Interviews cannot be transcribed until this is fixed. "
                                  f"{exc}")


def check_ffmpeg() -> CheckResult:
    """The programs that read recordings and render films: found, and they start."""
    try:
        found = tools()
    except MediaError as exc:
        return CheckResult(False, f"Recordings cannot be imported until this is fixed. {exc}")
    try:  # found is not enough: a blocked or damaged program must show here, not at import
        subprocess.run([found.ffmpeg, "-version"], capture_output=True, timeout=20,
                       check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return CheckResult(False, f"ffmpeg is at {found.ffmpeg} but does not start ({exc}). "
                                  "Reinstall EBCD Studio, or ask IT whether security "
                                  "software blocks it.")
    return CheckResult(True, f"Found at {found.ffmpeg}")


def check_whisper_small() -> CheckResult:
    """The optional, more accurate model: found, or exactly how to add it."""
    how_to_use = (f"open the project's “{PEOPLE_PAGE}” page, set “{MODEL_FIELD}” to "
                  f"“{SMALL_LABEL}” and click “{SAVE_BUTTON}”.")
    try:
        return CheckResult(True, f"Found at {locate_model('small')}. To use it in a "
                                 f"project, {how_to_use}")
    except ModelNotFoundError:
        return CheckResult(False, "Not installed. It is optional: more accurate than base, "
                                  "and about three times slower. To add it:\n"
                                  "1. Copy a CTranslate2 Whisper small model (the files "
                                  "model.bin, config.json, tokenizer.json and vocabulary.txt; "
                                  "for example Systran's faster-whisper-small) into this "
                                  "folder:\n"
                                  f"{small_model_folder()}\n"
                                  f"2. In each project that should use it, {how_to_use}")


# (key, what is checked, how): in the order the dialog lists them
CHECKS: tuple[tuple[str, str, Callable[[], CheckResult]], ...] = (
    ("base", "Speech recognition, to transcribe interviews: the Whisper base model",
     check_whisper_base),
    ("ffmpeg", "Audio and video, to import recordings and render films: ffmpeg",
     check_ffmpeg),
    ("small", "More accurate speech recognition: the Whisper small model", check_whisper_small),
)


class _Relay(QObject):
    """Carries a result from the worker thread to the dialog in the GUI thread."""

    result = Signal(int, str, object)  # run number, check key, CheckResult


class _CheckTask(QRunnable):
    """One run of every check, off the GUI thread, each result sent as it comes."""

    def __init__(self, run: int, relay: _Relay) -> None:
        super().__init__()
        self.run_number, self.relay = run, relay

    def run(self) -> None:
        for key, _title, check in CHECKS:
            try:
                result = check()
            except Exception as exc:  # noqa: BLE001 - a line must never stay "Checking…"
                result = CheckResult(False, f"The check could not finish: {exc}")
            if not shiboken6.isValid(self.relay):  # the dialog went with its window
                return
            self.relay.result.emit(self.run_number, key, result)


def _paragraph(text: str, *, rich: bool = False) -> QLabel:
    # a menu path ("File ▸ Restore…") never breaks at its arrow
    label = QLabel(text.replace(" ▸ ", "\u00a0▸\u00a0"))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class FirstRunDialog(QDialog):
    """Where projects live, how they are backed up, the set-up check, and the two demos.

    The demo buttons only emit `demo_requested` / `staff_demo_requested`; `open_welcome`
    connects them to the start screen's signals of the same names, so they take the very
    path the start screen's demo buttons take."""

    demo_requested = Signal()
    staff_demo_requested = Signal()
    checks_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(DIALOG_NAME)
        self.setWindowTitle("Welcome to EBCD Studio")
        self.results: dict[str, CheckResult] = {}
        self.marks: dict[str, QLabel] = {}
        self.details: dict[str, QLabel] = {}
        self._run = 0
        self._fitted = QSize()  # the size fit_to gave it last
        # its own one-thread pool, made before the relay: runs never overlap (two would
        # join the base model at once), and closing the window waits for the running one
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.result.connect(self._show_result)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._content())
        self.patient_demo_button = QPushButton("Open the patient demo")
        self.staff_demo_button = QPushButton("Open the staff demo")
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button, signal in ((self.patient_demo_button, self.demo_requested),
                               (self.staff_demo_button, self.staff_demo_requested)):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _c=False, s=signal: self._open_demo(s))
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._outer = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.addWidget(scroll, 1)
        buttons.setContentsMargins(20, 0, 20, 0)
        layout.addWidget(buttons)
        self.close_button.setDefault(True)

    # -- the text --------------------------------------------------------------------------
    def _content(self) -> QWidget:
        content = QWidget()
        content.setObjectName("page")
        self._content_layout = layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(8)
        title = QLabel("Welcome to EBCD Studio")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(muted(_paragraph(
            "Before your first project: where projects and their backups are kept, and a "
            "check that this computer has what transcription needs. Help ▸ Welcome and "
            "set-up check… opens this again.")))
        layout.addSpacing(6)
        layout.addWidget(_section("Where your projects live"))
        layout.addWidget(_paragraph(
            "Each project is one folder that you choose: File ▸ New Project… asks for an "
            "empty folder, and everything for that project is kept inside it (its "
            "database, recordings, transcripts, films and packs)."))
        self.demo_places = _paragraph("", rich=True)
        layout.addWidget(self.demo_places)
        layout.addSpacing(6)
        layout.addWidget(_section("How your work is backed up"))
        layout.addWidget(_paragraph(
            "Every change is saved as you make it. Each project also keeps snapshots of "
            f"its database in its own “{snapshots.SNAPSHOT_DIR}” folder: one when the "
            "project opens and one after every few minutes of editing (the newest "
            f"{snapshots.KEEP_RECENT}, and one a day for the last {snapshots.KEEP_DAYS} "
            "days). File ▸ Restore… puts one back."))
        layout.addWidget(_paragraph(
            "Snapshots stay on this laptop and hold the database only, not the recordings. "
            "For a backup off the laptop, close the project (File ▸ Close Project) and copy "
            "its whole folder to your organisation's secure network drive, for example after "
            "each day of interviews. An encrypted project stays encrypted in the copy; keep "
            "its passphrase apart from it."))
        layout.addSpacing(6)
        layout.addWidget(_section("Set-up check"))
        layout.addLayout(self._checks())
        layout.addStretch(1)
        return content

    def _checks(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        for row, (key, title, _check) in enumerate(CHECKS):
            mark = QLabel(WAITING_MARK)
            mark.setFixedWidth(24)
            mark.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            detail = _paragraph("", rich=True)
            self.marks[key], self.details[key] = mark, detail
            self._set_line(key, None, title)
            grid.addWidget(mark, row, 0)
            grid.addWidget(detail, row, 1)
        return grid

    def _set_line(self, key: str, result: CheckResult | None, title: str) -> None:
        mark, detail = self.marks[key], self.details[key]
        if result is None:
            mark.setText(WAITING_MARK)
            colour, words = "#5b6670", "Checking…"
        else:
            mark.setText(OK_MARK if result.ok else PROBLEM_MARK)
            colour, words = (OK_COLOUR if result.ok else DANGER), result.text
        mark.setStyleSheet(f"font-size: 14pt; font-weight: 700; color: {colour};")
        lines = "<br>".join(escape(line) for line in words.split("\n"))
        detail.setText(f"<b>{escape(title)}</b><br>{lines}")

    # -- what it does ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Say where the demos are (built yet or not) and run the checks again, so a model
        added since the last look shows at once."""
        lines = ["The two demo projects, fictional and safe to try things in, are kept here:"]
        for what, staff in (("Patient demo (four interviews on Ward 7)", False),
                            ("Staff demo (night staff, with senior leadership)", True)):
            folder = demo.default_demo_dir(staff)
            state = "" if is_project(folder) else " (built when you first open it)"
            lines.append(f"• {escape(what)}: <b>{escape(str(folder))}</b>{escape(state)}")
        self.demo_places.setText("<br>".join(lines))
        self._run += 1
        self.results.clear()
        for key, title, _check in CHECKS:
            self._set_line(key, None, title)
        self._pool.start(_CheckTask(self._run, self._relay))

    def _show_result(self, run: int, key: str, result: CheckResult) -> None:
        if run != self._run:  # an earlier run's, overtaken by a newer one
            return
        self.results[key] = result
        self._set_line(key, result, next(t for k, t, _ in CHECKS if k == key))
        if len(self.results) == len(CHECKS):
            if self.size() == self._fitted:  # longer words now: grow, unless resized by hand
                self.fit_to(self.parentWidget())
            self.checks_finished.emit()

    def fit_to(self, parent: QWidget | None) -> None:
        """About 860 pixels wide and as tall as its text, but never taller than the window
        it covers (a 1366×768 laptop leaves about 700 pixels; the rest scrolls)."""
        width = 860 if parent is None else min(860, parent.window().width() - 40)
        # a scroll area's own size hint ignores its content: ask the content, wrapped
        height = (self._content_layout.totalHeightForWidth(width)
                  + self._outer.contentsMargins().bottom()
                  + self.buttons.sizeHint().height() + 24)
        if parent is not None:
            height = min(height, parent.window().height() - 60)
        self.resize(max(width, 420), max(height, 360))
        self._fitted = self.size()

    def _open_demo(self, signal: SignalInstance) -> None:
        self.accept()  # closed first: opening may ask something (jobs still running)
        signal.emit()


def open_welcome(window: MainWindow) -> FirstRunDialog:
    """Help ▸ Welcome and set-up check…: the one welcome dialog of this window, its checks
    run again, its demo buttons wired to the start screen's demo signals."""
    dialog = window.findChild(FirstRunDialog, DIALOG_NAME)
    if dialog is None:
        dialog = FirstRunDialog(window)
        dialog.demo_requested.connect(window.start.demo_requested)
        dialog.staff_demo_requested.connect(window.start.staff_demo_requested)
    dialog.refresh()
    dialog.fit_to(window)
    dialog.open()
    dialog.raise_()
    return dialog


def show_once(window: MainWindow) -> FirstRunDialog | None:
    """The welcome, the first time the app's window opens on this computer (for this user);
    remembered with the version it was shown for, so a later version could show what is
    new."""
    if window.settings.value(SHOWN_KEY):
        return None
    window.settings.setValue(SHOWN_KEY, __version__)
    window.settings.sync()
    return open_welcome(window)
