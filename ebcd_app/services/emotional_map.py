"""The emotional map's content, from the board's rows (drawn by ebcd_app.maps.svg)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ebcd_app.domain.map_model import SENTIMENTS, EmotionCount, JourneyLane, MapData, StageColumn
from ebcd_app.domain.models import JourneyType
from ebcd_app.services.board import BoardRow
from ebcd_app.services.projects import project_info
from ebcd_app.services.redaction import project_redactor
from ebcd_app.services.vocabulary import stages
from ebcd_app.store.db import ProjectStore

LANE_TITLES = {JourneyType.PATIENT: "Patient and family journey",
               JourneyType.STAFF: "Staff journey"}


def build_map(store: ProjectStore, rows: Sequence[BoardRow],
              journeys: Sequence[JourneyType] = (JourneyType.PATIENT, JourneyType.STAFF)
              ) -> MapData:
    """Stages in journey order; in each, emotion words counted per sentiment."""
    placed = [r for r in rows if r.stage and r.sentiment is not None]
    lanes = []
    for journey in journeys:
        columns = []
        for stage in stages(store, journey):
            cells = {}
            for sentiment in SENTIMENTS:
                words = Counter(r.emotion for r in placed if r.stage_id == stage.id
                                and r.sentiment == sentiment)
                cells[sentiment] = tuple(EmotionCount(w, n) for w, n in
                                         sorted(words.items(), key=lambda kv: (-kv[1], kv[0])))
            columns.append(StageColumn(stage.name, cells))
        lanes.append(JourneyLane(journey.value, LANE_TITLES[journey], tuple(columns)))
    recordings = {r.recording_id for r in placed if r.recording_id}
    info = project_info(store)
    subtitle = (f"{len(placed)} touch points from {len(recordings)} interview"
                f"{'s' if len(recordings) != 1 else ''}")
    title = project_redactor(store)(info.name)  # a title that names the place is redacted
    return MapData(title, subtitle, tuple(lanes), unplaced=len(rows) - len(placed))
