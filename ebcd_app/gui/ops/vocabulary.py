"""Adding journey stages and emotion words to the project's vocabulary; each one undoable."""

from __future__ import annotations

from ebcd_app.domain.models import JourneyType, Sentiment
from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import vocabulary
from ebcd_app.store.db import ProjectStore


def add_stage(ops: Ops, store: ProjectStore, journey: JourneyType, name: str, position: int,
              *, success: Done = None) -> None:
    ops.run(store, lambda: vocabulary.add_stage(store, journey, name, position),
            doing=f"add the stage '{name.strip()}'", success=success)


def add_emotion(ops: Ops, store: ProjectStore, word: str, sentiment: Sentiment, *,
                success: Done = None) -> None:
    ops.run(store, lambda: vocabulary.add_emotion(store, word, sentiment),
            doing=f"add the emotion word '{word.strip()}'", success=success)
