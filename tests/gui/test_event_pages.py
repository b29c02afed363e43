"""The event pages (stages 4, 5, 6, 8) and the co-design groups page through real widgets."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from ebcd_app.domain.models import ActionStatus, EventKind, JourneyType, Role, Scope
from ebcd_app.gui.agenda_editor import A_ITEM, A_TIME
from ebcd_app.gui.main_window import PAGES
from ebcd_app.gui.pages.events import P_AGREED, P_DOTS
from ebcd_app.services import events, groups, projects, vocabulary

WAIT = 10_000


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, int]:
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Ward 7 events test")
    pid = projects.add_participant(store, name="Raymond Jones", role=Role.PATIENT,
                                   pseudonym="Ray", granted=set(Scope))
    store.close()
    return folder, pid


def _messages(window) -> list[str]:
    """Catch the runner's failure messages instead of a modal box the test cannot close."""
    messages: list[str] = []
    window.runner.operation_failed.disconnect()
    window.runner.operation_failed.connect(lambda text, _details: messages.append(text))
    return messages


def test_pages_are_in_the_navigator_and_view_menu(window, project) -> None:
    assert window.open_project(project[0])
    view = window.view
    for name, page in (("Staff event", view.events[EventKind.STAFF_FEEDBACK]),
                       ("Patient event", view.events[EventKind.PATIENT_FEEDBACK]),
                       ("Joint event", view.events[EventKind.JOINT]),
                       ("Co-design groups", view.groups),
                       ("Celebration", view.events[EventKind.CELEBRATION])):
        window.show_page(PAGES.index(name))
        assert view.pages.currentWidget() is page
    assert PAGES.index("Interviews") == 2 and PAGES.index("Film") == 6
    texts = [view.nav.item(i).text() for i in range(view.nav.count())]
    assert texts[7:] == ["4  Staff event", "5  Patient event", "6  Joint event",
                         "7  Co-design groups", "8  Celebration"]
    shortcuts = {a.text().replace("&", "").strip(): a.shortcut().toString()
                 for a in window.menuBar().actions()[2].menu().actions()}
    assert shortcuts["4  Staff event"] == "Ctrl+4" and shortcuts["5  Patient event"] == "Ctrl+5"
    assert shortcuts["7  Co-design groups"] == "Ctrl+7"


def test_event_details_are_saved_from_the_widgets(window, qtbot, project) -> None:
    assert window.open_project(project[0])
    window.show_page(PAGES.index("Patient event"))
    page = window.view.events[EventKind.PATIENT_FEEDBACK]
    run = window.runner.operation_executed

    page.held_on.edit.setDate(QDate(2026, 3, 12))
    with qtbot.waitSignal(run, timeout=WAIT):
        page.held_on.edit.editingFinished.emit()
    page.starts_at.setText("09:30")
    with qtbot.waitSignal(run, timeout=WAIT):
        page.starts_at.editingFinished.emit()
    for edit, text in ((page.place, "Education centre, room 2"),
                       (page.facilitators, "Fiona Reid,  Tom Achebe , "),
                       (page.title, "Patient and family event")):
        edit.setText(text)
        with qtbot.waitSignal(run, timeout=WAIT):
            edit.editingFinished.emit()
    page.attendance[Role.PATIENT].setValue(8)
    page.attendance[Role.FAMILY_CARER].setValue(3)
    with qtbot.waitSignal(run, timeout=WAIT):
        page.attendance[Role.FAMILY_CARER].editingFinished.emit()
    page.notes.setPlainText("Good turnout; two carers asked for large print.")
    with qtbot.waitSignal(run, timeout=WAIT):
        page.notes.editingFinished.emit()

    view = events.event_for(window.store, EventKind.PATIENT_FEEDBACK)
    assert view.held_on == date(2026, 3, 12)
    assert view.starts_at == "09:30"
    assert view.place == "Education centre, room 2"
    assert view.facilitators == ("Fiona Reid", "Tom Achebe")
    assert view.title == "Patient and family event"
    assert view.attendance == {Role.PATIENT: 8, Role.FAMILY_CARER: 3}
    assert view.notes.startswith("Good turnout")
    assert page.total.text() == "11 people came"
    # the agenda's clock times run on from the start time
    first = events.agenda_template(window.store, EventKind.PATIENT_FEEDBACK)[0]
    assert page.agenda.table.item(0, A_TIME).text() == "09:30"
    assert page.agenda.table.item(1, A_TIME).text() == f"09:{30 + first.minutes}"
    # a start time that is not a time is refused, and the stored one shown again
    messages = _messages(window)
    page.starts_at.setText("25:99")
    page.starts_at.editingFinished.emit()
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT)
    assert "is not a time like 09:30" in messages[0]
    assert page.starts_at.text() == "09:30"
    # leaving a field unchanged writes nothing; clearing the date does
    page.place.editingFinished.emit()
    assert not window.runner.busy
    with qtbot.waitSignal(run, timeout=WAIT):
        page.held_on.clear()
    assert events.event_for(window.store, EventKind.PATIENT_FEEDBACK).held_on is None
    assert page.held_on.edit.text() == "not set"


