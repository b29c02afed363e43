"""Touch points, markers, the board, quotes and language suggestions, on real transcripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from transcribed import PATIENT_SRT, STAFF_SRT, recording_from_srt

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import JourneyType, Role, Scope, Sentiment
from ebcd_app.services import (
    board,
    editing,
    markers,
    projects,
    suggestions,
    touchpoints,
    vocabulary,
)
from ebcd_app.services.emotional_map import build_map
from ebcd_app.services.redaction import project_redactor
from ebcd_app.services.touchpoints import TouchPointData


@pytest.fixture
def project(store, media_files, tmp_path):
    patient = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                       pseudonym="Maggie", granted=set(Scope))
    staff = projects.add_participant(store, name="Sam Okafor", role=Role.STAFF,
                                     pseudonym="Sam", granted={Scope.RECORDED,
                                                               Scope.TRANSCRIBED})
    a = recording_from_srt(store, media_files["speech.wav"], PATIENT_SRT, patient, tmp_path)
    b = recording_from_srt(store, media_files["speech.mp3"], STAFF_SRT, staff, tmp_path)
    return store, a, b


def words(store, rec_id):
    return editing.load_transcript(store, rec_id).words


def span(store, rec_id, first: str, last: str) -> tuple[int, int]:
    ws = words(store, rec_id)
    a = next(i for i, w in enumerate(ws) if w.text.strip(".,") == first)
    b = next(i for i, w in enumerate(ws) if i >= a and w.text.strip(".,") == last)
    return ws[a].id, ws[b].id


def stage(store, name: str) -> int:
    return next(s.id for s in vocabulary.stages(store) if s.name == name)


def test_new_projects_get_the_shipped_vocabularies(store) -> None:
    patient = [s.name for s in vocabulary.stages(store, JourneyType.PATIENT)]
    staff = [s.name for s in vocabulary.stages(store, JourneyType.STAFF)]
    assert patient[:3] == ["Before admission", "Arriving", "Waiting"]
    assert "Handover" in staff and "Debrief" in staff
    feelings = vocabulary.emotions(store)
    assert "reassured" in feelings[Sentiment.POSITIVE]
    assert "ignored" in feelings[Sentiment.NEGATIVE]
    vocabulary.add_stage(store, JourneyType.PATIENT, "Transport home", position=10)
    assert [s.name for s in vocabulary.stages(store, JourneyType.PATIENT)][10] == \
        "Transport home"
    with pytest.raises(EbcdError, match="already has a stage"):
        vocabulary.add_stage(store, JourneyType.PATIENT, "arriving")


def test_tagging_a_span_and_undoing_edit_and_delete(project) -> None:
    store, a, _ = project
    first, last = span(store, a, "Nobody", "frightened")
    data = TouchPointData(first_word_id=last, last_word_id=first,  # selected backwards
                          stage_id=stage(store, "First night"), sentiment=Sentiment.NEGATIVE,
                          emotion="Frightened", themes=("Call bells", "Nights"))
    change = touchpoints.add_touchpoint(store, data)
    [row] = board.load_board(store)
    assert row.text == "Nobody answered the call bell and I was frightened."
    assert (row.stage, row.sentiment, row.emotion) == ("First night", Sentiment.NEGATIVE,
                                                        "frightened")
    assert row.themes == ("Call bells", "Nights") and row.recording_id == a
    assert row.start == pytest.approx(6.0) and row.end == pytest.approx(11.0)
    new = TouchPointData(first_word_id=first, last_word_id=last, sentiment=Sentiment.MIXED,
                         emotion="alone")
    _, before = touchpoints.update_touchpoint(store, change.touchpoint_id, new)
    assert board.load_board(store)[0].sentiment == Sentiment.MIXED
    touchpoints.update_touchpoint(store, change.touchpoint_id, before)  # undo
    assert board.load_board(store)[0].emotion == "frightened"
    _, snapshot = touchpoints.delete_touchpoint(store, change.touchpoint_id)
    assert board.load_board(store) == []
    touchpoints.restore_touchpoint(store, change.touchpoint_id, snapshot)  # undo delete
    assert board.load_board(store)[0].themes == ("Call bells", "Nights")


def test_overlapping_spans_and_spans_across_transcripts(project) -> None:
    store, a, b = project
    f1, l1 = span(store, a, "Nobody", "frightened")
    f2, l2 = span(store, a, "call", "bell")
    touchpoints.add_touchpoint(store, TouchPointData(first_word_id=f1, last_word_id=l1))
    touchpoints.add_touchpoint(store, TouchPointData(first_word_id=f2, last_word_id=l2))
    assert [s.first_word_id for s in touchpoints.recording_spans(store, a)] == [f1, f2]
    other, _ = span(store, b, "handover", "rushed")
    with pytest.raises(EbcdError, match="one transcript"):
        touchpoints.add_touchpoint(store, TouchPointData(first_word_id=f1,
                                                         last_word_id=other))


def test_touch_point_on_a_field_note(store) -> None:
    from ebcd_app.services import notes

    nid = notes.add_note(store, text="Call bells rang unanswered during handover.",
                         place="Bay B")
    touchpoints.add_touchpoint(store, TouchPointData(note_id=nid, note_start=0, note_end=29,
                                                     sentiment=Sentiment.NEGATIVE))
    [row] = board.load_board(store)
    assert row.text == "Call bells rang unanswered du"[:29] and row.recording_name.startswith(
        "Field note (Bay B)")
    with pytest.raises(EbcdError, match="not inside the field note"):
        touchpoints.add_touchpoint(store, TouchPointData(note_id=nid, note_start=5,
                                                         note_end=500))


def test_board_filters_counts_and_journeys(project) -> None:
    store, a, b = project
    for rec, (f, to), st, sent, emo in [
        (a, ("The", "arrived"), "Arriving", Sentiment.POSITIVE, "reassured"),
        (a, ("Nobody", "frightened"), "First night", Sentiment.NEGATIVE, "frightened"),
        (b, ("The", "staff"), "Handover", Sentiment.NEGATIVE, "ignored"),
    ]:
        first, last = span(store, rec, f, to)
        touchpoints.add_touchpoint(store, TouchPointData(first_word_id=first, last_word_id=last,
                                                         stage_id=stage(store, st),
                                                         sentiment=sent, emotion=emo))
    rows = board.load_board(store)
    neg = board.filter_rows(rows, board.BoardFilter(sentiments=frozenset({Sentiment.NEGATIVE})))
    assert [r.stage for r in neg] == ["First night", "Handover"]
    staff = board.filter_rows(rows, board.BoardFilter(roles=frozenset({Role.STAFF})))
    assert [r.journey for r in staff] == [JourneyType.STAFF]
    assert board.filter_rows(rows, board.BoardFilter(text="call bell"))[0].emotion == \
        "frightened"
    assert board.counts(rows) == {"Arriving": {"positive": 1}, "First night": {"negative": 1},
                                  "Handover": {"negative": 1}}
    data = build_map(store, rows)
    lanes = {lane.journey: lane for lane in data.lanes}
    arriving = next(c for c in lanes["patient"].stages if c.name == "Arriving")
    assert arriving.cells["positive"][0].word == "reassured"
    assert lanes["staff"].count() == 1 and data.subtitle == "3 touch points from 2 interviews"


def test_quotes_use_role_and_pseudonym_and_respect_consent(project) -> None:
    store, a, b = project
    for rec, (f, to) in ((a, ("The", "arrived")), (b, ("The", "staff"))):
        first, last = span(store, rec, f, to)
        touchpoints.add_touchpoint(store, TouchPointData(first_word_id=first,
                                                         last_word_id=last, is_quote=True))
    rows = board.load_board(store)
    assert [r.attribution for r in rows] == ["Patient ‘Maggie’", "Staff member ‘Sam’"]
    assert [r.quote_allowed for r in rows] == [True, False]  # Sam never agreed to be quoted
    text = board.export_quotes(rows, project_redactor(store))
    assert "Patient ‘Maggie’" in text and "handover" not in text
    exported = board.export_rows(rows, "csv", project_redactor(store)) + board.export_rows(
        rows, "json", project_redactor(store))
    assert "Margaret" not in exported and "Okafor" not in exported


def test_live_markers_become_touch_points_or_are_dismissed(project) -> None:
    store, a, _ = project
    markers.add_marker(store, recording_id=a, at_seconds=10.5, label="call bell")
    markers.add_marker(store, recording_id=None, at_seconds=None, label="during interview")
    open_ = markers.list_markers(store)
    assert [m.label for m in open_] == ["call bell", "during interview"]
    change = markers.convert_marker(store, open_[0].id, TouchPointData(
        sentiment=Sentiment.NEGATIVE))
    row = next(r for r in board.load_board(store) if r.id == change.touchpoint_id)
    assert "call bell" in row.text
    with pytest.raises(EbcdError, match="no recording playing"):
        markers.marker_words(store, open_[1].id)
    markers.dismiss_marker(store, open_[1].id)
    assert markers.list_markers(store) == []


def test_suggestions_are_offered_then_accepted_or_rejected(project) -> None:
    store, a, _ = project
    run = suggestions.run_suggestions(store)
    assert run.recordings == 2 and "en_core_web_sm" in run.pipeline
    items = suggestions.list_suggestions(store)
    sentiment = {x.value["text"]: x for x in items if x.kind.value == "sentiment"}
    assert sentiment["The nurse was lovely and really reassuring when I arrived."].value[
        "sentiment"] == "positive"
    assert sentiment["Nobody answered the call bell and I was frightened."].value[
        "sentiment"] == "negative"
    names = [x for x in items if x.kind.value == "redaction"]
    assert "Margaret" in {x.value["text"] for x in names}  # the project's own participant
    themes = {x.value["phrase"] for x in items if x.kind.value == "theme"}
    assert {"call bell", "discharge lounge"} <= themes
    assert board.load_board(store) == []  # nothing applied silently

    suggestions.accept(store, sentiment["Nobody answered the call bell and I was frightened."]
                       .id)
    margaret = next(x for x in names if x.value["text"] == "Margaret")
    suggestions.accept(store, margaret.id)
    suggestions.reject(store, sentiment["The nurse was lovely and really reassuring when I "
                                        "arrived."].id)
    [row] = board.load_board(store)
    assert row.sentiment == Sentiment.NEGATIVE and row.text.startswith("Nobody answered")
    first, last = span(store, a, "Margaret", "day")
    touchpoints.add_touchpoint(store, TouchPointData(first_word_id=first, last_word_id=last))
    assert any(r.text.startswith("[name] from the discharge") for r in board.load_board(store))
    again = suggestions.run_suggestions(store)  # rejected ones are not offered again
    texts = [x.value.get("text") for x in suggestions.list_suggestions(store)]
    assert "The nurse was lovely and really reassuring when I arrived." not in texts
    assert again.recordings == 2


def test_without_a_language_model_sentences_and_own_names_still_work() -> None:
    from ebcd_app.language.pipeline import load_pipeline

    pipe = load_pipeline(["Margaret Jones"], ["Ward 7"], prefer_full=False)
    assert not pipe.full and "no language model installed" in pipe.description
    doc = pipe.nlp("Margaret came at night. Ward 7 was quiet.")
    assert [s.text for s in doc.sents] == ["Margaret came at night.", "Ward 7 was quiet."]
    assert {(e.text, e.label_) for e in doc.ents} == {("Margaret", "PERSON"), ("Ward 7", "FAC")}


def test_touchpoints_cli(project, tmp_path) -> None:
    import subprocess
    import sys

    store, _, _ = project
    folder = str(store.folder)
    store.close()

    def ebcd(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "ebcd_app", *args], capture_output=True,
                              text=True, timeout=120)

    out = ebcd("touchpoints", folder, "add", "--recording", "speech.wav", "--start", "6",
               "--end", "11", "--stage", "First night", "--sentiment", "negative",
               "--emotion", "frightened", "--theme", "Call bells", "--quotes")
    assert out.returncode == 0 and "added touch point 1 (9 words)" in out.stdout, out.stderr
    listing = ebcd("touchpoints", folder, "list", "--sentiment", "negative").stdout
    assert "First night" in listing and "Patient ‘Maggie’" in listing
    assert "0 touch point(s)" in ebcd("touchpoints", folder, "list", "--role", "staff").stdout
    exported = json.loads(ebcd("touchpoints", folder, "export", "--format", "json").stdout)
    assert exported[0]["themes"] == ["Call bells"] and exported[0]["stage"] == "First night"
    bad = ebcd("touchpoints", folder, "add", "--recording", "1", "--start", "0", "--end", "3",
               "--stage", "Moon landing")
    assert bad.returncode == 1 and "no journey stage 'Moon landing'" in bad.stderr
    svg = tmp_path / "map.svg"
    assert ebcd("map", folder, "--out", str(svg)).returncode == 0
    shown = svg_text(svg)
    assert "First night" in shown and "frightened" in shown and "1 touch point" in shown
    # a map made for an audience follows consent: after Maggie withdraws, it is empty of her
    assert ebcd("consent", folder, "1", "--withdraw").returncode == 0
    made = ebcd("map", folder, "--out", str(svg))
    assert made.returncode == 0 and "for an audience of joint" in made.stdout
    assert "0 touch points" in svg_text(svg)
    for_patients = ebcd("map", folder, "--out", str(svg), "--audience", "patients")
    assert "0 touch points" in for_patients.stdout
    own = ebcd("map", folder, "--out", str(svg), "--audience", "facilitator")
    assert "1 touch point" in own.stdout and "facilitator's own view" in own.stdout


def svg_text(path: Path) -> str:
    """The SVG's words as a reader sees them: wrapped lines joined, hyphenated breaks undone."""
    import xml.etree.ElementTree as ET

    lines = [e.text.strip() for e in ET.parse(path).iter() if e.text and e.text.strip()]
    return "\n".join(lines).replace("-\n", "").replace("\n", " ")
