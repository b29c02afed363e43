"""SVG to PNG with QtSvg, for map exports from the app and from `ebcd map --out x.png`."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from ebcd_app.basics.atomic import atomic_path
from ebcd_app.basics.errors import EbcdError


def svg_to_png(svg: str, out: Path, *, width: int = 1600) -> None:
    if QGuiApplication.instance() is None:  # from the command line: no window needed
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([])  # kept alive while we paint
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise EbcdError("the map could not be drawn (invalid SVG)")
    size = renderer.defaultSize()
    height = round(size.height() * width / max(1, size.width()))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    with atomic_path(out) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise EbcdError(f"{out}: could not write the PNG")