def test_agenda_edits_are_saved_as_the_project_template(window, qtbot, project) -> None:
    assert window.open_project(project[0])
    page = window.view.events[EventKind.STAFF_FEEDBACK]
    window.show_page(PAGES.index("Staff event"))
    before = events.agenda_template(window.store, EventKind.STAFF_FEEDBACK)
    page.agenda.table.selectRow(0)
    page.agenda.add_item()
    page.agenda.table.item(1, A_ITEM).setText("Tea with the matron")
    assert page.agenda.dirty and "Not saved" in page.agenda.state.text()
    page.agenda.move_item(1)
    with qtbot.waitSignal(window.runner.operation_executed, timeout=WAIT):
        page.save_agenda()
    saved = events.agenda_template(window.store, EventKind.STAFF_FEEDBACK)
    assert [it.item for it in saved] == [before[0].item, before[1].item,
                                         "Tea with the matron", *[it.item for it in before[2:]]]
    assert not page.agenda.dirty and page.agenda.state.text() == ""


def test_dots_and_agreed_priorities_with_a_sixth_refused(window, qtbot, project) -> None:
    assert window.open_project(project[0])
    window.show_page(PAGES.index("Joint event"))
    page = window.view.events[EventKind.JOINT]
    run = window.runner.operation_executed
    titles = ["Call bells at night", "Being kept informed", "Carers as partners",
              "Protected breaks", "Medicines at discharge", "Quieter nights"]
    for title in titles:
        page.new_priority.setText(title)
        with qtbot.waitSignal(run, timeout=WAIT):
            page.add_priority()
    qtbot.waitUntil(lambda: page.priorities.rowCount() == 6, timeout=WAIT)
    for row, dots in enumerate((21, 19, 15, 9, 7, 4)):
        with qtbot.waitSignal(run, timeout=WAIT):
            page.priorities.item(row, P_DOTS).setText(str(dots))
    with qtbot.waitSignal(run, timeout=WAIT):
        page.priorities.item(5, P_DOTS).setText("")  # blank again: not counted
    with qtbot.waitSignal(run, timeout=WAIT):
        page.priorities.item(0, P_AGREED).setCheckState(Qt.CheckState.Checked)
    assert "Only 1 priority agreed" in page.warning.text()
    for row in range(1, 5):
        with qtbot.waitSignal(run, timeout=WAIT):
            page.priorities.item(row, P_AGREED).setCheckState(Qt.CheckState.Checked)
    assert page.warning.text() == ""
    assert "5 agreed" in page.summary.text()

    messages = _messages(window)
    page.priorities.item(5, P_AGREED).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT)
    assert "5 priorities are already agreed" in messages[0]
    assert "un-agree one before agreeing 'Quieter nights'" in messages[0]
    # the box shows what is stored, not what was refused
    assert page.priorities.item(5, P_AGREED).checkState() == Qt.CheckState.Unchecked
    view = events.event_for(window.store, EventKind.JOINT)
    assert [p.votes for p in view.priorities] == [21, 19, 15, 9, 7, None]
    assert [p.title for p in view.agreed] == titles[:5]
    # typed nonsense in the dots is not saved
    page.priorities.item(1, P_DOTS).setText("lots")
    assert page.priorities.item(1, P_DOTS).text() == "19"


