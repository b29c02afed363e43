"""The film's cut as a tree: chapters with their clips, rearranged by drag or Move buttons.

The tree only says what order the user left; the page saves it as one action. A drop that
leaves a clip outside a chapter, or a chapter inside one, is refused and redrawn rather
than saved, so the cut in the project is always chapters of clips.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

Cut = list[tuple[int, list[int]]]  # (chapter id, its clip ids) in film order


class FilmTree(QTreeWidget):
    """Chapters with their clips; drag clips within and across chapters, or chapters."""

    rearranged = Signal()  # a drag left a new cut: save it
    refused = Signal()  # a drag left a clip outside a chapter or a chapter in one: put back

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels(["Chapter / clip", "Who", "Length"])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event) -> None:
        super().dropEvent(event)
        if self.well_formed():
            self.rearranged.emit()
        else:  # redrawn once Qt has finished with the drop, never inside it
            QTimer.singleShot(0, self.refused.emit)

    def well_formed(self) -> bool:
        """Chapters at the top, clips only inside them."""
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if key(top)[0] != "chapter":
                return False
            if any(key(top.child(j))[0] != "clip" for j in range(top.childCount())):
                return False
        return True

    def structure(self) -> Cut:
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            kind, ident = key(top)
            if kind != "chapter":
                continue
            clips = [key(top.child(j))[1] for j in range(top.childCount())
                     if key(top.child(j))[0] == "clip"]
            out.append((ident, clips))
        return out


def key(item: QTreeWidgetItem) -> tuple[str, int]:
    """("chapter" | "clip", its id): what a row of the tree stands for."""
    return item.data(0, Qt.ItemDataRole.UserRole)


def moved(cut: Cut, what: tuple[str, int], step: int) -> Cut | None:
    """The cut with a chapter or clip one place earlier (step -1) or later (+1); a clip at
    the edge of its chapter goes to the end or start of the one before or after. None
    when it cannot go further."""
    kind, ident = what
    cut = [(ch, list(clips)) for ch, clips in cut]
    if kind == "chapter":
        at = [ch for ch, _ in cut].index(ident)
        if not 0 <= at + step < len(cut):
            return None
        cut.insert(at + step, cut.pop(at))
        return cut
    at = next(i for i, (_, clips) in enumerate(cut) if ident in clips)
    clips = cut[at][1]
    i = clips.index(ident)
    if 0 <= i + step < len(clips):
        clips.insert(i + step, clips.pop(i))
    elif 0 <= at + step < len(cut):
        clips.pop(i)
        other = cut[at + step][1]
        other.insert(len(other) if step < 0 else 0, ident)
    else:
        return None
    return cut
