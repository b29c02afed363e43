"""A first cut of the film, drawn from the tagged touch points, for the editor to change.

Chapters are the themes, in the order of the care journey; clips are chosen round by round
so that every chapter hears more than one person, staff and patient voices are balanced
where both exist, and both good and bad moments appear. Each clip records why it was chosen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from ebcd_app.domain.consent import FilmUse, film_use
from ebcd_app.domain.film_plan import TITLE_CARD_SECONDS
from ebcd_app.domain.models import Recording, Role, Sentiment, TouchPoint
from ebcd_app.services import board, film
from ebcd_app.services.projects import get_project
from ebcd_app.store.db import ProjectStore

TARGET = 27.5 * 60
HANDLES = (film.LEAD_IN_MS + film.TAIL_MS) / 1000


@dataclass(frozen=True)
class DraftResult:
    chapters: int
    clips: int
    duration: float
    budget: str  # the film view's budget sentence
    notes: tuple[str, ...]



def _length(r: board.BoardRow) -> float:
    """Seconds a touch point lasts (the draft only picks timed ones; a field note's has none)."""
    return (r.end or 0.0) - (r.start or 0.0)

def _voice(row: board.BoardRow) -> str:
    return "staff" if row.roles and all(r == Role.STAFF for r in row.roles) else "patient"


def _pick(candidates: list[board.BoardRow], chosen: list[board.BoardRow],
          voices_available: set[str]) -> tuple[board.BoardRow, str]:
    """The next clip for a chapter, and the reason, by the draft's rules in order."""
    heard = {r.recording_id for r in chosen}
    voices = [_voice(r) for r in chosen]
    feelings = {r.sentiment for r in chosen}

    def score(r: board.BoardRow) -> tuple:
        new_person = r.recording_id not in heard
        balance = (len(voices_available) > 1
                   and voices.count(_voice(r)) < max(voices.count(v) for v in voices_available))
        new_feeling = (r.sentiment in (Sentiment.POSITIVE, Sentiment.NEGATIVE)
                       and r.sentiment not in feelings)
        return (new_person, balance, new_feeling, r.is_quote, -_length(r))

    best = max(candidates, key=score)
    new_person, balance, new_feeling, quote, _ = score(best)
    who = f"{best.attribution} ({best.stage or 'no stage'}"
    who += f", {best.emotion})" if best.emotion else ")"
    if not chosen:
        why = "opens the chapter"
    elif new_person:
        why = "adds another person's voice"
    elif balance:
        why = f"balances {_voice(best)} voices"
    elif new_feeling and best.sentiment is not None:
        why = f"adds a {best.sentiment.value} moment"
    else:
        why = "a quote that fits the theme" if quote else "more on this theme"
    return best, f"{why}: {who}"


def _candidates(store: ProjectStore) -> dict[str, list[board.BoardRow]]:
    with store.session() as s:
        leaders = get_project(s).staff_experience
        allowed = {r.id: film_use(r.participants, leadership=leaders)[0] != FilmUse.REFUSED
                   for r in s.query(Recording)}
    by_theme: dict[str, list[board.BoardRow]] = defaultdict(list)
    for row in board.load_board(store):
        if row.recording_id is None or row.start is None or not allowed.get(row.recording_id):
            continue
        if row.quote_refusal == board.ONLY_INTERVIEWER:  # the interviewer's turn: not by default
            continue
        for theme in row.themes or ((row.stage,) if row.stage else ()):
            by_theme[theme].append(row)
    return by_theme


def _replace_film(store: ProjectStore, order: list[str],
                  picked: dict[str, list[tuple[board.BoardRow, str]]]) -> int:
    """The old film's chapters out and the draft's in, in one transaction: a failure half
    way leaves the film as it was, never half a draft. Returns the clips added."""
    ids = [row.id for theme in order for row, _ in picked[theme]]
    with store.session() as s:
        ends = {tid: (first, last) for tid, first, last in s.execute(
            select(TouchPoint.id, TouchPoint.first_word_id, TouchPoint.last_word_id)
            .where(TouchPoint.id.in_(ids)))} if ids else {}
        film.clear_film_in(s)
        clips = 0
        for theme in order:
            if not picked[theme]:
                continue
            chapter = film.add_chapter_to(s, theme)
            for row, why in picked[theme]:
                if row.id not in ends:  # deleted since the board was read
                    continue
                first, last = ends[row.id]
                film.add_clip_to(s, chapter, first, last, touchpoint_id=row.id, reason=why)
                clips += 1
        return clips


def auto_draft(store: ProjectStore, *, target: float = TARGET) -> DraftResult:
    """Replace the film with a draft of about `target` seconds (title cards included)."""
    by_theme = _candidates(store)
    order = sorted(by_theme, key=lambda t: (min((r.journey.value != "patient", r.stage_position)
                                                 for r in by_theme[t]), t))
    used: set[int] = set()
    picked: dict[str, list[tuple[board.BoardRow, str]]] = {t: [] for t in order}
    total = TITLE_CARD_SECONDS * len(order)
    progress = True
    while total < target and progress:
        progress = False
        for theme in order:
            free = [r for r in by_theme[theme] if r.id not in used]
            if not free or total >= target:
                continue
            voices = {_voice(r) for r in by_theme[theme]}
            row, why = _pick(free, [r for r, _ in picked[theme]], voices)
            picked[theme].append((row, why))
            used.add(row.id)
            total += _length(row) + HANDLES
            progress = True
    clips = _replace_film(store, order, picked)
    view = film.film_view(store)
    status, sentence = view.budget()
    notes = []
    if status == "under":
        notes.append("There is not enough tagged material for 25 minutes yet: tag more touch "
                     "points with themes, then draft again.")
    lonely = [c.title for c in view.chapters if len({x.recording_id for x in c.clips}) < 2]
    if lonely:
        notes.append("Only one person is heard in: " + ", ".join(lonely))
    return DraftResult(len(view.chapters), clips, view.duration, sentence, tuple(notes))
