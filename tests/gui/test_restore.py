"""File ▸ Restore… and the read-only banner, used as a facilitator would.

Restoring goes through the menu action and the dialog (the row chosen, Restore pressed);
a damaged project opens read-only with the banner and its Restore… button, and an edit
there is told in a message, not a traceback, and never reaches the database.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from user_robot import file_action

from ebcd_app.gui.store_safety import RestoreDialog
from ebcd_app.services import notes, projects, snapshots


def answer_restore_dialog(qtbot, row: int = 0) -> list[str]:
    """When the dialog shows: choose `row` and press Restore (what a person does)."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(50, answer)
            return
        seen.extend(dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount()))
        dialog.table.selectRow(row)
        dialog.restore_button.click()

    QTimer.singleShot(50, answer)
    return seen


def note_texts(folder) -> list[str]:
    with contextlib.closing(sqlite3.connect(folder / "project.db")) as conn:
        return [r[0] for r in conn.execute("SELECT text FROM observation_notes")]


def test_file_restore_puts_a_snapshot_back_through_the_dialog(window, qtbot, demo_folder):
    assert window.open_project(demo_folder)
    before = note_texts(demo_folder)
    snapshots.take_snapshot(window.store)
    notes.add_note(window.store, text="typed after the snapshot")
    assert "typed after the snapshot" in note_texts(demo_folder)

    seen = answer_restore_dialog(qtbot, row=0)
    file_action(window, "Restore…").trigger()
    qtbot.waitUntil(lambda: window.store is not None and bool(seen), timeout=20_000)

    assert note_texts(demo_folder) == before
    assert "Restored the snapshot" in window.statusBar().currentMessage()
    kept = [s.name for s in snapshots.list_snapshots(demo_folder)]
    assert any("before-restore" in name for name in kept)
    assert not window.view.banner.isVisible()


def test_a_damaged_project_opens_read_only_with_a_banner_and_refuses_edits(
        window, qtbot, demo_folder):
    with contextlib.closing(projects.open_project(demo_folder)) as store:
        snapshots.take_snapshot(store)  # its last good state
    db = demo_folder / "project.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # the audit trail: damaged where the pages do not read when the project opens
        page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'audit_entries' "
                            "AND pagetype = 'leaf'").fetchone()[0]
    with open(db, "r+b") as fh:
        fh.seek((page - 1) * 4096)
        fh.write(b"\xa5" * 48)
    damaged_bytes = db.read_bytes()

    assert window.open_project(demo_folder)
    banner = window.view.banner
    assert banner.isVisible() and "damaged" in banner.label.text()
    assert banner.restore_button is not None and banner.restore_button.isVisible()

    # an edit: a field note typed and added on the Observation page
    window.show_page(1)
    page = window.view.observation
    page.text.setPlainText("written into a damaged database?")
    add = next(b for b in page.findChildren(QPushButton)
               if b.text() == "Add note")
    add.click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=20_000)
    dialog = QApplication.activeModalWidget()
    text = dialog.text.text()
    assert "Could not" in text and "damaged" in text and "Traceback" not in text
    assert dialog.details == ""  # the user's problem, not a program fault
    dialog.close()
    assert db.read_bytes() == damaged_bytes
    assert "written into a damaged database?" not in db.read_bytes().decode("latin-1")

    # the banner's Restore… offers the snapshots; restoring reopens it writable
    seen = answer_restore_dialog(qtbot, row=0)
    banner.restore_button.click()
    qtbot.waitUntil(lambda: window.store is not None and bool(seen)
                    and not window.store.read_only, timeout=20_000)
    assert not window.view.banner.isVisible()


def test_a_read_only_copy_opens_with_the_banner_and_an_edit_is_a_message(
        window, qtbot, demo_folder, tmp_path):
    disk = tmp_path / "dvd"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("needs a read-only mount (run as root)")
    try:
        copy = disk / "demo"
        shutil.copytree(demo_folder, copy)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert window.open_project(copy)
        banner = window.view.banner
        assert banner.isVisible()
        assert banner.label.text().startswith("This project is read-only: the disk holding it "
                                              "is read-only")
        assert "You can read, search and export; changes cannot be saved." in \
            banner.label.text()
        window.show_page(1)
        page = window.view.observation
        page.text.setPlainText("cannot be saved here")
        next(b for b in page.findChildren(QPushButton) if b.text() == "Add note").click()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=20_000)
        dialog = QApplication.activeModalWidget()
        assert "read-only" in dialog.text.text() and dialog.details == ""
        dialog.close()
        window.close_project()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
