"""How sentiment looks everywhere in the app: a colour-blind-safe colour and a symbol.

Okabe-Ito colours, always with a symbol or word as well, so sentiment never relies on red
and green (or on colour at all).
"""

from __future__ import annotations

from ebcd_app.domain.models import Sentiment

COLOUR = {Sentiment.POSITIVE: "#0072B2", Sentiment.MIXED: "#E69F00",
          Sentiment.NEGATIVE: "#D55E00"}
TINT = {Sentiment.POSITIVE: "#d5e8f4", Sentiment.MIXED: "#fbeac2",
        Sentiment.NEGATIVE: "#f8d8c4"}
SYMBOL = {Sentiment.POSITIVE: "▲", Sentiment.MIXED: "◆", Sentiment.NEGATIVE: "▼"}
UNSET_TINT = "#e6e9ed"
UNSET_COLOUR = "#8a949e"
UNSET_SYMBOL = "○"  # tagged, sentiment not chosen yet: still a shape, not only a grey


def label(sentiment: Sentiment | None) -> str:
    if sentiment is None:
        return "no sentiment"
    return f"{SYMBOL[sentiment]} {sentiment.value}"


def mark(sentiment: Sentiment | None) -> tuple[str, str]:
    """The symbol and colour that start a tagged span, so its sentiment reads without colour."""
    if sentiment is None:
        return UNSET_SYMBOL, UNSET_COLOUR
    return SYMBOL[sentiment], COLOUR[sentiment]
