"""Run charts: has the change a co-design group made actually moved a measure?

A run chart plots a measure over time against the median of a baseline and applies a few
probability-based rules (Provost & Murray, "The Health Care Data Guide"; Perla, Provost &
Murray 2011, "The run chart: a simple analytical tool for learning from variation in
healthcare processes"). Each rule describes a pattern that would happen by chance less than
about 1 time in 20, so a facilitator can tell a real improvement from ordinary ups and downs
without a statistician in the room.

Only the standard library is used: the numbers behind a printed pack must not depend on a
plotting or statistics package, and the GUI, the CLI and the packs all share this analysis.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

SHIFT_MIN = 6  # points in a row on one side of the median
TREND_MIN = 5  # points in a row all going up or all going down
RUNS_MIN_USEFUL = 10  # the runs test says little about fewer useful observations
RUNS_TAIL = 0.025  # each tail of a two-sided test at the 5% level
CHANGE_BASELINE_MIN = 6  # points before a change needed to make a baseline of their own


def format_day(day: date) -> str:
    """A date as people in a meeting say it ("3 Feb 2026"), with no zero padding."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class Point:
    on: date
    value: float


SignalKind = Literal["shift", "trend"]


@dataclass(frozen=True)
class Signal:
    """A non-random pattern found in the chart, located by indices into RunChart.points.

    `count` is how many points make the pattern; it can be fewer than last - first + 1 since
    points on the median (shift) or repeats of the same value (trend) do not count.
    """

    kind: SignalKind
    first: int  # index into RunChart.points (inclusive)
    last: int  # inclusive
    direction: Literal["up", "down"]  # shift: above / below the median
    count: int
    start: date
    end: date

    def describe(self) -> str:
        """One line a facilitator can read out, e.g. in a pack under the chart."""
        when = f"({format_day(self.start)} - {format_day(self.end)})"
        if self.kind == "shift":
            side = "above" if self.direction == "up" else "below"
            return f"Shift: {self.count} points {side} the median {when}"
        way = "rising" if self.direction == "up" else "falling"
        return f"Trend: {self.count} points {way} {when}"


@dataclass(frozen=True)
class RunChart:
    name: str
    unit: str
    points: tuple[Point, ...]  # sorted by date
    median: float | None  # None when fewer than 2 points
    baseline_points: int  # how many leading points the median came from
    change_on: date | None
    signals: tuple[Signal, ...]
    runs: int  # number of runs (points on the median excluded)
    useful_observations: int  # points not on the median
    runs_signal: str  # "" or "Too few runs ..." / "Too many runs ..."

    def in_signal(self, index: int, kind: SignalKind) -> bool:
        """Whether the point counts towards a signal of this kind, so a chart can mark it.

        A point on the median inside a shift, or a repeated value inside a trend, lies within
        the signal's span but is not part of it, and is not marked.
        """
        value = self.points[index].value
        for signal in self.signals:
            if signal.kind != kind or not signal.first <= index <= signal.last:
                continue
            if kind == "shift" and value == self.median:
                return False
            if kind == "trend" and index > signal.first and value == self.points[index - 1].value:
                return False
            return True
        return False


def analyse(name: str, unit: str, points: Iterable[tuple[date, float]], *,
            change_on: date | None = None, baseline: int | None = None) -> RunChart:
    """Sort the values by date, take the median of a baseline and apply the run chart rules.

    The baseline is the first `baseline` points if given; otherwise, with a change date, the
    points before the change when there are at least 6 of them (so the "after" points are
    judged against how things were); otherwise all points.
    """
    ordered = tuple(sorted((Point(on, float(value)) for on, value in points),
                           key=lambda p: p.on))
    for point in ordered:
        if not math.isfinite(point.value):
            raise ValueError(f"{name}: the value on {format_day(point.on)} is not a number")
    if baseline is not None and baseline < 1:
        raise ValueError("baseline must be at least one point")
    values = [p.value for p in ordered]
    if baseline is not None:
        base = min(baseline, len(values))
    elif change_on is not None:
        before = sum(1 for p in ordered if p.on < change_on)
        base = before if before >= CHANGE_BASELINE_MIN else len(values)
    else:
        base = len(values)
    if len(values) < 2:
        return RunChart(name, unit, ordered, None, 0, change_on, (), 0, 0, "")
    median = statistics.median(values[:base])
    signals = sorted(_shifts(ordered, median) + _trends(ordered),
                     key=lambda s: (s.first, s.kind))
    sides = [value > median for value in values if value != median]
    runs = sum(1 for i, side in enumerate(sides) if i == 0 or side != sides[i - 1])
    return RunChart(name, unit, ordered, median, base, change_on, tuple(signals), runs,
                    len(sides), _runs_signal(runs, sum(sides), len(sides) - sum(sides)))


