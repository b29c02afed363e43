"""A touch point as the board, the packs and the exports see it: plain data, no session."""

from __future__ import annotations

from dataclasses import dataclass

from ebcd_app.domain.models import (
    JourneyType,
    Role,
    Sentiment,
)

REDACTED = "[name]"


ROLE_LABELS = {Role.STAFF: "Staff member", Role.PATIENT: "Patient",
               Role.FAMILY_CARER: "Family carer", Role.OTHER: "Participant"}


@dataclass(frozen=True)
class BoardRow:
    id: int
    text: str
    recording_id: int | None
    recording_name: str
    note_id: int | None
    start: float | None
    end: float | None
    stage_id: int | None
    stage: str
    stage_position: int
    journey: JourneyType
    sentiment: Sentiment | None
    emotion: str
    themes: tuple[str, ...]
    note: str
    is_quote: bool
    roles: tuple[Role, ...]
    attribution: str  # "Patient ‘Ray’": role and pseudonym, never the name
    quote_allowed: bool
    quote_refusal: str = ""
    needs_attention: bool = False  # kept from a replaced transcript; text is the old words
    # the people whose voices are in it (consent follows the speaker); () for everyone linked
    speaker_ids: tuple[int, ...] = ()
    # why it may no longer be used at all (someone heard in it withdrew); "" when it may
    withdrawn: str = ""

