"""Time left for a job: honest once there is enough to go on, silent before."""

from __future__ import annotations

from ebcd_app.basics.eta import duration_words, remaining_seconds, timing_text


def test_time_left_follows_the_pace_so_far() -> None:
    assert remaining_seconds(30.0, 0.25) == 90.0
    assert remaining_seconds(10.0, 1.0) == 0.0


def test_no_estimate_too_early() -> None:
    assert remaining_seconds(1.0, 0.5) is None
    assert remaining_seconds(60.0, 0.01) is None
    assert timing_text(5.0, 0.0) == "5 s elapsed, estimating time left…"


def test_words_a_user_reads() -> None:
    assert duration_words(45.4) == "45 s"
    assert duration_words(187) == "3:07"
    assert duration_words(3725) == "1:02:05"
    assert timing_text(80.0, 0.4) == "1:20 elapsed, about 2:00 left"
    assert timing_text(205.0, 1.0, finished=True) == "took 3:25"
