"""Times and lengths as a person reads them on a clock: one rule for the CLI, the services
and the GUI, so that the same recording never reads one second apart in two places.

The rule: the *nearest* whole second (59.6 s reads 0:01:00; an exact half goes to the even
second, as Python's round() does). A recording of 59.6 s is nearer a minute than 59 s, and
the command line's tables and search hits have always read this way; the GUI's player,
tables and transcript view now agree with them. A negative time (a seek before the start)
reads as 0.

`clock` is the one in tables and on the player ("h:mm:ss"); `short_clock` leaves out a zero
hour for sentences and chapter lengths ("3:07"); `stamp` pads every field ("00:03:07")
where files are read by other programs (transcript text).

The one deliberate exception is a chapter's *start* in a film's chapter list
(film/export.py `hms`): it is rounded down, so a player's jump to it never lands after the
chapter's title card has begun.
"""

from __future__ import annotations


def whole_seconds(seconds: float) -> int:
    """The nearest whole second (the one rule above), never below 0."""
    return max(0, round(seconds))


def clock(seconds: float) -> str:
    """'0:03:07', '1:02:05': the hours always there, so a column of them lines up."""
    s = whole_seconds(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def short_clock(seconds: float) -> str:
    """'3:07' under an hour, '1:02:05' from an hour on: short enough for a sentence."""
    s = whole_seconds(seconds)
    if s < 3600:
        return f"{s // 60}:{s % 60:02d}"
    return clock(s)


def stamp(seconds: float) -> str:
    """'00:03:07': every field two digits, as readers of transcript text files expect."""
    s = whole_seconds(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def seconds_since_process_start() -> float | None:
    """How long ago this process started (Linux: from /proc), or None where not known.

    Why from the kernel's record and not a timer in Python: a start-up figure must count
    the time before Python runs (the bundled app unpacks nothing, but loads ~100 libraries)."""
    import os

    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return max(0.0, uptime - started)