def test_staff_choose_the_stages_shared_with_patients(window, qtbot, project) -> None:
    assert window.open_project(project[0])
    window.show_page(PAGES.index("Staff event"))
    page = window.view.events[EventKind.STAFF_FEEDBACK]
    assert window.view.events[EventKind.PATIENT_FEEDBACK].shared is None  # staff page only
    stages = vocabulary.stages(window.store, JourneyType.STAFF)
    assert page.shared.count() == len(stages) and not events.shared_stage_ids(window.store)
    run = window.runner.operation_executed
    for row in (1, 3):
        with qtbot.waitSignal(run, timeout=WAIT):
            page.shared.item(row).setCheckState(Qt.CheckState.Checked)
    assert events.shared_stage_ids(window.store) == {stages[1].id, stages[3].id}
    with qtbot.waitSignal(run, timeout=WAIT):
        page.shared.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert events.shared_stage_ids(window.store) == {stages[3].id}
    assert page.shared_count.text().startswith("1 of")
    assert page.shared.item(3).checkState() == Qt.CheckState.Checked


def test_joint_event_starts_the_groups_shown_on_the_groups_page(window, qtbot, project
                                                                ) -> None:
    folder, _pid = project
    store = projects.open_project(folder)
    for title in ("Call bells at night", "Being kept informed", "Carers as partners",
                  "Protected breaks"):
        p = events.add_priority(store, EventKind.JOINT, title)
        events.update_priority(store, p, agreed=title != "Protected breaks")
    store.close()
    assert window.open_project(folder)
    window.show_page(PAGES.index("Joint event"))
    page, groups_page = window.view.events[EventKind.JOINT], window.view.groups
    assert groups_page.list.count() == 0
    with qtbot.waitSignal(window.runner.operation_executed, timeout=WAIT):
        page.start_groups_button.click()
    assert window.statusBar().currentMessage().startswith("Started 3 co-design groups")
    window.show_page(PAGES.index("Co-design groups"))
    names = [groups_page.list.item(i).text().split("\n")[0]
             for i in range(groups_page.list.count())]
    assert names == ["Call bells at night", "Being kept informed", "Carers as partners"]
    assert groups_page.overview.priority.text() == "Call bells at night"
    window.show_page(PAGES.index("Joint event"))
    with qtbot.waitSignal(window.runner.operation_executed, timeout=WAIT):
        page.start_groups_button.click()
    assert "already has a co-design group" in window.statusBar().currentMessage()


