"""Journey stages, emotion words and themes: shipped defaults, editable per project."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ebcd_app.basics.errors import EbcdError
from ebcd_app.basics.resources import resources_dir
from ebcd_app.domain.models import (
    EmotionWord,
    JourneyStage,
    JourneyType,
    Project,
    Sentiment,
    Theme,
)
from ebcd_app.store.db import ProjectStore


@dataclass(frozen=True)
class StageInfo:
    id: int
    journey: JourneyType
    name: str
    position: int


def seed_defaults(session: Session) -> None:
    """Give a project the shipped stages, emotion words (and, for staff experience, the
    staff-wellbeing themes), once (empty tables only)."""
    folder = resources_dir() / "vocabularies"
    project = session.scalars(select(Project).limit(1)).first()
    staff = project is not None and project.staff_experience
    extra = json.loads((folder / "staff_experience.json").read_text("utf-8")) if staff else {}
    if session.scalar(select(func.count()).select_from(JourneyStage)) == 0:
        stages = json.loads((folder / "journey_stages.json").read_text(encoding="utf-8"))
        if staff:  # the whole staff journey, from recruitment to leaving; no patient one
            stages = {"staff": extra["stages"]}
        for journey, names in stages.items():
            for i, name in enumerate(names):
                session.add(JourneyStage(journey=JourneyType(journey), name=name, position=i))
    if session.scalar(select(func.count()).select_from(EmotionWord)) == 0:
        words = json.loads((folder / "emotion_words.json").read_text(encoding="utf-8"))
        seen: set[str] = set()
        for sentiment, items in words.items():
            for word in [*items, *extra.get("emotion_words", {}).get(sentiment, [])]:
                if word not in seen:  # the staff list repeats some general words
                    seen.add(word)
                    session.add(EmotionWord(word=word, sentiment=Sentiment(sentiment)))
    if staff and session.scalar(select(func.count()).select_from(Theme)) == 0:
        for name, description in extra["themes"].items():
            session.add(Theme(name=name, description=description))


def stages(store: ProjectStore, journey: JourneyType | None = None) -> list[StageInfo]:
    with store.session() as s:
        q = select(JourneyStage).order_by(JourneyStage.journey, JourneyStage.position)
        if journey is not None:
            q = q.where(JourneyStage.journey == journey)
        return [StageInfo(st.id, st.journey, st.name, st.position) for st in s.scalars(q)]


def add_stage(store: ProjectStore, journey: JourneyType, name: str,
              position: int | None = None) -> int:
    """Insert a stage (at the end, or before the stage now at `position`)."""
    name = name.strip()
    if not name:
        raise EbcdError("a journey stage needs a name")
    with store.session() as s:
        existing = list(s.scalars(select(JourneyStage).where(JourneyStage.journey == journey)
                                  .order_by(JourneyStage.position)))
        if any(st.name.lower() == name.lower() for st in existing):
            raise EbcdError(f"the {journey.value} journey already has a stage '{name}'")
        at = len(existing) if position is None else max(0, min(position, len(existing)))
        for st in existing[at:]:
            st.position += 1
        stage = JourneyStage(journey=journey, name=name, position=at)
        s.add(stage)
        s.flush()
        return stage.id


def emotions(store: ProjectStore) -> dict[Sentiment, list[str]]:
    with store.session() as s:
        out: dict[Sentiment, list[str]] = {sent: [] for sent in Sentiment}
        for word in s.scalars(select(EmotionWord).order_by(EmotionWord.word)):
            out[word.sentiment].append(word.word)
        return out


def add_emotion(store: ProjectStore, word: str, sentiment: Sentiment) -> None:
    word = word.strip().lower()
    if not word:
        raise EbcdError("an emotion word cannot be empty")
    with store.session() as s:
        if s.scalars(select(EmotionWord).where(EmotionWord.word == word)).first() is None:
            s.add(EmotionWord(word=word, sentiment=sentiment))


def theme_names(store: ProjectStore) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(Theme.name).order_by(Theme.name)))


def themes_by_name(session: Session, names: list[str]) -> list[Theme]:
    """The themes with these names, creating the new ones (themes grow as the work goes)."""
    found: list[Theme] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        theme = session.scalars(select(Theme).where(func.lower(Theme.name) == name.lower())
                                ).first()
        if theme is None:
            theme = Theme(name=name)
            session.add(theme)
            session.flush()
        if theme not in found:
            found.append(theme)
    return found
