"""Closing a gap in a transcript (typed, or decoded again); each one undoable.

Both run on the worker like every edit (gui/ops/transcript.py), so one Undo takes the
words out and brings the gap back.
"""

from __future__ import annotations

from ebcd_app.basics.clock import short_clock
from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import gaps
from ebcd_app.store.db import ProjectStore


def type_gap(ops: Ops, store: ProjectStore, recording_id: int, start: float, end: float,
             text: str, *, success: Done = None) -> None:
    ops.run(store, lambda: gaps.type_gap(store, recording_id, start, end, text),
            doing=f"type the speech at {short_clock(start)}-{short_clock(end)}",
            success=success)


def transcribe_gap_again(ops: Ops, store: ProjectStore, recording_id: int, start: float,
                         end: float, *, success: Done = None) -> None:
    """`success` gets (TranscriptChanged, words); 0 words: the gap stays, and the caller
    says "Whisper still heard no words in 0:27-0:42; type it instead"."""
    ops.run(store, lambda: gaps.transcribe_gap_again(store, recording_id, start, end),
            doing=f"transcribe {short_clock(start)}-{short_clock(end)} again",
            success=success)
