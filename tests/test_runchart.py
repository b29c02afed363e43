"""Run chart rules on small hand-made series whose answer can be checked by eye."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ebcd_app.domain.runchart import analyse, before_after, runs_distribution, runs_limits

START = date(2026, 1, 6)


def weekly(values: list[float], start: date = START) -> list[tuple[date, float]]:
    return [(start + timedelta(weeks=i), v) for i, v in enumerate(values)]


def test_six_points_below_the_median_are_a_shift():
    # median of all 12 is 5: six above, then six below
    chart = analyse("Falls", "falls", weekly([8, 6, 9, 7, 8, 9, 1, 3, 2, 4, 2, 3]))
    assert chart.median == 5
    shifts = [s for s in chart.signals if s.kind == "shift"]
    assert [(s.first, s.last, s.direction, s.count) for s in shifts] == [
        (0, 5, "up", 6), (6, 11, "down", 6)]
    assert shifts[1].describe() == "Shift: 6 points below the median (17 Feb 2026 - 24 Mar 2026)"


def test_five_points_on_one_side_are_not_a_shift():
    # median 5 (the middle value): five above, one on it, five below, alternating nothing
    chart = analyse("Falls", "falls", weekly([7, 8, 6, 9, 7, 5, 2, 3, 1, 4, 2]))
    assert chart.median == 5
    assert not [s for s in chart.signals if s.kind == "shift"]


def test_points_on_the_median_neither_break_nor_count_towards_a_shift():
    values = [2, 1, 2, 1, 4, 5, 8, 4, 7, 4, 9, 8]  # median 4; above: 5 8 7 9 8 with 4s between
    chart = analyse("Wait", "minutes", weekly(values))
    assert chart.median == 4
    assert not [s for s in chart.signals if s.kind == "shift"]  # only five points above
    values = [2, 1, 2, 1, 4, 5, 8, 4, 7, 4, 9, 8, 6, 4, 3]  # one more above, a 4 inside
    chart = analyse("Wait", "minutes", weekly(values), baseline=12)
    shift = next(s for s in chart.signals if s.kind == "shift")
    assert (shift.first, shift.last, shift.count, shift.direction) == (5, 12, 6, "up")
    # the median points inside the shift lie within it but are not marked as part of it
    assert chart.in_signal(6, "shift") and not chart.in_signal(7, "shift")
    assert chart.useful_observations == len(values) - 4  # four values of exactly 4


def test_five_rising_points_are_a_trend_and_four_are_not():
    chart = analyse("Score", "points", weekly([5, 3, 4, 6, 7, 9, 8]))
    assert [(s.kind, s.first, s.last, s.direction) for s in chart.signals
            if s.kind == "trend"] == [("trend", 1, 5, "up")]
    assert chart.signals[-1].describe() == "Trend: 5 points rising (13 Jan 2026 - 10 Feb 2026)"
    chart = analyse("Score", "points", weekly([5, 3, 4, 6, 7, 2, 8]))
    assert not [s for s in chart.signals if s.kind == "trend"]


def test_falling_trend_after_a_peak():
    chart = analyse("Score", "points", weekly([1, 2, 9, 8, 6, 5, 4, 6]))
    assert [(s.first, s.last, s.direction) for s in chart.signals if s.kind == "trend"] == [
        (2, 6, "down")]


def test_equal_values_neither_add_to_nor_break_a_trend():
    # 3, 4, 4, 5, 6: only four different rising values, so no trend
    chart = analyse("Score", "points", weekly([9, 3, 4, 4, 5, 6, 1]))
    assert not [s for s in chart.signals if s.kind == "trend"]
    # 3, 4, 4, 5, 6, 7: five rising values with a repeat that does not break them
    chart = analyse("Score", "points", weekly([9, 3, 4, 4, 5, 6, 7, 1]))
    trend = next(s for s in chart.signals if s.kind == "trend")
    assert (trend.first, trend.last, trend.count) == (1, 6, 5)
    assert chart.in_signal(2, "trend") and not chart.in_signal(3, "trend")


def test_too_few_runs_for_an_obvious_step():
    values = [2, 3, 2, 3, 2, 3, 2, 8, 9, 8, 9, 8, 9, 8]
    chart = analyse("Calls answered", "%", weekly(values))
    assert chart.runs == 2 and chart.useful_observations == 14
    assert chart.runs_signal.startswith("Too few runs: 2 runs in 14 points")


def test_too_many_runs_for_a_zig_zag():
    chart = analyse("Score", "points", weekly([1, 9] * 8))
    assert chart.runs == 16
    assert chart.runs_signal.startswith("Too many runs")


def test_no_runs_verdict_below_ten_useful_points():
    chart = analyse("Score", "points", weekly([1, 1, 1, 1, 9, 9, 9, 9]))
    assert chart.runs == 2 and chart.runs_signal == ""


def test_runs_limits_come_from_the_exact_distribution():
    odds = runs_distribution(5, 5)
    assert sum(odds.values()) == pytest.approx(1.0)
    assert odds[2] == pytest.approx(2 / 252)  # all five above, then all five below, or back
    assert runs_limits(5, 5) == (3, 9)
    assert runs_limits(10, 10) == (7, 15)


def test_before_and_after_medians_and_a_change_baseline():
    values = [30, 32, 29, 31, 33, 30, 20, 22, 19, 21, 18, 20]
    change = START + timedelta(weeks=6)
    chart = analyse("Wait", "minutes", weekly(values), change_on=change)
    assert chart.baseline_points == 6 and chart.median == 30.5  # from the six "before" points
    assert before_after(chart) == (30.5, 20)
    shift = next(s for s in chart.signals if s.kind == "shift" and s.direction == "down")
    assert (shift.first, shift.last, shift.count) == (5, 11, 7)  # the last "before" 30 too


def test_a_short_baseline_before_a_change_falls_back_to_all_points():
    chart = analyse("Wait", "minutes", weekly([3, 4, 5, 6, 7, 8, 9]),
                    change_on=START + timedelta(weeks=3))
    assert chart.baseline_points == 7 and chart.median == 6
    assert before_after(chart) == (4, 7.5)


def test_an_explicit_baseline_wins():
    chart = analyse("Wait", "minutes", weekly([3, 4, 5, 6, 7, 8, 9]), baseline=3)
    assert chart.baseline_points == 3 and chart.median == 4
    assert before_after(chart) == (6, None)


def test_points_are_sorted_by_date_and_tiny_series_are_handled():
    chart = analyse("Wait", "minutes", [(date(2026, 3, 1), 5), (date(2026, 1, 1), 7)])
    assert [p.value for p in chart.points] == [7, 5] and chart.median == 6
    one = analyse("Wait", "minutes", [(date(2026, 3, 1), 5)])
    assert one.median is None and one.signals == () and one.runs == 0
    empty = analyse("Wait", "minutes", [])
    assert empty.median is None and before_after(empty) == (None, None)
    with pytest.raises(ValueError, match="not a number"):
        analyse("Wait", "minutes", [(date(2026, 3, 1), float("nan"))])
