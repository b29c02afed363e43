"""Suggest a sentence's sentiment (positive / negative / mixed), for a person to confirm.

The trained reader (ebcd_app/language/sentiment_model.py: a sentence encoder and the rules'
view, weighed by a classifier) answers; when the sentence model is not installed, the rules
(ebcd_app/language/sentiment_rules.py) answer alone. A sentence the reader takes as neutral
(narration, a question, a filler) gets no suggestion: a facilitator rejecting guesses on
every "I came in on the Tuesday" costs more than a blank. Accuracy, the confusion
matrix and every miss are in benchmarks/sentiment.py, on the training sets and on two
held-out sets that neither the rules nor the classifier were tuned on.
"""

from __future__ import annotations

from ebcd_app.domain.models import Sentiment
from ebcd_app.language.sentence_encoder import EncoderMissing
from ebcd_app.language.sentiment_rules import SentimentSuggestion, rule_suggestion

__all__ = ["SentimentSuggestion", "suggest_sentiment", "suggest_sentiments"]

MIN_WORDS = 3  # "Yes.", "Right, okay." carry no feeling worth a suggestion


def suggest_sentiments(texts: list[str]) -> list[SentimentSuggestion | None]:
    """One suggestion (or None) per sentence; the score is P(positive) - P(negative)."""
    from ebcd_app.language.sentiment_model import LABELS, classify

    wanted = [i for i, t in enumerate(texts) if len(t.split()) >= MIN_WORDS]
    out: list[SentimentSuggestion | None] = [None] * len(texts)
    try:
        probabilities = classify([texts[i] for i in wanted])
    except EncoderMissing:
        for i in wanted:
            out[i] = rule_suggestion(texts[i])
        return out
    for i, p in zip(wanted, probabilities, strict=True):
        best = LABELS[int(p.argmax())]
        if best != "neutral":
            out[i] = SentimentSuggestion(Sentiment(best), round(float(p[0] - p[1]), 3))
    return out


def suggest_sentiment(text: str) -> SentimentSuggestion | None:
    """A suggestion, or None when the sentence is too short or the reader is unsure."""
    return suggest_sentiments([text])[0]
