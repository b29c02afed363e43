"""Every closed set of values the project stores, as StrEnums.

They are stored as their values (readable in the database, see `base.enum_column`) and are
plain data: the GUI, the CLI and the packs compare members, never their text.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    STAFF = "staff"
    PATIENT = "patient"
    FAMILY_CARER = "family-carer"
    OTHER = "other"


class JourneyType(enum.StrEnum):
    PATIENT = "patient"
    STAFF = "staff"


class Scope(enum.StrEnum):
    """What a participant may agree to, one row each in `consent_scopes`."""

    RECORDED = "recorded"
    TRANSCRIBED = "transcribed"
    QUOTED_IN_PACKS = "quoted_in_packs"
    HEARD_IN_FILM = "heard_in_film"
    SEEN_IN_FILM = "seen_in_film"
    SHOWN_TO_STAFF = "shown_to_staff"
    SHOWN_TO_PATIENTS = "shown_to_patients"
    ARCHIVED_FOR_REUSE = "archived_for_reuse"


class RecordingState(enum.StrEnum):
    IMPORTED = "imported"
    TRANSCRIBING = "transcribing"
    TRANSCRIBED = "transcribed"
    FAILED = "failed"


class TranscriptSource(enum.StrEnum):
    WHISPER = "whisper"
    SUBTITLES = "subtitles"


class Sentiment(enum.StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"


class MarkerState(enum.StrEnum):
    OPEN = "open"
    CONVERTED = "converted"
    DISMISSED = "dismissed"


class SuggestionKind(enum.StrEnum):
    SENTIMENT = "sentiment"
    REDACTION = "redaction"
    THEME = "theme"


class SuggestionState(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class EventKind(enum.StrEnum):
    STAFF_FEEDBACK = "staff-feedback"
    PATIENT_FEEDBACK = "patient-feedback"
    JOINT = "joint"
    CODESIGN_GROUP = "codesign-group"
    CELEBRATION = "celebration"


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"
