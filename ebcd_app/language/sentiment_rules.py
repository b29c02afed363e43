"""Sentiment by rules: words of feeling, care and staff cues, contrasts.

Why kept beside the trained model (ebcd_app/language/sentiment.py): the rules' verdict and
scores are features the model reads (they carry the care cues a few hundred labelled
sentences cannot teach), and they are the whole answer when the sentence model is not
installed. Two readers together, nothing sent anywhere:
- VADER (its lexicon ships with the package) reads words of feeling ("lovely",
  "terrible") well, with a few words re-weighted for care settings;
- care and staff interviews carry much of their feeling in events, not adjectives:
  "I pressed the buzzer and waited forty minutes", "nobody told me", "they kept me in the
  loop", "I didn't have to chase anyone". Those are phrases in
  ebcd_app/resources/vocabularies/sentiment_cues.json, each with a weight (negated complaints,
  "never once made me feel a nuisance", count as praise).

A sentence whose parts pull in opposite directions is mixed: parts split at a contrast
("but", "although", "it's the system that…") or, failing that, at commas ("the nurses
were brilliant, the doctors I hardly saw"). Accuracy, the confusion matrix and every miss
are in benchmarks/sentiment.py (run it with EBCD_SENTIMENT=rules for these rules alone).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from ebcd_app.basics.resources import resources_dir
from ebcd_app.domain.models import Sentiment

POSITIVE_AT = 0.15
NEGATIVE_AT = -0.15
PART_POLARITY = 0.25  # a part this far from neutral pulls its way (parts split at commas)
TURN_POLARITY = 0.15  # after "but", "although": a weaker pull still makes it mixed
# a comma part that starts like this is a circumstance of the one before, not a turn
SUBORDINATE = re.compile(r"^(even when|when|because|as|after|before|until|if|so)\b", re.I)
CUE_SCALE = 0.3  # a cue of weight 2 moves a part by 0.6 (VADER's compound runs -1..1)

# Words whose weight in care interviews differs from VADER's general-purpose lexicon.
DOMAIN_LEXICON = {
    "ignored": -2.0,
    "rushed": -1.2,
    "reassured": 1.8,
    "reassuring": 1.8,
    "listened": 1.2,
    "explained": 0.8,
    "nobody": -1.5,
    "waiting": -0.5,
    "unbearable": -2.5,
    "nightmare": -2.5,
    "filthy": -2.5,
    "impossible": -1.5,
    "invisible": -1.5,
    "shambles": -2.5,
    "agony": -2.5,
    # spoken fillers and service words that VADER reads as praise or complaint
    "honestly": 0.0,
    "like": 0.0,
    "care": 0.0,
    "pretty": 0.0,
}
# Phrases VADER would score word by word ("care plan" as praise): joined so it skips them.
NEUTRAL_PHRASES = re.compile(
    r"\b(to be honest|pain relief|care plan|care package|care home|intensive care|"
    r"wellbeing hub|thank you card|kind of|that kind)\b", re.I)


@dataclass(frozen=True)
class SentimentSuggestion:
    sentiment: Sentiment
    score: float  # the sentence's score, -1..1


@dataclass(frozen=True)
class _Cues:
    negative: tuple[tuple[re.Pattern[str], float], ...]
    positive: tuple[tuple[re.Pattern[str], float], ...]
    contrast: re.Pattern[str]


@functools.cache
def _cues() -> _Cues:
    data = json.loads((resources_dir() / "vocabularies" / "sentiment_cues.json")
                      .read_text(encoding="utf-8"))
    return _Cues(tuple((re.compile(p, re.I), float(w)) for p, w in data["negative"].items()),
                 tuple((re.compile(p, re.I), float(w)) for p, w in data["positive"].items()),
                 re.compile(data["contrast"], re.I))


@functools.cache
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    analyser.lexicon.update(DOMAIN_LEXICON)
    return analyser


def _cue_sum(text: str) -> float:
    cues = _cues()
    positive = sum(w for p, w in cues.positive if p.search(text))
    negative = sum(w for p, w in cues.negative if p.search(text))
    return positive - negative


NEGATION = re.compile(r"\b(not|no|never|nobody|none|nothing|without|n't|don't|didn't|"
                      r"doesn't|isn't|wasn't|weren't|haven't|hasn't|won't|can't|couldn't)\b|"
                      r"n't\b", re.I)
NEGATION_PRIOR = 0.3  # told in an interview, "nobody...", "I still don't know..." is a complaint


def _score(text: str) -> float:
    """One part's feeling, -1..1: VADER's compound plus the cues; a negated statement
    with nothing good in it leans negative (interviewees describe what did not happen)."""
    compound = _analyser().polarity_scores(text)["compound"]
    cues = _cue_sum(text)
    score = compound + CUE_SCALE * cues
    if cues <= 0 and compound <= 0.1 and NEGATION.search(text):
        score -= NEGATION_PRIOR
    return max(-1.0, min(1.0, score))


def _parts(text: str, at: re.Pattern[str]) -> list[str]:
    return [p.strip() for p in at.split(text) if p and p.strip(" ,.;")]


def _opposed(scores: list[float], at: float = PART_POLARITY) -> bool:
    return max(scores) >= at and min(scores) <= -at


def rule_suggestion(text: str) -> SentimentSuggestion | None:
    """The rules' suggestion, or None when the sentence carries no clear feeling."""
    if not text.strip():
        return None
    text = NEUTRAL_PHRASES.sub(lambda m: m.group(0).replace(" ", "_"), text)
    whole = _score(text)
    turned = _parts(text, _cues().contrast)
    if len(turned) > 1 and _opposed([_score(p) for p in turned], TURN_POLARITY):
        return SentimentSuggestion(Sentiment.MIXED, whole)
    pieces = [p for p in _parts(text, re.compile(r"[,;]| and then "))
              if len(p.split()) >= 3 and not SUBORDINATE.match(p)]
    if len(pieces) > 1 and _opposed([_score(p) for p in pieces]):
        return SentimentSuggestion(Sentiment.MIXED, whole)
    if whole >= POSITIVE_AT:
        return SentimentSuggestion(Sentiment.POSITIVE, whole)
    if whole <= NEGATIVE_AT:
        return SentimentSuggestion(Sentiment.NEGATIVE, whole)
    scores = _analyser().polarity_scores(text)
    if scores["pos"] > 0.1 and scores["neg"] > 0.1:
        return SentimentSuggestion(Sentiment.MIXED, whole)
    return None


