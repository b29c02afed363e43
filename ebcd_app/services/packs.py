"""What goes into each event pack, decided before any page is drawn.

Every pack reads its content from here, so consent and redaction are applied once: a touch
point is in a pack only when everyone heard in it agreed to be shown to that audience
(`consent.pack_use`), a quote only when they also agreed to be quoted, patients see the
staff journey only where staff agreed to share it, and every piece of free text passes
through the project's redactor so a name flagged for redaction never reaches paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ebcd_app.domain.consent import Audience, has_withdrawn, pack_use
from ebcd_app.domain.event_views import JOINT_KINDS
from ebcd_app.domain.map_model import MapData
from ebcd_app.domain.models import (
    EventKind,
    JourneyType,
    Participant,
    ProjectKind,
    Recording,
    Sentiment,
)
from ebcd_app.domain.pack_content import (
    CelebrationPack,
    ChapterLine,
    EventPack,
    GroupPack,
    MeasureResult,
    StageBlock,
    Visible,
)
from ebcd_app.domain.redaction import Redactor
from ebcd_app.domain.runchart import before_after
from ebcd_app.film.export import hms, mss
from ebcd_app.services import board, events, groups, pledging, small_groups
from ebcd_app.services.emotional_map import LANE_TITLES, build_map
from ebcd_app.services.film import build_plan
from ebcd_app.services.projects import project_info
from ebcd_app.services.redaction import project_redactor
from ebcd_app.services.vocabulary import stages
from ebcd_app.store.db import ProjectStore

REDACTED = board.REDACTED


def _people_by_recording(store: ProjectStore) -> dict[int | None, list[Participant]]:
    """Who is heard in each recording; a field note (no recording) is nobody's."""
    with store.session() as s:
        recs = s.scalars(select(Recording).options(
            selectinload(Recording.participants).selectinload(Participant.consents)))
        return {r.id: list(r.participants) for r in recs}


def journeys_for(kind: EventKind, project: ProjectKind = ProjectKind.PATIENT_EXPERIENCE
                 ) -> tuple[JourneyType, ...]:
    if kind == EventKind.STAFF_FEEDBACK or project == ProjectKind.STAFF_EXPERIENCE:
        return (JourneyType.STAFF,)
    return (JourneyType.PATIENT, JourneyType.STAFF)


def visible(store: ProjectStore, kind: EventKind, redact: Redactor | None = None) -> Visible:
    """Board rows for an event's audience, with consent, sharing and redaction applied;
    for senior leadership, small groups protected too (`protect_small_groups`)."""
    project = events.project_kind(store)
    audience = events.audience_for(kind, project)
    rows = board.load_board(store)
    people = _people_by_recording(store)
    shared = events.shared_stage_ids(store)
    kept_back = events.withheld_touchpoint_ids(store)
    redact = project_redactor(store) if redact is None else redact
    journeys = journeys_for(kind, project)
    shown: list[board.BoardRow] = []
    quotes: list[board.BoardRow] = []
    withheld = withheld_quotes = 0
    decisions: dict[tuple[int | None, tuple[int, ...], bool], bool] = {}
    for r in rows:
        linked = people.get(r.recording_id, [])
        # consent follows the speaker: the people heard in it, else everyone linked
        who = [p for p in linked if p.id in r.speaker_ids] or linked
        if r.journey not in journeys or r.needs_attention:
            continue  # another journey, or its words are gone until a person places it
        if (audience != Audience.STAFF and r.journey == JourneyType.STAFF
                and (r.stage_id not in shared or r.id in kept_back)):
            continue  # staff did not agree to share this area, or this moment, beyond staff
        key = (r.recording_id, r.speaker_ids, False)
        if key not in decisions:
            decisions[key] = bool(pack_use(who, audience))
        if not decisions[key]:
            withheld += 1
            continue
        clean = replace(r, text=redact(r.text), note=redact(r.note))
        shown.append(clean)
        if r.is_quote:
            qkey = (r.recording_id, r.speaker_ids, True)
            if qkey not in decisions:
                decisions[qkey] = bool(pack_use(who, audience, quoted=True))
            if decisions[qkey] and r.quote_refusal != board.ONLY_INTERVIEWER:
                quotes.append(clean)
            else:
                withheld_quotes += 1
    if not audience.leadership:
        return Visible(shown, quotes, withheld, withheld_quotes)
    protect = small_groups.protector(store)
    shown = [protect(r, people.get(r.recording_id, [])) for r in shown]
    quotes = [protect(r, people.get(r.recording_id, [])) for r in quotes]
    return Visible(shown, quotes, withheld, withheld_quotes, protect.generalised,
                   tuple(protect.why))


