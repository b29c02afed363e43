"""The project, its participants and what each consented to, and the records it keeps of
long work (jobs) and of who did what (the audit trail)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ebcd_app.domain.base import Base, enum_column, utcnow
from ebcd_app.domain.enums import JobState, JourneyType, ProjectKind, Role, Scope

if TYPE_CHECKING:
    from ebcd_app.domain.recordings import Recording


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(200), default="")
    journey_type: Mapped[JourneyType] = mapped_column(
        enum_column(JourneyType), default=JourneyType.PATIENT)
    vocabulary: Mapped[list[str]] = mapped_column(JSON, default=list)
    # the Whisper model its recordings are transcribed with: "base" (default) or "small"
    whisper_model: Mapped[str] = mapped_column(String(200), default="base")
    # what a redacted word sounds like in the film: "tone" (default) or "silence"
    redaction_sound: Mapped[str] = mapped_column(String(20), default="tone")
    kind: Mapped[ProjectKind] = mapped_column(enum_column(ProjectKind),
                                              default=ProjectKind.PATIENT_EXPERIENCE)
    # small-group protection: an attribute combination held by fewer staff than this is
    # never attributed in what senior leadership sees
    min_group: Mapped[int] = mapped_column(Integer, default=3)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def staff_experience(self) -> bool:
        """Listening to staff, with senior leaders in the room (not patient experience)."""
        return self.kind == ProjectKind.STAFF_EXPERIENCE


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    pseudonym: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role))
    # the role they agreed to be shown as ("a nurse on nights"), never their name
    shown_as: Mapped[str] = mapped_column(String(200), default="")
    # what small-group protection counts: {"band": "7", "team": "Ward 12", "shift": "nights"}
    attributes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consents: Mapped[list[ConsentScope]] = relationship(
        back_populates="participant", cascade="all, delete-orphan")
    recordings: Mapped[list[Recording]] = relationship(
        secondary="recording_participants", back_populates="participants")


class ConsentScope(Base):
    """One scope of one participant's consent; withdrawal is recorded, not deleted."""

    __tablename__ = "consent_scopes"
    __table_args__ = (UniqueConstraint("participant_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    scope: Mapped[Scope] = mapped_column(enum_column(Scope))
    granted: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))

    participant: Mapped[Participant] = relationship(back_populates="consents")


class Job(Base):
    """Long work (import, transcription, render) recorded so it can resume after a crash."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    state: Mapped[JobState] = mapped_column(enum_column(JobState), default=JobState.QUEUED)
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    inputs: Mapped[dict] = mapped_column(JSON, default=dict)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    pid: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Erasure(Base):
    """That a person was erased, when and by whom; never who, nor what they said. The
    fingerprint holds salted hashes of their words' 4-grams and of their name's parts, so
    an audit can find a copy left anywhere without the project keeping the words."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    erased_by: Mapped[str] = mapped_column(String(200), default="")
    salt: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[dict] = mapped_column(JSON, default=dict)


class AuditEntry(Base):
    """Who did what to whom, and when: consent changes, imports, withdrawals."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