def _signal(kind: SignalKind, points: Sequence[Point], members: list[int], up: bool) -> Signal:
    return Signal(kind, members[0], members[-1], "up" if up else "down", len(members),
                  points[members[0]].on, points[members[-1]].on)


def _shifts(points: Sequence[Point], median: float) -> list[Signal]:
    """Runs of 6+ points on one side of the median; points on the median are skipped."""
    found: list[Signal] = []
    group: list[int] = []
    above = False
    for i, point in enumerate(points):
        if point.value == median:
            continue
        if group and (point.value > median) != above:
            if len(group) >= SHIFT_MIN:
                found.append(_signal("shift", points, group, above))
            group = []
        above = point.value > median
        group.append(i)
    if len(group) >= SHIFT_MIN:
        found.append(_signal("shift", points, group, above))
    return found


def _trends(points: Sequence[Point]) -> list[Signal]:
    """Runs of 5+ points each higher (or each lower) than the one before; of equal neighbours
    only the first counts. A peak ends one trend and can start the next."""
    kept = [i for i, p in enumerate(points) if i == 0 or p.value != points[i - 1].value]
    found: list[Signal] = []
    start = 0
    for k in range(1, len(kept) + 1):
        ends = k == len(kept) or (k >= 2 and (
            (points[kept[k]].value > points[kept[k - 1]].value)
            != (points[kept[k - 1]].value > points[kept[k - 2]].value)))
        if not ends:
            continue
        members = kept[start:k]
        if len(members) >= TREND_MIN:
            up = points[members[1]].value > points[members[0]].value
            found.append(_signal("trend", points, members, up))
        start = k - 1
    return found


def runs_distribution(above: int, below: int) -> dict[int, float]:
    """The exact probability of each number of runs when `above` and `below` points are put
    in random order (Swed & Eisenhart 1943), so the limits fit the actual split of points
    rather than a printed table for an even split."""
    if above == 0 or below == 0:
        return {1: 1.0} if above + below else {0: 1.0}
    total = math.comb(above + below, above)
    odds: dict[int, float] = {}
    for runs in range(2, above + below + 1):
        k = runs // 2
        if runs % 2 == 0:
            ways = 2 * math.comb(above - 1, k - 1) * math.comb(below - 1, k - 1)
        else:
            ways = (math.comb(above - 1, k) * math.comb(below - 1, k - 1)
                    + math.comb(above - 1, k - 1) * math.comb(below - 1, k))
        if ways:
            odds[runs] = ways / total
    return odds


def runs_limits(above: int, below: int) -> tuple[int, int]:
    """The fewest and the most runs that are not a signal (two-sided, 5% level): fewer runs
    than the first, or more than the second, would happen by chance less than 1 time in 40
    each."""
    odds = runs_distribution(above, below)
    lower, cumulative = min(odds), 0.0
    for runs in sorted(odds):
        cumulative += odds[runs]
        if cumulative > RUNS_TAIL:
            lower = runs
            break
    upper, cumulative = max(odds), 0.0
    for runs in sorted(odds, reverse=True):
        cumulative += odds[runs]
        if cumulative > RUNS_TAIL:
            upper = runs
            break
    return lower, upper


def _runs_signal(runs: int, above: int, below: int) -> str:
    useful = above + below
    if useful < RUNS_MIN_USEFUL or not above or not below:
        return ""
    lower, upper = runs_limits(above, below)
    if runs < lower:
        return (f"Too few runs: {runs} runs in {useful} points off the median, where at least "
                f"{lower} are expected by chance (5% level)")
    if runs > upper:
        return (f"Too many runs: {runs} runs in {useful} points off the median, where at most "
                f"{upper} are expected by chance (5% level)")
    return ""


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def before_after(chart: RunChart) -> tuple[float | None, float | None]:
    """Medians before the change and from the change on, for a one-line summary in a pack.

    Without a change date there is no "after": (median of all points, None).
    """
    if chart.change_on is None:
        return _median([p.value for p in chart.points]), None
    return (_median([p.value for p in chart.points if p.on < chart.change_on]),
            _median([p.value for p in chart.points if p.on >= chart.change_on]))
