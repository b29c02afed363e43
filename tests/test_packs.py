"""Event packs, group packs and the celebration pack, read back as a reader would: the PDF's
text (pypdf), and its pages drawn by poppler. Consent and redaction are checked by what is
absent as much as by what is there."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from transcribed import PATIENT_SRT, recording_from_srt

from ebcd_app.basics.errors import Cancelled, EbcdError
from ebcd_app.basics.progress import CancelToken
from ebcd_app.cli import main
from ebcd_app.domain.models import EventKind, JourneyType, Role, Scope, Sentiment
from ebcd_app.services import (
    editing,
    events,
    film,
    groups,
    notes,
    projects,
    suggestions,
    touchpoints,
    vocabulary,
)
from ebcd_app.services.pack_making import make_pack
from ebcd_app.services.touchpoints import TouchPointData

SAM_SRT = """1
00:00:00,500 --> 00:00:05,000
The handover was rushed and I felt ignored by the bank staff.

2
00:00:06,000 --> 00:00:11,000
The discharge lounge is always full and the call bell never stops.
"""
JO_SRT = """1
00:00:00,500 --> 00:00:05,000
Breaks are never protected when we are short on the night shift.
"""
FIELD_NOTE = "Sister Okafor asked Kerry to cover two bays during the safety huddle."


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _tag(store, rec: int, first: str, last: str, stage: str, sentiment: Sentiment,
         emotion: str, themes: tuple[str, ...] = (), quote: bool = False) -> None:
    ws = editing.load_transcript(store, rec).words
    a = next(i for i, w in enumerate(ws) if w.text.strip(".,") == first)
    b = next(i for i, w in enumerate(ws) if i >= a and w.text.strip(".,") == last)
    stage_id = next(s.id for s in vocabulary.stages(store) if s.name == stage)
    touchpoints.add_touchpoint(store, TouchPointData(
        first_word_id=ws[a].id, last_word_id=ws[b].id, stage_id=stage_id, sentiment=sentiment,
        emotion=emotion, themes=themes, is_quote=quote))


@pytest.fixture
def project(store, media_files, tmp_path):
    everything = set(Scope)
    maggie = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                      pseudonym="Maggie", granted=everything)
    sam = projects.add_participant(store, name="Sam Okafor", role=Role.STAFF, pseudonym="Sam",
                                   granted=everything - {Scope.SEEN_IN_FILM})
    jo = projects.add_participant(store, name="Kerry Blackwood", role=Role.STAFF,
                                  pseudonym="Jo", granted={Scope.RECORDED, Scope.TRANSCRIBED,
                                                           Scope.SHOWN_TO_STAFF})
    p = recording_from_srt(store, media_files["speech.wav"], PATIENT_SRT, maggie, tmp_path)
    s = recording_from_srt(store, media_files["speech.mp3"], SAM_SRT, sam, tmp_path)
    j = recording_from_srt(store, media_files["speech.flac"], JO_SRT, jo, tmp_path)
    _tag(store, p, "The", "arrived", "Arriving", Sentiment.POSITIVE, "reassured", quote=True)
    _tag(store, p, "Nobody", "frightened", "First night", Sentiment.NEGATIVE, "frightened",
         ("Call bells",), quote=True)
    _tag(store, p, "Margaret", "day", "Discharge", Sentiment.NEGATIVE, "fed up", ("Waiting",),
         quote=True)
    _tag(store, s, "The", "staff", "Handover", Sentiment.NEGATIVE, "ignored", ("Handover",),
         quote=True)
    _tag(store, s, "The", "stops", "Workload", Sentiment.NEGATIVE, "stretched",
         ("Call bells",))
    _tag(store, j, "Breaks", "shift", "Breaks", Sentiment.NEGATIVE, "exhausted", ("Staffing",),
         quote=True)
    note = notes.add_note(store, text=FIELD_NOTE, place="Nurses' station")
    huddle = next(st.id for st in vocabulary.stages(store) if st.name == "Safety huddle")
    touchpoints.add_touchpoint(store, TouchPointData(
        note_id=note, note_start=0, note_end=len(FIELD_NOTE), stage_id=huddle,
        sentiment=Sentiment.MIXED, emotion="pressured"))
    handover = next(st.id for st in vocabulary.stages(store, JourneyType.STAFF)
                    if st.name == "Handover")
    events.set_shared_stages(store, [handover])
    _, chapter = film.add_chapter(store, "Call bells")
    ws = editing.load_transcript(store, p).words
    a = next(w.id for w in ws if w.text == "Nobody")
    b = next(w.id for w in ws if w.text.startswith("frightened"))
    film.add_clip(store, chapter, a, b)
    return store


def test_staff_pack_shows_staff_material_only_and_respects_quote_consent(project,
                                                                         tmp_path) -> None:
    store = project
    events.update_event(store, EventKind.STAFF_FEEDBACK, held_on=date(2027, 1, 19),
                        starts_at="13:30", place="Education Centre",
                        facilitators=["Fiona Reid"], attendance={Role.STAFF: 14})
    for title, votes in (("Protected breaks", 11), ("Call bells at night", 7)):
        events.update_priority(store, events.add_priority(store, EventKind.STAFF_FEEDBACK,
                                                          title), votes=votes)
    result = make_pack(store, "staff-feedback", tmp_path / "staff.pdf")
    text = _text(result.path)
    assert result.pages == len(PdfReader(result.path).pages) >= 6
    # cover, details, agenda with clock times from 13:30
    assert "Staff feedback event" in text and "19 January 2027" in text
    assert "Education Centre" in text and "14 staff members" in text
    assert "13:30" in text and "13:45" in text and "Dot voting on the priorities" in text
    # staff touch points, grouped by stage, with sentiment words and marks
    assert "The handover was rushed" in text and "Breaks are never protected" in text
    assert "Handover · 1 touch point" in text and "▼ negative" in text
    # patients' touch points are not for the staff event
    assert "reassuring when I arrived" not in text
    # Jo may be shown to staff but never agreed to be quoted
    quotes = text.split("In their own words")[1].split("The film")[0]
    assert "handover was rushed" in quotes and "Breaks are never" not in quotes
    assert "1 quote left out" in quotes
    # the film's chapters, the dot-voting sheet ranked by dots, sign-in and feedback
    assert "Call bells" in text.split("The film")[1]
    assert "00:00:00" in text
    vote = text.split("Priority vote")[1]
    assert vote.index("Protected breaks") < vote.index("Call bells at night")
    assert "Sign-in sheet" in text and "Your feedback" in text
    # real names never appear; the field note's names are redacted
    for name in ("Kerry", "Blackwood", "Okafor", "Margaret Jones"):
        assert name not in text, name
    assert "Sister [name] asked [name] to cover two bays" in text


def test_patient_pack_includes_only_what_staff_shared_and_patients_may_see(project,
                                                                           tmp_path) -> None:
    store = project
    result = make_pack(store, "patient-feedback", tmp_path / "patient.pdf")
    text = _text(result.path)
    assert "reassuring when I arrived" in text and "call bell and I was frightened" in text
    # staff shared only Handover: Sam's handover is in, his workload comment is not
    assert "The handover was rushed" in text
    assert "always full and the call bell never stops" not in text
    # Jo's words and the (unshared) safety huddle note are not for patients
    assert "Breaks are never protected" not in text and "cover two bays" not in text
    assert "areas staff agreed to share: Handover" in text
    # a participant's real first name in a transcript becomes [name]
    assert "[name] from the discharge lounge" in text
    assert "Margaret" not in text and "Okafor" not in text
    assert "Patient ‘Maggie’" in text and "Staff member ‘Sam’" in text


def test_a_withdrawal_takes_material_out_of_the_next_pack(project, tmp_path) -> None:
    store = project
    sam = next(p.id for p in projects.list_participants(store) if p.pseudonym == "Sam")
    before = _text(make_pack(store, "joint", tmp_path / "a.pdf").path)
    assert "The handover was rushed" in before
    projects.withdraw_consent(store, sam, by="Fiona Reid", scopes=[Scope.SHOWN_TO_PATIENTS])
    after = make_pack(store, "joint", tmp_path / "b.pdf")
    text = _text(after.path)
    assert "The handover was rushed" not in text and "Staff member ‘Sam’" not in text
    assert after.withheld >= 1


def test_names_flagged_for_redaction_never_reach_a_pack(project, tmp_path) -> None:
    store = project
    suggestions.run_suggestions(store)
    flagged = [s for s in suggestions.list_suggestions(store)
               if s.kind.value == "redaction" and "Margaret" in str(s.value)]
    assert flagged, "the language pipeline should flag Margaret as a name"
    for s in flagged:
        suggestions.accept(store, s.id)
    for kind in ("patient-feedback", "joint", "celebration"):
        text = _text(make_pack(store, kind, tmp_path / f"{kind}.pdf").path)
        assert "Margaret" not in text, kind


def test_joint_event_priorities_votes_and_groups(project, tmp_path) -> None:
    store = project
    titles = ["Call bells answered at night", "Keeping families informed",
              "Carers as partners", "Protected breaks", "Medicines explained", "Noise at night"]
    ids = [events.add_priority(store, EventKind.JOINT, t) for t in titles]
    for pid, votes in zip(ids, (21, 19, 15, 9, 7, 3), strict=True):
        events.update_priority(store, pid, votes=votes)
    for pid in ids[:5]:
        events.update_priority(store, pid, agreed=True)
    with pytest.raises(EbcdError, match="5 priorities are already agreed"):
        events.update_priority(store, ids[5], agreed=True)
    events.update_priority(store, ids[3], agreed=False)
    events.update_priority(store, ids[4], agreed=False)
    made = events.start_groups(store)
    assert [groups.group(store, g).name for g in made] == titles[:3]
    assert events.start_groups(store) == []  # no second group for the same priority
    text = _text(make_pack(store, "joint", tmp_path / "joint.pdf").path)
    assert "Agreed: Call bells answered at night; Keeping families informed; Carers as " \
           "partners." in " ".join(text.split())


def test_group_and_celebration_packs_show_logs_pdsa_and_run_charts(project, tmp_path) -> None:
    store = project
    maggie = next(p.id for p in projects.list_participants(store) if p.pseudonym == "Maggie")
    gid = groups.add_group(store, "Call bells at night", started_on=date(2027, 2, 23))
    groups.add_member(store, gid, role=Role.PATIENT, participant_id=maggie)
    groups.add_member(store, gid, role=Role.STAFF, name="Lee Carter")
    groups.add_meeting(store, gid, date(2027, 2, 23), "Agreed to sample call bell times.", 6)
    groups.add_action(store, gid, "Make the 'who is answering' board", who="Lee Carter",
                      due_on=date(2027, 4, 10), status=groups.parse_status("done"))
    groups.add_action(store, gid, "Ask estates about quieter tones", who="Lee Carter",
                      due_on=date.today() - timedelta(days=3))
    groups.add_cycle(store, gid, "Board on bay B", plan="A whiteboard naming who answers.",
                     prediction="Median under 5 minutes.", happened="Used on 25 of 28 nights.",
                     learnt="Needs a 03:00 handover.", next_step="Go ward-wide.",
                     started_on=date(2027, 4, 6), ended_on=date(2027, 5, 4))
    mid = groups.add_measure(store, gid, "Call bell answered (night)", unit="min",
                             higher_is_better=False, change_on=date(2027, 4, 6))
    start = date(2027, 2, 2)
    values = [9.5, 8, 10.5, 9, 7.5, 11, 8.5, 9, 6, 5.5, 5, 4.5, 5, 4, 4.5, 3.5]
    groups.add_values(store, mid, [(start + timedelta(weeks=i), v)
                                   for i, v in enumerate(values)])
    groups.update_group(store, gid, changed="A board names who answers call bells.",
                        next_steps="Add it to bank staff induction.")

    chart = groups.measure_chart(store, mid)
    assert chart.median == 9.0 and any(s.kind == "shift" for s in chart.signals)

    text = _text(make_pack(store, "group", tmp_path / "group.pdf", group_id=gid).path)
    assert "Co-design group: Call bells at night" in text
    assert "Maggie" in text and "Margaret" not in text and "Lee Carter" in text
    assert "Agreed to sample call bell times." in text
    assert "Make the 'who is answering' board" in text and "Done" in text
    assert "Open — overdue" in text
    for part in ("Plan", "Prediction", "Do: what happened", "Study: what we learnt",
                 "Act: what next", "Needs a 03:00 handover."):
        assert part in text, part
    assert "Call bell answered (night)" in text and "Median 9" in text
    assert "Shift: 9 points below the median" in text  # 8.5, then 9 on it (skipped), then 8
    assert "Before the change: median 9 min." in text

    cel = _text(make_pack(store, "celebration", tmp_path / "celebration.pdf").path)
    assert "What each group changed" in cel and "A board names who answers call bells." in cel
    assert "Add it to bank staff induction." in cel
    assert "Median before" in cel and "Median after" in cel
    assert "In their own words" in cel and "Patient ‘Maggie’" in cel
    assert "Breaks are never protected" not in cel  # Jo never agreed to be quoted


def test_pages_render_as_a4_and_cancel_leaves_nothing(project, tmp_path) -> None:
    store = project
    out = tmp_path / "pack.pdf"
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        make_pack(store, "joint", out, cancel=token)
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []
    seen = []
    result = make_pack(store, "joint", out, progress=seen.append)
    assert seen[-1].fraction == 1.0 and f"{result.pages} pages" in seen[-1].label
    with pytest.raises(EbcdError, match="which co-design group"):
        make_pack(store, "group", tmp_path / "g.pdf")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(out), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == result.pages
    from PySide6.QtGui import QImage

    for png in pages:
        image = QImage(str(png))
        assert abs(image.height() / image.width() - 297 / 210) < 0.02 or \
            abs(image.width() / image.height() - 297 / 210) < 0.02  # A4, some landscape


def test_event_group_and_pack_commands(project, tmp_path, capsys) -> None:
    store = project
    folder = str(store.folder)
    store.close()
    assert main(["event", folder, "joint", "set", "--date", "2027-02-09", "--time", "10:00",
                 "--place", "Boardroom", "--attendance", "patient=8,staff=12",
                 "--facilitators", "Fiona Reid, Tom Achebe"]) == 0
    assert main(["event", folder, "joint", "add-priority", "Call", "bells", "at", "night"]) == 0
    assert main(["event", folder, "joint", "add-priority", "Carers as partners"]) == 0
    assert main(["event", folder, "joint", "votes", "1=21", "2=15"]) == 0
    assert main(["event", folder, "joint", "agree", "1", "2"]) == 0
    out = capsys.readouterr().out
    assert "1. Call bells at night  [21 dots]  AGREED" in out
    assert "patient 8, staff member 12 (20 in all)" in out
    assert main(["event", folder, "joint", "votes", "1=x"]) == 1
    assert "should look like 2=14" in capsys.readouterr().err
    assert main(["event", folder, "staff", "share", "Handover, Nowhere"]) == 1
    assert "'Nowhere' is not a staff journey stage" in capsys.readouterr().err
    assert main(["group", folder, "start"]) == 0
    assert main(["group", folder, "measure", "Call", "Minutes to answer", "--unit", "min",
                 "--lower-is-better"]) == 0
    mid = groups.list_groups(projects.open_project(Path(folder)))[0].measures[0].id
    assert main(["group", folder, "values", str(mid)] +
                [f"2027-03-{d:02d}={v}" for d, v in zip(range(1, 15),
                                                        [9] * 7 + [4] * 7, strict=True)]) == 0
    assert "Shift" in capsys.readouterr().out
    assert main(["pack", folder, "joint", "--out", str(tmp_path / "joint.pdf")]) == 0
    assert "joint.pdf: Joint patient and staff event" in capsys.readouterr().out
    assert main(["pack", folder, "group", "--group", "Call",
                 "--out", str(tmp_path)]) == 0
    made = list(tmp_path.glob("*group-call-bells-at-night.pdf"))
    assert made and "Minutes to answer" in _text(made[0])
    # "--out packs/" as the README shows it: a new folder, the pack inside under its name
    assert main(["pack", folder, "group", "--group", "Call",
                 "--out", f"{tmp_path / 'packs'}/"]) == 0
    assert (tmp_path / "packs").is_dir()
    assert list((tmp_path / "packs").glob("*group-call-bells-at-night.pdf"))
    assert main(["pack", folder, "celebrate"]) == 1
    assert "unknown event 'celebrate'" in capsys.readouterr().err
