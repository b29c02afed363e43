"""Printable forms for co-design events: sign-in, dot voting and feedback.

These are filled in by hand, often standing up, by people who may not be confident writers,
so they favour generous writing space, tick boxes over words, plain instructions and boxes
ruled dark enough to find with a pen. Each form starts on a page of its own (a page break is
skipped when the page is still empty) because it is photocopied and handed out on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreakIfNotEmpty,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ebcd_app.packs.styles import (
    A4_HEIGHT_USABLE,
    A4_WIDTH_USABLE,
    FONT,
    FONT_BOLD,
    HEADER_FILL,
    INK,
    MUTED,
    para,
    plain,
    register_fonts,
    styles,
)

PEN_RULE = HexColor("#8C95A1")  # lines to write on: visible on a photocopy, quieter than ink
BOX = HexColor("#5B6470")
DEFAULT_QUESTIONS = (
    "What went well today?",
    "What could we do better next time?",
    "Was there anything that made it hard for you to take part?",
    "Is there anything else you would like to tell us?",
)


def _style(name: str, parent: str, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()[parent], **kw)


def _heading(title: str, event_title: str, instructions: str) -> list[Flowable]:
    return [PageBreakIfNotEmpty(), para(title, "h1"),
            para(event_title, "h3") if event_title else Spacer(1, 0),
            Paragraph(f"Date: {'_' * 18}", _style("form_date", "body", textColor=MUTED)),
            para(instructions, "body"), Spacer(1, 4)]


def _grid(data: list[list[Any]], widths: Sequence[float], extra: list[tuple[Any, ...]],
          **kw: Any) -> Table:
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.6, PEN_RULE),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, PEN_RULE),
        *extra,
    ]
    return Table(data, colWidths=list(widths), repeatRows=1, style=TableStyle(commands),
                 hAlign="LEFT", **kw)


def _roles(style: ParagraphStyle) -> Table:
    """Four tick boxes in two aligned columns, so a quick tick lands in the right one."""
    cells = [[Paragraph(f'<font size="10">☐</font> {name}', style) for name in pair]
             for pair in (("Patient", "Family"), ("Staff", "Other"))]
    return Table(cells, colWidths=[48, 46], style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]),
        hAlign="LEFT")


def sign_in_sheet(event_title: str, rows: int = 25) -> list[Flowable]:
    """A sign-in sheet: ruled rows to write in, a role to tick, a header on every page."""
    register_fonts()
    head = styles()["cell_bold"]
    number = _style("form_number", "cell_small", textColor=MUTED, alignment=TA_CENTER)
    role = _style("form_role", "cell_small", fontSize=8, leading=11)
    widths = [20, 136, 106, 111]
    widths.append(A4_WIDTH_USABLE - sum(widths))
    header = [Paragraph("", head), Paragraph("Name", head),
              Paragraph("I am a… (tick one)", head), Paragraph("Organisation or ward", head),
              Paragraph("Signature", head)]
    data = [header] + [[Paragraph(str(i), number), "", _roles(role), "", ""]
                       for i in range(1, rows + 1)]
    table = _grid(data, widths, [], rowHeights=[None] + [31] * rows)
    return [*_heading("Sign-in sheet", event_title,
                      "Please print your name, tick the one that fits you best and sign. "
                      "If you are a carer or relative, tick Family."), table]


def dot_vote_sheet(priorities: Sequence[str], dots_per_person: int = 3) -> list[Flowable]:
    """A voting sheet with room for sticky dots beside each priority (blank priorities leave
    a line to write one in on the day)."""
    register_fonts()
    dots = f"{dots_per_person} dot" + ("" if dots_per_person == 1 else "s")
    head = styles()["cell_bold"]
    centre = _style("form_centre_head", "cell_bold", alignment=TA_CENTER)
    number = _style("form_vote_number", "body", fontName=styles()["cell_bold"].fontName,
                    alignment=TA_CENTER)
    priority = _style("form_priority", "body", fontSize=10.5, leading=14)
    widths = [28, 178, 0, 62]
    widths[2] = A4_WIDTH_USABLE - sum(widths)
    header = [Paragraph("No.", centre), Paragraph("Priority", head),
              Paragraph("Your dots", head), Paragraph("Total", centre)]
    data = [header] + [[Paragraph(str(i), number), Paragraph(plain(text), priority), "", ""]
                       for i, text in enumerate(priorities, start=1)]
    extra = [("BOX", (2, 1), (3, -1), 0.8, BOX), ("LINEBELOW", (2, 1), (3, -1), 0.8, BOX),
             ("LINEAFTER", (2, 1), (2, -1), 0.8, BOX), ("VALIGN", (0, 1), (1, -1), "TOP"),
             ("TOPPADDING", (0, 1), (1, -1), 8)]
    table = _grid(data, widths, extra, minRowHeights=[0] + [62] * len(priorities))
    return [*_heading("Priority vote", "",
                      f"Place up to {dots} next to the priorities that matter most to you. "
                      "You can put more than one dot on the same priority. The facilitator "
                      "will count the dots and write the total."), table]


def _rating(ends: tuple[str, str] = ("Very poor", "Very good")) -> Table:
    """Five boxes to tick, numbered, with the two ends named so the scale reads one way."""
    labels = [ends[0], "", "OK", "", ends[1]]
    data: list[list[str]] = [[""], [""], [""]]  # a narrow first column keeps "Very poor" in
    for n, label in enumerate(labels, start=1):
        if n > 1:
            for row in data:
                row.append("")  # a gap column between boxes
        data[0].append(str(n))
        data[1].append("")
        data[2].append(label)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 11),
        ("FONTSIZE", (0, 2), (-1, 2), 7.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("TEXTCOLOR", (0, 2), (-1, 2), MUTED),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    commands += [("BOX", (i, 1), (i, 1), 1.1, BOX) for i in range(1, 10, 2)]
    widths = [8] + [30 if i % 2 == 0 else 34 for i in range(9)]
    return Table(data, colWidths=widths, rowHeights=[18, 30, 16], style=TableStyle(commands),
                 hAlign="LEFT")


def pledge_sheet(event_title: str, *, commitments: bool, rows: int = 12) -> list[Flowable]:
    """A sheet for what people commit to: each attendee's 15% solution (what I will do
    without extra permission or resources, by when) or, at the leadership listening
    event, senior leaders' commitments (the action, its owner, by when)."""
    register_fonts()
    if commitments:
        title, what = "Our commitments", "What we will do"
        note = ("Each senior leader's commitment, with who owns it and by when. They are "
                "printed in the next packs and at the celebration event.")
    else:
        title, what = "My 15% solution", "What I will do, without extra permission or money"
        note = ("What each of us can change ourselves. Your name is optional; the solutions "
                "are printed in the next packs and at the celebration event.")
    head = styles()["cell_bold"]
    data = [[Paragraph("Owner" if commitments else "Name (optional)", head),
             Paragraph(what, head), Paragraph("By when", head)]] + \
        [["", "", ""] for _ in range(rows)]
    table = _grid(data, [120, A4_WIDTH_USABLE - 205, 85], [],
                  rowHeights=[None] + [34] * rows)
    return [*_heading(title, event_title, note), table]


