"""What a participant's consent allows: the single place that decides.

Every use of a person's material asks `decide()`, directly or through `film_use()` (how a
clip may appear in the film: seen, only heard, or not at all) and `pack_use()` (whether it
may be printed for the staff, the patients or both). A withdrawn scope counts as never
given, and the reason names it. A new use of material adds a row to `REQUIRED` here rather
than testing consent flags where it is used.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ebcd_app.domain.models import ConsentScope, Participant, ProjectKind, Scope


class Use(enum.StrEnum):
    TRANSCRIBE = "transcribe"
    QUOTE_IN_PACK = "quote in a pack"
    HEAR_IN_FILM = "be heard in the film"
    SEE_IN_FILM = "be seen in the film"
    SHOW_TO_STAFF = "show to staff"
    SHOW_TO_PATIENTS = "show to patients"
    SHOW_TO_LEADERSHIP = "show to senior leadership"
    HEAR_DISGUISED = "be heard with a disguised voice"
    WORDS_ON_SCREEN = "have their words on screen"
    ARCHIVE = "archive for reuse"


# Each use needs every scope listed (being transcribed presumes being recorded, etc.).
REQUIRED: dict[Use, tuple[Scope, ...]] = {
    Use.TRANSCRIBE: (Scope.RECORDED, Scope.TRANSCRIBED),
    Use.QUOTE_IN_PACK: (Scope.TRANSCRIBED, Scope.QUOTED_IN_PACKS),
    Use.HEAR_IN_FILM: (Scope.RECORDED, Scope.HEARD_IN_FILM),
    Use.SEE_IN_FILM: (Scope.RECORDED, Scope.HEARD_IN_FILM, Scope.SEEN_IN_FILM),
    Use.SHOW_TO_STAFF: (Scope.SHOWN_TO_STAFF,),
    Use.SHOW_TO_PATIENTS: (Scope.SHOWN_TO_PATIENTS,),
    Use.SHOW_TO_LEADERSHIP: (Scope.SHOWN_TO_LEADERSHIP,),
    Use.HEAR_DISGUISED: (Scope.RECORDED, Scope.HEARD_DISGUISED),
    Use.WORDS_ON_SCREEN: (Scope.TRANSCRIBED, Scope.WORDS_ON_SCREEN),
    Use.ARCHIVE: (Scope.ARCHIVED_FOR_REUSE,),
}


# The consent form's scopes, in its order, by kind of project: staff experience has no
# patient audience, adds senior leadership, and lets a person choose how they are in the
# film (own voice, disguised voice, words only, not at all).
SCOPES: dict[ProjectKind, tuple[Scope, ...]] = {
    ProjectKind.PATIENT_EXPERIENCE: (
        Scope.RECORDED, Scope.TRANSCRIBED, Scope.QUOTED_IN_PACKS, Scope.HEARD_IN_FILM,
        Scope.SEEN_IN_FILM, Scope.SHOWN_TO_STAFF, Scope.SHOWN_TO_PATIENTS,
        Scope.ARCHIVED_FOR_REUSE),
    ProjectKind.STAFF_EXPERIENCE: (
        Scope.RECORDED, Scope.TRANSCRIBED, Scope.QUOTED_IN_PACKS, Scope.HEARD_IN_FILM,
        Scope.HEARD_DISGUISED, Scope.WORDS_ON_SCREEN, Scope.SEEN_IN_FILM,
        Scope.SHOWN_TO_STAFF, Scope.SHOWN_TO_LEADERSHIP, Scope.ARCHIVED_FOR_REUSE),
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    withdrawn: bool = False  # refused because someone withdrew (not because never asked)

    def __bool__(self) -> bool:
        return self.allowed


def scope_in_force(consents: Iterable[ConsentScope], scope: Scope) -> bool:
    """Granted and not withdrawn; a scope never recorded counts as not given."""
    return any(c.scope == scope and c.granted and c.withdrawn_at is None for c in consents)


def has_withdrawn(person: Participant) -> bool:
    """They withdrew from the project (their consent to being recorded is withdrawn): none
    of their material, nor their name in a group, is used from now on."""
    return any(c.scope == Scope.RECORDED and c.withdrawn_at is not None
               for c in person.consents)


def decide(participants: Iterable[Participant], use: Use) -> Decision:
    """May material in which all these participants appear be used this way?"""
    for person in participants:
        missing = [s for s in REQUIRED[use] if not scope_in_force(person.consents, s)]
        if missing:
            withdrawn = [c.scope for c in person.consents
                         if c.scope in missing and c.withdrawn_at is not None]
            why = "withdrew consent for" if withdrawn else "has not consented to"
            names = ", ".join(s.value.replace("_", " ") for s in missing)
            label = person.pseudonym or f"participant {person.id}"
            return Decision(False, f"{label} ({person.role.value}) {why}: {names}",
                            bool(withdrawn))
    return Decision(True)


class Voice(NamedTuple):
    """A speaker as consent sees it: whose voice (a participant id, or None when nobody was
    matched to it) and whether it is the interviewer's."""

    participant_id: int | None
    interviewer: bool = False


