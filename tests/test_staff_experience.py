"""Staff-experience co-design (issue 18): the project kind, its consent form, its events
and audiences, small-group protection, 15% solutions, commitments and feedback, read back
from the PDFs with pypdf and through the CLI as a facilitator types it.

The transcripts here are typed subtitles (no Whisper); test_staff_demo.py runs the whole
staff demo with Whisper, renders its film and listens to the disguised voice.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import ebcd, one_line_refusal
from pypdf import PdfReader
from transcribed import recording_from_srt

from ebcd_app.domain.consent import FilmUse, film_use
from ebcd_app.domain.models import EventKind, PledgeKind, ProjectKind, Role, Scope
from ebcd_app.services import (
    board,
    events,
    film,
    pledging,
    projects,
    touchpoints,
)
from ebcd_app.services.editing import load_transcript
from ebcd_app.services.pack_making import make_pack
from ebcd_app.services.vocabulary import stages

NIGHTS = {"team": "Willow Ward", "shift": "nights"}
BASE = {Scope.RECORDED, Scope.TRANSCRIBED, Scope.QUOTED_IN_PACKS, Scope.SHOWN_TO_STAFF}
SRT = "1\n00:00:00,500 --> 00:00:06,000\n{}\n"


def _text(pdf: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.fixture
def staff_project(tmp_path: Path, media_files) -> dict:
    store = projects.create_project(tmp_path / "nights", name="Nights wellbeing",
                                    kind=ProjectKind.STAFF_EXPERIENCE)
    people = {
        # three band 5 nurses on nights: a group big enough to be named by role
        "amara": ("a staff nurse on nights", {"band": "5"}, {Scope.HEARD_IN_FILM},
                  "Handover at eight is when I feel part of the team."),
        "dee": ("a staff nurse on nights", {"band": "5"}, {Scope.HEARD_IN_FILM},
                "The ward phone rings all night and only we can answer it."),
        "kit": ("a staff nurse on nights", {"band": "5"}, {Scope.HEARD_IN_FILM},
                "A midnight huddle would help us plan the breaks."),
        # the only band 7 on nights: one person, so never named by role to leaders
        "ruth": ("a senior nurse on nights", {"band": "7"}, {Scope.WORDS_ON_SCREEN},
                 "The computer logs us out every ten minutes on every shift."),
        "pete": ("a healthcare assistant on nights", {"band": "3"}, {Scope.HEARD_DISGUISED},
                 "Nobody asked how I was after the patient punched me."),
        # agreed to be shown to staff, not to senior leadership
        "omar": ("a doctor on call", {"grade": "FY2"}, {Scope.HEARD_IN_FILM},
                 "The on call room is so far away that I sleep on a chair."),
    }
    ids = {}
    for key, (shown, attrs, film_scope, line) in people.items():
        granted = BASE | film_scope | ({Scope.SHOWN_TO_LEADERSHIP} if key != "omar" else set())
        pid = projects.add_participant(store, name=key.title() + " Person", role=Role.STAFF,
                                       pseudonym=key.title(), granted=granted,
                                       shown_as=shown, attributes={**NIGHTS, **attrs})
        rec = recording_from_srt(store, media_files["speech.wav" if key != "pete" else
                                                    "speech.mp3"], SRT.format(line), pid,
                                 tmp_path) if key in ("amara", "pete") else None
        ids[key] = (pid, rec, line)
    # one recording per person needs distinct media: reuse formats the importer accepts
    formats = {"dee": "speech.m4a", "kit": "speech.ogg", "ruth": "speech.flac",
               "omar": "speech.mkv"}
    for key, name in formats.items():
        pid, _rec, line = ids[key]
        ids[key] = (pid, recording_from_srt(store, media_files[name], SRT.format(line), pid,
                                            tmp_path), line)
    chapter = film.add_chapter(store, "Nights")[1]
    workload = next(s.id for s in stages(store) if s.name == "Workload")
    events.set_shared_stages(store, [workload])  # staff agreed leaders may see this stage
    for key, (_pid, rec, _line) in ids.items():
        words = load_transcript(store, rec).segments[0].words
        touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
            recording_id=rec, first_word_id=words[0].id, last_word_id=words[-1].id,
            stage_id=workload, is_quote=True,
            sentiment=touchpoints.parse_sentiment("negative")))
        if key != "omar":
            film.add_clip(store, chapter, words[0].id, words[-1].id)
    store.close()
    return {"folder": tmp_path / "nights", "ids": ids}


def test_a_staff_project_has_its_own_consent_form_events_and_vocabulary(staff_project):
    with projects.open_project(staff_project["folder"]) as store:
        info = projects.project_info(store)
        assert info.staff_experience
        assert {Scope.SHOWN_TO_LEADERSHIP, Scope.HEARD_DISGUISED, Scope.WORDS_ON_SCREEN} \
            <= set(info.scopes) and Scope.SHOWN_TO_PATIENTS not in info.scopes
        assert events.kinds(store) == (EventKind.STAFF_FEEDBACK,
                                       EventKind.LEADERSHIP_LISTENING,
                                       EventKind.JOINT_LEADERSHIP, EventKind.CELEBRATION)
        assert events.audience(store, EventKind.CELEBRATION).leadership
        names = [s.name for s in stages(store)]
        assert names[0] == "Recruitment" and names[-1] == "Leaving"
    refused = one_line_refusal(ebcd("event", staff_project["folder"], "patient"))
    assert "choose from: staff, leadership, joint, celebration" in refused


def test_a_patient_project_is_unchanged(store):
    info = projects.project_info(store)
    assert not info.staff_experience and Scope.SHOWN_TO_LEADERSHIP not in info.scopes
    assert events.kinds(store)[1] == EventKind.PATIENT_FEEDBACK


def test_how_a_person_is_in_the_film_follows_their_choice(staff_project):
    with projects.open_project(staff_project["folder"]) as store:
        plan = film.build_plan(store)
    by_text = {c.text: c for ch in plan.chapters for c in ch.clips}
    ids = staff_project["ids"]
    amara, pete, ruth = (by_text[ids[k][2]] for k in ("amara", "pete", "ruth"))
    assert (amara.voice, pete.voice, ruth.voice) == ("own", "disguised", "none")
    assert not pete.show_video and not ruth.show_video
    # leaders see the film: the only band 7 on nights is not named by role, a band 5 is
    assert ruth.speaker == "A staff member" and pete.speaker == "A staff member"
    assert amara.speaker == "A staff nurse on nights"
    assert ids["omar"][2] not in by_text


def test_film_use_ladder_and_leadership(staff_project):
    with projects.open_project(staff_project["folder"]) as store, store.session() as s:
        from ebcd_app.domain.models import Participant

        people = {p.pseudonym.lower(): p for p in s.query(Participant)}
        assert film_use([people["amara"]], leadership=True)[0] == FilmUse.HEARD
        assert film_use([people["pete"]], leadership=True)[0] == FilmUse.DISGUISED
        assert film_use([people["ruth"]], leadership=True)[0] == FilmUse.WORDS
        use, why = film_use([people["omar"]], leadership=True)
        assert use == FilmUse.REFUSED and "senior leaders see the film" in why
        assert film_use([people["omar"]])[0] == FilmUse.HEARD  # to colleagues, fine


def test_leaders_pack_protects_small_groups_and_keeps_out_who_said_no(staff_project,
                                                                     tmp_path):
    folder = staff_project["folder"]
    done = ebcd("pack", folder, "leadership", "--out", tmp_path / "leaders.pdf")
    assert done.returncode == 0, done.stderr
    assert "small groups protected: 2 touch point(s)" in done.stdout
    assert "“band 7, nights, Willow Ward” is held by 1 of the staff" in done.stdout
    text = " ".join(_text(tmp_path / "leaders.pdf").split())
    assert "A staff member" in text and "A staff nurse on nights" in text
    assert "A senior nurse on nights" not in text  # one person: would name her
    assert "A healthcare assistant on nights" not in text
    assert "sleep on a chair" not in text and "doctor on call" not in text.lower()
    assert "2 touch points are attributed to “a staff member”" in text
    # colleagues see every role as agreed, the doctor included
    done = ebcd("pack", folder, "staff", "--out", tmp_path / "staff.pdf")
    staff_text = " ".join(_text(tmp_path / "staff.pdf").split())
    assert "A senior nurse on nights" in staff_text and "sleep on a chair" in staff_text
    assert "small groups" not in done.stdout


def test_pledges_and_feedback_reach_the_next_packs_and_the_celebration(staff_project,
                                                                      tmp_path):
    folder = staff_project["folder"]
    done = ebcd("event", folder, "leadership", "pledge", "--type", "commitment",
                "--who", "Director of nursing", "--by", "2027-03-31",
                "--what", "Visit the ward on a night shift every month")
    assert done.returncode == 0, done.stderr
    assert "commitment: Director of nursing will Visit the ward on a night shift every " \
           "month by 31 Mar 2027" in done.stdout
    assert "needs an owner" in one_line_refusal(
        ebcd("event", folder, "leadership", "pledge", "--type", "commitment", "--what", "Do"))
    assert ebcd("event", folder, "staff", "pledge", "--who", "Amara", "--what",
                "Cover each other's breaks").returncode == 0
    for session, useful, comment in ((4, 5, "Good to be asked after a night shift"),
                                     (5, 4, ""), (3, 4, "Leaders left early")):
        assert ebcd("event", folder, "joint", "feedback", "--session", session, "--useful",
                    useful, "--comment", comment).returncode == 0
    assert "scales run from 1 to 5" in one_line_refusal(
        ebcd("event", folder, "joint", "feedback", "--session", 7))

    with projects.open_project(folder) as store:
        joint = make_pack(store, "joint-leadership", tmp_path / "joint.pdf")
        party = make_pack(store, "celebration", tmp_path / "party.pdf")
        made = pledging.pledges(store)
    assert [p.kind for p in made] == [PledgeKind.FIFTEEN_PERCENT.value,
                                      PledgeKind.COMMITMENT.value]  # in the events' order
    joint_text = " ".join(_text(joint.path).split())
    assert "Cover each other's breaks" in joint_text and "Visit the ward" in joint_text
    party_text = " ".join(_text(party.path).split())
    assert "What we committed to" in party_text and "Visit the ward" in party_text
    assert "median 4" in party_text and "Leaders left early" in party_text
    assert "How useful was it?" in party_text  # the form asks both scales


def test_a_staff_measure_is_one_flag(staff_project):
    folder = staff_project["folder"]
    assert ebcd("group", folder, "add", "Breaks").returncode == 0
    done = ebcd("group", folder, "measure", "1", "--preset", "sickness")
    assert done.returncode == 0, done.stderr
    shown = ebcd("group", folder, "show", "1").stdout
    assert "Sickness absence" in shown and "%" in shown


def test_staff_keep_one_touch_point_back_from_leaders(staff_project, tmp_path):
    folder, ids = staff_project["folder"], staff_project["ids"]
    with projects.open_project(folder) as store:
        amara_tp = next(r.id for r in board.load_board(store)
                        if r.recording_id == ids["amara"][1])
    done = ebcd("event", folder, "staff", "withhold", amara_tp)
    assert done.returncode == 0 and f"kept among staff: {amara_tp}" in done.stdout
    assert "not a touch point id" in one_line_refusal(
        ebcd("event", folder, "staff", "withhold", "amara"))
    assert ebcd("pack", folder, "leadership", "--out", tmp_path / "l.pdf").returncode == 0
    text = " ".join(_text(tmp_path / "l.pdf").split())
    assert "feel part of the team" not in text and "ward phone rings" in text
    assert ebcd("pack", folder, "staff", "--out", tmp_path / "s.pdf").returncode == 0
    assert "feel part of the team" in " ".join(_text(tmp_path / "s.pdf").split())
