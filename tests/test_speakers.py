"""Who said it: voices matched to people, turns split where the voice changes, and consent
that follows the person speaking (issue 16)."""

from __future__ import annotations

from ebcd_app.domain.consent import Voice, only_interviewer
from ebcd_app.domain.models import EventKind, Recording, Role, Scope, TranscriptSource
from ebcd_app.domain.voices import INTERVIEWER, Person, match_voices
from ebcd_app.services import board, media_import, packs, projects, touchpoints, transcripts
from ebcd_app.services.editing import load_transcript
from ebcd_app.speech.engine import SegmentResult, WordResult
from ebcd_app.speech.turns import split_by_voice


def _seg(start: float, text: str) -> SegmentResult:
    words = [WordResult(w, start + i * 0.4, start + i * 0.4 + 0.3, 0.9)
             for i, w in enumerate(text.split())]
    return SegmentResult(words[0].start, words[-1].end, text, words)


def test_the_voice_that_asks_is_the_interviewer_and_the_other_is_the_person() -> None:
    texts = ["How was your stay?", "It was long and the nights were lonely.",
             "What helped?", "The nurse who sat with me at night helped a lot."]
    voices = [1, 0, 1, 0]
    words = [len(t.split()) for t in texts]
    pat = Person(7, "Pat")
    matched = match_voices(voices, texts, words, [pat])
    assert matched[1].label == INTERVIEWER and matched[1].interviewer
    assert (matched[0].label, matched[0].participant_id) == ("Pat", 7)
    # with two people linked nobody is guessed: a wrong guess would misuse consent
    two = match_voices(voices, texts, words, [pat, Person(8, "Sam")])
    assert two[0].participant_id is None and two[0].label == "Speaker 2"
    # one voice and one person: theirs
    assert match_voices([0, 0], texts[:2], words[:2], [pat])[0].participant_id == 7


def test_a_segment_is_split_where_the_voice_changes() -> None:
    seg = _seg(0.0, "Did it help? Yes it did")
    pieces, voices = split_by_voice([seg], [1, 1, 1, 0, 0, 0])
    assert [p.text for p in pieces] == ["Did it help?", "Yes it did"]
    assert voices == [1, 0]
    assert pieces[1].start == seg.words[3].start


def test_consent_follows_the_person_who_speaks(store, media_files) -> None:
    quoted = projects.add_participant(store, name="Pat Doe", role=Role.PATIENT,
                                      pseudonym="Pat", granted=set(Scope))
    not_quoted = projects.add_participant(
        store, name="Sam Roe", role=Role.FAMILY_CARER, pseudonym="Sam",
        granted=set(Scope) - {Scope.QUOTED_IN_PACKS})
    rec = media_import.import_recording(store, media_files["speech.wav"],
                                        participant_ids=[quoted, not_quoted])
    segs = [_seg(0.0, "How were the nights?"), _seg(2.0, "Long and lonely for me."),
            _seg(4.0, "I sat with her every evening.")]
    with store.session() as s:
        transcripts.save_transcript(
            s, s.get_one(Recording, rec.recording_id), segs, source=TranscriptSource.WHISPER,
            model="base", language="en", speakers=[INTERVIEWER, "Pat", "Sam"],
            speaker_people={INTERVIEWER: (None, True), "Pat": (quoted, False),
                            "Sam": (not_quoted, False)})
    view = load_transcript(store, rec.recording_id)
    assert [seg.speaker for seg in view.segments] == [INTERVIEWER, "Pat", "Sam"]
    for seg in view.segments:
        touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
            recording_id=rec.recording_id, first_word_id=seg.words[0].id,
            last_word_id=seg.words[-1].id, is_quote=True))
    rows = {row.text.split()[0]: row for row in board.load_board(store)}
    assert rows["Long"].quote_allowed, rows["Long"].quote_refusal  # Pat may be quoted
    assert rows["Long"].attribution.endswith("‘Pat’")
    assert not rows["I"].quote_allowed and "Sam" in rows["I"].quote_refusal
    assert rows["How"].quote_refusal == board.ONLY_INTERVIEWER
    assert only_interviewer([Voice(None, True)]) and not only_interviewer([None])
    # the patients' pack quotes Pat, not Sam (who did not agree to be quoted) nor the question
    quotes = packs.visible(store, EventKind.PATIENT_FEEDBACK).quotes
    assert [q.text.split()[0] for q in quotes] == ["Long"]


def test_naming_a_voice_matches_it_to_the_person(store, media_files) -> None:
    pat = projects.add_participant(store, name="Pat Doe", role=Role.PATIENT, pseudonym="Pat",
                                   granted=set(Scope))
    rec = media_import.import_recording(store, media_files["speech.wav"],
                                        participant_ids=[pat])
    with store.session() as s:
        transcripts.save_transcript(
            s, s.get_one(Recording, rec.recording_id),
            [_seg(0.0, "How are you?"), _seg(2.0, "Well, thank you.")],
            source=TranscriptSource.WHISPER, model="base", language="en",
            speakers=["Speaker 1", "Speaker 2"])
    from ebcd_app.domain.models import Speaker
    from ebcd_app.services import editing

    assert editing.voice_names(store, rec.recording_id) == [INTERVIEWER, "Pat"]
    view = load_transcript(store, rec.recording_id)
    first, second = view.segments[0].speaker_id, view.segments[1].speaker_id
    editing.rename_speaker(store, first, "Interviewer")
    editing.rename_speaker(store, second, "pat")
    with store.session() as s:
        assert s.get_one(Speaker, first).is_interviewer
        assert s.get_one(Speaker, second).participant_id == pat
    editing.rename_speaker(store, second, "Someone else")
    with store.session() as s:
        assert s.get_one(Speaker, second).participant_id is None
