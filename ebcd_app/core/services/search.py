"""Full-text search over every transcript and field note in the project (SQLite FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from ebcd_app.core.db import ProjectStore
from ebcd_app.core.errors import EbcdError
from ebcd_app.core.models import Segment

HIT_START, HIT_END = "[", "]"
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "transcript" | "note"
    context: str  # with the matched words between [ and ]
    recording_id: int | None = None
    recording_name: str = ""
    time: float = 0.0
    segment_id: int | None = None
    word_id: int | None = None
    note_id: int | None = None
    observed_at: datetime | None = None
    place: str = ""


def fts_query(query: str) -> str:
    """User words to an FTS5 query: all words must match; "quoted text" as a phrase."""
    parts: list[str] = []
    for phrase, loose in re.findall(r'"([^"]*)"|(\S+)', query):
        tokens = _TOKEN.findall(phrase or loose)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"')
    if not parts:
        raise EbcdError("search needs at least one word")
    return " AND ".join(parts)


def _first_matching_word(segment: Segment, terms: list[str]) -> tuple[float, int | None]:
    stems = [t.lower()[: max(3, len(t) - 2)] for t in terms]
    for word in segment.words:
        w = "".join(_TOKEN.findall(word.text.lower()))
        if any(w.startswith(stem) for stem in stems):
            return word.start, word.id
    return segment.start, None


def search(store: ProjectStore, query: str, limit: int = 50) -> list[SearchHit]:
    match = fts_query(query)
    terms = _TOKEN.findall(query)
    hits: list[SearchHit] = []
    with store.session() as s:
        rows = s.execute(text(
            "SELECT rowid, snippet(segment_fts, 0, :a, :b, '…', 16) FROM segment_fts "
            "WHERE segment_fts MATCH :q ORDER BY rank LIMIT :n"),
            {"q": match, "a": HIT_START, "b": HIT_END, "n": limit}).all()
        for rowid, snippet in rows:
            seg = s.get(Segment, rowid)
            if seg is None:
                continue
            rec = seg.transcript.recording
            at, word_id = _first_matching_word(seg, terms)
            hits.append(SearchHit("transcript", snippet, rec.id, rec.original_name, at,
                                  seg.id, word_id))
        notes = s.execute(text(
            "SELECT n.id, n.observed_at, n.place, snippet(note_fts, 0, :a, :b, '…', 16) "
            "FROM note_fts JOIN observation_notes n ON n.id = note_fts.rowid "
            "WHERE note_fts MATCH :q ORDER BY rank LIMIT :n"),
            {"q": match, "a": HIT_START, "b": HIT_END, "n": limit}).all()
        for note_id, observed_at, place, snippet in notes:
            when = datetime.fromisoformat(observed_at) if isinstance(observed_at, str) \
                else observed_at
            hits.append(SearchHit("note", snippet, note_id=note_id, observed_at=when,
                                  place=place))
    return hits
