"""The one clock rule: a time or length reads as the nearest whole second, never below 0."""

from __future__ import annotations

from ebcd_app.basics.clock import clock, short_clock, stamp


def test_a_time_reads_as_the_nearest_second() -> None:
    assert clock(59.5) == "0:01:00"  # the GUI once said 0:00:59 here, the CLI 0:01:00
    assert clock(59.4) == "0:00:59"
    assert clock(3599.6) == "1:00:00"  # the hour carries over
    assert clock(0) == "0:00:00"
    assert clock(36_000 + 62.2) == "10:01:02"


def test_a_negative_time_reads_zero() -> None:
    assert clock(-3.2) == "0:00:00" and short_clock(-0.4) == "0:00" and stamp(-1) == "00:00:00"


def test_short_and_padded_forms_follow_the_same_rule() -> None:
    assert short_clock(59.5) == "1:00" and short_clock(187.4) == "3:07"
    assert short_clock(3599.4) == "59:59" and short_clock(3599.6) == "1:00:00"
    assert short_clock(3725) == "1:02:05"
    assert stamp(59.5) == "00:01:00" and stamp(3599.6) == "01:00:00"
    assert stamp(3725.2) == "01:02:05"
