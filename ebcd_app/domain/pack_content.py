"""What goes into each pack, decided by services/packs.py and laid out by packs/: plain data."""

from __future__ import annotations

from dataclasses import dataclass

from ebcd_app.domain.board_row import BoardRow
from ebcd_app.domain.consent import Audience
from ebcd_app.domain.event_views import EventView, FeedbackSummary, PledgeView
from ebcd_app.domain.group_views import GroupView, MeasureView
from ebcd_app.domain.map_model import MapData
from ebcd_app.domain.models import JourneyType
from ebcd_app.domain.redaction import Redactor
from ebcd_app.domain.runchart import RunChart


@dataclass(frozen=True)
class Visible:
    """The touch points an audience may see, and how many were held back for consent."""

    rows: list[BoardRow]
    quotes: list[BoardRow]
    withheld: int
    withheld_quotes: int
    # small-group protection (senior leadership): attributions generalised, and why
    generalised: int = 0
    why_generalised: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageBlock:
    journey: JourneyType
    journey_title: str
    stage: str
    rows: tuple[BoardRow, ...]


@dataclass(frozen=True)
class ChapterLine:
    timecode: str
    title: str
    duration: str


@dataclass(frozen=True)
class EventPack:
    project: str
    service: str
    event: EventView
    audience: Audience
    agenda: list[tuple[str, str, int]]
    blocks: list[StageBlock]
    map: MapData
    quotes: list[BoardRow]
    chapters: list[ChapterLine]
    candidates: list[str]
    withheld: int
    withheld_quotes: int
    shared_stages: list[str]
    redact: Redactor
    generalised: int = 0
    why_generalised: tuple[str, ...] = ()
    pledges: tuple[PledgeView, ...] = ()  # 15% solutions and commitments made before
    staff_experience: bool = False


@dataclass(frozen=True)
class MeasureResult:
    measure: MeasureView
    chart: RunChart
    before: float | None
    after: float | None


@dataclass(frozen=True)
class GroupPack:
    project: str
    service: str
    group: GroupView
    measures: list[MeasureResult]


@dataclass(frozen=True)
class CelebrationPack:
    project: str
    service: str
    event: EventView
    agenda: list[tuple[str, str, int]]
    agreed: list[str]
    groups: list[GroupPack]
    quotes: list[BoardRow]
    withheld_quotes: int
    pledges: tuple[PledgeView, ...] = ()  # every 15% solution and commitment
    feedback: tuple[FeedbackSummary, ...] = ()  # each event's feedback forms, summarised

