"""What the emotional map shows, as plain data: built by the core, drawn by maps/svg.py.

One lane per journey (patient, staff); in each lane the journey's stages in order; in each
stage the touch points grouped by sentiment, as emotion words with how often each occurs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ebcd_app.domain.enums import Sentiment

# top to bottom on the map
SENTIMENTS = (Sentiment.POSITIVE, Sentiment.MIXED, Sentiment.NEGATIVE)


@dataclass(frozen=True)
class EmotionCount:
    word: str  # "" when no emotion word was given
    count: int


@dataclass(frozen=True)
class StageColumn:
    name: str
    # sentiment -> emotion words, most frequent first
    cells: dict[Sentiment, tuple[EmotionCount, ...]] = field(default_factory=dict)

    def count(self, sentiment: Sentiment | None = None) -> int:
        keys = SENTIMENTS if sentiment is None else (sentiment,)
        return sum(e.count for k in keys for e in self.cells.get(k, ()))


@dataclass(frozen=True)
class JourneyLane:
    journey: str  # "patient" | "staff"
    title: str  # e.g. "Patient and family journey"
    stages: tuple[StageColumn, ...]

    def count(self) -> int:
        return sum(s.count() for s in self.stages)


@dataclass(frozen=True)
class MapData:
    title: str  # e.g. the project name
    subtitle: str  # e.g. "142 touch points from 12 interviews"
    lanes: tuple[JourneyLane, ...]
    unplaced: int = 0  # touch points with no stage or no sentiment (not drawn; footnote)
