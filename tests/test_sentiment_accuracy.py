"""Accuracy of the suggested sentence sentiment on labelled interview-style sentences.

tests/data/sentiment_labelled.csv holds 96 sentences written as patients, carers and staff
speak in EBCD interviews (hesitations, understatement, negation, NHS words, "but" turns),
a third each positive / negative / mixed. The bounds here are floors taken from measuring
ebcd_app/language/sentiment.py, so a rule change that makes suggestions worse fails; the
full picture (confusion matrix, every miss) comes from benchmarks/sentiment.py.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ebcd_app.language.sentiment import suggest_sentiment

DATA = Path(__file__).parent / "data" / "sentiment_labelled.csv"
LABELS = {"positive", "negative", "mixed"}
VOICES = {"patient", "carer", "staff"}

# Measured with benchmarks/sentiment.py on the 96 sentences: 87.5% (84/96; None counts as
# wrong) with the care and staff cues (issue 18; before them 56.2%, first version 45.8%).
# The floor sits ~5 points below; raise it when the rules improve.
MIN_ACCURACY = 0.82
# The held-out set (tests/data/sentiment_heldout.csv), written by someone who never saw
# the rules or the other sets and measured once the rules were frozen: 57.8% (52/90;
# 46.7% before the cues). Issue 18 asks 75%: not reached by rules; the floor guards it.
HELDOUT = Path(__file__).parent / "data" / "sentiment_heldout.csv"
MIN_HELDOUT_ACCURACY = 0.53
# Calling a complaint "positive" hides a poor experience from the co-design group: at most
# 1 negative sentence in 10 may get that suggestion.
MAX_NEGATIVE_AS_POSITIVE = 0.10


def _rows() -> list[dict[str, str]]:
    with DATA.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _predicted(text: str) -> str | None:
    suggestion = suggest_sentiment(text)
    return None if suggestion is None else suggestion.sentiment.value


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, str], str | None]]:
    return [(row, _predicted(row["text"])) for row in _rows()]


def test_labelled_set_is_large_and_balanced() -> None:
    rows = _rows()
    assert len(rows) >= 75
    assert {r["label"] for r in rows} == LABELS
    assert {r["voice"] for r in rows} == VOICES
    assert all(r["text"].strip() for r in rows)
    by_label = Counter(r["label"] for r in rows)
    assert min(by_label.values()) >= len(rows) / 4, by_label
    # patients or carers, and staff, speak in every label
    for label in LABELS:
        voices = {r["voice"] for r in rows if r["label"] == label}
        assert "staff" in voices and voices & {"patient", "carer"}, (label, voices)
    assert sum(r["voice"] == "staff" for r in rows) >= 20


def test_accuracy_is_at_least_the_measured_floor(
        results: list[tuple[dict[str, str], str | None]]) -> None:
    correct = sum(predicted == row["label"] for row, predicted in results)
    misses = [f"{row['label']} -> {predicted}: {row['text']}"
              for row, predicted in results if predicted != row["label"]]
    assert correct / len(results) >= MIN_ACCURACY, (
        f"{correct}/{len(results)} correct; misses:\n" + "\n".join(misses))


def test_negative_sentences_are_rarely_suggested_positive(
        results: list[tuple[dict[str, str], str | None]]) -> None:
    negatives = [(row, predicted) for row, predicted in results if row["label"] == "negative"]
    as_positive = [row["text"] for row, predicted in negatives if predicted == "positive"]
    assert len(as_positive) / len(negatives) <= MAX_NEGATIVE_AS_POSITIVE, (
        f"{len(as_positive)}/{len(negatives)} negative sentences suggested positive:\n"
        + "\n".join(as_positive))


def test_held_out_accuracy_and_harm() -> None:
    with HELDOUT.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 90 and {r["label"] for r in rows} == LABELS
    taught = {r["text"] for r in _rows()}
    assert not taught & {r["text"] for r in rows}  # none of its sentences tuned on
    got = [(r, _predicted(r["text"])) for r in rows]
    correct = sum(p == r["label"] for r, p in got)
    assert correct / len(rows) >= MIN_HELDOUT_ACCURACY, f"{correct}/{len(rows)}"
    negatives = [p for r, p in got if r["label"] == "negative"]
    assert negatives.count("positive") / len(negatives) <= MAX_NEGATIVE_AS_POSITIVE


@pytest.mark.parametrize(("text", "expected"), [
    ("The nurse was lovely and really reassuring.", "positive"),
    ("Nobody answered the call bell and I was frightened.", "negative"),
    ("The doctors were brilliant but the discharge took all day.", "mixed"),
    ("I lay there feeling ignored.", "negative"),  # the issue's example, read as positive
    ("Nobody told me I'd been moved until the porter came.", "negative"),
    ("They kept me in the loop the whole way through.", "positive"),
])
def test_clear_cases(text: str, expected: str) -> None:
    suggestion = suggest_sentiment(text)
    assert suggestion is not None
    assert suggestion.sentiment.value == expected
    assert -1.0 <= suggestion.score <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "I came in on the Tuesday."])
def test_no_suggestion_without_feeling(text: str) -> None:
    assert suggest_sentiment(text) is None