def test_group_members_meetings_actions_and_a_run_chart(window, qtbot, project) -> None:
    folder, pid = project
    assert window.open_project(folder)
    window.show_page(PAGES.index("Co-design groups"))
    page = window.view.groups
    run = window.runner.operation_executed
    with qtbot.waitSignal(run, timeout=WAIT):
        page.add_group(name="Call bells at night")
    assert page.group is not None and page.name.text() == "Call bells at night"
    gid = page.group.id

    # members: an interviewee is shown as the pack prints them, by pseudonym
    ov = page.overview
    ov.person.setCurrentIndex(ov.person.findData(pid))
    assert "Raymond Jones" in ov.person.currentText()  # the facilitator may see the name
    assert not ov.member_name.isEnabled()
    with qtbot.waitSignal(run, timeout=WAIT):
        ov.add_member()
    ov.member_name.setText("Lee Carter")
    ov.member_role.setCurrentIndex(ov.member_role.findData(Role.STAFF))
    with qtbot.waitSignal(run, timeout=WAIT):
        ov.add_member()
    shown = [ov.members.data(ov.members.index(r, 0)) for r in range(ov.members.rowCount())]
    assert shown == ["Ray (patient)", "Lee Carter (staff member)"]

    # a meeting, recorded through its form
    page.tabs.setCurrentWidget(page.meetings)
    with qtbot.waitSignal(run, timeout=WAIT):
        page.meetings.add_meeting(held_on=date(2026, 2, 3))
    assert page.meetings.selected() is not None
    page.meetings.attendees.setValue(6)
    with qtbot.waitSignal(run, timeout=WAIT):
        page.meetings.attendees.editingFinished.emit()
    page.meetings.notes.setPlainText("Agreed the measure: minutes to answer, nights.")
    with qtbot.waitSignal(run, timeout=WAIT):
        page.meetings.notes.editingFinished.emit()
    meeting = groups.group(window.store, gid).meetings[0]
    assert (meeting.held_on, meeting.attendees) == (date(2026, 2, 3), 6)
    assert meeting.notes.startswith("Agreed the measure")

    # an overdue action says so in words; done, it no longer does
    actions = page.actions
    page.tabs.setCurrentWidget(actions)
    actions.new_what.setText("Make the 'who is answering' board")
    with qtbot.waitSignal(run, timeout=WAIT):
        actions.add_action()
    actions.who.setText("Lee Carter")
    with qtbot.waitSignal(run, timeout=WAIT):
        actions.who.editingFinished.emit()
    actions.due.edit.setDate(QDate(2020, 1, 6))
    with qtbot.waitSignal(run, timeout=WAIT):
        actions.due.edit.editingFinished.emit()
    status = actions.model.data(actions.model.index(0, 3))
    assert status == "⚠ Overdue (open)"
    assert "Overdue: due 6 Jan 2020" in actions.overdue.text()
    index = actions.status.findData(ActionStatus.DONE)
    actions.status.setCurrentIndex(index)
    with qtbot.waitSignal(run, timeout=WAIT):
        actions.status.activated.emit(index)
    assert actions.model.data(actions.model.index(0, 3)) == "Done"
    action = groups.group(window.store, gid).actions[0]
    assert (action.who, action.due_on, action.status) == ("Lee Carter", date(2020, 1, 6),
                                                          ActionStatus.DONE)

    # a measure where lower is better, its values typed and pasted, and the chart's signals
    measures = page.measures
    page.tabs.setCurrentWidget(measures)
    measures.new_name.setText("Minutes to answer a call bell")
    with qtbot.waitSignal(run, timeout=WAIT):
        measures.add_measure()
    assert measures.measure is not None
    with qtbot.waitSignal(run, timeout=WAIT):
        measures.higher.click()
    start = date(2026, 1, 5)
    measures.value_day.edit.setDate(QDate(2026, 1, 5))
    measures.value.setText("10")
    with qtbot.waitSignal(run, timeout=WAIT):
        measures.add_value()
    values = [11, 9, 10, 12, 10, 11, 9, 6, 5, 6, 4, 5, 6]
    pasted = "\n".join(f"{start + timedelta(weeks=i)}, {v}" for i, v in enumerate(values, 1))
    with qtbot.waitSignal(run, timeout=WAIT):
        measures.paste_values("Week, Minutes\n" + pasted)
    measures.change_on.edit.setDate(QDate(2026, 3, 2))
    with qtbot.waitSignal(run, timeout=WAIT):
        measures.change_on.edit.editingFinished.emit()
    assert measures.values.rowCount() == 14
    text = measures.chart.signals_text()
    assert "Shift: 7 points below the median (23 Feb 2026 - 6 Apr 2026)" in text
    assert "in the better direction" in text
    assert "Median 10 (from the 8 points before the change); change made 2 Mar 2026" in text
    qtbot.waitUntil(lambda: "<svg" in measures.chart.svg, timeout=WAIT)
    assert not measures.chart.image.pixmap().isNull()
    # a pasted line that is not a date and a number is refused with the line
    messages = _messages(window)
    measures.paste_values("2026-05-01, 4\nnext week, 3")
    assert messages and "line 2" in messages[0]


def test_event_and_group_packs_are_made_as_jobs(window, qtbot, project, tmp_path) -> None:
    pytest.importorskip("ebcd_app.services.pack_making")
    folder, _pid = project
    store = projects.open_project(folder)
    p = events.add_priority(store, EventKind.JOINT, "Call bells at night")
    events.update_priority(store, p, votes=12, agreed=True)
    gid = groups.add_group(store, "Call bells at night")
    mid = groups.add_measure(store, gid, "Minutes to answer", higher_is_better=False)
    groups.add_values(store, mid, [(date(2026, 1, 5) + timedelta(weeks=i), v)
                                   for i, v in enumerate([9, 10, 8, 9, 6, 5, 4, 5])])
    store.close()
    assert window.open_project(folder)
    window.show_page(PAGES.index("Joint event"))
    page = window.view.events[EventKind.JOINT]
    page.agenda.table.item(0, A_ITEM).setText("Arrival and sign-in")  # not saved yet
    out = tmp_path / "packs" / "joint.pdf"
    out.parent.mkdir()
    with qtbot.waitSignal(page.pack.made, timeout=120_000):
        page.make_pack(out)
    assert out.read_bytes()[:5] == b"%PDF-"
    assert events.agenda_template(window.store, EventKind.JOINT)[0].item == \
        "Arrival and sign-in"  # saved first, so the pack printed it
    assert str(out) in page.pack.result.text() and page.pack.open_button.isVisible()
    qtbot.waitUntil(lambda: str(out) in window.statusBar().currentMessage(), timeout=WAIT)

    window.show_page(PAGES.index("Co-design groups"))
    groups_page = window.view.groups
    out = tmp_path / "packs" / "group.pdf"
    with qtbot.waitSignal(groups_page.pack.made, timeout=120_000):
        groups_page.make_pack(out)
    assert out.read_bytes()[:5] == b"%PDF-"
    assert [j.state for j in window.jobs.jobs.values()] == ["done", "done"]


