"""Elapsed time and time left for a running job, as plain numbers and words.

The jobs panel and the terminal bar both promise "time left"; one estimate keeps them
honest with each other. The estimate is linear in the reported fraction and says nothing
until enough work is done for it to mean something.
"""

from __future__ import annotations

MIN_FRACTION = 0.03  # below this, a linear estimate swings wildly
MIN_SECONDS = 2.0


def remaining_seconds(elapsed: float, fraction: float) -> float | None:
    """Seconds left if the rest goes at the pace so far; None while too early to say."""
    if fraction >= 1.0:
        return 0.0
    if fraction < MIN_FRACTION or elapsed < MIN_SECONDS:
        return None
    return elapsed * (1.0 - fraction) / fraction


def duration_words(seconds: float) -> str:
    """'45 s', '3:07', '1:02:05': short enough for a progress row."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    if minutes:
        return f"{minutes}:{secs:02d}"
    return f"{secs} s"


def timing_text(elapsed: float, fraction: float, *, finished: bool = False) -> str:
    """'1:20 elapsed, about 2:05 left' (or 'took 3:25' once finished)."""
    if finished:
        return f"took {duration_words(elapsed)}"
    left = remaining_seconds(elapsed, fraction)
    text = f"{duration_words(elapsed)} elapsed"
    if left is None:
        return text + ", estimating time left…"
    return text + f", about {duration_words(left)} left"
