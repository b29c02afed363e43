"""The touch point board: every touch point with its words, filtered and counted.

Loading reads the database once; filtering and counting are pure functions over the loaded
rows, so a co-design group can click through filters on a big project without waiting.
Quotes are attributed by role and pseudonym only; a person's real name never appears.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.board_row import REDACTED, ROLE_LABELS, BoardRow
from ebcd_app.domain.consent import Use, Voice, decide, only_interviewer, who_speaks
from ebcd_app.domain.models import (
    JourneyStage,
    JourneyType,
    ObservationNote,
    Participant,
    Recording,
    Role,
    Sentiment,
    TouchPoint,
)
from ebcd_app.domain.redaction import Redactor
from ebcd_app.services.word_spans import Spans, WordRow, read_spans, span_voices, voices
from ebcd_app.store.db import ProjectStore


@dataclass(frozen=True)
class BoardFilter:
    """Each set limits the rows to those matching one of its values; None: no limit."""

    stages: frozenset[str] | None = None
    sentiments: frozenset[Sentiment] | None = None
    emotions: frozenset[str] | None = None
    themes: frozenset[str] | None = None
    roles: frozenset[Role] | None = None
    recordings: frozenset[int] | None = None
    journeys: frozenset[JourneyType] | None = None
    quotes_only: bool = False
    text: str = ""


def span_text(words: Sequence[WordRow]) -> str:
    """Words joined, each run of redacted words shown once as [name]."""
    out: list[str] = []
    for _id, text, _start, _end, redacted in words:
        if redacted:
            tail = "".join(ch for ch in text if ch in ".,;:!?")
            if out and out[-1].startswith(REDACTED):
                out[-1] = REDACTED + tail
            else:
                out.append(REDACTED + tail)
        else:
            out.append(text)
    return " ".join(out)


ONLY_INTERVIEWER = "only the interviewer speaks in it"


def attribution(people: Sequence[Participant]) -> tuple[str, tuple[Role, ...]]:
    roles = tuple(p.role for p in people)
    if not people:
        return "Unattributed", roles
    return ", ".join(_label(p) for p in people), roles


def _label(p: Participant) -> str:
    """How a person is attributed: the role they agreed to be shown as ("A nurse on
    nights", staff experience), else their role and pseudonym; never their name."""
    if p.shown_as:
        return p.shown_as[:1].upper() + p.shown_as[1:]
    return f"{ROLE_LABELS[p.role]} ‘{p.pseudonym}’" if p.pseudonym else ROLE_LABELS[p.role]


def load_board(store: ProjectStore) -> list[BoardRow]:
    """Every touch point as a row. The collector is paused while the many short-lived rows
    are built (it cost a third of the time and finds no cycles to free here)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_board(store)
    finally:
        if collecting:
            gc.enable()


def _load_board(store: ProjectStore) -> list[BoardRow]:
    with store.session() as s:
        stages = {st.id: st for st in s.scalars(select(JourneyStage))}
        recordings = {r.id: r for r in s.scalars(select(Recording).options(
            selectinload(Recording.participants).selectinload(Participant.consents)))}
        notes = {n.id: n for n in s.scalars(select(ObservationNote))}
        tps = s.scalars(select(TouchPoint).options(selectinload(TouchPoint.themes))
                        .order_by(TouchPoint.id)).all()
        words = read_spans(s, [(tp.first_word_id, tp.last_word_id) for tp in tps
                               if tp.recording_id])
        people = {rid: list(r.participants) for rid, r in recordings.items()}
        known = voices(s)
        rows = []
        for tp in tps:
            rows.append(_row(tp, stages, recordings, notes, words, people, known))
        return rows


def _row(tp: TouchPoint, stages, recordings, notes, words: Spans, people,
         known: dict[int, Voice]) -> BoardRow:
    start = end = None
    heard: list[Voice | None] = []
    if tp.recording_id is not None:
        span = words.words(tp.first_word_id, tp.last_word_id)
        text = span_text(span)
        if span:
            start, end = span[0][2], span[-1][3]
        elif tp.needs_attention:
            text, start, end = tp.anchor_text, tp.anchor_start, tp.anchor_end
        heard = span_voices(words, known, tp.first_word_id, tp.last_word_id)
        who = who_speaks(people.get(tp.recording_id, []), heard)
        rec_name = recordings[tp.recording_id].original_name
    else:
        note = notes.get(tp.note_id)
        text = note.text[tp.note_start or 0:tp.note_end] if note else ""
        who, rec_name = [], f"Field note ({note.place})" if note else "Field note"
    stage = stages.get(tp.stage_id)
    who_label, roles = attribution(who)
    staff_only = roles and all(r == Role.STAFF for r in roles)
    journey = stage.journey if stage else (JourneyType.STAFF if staff_only
                                           else JourneyType.PATIENT)
    verdict = decide(who, Use.QUOTE_IN_PACK)
    allowed, refusal = bool(verdict), verdict.reason
    still = decide(who, Use.TRANSCRIBE)  # what every use of transcribed words rests on
    withdrawn = still.reason if still.withdrawn else ""
    if tp.needs_attention:  # its words are gone: nothing to quote until a person places it
        allowed, refusal = False, "it needs attention: its transcript was replaced"
    elif only_interviewer(heard):
        allowed, refusal = False, ONLY_INTERVIEWER
    return BoardRow(tp.id, text, tp.recording_id, rec_name, tp.note_id, start, end,
                    tp.stage_id, stage.name if stage else "", stage.position if stage else 999,
                    journey, tp.sentiment, tp.emotion, tuple(t.name for t in tp.themes),
                    tp.note, tp.is_quote, roles, who_label, allowed, refusal,
                    tp.needs_attention, tuple(p.id for p in who), withdrawn)


def filter_rows(rows: Iterable[BoardRow], f: BoardFilter) -> list[BoardRow]:
    needle = f.text.strip().lower()
    out = []
    for r in rows:
        if f.stages is not None and r.stage not in f.stages:
            continue
        if f.sentiments is not None and r.sentiment not in f.sentiments:
            continue
        if f.emotions is not None and r.emotion not in f.emotions:
            continue
        if f.themes is not None and not f.themes.intersection(r.themes):
            continue
        if f.roles is not None and not f.roles.intersection(r.roles):
            continue
        if f.recordings is not None and r.recording_id not in f.recordings:
            continue
        if f.journeys is not None and r.journey not in f.journeys:
            continue
        if f.quotes_only and not r.is_quote:
            continue
        if needle and needle not in r.text.lower() and needle not in r.note.lower():
            continue
        out.append(r)
    return out


def counts(rows: Iterable[BoardRow]) -> dict[str, Counter[str]]:
    """Touch points per stage and sentiment ("" for no stage, "none" for no sentiment)."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        table[r.stage][r.sentiment.value if r.sentiment else "none"] += 1
    return dict(table)


def quotes(rows: Iterable[BoardRow]) -> list[BoardRow]:
    return [r for r in rows if r.is_quote]


EXPORT_FIELDS = ("id", "recording_name", "start", "end", "journey", "stage", "sentiment",
                 "emotion", "themes", "text", "note", "attribution", "is_quote",
                 "needs_attention")


def export_rows(rows: Sequence[BoardRow], fmt: str, redact: Redactor) -> str:
    """CSV or JSON, attributed by role and pseudonym (never names), with the project's
    redaction applied to every text field (services/redaction.project_redactor)."""
    records = []
    for r in rows:
        if r.withdrawn:
            continue  # someone heard in it withdrew: no export carries it any more
        d = asdict(r)
        record = {k: redact(d[k]) if isinstance(d[k], str) else d[k] for k in EXPORT_FIELDS}
        record["journey"] = r.journey.value
        record["sentiment"] = r.sentiment.value if r.sentiment else ""
        record["themes"] = list(r.themes) if fmt == "json" else "; ".join(r.themes)
        records.append(record)
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        writer.writerows(records)
        return buf.getvalue()
    raise EbcdError(f"unknown export format '{fmt}' (csv or json)")


def export_quotes(rows: Sequence[BoardRow], redact: Redactor) -> str:
    """The quote list as plain text, for packs and slides; quotes without consent left out,
    the project's redaction applied."""
    lines = []
    for r in quotes(rows):
        if not r.quote_allowed or r.withdrawn:
            continue
        where = f"{r.stage}, " if r.stage else ""
        lines.append(redact(f"“{r.text}”\n    — {r.attribution} ({where}{r.recording_name})")
                     + "\n")
    return "\n".join(lines)
