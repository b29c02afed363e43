"""Time a piece of work and measure how busy the rest of the machine was meanwhile.

Why: on a 2-core machine any other process (a test run, a build) slows a benchmark run a
lot, and wall time alone cannot tell a slow engine from a busy machine. Comparing the
system-wide busy CPU time (/proc/stat) with this process's own CPU time gives the CPU that
*other* processes used during the run, so a contended timing shows up as such in the table.
Shared by transcribe.py and _openai_whisper_run.py (which run in different virtualenvs), so
it uses only the standard library.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def _busy_cpu_seconds() -> float | None:
    """CPU seconds all processes have spent busy since boot; None where /proc is missing."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    # cpu user nice system idle iowait irq softirq steal ...: everything but idle and iowait
    values = [int(v) for v in fields[1:9]]
    busy = sum(values) - values[3] - values[4]
    return busy / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Timing:
    wall_s: float
    cpu_s: float  # this process, all its threads
    others_cores: float | None  # mean cores used by other processes during the run


def timed(work: Callable[[], T]) -> tuple[T, Timing]:
    """Run `work()` and return its result with its Timing."""
    busy0, cpu0, wall0 = _busy_cpu_seconds(), time.process_time(), time.perf_counter()
    result = work()
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    busy1 = _busy_cpu_seconds()
    others = None
    if busy0 is not None and busy1 is not None and wall > 0:
        others = max(0.0, (busy1 - busy0 - cpu) / wall)
    return result, Timing(wall, cpu, others)
