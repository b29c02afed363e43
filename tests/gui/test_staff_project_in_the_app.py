"""A staff-experience project in the app (issue 18), by clicking: New Project with "Staff
experience" chosen; the navigator then has the leadership events; the consent panel offers
the staff scopes; a 15% solution and a feedback form are entered on an event page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from user_robot import file_action, when_shown

from ebcd_app.domain.models import EventKind, ProjectKind
from ebcd_app.gui.passphrase_dialogs import NewProjectDialog
from ebcd_app.services import pledging, projects


def test_a_staff_project_made_and_used_by_clicking(window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "nights"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))

    def fill(dialog: NewProjectDialog) -> None:
        qtbot.keyClicks(dialog.name, "Night staff wellbeing")
        dialog.kind.setCurrentIndex(dialog.kind.findData(ProjectKind.STAFF_EXPERIENCE))
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_shown(NewProjectDialog, fill)
    file_action(window, "New Project…").trigger()
    qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
    assert projects.project_info(window.store).staff_experience
    view = window.view
    labels = [view.nav.item(i).text() for i in range(view.nav.count())]
    assert "5  Leadership event" in labels and "5  Patient event" not in labels
    assert set(view.events) == {EventKind.STAFF_FEEDBACK, EventKind.LEADERSHIP_LISTENING,
                                EventKind.JOINT_LEADERSHIP, EventKind.CELEBRATION}
    boxes = [cb.text() for cb in view.people.consent.boxes.values()]
    assert "Shown to senior leadership" in boxes and "Heard with the voice disguised" in boxes
    assert "Shown to patients" not in boxes

    page = view.events[EventKind.LEADERSHIP_LISTENING]
    window.show_page(labels.index("5  Leadership event"))
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Commitments and feedback" in tabs
    page.tabs.setCurrentIndex(tabs.index("Commitments and feedback"))
    panel = page.pledges
    qtbot.keyClicks(panel.who, "Director of nursing")
    qtbot.keyClicks(panel.what, "Visit the ward on a night shift each month")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=20_000)
    assert "commitment: Director of nursing: Visit the ward" in panel.list.item(0).text()
    panel.session.setValue(4)
    panel.useful.setValue(5)
    qtbot.keyClicks(panel.comment, "Hard to watch, and it should be")
    qtbot.mouseClick(panel.add_form_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 form(s)" in panel.summary.text(), timeout=20_000)
    assert "median 4" in panel.summary.text()
    made = pledging.pledges(window.store)
    assert [(p.who, p.kind) for p in made] == [("Director of nursing", "commitment")]
