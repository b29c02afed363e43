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


class ProjectKind(enum.StrEnum):
    """Whose experience a project listens to. Patient experience (the default) feeds back
    to staff and to patients; staff experience listens to the workforce and feeds back to
    colleagues and to senior leadership."""

    PATIENT_EXPERIENCE = "patient-experience"
    STAFF_EXPERIENCE = "staff-experience"


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
    # staff experience: who else may see it, and how a person may be in the film
    SHOWN_TO_LEADERSHIP = "shown_to_leadership"
    HEARD_DISGUISED = "heard_disguised"  # heard with the voice disguised
    WORDS_ON_SCREEN = "words_on_screen"  # their words on screen, no voice


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
    # staff experience: senior leaders listen, then meet staff of all levels
    LEADERSHIP_LISTENING = "leadership-listening"
    JOINT_LEADERSHIP = "joint-leadership"


class PledgeKind(enum.StrEnum):
    """What someone at an event committed to, with an owner and a date."""

    FIFTEEN_PERCENT = "15% solution"  # what I will do, without extra permission or money
    COMMITMENT = "commitment"  # a senior leader's action at the listening event


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
