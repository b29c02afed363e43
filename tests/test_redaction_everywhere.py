"""One redaction decision in every output (issue 17): a flagged phrase ("Sister Okafor",
"Ward 7") and a participant's real name never reach a transcript export, the quote list,
the touch point CSV/JSON, the film's subtitles and editorial exports, or a pack, and the
project's own title is redacted where it names the place; while "Ward 8" and "the ward
rounds", which were never flagged, are left as they are. Each output is made as a user
makes it (`ebcd ...`) and read back with a reader we did not write."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import opentimelineio as otio
import pytest
import srt
import webvtt
from cli_run import ebcd

from ebcd_app.domain.enums import SuggestionKind
from ebcd_app.domain.models import Recording, Role, Scope, TranscriptSource
from ebcd_app.services import (
    film,
    media_import,
    projects,
    suggestions,
    touchpoints,
    transcripts,
)
from ebcd_app.services.editing import load_transcript
from ebcd_app.speech.engine import SegmentResult, WordResult

SAID = ["On Ward 7 Sister Okafor sat with me all night.",
        "Margaret, she said, you will be fine by the morning.",
        "Ward 8 was quieter and the ward rounds were at nine."]
SECRET = ("Okafor", "Ward 7", "Margaret", "Jones")
KEPT = ("Ward 8", "ward rounds")


def _segment(start: float, text: str) -> SegmentResult:
    words = [WordResult(w, start + i * 0.4, start + i * 0.4 + 0.3, 0.95)
             for i, w in enumerate(text.split())]
    return SegmentResult(words[0].start, words[-1].end, text, words)


@pytest.fixture(scope="module")
def project(tmp_path_factory, media_files) -> Path:
    folder = tmp_path_factory.mktemp("everywhere") / "project"
    store = projects.create_project(folder, name="Ward 7 experience",
                                    vocabulary=["Ward 7", "Sister Okafor"])
    maggie = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                      pseudonym="Maggie", granted=set(Scope))
    rec = media_import.import_recording(store, media_files["speech.wav"],
                                        participant_ids=[maggie])
    with store.session() as s:
        transcripts.save_transcript(
            s, s.get_one(Recording, rec.recording_id),
            [_segment(4.0 * i, text) for i, text in enumerate(SAID)],
            source=TranscriptSource.WHISPER, model="base", language="en")
    suggestions.run_suggestions(store)
    found = [sug for sug in suggestions.list_suggestions(store, SuggestionKind.REDACTION)
             if sug.value["text"] in ("Ward 7", "Sister Okafor", "Okafor")]
    assert {sug.value["text"] for sug in found} >= {"Ward 7"}, found
    for sug in found:
        suggestions.accept(store, sug.id)
    view = load_transcript(store, rec.recording_id)
    chapter = film.add_chapter(store, "Nights on Ward 7")[1]
    for seg in view.segments:
        touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
            recording_id=rec.recording_id, first_word_id=seg.words[0].id,
            last_word_id=seg.words[-1].id, is_quote=True))
        film.add_clip(store, chapter, seg.words[0].id, seg.words[-1].id)
    store.close()
    return folder


def _clean(text: str, where: str) -> None:
    for secret in SECRET:
        assert secret not in text, f"{where} shows “{secret}”:\n{text}"


def _run(*args: object) -> str:
    done = ebcd(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("fmt", ["txt", "srt", "vtt", "json"])
def test_transcript_exports_are_redacted(project: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    _run("transcript", project, "1", "--format", fmt, "--out", out)
    text = out.read_text(encoding="utf-8")
    if fmt == "srt":
        text = " ".join(cue.content for cue in srt.parse(text))
    elif fmt == "vtt":
        text = " ".join(cap.text for cap in webvtt.read(str(out)))
    elif fmt == "json":
        data = json.loads(text)
        assert data["redaction"].startswith("redacted")
        words = [w for seg in data["segments"] for w in seg["words"]]
        assert any(w["redacted"] and w["text"].startswith("[name]") for w in words)
        text = " ".join(seg["text"] for seg in data["segments"])
    _clean(text, f"ebcd transcript --format {fmt}")
    for kept in KEPT:
        assert kept in text, f"{kept} was never flagged but is gone:\n{text}"
    assert "[name] sat with me" in text, text  # "Sister Okafor" is one [name], not two


def test_quotes_and_touch_point_exports_are_redacted(project: Path, tmp_path: Path) -> None:
    quotes = _run("quotes", project)
    _clean(quotes, "ebcd quotes")
    assert "Ward 8" in quotes
    for fmt in ("csv", "json"):
        out = tmp_path / f"tp.{fmt}"
        _run("touchpoints", project, "export", "--format", fmt, "--out", out)
        _clean(out.read_text(encoding="utf-8"), f"touch points {fmt}")


def test_film_subtitles_and_editorial_exports_are_redacted(project: Path,
                                                           tmp_path: Path) -> None:
    for fmt in ("srt", "vtt", "otio", "edl", "fcpxml", "chapters"):
        out = tmp_path / f"film.{fmt}"
        _run("film", project, "export", "--format", fmt, "--out", out)
        text = out.read_text(encoding="utf-8")
        if fmt == "otio":
            timeline = otio.adapters.read_from_file(str(out))
            names = [timeline.name] + [c.name for c in timeline.find_clips()]
            names += [m.name for c in timeline.find_clips() for m in c.markers]
            _clean(" ".join(names), "OTIO names")
        _clean(text, f"film export {fmt}")
    assert "[name] experience" in (tmp_path / "film.edl").read_text()


def test_the_patient_pack_is_redacted_title_and_all(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "patient.pdf"
    _run("pack", project, "patient", "--out", out)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    _clean(text, "the patient pack")
    assert "[name] experience" in text


def test_facilitator_views_say_they_are_unredacted(project: Path) -> None:
    """Search and `film show` are the facilitator's own: the words as said, marked so."""
    found = _run("search", project, "Okafor")
    assert "Okafor" in found and "shown unredacted" in found
    shown = _run("film", project, "show")
    assert "a facilitator's view" in shown and "[name] sat with me" in shown
