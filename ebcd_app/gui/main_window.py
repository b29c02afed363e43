"""The main window: a navigator following the EBCD stages, pages, jobs, menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QKeySequenceEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.basics.errors import DamagedProjectError, EbcdError
from ebcd_app.domain.models import EventKind, JobState
from ebcd_app.gui import first_run, help_dialogs
from ebcd_app.gui.about_dialog import show_about
from ebcd_app.gui.facilitator import facilitator_name
from ebcd_app.gui.failure_dialog import show_failure
from ebcd_app.gui.frame import Navigator, PageStack, first_size
from ebcd_app.gui.jobs_panel import JobsPanel
from ebcd_app.gui.operations import JobManager, OperationRunner
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops import jobs as job_ops
from ebcd_app.gui.pages.emotional_map import EmotionalMapPage
from ebcd_app.gui.pages.events import EventPage
from ebcd_app.gui.pages.film import FilmPage
from ebcd_app.gui.pages.groups import GroupsPage
from ebcd_app.gui.pages.interviews import InterviewsPage
from ebcd_app.gui.pages.observation import ObservationPage
from ebcd_app.gui.pages.people import PeoplePage
from ebcd_app.gui.pages.suggestions import SuggestionsPage
from ebcd_app.gui.pages.touchpoints import TouchPointsPage
from ebcd_app.gui.passphrase_dialogs import EncryptDialog, NewProjectDialog, ask_passphrase
from ebcd_app.gui.start_page import StartPage
from ebcd_app.gui.store_safety import ReadOnlyBanner, RestoreDialog
from ebcd_app.services import demo, events, projects, snapshots, transcription
from ebcd_app.store.db import ProjectStore, is_project
from ebcd_app.store.vault import PassphraseError, is_encrypted, passphrase_from_env

MAX_RECENT = 8
SNAPSHOT_EVERY_MS = 5 * 60 * 1000  # a snapshot after every few minutes of editing
# One row per page, in the navigator's order: its name, its navigator label and folded
# label, and its View menu label and key (stage N is Ctrl+N, as the navigator numbers it)
PAGE_TABLE = (
    ("Project and people", "Project and people", "P", "Project and &people", "Ctrl+0"),
    ("Observation", "1  Observation", "1", "&1  Observation", "Ctrl+1"),
    ("Interviews", "2  Interviews", "2", "&2  Interviews", "Ctrl+2"),
    ("Touch points", "    Touch points", "2a", "     &Touch points", "Ctrl+Shift+T"),
    ("Emotional map", "    Emotional map", "2b", "     &Emotional map", "Ctrl+Shift+E"),
    ("Suggestions", "    Suggestions", "2c", "     &Suggestions", "Ctrl+Shift+S"),
    ("Film", "3  Film", "3", "&3  Film", "Ctrl+3"),
    ("Staff event", "4  Staff event", "4", "&4  Staff event", "Ctrl+4"),
    ("Patient event", "5  Patient event", "5", "&5  Patient event", "Ctrl+5"),
    ("Joint event", "6  Joint event", "6", "&6  Joint event", "Ctrl+6"),
    ("Co-design groups", "7  Co-design groups", "7", "&7  Co-design groups", "Ctrl+7"),
    ("Celebration", "8  Celebration", "8", "&8  Celebration", "Ctrl+8"),
)
PAGES = tuple(row[0] for row in PAGE_TABLE)
NAV_ENTRIES = tuple((row[1], row[2]) for row in PAGE_TABLE)
# a staff-experience project's second and third events
STAFF_EVENT_LABELS = {EventKind.LEADERSHIP_LISTENING: "5  Leadership event",
                      EventKind.JOINT_LEADERSHIP: "6  Joint event"}


def nav_entries(kinds: tuple[EventKind, ...]) -> tuple[tuple[str, str], ...]:
    """The navigator's labels for a project with these events."""
    rows = list(NAV_ENTRIES)
    for kind, label in STAFF_EVENT_LABELS.items():
        if kind in kinds:
            at = PAGES.index("Patient event" if kind == EventKind.LEADERSHIP_LISTENING
                             else "Joint event")
            rows[at] = (label, rows[at][1])
    return tuple(rows)
PAGE_MENU = {row[0]: (row[3], row[4]) for row in PAGE_TABLE}


