"""User actions on the film's cut; each one undoable."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from ebcd_app.gui.ops import Done, Ops
from ebcd_app.services import film
from ebcd_app.store.db import ProjectStore


def add_to_film(parent: QWidget, ops: Ops, store: ProjectStore, first_word_id: int,
                last_word_id: int, *, touchpoint_id: int | None = None,
                success: Done = None) -> None:
    """Ask which chapter (or a new one), then add the words as a clip: one action, so one
    undo takes back the new chapter with its clip."""
    chapters = [(c.title, c.id) for c in film.film_view(store).chapters]
    new = "New chapter…"
    choice, ok = QInputDialog.getItem(parent, "Add to the film", "Chapter:",
                                      [t for t, _ in chapters] + [new], 0, False)
    if not ok:
        return
    title = None
    if choice == new:
        title, ok = QInputDialog.getText(parent, "New chapter", "Chapter title (a theme):")
        if not ok or not title.strip():
            return
    chapter_id = dict(chapters).get(choice)

    def add() -> object:
        target = chapter_id if title is None else film.add_chapter(store, title)[1]
        return film.add_clip(store, target, first_word_id, last_word_id,
                             touchpoint_id=touchpoint_id, reason="added by hand")[0]
    ops.run(store, add, doing="add the words to the film", success=success)
