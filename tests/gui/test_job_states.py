"""A job's state is the domain's JobState, also after crossing from the worker thread, and
the jobs panel and the status bar say the same words as before."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from ebcd_app.basics.errors import MediaError
from ebcd_app.domain.models import JobState

WAIT = 10_000


def test_done_failed_and_cancelled_jobs_end_in_their_state(window, qtbot, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda message, details: shown.append(message))
    panel = window.jobs_panel

    done = window.jobs.submit("Count the words", lambda progress, token: 42)
    qtbot.waitUntil(lambda: done.state == JobState.DONE, timeout=WAIT)
    assert done.state is JobState.DONE and done.fraction == 1.0
    assert panel.rows[done.id].status.text() == "done"
    assert window.statusBar().currentMessage() == "Count the words: done"

    def broken(progress, token):
        raise MediaError("broken.ogg: the recording could not be read")

    failed = window.jobs.submit("Import broken.ogg", broken)
    qtbot.waitUntil(lambda: failed.state == JobState.FAILED, timeout=WAIT)
    assert failed.state is JobState.FAILED
    assert panel.rows[failed.id].status.text() == \
        "failed: broken.ogg: the recording could not be read"
    assert window.statusBar().currentMessage().startswith("Import broken.ogg failed: ")
    assert shown == ["Could not import broken.ogg: broken.ogg: the recording could not be read."]
    assert panel.summary_text() == \
        "Jobs: none running — last: Import broken.ogg, failed: broken.ogg: the recording " \
        "could not be read"

    def slow(progress, token):
        while not token.cancelled:
            time.sleep(0.02)
        token.raise_if_cancelled()

    job = window.jobs.submit("A long job", slow)
    qtbot.waitUntil(lambda: job.state == JobState.RUNNING, timeout=WAIT)
    assert job.state is JobState.RUNNING and job in window.jobs.active()
    row = panel.rows[job.id]
    assert row.cancel.isVisibleTo(panel)
    qtbot.mouseClick(row.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: job.state == JobState.CANCELLED, timeout=WAIT)
    assert job.state is JobState.CANCELLED and not window.jobs.active()
    assert row.status.text().startswith("cancelled")
    assert not row.cancel.isVisibleTo(panel)
    assert panel.summary_text().endswith(" (1 failed)")
