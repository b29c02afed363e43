"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ebcd_app.gui.failure_dialog import install_excepthook
from ebcd_app.gui.style import apply_style


def make_app(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName("EBCD Studio")
    QCoreApplication.setApplicationName("EBCD Studio")
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    apply_style(app)
    return app


def run_gui(project: Path | None = None, *, demo: bool = False) -> int:
    app = make_app()
    from ebcd_app.gui.main_window import MainWindow

    window = MainWindow()
    install_excepthook(lambda: window)
    window.show()
    if project is not None:
        window.open_project(project)
    elif demo:
        window.open_demo()
    return app.exec()
