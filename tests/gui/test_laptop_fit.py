"""The window on a laptop screen (1366×768 and 1280×720) with the demo project open.

Every page must fit without sideways scrolling, and every button, list, field and table on
it must be on screen, whole and at its working size (after at most scrolling the page down).
The navigator folds to the stage numbers for room, and the jobs panel is a one-line strip
until it is opened.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ebcd_app.basics.errors import MediaError
from ebcd_app.basics.progress import ProgressUpdate
from ebcd_app.domain.models import EventKind
from ebcd_app.gui.main_window import PAGES
from ebcd_app.gui.pages.events import P_AGREED, P_DOTS

LAPTOPS = ((1366, 768), (1280, 720))
CONTROLS = (QAbstractButton, QComboBox, QAbstractItemView, QLineEdit, QAbstractSpinBox,
            QTextEdit, QPlainTextEdit)  # what a person clicks, types in or reads a list in
WAIT = 10_000


def _show(window, qtbot, size: tuple[int, int] | None = None, page: int | None = None) -> None:
    if size is not None:
        window.resize(*size)
    if page is not None:
        window.show_page(page)
    qtbot.wait(30)  # let the posted layout requests run


def _on_screen(widget: QWidget, window) -> QRect:
    """The part of the widget a person can see: its rect clipped by every parent's."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect &= QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return rect & window.rect()


def _scroll_to(widget: QWidget, stop: QWidget) -> None:
    """Scroll every scroll area between the widget and the page's own, innermost first, to
    show the whole widget (ensureWidgetVisible shows only a text field's cursor)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget().isAncestorOf(widget):
            centre = widget.mapTo(parent.widget(), widget.rect().center())
            parent.ensureVisible(centre.x(), centre.y(), widget.width() // 2 + 1,
                                 widget.height() // 2 + 1)
        if parent is stop:
            return
        parent = parent.parentWidget()


def _least(widget: QWidget) -> QSize:
    """The smallest size the widget works at: its own, or a size its page chose for it (as
    Qt's layouts decide)."""
    hint, chosen = widget.minimumSizeHint(), widget.minimumSize()
    least = QSize(chosen.width() or hint.width(), chosen.height() or hint.height())
    return least.boundedTo(widget.maximumSize())


def _part_of_a_control(widget: QWidget, page: QWidget) -> bool:
    """A spin box's text field or a table's header is checked with the control itself."""
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, CONTROLS):
            return True
        parent = parent.parentWidget()
    return False


def _unreachable(window, qtbot, index: int) -> list[str]:
    """The visible, enabled controls of a page that are off screen, cut off or squashed."""
    area = window.view.pages.scroll_area(index)
    page = window.view.pages.widget(index)
    missing = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or _part_of_a_control(widget, page):
            continue
        if not widget.isVisible() or not widget.isEnabled():
            continue
        _scroll_to(widget, area)
        qtbot.wait(1)
        full = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        label = f"{type(widget).__name__} {getattr(widget, 'text', str)()!r}"
        if _on_screen(widget, window) != full:
            missing.append(f"{label} is off screen or cut off at {full.getRect()}")
        least = _least(widget)
        if widget.width() < least.width() or widget.height() < least.height():
            missing.append(f"{label} is squashed to {widget.size().toTuple()}, "
                           f"needs {least.toTuple()}")
    return missing


def test_the_smallest_window_fits_a_small_laptop(window, qtbot, demo_folder) -> None:
    assert window.open_project(demo_folder)
    for index in range(len(PAGES)):
        _show(window, qtbot, page=index)
        hint, least = window.minimumSizeHint(), window.minimumSize()
        assert hint.width() <= 1280 and hint.height() <= 700, (PAGES[index], hint)
        assert least.width() <= 1280 and least.height() <= 700, (PAGES[index], least)
    qtbot.mouseClick(window.jobs_panel.toggle, Qt.MouseButton.LeftButton)
    assert window.jobs_panel.expanded
    _show(window, qtbot, (1280, 700))
    assert window.size().toTuple() == (1280, 700)
    assert window.minimumSizeHint().height() <= 700


