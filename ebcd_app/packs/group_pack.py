"""A co-design group's pack: its priority, people, logs, tests of change and measures."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from ebcd_app.domain.pack_content import GroupPack
from ebcd_app.packs import blocks
from ebcd_app.packs.styles import PackDocument, para, section


def build_group_pack(pack: GroupPack, path: Path, *, checkpoint=None) -> int:
    g = pack.group
    doc = PackDocument(path, title=f"Co-design group: {g.name}", project=pack.project,
                       subject=f"Co-design group pack: {g.priority}")
    cover = blocks.cover(f"Co-design group: {g.name}", pack.project, pack.service, [
        f"Priority: {g.priority}" if g.priority else "",
        f"Working since {blocks.long_date(g.started_on)}" if g.started_on else "",
        f"{len(g.members)} members · {len(g.meetings)} meetings · {len(g.cycles)} PDSA cycles"])
    story: list[Flowable] = [*section("The priority", g.priority or g.name),
                             *section("Members"), *blocks.members(g), Spacer(1, 6 * mm),
                             *section("Meeting log"), *blocks.meetings(g), Spacer(1, 6 * mm),
                             *section("Action log"), *blocks.actions(g), Spacer(1, 6 * mm),
                             CondPageBreak(70 * mm),
                             *section("PDSA cycles", "Each small test of change: plan, "
                                      "prediction, what happened, what was learnt, what next.")]
    story += blocks.cycles(g)
    story += [CondPageBreak(110 * mm)]
    story += section("Measures", "Run charts: each value in date order with the median. "
                     "Six or more points in a row on one side of the median (a shift) or five "
                     "or more rising or falling (a trend) signal a real change.")
    if pack.measures:
        for result in pack.measures:
            story += blocks.measure(result)
            if checkpoint is not None:
                story.append(checkpoint())
    else:
        story.append(para("No measures recorded yet.", "muted"))
    if g.changed or g.next_steps:
        story += section("What has changed and what next")
        story += [para(g.changed, "body")] if g.changed else []
        story += [para("Next: " + g.next_steps, "body")] if g.next_steps else []
    return doc.build(story, cover=cover)
