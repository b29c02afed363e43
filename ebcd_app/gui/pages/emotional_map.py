"""The emotional map on screen, exported as PNG or SVG for slides and packs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.basics.atomic import write_text
from ebcd_app.domain.models import JourneyType
from ebcd_app.gui.ops import OpChanges, Ops
from ebcd_app.gui.ops.outputs import record
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.svg_png import svg_to_png
from ebcd_app.maps.svg import render_svg
from ebcd_app.services import packs
from ebcd_app.store.db import ProjectStore


class EmotionalMapPage(QWidget):
    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        runner, self.ops = ops.runner, ops
        self.setObjectName("page")
        self.store = store
        self.svg = ""
        self.journeys = {j: QCheckBox(t) for j, t in (
            (JourneyType.PATIENT, "Patient and family journey"),
            (JourneyType.STAFF, "Staff journey"))}
        bar = QHBoxLayout()
        for box in self.journeys.values():
            box.setChecked(True)
            box.toggled.connect(lambda _c: self.refresh())
            bar.addWidget(box)
        self.audience = QComboBox()
        for label, key in (("Staff and patients (joint event)", "joint"),
                           ("Staff", "staff"), ("Patients and families", "patients"),
                           ("Facilitator: every touch point", packs.FACILITATOR)):
            self.audience.addItem(label, key)
        self.audience.setToolTip("Who will see the map: only the touch points their consent "
                                 "allows, names redacted, as in that audience's pack")
        self.audience.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(QLabel("For"))
        bar.addWidget(self.audience)
        bar.addStretch(1)
        for text, slot in (("Export PNG…", self.export_png), ("Export SVG…", self.export_svg)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            bar.addWidget(b)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.image)
        self.scroll.setStyleSheet("QScrollArea { background: white; border: 1px solid #d0d7de; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Emotional map", "Each stage of the journey with how "
                                     "people felt there. Shown to co-design groups."))
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        self._resize = QTimer(self)
        self._resize.setSingleShot(True)
        self._resize.setInterval(150)
        self._resize.timeout.connect(self._draw)
        runner.operation_executed.connect(self._on_change)
        self.refresh()

    def _on_change(self, change: object) -> None:
        """The map is drawn from the touch points and the stages; an edit to either (or its
        undo) redraws it when it is on screen (showing it redraws it anyway)."""
        if (self.isVisible() and isinstance(change, OpChanges)
                and change.touches("touchpoints", "transcript", "vocabulary", "people")):
            self.refresh()

    def refresh(self) -> None:
        chosen = [j for j, box in self.journeys.items() if box.isChecked()] or list(JourneyType)
        data = packs.map_for(self.store, self.audience.currentData(), chosen)
        self.svg = render_svg(data)
        self._draw()

    def _draw(self) -> None:
        renderer = QSvgRenderer(QByteArray(self.svg.encode("utf-8")))
        width = max(600, self.scroll.viewport().width() - 4)
        size = renderer.defaultSize()
        height = round(size.height() * width / max(1, size.width()))
        ratio = self.devicePixelRatioF()
        image = QImage(int(width * ratio), int(height * ratio), QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor("white"))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        self.image.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._resize.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def export_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the map",
                                              str(Path.home() / "emotional-map.png"),
                                              "PNG image (*.png)")
        if path:
            svg_to_png(self.svg, Path(path), width=2400)
            record(self.ops, self.store, Path(path), "emotional map")
            self.status.emit(f"Saved {path}")

    def export_svg(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the map",
                                              str(Path.home() / "emotional-map.svg"),
                                              "SVG drawing (*.svg)")
        if path:
            write_text(Path(path), self.svg)
            record(self.ops, self.store, Path(path), "emotional map")
            self.status.emit(f"Saved {path}")
