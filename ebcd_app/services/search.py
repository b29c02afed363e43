"""Full-text search over every transcript and field note in the project (SQLite FTS5)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import Segment, Word
from ebcd_app.store.db import ProjectStore

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
HUGE_SEGMENT_BYTES = 20_000  # beyond this (some 3,000 words) a segment is handled sparingly
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


def _words_near(s: Session, seg_id: int, guess: int, huge: bool) -> list:
    """The words within WORD_WINDOW of word `guess`, in order."""
    near = select(Word.id, Word.idx, Word.start, Word.text).where(Word.segment_id == seg_id)
    by_idx = Word.idx.between(guess - WORD_WINDOW, guess + WORD_WINDOW)
    if huge:
        # words are stored in order, so ids run with idx: a range of ids is read straight
        # from the table, where idx would scan every word of the segment
        first_id = s.scalar(select(Word.id).where(Word.segment_id == seg_id)
                            .order_by(Word.id).limit(1))
        if first_id is not None:
            rows = s.execute(near.where(Word.id.between(first_id + guess - WORD_WINDOW,
                                                        first_id + guess + WORD_WINDOW),
                                        by_idx).order_by(Word.idx)).all()
            if any(r.idx == guess for r in rows):
                return list(rows)
    return list(s.execute(near.where(by_idx).order_by(Word.idx)).all())


def _context(rows: list, hit_idx: int, stems: list[str]) -> str:
    """Words around the hit with matching ones in [ ], like snippet() for a huge segment."""
    around = [r for r in rows if abs(r.idx - hit_idx) <= CONTEXT_WORDS]
    shown = [f"{HIT_START}{r.text}{HIT_END}" if _word_matches(r.text, stems) else r.text
             for r in around]
    return "…" + " ".join(shown) + "…"


def _segment_hits(s: Session, match: str, stems: list[str], limit: int) -> list[SearchHit]:
    """Transcript hits, each timed at its first matching word.

    A segment of a million words (an absurd subtitle file imported before cues were
    limited) used to be loaded word by word as objects for every search, and `ebcd search`
    took minutes. Now one query gives every hit with its recording, and the text and
    snippet() of normal segments; a huge segment is not highlighted by snippet() (121 ms
    over 5 MB) and, for any segment, only the words near the hit are read: for all the
    normal segments in one more query, for each huge one apart.
    """
    rows = s.execute(text(
        "SELECT f.rowid, g.start, r.id, r.original_name, "
        "length(CAST(g.text AS BLOB)) > :huge AS huge, "
        "CASE WHEN length(CAST(g.text AS BLOB)) <= :huge THEN g.text END, "
        "CASE WHEN length(CAST(g.text AS BLOB)) <= :huge "
        "THEN snippet(segment_fts, 0, :a, :b, '…', 16) END "
        "FROM segment_fts f JOIN segments g ON g.id = f.rowid "
        "JOIN transcripts t ON t.id = g.transcript_id "
        "JOIN recordings r ON r.id = t.recording_id "
        "WHERE segment_fts MATCH :q ORDER BY f.rank LIMIT :n"),
        {"q": match, "a": HIT_START, "b": HIT_END, "n": limit, "huge": HUGE_SEGMENT_BYTES})
    found = rows.all()
    guesses: dict[int, int | None] = {}
    for seg_id, _start, _rec, _name, huge, seg_text, _snippet in found:
        if not huge:
            guesses[seg_id] = _first_hit_index(seg_text or "", stems, False)
    near = _words_near_many(s, {k: g for k, g in guesses.items() if g is not None})
    hits: list[SearchHit] = []
    for seg_id, seg_start, rec_id, rec_name, huge, _text, snippet in found:
        if huge:  # rare: read apart, sparingly (see _words_near)
            seg_text = s.scalar(select(Segment.text).where(Segment.id == seg_id))
            guess = _first_hit_index(seg_text or "", stems, True)
            words = [] if guess is None else _words_near(s, seg_id, guess, True)
        else:
            guess, words = guesses[seg_id], near.get(seg_id, [])
        matching = [w for w in words if _word_matches(w.text, stems)]
        best = min(matching, key=lambda w: (abs(w.idx - guess), w.idx)) if matching else None
        if huge:
            snippet = _context(words, best.idx, stems) if best else ""
        hits.append(SearchHit("transcript", snippet or "", rec_id, rec_name,
                              best.start if best else seg_start, seg_id,
                              best.id if best else None))
    return hits


NEAR_CHUNK = 200  # hits whose words one query reads


def _words_near_many(s: Session, guesses: dict[int, int]) -> dict[int, list]:
    """For each segment id, its words within WORD_WINDOW of the guessed word, in order:
    all the hits' words in one query (they were read one hit at a time)."""
    found: dict[int, list] = defaultdict(list)
    items = sorted(guesses.items())
    for at in range(0, len(items), NEAR_CHUNK):
        where = or_(*(and_(Word.segment_id == seg_id,
                           Word.idx.between(guess - WORD_WINDOW, guess + WORD_WINDOW))
                      for seg_id, guess in items[at:at + NEAR_CHUNK]))
        for row in s.execute(select(Word.segment_id, Word.id, Word.idx, Word.start, Word.text)
                             .where(where).order_by(Word.segment_id, Word.idx)):
            found[row.segment_id].append(row)
    return found


def search(store: ProjectStore, query: str, limit: int = 50) -> list[SearchHit]:
    match = fts_query(query)
    stems = _stems(_TOKEN.findall(query))
    with store.session() as s:
        hits = _segment_hits(s, match, stems, limit)
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
