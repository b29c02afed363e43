"""Correcting a transcript: words keep their timings, every edit can be undone, search follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebcd_app.services import editing, media_import, search, transcripts
from ebcd_app.services.projects import open_project

SRT = ("1\n00:00:01,000 --> 00:00:03,000\nThe nurse was care full with me.\n\n"
       "2\n00:00:10,000 --> 00:00:12,000\nNobody answered the cal bell.\n")


@pytest.fixture
def rec(store, media_files, tmp_path: Path) -> int:
    result = media_import.import_recording(store, media_files["speech.wav"])
    srt = tmp_path / "t.srt"
    srt.write_text(SRT)
    transcripts.import_subtitles(store, result.recording_id, srt)
    return result.recording_id


def words(store, rec) -> list[tuple[str, float, float]]:
    return [(w.text, w.start, w.end) for w in editing.load_transcript(store, rec).words]


def find(store, rec, text: str) -> int:
    return next(w.id for w in editing.load_transcript(store, rec).words if w.text == text)


def test_fixing_a_word_keeps_its_times_and_is_saved_at_once(store, rec) -> None:
    before = words(store, rec)
    wid = find(store, rec, "cal")
    change, old = editing.set_word_text(store, wid, "call")
    assert old == "cal" and change.recording_id == rec and change.word_ids == (wid,)
    after = words(store, rec)
    i = [w[0] for w in before].index("cal")
    assert after[i] == ("call", before[i][1], before[i][2])
    folder = store.folder
    store.close()
    with open_project(folder) as again:  # a reopened project (or a crash) keeps the edit
        assert "call" in [w[0] for w in words(again, rec)]
        assert again and search.search(again, "call bell")


def test_merge_spans_both_words_and_undoes_exactly(store, rec) -> None:
    before = words(store, rec)
    wid = find(store, rec, "care")
    _, undo = editing.merge_with_next(store, wid)
    merged = words(store, rec)
    i = [w[0] for w in before].index("care")
    assert merged[i] == ("carefull", before[i][1], before[i + 1][2])
    assert len(merged) == len(before) - 1
    editing.set_word_text(store, wid, "careful")
    editing.set_word_text(store, wid, "carefull")
    editing.unmerge(store, undo)
    assert words(store, rec) == before


def test_split_divides_the_time_and_merge_undoes_it(store, rec) -> None:
    before = words(store, rec)
    wid = find(store, rec, "Nobody")
    _, first = editing.split_word(store, wid, ["No", "body"])
    after = [w for w in words(store, rec)]
    i = [w[0] for w in before].index("Nobody")
    start, end = before[i][1], before[i][2]
    assert after[i][0] == "No" and after[i + 1][0] == "body"
    assert after[i][1] == start and after[i + 1][2] == end
    assert start < after[i][2] == after[i + 1][1] < end
    assert after[i + 2:] == before[i + 1:]
    editing.merge_with_next(store, first)
    assert words(store, rec) == before


def test_edits_that_would_break_timings_are_refused(store, rec) -> None:
    wid = find(store, rec, "nurse")
    before = words(store, rec)
    with pytest.raises(editing.EditError, match="split the word"):
        editing.set_word_text(store, wid, "nurse was")
    with pytest.raises(editing.EditError, match="cannot be empty"):
        editing.set_word_text(store, wid, "   ")
    last = find(store, rec, "me.")
    with pytest.raises(editing.EditError, match="last word of its passage"):
        editing.merge_with_next(store, last)
    assert words(store, rec) == before


def test_relabelling_a_speaker_renames_every_passage(store, rec) -> None:
    view = editing.load_transcript(store, rec)
    [(speaker_id, label)] = view.speakers.items()
    assert label == "SPEAKER_00"
    _, old = editing.rename_speaker(store, speaker_id, "Interviewer")
    assert old == "SPEAKER_00"
    view = editing.load_transcript(store, rec)
    assert {seg.speaker for seg in view.segments} == {"Interviewer"}
    txt = transcripts.render_transcript(store, rec, "txt")
    assert "Interviewer: The nurse" in txt
    editing.set_segment_speaker(store, view.segments[1].id, "Patient")
    labels = [seg.speaker for seg in editing.load_transcript(store, rec).segments]
    assert labels == ["Interviewer", "Patient"]
