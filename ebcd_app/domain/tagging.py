"""What the facilitators make of the material: field notes, journey stages, emotion words and
themes, touch points, live markers, language suggestions, and the trigger film's chapters
and clips."""

from __future__ import annotations

from datetime import datetime

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ebcd_app.domain.base import Base, enum_column, utcnow
from ebcd_app.domain.enums import (
    JourneyType,
    MarkerState,
    Sentiment,
    SuggestionKind,
    SuggestionState,
)


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
    journey: Mapped[JourneyType] = mapped_column(enum_column(JourneyType))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)


class EmotionWord(Base):
    """The project's emotion vocabulary, grouped by sentiment (seeded from ebcd_app/resources/)."""

    __tablename__ = "emotion_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(100), unique=True)
    sentiment: Mapped[Sentiment] = mapped_column(enum_column(Sentiment))


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


touchpoint_themes = Table(
    "touchpoint_themes",
    Base.metadata,
    Column("touchpoint_id", ForeignKey("touch_points.id", ondelete="CASCADE"),
           primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


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
    sentiment: Mapped[Sentiment | None] = mapped_column(enum_column(Sentiment))
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
    state: Mapped[MarkerState] = mapped_column(enum_column(MarkerState), default=MarkerState.OPEN)
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touch_points.id", ondelete="SET NULL"))


class Suggestion(Base):
    """A language suggestion (sentiment, a name to redact, a theme) awaiting a person."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SuggestionKind] = mapped_column(enum_column(SuggestionKind))
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    first_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    last_word_id: Mapped[int | None] = mapped_column(
        ForeignKey("words.id", ondelete="CASCADE"), index=True)
    value: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[SuggestionState] = mapped_column(
        enum_column(SuggestionState), default=SuggestionState.PENDING)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Film(Base):
    __tablename__ = "films"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # why the film must be rendered again (clips erased with a person); "" when it need not
    needs_render: Mapped[str] = mapped_column(Text, default="")

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
