"""Closing a gap Whisper left: typed words land in time order and the gap leaves the list."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebcd_app.domain.models import Transcript
from ebcd_app.services import editing, gaps, media_import, transcripts, undo


@pytest.fixture
def rec(store, media_files, tmp_path: Path) -> int:
    result = media_import.import_recording(store, media_files["speech.wav"])
    srt = tmp_path / "t.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nhello there\n\n"
                   "2\n00:00:03,000 --> 00:00:04,000\nlast words\n", encoding="utf-8")
    transcripts.import_subtitles(store, result.recording_id, srt)
    with store.session() as s:
        t = s.query(Transcript).filter_by(recording_id=result.recording_id).one()
        t.untranscribed = [[1.2, 2.8]]
    return result.recording_id


def test_typing_a_gap_inserts_a_passage_in_time_order_and_undo_brings_it_back(store, rec):
    assert gaps.list_gaps(store, rec) == [(1.2, 2.8)]
    with undo.record(store) as action:
        gaps.type_gap(store, rec, 1.2, 2.8, "what was said")
    view = editing.load_transcript(store, rec)
    assert [" ".join(w.text for w in seg.words) for seg in view.segments] == [
        "hello there", "what was said", "last words"]
    assert view.gaps == () and gaps.list_gaps(store, rec) == []
    undo.replay(store, action.step, what="undo type the gap")
    assert gaps.list_gaps(store, rec) == [(1.2, 2.8)]
    assert len(editing.load_transcript(store, rec).segments) == 2


def test_an_empty_gap_text_is_refused(store, rec):
    with pytest.raises(editing.EditError):
        gaps.type_gap(store, rec, 1.2, 2.8, "  ")
