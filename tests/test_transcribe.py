"""Real Whisper on real (synthesised) speech: what a facilitator would read and search."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import jiwer
import pytest
from sqlalchemy import select

from ebcd_app.basics.errors import Cancelled, EbcdError
from ebcd_app.basics.progress import CancelToken
from ebcd_app.domain.models import Job, JobState, Recording, Role, Scope
from ebcd_app.film.subtitles import parse_subtitles
from ebcd_app.services import media_import, projects, search, transcription, transcripts

pytestmark = pytest.mark.slow
WER_BOUND = 0.15  # Whisper base on espeak-ng's voice; measured about 0.03-0.07 here


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split())


def wer(reference: str, hypothesis: str) -> float:
    return jiwer.wer(normalise(reference), normalise(hypothesis))


def transcript_json(store, ref) -> dict:
    return json.loads(transcripts.render_transcript(store, ref, "json"))


@pytest.fixture(scope="module")
def transcribed(tmp_path_factory, speech, media_files):
    """One project with the mp4 interview transcribed once for the read-only tests."""
    folder = tmp_path_factory.mktemp("transcribed") / "project"
    store = projects.create_project(folder, name="Shared", vocabulary=["Ward 7"])
    pid = projects.add_participant(store, name="Pat Doe", role=Role.PATIENT, pseudonym="Pat",
                                   granted=set(Scope))
    rec = media_import.import_recording(store, media_files["speech.mp4"], participant_ids=[pid])
    updates = []
    outcome = transcription.transcribe_recording(store, rec.recording_id, language="en",
                                                 progress=updates.append)
    yield store, outcome, updates
    store.close()


def test_words_match_what_was_said(transcribed, speech) -> None:
    store, outcome, _ = transcribed
    data = transcript_json(store, outcome.recording_id)
    words = [w["text"] for seg in data["segments"] for w in seg["words"]]
    assert outcome.words == len(words) > 30
    assert wer(speech.text, " ".join(words)) < WER_BOUND
    assert data["language"] == "en"


def test_word_times_increase_and_stay_inside_the_audio(transcribed, speech) -> None:
    store, outcome, _ = transcribed
    words = [w for seg in transcript_json(store, outcome.recording_id)["segments"]
             for w in seg["words"]]
    for w in words:
        assert 0.0 <= w["start"] <= w["end"] <= speech.duration + 0.05
    starts = [w["start"] for w in words]
    assert starts == sorted(starts)


def test_the_word_after_the_pause_starts_after_it(transcribed, speech) -> None:
    store, outcome, _ = transcribed
    words = [w for seg in transcript_json(store, outcome.recording_id)["segments"]
             for w in seg["words"]]
    later = next(i for i, w in enumerate(words) if normalise(w["text"]) == "later")
    assert words[later]["start"] >= speech.pause_end - 0.3
    assert words[later - 1]["end"] <= speech.pause_start + 0.5
    assert normalise(words[later - 1]["text"]) == "reassured"


def test_progress_is_reported_in_percent_of_audio(transcribed) -> None:
    _, _, updates = transcribed
    fractions = [u.fraction for u in updates]
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert all("transcrib" in u.label for u in updates)


def test_exports_read_back(transcribed, speech) -> None:
    store, outcome, _ = transcribed
    srt = transcripts.render_transcript(store, outcome.recording_id, "srt")
    vtt = transcripts.render_transcript(store, outcome.recording_id, "vtt")
    txt = transcripts.render_transcript(store, "speech.mp4", "txt")
    for text, label in ((srt, "srt"), (vtt, "vtt")):
        cues = parse_subtitles(text, label)
        assert len(cues) >= 3
        assert wer(speech.text, " ".join(c.text for c in cues)) < WER_BOUND
        assert all(c.end <= speech.duration + 0.05 for c in cues)
        caption_lines = [ln for ln in text.splitlines()
                         if ln and "-->" not in ln and not ln.isdigit() and ln != "WEBVTT"]
        assert max(len(ln.removeprefix("<v Pat>")) for ln in caption_lines) <= 42
    assert vtt.startswith("WEBVTT")
    assert txt.startswith("[00:00:0") and "Pat:" in txt  # the one voice is the one person linked


def test_search_finds_the_moment_with_its_time(transcribed, speech) -> None:
    store, _, _ = transcribed
    hits = search.search(store, "call bell")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.recording_name == "speech.mp4"
    assert "[call] [bell]" in hit.context
    assert speech.pause_end < hit.time < speech.duration
    assert search.search(store, '"bell call"') == []
    assert search.search(store, "frightened") and not search.search(store, "spaceship")


def test_recording_without_consent_to_transcription_is_refused(store, media_files) -> None:
    pid = projects.add_participant(store, name="Sam Roe", role=Role.STAFF,
                                   granted={Scope.RECORDED})
    rec = media_import.import_recording(store, media_files["speech.wav"], participant_ids=[pid])
    with pytest.raises(EbcdError, match="has not consented to: transcribed"):
        transcription.transcribe_recording(store, rec.recording_id)


def test_cancel_leaves_no_half_transcript(store, patient, media_files) -> None:
    rec = media_import.import_recording(store, media_files["speech.m4a"],
                                        participant_ids=[patient])
    token = CancelToken()
    with pytest.raises(Cancelled):
        transcription.transcribe_recording(store, rec.recording_id, language="en",
                                           progress=lambda u: token.cancel(), cancel=token)
    with store.session() as s:
        row = s.get(Recording, rec.recording_id)
        assert row.transcript is None and row.state.value == "imported"
        assert s.scalars(select(Job)).one().state == JobState.CANCELLED
        checkpoint = store.derived_for(row.sha256) / transcription.CHECKPOINT
    assert not checkpoint.exists()


def test_missing_model_says_what_to_install(store, patient, media_files, tmp_path) -> None:
    rec = media_import.import_recording(store, media_files["speech.wav"],
                                        participant_ids=[patient])
    with pytest.raises(EbcdError, match="not a Whisper model folder"):
        transcription.transcribe_recording(store, rec.recording_id, model=str(tmp_path))
    with pytest.raises(EbcdError, match=r"No Whisper model 'large-v3' found.*--model PATH"):
        transcription.transcribe_recording(store, rec.recording_id, model="large-v3")


def _ebcd(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ebcd_app", *args], capture_output=True,
                          text=True, timeout=600, **kw)


def test_killed_transcription_resumes_without_lost_or_repeated_words(tmp_path: Path,
                                                                     long_speech) -> None:
    folder = tmp_path / "project"
    assert _ebcd("new", str(folder), "--name", "Kill test").returncode == 0
    assert _ebcd("participant", "add", str(folder), "--name", "Lee", "--role", "staff",
                 "--consent", "recorded,transcribed").returncode == 0
    assert _ebcd("import", str(folder), str(long_speech.wav), "--participant", "1"
                 ).returncode == 0
    checkpoint = next((folder / "derived").glob("*")) / transcription.CHECKPOINT
    proc = subprocess.Popen([sys.executable, "-m", "ebcd_app", "transcribe", str(folder),
                             "--language", "en"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if checkpoint.exists() and '"words"' in checkpoint.read_text():
            break
        assert proc.poll() is None, "transcription finished before it could be killed"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process group, as a power cut would
    proc.wait()
    listing = _ebcd("recordings", str(folder)).stdout
    assert "imported" in listing  # a dead job does not stay "transcribing"
    second = _ebcd("transcribe", str(folder))
    assert second.returncode == 0, second.stderr
    assert re.search(r"resumed at \d+\.\d s", second.stdout), second.stdout
    data = json.loads(_ebcd("transcript", str(folder), "1", "--format", "json").stdout)
    words = [w for seg in data["segments"] for w in seg["words"]]
    starts = [w["start"] for w in words]
    assert starts == sorted(starts), "words repeated or out of order at the resume point"
    assert wer(long_speech.text, " ".join(w["text"] for w in words)) < WER_BOUND
    assert " done " in _ebcd("jobs", str(folder)).stdout
    assert not checkpoint.exists()


def test_existing_subtitles_can_be_the_transcript(store, patient, media_files,
                                                  tmp_path: Path) -> None:
    rec = media_import.import_recording(store, media_files["speech.ogg"],
                                        participant_ids=[patient])
    srt = tmp_path / "typed-up.srt"
    srt.write_text("1\n00:00:00,500 --> 00:00:04,000\nThe nurse came to see me.\n\n"
                   "2\n00:00:10,000 --> 00:00:13,500\nNobody answered the call bell.\n")
    assert transcripts.import_subtitles(store, "speech.ogg", srt).words == 11
    data = transcript_json(store, rec.recording_id)
    words = [w for seg in data["segments"] for w in seg["words"]]
    assert [w["text"] for w in words][:3] == ["The", "nurse", "came"]
    assert words[0]["start"] == 0.5 and words[5]["end"] == pytest.approx(4.0, abs=0.01)
    assert data["source"] == "subtitles"
    assert search.search(store, "call bell")[0].time >= 10.0
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\nhello there\n")
    with pytest.raises(EbcdError, match=r"bad\.vtt: no subtitle cues found"):
        transcripts.import_subtitles(store, "speech.ogg", bad)
