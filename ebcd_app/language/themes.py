"""Candidate themes: phrases that recur across several interviews.

A theme worth a chapter of the film is usually something more than one person talks about,
so we count the recordings a phrase appears in, not how often one talker repeats it.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MIN_RECORDINGS = 2
FUNCTION = {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "NUM"}
GENERIC = {"thing", "things", "time", "lot", "bit", "way", "day", "people", "someone",
           "something", "anything", "everything", "nothing", "one", "kind", "sort", "part",
           "year", "years", "week", "weeks", "minute", "minutes", "hour", "hours", "morning",
           "night", "today", "point", "place", "fact", "stuff", "nobody", "everyone",
           # words every care interview uses: never a theme on their own
           "ward", "patient", "nurse", "staff", "hospital", "doctor", "hca", "mum", "dad",
           "home", "bed", "shift", "job", "team", "care"}


@dataclass(frozen=True)
class ThemeCandidate:
    phrase: str
    recording_ids: tuple[int, ...]
    mentions: int


def _phrases(doc: Any) -> Iterable[str]:
    """Noun phrases without leading determiners or pronouns, lower-cased and lemmatised."""
    if doc.has_annotation("DEP"):
        for chunk in doc.noun_chunks:
            # function words go by part of speech: spaCy's stop list has "call" in it
            toks = [t for t in chunk if not (t.is_punct or t.like_num or t.pos_ in FUNCTION)]
            if any(t.ent_type_ in ("PERSON", "FAC", "GPE") for t in toks):
                continue  # names are redaction suggestions, not themes
            if toks and not all(t.is_stop or t.lemma_.lower() in GENERIC for t in toks):
                yield " ".join(t.lemma_.lower() if t is toks[-1] else t.lower_ for t in toks)
        return
    words = [t.lower_ for t in doc if t.is_alpha and not t.is_stop and t.lower_ not in GENERIC]
    yield from (f"{a} {b}" for a, b in itertools.pairwise(words))


def candidate_themes(docs: Mapping[int, Iterable[Any]], limit: int = 30) -> list[ThemeCandidate]:
    """From spaCy docs per recording, the phrases shared by at least two recordings."""
    where: dict[str, set[int]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    for rec_id, rec_docs in docs.items():
        for doc in rec_docs:
            for phrase in _phrases(doc):
                if len(phrase) > 2:
                    where[phrase].add(rec_id)
                    mentions[phrase] += 1
    shared = [p for p, recs in where.items() if len(recs) >= MIN_RECORDINGS]
    shared.sort(key=lambda p: (-len(where[p]), -mentions[p], p))
    return [ThemeCandidate(p, tuple(sorted(where[p])), mentions[p]) for p in shared[:limit]]
