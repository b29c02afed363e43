"""Full-text search over every transcript and field note in the project (SQLite FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ebcd_app.core.db import ProjectStore
from ebcd_app.core.errors import EbcdError
from ebcd_app.core.models import Segment, Word

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


WORD_WINDOW = 64  # words read around the hit; a hit never loads its whole segment


def _stems(terms: list[str]) -> list[str]:
    return [t.lower()[: max(3, len(t) - 2)] for t in terms]


def _word_matches(text: str, stems: list[str]) -> bool:
    w = "".join(_TOKEN.findall(text.lower()))
    return any(w.startswith(stem) for stem in stems)


def _first_matching_word(s: Session, seg: Segment, stems: list[str]) -> tuple[float, int | None]:
    """Where in the segment the first word that matches starts, and that word's id.

    Found in the segment's text, which mirrors its words joined by spaces, and then checked
    against the words within WORD_WINDOW of that place only: a segment of a million words
    (an absurd subtitle file imported before cues were limited) used to load every one of
    them as an object per hit, and `ebcd search` took minutes.
    """
    pattern = re.compile(r"(?<!\S)[^\w\s]*(?:" + "|".join(map(re.escape, stems)) + ")",
                         re.IGNORECASE)
    m = pattern.search(seg.text)
    if m is None:
        return seg.start, None
    guess = seg.text.count(" ", 0, m.start())  # the index of that word, if text mirrors words
    first_id = s.scalar(select(func.min(Word.id)).where(Word.segment_id == seg.id))
    if first_id is None:
        return seg.start, None
    near = select(Word.id, Word.idx, Word.start, Word.text).where(Word.segment_id == seg.id)
    # words are stored in order, so ids run with idx; fall back to idx if edits broke that
    for window in (Word.id.between(first_id + guess - WORD_WINDOW, first_id + guess + WORD_WINDOW),
                   Word.idx.between(guess - WORD_WINDOW, guess + WORD_WINDOW)):
        hits = [r for r in s.execute(near.where(window)).all() if _word_matches(r.text, stems)]
        if hits:
            best = min(hits, key=lambda r: (abs(r.idx - guess), r.idx))
            return best.start, best.id
    return seg.start, None


def search(store: ProjectStore, query: str, limit: int = 50) -> list[SearchHit]:
    match = fts_query(query)
    stems = _stems(_TOKEN.findall(query))
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
            at, word_id = _first_matching_word(s, seg, stems)
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
