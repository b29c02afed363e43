"""The shared look of every print pack: A4, fonts, colours, tables and page furniture.

Packs are printed, photocopied and read by patients, families and staff who may have low
vision or colour blindness, so the look is calm and redundant: DejaVu Sans embedded in the
PDF (the base-14 Helvetica is not embedded, so curly quotes, dashes and ▲◆▼ would fall back
unpredictably), body text at 10 pt, sentiments as Okabe-Ito colour plus a shape plus a word,
and tables ruled lightly so they survive a grey photocopier.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from ebcd_app.basics.atomic import atomic_path
from ebcd_app.basics.resources import resources_dir
from ebcd_app.domain.enums import Sentiment
from ebcd_app.domain.palette import COLOUR, SYMBOL, TINT

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
               FONT_ITALIC: "DejaVuSans-Oblique.ttf",
               FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf"}

# the domain's one palette, as the app and the map SVG draw it, so print and screen agree
SENTIMENT_COLOUR: dict[Sentiment, Color] = {k: HexColor(v) for k, v in COLOUR.items()}
SENTIMENT_MARK: dict[Sentiment, str] = SYMBOL
SENTIMENT_TINT: dict[Sentiment, Color] = {k: HexColor(v) for k, v in TINT.items()}

INK = HexColor("#1F2328")
MUTED = HexColor("#555E6B")  # 6.4:1 on white: still readable at small sizes
RULE = HexColor("#C9CED6")
HEADER_FILL = HexColor("#EEF0F3")
ZEBRA = HexColor("#F6F7F9")
ACCENT = HexColor("#1D4E89")  # cover band and section rules; dark enough to print in grey

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_BOTTOM = 18 * mm
HEADER_ROOM = 24 * mm  # body pages: the running header sits above the frame
A4_WIDTH_USABLE = PAGE_WIDTH - 2 * MARGIN_X
A4_HEIGHT_USABLE = PAGE_HEIGHT - HEADER_ROOM - MARGIN_BOTTOM
A4_LANDSCAPE_WIDTH_USABLE = PAGE_HEIGHT - 2 * MARGIN_X
A4_LANDSCAPE_HEIGHT_USABLE = PAGE_WIDTH - HEADER_ROOM - MARGIN_BOTTOM
CELL_PAD_X, CELL_PAD_TOP, CELL_PAD_BOTTOM = 5, 3.5, 4.5

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def register_fonts() -> None:
    """Register DejaVu Sans and its family once, so <b> and <i> in a Paragraph find the
    embedded bold and italic faces instead of falling back to Helvetica."""
    known = set(pdfmetrics.getRegisteredFontNames())
    if all(name in known for name in _FONT_FILES):
        return
    folder = resources_dir() / "fonts"
    for name, file in _FONT_FILES.items():
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()

    def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", FONT)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontSize=size, leading=leading, bulletFontName=FONT, **kw)

    return {
        "cover_title": style("cover_title", 28, 34, fontName=FONT_BOLD, spaceAfter=10),
        "cover_subtitle": style("cover_subtitle", 15, 20, textColor=MUTED, spaceAfter=18),
        "cover_meta": style("cover_meta", 10.5, 15, textColor=MUTED, spaceAfter=2),
        "h1": style("h1", 17, 21, fontName=FONT_BOLD, spaceBefore=4, spaceAfter=8,
                    keepWithNext=1),
        "h2": style("h2", 13, 17, fontName=FONT_BOLD, spaceBefore=10, spaceAfter=5,
                    keepWithNext=1),
        "h3": style("h3", 11, 14.5, fontName=FONT_BOLD, spaceBefore=8, spaceAfter=3,
                    keepWithNext=1),
        "body": style("body", 10, 14.5, spaceAfter=6),
        "small": style("small", 8.5, 11.5, spaceAfter=4),
        "muted": style("muted", 9, 12.5, textColor=MUTED, spaceAfter=4),
        "quote": style("quote", 10.5, 15, fontName=FONT_ITALIC, leftIndent=14, rightIndent=14,
                       spaceBefore=4, spaceAfter=1),
        "attribution": style("attribution", 8.5, 11.5, textColor=MUTED, leftIndent=14,
                             spaceAfter=8),
        "cell": style("cell", 8.5, 11),
        "cell_bold": style("cell_bold", 8.5, 11, fontName=FONT_BOLD),
        "cell_small": style("cell_small", 7.5, 9.5),
        "cell_centre": style("cell_centre", 8.5, 11, alignment=TA_CENTER),
        "caption": style("caption", 8, 10.5, fontName=FONT_ITALIC, textColor=MUTED,
                         spaceBefore=3, spaceAfter=10),
    }


def styles() -> dict[str, ParagraphStyle]:
    """The pack styles by name (a fresh dict of shared styles: derive, do not mutate)."""
    return dict(_styles())


def plain(text: str) -> str:
    """User text made safe for Paragraph markup: escaped, with line breaks kept."""
    return escape(_NOT_TEXT.sub("", text)).replace("\n", "<br/>")


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user text: quotes from patients can hold '<' or '&', never markup."""
    return Paragraph(plain(text), _styles()[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of trusted ReportLab markup written by the pack code itself."""
    return Paragraph(text, _styles()[style])


def hex_of(colour: Color) -> str:
    return "#" + colour.hexval()[2:]


def sentiment_cell(sentiment: Sentiment | str | None) -> Paragraph:
    """A sentiment as coloured mark plus word, so it still reads in greyscale; a word that
    is no sentiment is printed as it is."""
    if not sentiment:
        return Paragraph("—", _styles()["cell"])
    if sentiment not in SENTIMENT_MARK:
        return para(sentiment, "cell")
    sentiment = Sentiment(sentiment)
    mark = f'<font color="{hex_of(SENTIMENT_COLOUR[sentiment])}">{SENTIMENT_MARK[sentiment]}</font>'
    return Paragraph(f"{mark} {sentiment.value}", _styles()["cell"])


def sized(style: ParagraphStyle, font_size: float) -> ParagraphStyle:
    """A copy of a style at another size, with leading in proportion."""
    return ParagraphStyle(f"{style.name}-{font_size:g}", parent=style, fontSize=font_size,
                          leading=round(font_size * style.leading / style.fontSize, 2))


def _row_height(row: Sequence[Flowable], widths: Sequence[float]) -> float:
    tallest = 0.0
    for cell, width in zip(row, widths, strict=True):
        _, height = cell.wrap(width - 2 * CELL_PAD_X, PAGE_HEIGHT * 4)
        tallest = max(tallest, height)
    return tallest + CELL_PAD_TOP + CELL_PAD_BOTTOM


def _surely_short(row: Sequence[Flowable], widths: Sequence[float]) -> bool:
    """A cheap upper bound on a row's height, so only rows that might fill a page are laid
    out twice (wrapping every cell of a 3,000-row pack up front doubled its build time).
    The bound assumes glyphs at least 0.3 em wide, plus a line per explicit break."""
    for cell, width in zip(row, widths, strict=True):
        if not isinstance(cell, Paragraph):
            return False
        style = cell.style
        room = max(1.0, width - 2 * CELL_PAD_X)
        text = getattr(cell, "text", "")
        per_line = max(1, int(room / (0.3 * style.fontSize)))
        lines = len(text) // per_line + 2 + text.count("<br/>")
        if lines * style.leading > A4_HEIGHT_USABLE / 2:
            return False
    return True


def data_table(header: Sequence[str], rows: Sequence[Sequence[str | Flowable]],
               widths: Sequence[float], *, zebra: bool = True,
               font_size: float | None = None) -> Table:
    """A lightly ruled table whose header repeats on every page it runs onto.

    Rows move whole to the next page, because a comment cut in half reads as two comments;
    only when one row is taller than a whole page may rows split inside.
    """
    if len(header) != len(widths) or any(len(row) != len(widths) for row in rows):
        raise ValueError("every row needs one cell per column width")
    cell, bold = _styles()["cell"], _styles()["cell_bold"]
    if font_size is not None:
        cell, bold = sized(cell, font_size), sized(bold, font_size)
    data: list[list[Flowable]] = [[Paragraph(plain(h), bold) for h in header]]
    data += [[Paragraph(plain(c), cell) if isinstance(c, str) else c for c in row]
             for row in rows]
    header_h = _row_height(data[0], widths)
    too_tall = any(not _surely_short(row, widths)
                   and header_h + _row_height(row, widths) > A4_HEIGHT_USABLE
                   for row in data[1:])
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_BOTTOM),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
    ]
    if len(data) > 1:
        commands += [("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                     ("LINEBELOW", (0, -1), (-1, -1), 0.6, INK)]
        if zebra:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]))
    return Table(data, colWidths=list(widths), repeatRows=1, splitInRow=1 if too_tall else 0,
                 style=TableStyle(commands), hAlign="LEFT")


def section(title: str, intro: str = "") -> list[Flowable]:
    """A section heading (and its introduction) that never sits alone at a page foot."""
    flowables: list[Flowable] = [para(title, "h1")]
    if intro:
        lead = Paragraph(plain(intro), ParagraphStyle("intro", parent=_styles()["body"],
                                                      keepWithNext=1, spaceAfter=8))
        flowables.append(lead)
    return flowables


class _NumberedCanvas(Canvas):
    """Holds every page until the end so the footer can say "Page n of N" (N is only known
    once the whole story has been laid out); pages whose template drew a cover stay bare."""

    def __init__(self, *args: Any, on_save: Callable[[int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_save = on_save
        self._held: list[dict[str, Any]] = []
        self.ebcd_footer = True

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()
        self.ebcd_footer = True

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            if self.ebcd_footer:
                width = self._pagesize[0]
                self.saveState()
                self.setFont(FONT, 8)
                self.setFillColor(MUTED)
                self.drawCentredString(width / 2, 10 * mm,
                                       f"Page {self._pageNumber} of {total}")
                self.restoreState()
            super().showPage()
        self._on_save(total)
        super().save()


class PackDocument:
    """One print pack: a cover (optional) then body pages with a running header and footer.

    The PDF is written beside its final name and renamed into place, so a failed build never
    leaves half a pack, and never destroys the pack a facilitator printed last week.
    """

    def __init__(self, path: Path, *, title: str, project: str, subject: str = "",
                 author: str = "EBCD Studio", landscape_pages: bool = False) -> None:
        self.path = Path(path)
        self.title = title
        self.project = project
        self.subject = subject
        self.author = author
        self.landscape_pages = landscape_pages
        self.pages = 0

    def landscape(self, flowables: Sequence[Flowable]) -> list[Flowable]:
        """Flowables to put in the story for landscape pages (a wide map or timeline); the
        page after them is portrait again. Needs landscape_pages=True."""
        if not self.landscape_pages:
            raise ValueError("create the PackDocument with landscape_pages=True")
        return [NextPageTemplate("landscape"), PageBreak(), *flowables,
                NextPageTemplate("body"), PageBreak()]

    def _header(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        y = height - 13 * mm
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT_BOLD, 8)
        room = (width - 2 * MARGIN_X) / 2 - 6
        canvas.drawString(MARGIN_X, y, _fit(self.project, FONT_BOLD, 8, room))
        canvas.setFont(FONT, 8)
        canvas.drawRightString(width - MARGIN_X, y, _fit(self.title, FONT, 8, room))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, y - 4, width - MARGIN_X, y - 4)
        canvas.restoreState()

    def _cover(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        canvas.ebcd_footer = False
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, height - 9 * mm, width, 9 * mm, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, 16 * mm, width - MARGIN_X, 16 * mm)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN_X, 11 * mm, _fit(self.project, FONT, 8, width / 2))
        canvas.drawRightString(width - MARGIN_X, 11 * mm, "Made with EBCD Studio")
        canvas.restoreState()

    def _templates(self, with_cover: bool) -> list[PageTemplate]:
        def frame(name: str, size: tuple[float, float], top: float) -> Frame:
            return Frame(MARGIN_X, MARGIN_BOTTOM, size[0] - 2 * MARGIN_X,
                         size[1] - top - MARGIN_BOTTOM, id=name, leftPadding=0,
                         rightPadding=0, topPadding=0, bottomPadding=0)

        templates = [PageTemplate("body", [frame("body", A4, HEADER_ROOM)],
                                  onPage=self._header, pagesize=A4)]
        if with_cover:
            templates.insert(0, PageTemplate("cover", [frame("cover", A4, HEADER_ROOM)],
                                             onPage=self._cover, pagesize=A4))
        if self.landscape_pages:
            wide = landscape(A4)
            templates.append(PageTemplate("landscape", [frame("landscape", wide, HEADER_ROOM)],
                                          onPage=self._header, pagesize=wide))
        return templates

    def build(self, story: list[Flowable], *, cover: list[Flowable] | None = None) -> int:
        """Lay out and write the pack; returns the number of pages."""
        register_fonts()
        flowables = list(story)
        if cover:
            flowables = [*cover, NextPageTemplate("body"), PageBreak(), *flowables]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.path) as tmp:
            doc = BaseDocTemplate(
                str(tmp), pagesize=A4, title=self.title, author=self.author,
                subject=self.subject or self.title, creator="EBCD Studio",
                keywords=["experience-based co-design", self.project],
                initialFontName=FONT, lang="en-GB",
                leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=HEADER_ROOM,
                bottomMargin=MARGIN_BOTTOM)
            doc.addPageTemplates(self._templates(bool(cover)))

            def canvasmaker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
                return _NumberedCanvas(*args, on_save=self._saved, **kwargs)

            doc.build(flowables, canvasmaker=canvasmaker)
        return self.pages

    def _saved(self, pages: int) -> None:
        self.pages = pages


def _fit(text: str, font: str, size: float, room: float) -> str:
    """Running-header text shortened with '…' so project and title never collide."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"
