"""Recordings and what was heard in them: speakers, the transcript, its segments and words,
and the transcripts a new one replaced."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ebcd_app.domain.base import Base, enum_column, utcnow
from ebcd_app.domain.enums import RecordingState, TranscriptSource

if TYPE_CHECKING:
    from ebcd_app.domain.project import Participant


recording_participants = Table(
    "recording_participants",
    Base.metadata,
    Column("recording_id", ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
)


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
    state: Mapped[RecordingState] = mapped_column(
        enum_column(RecordingState), default=RecordingState.IMPORTED)
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
    # the interviewer's turns need nobody's consent and stay out of clips and quotes
    is_interviewer: Mapped[bool] = mapped_column(Boolean, default=False)

    recording: Mapped[Recording] = relationship(back_populates="speakers")


class Transcript(Base):
    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), unique=True)
    source: Mapped[TranscriptSource] = mapped_column(enum_column(TranscriptSource))
    model: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    corrected_at: Mapped[datetime | None] = mapped_column(DateTime)  # last edit by a person
    # [[start, end], ...] s of speech still without words after decoding again (issue 16)
    untranscribed: Mapped[list[list[float]]] = mapped_column(JSON, default=list)

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