def feedback_form(event_title: str, questions: Sequence[str] | None = None) -> list[Flowable]:
    """A one-page feedback form: a 1 to 5 rating, then a few open questions with lines."""
    register_fonts()
    asked = list(questions) if questions is not None else list(DEFAULT_QUESTIONS)
    lines = 5 if len(asked) <= 3 else 4 if len(asked) <= 4 else 3
    question = _style("form_question", "body", fontName=styles()["cell_bold"].fontName,
                      spaceBefore=10, spaceAfter=0, keepWithNext=1)
    body: list[Flowable] = [
        Paragraph("Overall, how was today for you? Tick one box.", question), Spacer(1, 4),
        _rating(),
        Paragraph("How useful was it? Tick one box.", question), Spacer(1, 4),
        _rating(("Not at all", "Very useful"))]
    for text in asked:
        ruled = Table([[""]] * lines, colWidths=[A4_WIDTH_USABLE], rowHeights=[23] * lines,
                      style=TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                        ("LINEBELOW", (0, 0), (-1, -1), 0.6, PEN_RULE)]),
                      hAlign="LEFT")
        body += [Paragraph(plain(text), question), ruled]
    body += [Spacer(1, 12), para("Thank you. Please hand this form to the facilitator or leave "
                                 "it in the box by the door.", "muted")]
    heading = _heading("Your feedback", event_title,
                       "Thank you for taking part. You do not need to write your name.")
    # shrink rather than spill: a feedback form on two sheets loses its second sheet
    return [heading[0], KeepInFrame(A4_WIDTH_USABLE, A4_HEIGHT_USABLE, heading[1:] + body,
                                    mode="shrink")]
