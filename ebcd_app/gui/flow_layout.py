"""A layout that lines its widgets up in a row and wraps them onto more rows when narrow.

A row of filters or buttons laid out side by side is as wide as all of them together, and
on a laptop that width forced the window wider than the screen. In a flow layout the row
needs only as much width as its widest widget and grows a line instead (Qt's flow layout
example, with the spacing of the style).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    """Widgets left to right at their preferred width, wrapping to the next line."""

    def __init__(self, parent: QWidget | None = None, *, margin: int = 0) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(QMargins(margin, margin, margin, margin))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """One line of everything, as wide as a plain row would be."""
        m = self.contentsMargins()
        visible = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible)
        width += self._spacing(Qt.Orientation.Horizontal) * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest single widget: narrower than that, nothing can wrap any more."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _spacing(self, orientation: Qt.Orientation) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget() or (self.parent() if isinstance(self.parent(), QWidget)
                                         else None)
        if parent is None:
            return 6
        metric = (QStyle.PixelMetric.PM_LayoutHorizontalSpacing
                  if orientation == Qt.Orientation.Horizontal
                  else QStyle.PixelMetric.PM_LayoutVerticalSpacing)
        value = parent.style().pixelMetric(metric, None, parent)
        if value < 0:
            value = parent.style().layoutSpacing(QSizePolicy.ControlType.PushButton,
                                                 QSizePolicy.ControlType.PushButton,
                                                 orientation, None, parent)
        return max(0, value)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items (or only measure, when not moving); returns the height used.

        Items of one line are centred on it, so a check box sits level with a button."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        hspace = self._spacing(Qt.Orientation.Horizontal)
        vspace = self._spacing(Qt.Orientation.Vertical)
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(QSize(area.width(), item.sizeHint().height()))
            hint = hint.expandedTo(item.minimumSize())
            if lines[-1] and x + hint.width() > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append((item, hint))
            x += hint.width() + hspace
        y = area.y()
        for n, line in enumerate(lines):
            height = max((hint.height() for _item, hint in line), default=0)
            x = area.x()
            for item, hint in line:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + hspace
            y += height + (vspace if n < len(lines) - 1 else 0)
        return y - rect.y() + m.bottom()
