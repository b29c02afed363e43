"""Deciding language suggestions: accepting or rejecting several is one undoable action."""

from __future__ import annotations

from collections.abc import Sequence

from ebcd_app.gui.ops import Ops
from ebcd_app.services import suggestions
from ebcd_app.store.db import ProjectStore


def decide_suggestions(ops: Ops, store: ProjectStore, ids: Sequence[int], *, accept: bool,
                       by: str) -> None:
    def decide() -> object:
        change: object = suggestions.SuggestionsChanged()
        for sid in ids:
            act = suggestions.accept if accept else suggestions.reject
            change = act(store, sid, author=by)
        return change

    ops.run(store, decide,
            doing="accept the suggestions" if accept else "reject the suggestions")
