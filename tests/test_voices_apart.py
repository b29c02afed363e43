"""Voices told apart on a real interview: the interviewer's questions and the patient's
answers come back as two speakers, named Interviewer and the patient, and consent follows
the person speaking (issue 16). Real espeak-ng speech, real Whisper, real GE2E."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from espeak_audio import RATE, espeak, write_wav

from ebcd_app.domain.models import Role, Scope
from ebcd_app.domain.voices import INTERVIEWER
from ebcd_app.services import board, media_import, projects, touchpoints, transcription
from ebcd_app.services.editing import load_transcript
from ebcd_app.speech import diarize, ge2e

# (voice, text): the interviewer asks, the patient answers (two distinct espeak timbres)
TURNS = [
    ("en+m3", "How were the nights on the ward?"),
    ("en-us+f3", "The nights were long and lonely. I pressed the call bell and waited a "
                 "long time before anybody came."),
    ("en+m3", "What would have helped you then?"),
    ("en-us+f3", "Someone telling me how long they would be. That is all I wanted."),
    ("en+m3", "And the days?"),
    ("en-us+f3", "The days were better because my daughter visited every afternoon and the "
                 "nurses knew her by name."),
]
PAUSE_S = 0.8

pytestmark = pytest.mark.skipif(not ge2e.available(), reason="speaker encoder not installed "
                                "(scripts/bootstrap.sh installs resemblyzer)")


@pytest.fixture(scope="module")
def interview(fixtures_dir: Path) -> tuple[Path, list[tuple[int, float, float]]]:
    """The interview as a WAV, and each turn's voice (0 interviewer, 1 patient) and times."""
    pieces = [np.zeros(RATE // 2, dtype=np.int16)]
    known, at = [], 0.5
    for n, (voice, text) in enumerate(TURNS):
        samples = espeak(text, fixtures_dir / f"turn{n}.wav", voice=voice)
        loud = np.flatnonzero(np.abs(samples) > 300)
        samples = samples[loud[0]:loud[-1] + 1]
        known.append((0 if voice == "en+m3" else 1, at, at + len(samples) / RATE))
        pieces += [samples, np.zeros(int(PAUSE_S * RATE), dtype=np.int16)]
        at += len(samples) / RATE + PAUSE_S
    path = fixtures_dir / "interview-two-voices.wav"
    write_wav(path, np.concatenate(pieces))
    return path, known


def _truth(mid: float, known: list[tuple[int, float, float]]) -> int:
    return min(known, key=lambda k: 0 if k[1] <= mid <= k[2]
               else min(abs(mid - k[1]), abs(mid - k[2])))[0]


def test_one_voice_alone_stays_one(fixtures_dir: Path) -> None:
    """A single-voice interview must not be split by what is said (the old centring did)."""
    pieces, words, at = [], [], 0.0
    for n, (_voice, text) in enumerate(TURNS):
        samples = espeak(text, fixtures_dir / f"alone{n}.wav", voice="en-us+f3")
        step = len(samples) / RATE / len(text.split())
        words += [(at + k * step, at + (k + 1) * step) for k in range(len(text.split()))]
        pieces += [samples, np.zeros(int(0.6 * RATE), dtype=np.int16)]
        at += len(samples) / RATE + 0.6
    path = fixtures_dir / "one-voice.wav"
    write_wav(path, np.concatenate(pieces))
    assert set(diarize.assign_speakers(path, words, max_speakers=3)) == {0}


def test_the_interviewer_and_the_patient_are_two_speakers(tmp_path: Path, interview) -> None:
    path, known = interview
    store = projects.create_project(tmp_path / "project", name="Voices")
    pat = projects.add_participant(store, name="Pat Doe", role=Role.PATIENT, pseudonym="Pat",
                                   granted=set(Scope))
    rec = media_import.import_recording(store, path, participant_ids=[pat])
    transcription.transcribe_recording(store, rec.recording_id, language="en")
    view = load_transcript(store, rec.recording_id)
    words = [(w, seg.speaker) for seg in view.segments for w in seg.words]
    assert {speaker for _w, speaker in words} == {INTERVIEWER, "Pat"}
    name = {0: INTERVIEWER, 1: "Pat"}
    right = sum(speaker == name[_truth((w.start + w.end) / 2, known)] for w, speaker in words)
    assert right / len(words) >= 0.95, f"{right}/{len(words)} words given to the right voice"
    # the first question is the interviewer's alone: not a quote; the answer is Pat's
    first_q = next(seg for seg in view.segments if seg.speaker == INTERVIEWER)
    answer = next(seg for seg in view.segments if seg.speaker == "Pat")
    for seg in (first_q, answer):
        touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
            recording_id=rec.recording_id, first_word_id=seg.words[0].id,
            last_word_id=seg.words[-1].id, is_quote=True))
    rows = {row.text.split()[0].lower(): row for row in board.load_board(store)}
    assert rows["how"].quote_refusal == board.ONLY_INTERVIEWER
    assert rows[answer.words[0].text.lower().strip(",.")].quote_allowed
    with wave.open(str(path)) as w:
        assert w.getnframes() / RATE > 20
    store.close()
