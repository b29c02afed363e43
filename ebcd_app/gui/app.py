"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ebcd_app.basics.resources import resources_dir
from ebcd_app.gui.failure_dialog import install_excepthook
from ebcd_app.gui.style import apply_style

if TYPE_CHECKING:
    from ebcd_app.gui.main_window import MainWindow


def make_app(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName("EBCD Studio")
    QCoreApplication.setApplicationName("EBCD Studio")
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    apply_style(app)
    QApplication.setWindowIcon(QIcon(str(resources_dir() / "ui" / "app-icon.png")))
    return app


def open_window(project: Path | None = None, *, demo: bool = False) -> MainWindow:
    """Show the main window, open what was asked for, then (once the event loop runs) the
    welcome on the app's first start; split from `run_gui` so a test can start the app
    the same way without entering `exec`."""
    from ebcd_app.gui import first_run
    from ebcd_app.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if project is not None:
        window.open_project(project)
    elif demo:
        window.open_demo()
    # after whatever opening asked (a passphrase) and with the window painted behind it
    QTimer.singleShot(0, window, lambda: first_run.show_once(window))
    return window


def run_gui(project: Path | None = None, *, demo: bool = False,
            screenshot: Path | None = None) -> int:
    app = make_app()
    windows: list[MainWindow] = []  # the hook is in place before anything opens, as before
    install_excepthook(lambda: windows[0] if windows else None)
    windows.append(open_window(project, demo=demo))
    if screenshot is not None:
        QTimer.singleShot(0, windows[0], lambda: _save_and_quit(windows[0], screenshot))
    return app.exec()


def _save_and_quit(window: MainWindow, path: Path) -> None:
    """`ebcd gui --screenshot PATH`: once the window (and a first-run welcome) is up, save
    pictures of them and quit, printing how long the start took; for installers' smoke
    tests, which have no one to look at the screen."""
    from ebcd_app.basics.clock import seconds_since_process_start

    app = QApplication.instance()
    app.processEvents()
    window.grab().save(str(path))
    saved = [path]
    for n, widget in enumerate(w for w in app.topLevelWidgets()
                               if w.isVisible() and w is not window):
        extra = path.with_name(f"{path.stem}-{n + 1}{path.suffix}")
        widget.grab().save(str(extra))
        saved.append(extra)
    took = seconds_since_process_start()
    print(f"window shown {took:.2f} s after start; saved " + ", ".join(map(str, saved))
          if took is not None else "saved " + ", ".join(map(str, saved)), flush=True)
    app.exit(0)
