"""Replacing a transcript keeps everything tagged on it (issue 14, item 1).

Before, `ebcd import-transcript` or `ebcd transcribe --force` deleted the old words and the
touch points, clips, suggestions and redactions on them cascaded away (on the demo, touch
points on recording 1 went 5 -> 0) with exit status 0. These tests replace transcripts the
way a user does, through the `ebcd` command, and read the project back.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from cli_run import ebcd
from gui.demo_project import build_demo_project, demo_copy, script_srt

from ebcd_app.basics.resources import resources_dir
from ebcd_app.services import board, demo, editing, film, projects, transcription
from ebcd_app.services.touchpoints import TouchPointData, add_touchpoint, words_between


@pytest.fixture(scope="module")
def demo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_project(tmp_path_factory.mktemp("reanchor") / "demo")


@pytest.fixture
def project(demo_built: Path, tmp_path: Path) -> Path:
    return demo_copy(demo_built, tmp_path)


def _rows(folder: Path, rec_id: int) -> dict[int, board.BoardRow]:
    with projects.open_project(folder) as store:
        return {r.id: r for r in board.load_board(store) if r.recording_id == rec_id}


def _db(folder: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(folder / "project.db") as conn:
        return conn.execute(sql).fetchall()


def _clips_on(folder: Path, rec_id: int) -> int:
    return _db(folder, f"""SELECT count(*) FROM clips c
                          LEFT JOIN words w ON w.id = c.first_word_id
                          LEFT JOIN segments s ON s.id = w.segment_id
                          LEFT JOIN transcripts t ON t.id = s.transcript_id
                          WHERE t.recording_id = {rec_id}
                             OR c.anchor_recording_id = {rec_id}""")[0][0]


def _redacted_words(folder: Path, rec_id: int) -> list[str]:
    return [r[0] for r in _db(folder, f"""SELECT w.text FROM words w
                          JOIN segments s ON s.id = w.segment_id
                          JOIN transcripts t ON t.id = s.transcript_id
                          WHERE t.recording_id = {rec_id} AND w.redacted ORDER BY w.start""")]


def _demo_script(rec_id: int) -> str:
    manifest = demo.load_manifest()
    item = manifest["recordings"][rec_id - 1]
    return (resources_dir() / "demo" / item["script"]).read_text(encoding="utf-8")


def _busiest_recording(folder: Path) -> int:
    counts: dict[int, int] = {}
    for rec_id, in _db(folder, "SELECT recording_id FROM touch_points WHERE recording_id"):
        counts[rec_id] = counts.get(rec_id, 0) + 1
    return max(counts, key=counts.get)


def test_subtitles_imported_again_keep_touch_points_clips_and_redactions(project: Path,
                                                                        tmp_path: Path) -> None:
    rec_id = _busiest_recording(project)
    before = _rows(project, rec_id)
    clips_before = _clips_on(project, rec_id)
    redacted_before = _redacted_words(project, rec_id)
    assert len(before) >= 3 and clips_before >= 1
    duration = _db(project, f"SELECT duration FROM recordings WHERE id={rec_id}")[0][0]
    # The same words timed a little differently (as a second decoding would be), except
    # that the sentence under one touch point is gone from the new transcript.
    srt = script_srt(_demo_script(rec_id), duration)
    lost = min(before.values(), key=lambda r: r.start)
    cues = srt.strip().split("\n\n")
    keep = [c for c in cues if not _cue_overlaps(c, lost.start, lost.end)]
    assert 0 < len(keep) < len(cues)
    shifted = "\n\n".join(_shift(c, 0.04) for c in keep) + "\n"
    new = tmp_path / "again.srt"
    new.write_text(shifted, encoding="utf-8")

    done = ebcd("import-transcript", project, rec_id, new)

    assert done.returncode == 0, done.stderr
    after = _rows(project, rec_id)
    assert set(after) == set(before), "every touch point is still there"
    assert after[lost.id].needs_attention
    assert after[lost.id].text == lost.text, "it keeps its old words to be placed again"
    assert f"needs attention: touch point {lost.id}" in done.stdout
    for tp_id, row in before.items():
        if tp_id != lost.id and not _overlaps(row, lost):
            assert not after[tp_id].needs_attention
            assert after[tp_id].text == row.text, f"touch point {tp_id} moved off its words"
            assert after[tp_id].stage == row.stage and after[tp_id].sentiment == row.sentiment
    assert _clips_on(project, rec_id) == clips_before, "no film clip was dropped"
    # the machine's pending suggestions were for the old words: gone, and said so
    assert not _db(project, f"SELECT id FROM suggestions WHERE recording_id={rec_id} "
                   "AND state='pending'")
    assert "pending suggestion(s) made for the old words were removed" in done.stdout
    kept = [w for w in redacted_before if not _said_in(w, lost.text)]
    assert len(_redacted_words(project, rec_id)) >= len(kept)
    assert _db(project, "SELECT count(*) FROM transcript_versions")[0][0] == 1
    assert _db(project, "SELECT count(*) FROM audit_entries WHERE action='transcript.replace'"
               )[0][0] == 1
    # Placing it again says why not while there are no words at its time ...
    refused = ebcd("touchpoints", project, "place", lost.id)
    assert refused.returncode == 1 and "still no words" in refused.stderr
    # ... and once the words are back it is placed again by itself.
    full = tmp_path / "full.srt"
    full.write_text("\n\n".join(_shift(c, 0.04) for c in cues) + "\n", encoding="utf-8")
    again = ebcd("import-transcript", project, rec_id, full)
    assert again.returncode == 0 and f"placed again: touch point {lost.id}" in again.stdout
    assert not _rows(project, rec_id)[lost.id].needs_attention
    assert _rows(project, rec_id)[lost.id].text == lost.text
    # Undo that, to check the film with a clip waiting for words.
    assert ebcd("import-transcript", project, rec_id, new).returncode == 0
    # The film tells the editor about the clip that lost its words instead of crashing.
    with projects.open_project(project) as store:
        plan = film.build_plan(store)
        view = film.film_view(store)
    attention = [c for ch in view.chapters for c in ch.clips if c.needs_attention]
    assert all("needs attention" in line for line in plan.refused if "“" in line)
    assert len(attention) == sum("needs attention" in line for line in plan.refused)


def _said_in(word: str, text: str) -> bool:
    return word.strip(".,;:!?").lower() in text.lower() or "[name]" in text


def _overlaps(a: board.BoardRow, b: board.BoardRow) -> bool:
    return a.start < b.end and b.start < a.end


_TIMES = re.compile(r"(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)")


def _cue_times(cue: str) -> tuple[float, float]:
    m = _TIMES.search(cue)
    assert m is not None
    g = [int(x) for x in m.groups()]
    return (g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000,
            g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000)


def _cue_overlaps(cue: str, start: float, end: float) -> bool:
    a, b = _cue_times(cue)
    return a < end and start < b


def _shift(cue: str, by: float) -> str:
    def clock(t: float) -> str:
        ms = round(t * 1000)
        return (f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},"
                f"{ms % 1000:03d}")
    a, b = _cue_times(cue)
    return _TIMES.sub(f"{clock(a + by)} --> {clock(b + by)}", cue)


def test_a_corrected_transcript_is_replaced_only_when_asked(project: Path, tmp_path: Path
                                                           ) -> None:
    rec_id = _busiest_recording(project)
    with projects.open_project(project) as store:
        first = words_between(store, rec_id, 0.0, 60.0)[0]
        editing.set_word_text(store, first, "Corrected")
    duration = _db(project, f"SELECT duration FROM recordings WHERE id={rec_id}")[0][0]
    new = tmp_path / "again.srt"
    new.write_text(script_srt(_demo_script(rec_id), duration), encoding="utf-8")

    refused = ebcd("import-transcript", project, rec_id, new)

    assert refused.returncode == 1
    assert "corrected by a person" in refused.stderr and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _db(project, f"SELECT text FROM words WHERE id={first}") == [("Corrected",)]

    replaced = ebcd("import-transcript", project, rec_id, new, "--replace-corrected")

    assert replaced.returncode == 0, replaced.stderr
    assert not _db(project, "SELECT id FROM words WHERE text='Corrected'")
    version = _db(project, "SELECT segments, corrected_at FROM transcript_versions")
    assert len(version) == 1 and "Corrected" in version[0][0] and version[0][1]


def test_merging_the_last_word_of_a_touch_point_keeps_it(project: Path) -> None:
    rec_id = _busiest_recording(project)
    row = next(iter(_rows(project, rec_id).values()))
    with projects.open_project(project) as store:
        ids = list(words_between(store, rec_id, row.start, row.end))
        before = len(board.load_board(store))
        editing.merge_with_next(store, ids[-2])  # the touch point's last word merges away
        assert len(board.load_board(store)) == before
    assert _rows(project, rec_id)[row.id].end == pytest.approx(row.end)


@pytest.mark.slow
def test_transcribing_again_keeps_the_tagging(store, speech, patient, tmp_path: Path) -> None:
    """The issue's own repro: `ebcd transcribe P --recording N --force` with real Whisper."""
    from ebcd_app.services import media_import

    rec = media_import.import_recording(store, speech.wav, participant_ids=[patient])
    transcription.transcribe_recording(store, rec.recording_id, language="en")
    ids = words_between(store, rec.recording_id, speech.pause_end, speech.duration)
    tp = add_touchpoint(store, TouchPointData(first_word_id=ids[1], last_word_id=ids[5],
                                              note="call bell"))
    chapter = film.add_chapter(store, "Nights")[1]
    film.add_clip(store, chapter, ids[0], ids[-1])
    with store.session() as s:
        from ebcd_app.domain.models import Word
        s.get(Word, ids[2]).redacted = True
    rows = {r.id: r for r in board.load_board(store)}
    folder = store.folder
    store.close()

    done = ebcd("transcribe", folder, "--recording", rec.recording_id, "--force",
                "--language", "en")

    assert done.returncode == 0, done.stderr
    assert "1 on the same words" in done.stdout or "moved" in done.stdout
    with projects.open_project(folder) as again:
        after = {r.id: r for r in board.load_board(again)}
        view = film.film_view(again)
    assert after[tp.touchpoint_id].text == rows[tp.touchpoint_id].text
    assert "[name]" in after[tp.touchpoint_id].text
    assert [c.text for ch in view.chapters for c in ch.clips if not c.needs_attention]
