"""Touch points as cards: the way a co-design group reads them on a shared screen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ebcd_app.gui.sentiment_style import COLOUR, label
from ebcd_app.gui.style import BORDER, TEXT_MUTED

CARD = QSize(330, 168)


class CardDelegate(QStyledItemDelegate):
    """Paints one BoardRow (the model's UserRole) as a card."""

    def sizeHint(self, _option: QStyleOptionViewItem,
                 _index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CARD

    def paint(self, p: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(Qt.ItemDataRole.UserRole)
        if row is None:
            return
        r = option.rect.adjusted(6, 6, -6, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#1f5f8b" if selected else BORDER), 2 if selected else 1))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(r, 6, 6)
        colour = QColor(COLOUR[row.sentiment]) if row.sentiment else QColor("#8a949e")
        p.fillRect(QRect(r.left() + 1, r.top() + 1, 6, r.height() - 1), colour)
        inner = r.adjusted(16, 10, -10, -8)
        bold = QFont(option.font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(colour)
        head = label(row.sentiment) + (f" · {row.emotion}" if row.emotion else "")
        p.drawText(inner.adjusted(0, 0, 0, -inner.height() + 20), Qt.AlignmentFlag.AlignLeft,
                   head)
        p.setFont(option.font)
        p.setPen(QColor(TEXT_MUTED))
        p.drawText(inner.adjusted(0, 20, 0, -inner.height() + 40), Qt.AlignmentFlag.AlignLeft,
                   row.stage or "no stage")
        p.setPen(QColor("#1b2733"))
        text_rect = inner.adjusted(0, 44, 0, -24)
        text = p.fontMetrics().elidedText(f"“{row.text}”", Qt.TextElideMode.ElideRight,
                                          text_rect.width() * 3 - 40)
        p.drawText(text_rect, Qt.TextFlag.TextWordWrap, text)
        p.setPen(QColor(TEXT_MUTED))
        foot = row.attribution + ("  · quote" if row.is_quote else "")
        p.drawText(inner.adjusted(0, inner.height() - 18, 0, 0), Qt.AlignmentFlag.AlignLeft,
                   foot)
        p.restore()


class CardView(QListView):
    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setItemDelegate(CardDelegate(self))
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
