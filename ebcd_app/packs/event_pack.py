"""The pack for a staff, patient or joint event: one PDF to print for the room."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from ebcd_app.domain.board_row import ROLE_LABELS
from ebcd_app.domain.consent import Audience
from ebcd_app.domain.models import EventKind, Role
from ebcd_app.domain.pack_content import EventPack
from ebcd_app.packs import blocks, charts, forms
from ebcd_app.packs.blocks import W
from ebcd_app.packs.styles import (
    A4_LANDSCAPE_WIDTH_USABLE,
    PackDocument,
    data_table,
    para,
    section,
)

AUDIENCE_LINE = {
    Audience.STAFF: "For staff. Only material that participants agreed may be shown to "
                    "staff is included.",
    Audience.PATIENTS: "For patients and families. Only material that participants agreed "
                       "may be shown to patients is included.",
    Audience.EVERYONE: "For patients, families and staff together. Only material that "
                       "participants agreed may be shown to both is included.",
    Audience.LEADERSHIP: "For senior leaders. Only material that staff agreed may be shown "
                         "to senior leadership is included, and no one in a small group is "
                         "named by role.",
    Audience.STAFF_AND_LEADERSHIP: "For staff of all levels and senior leaders together. "
                                   "Only material that staff agreed may be shown to both is "
                                   "included, and no one in a small group is named by role.",
}


def _about(pack: EventPack) -> list[Flowable]:
    e = pack.event
    rows = [["Date", f"{blocks.long_date(e.held_on)}, from {e.starts_at}"],
            ["Place", e.place or "To be confirmed"],
            ["Facilitators", ", ".join(e.facilitators) or "—"]]
    if e.attendance:
        rows.append(["Attendance", ", ".join(
            f"{n} {ROLE_LABELS[r].lower()}{'s' if n != 1 else ''}"
            for r, n in sorted(e.attendance.items(), key=lambda kv: list(Role).index(kv[0])))
            + f" ({e.attended} in all)"])
    out = [*section("About this event"),
           data_table(["", ""], rows, [34 * mm, W - 34 * mm], zebra=False),
           Spacer(1, 3 * mm), para(AUDIENCE_LINE[pack.audience], "small")]
    if pack.event.kind != EventKind.STAFF_FEEDBACK:
        if pack.shared_stages:
            out.append(para("From the staff journey, this pack includes only the areas staff "
                            "agreed to share: " + ", ".join(pack.shared_stages) + ".", "small"))
        else:
            out.append(para("Staff have not yet agreed to share any part of the staff "
                            "journey, so none is included.", "small"))
    if pack.withheld:
        out.append(para(f"{pack.withheld} touch point{'s are' if pack.withheld != 1 else ' is'} "
                        "left out because of what participants agreed to.", "small"))
    if pack.generalised:
        n = pack.generalised
        out.append(para(f"{n} touch point{'s are' if n != 1 else ' is'} attributed to “a staff "
                        "member” rather than a role, because so few staff share that role, "
                        "band, team or shift that it would point to one person.", "small"))
    if e.notes:
        out += [Spacer(1, 3 * mm), para(e.notes, "body")]
    return out


def _priorities(pack: EventPack) -> list[Flowable]:
    e = pack.event
    if not e.priorities:
        return []
    counted = any(p.votes is not None for p in e.priorities)
    rows = [[str(i), para(p.title, "cell_bold" if p.agreed else "cell"),
             para(p.detail or "", "cell_small"),
             "—" if p.votes is None else str(p.votes), "Agreed" if p.agreed else ""]
            for i, p in enumerate(e.ranked() if counted else e.priorities, 1)]
    intro = ("Priorities put to the room, with the dots each received."
             if counted else "Priorities to be put to the room.")
    out = [*section("Priorities", intro),
           data_table(["", "Priority", "Why", "Dots", ""], rows,
                      [8 * mm, 60 * mm, W - 112 * mm, 16 * mm, 28 * mm])]
    if e.agreed:
        out += [Spacer(1, 3 * mm), para("Agreed: " + "; ".join(p.title for p in e.agreed)
                                        + ".", "body")]
    return out


def build_event_pack(pack: EventPack, path: Path, *, checkpoint=None) -> int:
    """Cover, about, agenda, priorities, touch points by stage, emotional map, quotes,
    film chapters, then the forms for the day: dot-voting sheet, sign-in, feedback."""
    e = pack.event
    doc = PackDocument(path, title=f"{e.title} pack", project=pack.project,
                       subject=f"{e.title}: {pack.audience.value}", landscape_pages=True)
    cover = blocks.cover(e.title, pack.project, pack.service, [
        blocks.long_date(e.held_on) + (f", {e.starts_at}" if e.held_on else ""), e.place,
        f"Pack for {pack.audience.value}"])
    story: list[Flowable] = [*_about(pack), Spacer(1, 6 * mm), *blocks.agenda(pack.agenda)]
    story += _priorities(pack)
    story += [PageBreak(), *section(
        "What we heard", "Touch points: the moments of the journey that people described, "
        "by stage. ▼ negative, ◆ mixed, ▲ positive.")]
    if pack.blocks:
        story += blocks.touch_point_sections(pack.blocks, checkpoint=checkpoint)
    else:
        story.append(para("No touch points may be shown to this audience yet.", "muted"))
    story += doc.landscape([*section("The emotional map", "How people felt at each stage of "
                                     "the journey; each word with how often it was said."),
                            *charts.emotional_map(pack.map, A4_LANDSCAPE_WIDTH_USABLE)])
    story += section("In their own words", "Quotes chosen by the facilitators, attributed by "
                     "role and pseudonym.")
    story += blocks.quotes(pack.quotes) if pack.quotes else [
        para("No quotes may be shown to this audience.", "muted")]
    if pack.withheld_quotes:
        story.append(para(f"{pack.withheld_quotes} quote{'s' if pack.withheld_quotes != 1 else ''}"
                          " left out: the speaker did not agree to be quoted.", "small"))
    story += [Spacer(1, 6 * mm), *section("The film", "Chapters of the trigger film, with where "
                                          "each starts.")]
    story += blocks.chapters(pack.chapters)
    if pack.pledges:
        story += [Spacer(1, 6 * mm), *blocks.pledges(pack.pledges, "So far", "What people "
                  "committed to at the events before this one.")]
    story += [PageBreak(), *forms.dot_vote_sheet(pack.candidates or ["", "", "", "", ""])]
    if pack.audience.leadership or (pack.audience == Audience.STAFF and pack.staff_experience):
        story += [PageBreak(), *forms.pledge_sheet(
            e.title, commitments=e.kind == EventKind.LEADERSHIP_LISTENING)]
    story += [PageBreak(), *forms.sign_in_sheet(e.title), PageBreak(),
              *forms.feedback_form(e.title)]
    return doc.build(story, cover=cover)

