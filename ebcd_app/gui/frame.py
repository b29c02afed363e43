"""The window's frame around the pages: the navigator and the page stack, sized for a laptop.

On a 1280 or 1366 pixel wide laptop the page names take a sixth of the width, so the
navigator can collapse to the stage numbers (1-8, with short marks for the unnumbered
pages and each page's name as a tooltip): by itself when the window becomes narrow, or by its
toggle. Each page sits in its own scroll area, so a page taller than the window scrolls
instead of making the window taller, and no one page decides how small the window may be.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

EXPANDED_WIDTH = 210
NARROW_WINDOW = 1200  # below this the navigator collapses by itself
ROLE_FULL, ROLE_SHORT = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1


FIRST_SIZE = (1320, 860)


def first_size(available: QSize) -> QSize:
    """The window's size on first start: roomy, but never larger than the screen's free
    area (a 1366×768 laptop has about 1366×728 once the task bar is drawn)."""
    return QSize(*FIRST_SIZE).boundedTo(available)


class Navigator(QWidget):
    """The pages as a list, full names or short marks, with a toggle between the two."""

    collapsed_changed = Signal(bool)

    def __init__(self, entries: Sequence[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        """`entries` are (full label, short mark) pairs, one per page in order."""
        super().__init__(parent)
        self.setObjectName("navigatorPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.list = QListWidget()
        self.list.setObjectName("navigator")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for full, short in entries:
            item = QListWidgetItem(full)
            item.setData(ROLE_FULL, full)
            item.setData(ROLE_SHORT, short)
            self.list.addItem(item)
        self.toggle = QToolButton()
        self.toggle.setObjectName("navigatorToggle")
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(lambda: self.set_collapsed(not self._collapsed))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.toggle)
        self._collapsed = True  # so the first call below lays everything out
        self._narrow: bool | None = None
        self.set_collapsed(False)

    def is_collapsed(self) -> bool:
        return self._collapsed

    def collapsed_width(self) -> int:
        """Wide enough for the widest mark with the item padding of the style sheet."""
        marks = [self.list.item(i).data(ROLE_SHORT) for i in range(self.list.count())]
        widest = max((self.list.fontMetrics().horizontalAdvance(m) for m in marks), default=0)
        return max(56, widest + 2 * 14 + 3 + 8)

    def set_collapsed(self, collapsed: bool) -> None:
        """Show the short marks (with names as tooltips) or the full names; the current
        page stays selected either way."""
        if collapsed == self._collapsed:
            return
        self._collapsed = collapsed
        for i in range(self.list.count()):
            item = self.list.item(i)
            full = item.data(ROLE_FULL)
            item.setText(item.data(ROLE_SHORT) if collapsed else full)
            item.setToolTip(full.strip() if collapsed else "")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter if collapsed
                                  else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setFixedWidth(self.collapsed_width() if collapsed else EXPANDED_WIDTH)
        self.toggle.setText("»" if collapsed else "« Only numbers")
        self.toggle.setToolTip("Show the page names" if collapsed
                               else "Show only the stage numbers, for more room on the page")
        self.collapsed_changed.emit(collapsed)

    def fit_window_width(self, width: int) -> None:
        """Collapse when the window becomes narrow and expand when it becomes wide again;
        in between, the toggle decides."""
        narrow = width < NARROW_WINDOW
        if narrow != self._narrow:
            self._narrow = narrow
            self.set_collapsed(narrow)


class _PageHolder(QWidget):
    """Holds one page in its scroll area and asks for no more height than the page needs.

    A scroll area that resizes its widget asks a page with wrapped text for its preferred
    height at the width it has, so a page whose tables would like to be tall scrolled even
    though it fitted. The holder answers with the page's minimum height for that width.
    """

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def heightForWidth(self, width: int) -> int:
        inner = self.page.layout()
        if inner is not None and inner.hasHeightForWidth():
            return inner.totalMinimumHeightForWidth(width)
        return self.page.minimumSizeHint().height()


class PageStack(QStackedWidget):
    """The pages, each in a scroll area that scrolls when the page is larger than the room.

    `widget(i)` and `currentWidget()` answer with the page itself, as they did before the
    pages scrolled; `scroll_area(i)` gives the scroll area around it.
    """

    def add_page(self, page: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setObjectName("pageScroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(_PageHolder(page))
        self.addWidget(area)
        return area

    def scroll_area(self, index: int | None = None) -> QScrollArea:
        area = super().widget(self.currentIndex() if index is None else index)
        assert isinstance(area, QScrollArea)
        return area

    def widget(self, index: int) -> QWidget | None:  # type: ignore[override]
        area = super().widget(index)
        holder = area.widget() if isinstance(area, QScrollArea) else None
        return holder.page if isinstance(holder, _PageHolder) else area

    def currentWidget(self) -> QWidget | None:  # type: ignore[override]
        return self.widget(self.currentIndex())
