"""A measure's run chart on screen, drawn by the same code that prints it in the group pack.

The chart comes from `ebcd_app.packs.charts` as SVG and is painted with QSvgRenderer, so the
screen and the paper never disagree; the signals found in it are listed underneath in words,
because a group reads them out and a colour-blind member must not depend on the marks.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ebcd_app.domain.runchart import RunChart, Signal, format_day
from ebcd_app.gui.style import BORDER

SCREEN_SCALE = 1.4  # pixels per point: the chart's 7 pt labels read at about 10 px
MIN_WIDTH_PT, MIN_HEIGHT_PT = 300.0, 170.0


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def signal_lines(chart: RunChart, higher_is_better: bool = True) -> list[str]:
    """The chart's findings as sentences: each signal, whether it is the good direction,
    the runs test, and what the median was taken from."""
    if len(chart.points) < 2:
        return ["Add at least two values to draw the median and look for signals."]
    lines = []
    for s in chart.signals:
        lines.append(f"{s.describe()}{_direction(s, higher_is_better)}")
    if chart.runs_signal:
        lines.append(chart.runs_signal)
    if not lines:
        lines.append("No signals yet: the ups and downs so far look like ordinary variation.")
    assert chart.median is not None
    base = ("all points" if chart.baseline_points == len(chart.points)
            else f"the {chart.baseline_points} points before the change")
    change = f"; change made {format_day(chart.change_on)}" if chart.change_on else ""
    lines.append(f"Median {_number(chart.median)} (from {base}){change}.")
    return lines


def _direction(signal: Signal, higher_is_better: bool) -> str:
    better = (signal.direction == "up") == higher_is_better
    return " — in the better direction" if better else " — in the worse direction"


class RunChartView(QWidget):
    """The chart picture and, under it, its signals in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svg = ""
        self.chart: RunChart | None = None
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumHeight(200)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.image.setStyleSheet(f"background: white; border: 1px solid {BORDER};")
        self.signals = QLabel()
        self.signals.setWordWrap(True)
        self.signals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signals.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.signals.setToolTip("Shift: 6 or more points in a row on one side of the median."
                                "\nTrend: 5 or more points in a row all rising or all "
                                "falling.\nEach happens by chance less than 1 time in 20.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.signals)
        self._resize = QTimer(self)
        self._resize.setSingleShot(True)
        self._resize.setInterval(120)
        self._resize.timeout.connect(self._draw)

    def show_chart(self, chart: RunChart | None, higher_is_better: bool = True) -> None:
        self.chart = chart
        if chart is None:
            self.svg = ""
            self.image.clear()
            self.image.setText("Choose or add a measure to see its run chart.")
            self.signals.setText("")
            return
        self.signals.setText("\n".join(f"• {line}" for line in
                                       signal_lines(chart, higher_is_better)))
        self.updateGeometry()
        self._draw()

    def signals_text(self) -> str:
        return self.signals.text()

    def _draw(self) -> None:
        """Lay the chart out for the room it has on screen (the pack lays it out for A4), so
        its labels stay readable; both come from the same drawing code."""
        if self.chart is None:
            return
        from ebcd_app.packs.charts import drawing_svg, run_chart

        room_w, room_h = self.image.width() - 12, self.image.height() - 12
        if room_w < 100 or room_h < 80:
            return  # not laid out yet; drawn when it is (resizeEvent)
        drawing = run_chart(self.chart, max(MIN_WIDTH_PT, room_w / SCREEN_SCALE),
                            max(MIN_HEIGHT_PT, room_h / SCREEN_SCALE))
        self.svg = drawing_svg(drawing)
        renderer = QSvgRenderer(QByteArray(self.svg.encode("utf-8")))
        size = renderer.defaultSize()
        scale = min(max(1, room_w) / max(1, size.width()), max(1, room_h) / max(1, size.height()))
        width, height = round(size.width() * scale), round(size.height() * scale)
        ratio = self.devicePixelRatioF()
        image = QImage(int(width * ratio), int(height * ratio), QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        self.image.setPixmap(QPixmap.fromImage(image))

    def minimumSizeHint(self) -> QSize:
        """Room for the chart and every line of its signals at the width it has, so a short
        window scrolls the page instead of writing the signals over the chart."""
        hint = super().minimumSizeHint()
        words = self.signals.heightForWidth(max(1, self.width())) if self.signals.text() else 0
        spacing = max(0, self.layout().spacing())
        return QSize(hint.width(), self.image.minimumHeight() + spacing + max(0, words))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the signals wrap differently: a new minimum height
        self._resize.start()
