"""The one sentiment palette: the screen, the emotional map's SVG and the printed packs all
draw sentiment from here, so a touch point looks the same on the board, on the projector
and on paper.

Okabe-Ito colours (safe for the common colour blindnesses), always shown with a shape and a
word as well, so sentiment never relies on red and green, or on colour at all. The tints
are the colours' light backgrounds (a highlighted span in the transcript, a band of the
map, a row of the printed map); each keeps the muted text drawn on it at 4.5:1 or better
(WCAG AA), and stays visibly apart from white when printed on a grey photocopier.
"""

from __future__ import annotations

from ebcd_app.domain.enums import Sentiment

COLOUR: dict[Sentiment, str] = {Sentiment.POSITIVE: "#0072B2", Sentiment.MIXED: "#E69F00",
                                Sentiment.NEGATIVE: "#D55E00"}
TINT: dict[Sentiment, str] = {Sentiment.POSITIVE: "#d5e8f4", Sentiment.MIXED: "#fbeac2",
                              Sentiment.NEGATIVE: "#f8d8c4"}
SYMBOL: dict[Sentiment, str] = {Sentiment.POSITIVE: "▲", Sentiment.MIXED: "◆",
                                Sentiment.NEGATIVE: "▼"}
# a band's or a legend's name for it
LABEL: dict[Sentiment, str] = {s: s.value.capitalize() for s in Sentiment}
# tagged, sentiment not chosen yet: still a shape, not only a grey
UNSET_COLOUR = "#8a949e"
UNSET_TINT = "#e6e9ed"
UNSET_SYMBOL = "○"