class ProjectView(QWidget):
    """An open project: navigator on the left, one page per stage."""

    def __init__(self, window: MainWindow, store: ProjectStore) -> None:
        super().__init__()
        self.store = store
        kinds = events.kinds(store)
        self.navigator = Navigator(nav_entries(kinds))
        self.nav = self.navigator.list
        self.pages = PageStack()
        self.people = PeoplePage(store, window.ops)
        self.observation = ObservationPage(store, window.ops)
        self.interviews = InterviewsPage(store, window.ops, window.jobs)
        self.touchpoints = TouchPointsPage(store, window.ops)
        self.map = EmotionalMapPage(store, window.ops)
        self.suggestions = SuggestionsPage(store, window.ops, window.jobs)
        self.film = FilmPage(store, window.ops, window.jobs)
        # the project's own events: staff experience has the leadership events instead
        self.events = {kind: EventPage(store, window.ops, window.jobs, kind)
                       for kind in kinds}
        self.groups = GroupsPage(store, window.ops, window.jobs)
        for page in (self.people, self.observation, self.interviews, self.touchpoints,
                     self.map, self.suggestions, self.film,
                     *(self.events[k] for k in kinds[:3]), self.groups,
                     self.events[EventKind.CELEBRATION]):
            self.pages.add_page(page)
            page.status.connect(lambda msg: window.statusBar().showMessage(msg, 5000))
        for page in (self.touchpoints, self.suggestions, self.film):
            page.play_requested.connect(self.play)
        self.film.selection_provider = self.interviews.transcript.selected_words
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.banner = ReadOnlyBanner(store)
        self.banner.restore_requested.connect(lambda: window.restore_snapshot())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.banner)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigator)
        layout.addWidget(self.pages, 1)
        outer.addLayout(layout, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.navigator.fit_window_width(self.width())

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def play(self, recording_id: int, seconds: float) -> None:
        """Hear a moment: go to the interview, select it, play from there."""
        self.show_page(PAGES.index("Interviews"))
        self.interviews.select_recording(recording_id)
        self.interviews.player.play_from(seconds)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.settings = QSettings()
        self.runner = OperationRunner(self)
        self.jobs = JobManager(self)
        self.undo = QUndoStack(self)
        self.ops = Ops(self.runner, self.undo, self)
        self.store: ProjectStore | None = None
        self.view: ProjectView | None = None
        self.runner.operation_failed.connect(self.show_error)
        self.jobs.job_failed.connect(lambda _job, text, details: self.show_error(text, details))
        self.jobs.job_finished.connect(self._job_finished)

        self.start = StartPage()
        self.start.new_requested.connect(self.new_project)
        self.start.open_requested.connect(self.choose_project)
        self.start.demo_requested.connect(self.open_demo)
        self.start.staff_demo_requested.connect(lambda: self.open_demo(staff=True))
        self.start.recent_chosen.connect(self.open_project)
        self.central = QStackedWidget()
        self.central.addWidget(self.start)
        self.setCentralWidget(self.central)

        self.jobs_panel = JobsPanel(self.jobs)
        self.jobs_dock = QDockWidget("Jobs", self)
        self.jobs_dock.setObjectName("jobsDock")
        self.jobs_dock.setWidget(self.jobs_panel)
        self.jobs_dock.setTitleBarWidget(QWidget())  # the panel's strip says "Jobs"
        self.jobs_panel.expanded_changed.connect(
            lambda on: self.jobs_dock.show() if on else None)
        self.jobs_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                                   | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.jobs_dock)
        self.snapshot_timer = QTimer(self)
        self.snapshot_timer.setInterval(SNAPSHOT_EVERY_MS)
        self.snapshot_timer.timeout.connect(self._snapshot)
        self._build_menus()
        self.setWindowTitle("EBCD Studio")
        self.resize(first_size(self.screen().availableGeometry().size()))
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.start.set_recent(self.recent_projects())
        self.statusBar().showMessage("Ready")

    # -- menus ---------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&New Project…", self.new_project, QKeySequence.StandardKey.New)
        self._action(file, "&Open Project…", self.choose_project, QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._action(file, "Open the &Demo Project", self.open_demo)
        self._action(file, "Open the &Staff Demo Project",
                     lambda: self.open_demo(staff=True))
        file.addSeparator()
        self.import_action = self._action(file, "&Import Recordings…", self._import,
                                          "Ctrl+I")
        self._action(file, "&Close Project", self.close_project, QKeySequence.StandardKey.Close)
        self.restore_action = self._action(file, "&Restore…", lambda: self.restore_snapshot())
        self.audit_action = self._action(file, "Privacy &Audit…", self.privacy_audit)
        self.encrypt_action = self._action(file, "&Encrypt Project…", self.encrypt_project)
        file.addSeparator()
        self._action(file, "Your &Name…", self._ask_name)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        undo = self.undo.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._action(edit, "&Find in Interviews…", self._find, QKeySequence.StandardKey.Find)

        view = bar.addMenu("&View")
        for i, name in enumerate(PAGES):  # Ctrl+N opens stage N; Ctrl+0 the project
            label, key = PAGE_MENU[name]
            self._action(view, label, lambda _c=False, i=i: self.show_page(i), key)
        view.addSeparator()
        view.addAction(self.jobs_dock.toggleViewAction())

        play = bar.addMenu("&Playback")
        key = self.settings.value("shortcuts/play_pause", "Esc")
        self.play_action = self._action(play, "Play / Pause", self._toggle_play, key)
        self._action(play, "Back 5 Seconds", lambda: self._player_call("skip", -5.0),
                     "Alt+Left")
        self._action(play, "Forward 5 Seconds", lambda: self._player_call("skip", 5.0),
                     "Alt+Right")
        self._action(play, "Slower", lambda: self._speed(-1), "Ctrl+[")
        self._action(play, "Faster", lambda: self._speed(1), "Ctrl+]")
        play.addSeparator()
        self._action(play, "Set Play/Pause Key…", self._set_play_key)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Getting Started", lambda: help_dialogs.getting_started(self),
                     QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&Keyboard Shortcuts",
                     lambda: help_dialogs.keyboard_shortcuts(self, self.menuBar()), "Ctrl+/")
        self._action(help_menu, "&Welcome and set-up check…",
                     lambda: first_run.open_welcome(self))
        help_menu.addSeparator()
        self._action(help_menu, "&About EBCD Studio", self._about)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for folder in self.recent_projects():
            self.recent_menu.addAction(str(folder), lambda f=folder: self.open_project(f))

    # -- projects ------------------------------------------------------------------------
    def recent_projects(self) -> list[Path]:
        items = self.settings.value("recent", []) or []
        if isinstance(items, str):
            items = [items]
        return [Path(p) for p in items if is_project(Path(p))]

    def _remember(self, folder: Path) -> None:
        items = [str(folder)] + [str(p) for p in self.recent_projects() if p != folder]
        self.settings.setValue("recent", items[:MAX_RECENT])
        self.start.set_recent(self.recent_projects())

    def new_project(self) -> None:
        """File ▸ New Project…: name it (and choose encryption), then its empty folder."""
        dialog = NewProjectDialog(self)
        if dialog.exec() != NewProjectDialog.DialogCode.Accepted:
            return
        name, secret, kind = dialog.values()
        folder = QFileDialog.getExistingDirectory(self, "Choose an empty folder for the project")
        if not folder:
            return
        try:
            projects.create_project(Path(folder), name=name, passphrase=secret,
                                    kind=kind).close()
        except EbcdError as exc:
            self.show_error(str(exc), "")
            return
        self.open_project(Path(folder), passphrase=secret)

    def choose_project(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a project folder")
        if folder:
            self.open_project(Path(folder))

    def _unlock(self, folder: Path, given: str | None) -> ProjectStore | None:
        """Open the project, asking for the passphrase of an encrypted one (again after a
        wrong one); None when the facilitator cancelled the asking."""
        problem = ""
        while True:
            secret = given if given is not None else passphrase_from_env()
            if secret is None and is_encrypted(folder):
                secret = ask_passphrase(self, folder, problem)
                if secret is None:
                    return None
            try:
                return projects.open_project(folder, passphrase=secret)
            except PassphraseError as exc:
                if given is not None or passphrase_from_env() is not None:
                    raise
                problem = ("Wrong passphrase: nothing was opened or changed. Try again."
                           if "wrong passphrase" in str(exc) else str(exc))

    def open_project(self, folder: Path, *, passphrase: str | None = None) -> bool:
        if not self.close_project():
            return False
        try:
            store = self._unlock(folder, passphrase)
            if store is None:
                return False
        except EbcdError as exc:
            self.show_error(str(exc), "")
            if isinstance(exc, DamagedProjectError):  # offer its last good snapshot
                self.restore_snapshot(folder)
            return False
        try:
            view = ProjectView(self, store)
        except DamagedProjectError as exc:  # damage in what the pages read at opening
            store.close()
            self.show_error(str(exc), "")
            self.restore_snapshot(folder)
            return False
        self.store = store
        self.jobs.resume()
        self.view = view
        self.central.addWidget(self.view)
        self.central.setCurrentWidget(self.view)
        info = projects.project_info(store)
        self.setWindowTitle(f"{info.name} — EBCD Studio")
        self._remember(store.folder)
        page = int(self.settings.value(f"page/{store.folder}", 2))
        self.view.show_page(page)
        if store.read_only:
            self.statusBar().showMessage(store.refusal())
        else:
            self.snapshot_timer.start()
            self._resume_interrupted()
        return True

    def _snapshot(self) -> None:
        """Every few minutes: a snapshot, if anything changed (never fails, never asks)."""
        if self.store is not None:
            snapshots.snapshot_if_changed(self.store)

    def privacy_audit(self) -> None:
        """File ▸ Privacy Audit…: what of erased people or redacted names is still about."""
        if self.store is None:
            self.show_error("Open a project first: the privacy audit reads its files and "
                            "what it wrote.", "")
            return
        from ebcd_app.gui.privacy_dialogs import AuditDialog

        self.audit_dialog = AuditDialog(self.store, self.ops, self)
        self.audit_dialog.show()

    def encrypt_project(self) -> None:
        """File ▸ Encrypt Project…: a new passphrase, then the open project is closed,
        encrypted in place in the jobs panel, and opened again with it."""
        if self.store is None:
            self.show_error("Open a project first: File ▸ Encrypt Project… encrypts the "
                            "open project where it is.", "")
            return
        folder = self.store.folder
        if self.store.keys is not None:
            self.statusBar().showMessage(f"{folder} is encrypted already", 10000)
            return
        dialog = EncryptDialog(folder, self)
        if dialog.exec() != EncryptDialog.DialogCode.Accepted:
            return
        secret = dialog.passphrase.first.text()
        if not self.close_project():
            return
        from ebcd_app.services.encryption import encrypt_project

        self.jobs.submit(f"Encrypt {folder.name}",
                         lambda progress, _token: encrypt_project(folder, secret,
                                                                  progress=progress),
                         on_done=lambda _done: self.open_project(folder, passphrase=secret))

    def restore_snapshot(self, folder: Path | None = None) -> bool:
        """File ▸ Restore…: choose a snapshot, close the project, put it back, reopen.
        `folder` is a project that could not be opened (damaged where the pages read)."""
        if folder is None:
            if self.store is None:
                self.show_error("Open a project first: File ▸ Restore… puts back one of its "
                                "snapshots.", "")
                return False
            folder = self.store.folder
        keys = self.store.keys if self.store is not None else None
        if keys is None and projects.is_encrypted(folder):
            secret = passphrase_from_env() or ask_passphrase(self, folder)
            if secret is None:
                return False
            try:
                keys = projects.project_keys(folder, secret)
            except EbcdError as exc:
                self.show_error(str(exc), "")
                return False
        dialog = RestoreDialog(self, str(folder), snapshots.list_snapshots(folder, keys))
        if dialog.exec() != RestoreDialog.DialogCode.Accepted or dialog.chosen() is None:
            return False
        chosen = dialog.chosen()
        assert chosen is not None
        if not self.close_project():
            return False
        try:
            _restored, kept = snapshots.restore(folder, chosen.name, keys)
        except EbcdError as exc:
            self.show_error(f"Could not restore the snapshot: {exc}", "")
            self.open_project(folder)
            return False
        opened = self.open_project(folder)
        kept_text = f"; the database as it was is kept as {kept.name}" if kept else ""
        self.statusBar().showMessage(
            f"Restored the snapshot of {chosen.taken_at:%Y-%m-%d %H:%M}{kept_text}", 10000)
        return opened

    def _resume_interrupted(self) -> None:
        """Transcriptions cut short by a crash carry on from their last saved segment."""
        assert self.store is not None
        for rec_id in transcription.interrupted_recordings(self.store):
            name = projects.recording_media(self.store, rec_id).original_name
            job_ops.transcribe(self.jobs, self.store, rec_id, name)
            self.statusBar().showMessage(f"Resuming the interrupted transcription of {name}")

    def close_project(self) -> bool:
        if self.store is None:
            return True
        if not self._confirm_jobs("close the project"):
            return False
        self.runner.wait()
        assert self.view is not None
        self.settings.setValue(f"page/{self.store.folder}", self.view.nav.currentRow())
        self.view.interviews.shutdown()
        self.central.removeWidget(self.view)
        self.view.deleteLater()
        self.undo.clear()
        self.snapshot_timer.stop()
        self.store.close()
        self.store, self.view = None, None
        self.central.setCurrentWidget(self.start)
        self.setWindowTitle("EBCD Studio")
        return True

    def open_demo(self, *, staff: bool = False) -> None:
        """Open the demo project (the patient ward, or with `staff` the night staff's),
        building it first (about a minute) in the jobs panel."""
        folder = demo.default_demo_dir(staff)
        if is_project(folder):
            self.open_project(folder)
            return

        def build(progress, token):
            return demo.build_demo(folder, out=lambda _line: None, progress=progress,
                                   cancel=token, staff=staff)

        what = "staff demo project" if staff else "demo project"
        self.jobs.submit(f"Build the {what}", build,
                         on_done=lambda _folder: self.open_project(folder))
        self.statusBar().showMessage(f"Building the {what}: importing and transcribing "
                                     f"{'five recordings' if staff else 'four interviews'}…")

    # -- jobs and closing ----------------------------------------------------------------
    def _confirm_jobs(self, what: str) -> bool:
        active = self.jobs.active()
        if not active:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Jobs are running")
        box.setText(f"{len(active)} job(s) are still running: "
                    + ", ".join(j.title for j in active) + ".")
        box.setInformativeText("Stop them and " + what + "? A stopped transcription carries "
                               "on from where it stopped when you open the project again; "
                               "imports, renders and packs not yet finished must be started "
                               "again. Nothing already saved is lost.")
        stop = box.addButton("Stop jobs and " + what, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep working", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not stop:
            return False
        self.jobs.stop_all_for_later()
        self.jobs.wait(60000)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_project():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        event.accept()

    def _job_finished(self, job, _result) -> None:
        if job.state == JobState.FAILED:
            self.statusBar().showMessage(f"{job.title} failed: {job.message}", 10000)
        elif job.state == JobState.DONE:
            self.statusBar().showMessage(f"{job.title}: done", 5000)

    def show_error(self, message: str, details: str) -> None:
        """Every failure the user is told of: plain words, with Copy details for faults."""
        show_failure(self, message, details)

    # -- small actions -------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        if self.view is not None:
            self.view.show_page(index)

    def _import(self) -> None:
        if self.view is not None:
            self.show_page(2)
            self.view.interviews.choose_files()

    def _find(self) -> None:
        if self.view is not None:
            self.show_page(2)
            self.view.interviews.search_box.setFocus()
            self.view.interviews.search_box.selectAll()

    def _player_call(self, name: str, *args: object) -> None:
        if self.view is not None:
            getattr(self.view.interviews.player, name)(*args)

    def _toggle_play(self) -> None:
        if self.view is not None and self.view.pages.currentWidget() is self.view.interviews:
            self.view.interviews.player.toggle()

    def _speed(self, step: int) -> None:
        if self.view is not None:
            combo = self.view.interviews.player.speed
            combo.setCurrentIndex(max(0, min(combo.count() - 1, combo.currentIndex() + step)))

    def _set_play_key(self) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

        dialog = QDialog(self)
        dialog.setWindowTitle("Play/pause key")
        edit = QKeySequenceEdit(self.play_action.shortcut())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel("Press the key to start and stop playback\n"
                                "(choose one that does not type, e.g. Esc or F4):"))
        layout.addWidget(edit)
        layout.addWidget(buttons)
        if dialog.exec() and not edit.keySequence().isEmpty():
            self.play_action.setShortcut(edit.keySequence())
            self.settings.setValue("shortcuts/play_pause", edit.keySequence().toString())

    def _ask_name(self) -> None:
        name = facilitator_name(self, ask_again=True)
        if name:
            self.statusBar().showMessage(f"Consent and notes will be recorded by {name}", 5000)

    def _about(self) -> None:
        show_about(self)
