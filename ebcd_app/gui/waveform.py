"""The waveform of an audio recording, with a playhead; click to seek."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from ebcd_app.basics.clock import short_clock
from ebcd_app.media.audio import PEAKS_PER_SECOND, read_peaks


class WaveformWidget(QWidget):
    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._peaks = np.zeros((0, 2), dtype=np.int16)
        self._duration = 0.0
        self._position = 0.0
        self._columns: np.ndarray | None = None
        self._cache: QPixmap | None = None  # the waveform itself; only the playhead moves
        self._gaps: list[tuple[float, float]] = []  # untranscribed speech, shaded
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def load(self, peaks_path: Path, duration: float) -> None:
        self._peaks = read_peaks(peaks_path) if peaks_path.is_file() else self._peaks[:0]
        self._duration = duration or len(self._peaks) / PEAKS_PER_SECOND
        self._columns = None
        self._cache = None
        self.update()

    def set_gaps(self, gaps: list[tuple[float, float]]) -> None:
        """Shade speech that has no words, and name it in the tooltip, so a gap is seen."""
        self._gaps = list(gaps)
        self.setToolTip("\n".join(f"untranscribed speech {short_clock(a)}-{short_clock(b)}"
                                   for a, b in self._gaps))
        self.update()

    def set_position(self, seconds: float) -> None:
        self._position = seconds
        self.update()

    def _column_peaks(self, width: int) -> np.ndarray:
        if self._columns is None or len(self._columns) != width:
            n = len(self._peaks)
            if n == 0 or width <= 0:
                self._columns = np.zeros((max(width, 0), 2))
            else:
                edges = np.linspace(0, n, width + 1).astype(int)
                lo = np.minimum.reduceat(self._peaks[:, 0], np.minimum(edges[:-1], n - 1))
                hi = np.maximum.reduceat(self._peaks[:, 1], np.minimum(edges[:-1], n - 1))
                self._columns = np.stack([lo, hi], axis=1) / 32768.0
        return self._columns

    def _waveform(self) -> QPixmap:
        if self._cache is not None and self._cache.size() == self.size():
            return self._cache
        pix = QPixmap(self.size())
        pix.fill(QColor("white"))
        p = QPainter(pix)
        w, h = self.width(), self.height()
        mid = h / 2
        p.setPen(QPen(QColor("#8fb6d6"), 1))
        cols = self._column_peaks(w)
        gain = 0.95 / max(0.05, float(np.abs(cols).max()) if len(cols) else 1.0)
        for x, (lo, hi) in enumerate(cols):
            p.drawLine(QPointF(x + 0.5, mid - hi * gain * mid), QPointF(x + 0.5,
                                                                        mid - lo * gain * mid))
        p.setPen(QPen(QColor("#d0d7de"), 1))
        p.drawRect(QRectF(0.5, 0.5, w - 1, h - 1))
        p.end()
        self._cache = pix
        return pix

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.drawPixmap(0, 0, self._waveform())
        w, h = self.width(), self.height()
        if self._duration > 0:
            for a, b in self._gaps:
                x0, x1 = w * a / self._duration, w * b / self._duration
                p.fillRect(QRectF(x0, 0, max(2.0, x1 - x0), h), QColor(164, 38, 44, 60))
            played = w * min(1.0, self._position / self._duration)
            p.fillRect(QRectF(0, 0, played, h), QColor(31, 95, 139, 28))
            p.setPen(QPen(QColor("#1f5f8b"), 2))
            p.drawLine(QPointF(played, 0), QPointF(played, h))
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._duration > 0 and self.width() > 0:
            self.seek_requested.emit(self._duration * event.position().x() / self.width())
