"""Charts for print packs, drawn as vectors so they stay sharp on any printer.

A run chart shows a measure over time against its median; the points that form a shift or a
trend are marked with their own shape and colour and named in a legend, so a group can see
at a glance whether a change has made a difference, in colour or in a grey photocopy. The
emotional map is the printed twin of the on-screen map (maps/svg.py): one table per journey,
stages across, positive / mixed / negative down, with the same marks and colours.

The same Drawing gives the GUI an SVG (drawing_svg), so screen and paper never disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ebcd_app.domain.enums import Sentiment
from ebcd_app.domain.map_model import SENTIMENTS, MapData, StageColumn
from ebcd_app.domain.palette import LABEL
from ebcd_app.domain.runchart import RunChart
from ebcd_app.maps.svg import dominant, ellipsize, wrap
from ebcd_app.packs.styles import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    SENTIMENT_COLOUR,
    SENTIMENT_MARK,
    SENTIMENT_TINT,
    hex_of,
    plain,
    register_fonts,
    styles,
)

# Okabe-Ito colours not used for sentiments, so a run chart never reads as "negative"
SHIFT_COLOUR = HexColor("#CC3311")
TREND_COLOUR = HexColor("#009E73")
LINE_COLOUR = HexColor("#4A5563")
GRID = HexColor("#E3E6EA")
TICK_PT, LABEL_PT, LEGEND_PT = 7, 7.5, 7.5
SHIFT_TEXT = "Shift: 6+ points on one side of the median"
TREND_TEXT = "Trend: 5+ points rising or falling"


def _num(value: float, step: float | None = None) -> str:
    """A number as a person writes it on an axis: ticks all with the decimals their step
    needs ("1.0, 1.5"), a single value with no trailing zeros ("12.5"), never "-0"."""
    if step is None:
        decimals = 1 if abs(value) >= 100 else 2 if abs(value) >= 1 else 3
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    else:
        decimals = 0
        while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
            decimals += 1
        text = f"{value:,.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _ticks(lo: float, hi: float, target: int = 5) -> tuple[list[float], float]:
    """Round tick values covering lo..hi with about `target` steps of 1, 2, 2.5 or 5 x 10^k."""
    if hi == lo:
        pad = abs(hi) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw - 1e-12)
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    count = round((end - start) / step)
    return [start + k * step for k in range(count + 1)], step


def _text(x: float, y: float, text: str, size: float = TICK_PT, *, colour: Color = MUTED,
          anchor: str = "start", bold: bool = False) -> String:
    return String(x, y, text, fontName=FONT_BOLD if bold else FONT, fontSize=size,
                  fillColor=colour, textAnchor=anchor)


def _square(x: float, y: float, half: float, colour: Color) -> Rect:
    return Rect(x - half, y - half, 2 * half, 2 * half, fillColor=colour, strokeColor=white,
                strokeWidth=0.5)


def _triangle(x: float, y: float, half: float, colour: Color | None, up: bool = True, *,
              outline: Color | None = None) -> Polygon:
    tip, base = (1.25 * half, -0.85 * half) if up else (-1.25 * half, 0.85 * half)
    return Polygon([x - half, y + base, x + half, y + base, x, y + tip], fillColor=colour,
                   strokeColor=outline or white, strokeWidth=1.1 if outline else 0.5,
                   strokeLineJoin=1)


def _legend_items(chart: RunChart) -> list[tuple[str, str]]:
    items = [("value", f"{chart.name} ({chart.unit})" if chart.unit else chart.name)]
    if chart.median is not None and chart.baseline_points < len(chart.points):
        items.append(("median", f"Median of the first {chart.baseline_points} points, "
                                "extended"))
    kinds = {s.kind for s in chart.signals}
    if "shift" in kinds:
        items.append(("shift", SHIFT_TEXT))
    if "trend" in kinds:
        items.append(("trend", TREND_TEXT))
    if any(chart.in_signal(i, "shift") and chart.in_signal(i, "trend")
           for i in range(len(chart.points))):
        items.append(("both", "In both"))
    return items


def _legend_rows(items: list[tuple[str, str]], width: float) -> list[list[tuple[str, str, float]]]:
    """Place legend entries left to right, wrapping onto another row rather than clipping."""
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = 0.0
    for kind, text in items:
        item_w = 18 + stringWidth(text, FONT, LEGEND_PT)
        if rows[-1] and x + item_w > width:
            rows.append([])
            x = 0.0
        rows[-1].append((kind, text, x))
        x += item_w + 16
    return rows


def _legend_symbol(group: Group, kind: str, x: float, y: float) -> None:
    if kind == "value":
        group.add(Line(x, y, x + 12, y, strokeColor=LINE_COLOUR, strokeWidth=1))
        group.add(Circle(x + 6, y, 2.2, fillColor=LINE_COLOUR, strokeColor=None))
    elif kind == "median":
        group.add(Line(x, y, x + 12, y, strokeColor=INK, strokeWidth=0.9,
                       strokeDashArray=[3, 2]))
    elif kind == "shift":
        group.add(_square(x + 6, y, 3.2, SHIFT_COLOUR))
    elif kind == "both":
        group.add(_triangle(x + 6, y - 2.3 + 0.85 * 5.4, 5.4, None, outline=TREND_COLOUR))
        group.add(_square(x + 6, y + 0.2, 2.3, SHIFT_COLOUR))
    else:
        group.add(_triangle(x + 6, y - 0.5, 3.4, TREND_COLOUR))


def _date_labels(chart: RunChart, plot_w: float) -> list[tuple[int, str, str]]:
    """Every k-th date, k chosen so labels never touch; the year only where it changes."""
    days = [f"{p.on.day} {p.on:%b}" for p in chart.points]
    widest = max(stringWidth(d, FONT, TICK_PT) for d in days) + 8
    fits = max(1, int(plot_w // widest))
    step = max(1, math.ceil(len(days) / fits))
    labels: list[tuple[int, str, str]] = []
    year = None
    for i in range(0, len(days), step):
        on = chart.points[i].on
        labels.append((i, days[i], str(on.year) if on.year != year else ""))
        year = on.year
    return labels


def run_chart(chart: RunChart, width: float, height: float = 200) -> Drawing:
    """The run chart as a Drawing `width` x `height` points, legend included."""
    register_fonts()
    drawing = Drawing(width, height, initialFontName=FONT, initialFontSize=TICK_PT)
    drawing._ebcd_title = f"Run chart: {chart.name}"
    if not chart.points:
        drawing.add(Rect(0.5, 0.5, width - 1, height - 1, fillColor=HexColor("#FAFAFB"),
                         strokeColor=RULE, strokeWidth=0.6))
        drawing.add(_text(width / 2, height / 2 - 3, "No values yet", 10, anchor="middle"))
        return drawing

    values = [p.value for p in chart.points]
    span = values + ([chart.median] if chart.median is not None else [])
    ticks, step = _ticks(min(span), max(span))
    tick_labels = [_num(t, step) for t in ticks]
    median_label = f"Median {_num(chart.median)}" if chart.median is not None else ""
    axis_title = chart.unit or chart.name
    left = 14 + max(stringWidth(t, FONT, TICK_PT) for t in tick_labels) + 5
    right = (stringWidth(median_label, FONT_BOLD, LABEL_PT) + 8) if median_label else 10
    legend = _legend_rows(_legend_items(chart), width - 4)
    bottom = 36 + 12 * (len(legend) - 1) + 8  # dates (and years), a gap, then the legend
    top = 14
    height = max(height, bottom + top + 40)  # never squash the plot to nothing
    drawing.height = height
    x0, x1, y0, y1 = left, width - right, bottom, height - top
    plot_w, plot_h = x1 - x0, y1 - y0
    lo, hi = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return y0 + (value - lo) / (hi - lo) * plot_h

    n = len(values)
    pad = min(10.0, plot_w * 0.04)
    gap = (plot_w - 2 * pad) / (n - 1) if n > 1 else 0.0
    xs = [x0 + pad + i * gap for i in range(n)] if n > 1 else [x0 + plot_w / 2]

    # grid and axes
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        if tick != lo:
            drawing.add(Line(x0, y, x1, y, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(Line(x0 - 3, y, x0, y, strokeColor=MUTED, strokeWidth=0.6))
        drawing.add(_text(x0 - 5, y - 2.4, label, anchor="end"))
    drawing.add(Line(x0, y0, x1, y0, strokeColor=MUTED, strokeWidth=0.6))
    drawing.add(Line(x0, y0, x0, y1, strokeColor=MUTED, strokeWidth=0.6))
    title = Group(_text(0, 0, axis_title, LABEL_PT, anchor="middle"),
                  transform=(0, 1, -1, 0, 8, y0 + plot_h / 2))
    drawing.add(title)
    for i, day, year in _date_labels(chart, plot_w):
        drawing.add(Line(xs[i], y0, xs[i], y0 - 3, strokeColor=MUTED, strokeWidth=0.6))
        drawing.add(_text(xs[i], y0 - 11, day, anchor="middle"))
        if year:
            drawing.add(_text(xs[i], y0 - 19.5, year, anchor="middle"))

    # median, change, then the data on top
    if chart.median is not None:
        ym = y_of(chart.median)
        drawing.add(Line(x0, ym, x1, ym, strokeColor=INK, strokeWidth=0.9,
                         strokeDashArray=[4, 2.5]))
        drawing.add(_text(x1 + 4, ym - 2.6, median_label, LABEL_PT, colour=INK, bold=True))
    if chart.change_on is not None:
        k = sum(1 for p in chart.points if p.on < chart.change_on)
        if n == 1:
            xc = xs[0] + (-1 if k else 1) * min(20.0, plot_w / 4)
        elif k == 0:
            xc = x0 + pad / 2
        elif k == n:
            xc = x1 - pad / 2
        else:
            xc = (xs[k - 1] + xs[k]) / 2
        drawing.add(Line(xc, y0, xc, y1 + 2, strokeColor=ACCENT, strokeWidth=1,
                         strokeDashArray=[1, 2]))
        anchor = "middle"
        half = stringWidth("Change", FONT_BOLD, LABEL_PT) / 2
        if xc - half < 0:
            anchor = "start"
        elif xc + half > width:
            anchor = "end"
        drawing.add(_text(xc, y1 + 4.5, "Change", LABEL_PT, colour=ACCENT, anchor=anchor,
                          bold=True))

    r = max(1.2, min(2.4, gap * 0.3)) if n > 1 else 2.4
    special = max(2.2, min(3.4, gap * 0.45)) if n > 1 else 3.4
    if n > 1:
        drawing.add(PolyLine([c for i in range(n) for c in (xs[i], y_of(values[i]))],
                             strokeColor=LINE_COLOUR, strokeWidth=1.0 if gap > 4 else 0.7,
                             strokeLineJoin=1))
    rising = {i for s in chart.signals if s.kind == "trend" and s.direction == "up"
              for i in range(s.first, s.last + 1)}
    for i, value in enumerate(values):
        x, y = xs[i], y_of(value)
        shift, trend = chart.in_signal(i, "shift"), chart.in_signal(i, "trend")
        if shift and trend:  # a square inside an open triangle: part of both
            half, side = special * 1.7, special * 0.72
            base = side + 1.2  # the triangle's base clears the square by a stroke
            centre = y - base + 0.85 * half if i in rising else y + base - 0.85 * half
            drawing.add(_triangle(x, centre, half, None, up=i in rising,
                                  outline=TREND_COLOUR))
            drawing.add(_square(x, y, side, SHIFT_COLOUR))
        elif shift:
            drawing.add(_square(x, y, special, SHIFT_COLOUR))
        elif trend:
            drawing.add(_triangle(x, y, special * 1.1, TREND_COLOUR, up=i in rising))
        if not shift and not trend:
            drawing.add(Circle(x, y, r, fillColor=LINE_COLOUR,
                               strokeColor=white if r > 1.5 else None, strokeWidth=0.4))

    # legend rows under the date labels
    for row_index, row in enumerate(legend):
        y = bottom - 36 - 12 * row_index
        group = Group()
        for kind, text, x in row:
            _legend_symbol(group, kind, 2 + x, y + 2.6)
            group.add(_text(2 + x + 18, y, text, LEGEND_PT, colour=INK))
        drawing.add(group)
    return drawing


_FONT_SVG = {FONT: "font-family: DejaVu Sans, sans-serif;",
             FONT_BOLD: "font-family: DejaVu Sans, sans-serif; font-weight: bold;"}


def drawing_svg(drawing: Drawing) -> str:
    """SVG text of a chart, so the GUI shows exactly what is printed. Font names are turned
    into a family and a weight, which is what SVG renderers (Qt's among them) look up."""
    register_fonts()
    svg = renderSVG.drawToString(drawing)
    for name, css in sorted(_FONT_SVG.items(), key=lambda item: -len(item[0])):
        svg = svg.replace(f"font-family: {name};", css)
    title = escape(getattr(drawing, "_ebcd_title", "Chart"))
    svg = svg.replace("<title>...</title>", f"<title>{title}</title>", 1)
    svg = re.sub(r"\s*<desc>\.\.\.</desc>", "", svg, count=1)
    # ReportLab writes "fill: None", which browsers and QtSvg read as black; and QtSvg paints
    # a <clipPath>'s rectangle as a shape. The clip covers the whole drawing, so it can go.
    svg = re.sub(r"fill:\s*None\b", "fill: none", svg)
    svg = re.sub(r"<clipPath\b.*?</clipPath>", "", svg, flags=re.S)
    return re.sub(r"\s*clip-path:\s*url\(#[^)]*\);?", "", svg)


# ---------------------------------------------------------------- emotional map

STAGES_PER_ROW = 8
LABEL_COL = 62.0
MAP_PAD = 3.5
WORDS_PER_CELL = 6


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _groups(stages: Sequence[StageColumn]) -> list[Sequence[StageColumn]]:
    """Stages in balanced rows of at most 8, so 10 stages print as 5 + 5, not 8 + 2."""
    rows = math.ceil(len(stages) / STAGES_PER_ROW)
    size = math.ceil(len(stages) / rows)
    return [stages[i : i + size] for i in range(0, len(stages), size)]


def _mark(sentiment: Sentiment, text: str = "") -> str:
    colour = hex_of(SENTIMENT_COLOUR[sentiment])
    mark = f'<font color="{colour}">{SENTIMENT_MARK[sentiment]}</font>'
    return f"{mark} {text}" if text else mark


def _lines(text: str, room: float, size: float, *, bold: bool = False, most: int = 3) -> str:
    """Wrap user text for a narrow column by measured width, as markup lines.

    Breaks go at spaces, then after a hyphen already in the text ("Follow-" / "up"), and only
    then inside a word, hyphenated as the screen map does; past `most` lines the text ends
    in '…'. Paragraph would otherwise cut a long word anywhere, without a hyphen.
    """
    font = FONT_BOLD if bold else FONT
    lines: list[str] = []
    line = ""
    for word in text.split():
        for k, piece in enumerate(re.split(r"(?<=-)(?=[^-])", word)):
            joined = f"{line}{'' if k else ' '}{piece}" if line else piece
            if stringWidth(joined, font, size) <= room:
                line = joined
                continue
            if line:
                lines.append(line)
            parts = wrap(piece, room, size, bold=bold, max_lines=most) if stringWidth(
                piece, font, size) > room else [piece]
            lines += parts[:-1]
            line = parts[-1]
    if line:
        lines.append(line)
    if len(lines) > most:
        lines = [*lines[: most - 1], ellipsize(" ".join(lines[most - 1 :]), room, size, bold)]
    return "<br/>".join(plain(line) for line in lines)


def _word_cell(stage: StageColumn, sentiment: Sentiment, room: float,
               style: ParagraphStyle, more: ParagraphStyle) -> list[Flowable]:
    words = stage.cells.get(sentiment, ())
    shown = words if len(words) <= WORDS_PER_CELL else words[: WORDS_PER_CELL - 1]
    cell: list[Flowable] = []
    for entry in shown:
        word = entry.word.strip()
        text = _lines(word, room, style.fontSize) if word else "<i>(no word)</i>"
        if entry.count > 1:
            text += f" <b>×{entry.count}</b>"
        cell.append(Paragraph(text, style))
    if len(words) > len(shown):
        cell.append(Paragraph(f"<i>+{len(words) - len(shown)} more</i>", more))
    return cell


def _lane_table(stages: Sequence[StageColumn], width: float) -> Table:
    base = styles()
    col_w = (width - LABEL_COL) / len(stages)
    size = 8.5 if col_w >= 80 else 8 if col_w >= 64 else 7.5
    room = col_w - 2 * MAP_PAD
    word = ParagraphStyle("map_word", parent=base["cell"], fontSize=size,
                          leading=size * 1.25, spaceAfter=2.5)
    more = ParagraphStyle("map_more", parent=word, textColor=MUTED)
    head_size = size + 0.5 if col_w >= 64 else size  # narrow columns: room for whole names
    head = ParagraphStyle("map_stage", parent=base["cell_bold"], fontSize=head_size,
                          leading=head_size * 1.22, alignment=TA_CENTER)
    label = ParagraphStyle("map_label", parent=base["cell_bold"], fontSize=8.5, leading=11)
    centre = ParagraphStyle("map_centre", parent=base["cell"], fontSize=size,
                            leading=size * 1.25, alignment=TA_CENTER)
    muted = hex_of(MUTED)
    header: list[Flowable | str] = [Paragraph(f'<font color="{muted}">Stage</font>', label)]
    for stage in stages:
        name = _lines(stage.name, room, head.fontSize, bold=True, most=6) or "—"
        total = _plural(stage.count(), "touch point" if col_w >= 60 else "point")
        header.append(Paragraph(f'{name}<br/><font name="{FONT}" size="{size - 0.5}" '
                                f'color="{muted}">{total}</font>', head))
    overall: list[Flowable | str] = [
        Paragraph(f'<font color="{muted}">Overall feeling</font>', label)]
    for stage in stages:
        feeling = dominant(stage)
        overall.append(Paragraph(_mark(feeling, feeling) if feeling else "—", centre))
    data: list[list[Flowable | str | list[Flowable]]] = [header, overall]
    for sentiment in SENTIMENTS:
        row: list[Flowable | str | list[Flowable]] = [
            Paragraph(_mark(sentiment, LABEL[sentiment]), label)]
        row += [_word_cell(stage, sentiment, room, word, more) for stage in stages]
        data.append(row)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), MAP_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), MAP_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#EEF0F3")),
        ("BACKGROUND", (0, 1), (-1, 1), HexColor("#F7F8F9")),
        ("GRID", (0, 0), (-1, -1), 1.5, white),
    ]
    for i, sentiment in enumerate(SENTIMENTS, start=2):
        commands.append(("BACKGROUND", (0, i), (-1, i), SENTIMENT_TINT[sentiment]))
        commands.append(("LINEBEFORE", (0, i), (0, i), 2.5, SENTIMENT_COLOUR[sentiment]))
    return Table(data, colWidths=[LABEL_COL] + [col_w] * len(stages), repeatRows=1,
                 style=TableStyle(commands), hAlign="LEFT")


