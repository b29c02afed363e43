"""Erasing a person leaves no trace (issue 17), and the audit proves it.

A project with Margaret ("Maggie"): an interview that is hers alone, a group recording in
which her voice and Sam's were linked to them, and one with both of them whose voices were
never told apart. She is quoted, in the film, in a co-design group (and owns an action),
in a snapshot and in a pack printed before. `ebcd erase` first lists what will go and
changes nothing; with --yes it removes all of it, silences her turns in the shared
recording, and `strings` over the project folder finds none of her words or her name.
`ebcd audit` then finds her words in the pack printed before and in a file planted with
them, and is clean once those are gone.
"""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from cli_run import ebcd

from ebcd_app.domain.models import (
    GroupAction,
    GroupMember,
    Recording,
    Role,
    Scope,
    TranscriptSource,
)
from ebcd_app.domain.voices import INTERVIEWER
from ebcd_app.media.tools import tools
from ebcd_app.services import (
    film,
    groups,
    media_import,
    projects,
    snapshots,
    touchpoints,
    transcripts,
)
from ebcd_app.services.editing import load_transcript
from ebcd_app.speech.engine import SegmentResult, WordResult

HERS = "The marmalade trolley came on Tuesday and the porter sang to me"
HERS_TOO = "Gorgonzola sandwiches at midnight were the kindest thing anyone did"
SAMS = "I brought her cardigan from home every single evening after work"


def _seg(start: float, text: str) -> SegmentResult:
    words = [WordResult(w, start + i * 0.3, start + i * 0.3 + 0.25, 0.95)
             for i, w in enumerate(text.split())]
    return SegmentResult(words[0].start, words[-1].end, text, words)


def _strings(folder: Path) -> bytes:
    """Every byte of every file under the folder, as `strings` would read them."""
    return b"\n".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def project(tmp_path: Path, media_files) -> dict:
    folder = tmp_path / "project"
    store = projects.create_project(folder, name="Erasure")
    maggie = projects.add_participant(store, name="Margaret Thistlewood", role=Role.PATIENT,
                                      pseudonym="Maggie", granted=set(Scope))
    sam = projects.add_participant(store, name="Sam Roe", role=Role.FAMILY_CARER,
                                   pseudonym="Sam", granted=set(Scope))
    alone = media_import.import_recording(store, media_files["speech.wav"],
                                          participant_ids=[maggie]).recording_id
    shared = media_import.import_recording(store, media_files["speech.mp3"],
                                           participant_ids=[maggie, sam]).recording_id
    mixed = media_import.import_recording(store, media_files["speech.ogg"],
                                          participant_ids=[maggie, sam]).recording_id
    with store.session() as s:
        transcripts.save_transcript(s, s.get_one(Recording, alone),
                                    [_seg(0.0, "How was it?"), _seg(2.0, HERS)],
                                    source=TranscriptSource.WHISPER, model="base",
                                    language="en", speakers=[INTERVIEWER, "Maggie"],
                                    speaker_people={INTERVIEWER: (None, True),
                                                    "Maggie": (maggie, False)})
        transcripts.save_transcript(s, s.get_one(Recording, shared),
                                    [_seg(0.5, HERS_TOO), _seg(5.0, SAMS)],
                                    source=TranscriptSource.WHISPER, model="base",
                                    language="en", speakers=["Maggie", "Sam"],
                                    speaker_people={"Maggie": (maggie, False),
                                                    "Sam": (sam, False)})
        transcripts.save_transcript(s, s.get_one(Recording, mixed),
                                    [_seg(0.0, "We both remember the night nurse")],
                                    source=TranscriptSource.WHISPER, model="base",
                                    language="en")
    chapter = film.add_chapter(store, "Kindness")[1]
    for rec in (alone, shared):
        for seg in load_transcript(store, rec).segments:
            touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
                recording_id=rec, first_word_id=seg.words[0].id,
                last_word_id=seg.words[-1].id, is_quote=True))
            film.add_clip(store, chapter, seg.words[0].id, seg.words[-1].id)
    group = groups.add_group(store, "Nights")
    groups.add_member(store, group, role=Role.PATIENT, participant_id=maggie)
    groups.add_action(store, group, "Ask about the trolley", who="Margaret Thistlewood")
    snapshots.take_snapshot(store)
    store.close()
    pack = tmp_path / "printed-before.pdf"
    done = ebcd("pack", folder, "patient", "--out", pack)
    assert done.returncode == 0, done.stderr
    return {"folder": folder, "maggie": maggie, "sam": sam, "alone": alone,
            "shared": shared, "mixed": mixed, "pack": pack}


