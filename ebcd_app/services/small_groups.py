"""Small-group protection: what senior leadership sees never points at one person.

Staff who speak about their managers can be recognised by what is known about them: "the
band 7 on Ward 12 on nights" is one person. In anything shown to leadership, a touch point
or clip whose speakers include someone whose attribute combination (band, team, shift,
whatever the project records) is held by fewer than the project's `min_group` staff
(default 3) is attributed to "A staff member" instead, and counted; the facilitator is told
which combinations were too small (never who).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from ebcd_app.domain.board_row import BoardRow
from ebcd_app.domain.models import Participant, Project, Role
from ebcd_app.store.db import ProjectStore

GENERAL = "A staff member"


def _combo(p: Participant) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in (p.attributes or {}).items() if v))


def describe(combo: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{k} {v}" if k == "band" else v for k, v in combo)


@dataclass
class Protector:
    """Generalises attributions of people in groups smaller than `k`; counts what it did."""

    counts: Counter
    k: int
    why: list[str] = field(default_factory=list)
    _done: set[object] = field(default_factory=set)

    @property
    def generalised(self) -> int:
        """How many touch points (or clips) lost their attribution."""
        return len(self._done)

    def too_small(self, people: Sequence[Participant]) -> list[str]:
        small = []
        for p in people:
            combo = _combo(p)
            if p.role == Role.STAFF and combo and self.counts[combo] < self.k:
                small.append(f"“{describe(combo)}” is held by {self.counts[combo]} of the "
                             f"staff (fewer than {self.k})")
        return small

    def label(self, people: Sequence[Participant], label: str, key: object) -> str:
        small = self.too_small(people)
        if not small:
            return label
        self._done.add(key)
        self.why.extend(w for w in small if w not in self.why)
        return GENERAL

    def __call__(self, row: BoardRow, linked: Sequence[Participant]) -> BoardRow:
        who = [p for p in linked if p.id in row.speaker_ids] or list(linked)
        label = self.label(who, row.attribution, ("touch point", row.id))
        return row if label == row.attribution else replace(row, attribution=label)


def protector(store: ProjectStore) -> Protector:
    """The project's protector: attribute combinations counted over its staff."""
    with store.session() as s:
        project = s.scalars(select(Project).limit(1)).first()
        k = project.min_group if project is not None and project.min_group else 3
        staff = list(s.scalars(select(Participant).where(Participant.role == Role.STAFF)))
        counts = Counter(_combo(p) for p in staff if _combo(p))
    return Protector(counts, k)