MAP_AUDIENCES = {"joint": EventKind.JOINT, "staff": EventKind.STAFF_FEEDBACK,
                 "patients": EventKind.PATIENT_FEEDBACK,
                 "leadership": EventKind.LEADERSHIP_LISTENING,
                 "staff-and-leadership": EventKind.JOINT_LEADERSHIP}
FACILITATOR = "facilitator"


def map_for(store: ProjectStore, audience: str, journeys: Sequence[JourneyType]
            ) -> MapData:
    """The emotional map as an audience may see it (consent, withdrawal, what staff share
    and redaction, as in that audience's pack), or, for the facilitator, everything."""
    if audience == FACILITATOR:
        return build_map(store, board.load_board(store), journeys)
    kind = MAP_AUDIENCES[audience]
    allowed = journeys_for(kind, events.project_kind(store))
    return build_map(store, visible(store, kind).rows, [j for j in journeys if j in allowed])


def audience_rows(store: ProjectStore, kind: EventKind) -> list[board.BoardRow]:
    return visible(store, kind).rows


def by_stage(store: ProjectStore, rows: Sequence[board.BoardRow],
             journeys: Sequence[JourneyType]) -> list[StageBlock]:
    """Touch points under their stage in journey order; negative first within a stage, as
    the room will want to talk about those; unstaged ones last."""
    order: dict[Sentiment | None, int] = {Sentiment.NEGATIVE: 0, Sentiment.MIXED: 1,
                                          Sentiment.POSITIVE: 2, None: 3}
    blocks = []
    for journey in journeys:
        mine = [r for r in rows if r.journey == journey]
        names = [st.name for st in stages(store, journey)]
        for name in [*names, ""]:
            found = sorted((r for r in mine if r.stage == name),
                           key=lambda r: (order[r.sentiment], r.id))
            if found:
                blocks.append(StageBlock(journey, LANE_TITLES[journey],
                                         name or "No stage given", tuple(found)))
    return blocks


def chapter_lines(store: ProjectStore) -> list[ChapterLine]:

    plan = build_plan(store)
    lines = [ChapterLine(hms(start), " ".join(title.split()), mss(chapter.duration))
             for (start, title), chapter in zip(plan.chapter_starts(), plan.chapters,
                                                strict=True)]
    if lines:
        lines.append(ChapterLine("", "Whole film", mss(plan.duration)))
    return lines


def event_pack(store: ProjectStore, kind: EventKind) -> EventPack:
    info = project_info(store)
    redact = project_redactor(store)
    raw = events.event_for(store, kind)
    event = replace(raw, title=redact(raw.title), notes=redact(raw.notes), priorities=tuple(
        replace(p, title=redact(p.title), detail=redact(p.detail)) for p in raw.priorities))
    seen = visible(store, kind, redact)
    order = events.kinds(store)
    journeys = journeys_for(kind, events.project_kind(store))
    if event.priorities:
        candidates = [p.title for p in event.ranked()] if kind not in JOINT_KINDS \
            else [p.title for p in event.priorities]
    else:
        candidates = [c.title for c in events.propose_priorities(seen.rows)]
    if kind in (*JOINT_KINDS, EventKind.CELEBRATION):
        # the joint event votes again on what the two feedback events chose
        earlier = [p.title for k in order[:2]
                   for p in events.event_for(store, k).ranked() if p.votes or p.agreed]
        candidates = list(dict.fromkeys([*candidates, *(redact(t) for t in earlier)]))
    shared = events.shared_stage_ids(store)
    shared_names = [st.name for st in stages(store, JourneyType.STAFF) if st.id in shared]
    return EventPack(
        redact(info.name), redact(info.service), event, events.audience(store, kind),
        events.timed_agenda(event.starts_at, events.agenda_template(store, kind)),
        by_stage(store, seen.rows, journeys), build_map(store, seen.rows, journeys),
        seen.quotes, chapter_lines(store), candidates[:12], seen.withheld,
        seen.withheld_quotes, shared_names, redact, seen.generalised, seen.why_generalised,
        pledging.earlier_pledges(store, kind, redact), info.staff_experience)