def test_erase_lists_first_then_removes_everything_of_hers(project, tmp_path) -> None:
    folder = project["folder"]
    before = _strings(folder)
    assert b"marmalade" in before  # her words are there to be erased
    listed = ebcd("erase", folder, project["maggie"])
    assert listed.returncode == 1 and "nothing was erased" in listed.stderr
    assert "all of it (theirs alone)" in listed.stdout
    assert "the whole recording goes" in listed.stdout  # voices never told apart
    assert "their 1 turn(s)" in listed.stdout
    assert "printed-before.pdf" in listed.stdout  # stale output, with where it was written
    assert b"marmalade" in _strings(folder), "listing must change nothing"

    done = ebcd("erase", folder, project["maggie"], "--yes", "--by", "Fiona Reid")
    assert done.returncode == 0, done.stderr
    assert "erased participant" in done.stdout

    # nothing of hers is left in any file of the project, database and snapshots included
    left = _strings(folder)
    for secret in (b"marmalade", b"Gorgonzola", b"Thistlewood", b"Margaret"):
        assert secret not in left, secret
    assert b"cardigan" in left  # Sam's turn stays
    found = ebcd("search", folder, "marmalade")
    assert "no matches" in found.stdout
    store = projects.open_project(folder)
    try:
        with store.session() as s:
            recs = {r.id for r in s.query(Recording)}
            assert recs == {project["shared"]}
            assert not s.query(GroupMember).filter_by(participant_id=project["maggie"]).all()
            assert [a.who for a in s.query(GroupAction)] == [""]
        view = load_transcript(store, project["shared"])
        assert [" ".join(w.text for w in seg.words) for seg in view.segments] == [SAMS]
        assert film.needs_render(store).startswith("3 clip(s) were erased")
        [snap] = snapshots.list_snapshots(folder)  # the new one, without her
        assert snap.name.endswith("-after-erasure.db") and not snap.problem
        assert sorted(p.name for p in (folder / "snapshots").iterdir()) == [snap.name]
        assert [p.display_name for p in projects.list_participants(store)] == ["Sam Roe"]
    finally:
        store.close()
    # her turn is silent in the shared recording's original; Sam's is not
    assert _rms(folder, project["shared"], 0.6, 3.3) < 1e-3
    assert _rms(folder, project["shared"], 5.0, 8.0) > 1e-2
    assert "needs a new render" in ebcd("film", folder, "show").stdout


def test_audit_finds_what_erasure_could_not_reach(project, tmp_path) -> None:
    folder = project["folder"]
    assert ebcd("erase", folder, project["maggie"], "--yes").returncode == 0
    planted = folder / "notes-copied-from-email.txt"
    planted.write_text(f"From the interview: {HERS.lower()}.\n", encoding="utf-8")
    audit = ebcd("audit", folder)
    assert audit.returncode == 1
    assert f"{planted}: line 1: " in audit.stdout and "said by the person of erasure 1" \
        in audit.stdout
    assert str(project["pack"]) in audit.stdout  # the pack printed before still quotes her
    planted.unlink()
    project["pack"].unlink()
    clean = ebcd("audit", folder, "--json")
    assert clean.returncode == 0, clean.stdout
    assert '"findings": []' in clean.stdout


def _rms(folder: Path, rec_id: int, start: float, end: float) -> float:
    store = projects.open_project(folder)
    try:
        with store.session() as s:
            media = folder / s.get_one(Recording, rec_id).media_path
    finally:
        store.close()
    wav = media.with_name("check.wav")
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(media), "-ac", "1", "-ar",
                    "16000", str(wav)], check=True)
    with wave.open(str(wav)) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16) / 32768
    wav.unlink()
    part = samples[int(start * 16000):int(end * 16000)]
    return float(np.sqrt(np.mean(part ** 2)))


def test_withdrawal_stops_every_export_of_her_material(project, tmp_path) -> None:
    """Withdrawing (not erasing) keeps the record but no output carries her any more."""
    folder = project["folder"]
    assert ebcd("consent", folder, project["maggie"], "--withdraw").returncode == 0
    refused = ebcd("transcript", folder, project["alone"])
    assert refused.returncode == 1 and "Maggie (patient) withdrew consent" in refused.stderr
    csv_out = tmp_path / "tp.csv"
    assert ebcd("touchpoints", folder, "export", "--out", csv_out).returncode == 0
    exported = csv_out.read_text()
    assert "marmalade" not in exported and "Gorgonzola" not in exported
    assert "cardigan" in exported  # Sam, heard in the same recording, did not withdraw
    quotes = ebcd("quotes", folder).stdout
    assert "marmalade" not in quotes and "Gorgonzola" not in quotes
    pack = tmp_path / "group.pdf"
    done = ebcd("pack", folder, "group", "--group", "Nights", "--out", pack)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pack), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Ask about the trolley" in text  # the action stays, without its owner
    assert "Maggie" not in text and "Thistlewood" not in text
