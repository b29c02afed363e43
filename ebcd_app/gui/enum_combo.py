"""A combo box of enum members that hands back the member, not a string.

Qt stores item data as QVariant: a `StrEnum` member put in with `addItem(label, member)`
comes back from `currentData()` as a plain `str`, and a service that then calls
`role.value` fails (issue 13: "Add participant… ▸ OK fails every time"). Keeping the
members on the Python side makes the type a service receives the type it declared.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QComboBox, QWidget

E = TypeVar("E", bound=enum.Enum)


class EnumCombo(QComboBox, Generic[E]):
    """Items are (label, member) pairs; `value()` is the chosen member itself."""

    def __init__(self, items: Iterable[tuple[str, E]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._members: list[E] = []
        for label, member in items:
            self._members.append(member)
            self.addItem(label, member)  # Qt keeps it as a plain value: findData still works

    def value(self) -> E:
        return self._members[max(0, self.currentIndex())]

    def set_value(self, member: E) -> None:
        self.setCurrentIndex(self._members.index(member))
