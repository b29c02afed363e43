"""Full-text search over every transcript and field note in the project (SQLite FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ebcd_app.core.db import ProjectStore
from ebcd_app.core.errors import EbcdError
from ebcd_app.core.models import Recording, Segment, Transcript, Word

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


WORD_WINDOW = 64  # words read around a hit: a hit never loads all its segment's words
HUGE_SEGMENT_WORDS = 2000  # beyond this, a segment's text is not loaded or highlighted whole
CONTEXT_WORDS = 8  # each side of the hit, as FTS5's snippet() gives 16 tokens


def _stems(terms: list[str]) -> list[str]:
    return [t.lower()[: max(3, len(t) - 2)] for t in terms]


def _word_matches(text: str, stems: list[str]) -> bool:
    w = "".join(_TOKEN.findall(text.lower()))
    return any(w.startswith(stem) for stem in stems)


def _first_hit_index(seg_text: str, stems: list[str], huge: bool) -> int | None:
    """The index of the first word that starts with one of the stems, read from the text.

    The text mirrors the words joined by spaces, so the spaces before the hit count the
    words before it. In a huge segment plain `find` stands in for the regular expression
    (which took 135 ms over 5 MB); a word led by punctuation may then be missed there.
    """
    if huge:
        low = " " + seg_text.lower()
        found = [at for stem in stems if (at := low.find(" " + stem)) >= 0]
        return seg_text.count(" ", 0, min(found)) if found else None
    pattern = re.compile(r"(?<!\S)[^\w\s]*(?:" + "|".join(map(re.escape, stems)) + ")",
                         re.IGNORECASE)
    m = pattern.search(seg_text)
    return None if m is None else seg_text.count(" ", 0, m.start())


def _words_near(s: Session, seg_id: int, first_id: int, guess: int,
                stems: list[str]) -> tuple[list, list]:
    """The words within WORD_WINDOW of word `guess`, and those of them that match."""
    near = select(Word.id, Word.idx, Word.start, Word.text).where(Word.segment_id == seg_id)
    # words are stored in order, so ids run with idx; by idx (slower) if edits broke that
    for window in (Word.id.between(first_id + guess - WORD_WINDOW,
                                   first_id + guess + WORD_WINDOW),
                   Word.idx.between(guess - WORD_WINDOW, guess + WORD_WINDOW)):
        rows = s.execute(near.where(window).order_by(Word.idx)).all()
        hits = [r for r in rows if _word_matches(r.text, stems)]
        if hits:
            return rows, hits
    return [], []


def _context(rows: list, hit_idx: int, stems: list[str]) -> str:
    """Words around the hit with matching ones in [ ], like snippet() for a huge segment."""
    around = [r for r in rows if abs(r.idx - hit_idx) <= CONTEXT_WORDS]
    shown = [f"{HIT_START}{r.text}{HIT_END}" if _word_matches(r.text, stems) else r.text
             for r in around]
    return "…" + " ".join(shown) + "…"


def _segment_hit(s: Session, seg_id: int, match: str, stems: list[str]) -> SearchHit | None:
    """One transcript hit, its time at the first matching word.

    A segment of a million words (an absurd subtitle file imported before cues were
    limited) used to be loaded word by word as objects for every search, and `ebcd
    search` took minutes; now at most WORD_WINDOW words each side of the hit are read, and a
    huge segment's text is neither loaded nor highlighted by FTS5 whole.
    """
    row = s.execute(
        select(Segment.start, Recording.id, Recording.original_name)
        .join(Transcript, Transcript.id == Segment.transcript_id)
        .join(Recording, Recording.id == Transcript.recording_id)
        .where(Segment.id == seg_id)).first()
    if row is None:
        return None
    seg_start, rec_id, rec_name = row
    # two scalar subqueries: SQLite answers each from the index, but min and max in one
    # SELECT scan every word of the segment (154 ms for 830,000 words)
    of_segment = select(Word.id).where(Word.segment_id == seg_id)
    first_id = s.scalar(select(func.min(Word.id)).where(Word.segment_id == seg_id))
    last_id = s.scalar(of_segment.order_by(Word.id.desc()).limit(1))
    huge = first_id is not None and last_id - first_id > HUGE_SEGMENT_WORDS
    seg_text = s.scalar(select(Segment.text).where(Segment.id == seg_id)) or ""
    guess = _first_hit_index(seg_text, stems, huge)
    rows, matching = ([], []) if guess is None or first_id is None else \
        _words_near(s, seg_id, first_id, guess, stems)
    best = min(matching, key=lambda r: (abs(r.idx - guess), r.idx)) if matching else None
    if huge:
        context = _context(rows, best.idx, stems) if best else ""
    else:
        context = s.scalar(text(
            "SELECT snippet(segment_fts, 0, :a, :b, '…', 16) FROM segment_fts "
            "WHERE segment_fts MATCH :q AND rowid = :id"),
            {"q": match, "a": HIT_START, "b": HIT_END, "id": seg_id}) or ""
    return SearchHit("transcript", context, rec_id, rec_name,
                     best.start if best else seg_start, seg_id, best.id if best else None)


def search(store: ProjectStore, query: str, limit: int = 50) -> list[SearchHit]:
    match = fts_query(query)
    stems = _stems(_TOKEN.findall(query))
    hits: list[SearchHit] = []
    with store.session() as s:
        rows = s.execute(text(
            "SELECT rowid FROM segment_fts WHERE segment_fts MATCH :q ORDER BY rank LIMIT :n"),
            {"q": match, "n": limit}).scalars().all()
        for rowid in rows:
            hit = _segment_hit(s, rowid, match, stems)
            if hit is not None:
                hits.append(hit)
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
