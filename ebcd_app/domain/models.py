"""The project's domain, as SQLAlchemy 2 typed models.

The whole EBCD domain is modelled from the first schema version so later features add
behaviour, not tables. Schema changes go through Alembic migrations (core/migrations),
and a test compares these models with the migrated schema.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


def _enum(cls: type[enum.Enum]) -> Enum:
    """Store enum values (readable in the database), not Python member names."""
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False,
                validate_strings=True, length=32)


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


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(200), default="")
    journey_type: Mapped[JourneyType] = mapped_column(_enum(JourneyType),
                                                      default=JourneyType.PATIENT)
    vocabulary: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


recording_participants = Table(
    "recording_participants",
    Base.metadata,
    Column("recording_id", ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
)

touchpoint_themes = Table(
    "touchpoint_themes",
    Base.metadata,
    Column("touchpoint_id", ForeignKey("touch_points.id", ondelete="CASCADE"),
           primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    pseudonym: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consents: Mapped[list[ConsentScope]] = relationship(
        back_populates="participant", cascade="all, delete-orphan")
    recordings: Mapped[list[Recording]] = relationship(
        secondary=recording_participants, back_populates="participants")


class ConsentScope(Base):
    """One scope of one participant's consent; withdrawal is recorded, not deleted."""

    __tablename__ = "consent_scopes"
    __table_args__ = (UniqueConstraint("participant_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    scope: Mapped[Scope] = mapped_column(_enum(Scope))
    granted: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))

    participant: Mapped[Participant] = relationship(back_populates="consents")


class Recording(Base):
    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    original_name: Mapped[str] = mapped_column(String(500))
    media_path: Mapped[str] = mapped_column(String(500))  # relative to the project folder
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    duration: Mapped[float] = mapped_column(Float)
    has_video: Mapped[bool] = mapped_column(Boolean, default=False)
    streams: Mapped[list[dict]] = mapped_column(JSON, default=list)
    state: Mapped[RecordingState] = mapped_column(_enum(RecordingState),
                                                  default=RecordingState.IMPORTED)
    error: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    participants: Mapped[list[Participant]] = relationship(
        secondary=recording_participants, back_populates="recordings")
    transcript: Mapped[Transcript | None] = relationship(
        back_populates="recording", cascade="all, delete-orphan", uselist=False)
    speakers: Mapped[list[Speaker]] = relationship(
        back_populates="recording", cascade="all, delete-orphan")


class Speaker(Base):
    """A voice in one recording ("Interviewer", "SPEAKER_01"), optionally a participant."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"))

    recording: Mapped[Recording] = relationship(back_populates="speakers")


class Transcript(Base):
    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), unique=True)
    source: Mapped[TranscriptSource] = mapped_column(_enum(TranscriptSource))
    model: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    corrected_at: Mapped[datetime | None] = mapped_column(DateTime)  # last edit by a person

    recording: Mapped[Recording] = relationship(back_populates="transcript")
    segments: Mapped[list[Segment]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="Segment.idx")


class TranscriptVersion(Base):
    """A transcript as it was before it was replaced (segments and words as JSON), so that
    transcribing again never destroys a person's corrections for good."""

    __tablename__ = "transcript_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    replaced_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    corrected_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    segments: Mapped[list[dict]] = mapped_column(JSON, default=list)


class Segment(Base):
    """A stretch of speech; `text` mirrors its words (kept for full-text search)."""

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(
        ForeignKey("transcripts.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="SET NULL"))

    transcript: Mapped[Transcript] = relationship(back_populates="segments")
    speaker: Mapped[Speaker | None] = relationship()
    words: Mapped[list[Word]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="Word.idx")


class Word(Base):
    __tablename__ = "words"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float] = mapped_column(Float)
    probability: Mapped[float] = mapped_column(Float, default=1.0)
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)

    segment: Mapped[Segment] = relationship(back_populates="words")


class ObservationNote(Base):
    """A field note from observing the clinical area (EBCD stage 1)."""

    __tablename__ = "observation_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    observed_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")


class JourneyStage(Base):
    __tablename__ = "journey_stages"
    __table_args__ = (UniqueConstraint("journey", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey: Mapped[JourneyType] = mapped_column(_enum(JourneyType))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)


class EmotionWord(Base):
    """The project's emotion vocabulary, grouped by sentiment (seeded from resources/)."""

    __tablename__ = "emotion_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(100), unique=True)
    sentiment: Mapped[Sentiment] = mapped_column(_enum(Sentiment))


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class TouchPoint(Base):
    """A moment of the journey: a span of words in a transcript, or a field note."""

    __tablename__ = "touch_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    first_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    last_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("observation_notes.id", ondelete="CASCADE"))
    note_start: Mapped[int | None] = mapped_column(Integer)  # characters of the note's text
    note_end: Mapped[int | None] = mapped_column(Integer)
    is_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("journey_stages.id", ondelete="SET NULL"))
    sentiment: Mapped[Sentiment | None] = mapped_column(_enum(Sentiment))
    emotion: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Where it was, kept when its transcript is replaced and it could not be placed again.
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False)
    anchor_text: Mapped[str] = mapped_column(Text, default="")
    anchor_start: Mapped[float | None] = mapped_column(Float)
    anchor_end: Mapped[float | None] = mapped_column(Float)

    themes: Mapped[list[Theme]] = relationship(secondary=touchpoint_themes)


