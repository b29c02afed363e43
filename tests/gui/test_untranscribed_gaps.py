"""Untranscribed speech is shown where it is, in the transcript and on the waveform, so a
facilitator never discovers a gap by listening (issue 16)."""

from __future__ import annotations

from pathlib import Path

from test_transcript_marks import open_transcript, project  # noqa: F401 - fixture

from ebcd_app.domain.models import Recording
from ebcd_app.services import projects


def test_a_gap_is_shown_in_its_place_in_the_transcript_and_on_the_waveform(
        window, qtbot, project, tmp_path: Path) -> None:  # noqa: F811
    folder, rec_id = project
    store = projects.open_project(folder)
    with store.session() as s:
        s.get_one(Recording, rec_id).transcript.untranscribed = [[5.1, 5.9], [16.6, 27.4]]
    store.close()
    page, view = open_transcript(window, qtbot, folder, rec_id)
    text = view.toPlainText()
    first = text.index("untranscribed speech 0:05-0:06")
    assert text.index("reassuring") < first < text.index("Nobody")
    assert text.rstrip().splitlines()[-1].startswith("⚠ untranscribed speech 0:17-0:27")
    wave = page.player.waveform
    assert "untranscribed speech 0:17-0:27" in wave.toolTip()
    # the words around a gap are still words: clicking them still finds them
    assert view.words()[0].text == "The"
    if shot := __import__("os").environ.get("EBCD_SCREENSHOT"):
        window.resize(1366, 768)
        view.highlight_time(16.0)
        qtbot.wait(300)
        window.grab().save(shot)