def emotional_map(data: MapData, width: float) -> list[Flowable]:
    """The emotional map for A4: per journey a heading and a stages-by-sentiment table."""
    register_fonts()
    base = styles()
    muted = hex_of(MUTED)
    out: list[Flowable] = []
    if data.subtitle:
        out.append(Paragraph(plain(data.subtitle), base["muted"]))
    if not data.lanes:
        out.append(Paragraph("Nothing to map yet: no journeys.", base["muted"]))
    for lane in data.lanes:
        count = _plural(lane.count(), "touch point")
        out.append(Paragraph(f'{plain(lane.title)} <font name="{FONT}" size="10" '
                             f'color="{muted}">·  {count}</font>', base["h2"]))
        if not lane.stages:
            out.append(Paragraph("No stages in this journey yet.", base["muted"]))
            continue
        groups = _groups(lane.stages)
        first = 1
        for group in groups:
            if len(groups) > 1:
                last = first + len(group) - 1
                caption = ParagraphStyle("map_part", parent=base["small"], textColor=MUTED,
                                         keepWithNext=1, spaceBefore=4, spaceAfter=2)
                out.append(Paragraph(f"Stages {first}–{last} of {len(lane.stages)}",
                                     caption))
                first = last + 1
            out.append(_lane_table(group, width))
            out.append(Spacer(1, 6))
        if not lane.count():
            out.append(Paragraph("No touch points in this journey yet.", base["muted"]))
    out.append(KeepTogether(_key(data)))
    return out


def _key(data: MapData) -> list[Flowable]:
    """Explain the marks, the counts and the overall row; the unplaced footnote goes last."""
    base = styles()
    gap = "&nbsp;" * 5
    marks = gap.join(_mark(s, LABEL[s]) for s in SENTIMENTS)
    key = [Spacer(1, 4),
           Paragraph(f"<b>Key</b>{gap}{marks}", base["small"]),
           Paragraph("Each word is how people felt; ×3 means it came up 3 times. The most "
                     "frequent words come first; “+k more” counts the rest. Overall feeling "
                     "is the most common sentiment at each stage (a tie reads as mixed).",
                     base["muted"])]
    if data.unplaced:
        key.append(Paragraph(
            f"<i>{_plural(data.unplaced, 'touch point')} not shown: no stage or no sentiment "
            "chosen yet.</i>", base["muted"]))
    return key