class Marker(Base):
    """A moment flagged live with one key, later made a touch point or dismissed."""

    __tablename__ = "markers"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    at_seconds: Mapped[float | None] = mapped_column(Float)  # in the recording, if any
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    label: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[MarkerState] = mapped_column(_enum(MarkerState), default=MarkerState.OPEN)
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touch_points.id", ondelete="SET NULL"))


class Suggestion(Base):
    """A language suggestion (sentiment, a name to redact, a theme) awaiting a person."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SuggestionKind] = mapped_column(_enum(SuggestionKind))
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    first_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    last_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    value: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[SuggestionState] = mapped_column(_enum(SuggestionState),
                                                   default=SuggestionState.PENDING)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Film(Base):
    __tablename__ = "films"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    chapters: Mapped[list[Chapter]] = relationship(
        back_populates="film", cascade="all, delete-orphan", order_by="Chapter.position")


class Chapter(Base):
    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)

    film: Mapped[Film] = relationship(back_populates="chapters")
    clips: Mapped[list[Clip]] = relationship(
        back_populates="chapter", cascade="all, delete-orphan", order_by="Clip.position")


class Clip(Base):
    """A piece of one recording, from one word to another, with handles in milliseconds."""

    __tablename__ = "clips"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("chapters.id", ondelete="CASCADE"), index=True)
    # Empty only while it needs attention: its transcript was replaced and no new words
    # were spoken where it was (anchor_*).
    first_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    last_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touch_points.id", ondelete="SET NULL"))
    lead_in_ms: Mapped[int] = mapped_column(Integer, default=0)
    tail_ms: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it is in the film
    anchor_recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE", name="fk_clips_anchor_recording"))
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False)
    anchor_text: Mapped[str] = mapped_column(Text, default="")
    anchor_start: Mapped[float | None] = mapped_column(Float)
    anchor_end: Mapped[float | None] = mapped_column(Float)

    chapter: Mapped[Chapter] = relationship(back_populates="clips")


class Event(Base):
    """A feedback, joint or celebration event: what was put to the room and agreed."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    held_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[str] = mapped_column(String(5), default="10:00")  # "HH:MM", local
    facilitators: Mapped[list[str]] = mapped_column(JSON, default=list)
    attendance: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # role -> count
    notes: Mapped[str] = mapped_column(Text, default="")
    # staff event: the staff journey stages staff agreed to share with patients
    shared_stage_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    priorities: Mapped[list[EventPriority]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="EventPriority.position")


class EventPriority(Base):
    """A candidate priority put to the room; votes are the dots counted after the event."""

    __tablename__ = "event_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    votes: Mapped[int | None] = mapped_column(Integer)  # None: not counted yet
    agreed: Mapped[bool] = mapped_column(Boolean, default=False)

    event: Mapped[Event] = relationship(back_populates="priorities")


class AgendaTemplate(Base):
    """The project's agenda for one kind of event (seeded from resources/agendas)."""

    __tablename__ = "agenda_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind), unique=True)
    items: Mapped[list[dict]] = mapped_column(JSON, default=list)  # {"minutes", "item"}


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"


class CodesignGroup(Base):
    """A co-design group working on one agreed priority (EBCD stage 7)."""

    __tablename__ = "codesign_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str] = mapped_column(Text, default="")
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_priorities.id", ondelete="SET NULL"))
    started_on: Mapped[date | None] = mapped_column(Date)
    changed: Mapped[str] = mapped_column(Text, default="")  # what changed (celebration)
    next_steps: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    members: Mapped[list[GroupMember]] = relationship(
        cascade="all, delete-orphan", order_by="GroupMember.id")
    meetings: Mapped[list[GroupMeeting]] = relationship(
        cascade="all, delete-orphan", order_by="GroupMeeting.held_on")
    actions: Mapped[list[GroupAction]] = relationship(
        cascade="all, delete-orphan", order_by="GroupAction.position")
    cycles: Mapped[list[PdsaCycle]] = relationship(
        cascade="all, delete-orphan", order_by="PdsaCycle.number")
    measures: Mapped[list[Measure]] = relationship(
        cascade="all, delete-orphan", order_by="Measure.id")


class GroupMember(Base):
    """A patient, carer or member of staff in a group; an interviewee links to the person."""

    __tablename__ = "group_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role))


class GroupMeeting(Base):
    __tablename__ = "group_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class GroupAction(Base):
    __tablename__ = "group_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus), default=ActionStatus.OPEN)


class PdsaCycle(Base):
    """Plan-Do-Study-Act: one small test of change."""

    __tablename__ = "pdsa_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    prediction: Mapped[str] = mapped_column(Text, default="")
    happened: Mapped[str] = mapped_column(Text, default="")  # Do
    learnt: Mapped[str] = mapped_column(Text, default="")  # Study
    next_step: Mapped[str] = mapped_column(Text, default="")  # Act
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class Measure(Base):
    """A named series of dated values a group tracks, drawn as a run chart."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("codesign_groups.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    change_on: Mapped[date | None] = mapped_column(Date)  # when the change was introduced

    values: Mapped[list[MeasureValue]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureValue.on")


class MeasureValue(Base):
    __tablename__ = "measure_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")


class Job(Base):
    """Long work (import, transcription, render) recorded so it can resume after a crash."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    state: Mapped[JobState] = mapped_column(_enum(JobState), default=JobState.QUEUED)
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    inputs: Mapped[dict] = mapped_column(JSON, default=dict)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    pid: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """Who did what to whom, and when: consent changes, imports, withdrawals."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
