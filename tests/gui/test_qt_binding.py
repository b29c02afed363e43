"""The Qt binding itself must be sound: PySide6 6.12.0 leaked a reference to None on each
QPainter draw call, and the app died after a few seconds of waveform painting."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_painting_does_not_leak_references_to_none(qapp) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.drawLine(QLineF(0, 0, 10, 10))
        painter.drawRect(QRectF(1, 1, 5, 5))
        painter.fillRect(QRectF(0, 0, 3, 3), QColor("white"))
    painter.end()
    assert abs(sys.getrefcount(None) - before) < 100
