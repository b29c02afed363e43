"""Corrections to a transcript (a word, a merge, a split, a speaker); each one undoable.

The services hand back what they changed and what was there before; only the change goes
on to the views (`TranscriptChanged`: which recording to redraw). What was there before is
no longer needed here: the undo step puts the rows back.
"""

from __future__ import annotations

from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import editing
from ebcd_app.store.db import ProjectStore


def correct_word(ops: Ops, store: ProjectStore, word_id: int, text: str, *,
                 success: Done = None) -> None:
    """What typing over a word does: a space in the new text splits it (its time span is
    shared out), otherwise the spelling changes."""
    parts = text.split()
    if len(parts) > 1:
        ops.run(store, lambda: editing.split_word(store, word_id, parts)[0],
                doing=f"split into '{' '.join(parts)}'", success=success)
    else:
        ops.run(store, lambda: editing.set_word_text(store, word_id, text)[0],
                doing=f"change word to '{text}'", success=success)


def merge_with_next(ops: Ops, store: ProjectStore, word_id: int, *,
                    success: Done = None) -> None:
    ops.run(store, lambda: editing.merge_with_next(store, word_id)[0],
            doing="merge words", success=success)


def rename_speaker(ops: Ops, store: ProjectStore, speaker_id: int, label: str, *,
                   success: Done = None) -> None:
    ops.run(store, lambda: editing.rename_speaker(store, speaker_id, label)[0],
            doing=f"rename speaker to '{label}'", success=success)


def passage_speaker(ops: Ops, store: ProjectStore, segment_id: int, label: str, *,
                    success: Done = None) -> None:
    ops.run(store, lambda: editing.set_segment_speaker(store, segment_id, label)[0],
            doing=f"give the passage to '{label}'", success=success)
