"""The celebration event pack: what each group changed, the evidence, people's words, and
what happens next."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from ebcd_app.domain.enums import ActionStatus
from ebcd_app.domain.pack_content import CelebrationPack
from ebcd_app.packs import blocks, forms
from ebcd_app.packs.blocks import W
from ebcd_app.packs.styles import PackDocument, data_table, para, section


def _summary(pack: CelebrationPack) -> list[Flowable]:
    rows = []
    for gp in pack.groups:
        g = gp.group
        done = sum(1 for a in g.actions if a.status == ActionStatus.DONE)
        rows.append([para(g.name, "cell_bold"), para(g.changed or "—", "cell"),
                     f"{len(g.cycles)}", f"{done} of {len(g.actions)}"])
    return [data_table(["Group", "What changed", "PDSA cycles", "Actions done"], rows,
                       [42 * mm, W - 94 * mm, 24 * mm, 28 * mm])]


def build_celebration_pack(pack: CelebrationPack, path: Path, *, checkpoint=None) -> int:
    e = pack.event
    doc = PackDocument(path, title=f"{e.title} pack", project=pack.project,
                       subject="Celebration event: what we changed together")
    cover = blocks.cover(e.title, pack.project, pack.service, [
        blocks.long_date(e.held_on) + (f", {e.starts_at}" if e.held_on else ""), e.place,
        "What we changed together"])
    story: list[Flowable] = [*blocks.agenda(pack.agenda), Spacer(1, 6 * mm)]
    if pack.agreed:
        story += [*section("The priorities we agreed", "At the joint event, everyone "
                           "agreed to work on:")]
        story += [para(f"{i}. {t}", "body") for i, t in enumerate(pack.agreed, 1)]
        story.append(Spacer(1, 6 * mm))
    story += section("What each group changed")
    story += _summary(pack) if pack.groups else [para("No co-design groups yet.", "muted")]
    for gp in pack.groups:
        g = gp.group
        story += [PageBreak(), *section(g.name, g.priority if g.priority != g.name else "")]
        story += [para("What changed", "h3"), para(g.changed or "Not written yet.", "body")]
        if gp.measures:
            story.append(para("Measures before and after", "h3"))
            rows = [[para(m.measure.name, "cell"), blocks.number(m.before, m.measure.unit),
                     blocks.number(m.after, m.measure.unit),
                     "higher is better" if m.measure.higher_is_better else "lower is better"]
                    for m in gp.measures]
            story.append(data_table(["Measure", "Median before", "Median after", ""], rows,
                                    [W - 104 * mm, 32 * mm, 32 * mm, 40 * mm]))
            for result in gp.measures:
                story += blocks.measure(result)
                if checkpoint is not None:
                    story.append(checkpoint())
        story += [CondPageBreak(30 * mm), para("Next steps", "h3"),
                  para(g.next_steps or "Not written yet.", "body")]
    story += [PageBreak(), *section("In their own words", "Quotes from patients, families and "
                                    "staff, attributed by role and pseudonym.")]
    story += blocks.quotes(pack.quotes, limit=24) if pack.quotes else [
        para("No quotes may be shown.", "muted")]
    if pack.pledges:
        story += [PageBreak(), *blocks.pledges(
            pack.pledges, "What we committed to", "Every 15% solution (what each of us "
            "said we would change ourselves) and every leadership commitment, by event.")]
    if pack.feedback:
        story += [Spacer(1, 6 * mm), *section("What you told us about the events",
                                               "From the feedback forms: 1 is the lowest, "
                                               "5 the highest.")]
        story += blocks.feedback(pack.feedback)
    story += [PageBreak(), *forms.sign_in_sheet(e.title), PageBreak(),
              *forms.feedback_form(e.title)]
    return doc.build(story, cover=cover)