def _withdrawn_people(store: ProjectStore) -> tuple[set[int], set[str]]:
    """Who withdrew from the project: their ids, and their names and pseudonyms."""
    with store.session() as s:
        gone = [p for p in s.scalars(select(Participant).options(
            selectinload(Participant.consents))) if has_withdrawn(p)]
        return {p.id for p in gone}, {n for p in gone for n in (p.display_name, p.pseudonym)
                                      if n}


def _clean_group(g: groups.GroupView, redact: Redactor,
                 withdrawn: tuple[set[int], set[str]] = (set(), set())) -> groups.GroupView:
    """Redacted, and without anyone who withdrew: not listed as a member, and an action
    they owned shows no owner."""
    ids, names = withdrawn
    g = replace(g, members=tuple(m for m in g.members if m.participant_id not in ids),
                actions=tuple(replace(a, who="") if a.who in names else a for a in g.actions))
    return replace(
        g, name=redact(g.name), priority=redact(g.priority), changed=redact(g.changed),
        next_steps=redact(g.next_steps),
        members=tuple(replace(m, name=redact(m.name)) if m.participant_id is None else m
                      for m in g.members),
        meetings=tuple(replace(m, notes=redact(m.notes)) for m in g.meetings),
        actions=tuple(replace(a, what=redact(a.what), who=redact(a.who)) for a in g.actions),
        cycles=tuple(replace(c, title=redact(c.title), plan=redact(c.plan),
                             prediction=redact(c.prediction), happened=redact(c.happened),
                             learnt=redact(c.learnt), next_step=redact(c.next_step))
                     for c in g.cycles),
        measures=tuple(replace(m, name=redact(m.name), description=redact(m.description))
                       for m in g.measures))


def _measures(g: groups.GroupView) -> list[MeasureResult]:
    out = []
    for m in g.measures:
        chart = m.chart()
        before, after = before_after(chart)
        out.append(MeasureResult(m, chart, before, after))
    return out


def group_pack(store: ProjectStore, group_id: int) -> GroupPack:
    info = project_info(store)
    redact = project_redactor(store)
    g = _clean_group(groups.group(store, group_id), redact, _withdrawn_people(store))
    return GroupPack(redact(info.name), redact(info.service), g, _measures(g))


def celebration_pack(store: ProjectStore) -> CelebrationPack:
    info = project_info(store)
    redact = project_redactor(store)
    raw = events.event_for(store, EventKind.CELEBRATION)
    event = replace(raw, title=redact(raw.title), notes=redact(raw.notes))
    joint = events.event_for(store, events.joint_kind(store))
    seen = visible(store, EventKind.CELEBRATION, redact)
    gone = _withdrawn_people(store)
    packs = [GroupPack(redact(info.name), redact(info.service), g, _measures(g))
             for g in (_clean_group(g, redact, gone) for g in groups.list_groups(store))]
    return CelebrationPack(
        redact(info.name), redact(info.service), event,
        events.timed_agenda(event.starts_at,
                            events.agenda_template(store, EventKind.CELEBRATION)),
        [redact(p.title) for p in joint.agreed], packs, seen.quotes, seen.withheld_quotes,
        tuple(pledging.pledges(store, redact)),
        tuple(pledging.feedback_summaries(store, redact)))