@pytest.mark.parametrize("size", LAPTOPS, ids=[f"{w}x{h}" for w, h in LAPTOPS])
def test_every_page_fits_a_laptop_screen(window, qtbot, demo_folder, size) -> None:
    assert window.open_project(demo_folder)
    _show(window, qtbot, size)
    assert window.size().toTuple() == size
    problems = []
    for index, name in enumerate(PAGES):
        _show(window, qtbot, page=index)
        area = window.view.pages.scroll_area(index)
        page = window.view.pages.widget(index)
        assert window.view.pages.currentWidget() is page
        if area.horizontalScrollBar().isVisible() or page.width() > area.viewport().width():
            problems.append(f"{name}: scrolls sideways ({page.minimumSizeHint().width()} px "
                            f"wide in {area.viewport().width()})")
        tab_sets = [t for t in page.findChildren(QTabWidget) if t.isVisible()] or [None]
        for tabs in tab_sets:
            for tab in range(tabs.count() if tabs else 1):
                if tabs is not None:
                    tabs.setCurrentIndex(tab)
                    bar = tabs.tabBar()
                    if not bar.rect().contains(bar.tabRect(tab)):
                        problems.append(f"{name}: tab {tabs.tabText(tab)!r} is cut off")
                    qtbot.wait(10)
                problems += [f"{name}: {what}" for what in _unreachable(window, qtbot, index)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", LAPTOPS, ids=[f"{w}x{h}" for w, h in LAPTOPS])
def test_the_priority_vote_columns_are_on_screen(window, qtbot, demo_folder, size) -> None:
    assert window.open_project(demo_folder)
    _show(window, qtbot, size, PAGES.index("Joint event"))
    assert window.size().toTuple() == size
    table = window.view.events[EventKind.JOINT].priorities
    assert table.rowCount() >= 3 and not table.horizontalScrollBar().isVisible()
    for col in (P_DOTS, P_AGREED):
        right = table.columnViewportPosition(col) + table.columnWidth(col)
        assert 0 <= table.columnViewportPosition(col) and right <= table.viewport().width()
        cell = table.visualRect(table.model().index(0, col))
        assert _on_screen(table.viewport(), window).contains(
            QRect(table.viewport().mapTo(window, cell.topLeft()), cell.size()))


def test_the_navigator_folds_to_stage_numbers(window, qtbot, demo_folder) -> None:
    assert window.open_project(demo_folder)
    _show(window, qtbot, (1280, 720), PAGES.index("Film"))
    view = window.view
    wide = view.navigator.width()
    assert view.nav.item(6).text() == "3  Film"

    qtbot.mouseClick(view.navigator.toggle, Qt.MouseButton.LeftButton)
    _show(window, qtbot)
    texts = [view.nav.item(i).text() for i in range(view.nav.count())]
    assert texts == ["P", "1", "2", "2a", "2b", "2c", "3", "4", "5", "6", "7", "8"]
    assert view.nav.item(3).toolTip() == "Touch points"
    assert view.navigator.width() < 80 < wide
    assert view.nav.currentRow() == PAGES.index("Film")
    assert view.nav.item(6).isSelected()
    film = view.pages.scroll_area(PAGES.index("Film"))
    assert film.viewport().width() > 1280 - 80 - 20  # the page got the room

    joint = view.nav.item(PAGES.index("Joint event"))
    qtbot.mouseClick(view.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.nav.visualItemRect(joint).center())
    _show(window, qtbot)
    assert view.pages.currentWidget() is view.events[EventKind.JOINT]
    assert joint.isSelected()

    qtbot.mouseClick(view.navigator.toggle, Qt.MouseButton.LeftButton)
    _show(window, qtbot)
    assert view.nav.item(9).text() == "6  Joint event" and view.navigator.width() == wide

    _show(window, qtbot, (1100, 700))  # a narrow window folds it by itself...
    assert view.nav.item(9).text() == "6" and joint.isSelected()
    _show(window, qtbot, (1366, 768))  # ...and a wide one opens it again
    assert view.nav.item(9).text() == "6  Joint event"
    assert view.pages.currentWidget() is view.events[EventKind.JOINT]


def test_the_jobs_strip_shows_time_left_and_opens(window, qtbot, demo_folder) -> None:
    assert window.open_project(demo_folder)
    _show(window, qtbot, (1280, 720))
    panel = window.jobs_panel
    assert not panel.expanded and panel.summary_text() == "No jobs"
    assert panel.line.text() == "No jobs" and panel.height() < 2.5 * panel.line.height()
    assert not panel.scroll.isVisible()

    release = threading.Event()

    def slow(progress, token):
        progress(ProgressUpdate("transcribing", 0.4))
        while not release.wait(0.05):
            token.raise_if_cancelled()  # the window's clean-up cancels it if a check fails

    job = window.jobs.submit("Transcribe hca-jo.ogg", slow)
    qtbot.waitUntil(lambda: "1 running" in panel.line.text(), timeout=WAIT)
    # the job reports once; the elapsed time still moves and an estimate follows
    qtbot.waitUntil(lambda: "left" in panel.summary_text()
                    and "estimating" not in panel.summary_text(), timeout=WAIT)
    assert panel.summary_text().startswith("Jobs: 1 running — Transcribe hca-jo.ogg 40%, ")
    assert "elapsed, about" in panel.summary_text()
    assert "\n" not in panel.line.text() and not panel.scroll.isVisible()

    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    _show(window, qtbot)
    row = panel.rows[job.id]
    assert panel.scroll.isVisible() and row.isVisible()
    assert panel.scroll.viewport().height() >= 4 * row.height()
    assert "elapsed" in row.time.text() and "left" in row.time.text()
    assert _on_screen(row.cancel, window).width() == row.cancel.width()
    before = row.time.text()
    qtbot.waitUntil(lambda: row.time.text() != before, timeout=3000)  # ticks each second

    release.set()
    qtbot.waitUntil(lambda: job.state == "done", timeout=WAIT)
    qtbot.waitUntil(lambda: "none running" in panel.summary_text(), timeout=WAIT)
    assert row.time.text().startswith("took ")

    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert not panel.expanded

    def broken(progress, token):
        raise MediaError("broken.ogg: the recording could not be read")

    failed = window.jobs.submit("Import broken.ogg", broken)
    qtbot.waitUntil(lambda: failed.state == "failed", timeout=WAIT)
    _show(window, qtbot)
    assert panel.expanded and panel.scroll.isVisible()  # opened by itself for the error
    assert "could not be read" in panel.rows[failed.id].status.text()