RULE_FEATURES = ("rule positive", "rule negative", "rule mixed", "rule none",
                 "rule score", "vader pos", "vader neg", "cue sum",
                 "clause max", "clause min", "clause range", "clauses")
# Clauses for the features: at contrasts, commas and "apart from", each of 3 words or more;
# the most positive and most negative clause tell a mixed sentence from a plain one.
CLAUSES = re.compile(r"\b(?:but|although|though|except|however|whereas|yet|apart from|"
                     r"only thing)\b|[,;]| and then ", re.I)


def rule_features(text: str) -> list[float]:
    """What the rules see in a sentence, as numbers for the trained model (RULE_FEATURES)."""
    suggestion = rule_suggestion(text)
    verdict = "none" if suggestion is None else suggestion.sentiment.value
    joined = NEUTRAL_PHRASES.sub(lambda m: m.group(0).replace(" ", "_"), text)
    vader = _analyser().polarity_scores(joined)
    clauses = [p.strip() for p in CLAUSES.split(text) if p and len(p.split()) >= 3] or [text]
    scores = [_score(c) for c in clauses]
    return [float(verdict == "positive"), float(verdict == "negative"),
            float(verdict == "mixed"), float(verdict == "none"),
            _score(joined), vader["pos"], vader["neg"], _cue_sum(joined),
            max(scores), min(scores), max(scores) - min(scores), float(len(clauses))]
