"""Pieces several packs print the same way: cover, agenda, touch points, quotes, chapters,
a group's logs and charts. Content arrives already filtered by consent and redacted
(core.services.packs); these only lay it out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from ebcd_app.basics.progress import CancelToken
from ebcd_app.domain.board_row import ROLE_LABELS, BoardRow
from ebcd_app.domain.enums import Sentiment
from ebcd_app.domain.event_views import FeedbackSummary, PledgeView
from ebcd_app.domain.group_views import GroupView
from ebcd_app.domain.pack_content import ChapterLine, MeasureResult, StageBlock
from ebcd_app.packs import charts
from ebcd_app.packs.styles import (
    A4_WIDTH_USABLE,
    data_table,
    markup,
    para,
    plain,
    section,
    sentiment_cell,
)

W = A4_WIDTH_USABLE


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "Date to be confirmed"


def short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "—"


def cover(title: str, project: str, service: str, lines: Sequence[str]) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 30 * mm), para(project, "cover_subtitle"),
                           Spacer(1, 4 * mm), para(title, "cover_title"), Spacer(1, 8 * mm)]
    if service:
        out.append(para(service, "cover_meta"))
    out += [para(line, "cover_meta") for line in lines if line]
    return out


class Checkpoint(Flowable):
    """Zero-size flowable that reports progress and honours cancel while pages are laid out
    (ReportLab's build is one long call)."""

    def __init__(self, tick: Callable[[], None]) -> None:
        super().__init__()
        self.tick = tick

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.tick()


def agenda(items: Sequence[tuple[str, str, int]], *, title: str = "Agenda") -> list[Flowable]:
    rows = [[t, item, f"{m} min" if m else ""] for t, item, m in items]
    return [*section(title), data_table(["Time", "Item", "Length"], rows,
                                        [22 * mm, W - 44 * mm, 22 * mm])]


def touch_point_sections(blocks: Sequence[StageBlock], *,
                         checkpoint: Callable[[], Flowable] | None = None) -> list[Flowable]:
    """One table per stage; the stage heading keeps with its first rows."""
    out: list[Flowable] = []
    journey = None
    for block in blocks:
        if block.journey != journey:
            journey = block.journey
            out += [CondPageBreak(40 * mm), para(block.journey_title, "h2")]
        counts = {s: sum(1 for r in block.rows if r.sentiment == s)
                  for s in (Sentiment.NEGATIVE, Sentiment.MIXED, Sentiment.POSITIVE)}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        rows = []
        for r in block.rows:
            said = para(f"“{r.text}”" if r.recording_id else r.text, "cell")
            who = para(r.attribution if r.recording_id else r.recording_name, "cell_small")
            rows.append([sentiment_cell(r.sentiment),
                         para(r.emotion or "—", "cell"), said, who])
        table = data_table(["Feeling", "Emotion", "What was said or seen", "Who"], rows,
                           [24 * mm, 24 * mm, W - 86 * mm, 38 * mm])
        heading = para(f"{block.stage}  ·  {len(block.rows)} touch point"
                       f"{'s' if len(block.rows) != 1 else ''}"
                       + (f" ({summary})" if summary else ""), "h3")
        out += [CondPageBreak(30 * mm), heading, table, Spacer(1, 4 * mm)]
        if checkpoint is not None:
            out.append(checkpoint())
    return out


def quotes(rows: Sequence[BoardRow], *, limit: int = 40) -> list[Flowable]:
    out: list[Flowable] = []
    for r in rows[:limit]:
        where = " · ".join(x for x in (r.stage, ", ".join(r.themes)) if x)
        out.append(KeepTogether([
            para(f"“{r.text}”", "quote"),
            para(f"— {r.attribution}" + (f"  ({where})" if where else ""), "attribution"),
            Spacer(1, 3 * mm)]))
    if len(rows) > limit:
        out.append(para(f"{len(rows) - limit} more quotes are in the project.", "muted"))
    return out


def chapters(lines: Sequence[ChapterLine]) -> list[Flowable]:
    if not lines:
        return [para("The film has no chapters yet.", "muted")]
    rows = [[line.timecode, para(line.title, "cell_bold" if not line.timecode else "cell"),
             line.duration] for line in lines]
    return [data_table(["Starts at", "Chapter", "Length"], rows,
                       [26 * mm, W - 52 * mm, 26 * mm])]


def members(group: GroupView) -> list[Flowable]:
    if not group.members:
        return [para("No members recorded yet.", "muted")]
    rows = [[m.name or "—", ROLE_LABELS[m.role]] for m in group.members]
    return [data_table(["Member", "Role"], rows, [W * 0.6, W * 0.4])]


def meetings(group: GroupView) -> list[Flowable]:
    if not group.meetings:
        return [para("No meetings recorded yet.", "muted")]
    rows = [[short_date(m.held_on), str(m.attendees or "—"), para(m.notes or "—", "cell")]
            for m in group.meetings]
    return [data_table(["Date", "People", "Notes"], rows, [26 * mm, 18 * mm, W - 44 * mm])]


def actions(group: GroupView, today: date | None = None) -> list[Flowable]:
    if not group.actions:
        return [para("No actions recorded yet.", "muted")]
    rows = []
    for a in group.actions:
        status = a.status.value.capitalize() + (" — overdue" if a.overdue(today) else "")
        rows.append([para(a.what, "cell"), para(a.who or "—", "cell"), short_date(a.due_on),
                     para(status, "cell_bold" if a.overdue(today) else "cell")])
    return [data_table(["What", "Who", "By when", "Status"], rows,
                       [W - 98 * mm, 34 * mm, 26 * mm, 38 * mm])]


def cycles(group: GroupView) -> list[Flowable]:
    if not group.cycles:
        return [para("No PDSA cycles recorded yet.", "muted")]
    out: list[Flowable] = []
    for c in group.cycles:
        span = " – ".join(x for x in (short_date(c.started_on) if c.started_on else "",
                                      short_date(c.ended_on) if c.ended_on else "") if x)
        rows = [[para(label, "cell_bold"), para(text or "—", "cell")] for label, text in (
            ("Plan", c.plan), ("Prediction", c.prediction), ("Do: what happened", c.happened),
            ("Study: what we learnt", c.learnt), ("Act: what next", c.next_step))]
        out += [CondPageBreak(45 * mm),
                para(f"Cycle {c.number}: {c.title}" + (f"  ({span})" if span else ""), "h3"),
                data_table(["Step", "Notes"], rows, [42 * mm, W - 42 * mm], zebra=False),
                Spacer(1, 4 * mm)]
    return out


def number(value: float | None, unit: str) -> str:
    """A measured value for print: at most one decimal, with its unit; a dash if none."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def measure(result: MeasureResult) -> list[Flowable]:
    m, chart = result.measure, result.chart
    lines = []
    if m.description:
        lines.append(para(m.description, "body"))
    better = "higher is better" if m.higher_is_better else "lower is better"
    facts = [f"{len(chart.points)} values", better]
    if chart.median is not None:
        facts.append(f"median {number(chart.median, m.unit)}")
    if m.change_on:
        facts.append(f"change introduced {short_date(m.change_on)}")
    lines.append(para(" · ".join(facts), "muted"))
    signals = [s.describe() for s in chart.signals] + ([chart.runs_signal]
                                                        if chart.runs_signal else [])
    body: list[Flowable] = [para(m.name, "h3"), *lines,
                            charts.run_chart(chart, W, 62 * mm)]
    if m.change_on:
        body.append(para(f"Before the change: median {number(result.before, m.unit)}.  "
                         f"After: median {number(result.after, m.unit)}.", "body"))
    if signals:
        body.append(markup("<b>Signals:</b> " + "; ".join(plain(s) for s in signals) + ".",
                           "small"))
    else:
        body.append(para("No signal of change yet by the run-chart rules.", "small"))
    return [CondPageBreak(95 * mm), *body, Spacer(1, 6 * mm)]


def cancel_checkpoint(token: CancelToken | None,
                      tick: Callable[[], None]) -> Callable[[], Flowable]:
    def make() -> Flowable:
        def run() -> None:
            if token is not None:
                token.raise_if_cancelled()
            tick()
        return Checkpoint(run)
    return make


def pledges(items: Sequence[PledgeView], title: str, intro: str) -> list[Flowable]:
    """15% solutions and commitments: who, what, by when, at which event."""
    rows = [[para("Commitment" if p.kind == "commitment" else "15% solution",
                  "cell_small"), para(p.who or "—", "cell"), para(p.what, "cell"),
             short_date(p.by_when) if p.by_when else "—"] for p in items]
    return [*section(title, intro),
            data_table(["", "Who", "What", "By when"], rows,
                       [26 * mm, 38 * mm, W - 92 * mm, 28 * mm])]


def feedback(summaries: Sequence[FeedbackSummary]) -> list[Flowable]:
    """Each event's feedback forms: how many, the medians, the spread and the comments."""
    out: list[Flowable] = []
    rows = [[para(f.title, "cell"), str(f.forms), _median(f.session_median),
             para(_spread(f.session_counts), "cell_small"), _median(f.useful_median),
             para(_spread(f.useful_counts), "cell_small")] for f in summaries]
    out.append(data_table(["Event", "Forms", "How it was", "Scores given", "How useful",
                           "Scores given"], rows,
                          [W - 132 * mm, 16 * mm, 26 * mm, 32 * mm, 26 * mm, 32 * mm]))
    for f in summaries:
        if f.comments:
            out += [Spacer(1, 3 * mm), para(f"Comments on the {f.title.lower()}", "h3")]
            out += [para(f"“{c}”", "body") for c in f.comments[:12]]
    return out


def _median(value: float | None) -> str:
    return "—" if value is None else f"median {value:g}"


def _spread(counts: Sequence[int]) -> str:
    """How many gave each score: "4 ×2, 5 ×1"."""
    return ", ".join(f"{n} ×{c}" for n, c in enumerate(counts, 1) if c) or "—"
