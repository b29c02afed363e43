"""Take the screenshots in docs/screenshots/ from the real window on the demo project.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [DEMO_FOLDER]
(it builds the demo project first when no folder is given). Look at every picture after.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def settle(app: QApplication, seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def seed_later_stages(folder: Path) -> None:
    """A demo built before the events and groups existed gets them, as build_demo does now."""
    from ebcd_app.services import demo, groups, projects
    from ebcd_app.services.demo_events import seed_events_and_groups

    store = projects.open_project(folder)
    try:
        if not groups.list_groups(store):
            seed_events_and_groups(store, demo.load_manifest())
    finally:
        store.close()


def later_stages(win, app: QApplication) -> None:
    """The joint event with its dot votes, and a co-design group's run chart."""
    from ebcd_app.domain.models import EventKind
    from ebcd_app.gui.main_window import PAGES

    win.show_page(PAGES.index("Joint event"))
    page = win.view.events[EventKind.JOINT]
    page.tabs.setCurrentIndex(0)
    page.priorities.selectRow(0)
    settle(app)
    win.grab().save(str(OUT / "joint-event.png"))
    win.show_page(PAGES.index("Co-design groups"))
    groups_page = win.view.groups
    groups_page.tabs.setCurrentWidget(groups_page.measures)
    settle(app, 1.0)
    win.grab().save(str(OUT / "codesign-groups.png"))


def main() -> int:
    from ebcd_app.gui.app import make_app
    from ebcd_app.services.demo import build_demo

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    if folder is None:
        folder = build_demo(Path(tempfile.mkdtemp()) / "demo", out=lambda _m: None)
    seed_later_stages(folder)
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # not the user's own settings
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    app = make_app()
    from ebcd_app.gui.main_window import MainWindow

    OUT.mkdir(parents=True, exist_ok=True)
    win = MainWindow()
    win.resize(1366, 768)  # a common laptop screen: what most facilitators will see
    win.show()
    settle(app)
    win.grab().save(str(OUT / "start.png"))
    win.open_project(folder)
    win.show_page(0)
    settle(app)
    win.grab().save(str(OUT / "people-and-consent.png"))
    win.show_page(1)
    settle(app)
    win.grab().save(str(OUT / "observation.png"))
    win.show_page(2)
    page = win.view.interviews
    page.select_recording(1)
    settle(app)
    page.player.play_from(21.0)
    settle(app, 1.5)
    page.player.pause()
    page.search_box.setText("call bell")
    page.run_search()
    settle(app)
    win.grab().save(str(OUT / "interviews-audio.png"))
    page.results.hide()
    page.search_box.clear()
    page.select_recording(3)
    settle(app)
    page.player.play_from(30.0)
    settle(app, 1.5)
    page.player.pause()
    settle(app)
    win.grab().save(str(OUT / "interviews-video.png"))
    win.show_page(3)
    board = win.view.touchpoints
    settle(app)
    win.grab().save(str(OUT / "touchpoints-table.png"))
    board.tabs.setCurrentWidget(board.cards)
    settle(app)
    win.grab().save(str(OUT / "touchpoints-cards.png"))
    win.show_page(4)
    settle(app, 1.0)
    win.grab().save(str(OUT / "emotional-map-page.png"))
    from ebcd_app.gui.svg_png import svg_to_png

    svg_to_png(win.view.map.svg, OUT / "emotional-map.png", width=1600)
    win.show_page(5)
    settle(app)
    win.grab().save(str(OUT / "suggestions.png"))
    win.show_page(6)
    page = win.view.film
    if not page.view.chapters:
        page.draft(confirm=False)
        win.runner.wait()
        settle(app, 1.0)
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(1))
    settle(app)
    win.grab().save(str(OUT / "film.png"))
    later_stages(win, app)
    win.close()
    print(f"wrote {len(list(OUT.glob('*.png')))} screenshots to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
