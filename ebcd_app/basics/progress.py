"""Progress and cancellation as plain objects; the CLI and the GUI adapt them.

A service takes a `ProgressSink` (any callable) and a `CancelToken`; it never knows
whether a terminal bar or a Qt signal is listening.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from ebcd_app.basics.errors import Cancelled


@dataclass(frozen=True)
class ProgressUpdate:
    label: str
    fraction: float  # 0..1 of the current item
    item: int = 1
    items: int = 1


ProgressSink = Callable[[ProgressUpdate], None]


def ignore_progress(_update: ProgressUpdate) -> None:
    return None


class CancelToken:
    """Set from any thread; long work checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.resume_later = False

    def cancel(self, *, resume_later: bool = False) -> None:
        """Stop the work. `resume_later`: the user is closing the project, not giving up,
        so work that can carry on next time (a transcription) keeps what it has done."""
        self.resume_later = self.resume_later or resume_later
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled by the user; nothing half-done was kept")
