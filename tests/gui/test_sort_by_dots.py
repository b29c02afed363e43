"""The events page's "Sort by dots" button: the whole new order in one change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ebcd_app.domain.models import EventKind
from ebcd_app.gui.main_window import PAGES
from ebcd_app.services import events, projects


def test_sort_by_dots_puts_most_dots_first(window, qtbot, tmp_path) -> None:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Sort by dots")
    for title, votes in (("Call bells", 3), ("Noise at night", None), ("Visiting", 11),
                         ("Food", 7)):
        events.update_priority(store, events.add_priority(store, EventKind.JOINT, title),
                               votes=votes)
    store.close()
    assert window.open_project(folder)
    window.show_page(PAGES.index("Joint event"))
    page = window.view.events[EventKind.JOINT]
    [button] = [b for b in page.findChildren(QPushButton) if b.text() == "Sort by dots"]
    with qtbot.waitSignal(window.runner.operation_executed, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view = events.event_for(window.store, EventKind.JOINT)
    assert [(p.title, p.position) for p in view.priorities] == [
        ("Visiting", 0), ("Food", 1), ("Call bells", 2), ("Noise at night", 3)]
