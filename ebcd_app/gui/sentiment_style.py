"""How sentiment reads in the app's widgets: the domain's one palette, and its words.

The colours, tints and symbols are `domain.palette`'s (shared with the map and the packs);
this module adds how the widgets name a sentiment, always with its symbol.
"""

from __future__ import annotations

from ebcd_app.domain.models import Sentiment
from ebcd_app.domain.palette import COLOUR, SYMBOL, TINT, UNSET_COLOUR, UNSET_SYMBOL, UNSET_TINT

__all__ = ["COLOUR", "SYMBOL", "TINT", "UNSET_COLOUR", "UNSET_SYMBOL", "UNSET_TINT", "label",
           "mark"]


def label(sentiment: Sentiment | None) -> str:
    if sentiment is None:
        return "no sentiment"
    return f"{SYMBOL[sentiment]} {sentiment.value}"


def mark(sentiment: Sentiment | None) -> tuple[str, str]:
    """The symbol and colour that start a tagged span, so its sentiment reads without colour."""
    if sentiment is None:
        return UNSET_SYMBOL, UNSET_COLOUR
    return SYMBOL[sentiment], COLOUR[sentiment]
