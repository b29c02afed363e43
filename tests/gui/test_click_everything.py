"""Every control of the workbench, used as a person would, on a copy of the demo project.

For each navigator page (and each tab on it) every visible, enabled button is clicked with
the mouse; then every menu action is triggered. Dialogs are answered by a cooperative user
(tests/gui/user_robot.py). The test fails on any exception that escapes, any dialog that
shows a Python exception or reports an internal fault, and any job that fails with one. A
new button is covered with no extra work.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QTabWidget, QWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout
from user_robot import cooperative_user, label_of

from ebcd_app.basics.resources import resources_dir
from ebcd_app.gui.main_window import PAGES

SKIP_ACTIONS = {"Quit"}  # closes the window the test is using


def settle(qtbot, window, ms: int = 60, user=None) -> None:
    """Let the click's effects arrive; an edit still running after 20 s is a problem."""
    qtbot.wait(ms)
    try:  # the answerer closes each dialog; under load its timer can be late
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=20_000)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=20_000)
    except WaitTimeout:
        if user is None:
            raise
        user.problems.append(f"{user.doing}: the edit it started was still running after 20 s")


def stop_jobs(qtbot, window, wait_ms: int = 8000) -> None:
    """Let short jobs (packs, suggestions) finish; cancel what is still running after that."""
    try:
        qtbot.waitUntil(lambda: not window.jobs.active(), timeout=wait_ms)
    except WaitTimeout:
        window.jobs.cancel_all()
        qtbot.waitUntil(lambda: not window.jobs.active(), timeout=60_000)


def close_other_windows(window: QWidget) -> None:
    for w in QApplication.topLevelWidgets():
        if w is not window and w.isVisible() and w.isWindow() and not w.isModal():
            w.close()


def clickable(page: QWidget, done: set[int]) -> list[QAbstractButton]:
    return [b for b in page.findChildren(QAbstractButton)
            if id(b) not in done and b.isVisible() and b.isEnabled()
            and b.width() > 0 and not b.objectName().startswith("qt_")]


def tab_states(page: QWidget) -> list[tuple[QTabWidget, int]]:
    return [(tabs, i) for tabs in page.findChildren(QTabWidget) for i in range(tabs.count())]


def click_page(qtbot, window, index: int, user) -> list[str]:
    """Click every button on page `index`, tab by tab; return the labels clicked."""
    clicked: list[str] = []
    done: set[int] = set()
    window.show_page(index)
    settle(qtbot, window)
    page = window.view.pages.widget(index)
    for tabs, tab in [(None, 0), *tab_states(page)]:
        if tabs is not None:
            if not shiboken6.isValid(tabs) or not tabs.isVisible():
                continue
            tabs.setCurrentIndex(tab)
            settle(qtbot, window)
        for button in clickable(page, done):
            if not shiboken6.isValid(button) or not button.isVisible() or \
                    not button.isEnabled():
                continue
            done.add(id(button))
            user.doing = f"{PAGES[index]} ▸ {label_of(button)}"
            clicked.append(label_of(button))
            window.view.pages.scroll_area(index).ensureWidgetVisible(button)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            settle(qtbot, window, user=user)
            close_other_windows(window)
            if window.view is None or window.view.pages.currentIndex() != index:
                window.show_page(index)  # "Play moment" and the like move to another page
                settle(qtbot, window)
    return clicked


def menu_actions(window) -> list[tuple[str, QAction]]:
    found = []

    def walk(menu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            name = action.text().replace("&", "").strip()
            if action.menu() is not None:
                action.menu().aboutToShow.emit()  # "Open Recent" fills itself on show
                walk(action.menu(), f"{path} ▸ {name}")
            else:
                found.append((f"{path} ▸ {name}", action))
    for top in window.menuBar().actions():
        walk(top.menu(), top.text().replace("&", ""))
    return found


def test_click_every_button_and_menu_item(window, qtbot, demo_folder: Path,
                                          tmp_path: Path) -> None:
    assert window.open_project(demo_folder)
    window.resize(1366, 768)
    jobs_seen: list[str] = []
    window.jobs.job_changed.connect(lambda job: jobs_seen.append(job.title))
    with cooperative_user(tmp_path / "answers") as user:
        user.open_file = resources_dir() / "demo" / "media" / "hca-jo.ogg"
        clicked = {}
        for index in range(len(PAGES)):
            clicked[PAGES[index]] = click_page(qtbot, window, index, user)
            stop_jobs(qtbot, window, wait_ms=8000)
            if window.view is None:  # a button closed the project: open it again
                assert window.open_project(demo_folder)
        for name, action in menu_actions(window):
            if action.text().replace("&", "").strip() in SKIP_ACTIONS or not action.isEnabled():
                continue
            user.doing = name
            action.trigger()
            settle(qtbot, window)
            close_other_windows(window)
            stop_jobs(qtbot, window, wait_ms=3000)
            if window.store is None or window.store.folder != demo_folder.resolve():
                assert window.open_project(demo_folder)
                settle(qtbot, window)
        stop_jobs(qtbot, window)
        failed = [f"{j.title}: {j.message}" for j in window.jobs.jobs.values()
                  if j.state == "failed" and "inside EBCD Studio" in j.message]
    assert user.problems == [], "\n\n".join(user.problems)
    assert failed == []
    # the buttons that broke before were really used
    assert "Add participant…" in clicked["Project and people"]
    assert "Render…" in clicked["Film"] and any(t.startswith("Render ") for t in jobs_seen)
    assert any("Make pack" in label for label in clicked["Joint event"])
    assert sum(len(v) for v in clicked.values()) > 100
    titles = {t for _, t, _ in user.said}
    assert {"Add participant", "Keyboard shortcuts", "Getting started"} <= titles, [
        (d.split(" ▸ ")[-1], t) for d, t, _ in user.said]
