"""User actions on the film's cut; each one undoable (Edit ▸ Undo takes back exactly one)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QInputDialog, QWidget

from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import film, film_draft
from ebcd_app.store.db import ProjectStore

Refresh = Callable[[], None] | None


def add_to_film(parent: QWidget, ops: Ops, store: ProjectStore, first_word_id: int,
                last_word_id: int, *, touchpoint_id: int | None = None,
                success: Done = None) -> None:
    """Ask which chapter (or a new one), then add the words as a clip: one action, so one
    undo takes back the new chapter with its clip. The chapters are read on the worker,
    after the edits before this one, so the list offered is the cut as it is."""
    def ask(view: film.FilmView) -> None:
        chapters = [(c.title, c.id) for c in view.chapters]
        new = "New chapter…"
        choice, ok = QInputDialog.getItem(parent, "Add to the film", "Chapter:",
                                          [t for t, _ in chapters] + [new], 0, False)
        if not ok:
            return
        title = None
        if choice == new:
            title, ok = QInputDialog.getText(parent, "New chapter",
                                             "Chapter title (a theme):")
            if not ok or not title.strip():
                return
        chapter_id = dict(chapters).get(choice)

        def add() -> object:
            target = chapter_id if title is None else film.add_chapter(store, title)[1]
            return film.add_clip(store, target, first_word_id, last_word_id,
                                 touchpoint_id=touchpoint_id, reason="added by hand")[0]
        ops.run(store, add, doing="add the words to the film", success=success)
    ops.read(lambda: film.film_view(store), success=ask, doing="read the film's chapters")


def add_chapter(ops: Ops, store: ProjectStore, title: str, *, success: Done = None) -> None:
    """`success` gets the new chapter's id."""
    ops.run(store, lambda: film.add_chapter(store, title)[1], doing="add the chapter",
            success=success)


def rename_chapter(ops: Ops, store: ProjectStore, chapter_id: int, title: str) -> None:
    ops.run(store, lambda: film.update_chapter(store, chapter_id, title=title),
            doing="rename the chapter")


def delete_chapter(ops: Ops, store: ProjectStore, chapter_id: int) -> None:
    """One undo puts the chapter back with all its clips."""
    ops.run(store, lambda: film.delete_chapter(store, chapter_id), doing="remove the chapter")


def delete_clip(ops: Ops, store: ProjectStore, clip_id: int) -> None:
    ops.run(store, lambda: film.delete_clip(store, clip_id), doing="remove the clip")


Cut = Sequence[tuple[int, Sequence[int]]]  # (chapter id, its clip ids) in film order


def rearrange(ops: Ops, store: ProjectStore, wanted: Cut, *, refresh: Refresh = None) -> None:
    """Put chapters and clips in the order `wanted` (what a drag or a Move button leaves):
    one action however many moved, so one undo puts the whole cut back."""
    ops.run(store, lambda: film.arrange(store, wanted), doing="reorder the film",
            refresh=refresh)


def set_handles(ops: Ops, store: ProjectStore, clip_id: int, *, lead_in_ms: int,
                tail_ms: int, refresh: Refresh = None) -> None:
    """`refresh` puts the spin boxes back if the handles were refused."""
    ops.run(store, lambda: film.update_clip(store, clip_id, lead_in_ms=lead_in_ms,
                                            tail_ms=tail_ms),
            doing="trim the clip", refresh=refresh)


def trim_to_words(ops: Ops, store: ProjectStore, clip_id: int, first_word_id: int,
                  last_word_id: int, *, success: Done = None) -> None:
    ops.run(store, lambda: film.update_clip(store, clip_id, first_word_id=first_word_id,
                                            last_word_id=last_word_id),
            doing="trim the clip to the selected words", success=success)


def auto_draft(ops: Ops, store: ProjectStore, *, success: Done = None) -> None:
    """Replace the cut with a draft from the touch points; one undo brings the old cut
    back. `success` gets the DraftResult."""
    ops.run(store, lambda: film_draft.auto_draft(store), doing="draft the film",
            success=success)
