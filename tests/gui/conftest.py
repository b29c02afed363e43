"""GUI tests: real widgets on Qt's offscreen platform, settings kept out of the user's home."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from demo_project import demo_folder, demo_source  # noqa: F401 - fixtures for every GUI test
from PySide6.QtCore import QSettings

_SETTINGS = tempfile.mkdtemp(prefix="ebcd-qsettings-")
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, _SETTINGS)


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    from ebcd_app.gui.app import make_app
    from ebcd_app.gui.main_window import MainWindow

    monkeypatch.setenv("EBCD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EBCD_CONFIG_DIR", str(tmp_path / "config"))
    from ebcd_app.basics import settings

    settings.update(facilitator="Fiona Reid")  # asked once in real use; tests answer ahead
    make_app()
    QSettings().clear()
    win = MainWindow()
    win.resize(1280, 820)
    win.show()
    yield win
    # closed here rather than by qtbot.addWidget: pytest-qt closes its widgets before this
    # teardown, and a job still running would then ask "Stop jobs?" with nobody to answer
    win.jobs.cancel_all()
    win.jobs.wait(60000)
    win.runner.wait()
    win.close_project()
    win.close()
    win.deleteLater()