def test_propose_priorities_from_what_the_audience_may_see(window, qtbot, project) -> None:
    from ebcd_app.domain.models import Sentiment
    from ebcd_app.services import notes, touchpoints
    from ebcd_app.services.touchpoints import TouchPointData

    folder, _pid = project
    store = projects.open_project(folder)
    stage = vocabulary.stages(store, JourneyType.PATIENT)[0].id
    for sentiment, theme in ((Sentiment.NEGATIVE, "waiting for news"),
                             (Sentiment.NEGATIVE, "waiting for news"),
                             (Sentiment.MIXED, "call bells"),
                             (Sentiment.POSITIVE, "kindness")):
        note = notes.add_note(store, text=f"Observed: {theme} on the ward.")
        touchpoints.add_touchpoint(store, TouchPointData(note_id=note, stage_id=stage,
                                                         sentiment=sentiment,
                                                         themes=(theme,)))
    store.close()
    assert window.open_project(folder)
    window.show_page(PAGES.index("Patient event"))
    page = window.view.events[EventKind.PATIENT_FEEDBACK]
    with qtbot.waitSignal(window.runner.operation_executed, timeout=WAIT):
        page.propose(confirm=False)
    view = events.event_for(window.store, EventKind.PATIENT_FEEDBACK)
    assert [p.title for p in view.priorities] == ["Waiting for news", "Call bells"]
    assert view.priorities[0].detail.startswith("2 negative, 0 mixed touch points")
    page.propose(confirm=False)  # nothing new the second time
    assert window.statusBar().currentMessage() == "Every candidate is already in the list"
    # staff see only the staff journey: these patient touch points are not theirs to vote on
    window.show_page(PAGES.index("Staff event"))
    window.view.events[EventKind.STAFF_FEEDBACK].propose(confirm=False)
    assert window.statusBar().currentMessage().startswith("No new candidates")
    assert not events.event_for(window.store, EventKind.STAFF_FEEDBACK).priorities


def test_meetings_actions_and_cycles_are_added_chosen_and_deleted(window, qtbot,
                                                                  project) -> None:
    folder, _pid = project
    assert window.open_project(folder)
    window.show_page(PAGES.index("Co-design groups"))
    page = window.view.groups
    run = window.runner.operation_executed
    with qtbot.waitSignal(run, timeout=WAIT):
        page.add_group(name="Carers as partners")
    gid = page.group.id
    steps = ((page.meetings, lambda: page.meetings.add_meeting(held_on=date(2026, 3, 1)),
              "meetings"),
             (page.actions, lambda: page.actions.add_action(what="Draft a carer's passport"),
              "actions"),
             (page.cycles, lambda: page.cycles.add_cycle(title="Passport on bay A"), "cycles"))
    for tab, add, field in steps:
        page.tabs.setCurrentWidget(tab)
        with qtbot.waitSignal(run, timeout=WAIT):
            add()
        made = getattr(groups.group(window.store, gid), field)
        assert len(made) == 1 and tab.selected().id == made[0].id  # the new row is chosen
        with qtbot.waitSignal(run, timeout=WAIT):
            tab.delete()
        assert getattr(groups.group(window.store, gid), field) == ()
        assert tab.selected() is None and not tab.form.isEnabled()
    # an empty title adds nothing and puts the cursor back in the field
    page.tabs.setCurrentWidget(page.cycles)
    page.cycles.new_title.setText("   ")
    page.cycles.add_cycle()
    assert groups.group(window.store, gid).cycles == ()
