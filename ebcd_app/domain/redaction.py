"""Replacing names flagged for redaction in free text: one rule, used by every output."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ebcd_app.domain.board_row import REDACTED

# Words that turn up in display names but are not names ("Staff nurse 2", "Dr Okafor").
NOT_NAMES = {"mr", "mrs", "ms", "miss", "dr", "prof", "nurse", "staff", "patient", "carer",
              "participant", "family", "sister", "matron", "the", "and", "of"}


@dataclass(frozen=True)
class Redactor:
    """Replaces flagged names (and participants' real names) in free text with [name]."""

    names: frozenset[str] = frozenset()
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, names: set[str]) -> Redactor:
        names = {n for n in names if len(n) >= 2}
        if not names:
            return cls()
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        # Case matters: a flagged "Rose" or "Will" must not take "rose" or "will" with it.
        return cls(frozenset(names), re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"))

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        out = self._pattern.sub(REDACTED, text)
        return re.sub(rf"(?:{re.escape(REDACTED)}\s+)+{re.escape(REDACTED)}", REDACTED, out)

