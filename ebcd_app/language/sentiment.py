"""Suggest a sentence's sentiment (positive / negative / mixed), for a person to confirm.

VADER ships its lexicon (nothing is downloaded) and reads spoken English well; we add a few
words with a clear meaning in care settings and treat a sentence whose clauses pull in
opposite directions ("the doctors were brilliant but the discharge took all day") as mixed,
which is how facilitators tag such moments. Accuracy is measured on tests/data/ and
reported by benchmarks/sentiment.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ebcd_app.domain.models import Sentiment

# Thresholds and weights measured on tests/data/sentiment_labelled.csv (benchmarks/sentiment.py)
POSITIVE_AT = 0.15
NEGATIVE_AT = -0.15
CLAUSE_POLARITY = 0.2
CLAUSE_CONTRAST = 0.3  # "brilliant, but it took all day": a turn after a strong clause
CONTRAST = re.compile(r"\b(?:but|although|though|even though|however|yet|except)\b", re.I)

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
    # spoken fillers and service words that VADER reads as praise
    "honestly": 0.0,
    "like": 0.0,
    "care": 0.0,
}
# Phrases VADER would score word by word ("care plan" as praise): joined so it skips them.
NEUTRAL_PHRASES = re.compile(r"\b(to be honest|pain relief|care plan|care package|care home)\b",
                             re.I)


@dataclass(frozen=True)
class SentimentSuggestion:
    sentiment: Sentiment
    score: float  # VADER compound of the whole sentence, -1..1


@functools.cache
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    analyser.lexicon.update(DOMAIN_LEXICON)
    return analyser


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in CONTRAST.split(text) if c and c.strip()]


def suggest_sentiment(text: str) -> SentimentSuggestion | None:
    """A suggestion, or None when the sentence carries no clear feeling."""
    if not text.strip():
        return None
    analyser = _analyser()
    text = NEUTRAL_PHRASES.sub(lambda m: m.group(0).replace(" ", "_"), text)
    scores = analyser.polarity_scores(text)
    compound = scores["compound"]
    parts = [analyser.polarity_scores(c)["compound"] for c in _clauses(text)]
    if len(parts) > 1 and (
            (max(parts) >= CLAUSE_POLARITY and min(parts) <= -CLAUSE_POLARITY)
            or max(parts) - min(parts) >= CLAUSE_CONTRAST):
        return SentimentSuggestion(Sentiment.MIXED, compound)
    if compound >= POSITIVE_AT:
        return SentimentSuggestion(Sentiment.POSITIVE, compound)
    if compound <= NEGATIVE_AT:
        return SentimentSuggestion(Sentiment.NEGATIVE, compound)
    if scores["pos"] > 0.1 and scores["neg"] > 0.1:
        return SentimentSuggestion(Sentiment.MIXED, compound)
    return None
