"""The emotional map as a standalone SVG document, for the projector and for printed A4.

Co-design groups (patients and staff) read this picture together, so it favours large type,
calm colours and redundant cues: each sentiment has an Okabe-Ito colour (safe for colour
blindness), a shape (▲ ◆ ▼), a written label and a band position (positive at the top), so
the map still reads in greyscale. Only the standard library is used, so the core can export
maps without Qt, and only SVG Tiny 1.2 features (no CSS, filters or foreignObject) with the
styling on each element, so Qt's QSvgRenderer draws exactly what a browser does.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ebcd_app.domain.enums import Sentiment
from ebcd_app.domain.map_model import SENTIMENTS, JourneyLane, MapData, StageColumn
from ebcd_app.domain.palette import COLOUR, LABEL, TINT

FONT = "DejaVu Sans, Arial, sans-serif"
INK, MUTED, HEADER = "#1F2328", "#555E6B", "#EEF0F3"

# Sizes are in user units of a map DESIGN_W wide, chosen for a projector; a map with many
# stages is laid out wider (MIN_COL per stage) and scaled down rather than squeezed.
DESIGN_W, MIN_COL, MARGIN, LABEL_W, GUTTER = 1600, 120, 32, 132, 4
STAGE_PX, WORD_PX, SMALL_PX, LINE_H = 18, 16, 16, 20
CHIP_PAD_X, CHIP_PAD_Y, CHIP_GAP, MARK, MARK_GAP = 5, 5, 6, 10, 5
CELL_PAD, MAX_ROWS, MIN_BAND_H = 5, 4, 56

# Advance widths of DejaVu Sans for " " to "~", in hundredths of an em (rounded up), so text
# can be fitted without a font engine; anything else counts as a wide letter.
_REGULAR = [int(w) for w in (
    "32 41 46 84 64 96 78 28 40 40 50 84 32 37 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 "
    "84 54 100 69 69 70 78 64 58 78 76 30 30 66 56 87 75 79 61 79 70 64 62 74 69 99 69 62 69 40 "
    "34 40 84 50 50 62 64 55 64 62 36 64 64 28 28 58 28 98 64 62 64 64 42 53 40 64 60 82 60 60 "
    "53 64 34 64 84").split()]
_BOLD = [int(w) for w in (
    "35 46 53 84 70 101 88 31 46 46 53 84 38 42 38 37 70 70 70 70 70 70 70 70 70 70 40 40 84 84 "
    "84 59 100 78 77 74 84 69 69 83 84 38 38 78 64 100 84 86 74 86 78 73 69 82 78 111 78 73 73 "
    "46 37 46 84 50 50 68 72 60 72 68 44 72 72 35 35 67 35 105 72 69 72 72 50 60 48 72 66 93 65 "
    "66 59 72 37 72 84").split()]
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_width(text: str, px: float, bold: bool = False) -> float:
    """Estimate the drawn width of text, 3% generous so fitted text never spills over."""
    table, wide = (_BOLD, 92) if bold else (_REGULAR, 84)
    hundredths = sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else
                     100 if ord(c) >= 0x2E80 else wide for c in text)
    return hundredths / 100 * px * 1.03


def clean(text: str) -> str:
    """User text with characters XML cannot hold removed and whitespace runs collapsed."""
    return " ".join(_NOT_XML.sub("", text).split())


def ellipsize(text: str, max_w: float, px: float, bold: bool = False) -> str:
    """Shorten text to fit max_w, ending in '…'; a clipped word beats one over a neighbour."""
    if text_width(text, px, bold) <= max_w:
        return text
    while text and text_width(text.rstrip() + "…", px, bold) > max_w:
        text = text[:-1]
    return text.rstrip() + "…"


_PREFIXES = ("over", "under", "dis", "mis", "non", "self", "inter")
_VOWELS = set("aeiouy")
_SUFFIXES = ("ment", "ness", "tion", "sion", "ful", "less", "ing", "ship", "able")
# consonant pairs that stay together (digraphs, and clusters that begin a syllable)
_PAIRS = set("ch ck gh ng ph sh th wh bl br cl cr dr fl fr gl gr pl pr sc sk sl sp st sw tr"
             .split())


def _hyphenate(word: str, max_w: float, px: float, bold: bool) -> tuple[str, str]:
    """Break a word too long for a line with a hyphen: an emotion word is what someone said,
    so showing all of it over two lines beats clipping it. Without a dictionary, prefer a
    prefix or suffix ("over-whelmed", "respect-ed"), then a break between two consonants
    ("embar-rassed"), then before a consonant and vowel ("deve-lopment"), then anywhere."""
    low = word.lower()
    fits = [c for c in range(len(word) - 2, 1, -1)
            if text_width(word[:c] + "-", px, bold) <= max_w]
    affix = [c for c in fits if low[:c] in _PREFIXES or low[c:] in _SUFFIXES
             or (low[c:] == "ed" and low[c - 1] in "td")]  # "respect-ed", not "respec-ted"
    cuts = [c for c in fits if c <= len(word) - 3]  # otherwise at least three letters move on
    between = [c for c in cuts if not {low[c - 1], low[c]} & _VOWELS
               and low[c - 1 : c + 1] not in _PAIRS]
    onset = [c for c in cuts if low[c - 1] in _VOWELS and low[c] not in _VOWELS
             and low[c + 1] in _VOWELS]  # "deve-lopment" rather than "develo-pment"
    cut = (affix or between or onset or cuts or [0])[0]
    return (word[:cut] + "-", word[cut:]) if cut else (word, "")


def wrap(text: str, max_w: float, px: float, *, bold: bool = False,
         max_lines: int = 2) -> list[str]:
    """Greedy word wrap by estimated width (SVG has none). A word too long for any line is
    hyphenated where it stands; whatever is left after max_lines ends the last line in '…'."""
    words, lines = clean(text).split(), list[str]()
    while words and len(lines) < max_lines:
        line = ""
        while words:
            joined = f"{line} {words[0]}".strip()
            if text_width(joined, px, bold) <= max_w:
                line = joined
                words.pop(0)
                continue
            if len(lines) < max_lines - 1 and text_width(words[0], px, bold) > max_w:
                room = max_w - (text_width(line + " ", px, bold) if line else 0)
                head, tail = _hyphenate(words[0], room, px, bold)
                if tail:
                    line, words[0] = f"{line} {head}".strip(), tail
            break
        if not line:  # a word that cannot be split: clip it, and everything after it, here
            lines.append(" ".join(words))
            return [ellipsize(line, max_w, px, bold) for line in lines]
        lines.append(line)
    if words:
        lines[-1] += " " + " ".join(words)
    return [ellipsize(line, max_w, px, bold) for line in lines] or [""]


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class _Canvas:
    """A thin ElementTree wrapper; ElementTree escapes every attribute and text for us."""

    def __init__(self, width: float) -> None:
        self.width = width
        self.root = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "version": "1.2",
                                       "baseProfile": "tiny"})
        self.background = self.rect(0, 0, width, 0, "#FFFFFF")

    def rect(self, x: float, y: float, w: float, h: float, fill: str, *, rx: float = 0,
             stroke: str = "none", stroke_width: float = 1.0) -> ET.Element:
        return ET.SubElement(self.root, "rect", {
            "x": _num(x), "y": _num(y), "width": _num(w), "height": _num(h), "rx": _num(rx),
            "fill": fill, "stroke": stroke, "stroke-width": _num(stroke_width)})

    def text(self, x: float, y: float, text: str, *, px: float, fill: str = INK,
             bold: bool = False, italic: bool = False, anchor: str = "start") -> ET.Element:
        element = ET.SubElement(self.root, "text", {
            "x": _num(x), "y": _num(y), "font-family": FONT, "font-size": _num(px),
            "fill": fill, "text-anchor": anchor})
        if bold:
            element.set("font-weight", "bold")
        if italic:
            element.set("font-style", "italic")
        element.text = text
        return element

    def marker(self, sentiment: Sentiment, cx: float, cy: float, size: float) -> None:
        """The sentiment's shape (▲ ◆ ▼), so the map does not rely on colour alone."""
        r = size / 2
        points = {Sentiment.POSITIVE: [(0, -r), (r, r * 0.8), (-r, r * 0.8)],
                  Sentiment.MIXED: [(0, -r * 1.1), (r, 0), (0, r * 1.1), (-r, 0)],
                  Sentiment.NEGATIVE: [(-r, -r * 0.8), (r, -r * 0.8), (0, r)]}[sentiment]
        ET.SubElement(self.root, "polygon", {
            "points": " ".join(f"{_num(cx + dx)},{_num(cy + dy)}" for dx, dy in points),
            "fill": COLOUR[sentiment], "stroke": "none"})

    def polyline(self, points: list[tuple[float, float]], colour: str, width: float) -> None:
        ET.SubElement(self.root, "polyline", {
            "points": " ".join(f"{_num(x)},{_num(y)}" for x, y in points), "fill": "none",
            "stroke": colour, "stroke-width": _num(width), "stroke-linejoin": "round"})

    def finish(self, height: float, out_width: int) -> str:
        self.background.set("height", _num(height))
        self.root.set("width", str(out_width))
        self.root.set("height", str(round(height * out_width / self.width)))
        self.root.set("viewBox", f"0 0 {_num(self.width)} {_num(height)}")
        body = ET.tostring(self.root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


@dataclass(frozen=True)
class _Chip:
    """One emotion word as drawn: wrapped lines, its count on the last line, its size."""

    sentiment: Sentiment
    lines: tuple[str, ...]
    count: str  # "×3", or "" when the word occurs once
    italic: bool  # "(no word)" stands in for a touch point with no emotion word
    width: float

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_H + 2 * CHIP_PAD_Y


def _chip(sentiment: Sentiment, word: str, count: int, max_w: float) -> _Chip:
    """Fit a word and its count into the column: wrap (the count may take a line of its own),
    and clip with '…' only past three lines."""
    italic, word = not clean(word), clean(word) or "(no word)"
    suffix = f"×{count}" if count > 1 else ""
    room = max_w - 2 * CHIP_PAD_X - MARK - MARK_GAP
    suffix_w = text_width(" " + suffix, WORD_PX, True) if suffix else 0
    lines = wrap(word, room, WORD_PX, max_lines=3)
    if text_width(lines[-1], WORD_PX) + suffix_w > room:
        if len(lines) < 3:
            lines.append("")
        else:
            lines[-1] = ellipsize(lines[-1], room - suffix_w, WORD_PX)
    widest = max(text_width(t, WORD_PX) + (suffix_w if i == len(lines) - 1 else 0)
                 for i, t in enumerate(lines))
    return _Chip(sentiment, tuple(lines), suffix, italic,
                 2 * CHIP_PAD_X + MARK + MARK_GAP + widest)


def _cell(stage: StageColumn, sentiment: Sentiment, col_w: float) -> tuple[list[_Chip], int]:
    """The chips of one cell, most frequent first, and how many words did not fit ("+k more")."""
    words = stage.cells.get(sentiment, ())
    shown = words if len(words) <= MAX_ROWS else words[: MAX_ROWS - 1]
    max_w = col_w - GUTTER - 2 * CELL_PAD
    return [_chip(sentiment, e.word, e.count, max_w) for e in shown], len(words) - len(shown)


def _cell_height(chips: list[_Chip], more: int) -> float:
    rows = [c.height for c in chips] + ([LINE_H] if more else [])
    return sum(rows) + CHIP_GAP * max(0, len(rows) - 1) + 2 * CELL_PAD


def _draw_cell(svg: _Canvas, chips: list[_Chip], more: int, x: float, y: float) -> None:
    """Stack chips from the top-left of a cell: a white rounded chip, marker, word and count."""
    y += CELL_PAD
    for chip in chips:
        svg.rect(x, y, chip.width, chip.height, "#FFFFFF", rx=7,
                 stroke=COLOUR[chip.sentiment], stroke_width=1.5)
        svg.marker(chip.sentiment, x + CHIP_PAD_X + MARK / 2, y + CHIP_PAD_Y + LINE_H / 2, MARK)
        for i, line in enumerate(chip.lines):
            base = y + CHIP_PAD_Y + i * LINE_H + 15
            element = svg.text(x + CHIP_PAD_X + MARK + MARK_GAP, base, line, px=WORD_PX,
                               fill=MUTED if chip.italic else INK, italic=chip.italic)
            if chip.count and i == len(chip.lines) - 1:
                count = ET.SubElement(element, "tspan", {"font-weight": "bold"})
                element.text = f"{line} " if line else ""  # Qt drops a tspan's leading space
                count.text = chip.count
        y += chip.height + CHIP_GAP
    if more:
        svg.text(x + 2, y + 15, f"+{more} more", px=WORD_PX, fill=MUTED, italic=True)


def _header(svg: _Canvas, lane: JourneyLane, x0: float, col_w: float, y: float) -> float:
    """Stage names (wrapped, three lines at most) and totals; returns the y below them."""
    names = [wrap(s.name, col_w - GUTTER - 6, STAGE_PX, bold=True, max_lines=3)
             for s in lane.stages]
    rows = max(len(n) for n in names)
    height = 14 + rows * 23 + 24
    svg.rect(MARGIN, y, LABEL_W - GUTTER, height, HEADER)
    svg.text(MARGIN + 10, y + 30, "Stage", px=SMALL_PX, fill=MUTED, bold=True)
    totals = _totals(lane, col_w - GUTTER - 6)
    for i, (total, lines) in enumerate(zip(totals, names, strict=True)):
        cx = x0 + (i + 0.5) * col_w
        svg.rect(x0 + i * col_w + GUTTER / 2, y, col_w - GUTTER, height, HEADER)
        for j, line in enumerate(lines):
            svg.text(cx, y + 30 + j * 23, line, px=STAGE_PX, bold=True, anchor="middle")
        svg.text(cx, y + 30 + rows * 23 + 2, total, px=SMALL_PX, fill=MUTED, anchor="middle")
    return y + height + GUTTER


def _totals(lane: JourneyLane, room: float) -> list[str]:
    """Each stage's total in the longest wording that fits every column, so the row reads alike."""
    counts = [stage.count() for stage in lane.stages]
    for word in ("touch point", "point"):
        labels = [_plural(n, word) for n in counts]
        if all(text_width(label, SMALL_PX) <= room for label in labels):
            return labels
    return [str(n) for n in counts]


def dominant(stage: StageColumn) -> Sentiment | None:
    """The stage's most common sentiment; a tie between sentiments reads as mixed feelings."""
    counts = {s: stage.count(s) for s in SENTIMENTS}
    best = max(counts.values())
    if best == 0:
        return None
    top = [s for s, n in counts.items() if n == best]
    return top[0] if len(top) == 1 else Sentiment.MIXED


def _curve(svg: _Canvas, lane: JourneyLane, x0: float, col_w: float, y: float) -> float:
    """The classic emotional-map line: each stage's most common sentiment, high to low."""
    height, step = 76, 22
    svg.rect(MARGIN, y, LABEL_W - GUTTER, height, HEADER)
    svg.text(MARGIN + 10, y + 33, "Overall", px=SMALL_PX, fill=MUTED, bold=True)
    svg.text(MARGIN + 10, y + 53, "feeling", px=SMALL_PX, fill=MUTED, bold=True)
    right = x0 + len(lane.stages) * col_w - GUTTER / 2
    svg.rect(x0 + GUTTER / 2, y, right - x0 - GUTTER / 2, height, "#F7F8F9")
    for k in range(3):  # faint guides for the three levels
        svg.polyline([(x0 + 12, y + 16 + k * step), (right - 10, y + 16 + k * step)], "#E3E6EA", 1)
    runs: list[list[tuple[Sentiment, float, float]]] = [[]]
    for i, stage in enumerate(lane.stages):
        feeling = dominant(stage)
        if feeling is None:  # a stage with no touch points breaks the line
            runs.append([])
        else:
            runs[-1].append((feeling, x0 + (i + 0.5) * col_w,
                             y + 16 + SENTIMENTS.index(feeling) * step))
    for run in runs:
        if len(run) > 1:
            svg.polyline([(x, py) for _, x, py in run], "#7D8590", 2.5)
    for feeling, x, py in (mark for run in runs for mark in run):
        svg.marker(feeling, x, py, 16)
    return y + height + GUTTER


def _lane(svg: _Canvas, lane: JourneyLane, y: float) -> float:
    """One journey: title, stage header, overall line and the three sentiment bands."""
    total = f"·  {_plural(lane.count(), 'touch point')}"
    title = ellipsize(clean(lane.title), svg.width - 2 * MARGIN - text_width(total, 20), 26, True)
    span = ET.SubElement(svg.text(MARGIN, y + 26, title + " ", px=26, bold=True), "tspan",
                         {"font-size": "20", "font-weight": "normal", "fill": MUTED})
    span.text = total
    y += 42
    if not lane.stages:
        svg.text(MARGIN, y + 24, "No stages in this journey yet.", px=WORD_PX, fill=MUTED)
        return y + 40
    x0 = MARGIN + LABEL_W
    col_w = (svg.width - MARGIN - x0) / len(lane.stages)
    y = _header(svg, lane, x0, col_w, y)
    if lane.count():
        y = _curve(svg, lane, x0, col_w, y)
    band_top = y
    for sentiment in SENTIMENTS:
        cells = [_cell(stage, sentiment, col_w) for stage in lane.stages]
        height = max([MIN_BAND_H] + [_cell_height(*cell) for cell in cells])
        _band_label(svg, sentiment, y, height)
        for i, (chips, more) in enumerate(cells):
            svg.rect(x0 + i * col_w + GUTTER / 2, y, col_w - GUTTER, height, TINT[sentiment])
            _draw_cell(svg, chips, more, x0 + i * col_w + GUTTER / 2 + CELL_PAD, y)
        y += height + GUTTER
    if not lane.count():
        svg.text(x0 + (svg.width - MARGIN - x0) / 2, (band_top + y) / 2 + 7,
                 "No touch points in this journey yet.", px=18, fill=MUTED, anchor="middle")
    return y


def _band_label(svg: _Canvas, sentiment: Sentiment, y: float, height: float) -> None:
    """Name the band in words beside its shape; the colour alone would not be enough."""
    svg.rect(MARGIN, y, LABEL_W - GUTTER, height, TINT[sentiment])
    svg.marker(sentiment, MARGIN + 18, y + height / 2 - 1, 16)
    svg.text(MARGIN + 32, y + height / 2 + 6, LABEL[sentiment], px=18, bold=True)


def _legend(svg: _Canvas, y: float, unplaced: int, curve: bool) -> float:
    """Explain the shapes, the counts, the line and the '+k more'; the footnote goes last."""
    svg.polyline([(MARGIN, y), (svg.width - MARGIN, y)], "#D5D9DE", 1)
    y += 20
    svg.text(MARGIN, y + 20, "Key", px=18, bold=True)
    x: float = MARGIN + 70
    for sentiment in SENTIMENTS:
        width = text_width(LABEL[sentiment], 18) + 44
        svg.rect(x, y, width, 30, "#FFFFFF", rx=7, stroke=COLOUR[sentiment], stroke_width=1.5)
        svg.marker(sentiment, x + 16, y + 15, 14)
        svg.text(x + 30, y + 21, LABEL[sentiment], px=18)
        x += width + 14
    notes = ("Each word is how people felt; ×3 means it came up 3 times. The most frequent "
             "words are shown; “+k more” counts the rest.")
    if curve:
        notes += " The grey line follows the most common feeling at each stage."
    lines = wrap(notes, svg.width - MARGIN - x - 16, SMALL_PX, max_lines=3)
    for i, line in enumerate(lines):
        svg.text(x + 16, y + 14 + i * 21, line, px=SMALL_PX, fill=MUTED)
    y += max(30, len(lines) * 21) + 16
    if unplaced:
        note = (f"{_plural(unplaced, 'touch point')} not shown: "
                "no stage or no sentiment chosen yet.")
        svg.text(MARGIN, y + 18, note, px=SMALL_PX, fill=MUTED, italic=True)
        y += 30
    return y


def render_svg(data: MapData, *, width: int = 1600) -> str:
    """The whole emotional map as an SVG document `width` pixels wide, height from content."""
    most = max((len(lane.stages) for lane in data.lanes), default=0)
    svg = _Canvas(max(DESIGN_W, 2 * MARGIN + LABEL_W + most * MIN_COL))
    y: float = MARGIN
    for line in wrap(data.title, svg.width - 2 * MARGIN, 34, bold=True):
        svg.text(MARGIN, y + 34, line, px=34, bold=True)
        y += 44
    for line in filter(None, wrap(data.subtitle, svg.width - 2 * MARGIN, 20)):
        svg.text(MARGIN, y + 22, line, px=20, fill=MUTED)
        y += 28
    y += 24
    if not data.lanes:
        svg.text(MARGIN, y + 20, "Nothing to map yet: no journeys.", px=18, fill=MUTED)
        y += 50
    for lane in data.lanes:
        y = _lane(svg, lane, y) + 36
    curve = any(lane.count() for lane in data.lanes)
    return svg.finish(_legend(svg, y, data.unplaced, curve) + MARGIN - 10, width)