def who_speaks(people: Sequence[Participant], voices: Sequence[Voice | None]
               ) -> list[Participant]:
    """Consent follows the speaker: of the people linked to a recording, those whose voices
    are heard in a span. The interviewer's voice needs nobody's consent. A voice matched to
    nobody could be anyone linked to the recording, so then all of them count (as before
    voices were told apart); so do they when only the interviewer is heard."""
    by_id = {p.id: p for p in people}
    chosen: dict[int, Participant] = {}
    for voice in voices:
        if voice is not None and voice.interviewer:
            continue
        if voice is None or voice.participant_id not in by_id:
            return list(people)
        chosen[voice.participant_id] = by_id[voice.participant_id]
    return list(chosen.values()) or list(people)


def only_interviewer(voices: Sequence[Voice | None]) -> bool:
    """A span in which only the interviewer speaks: left out of clips and quotes unless a
    person adds it on purpose."""
    return bool(voices) and all(v is not None and v.interviewer for v in voices)


class FilmUse(enum.StrEnum):
    """How a clip may appear in the film, decided once for render, preview and exports."""

    REFUSED = "refused"  # not in the film at all
    WORDS = "words"  # their words on a caption card, no voice
    DISGUISED = "disguised"  # heard with the voice disguised, on a caption card
    HEARD = "heard"  # heard, with a caption card instead of the picture
    SEEN = "seen"  # seen and heard


def film_use(participants: Iterable[Participant], *, leadership: bool = False
             ) -> tuple[FilmUse, str]:
    """The most a clip of these people may show, and why not more. From most to least:
    seen and heard; heard in their own voice; heard with the voice disguised; their
    words on screen only; not in the film. `leadership`: senior leaders will see the film
    (staff experience), so only people who agreed to be shown to them are in it."""
    people = list(participants)
    if leadership:
        shown = decide(people, Use.SHOW_TO_LEADERSHIP)
        if not shown:
            return FilmUse.REFUSED, f"{shown.reason} (senior leaders see the film)"
    seen = decide(people, Use.SEE_IN_FILM)
    if seen:
        return FilmUse.SEEN, ""
    heard = decide(people, Use.HEAR_IN_FILM)
    if heard:
        return FilmUse.HEARD, seen.reason
    disguised = decide(people, Use.HEAR_DISGUISED)
    if disguised:
        return FilmUse.DISGUISED, heard.reason
    words = decide(people, Use.WORDS_ON_SCREEN)
    if words:
        return FilmUse.WORDS, heard.reason
    return FilmUse.REFUSED, heard.reason


class Audience(enum.StrEnum):
    """Who will read a pack; each needs the matching 'shown to' scopes."""

    STAFF = "staff"
    PATIENTS = "patients"
    EVERYONE = "staff and patients"
    LEADERSHIP = "senior leadership"
    STAFF_AND_LEADERSHIP = "staff and senior leadership"

    @property
    def leadership(self) -> bool:
        """Senior leaders will see it: small groups are protected (services/packs.py)."""
        return self in (Audience.LEADERSHIP, Audience.STAFF_AND_LEADERSHIP)


AUDIENCE_USES: dict[Audience, tuple[Use, ...]] = {
    Audience.STAFF: (Use.SHOW_TO_STAFF,),
    Audience.PATIENTS: (Use.SHOW_TO_PATIENTS,),
    Audience.EVERYONE: (Use.SHOW_TO_STAFF, Use.SHOW_TO_PATIENTS),
    Audience.LEADERSHIP: (Use.SHOW_TO_LEADERSHIP,),
    Audience.STAFF_AND_LEADERSHIP: (Use.SHOW_TO_STAFF, Use.SHOW_TO_LEADERSHIP),
}


def pack_use(participants: Iterable[Participant], audience: Audience, *,
             quoted: bool = False) -> Decision:
    """May these people's material be printed in a pack for this audience (as a quote)?"""
    people = list(participants)
    uses = AUDIENCE_USES[audience] + ((Use.QUOTE_IN_PACK,) if quoted else ())
    for use in uses:
        verdict = decide(people, use)
        if not verdict:
            return verdict
    return Decision(True)
