"""The film in the core: consent decides each clip, the draft explains itself, the budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.consent import FilmUse, film_use
from ebcd_app.domain.film_plan import TITLE_CARD_SECONDS
from ebcd_app.domain.models import Participant, Role, Scope, Sentiment
from ebcd_app.services import (
    editing,
    film,
    film_draft,
    media_import,
    projects,
    touchpoints,
    transcripts,
    vocabulary,
)
from ebcd_app.services.touchpoints import TouchPointData

SRT = """1
00:00:00,500 --> 00:00:05,000
The nurse was lovely and really reassuring when I arrived.

2
00:00:06,000 --> 00:00:11,000
Nobody answered the call bell and I was frightened.
"""

SEEN = set(Scope)
HEARD = set(Scope) - {Scope.SEEN_IN_FILM}
QUOTE_ONLY = {Scope.RECORDED, Scope.TRANSCRIBED, Scope.QUOTED_IN_PACKS}


@pytest.fixture
def project(store, media_files, tmp_path: Path):
    people = {}
    recs = {}
    for key, role, consent, media in (("nurse", Role.STAFF, SEEN, "speech.mp4"),
                                      ("patient", Role.PATIENT, HEARD, "speech.mov"),
                                      ("hca", Role.STAFF, QUOTE_ONLY, "speech.mkv"),
                                      ("carer", Role.FAMILY_CARER, HEARD, "speech.mp3")):
        people[key] = projects.add_participant(store, name=f"{key} person", role=role,
                                               pseudonym=key.title(), granted=consent)
        rec = media_import.import_recording(store, media_files[media],
                                            participant_ids=[people[key]])
        srt = tmp_path / f"{key}.srt"
        srt.write_text(SRT)
        transcripts.import_subtitles(store, rec.recording_id, srt)
        recs[key] = rec.recording_id
    return store, people, recs


def words(store, rec_id):
    return editing.load_transcript(store, rec_id).words


def test_one_consent_function_decides_film_use(project) -> None:
    store, people, _ = project
    with store.session() as s:
        def use(key):
            return film_use([s.get(Participant, people[key])])
        assert use("nurse") == (FilmUse.SEEN, "")
        assert use("patient")[0] == FilmUse.HEARD
        assert "seen in film" in use("patient")[1]
        assert use("hca")[0] == FilmUse.REFUSED
        assert "heard in film" in use("hca")[1]


def test_clips_snap_to_words_with_handles_and_refuse_without_consent(project) -> None:
    store, _, recs = project
    _, chapter = film.add_chapter(store, "Not knowing what happens next")
    ws = words(store, recs["nurse"])
    film.add_clip(store, chapter, ws[0].id, ws[9].id, lead_in_ms=200, tail_ms=300)
    [clip] = film.film_view(store).chapters[0].clips
    assert clip.src_in == pytest.approx(ws[0].start - 0.2, abs=0.001)
    assert clip.src_out == pytest.approx(ws[9].end + 0.3, abs=0.001)
    assert clip.text.startswith("The nurse was lovely") and clip.use == FilmUse.SEEN
    hca = words(store, recs["hca"])
    with pytest.raises(EbcdError, match=r"cannot be in the film because .*heard in film"):
        film.add_clip(store, chapter, hca[0].id, hca[3].id)
    film.update_clip(store, clip.id, lead_in_ms=0, tail_ms=0, last_word_id=ws[4].id)
    [clip] = film.film_view(store).chapters[0].clips
    assert (clip.src_in, clip.src_out) == (ws[0].start, ws[4].end)
    with pytest.raises(EbcdError, match="between 0 and 3000"):
        film.update_clip(store, clip.id, tail_ms=5000)


def test_plan_applies_consent_and_later_withdrawal(project) -> None:
    store, people, recs = project
    _, a = film.add_chapter(store, "Arriving")
    for key in ("nurse", "patient"):
        ws = words(store, recs[key])
        film.add_clip(store, a, ws[0].id, ws[9].id)
    plan = film.build_plan(store)
    clips = plan.chapters[0].clips
    assert [c.show_video for c in clips] == [True, False]  # the patient is heard, not seen
    assert [c.speaker for c in clips] == ["Staff member ‘Nurse’", "Patient ‘Patient’"]
    assert plan.duration == pytest.approx(TITLE_CARD_SECONDS + sum(c.duration for c in clips))
    assert clips[0].words[0].text == "The" and clips[0].source.is_file()
    projects.withdraw_consent(store, people["patient"], by="Facilitator")
    plan = film.build_plan(store)
    assert len(plan.chapters[0].clips) == 1
    assert plan.refused and "withdrew consent" in plan.refused[0]


def test_reordering_chapters_and_moving_clips(project) -> None:
    store, _, recs = project
    _, a = film.add_chapter(store, "A")
    _, b = film.add_chapter(store, "B")
    ws = words(store, recs["nurse"])
    _, c1 = film.add_clip(store, a, ws[0].id, ws[2].id)
    _, c2 = film.add_clip(store, a, ws[3].id, ws[5].id)
    film.move_clip(store, c1, b, 0)
    film.update_chapter(store, b, position=0, title="B first")
    view = film.film_view(store)
    assert [ch.title for ch in view.chapters] == ["B first", "A"]
    assert [[c.id for c in ch.clips] for ch in view.chapters] == [[c1], [c2]]
    film.delete_chapter(store, b)
    assert [ch.title for ch in film.film_view(store).chapters] == ["A"]


def test_budget_is_reported_against_25_to_30_minutes(project) -> None:
    store, _, _ = project
    status, sentence = film.film_view(store).budget()
    assert status == "under" and "25.0 more minutes needed" in sentence


def test_auto_draft_uses_several_voices_balances_and_explains(project) -> None:
    store, _, recs = project
    stages = {s.name: s.id for s in vocabulary.stages(store)}
    for key in ("nurse", "patient", "hca", "carer"):
        ws = words(store, recs[key])
        for (a, b), sentiment, stage in (((0, 9), Sentiment.POSITIVE, "Arriving"),
                                         ((10, len(ws) - 1), Sentiment.NEGATIVE,
                                          "First night")):
            touchpoints.add_touchpoint(store, TouchPointData(
                first_word_id=ws[a].id, last_word_id=ws[b].id, sentiment=sentiment,
                stage_id=stages[stage], themes=("Call bells",)))
    result = film_draft.auto_draft(store)
    view = film.film_view(store)
    [chapter] = view.chapters
    assert chapter.title == "Call bells"
    people = {c.recording_id for c in chapter.clips}
    assert len(people) == 3 and recs["hca"] not in people  # the HCA refused the film
    speakers = [c.speaker.split()[0] for c in chapter.clips]
    assert "Staff" in speakers and ("Patient" in speakers or "Family" in speakers)
    assert chapter.clips[0].reason.startswith("opens the chapter")
    assert any(c.reason.startswith("adds another person's voice") for c in chapter.clips)
    assert {c.text.split()[0] for c in chapter.clips} >= {"The", "Nobody"}  # good and bad
    assert result.clips == 6 and "more minutes needed" in result.budget
    assert any("not enough tagged material" in n for n in result.notes)
