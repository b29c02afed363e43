"""Peak resident memory of a whole process tree, sampled from /proc (Linux).

Why not ru_maxrss: it gives the largest single process, not the sum of a parent and the
ffmpeg or Whisper children it runs at the same time, and for children it cannot be reset
between measurements. This samples every `interval` seconds the sum of VmRSS over the
process and all its descendants and keeps the largest sum seen (a peak shorter than the
interval can be missed; the figures are a lower bound within that resolution).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    """VmRSS of `root` plus every descendant, in KiB."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        todo.extend(tree.get(pid, ()))
    return total


class TreePeak(threading.Thread):
    """Sample tree_rss_kb(root) until stop(); `peak_mb` is the largest sum seen."""

    def __init__(self, root: int | None = None, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root = root if root is not None else os.getpid()
        self.interval = interval
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while True:
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.root))
            if self._done.wait(self.interval):
                return

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak_mb

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024

    def __enter__(self) -> TreePeak:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
