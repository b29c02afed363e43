"""A terminal progress bar for the same ProgressUpdate objects the GUI receives."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ebcd_app.basics.progress import ProgressUpdate

WIDTH = 30


class TerminalProgress:
    """Redraws one line on a terminal; prints a line per 10 % when output is a file/pipe."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last_label = ""
        self._last_step = -1
        self._last_draw = 0.0

    def __call__(self, update: ProgressUpdate) -> None:
        pct = round(update.fraction * 100)
        label = update.label
        if update.items > 1:
            label = f"[{update.item}/{update.items}] {label}"
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and pct < 100 and label == self._last_label:
                return
            self._last_draw = now
            filled = int(WIDTH * update.fraction)
            bar = "#" * filled + "-" * (WIDTH - filled)
            self.stream.write(f"\r{label[:50]:<50} [{bar}] {pct:3d}%")
            if pct >= 100:
                self.stream.write("\n")
        else:
            step = pct // 10
            if label != self._last_label:
                self._last_step = -1
            if step != self._last_step:
                self.stream.write(f"{label}: {pct}%\n")
                self._last_step = step
        self._last_label = label
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._last_label:
            self.stream.write("\n")
            self.stream.flush()
