"""The project's domain, as SQLAlchemy 2 typed models: what `domain` offers to the rest.

The classes live in modules by job (`enums`, `project`, `recordings`, `tagging`,
`codesign`, on the shared `base`); this module imports them all, so that
`from ebcd_app.domain.models import X` works for every X and importing it registers every
table on `Base.metadata` (Alembic's env and the store rely on that). Schema changes go
through Alembic migrations (store/migrations), and tests/test_store.py checks that the
migrated schema matches these models.
"""

from __future__ import annotations

from ebcd_app.domain.base import Base, enum_column, utcnow
from ebcd_app.domain.codesign import (
    AgendaTemplate,
    CodesignGroup,
    Event,
    EventPriority,
    FeedbackForm,
    GroupAction,
    GroupMeeting,
    GroupMember,
    Measure,
    MeasureValue,
    PdsaCycle,
    Pledge,
)
from ebcd_app.domain.enums import (
    ActionStatus,
    EventKind,
    JobState,
    JourneyType,
    MarkerState,
    PledgeKind,
    ProjectKind,
    RecordingState,
    Role,
    Scope,
    Sentiment,
    SuggestionKind,
    SuggestionState,
    TranscriptSource,
)
from ebcd_app.domain.project import AuditEntry, ConsentScope, Erasure, Job, Participant, Project
from ebcd_app.domain.recordings import (
    Recording,
    Segment,
    Speaker,
    Transcript,
    TranscriptVersion,
    Word,
    recording_participants,
)
from ebcd_app.domain.tagging import (
    Chapter,
    Clip,
    EmotionWord,
    Film,
    JourneyStage,
    Marker,
    ObservationNote,
    Suggestion,
    Theme,
    TouchPoint,
    touchpoint_themes,
)

__all__ = [
    "ActionStatus", "AgendaTemplate", "AuditEntry", "Base", "Chapter", "Clip", "CodesignGroup",
    "ConsentScope", "EmotionWord", "Erasure", "Event", "EventKind", "EventPriority",
    "FeedbackForm", "Film", "GroupAction",
    "GroupMeeting", "GroupMember", "Job", "JobState", "JourneyStage", "JourneyType", "Marker",
    "MarkerState", "Measure", "MeasureValue", "ObservationNote", "Participant", "PdsaCycle",
    "Pledge", "PledgeKind", "Project", "ProjectKind", "Recording", "RecordingState", "Role",
    "Scope", "Segment", "Sentiment",
    "Speaker", "Suggestion", "SuggestionKind", "SuggestionState", "Theme", "TouchPoint",
    "Transcript", "TranscriptSource", "TranscriptVersion", "Word", "enum_column",
    "recording_participants", "touchpoint_themes", "utcnow",
]
