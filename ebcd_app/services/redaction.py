"""The project's one redaction decision, read from the store, for every output.

Why one place: redaction used to be applied by the packs alone, so a name the packs hid
still appeared in the quotes list, the touch point CSV, the transcript exports and the
film's subtitles (issue 17). Every output now asks here.

What is redacted: every phrase a person flagged (a run of redacted words in a transcript,
"Sister Okafor", "Ward 7", matched as a whole, never "Ward" alone in "Ward 8"), every
single flagged word that was flagged alone (a name), and each participant's real name and
its parts (their pseudonym is what outputs print, so it stays).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ebcd_app.domain.board_row import REDACTED
from ebcd_app.domain.enums import SuggestionKind, SuggestionState
from ebcd_app.domain.models import Participant, Suggestion, Word
from ebcd_app.domain.redaction import NOT_NAMES, Redactor
from ebcd_app.store.db import ProjectStore

_EDGE = " .,;:!?\"'()[]‘’“”"
# What a facilitator's own views (search, film show) say of themselves: they show what was
# said, names included, and are never what an export writes.
FACILITATOR_VIEW = ("shown unredacted: a facilitator's view; exports, packs and the film "
                    "write [name]")


def _clean(word: str) -> str:
    word = word.strip(_EDGE)
    return word[:-2] if word.endswith(("'s", "’s")) else word


def flagged_phrases(s: Session) -> set[str]:
    """Each phrase a person chose to redact (an accepted redaction suggestion), and each
    run of consecutive redacted words in a segment, as one phrase; a run can join two
    phrases said back to back ("Ward 7 Sister Okafor"), so both are kept."""
    phrases: set[str] = {
        str(value.get("text", "")) for (value,) in s.execute(
            select(Suggestion.value).where(Suggestion.kind == SuggestionKind.REDACTION,
                                           Suggestion.state == SuggestionState.ACCEPTED))}
    run: list[str] = []
    last: tuple[int, int] | None = None
    rows = s.execute(select(Word.segment_id, Word.idx, Word.text)
                     .where(Word.redacted.is_(True)).order_by(Word.segment_id, Word.idx))
    for seg_id, idx, text in rows:
        if last is not None and (seg_id != last[0] or idx != last[1] + 1):
            phrases.add(" ".join(run))
            run = []
        run.append(text.strip())
        last = (seg_id, idx)
    if run:
        phrases.add(" ".join(run))
    return {p for p in (_clean(x) for x in phrases) if p}


def real_names(s: Session) -> set[str]:
    """Participants' real names, whole and in parts (titles and role words left out)."""
    names: set[str] = set()
    pseudonyms = {p.lower() for (p,) in s.execute(select(Participant.pseudonym)) if p}
    for (display,) in s.execute(select(Participant.display_name)):
        display = display.strip()
        if display and display.lower() not in pseudonyms:
            names.add(display)
        for part in re.findall(r"[A-Za-zÀ-ÿ'’-]+", display):
            if (len(part) >= 2 and part[0].isupper() and part.lower() not in NOT_NAMES
                    and part.lower() not in pseudonyms):
                names.add(part)
    return names


def redactor_in(s: Session) -> Redactor:
    return Redactor.of(flagged_phrases(s) | real_names(s))


def project_redactor(store: ProjectStore) -> Redactor:
    """The Redactor every output of this project applies."""
    with store.session() as s:
        return redactor_in(s)



def redact_words(words: Sequence[tuple[str, float, float, bool]], redact: Redactor
                 ) -> list[tuple[str, float, float, bool]]:
    """(text, start, end, flagged) with each run of flagged words made one [name] over the
    run's time (so a caption reads "[name]", not "[name] [name]", and the film covers the
    run once), and every other word passed through `redact` (a real name said aloud)."""
    out: list[tuple[str, float, float, bool]] = []
    for text, start, end, flagged in words:
        if flagged:
            tail = "".join(ch for ch in text if ch in ".,;:!?")
            if out and out[-1][3]:
                out[-1] = (REDACTED + tail, out[-1][1], end, True)
            else:
                out.append((REDACTED + tail, start, end, True))
        else:
            out.append((redact(text), start, end, False))
    return out
