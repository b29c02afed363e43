"""Undoable transcript edits: QUndoCommands whose redo and undo are service calls.

Each command runs through the single-worker OperationRunner, so a redo and the undo that
follows it always reach the database in order. What an undo needs (the old text, the
merged word's original timings) is stored by the worker function itself, before the next
queued call can run.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ebcd_app.gui.operations import OperationRunner
from ebcd_app.services import editing
from ebcd_app.store.db import ProjectStore


class _ServiceCommand(QUndoCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, text: str) -> None:
        super().__init__(text)
        self.runner, self.store = runner, store

    def _run(self, fn: Callable[[], object]) -> None:
        self.runner.run(fn)


class EditWordCommand(_ServiceCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, word_id: int,
                 new_text: str) -> None:
        super().__init__(runner, store, f"Change word to '{new_text}'")
        self.word_id, self.new_text, self.old_text = word_id, new_text, ""

    def redo(self) -> None:
        def op() -> editing.TranscriptChanged:
            change, self.old_text = editing.set_word_text(self.store, self.word_id,
                                                          self.new_text)
            return change
        self._run(op)

    def undo(self) -> None:
        self._run(lambda: editing.set_word_text(self.store, self.word_id, self.old_text)[0])


class MergeWordsCommand(_ServiceCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, word_id: int) -> None:
        super().__init__(runner, store, "Merge words")
        self.word_id = word_id
        self.undo_data: editing.MergeUndo | None = None

    def redo(self) -> None:
        def op() -> editing.TranscriptChanged:
            change, self.undo_data = editing.merge_with_next(self.store, self.word_id)
            return change
        self._run(op)

    def undo(self) -> None:
        def op() -> editing.TranscriptChanged:
            assert self.undo_data is not None
            return editing.unmerge(self.store, self.undo_data)
        self._run(op)


class SplitWordCommand(_ServiceCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, word_id: int,
                 parts: list[str]) -> None:
        super().__init__(runner, store, f"Split into '{' '.join(parts)}'")
        self.word_id, self.parts, self.old_text = word_id, parts, ""

    def redo(self) -> None:
        def op() -> editing.TranscriptChanged:
            self.old_text = editing.word_text(self.store, self.word_id)
            change, _first = editing.split_word(self.store, self.word_id, self.parts)
            return change
        self._run(op)

    def undo(self) -> None:
        def op() -> editing.TranscriptChanged:
            change = None
            for _ in range(len(self.parts) - 1):
                change, _undo = editing.merge_with_next(self.store, self.word_id)
            # merging restores the span; the text goes back to what it was before the split
            editing.set_word_text(self.store, self.word_id, self.old_text)
            assert change is not None
            return change
        self._run(op)


class RenameSpeakerCommand(_ServiceCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, speaker_id: int,
                 label: str) -> None:
        super().__init__(runner, store, f"Rename speaker to '{label}'")
        self.speaker_id, self.label, self.old = speaker_id, label, ""

    def redo(self) -> None:
        def op() -> editing.TranscriptChanged:
            change, self.old = editing.rename_speaker(self.store, self.speaker_id, self.label)
            return change
        self._run(op)

    def undo(self) -> None:
        self._run(lambda: editing.rename_speaker(self.store, self.speaker_id, self.old)[0])


class PassageSpeakerCommand(_ServiceCommand):
    def __init__(self, runner: OperationRunner, store: ProjectStore, segment_id: int,
                 label: str) -> None:
        super().__init__(runner, store, f"Passage spoken by '{label}'")
        self.segment_id, self.label, self.old = segment_id, label, ""

    def redo(self) -> None:
        def op() -> editing.TranscriptChanged:
            change, self.old = editing.set_segment_speaker(self.store, self.segment_id,
                                                           self.label)
            return change
        self._run(op)

    def undo(self) -> None:
        self._run(lambda: editing.set_segment_speaker(self.store, self.segment_id,
                                                      self.old)[0])
