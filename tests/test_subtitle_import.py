"""`ebcd import-transcript` with the subtitle files people really have: overlapping,
unordered or backwards cues, HTML entities and tags, paragraph-long cues, absurd cues and
files far too big to be subtitles. Each is fixed and said, or refused in one line naming the
file and the cue."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from cli_run import ebcd, one_line_refusal


@pytest.fixture(scope="module")
def project(tmp_path_factory, speech) -> Path:
    folder = tmp_path_factory.mktemp("subs") / "ward7"
    assert ebcd("new", folder, "--name", "Ward 7").returncode == 0
    out = ebcd("import", folder, speech.wav)
    assert out.returncode == 0, out.stderr
    return folder


def _segments(project: Path) -> list[dict]:
    out = ebcd("transcript", project, "1", "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["segments"]



def test_overlapping_and_unordered_cues_are_put_in_order_and_said(project, tmp_path) -> None:
    srt = tmp_path / "overlap.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:05,000\nThe nurse came to see me.\n\n"
                   "3\n00:00:09,000 --> 00:00:12,000\nI felt frightened.\n\n"
                   "2\n00:00:04,000 --> 00:00:10,000\nNobody answered the call bell.\n")
    out = ebcd("import-transcript", project, "1", srt)
    assert out.returncode == 0, out.stderr
    assert "note: overlap.srt: cues were out of time order (first: cue 3)" in out.stdout
    assert ("note: overlap.srt: cue 1 overlaps cue 2 by 1.00 s; cue 1 now ends at "
            "00:00:04.000") in out.stdout
    assert "note: overlap.srt: cue 2 overlaps cue 3 by 1.00 s" in out.stdout
    segs = _segments(project)
    assert [s["text"] for s in segs] == ["The nurse came to see me.",
                                         "Nobody answered the call bell.", "I felt frightened."]
    assert [(s["start"], s["end"]) for s in segs] == [(1.0, 4.0), (4.0, 9.0), (9.0, 12.0)]
    words = [w for s in segs for w in s["words"]]
    assert all(a["end"] <= b["start"] + 1e-6 for a, b in itertools.pairwise(words))


def test_overlapping_webvtt_cues_are_fixed_too(project, tmp_path) -> None:
    vtt = tmp_path / "overlap.vtt"
    vtt.write_text("WEBVTT\n\nintro\n00:01.000 --> 00:05.500\n<v Jo>The nurse came.\n\n"
                   "00:05.000 --> 00:08.000\n<v Sam>Nobody answered.\n")
    out = ebcd("import-transcript", project, "1", vtt)
    assert out.returncode == 0, out.stderr
    assert "cue intro overlaps cue 2 by 0.50 s; cue intro now ends at 00:00:05.000" in out.stdout
    assert [(s["start"], s["end"], s["speaker"]) for s in _segments(project)] == [
        (1.0, 5.0, "Jo"), (5.0, 8.0, "Sam")]


def test_a_cue_that_ends_before_it_starts_is_refused_by_number(project, tmp_path) -> None:
    srt = tmp_path / "backwards.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:03,000\nThe nurse came.\n\n"
                   "2\n00:00:09,000 --> 00:00:06,000\nNobody answered the call bell.\n")
    line = one_line_refusal(ebcd("import-transcript", project, "1", srt))
    assert line == (f"ebcd: {srt}: cue 2 ends before it starts (00:00:09,000 --> "
                    "00:00:06,000); correct its times and import it again")


def test_entities_are_decoded_and_tags_dropped(project, tmp_path) -> None:
    srt = tmp_path / "entities.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:06,000\n{\\an8}<i>Tom &amp; Jerry</i> said "
                   "&lt;3 &#39;lovely&#39;&nbsp;staff&quot;\n<b>really</b> &#x2014; yes\n")
    assert ebcd("import-transcript", project, "1", srt).returncode == 0
    [seg] = _segments(project)
    assert seg["text"] == "Tom & Jerry said <3 'lovely' staff\" really \u2014 yes"
    txt = ebcd("transcript", project, "1", "--format", "txt").stdout
    assert "&amp;" not in txt and "<i>" not in txt and "Tom & Jerry" in txt


def test_a_paragraph_long_cue_is_split_into_timed_sentences(project, tmp_path) -> None:
    sentences = [f"This is sentence number {i} about waiting for the call bell at night."
                 for i in range(8)]
    srt = tmp_path / "paragraph.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:16,000\n" + " ".join(sentences) + "\n")
    out = ebcd("import-transcript", project, "1", srt)
    assert out.returncode == 0, out.stderr
    assert f"note: paragraph.srt: cue 1 is {len(' '.join(sentences))} characters long; " \
           "split into 4 sentence-sized segments" in out.stdout
    segs = _segments(project)
    assert [s["text"] for s in segs] == [" ".join(sentences[i:i + 2]) for i in (0, 2, 4, 6)]
    # timed in proportion to their length: four equal pieces of the 15 seconds
    assert [s["start"] for s in segs] == pytest.approx([1.0, 4.75, 8.5, 12.25], abs=0.02)
    assert segs[-1]["end"] == 16.0
    hit = ebcd("search", project, "number 6").stdout
    assert "at 0:00:12:" in hit or "at 0:00:13:" in hit, hit


def test_a_cue_with_more_words_than_anyone_can_say_is_refused(project, tmp_path) -> None:
    srt = tmp_path / "absurd.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:11,000\nThe call bell rang. " + "word " * 5000
                   + "\n")
    line = one_line_refusal(ebcd("import-transcript", project, "1", srt))
    assert line == (f"ebcd: {srt}: cue 1 has 5004 words in 10.0 s, more than anyone can say "
                    "(over 10 a second); check its times")


def test_a_file_far_too_big_for_subtitles_is_refused_before_reading(project, tmp_path) -> None:
    srt = tmp_path / "huge.srt"
    with open(srt, "w") as fh:
        fh.write("1\n00:00:01,000 --> 00:00:03,000\nThe nurse came.\n\n")
        fh.write("NOTE padding\n" * (17 * 1024 * 1024 // 13))
    line = one_line_refusal(ebcd("import-transcript", project, "1", srt))
    assert line.startswith(f"ebcd: {srt}: 18 MB is too big for a subtitle file (at most 16 MB")


def test_search_in_a_huge_segment_an_older_version_stored(project) -> None:
    """A project imported before cues were limited may hold one segment of many thousand
    words; search finds the right word, and its time, reading only the words near it."""
    import sqlite3

    words = ["ward"] * 60_000 + ["zebracrossing", "at", "night"] + ["ward"] * 10
    start, step = 1.0, 15.0 / len(words)
    db = sqlite3.connect(project / "project.db")
    db.execute("PRAGMA foreign_keys = ON")
    with db:
        db.execute("DELETE FROM transcripts WHERE recording_id = 1")
        tid = db.execute("INSERT INTO transcripts (recording_id, source, model, language, "
                         "created_at) VALUES (1, 'subtitles', 'old.srt', '', "
                         "CURRENT_TIMESTAMP)").lastrowid
        sid = db.execute("INSERT INTO segments (transcript_id, idx, start, end, text) "
                         "VALUES (?, 0, 1.0, 16.0, ?)", (tid, " ".join(words))).lastrowid
        db.executemany("INSERT INTO words (segment_id, idx, text, start, end, probability, "
                       "redacted) VALUES (?, ?, ?, ?, ?, 1.0, 0)",
                       ((sid, i, w, start + i * step, start + (i + 1) * step)
                        for i, w in enumerate(words)))
    db.close()
    out = ebcd("search", project, "zebracrossing")
    assert out.returncode == 0, out.stderr
    line, note = out.stdout.splitlines()
    assert "1 match, shown unredacted" in note  # a facilitator's view says so
    assert line.startswith("interview.wav (recording 1) at 0:00:16: ")  # 15.998 s
    assert "[zebracrossing] at night" in line and len(line) < 200
