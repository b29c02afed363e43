"""Accuracy of the suggested sentence sentiment on labelled interview-style sentences.

tests/data/sentiment_labelled.csv holds 96 sentences written as patients, carers and staff
speak in EBCD interviews (hesitations, understatement, negation, NHS words, "but" turns),
a third each positive / negative / mixed. The bounds here are floors taken from measuring
ebcd_app/language/sentiment.py, so a change that makes suggestions worse fails; the full
picture (confusion matrix, every miss) comes from benchmarks/sentiment.py.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from ebcd_app.language.sentiment import suggest_sentiment, suggest_sentiments
from ebcd_app.language.sentiment_model import model_path
from ebcd_app.language.sentiment_rules import rule_suggestion

DATA = Path(__file__).parent / "data" / "sentiment_labelled.csv"
LABELS = {"positive", "negative", "mixed"}
VOICES = {"patient", "carer", "staff"}

# The suggestions come from a classifier (ebcd_app/language/sentiment_model.py) trained by
# tools/train_sentiment.py on the labelled set and eight more training sets; the labelled
# set is training data now, so its floor only guards against a broken model.
MIN_ACCURACY = 0.82
# Held out: never trained on, measured once after the model was frozen (issue 18 asks 75%).
# sentiment_heldout.csv (90, written before the classifier): 78.9% (rules alone 57.8%);
# sentiment_heldout2.csv (120, staff and patients): 79.2% (rules alone 65.0%). The floors
# sit ~4 points below, room for float differences between CPUs on a few close calls.
HELDOUT = Path(__file__).parent / "data" / "sentiment_heldout.csv"
HELDOUT2 = Path(__file__).parent / "data" / "sentiment_heldout2.csv"
MIN_HELDOUT_ACCURACY = 0.75
# sentiment_heldout_neutral.csv (90 sentences with no feeling): 80.0% get no suggestion.
NEUTRAL = Path(__file__).parent / "data" / "sentiment_heldout_neutral.csv"
MIN_NEUTRAL_UNSUGGESTED = 0.72
# Calling a complaint "positive" hides a poor experience from the co-design group: at most
# 1 negative sentence in 10 may get that suggestion on the labelled set; on the held-out
# sets it was 3/30 and 5/40, so the bound there is 15%.
MAX_NEGATIVE_AS_POSITIVE = 0.10
MAX_HELDOUT_NEGATIVE_AS_POSITIVE = 0.15


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


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _training_texts() -> set[str]:
    info = json.loads((model_path().with_suffix(".json")).read_text(encoding="utf-8"))
    return {r["text"] for name in info["sets"] for r in _read(DATA.parent / name)}


@pytest.mark.parametrize(("path", "size"), [(HELDOUT, 90), (HELDOUT2, 120)])
def test_held_out_accuracy_and_harm(path: Path, size: int) -> None:
    rows = _read(path)
    assert len(rows) == size and {r["label"] for r in rows} == LABELS
    info = json.loads((model_path().with_suffix(".json")).read_text(encoding="utf-8"))
    assert path.name not in info["sets"]  # the model never saw it
    assert not _training_texts() & {r["text"] for r in rows}
    got = list(zip(rows, suggest_sentiments([r["text"] for r in rows]), strict=True))
    correct = sum(p is not None and p.sentiment.value == r["label"] for r, p in got)
    assert correct / len(rows) >= MIN_HELDOUT_ACCURACY, f"{path.name}: {correct}/{len(rows)}"
    negatives = [p for r, p in got if r["label"] == "negative"]
    as_positive = sum(p is not None and p.sentiment.value == "positive" for p in negatives)
    assert as_positive / len(negatives) <= MAX_HELDOUT_NEGATIVE_AS_POSITIVE


def test_sentences_without_feeling_mostly_get_no_suggestion() -> None:
    rows = _read(NEUTRAL)
    assert len(rows) == 90 and {r["label"] for r in rows} == {"neutral"}
    assert NEUTRAL.name not in json.loads(
        model_path().with_suffix(".json").read_text(encoding="utf-8"))["sets"]
    guesses = suggest_sentiments([r["text"] for r in rows])
    unsuggested = sum(g is None for g in guesses)
    assert unsuggested / len(rows) >= MIN_NEUTRAL_UNSUGGESTED, f"{unsuggested}/{len(rows)}"


def test_rules_answer_when_the_sentence_model_is_missing(monkeypatch) -> None:
    """A trimmed install without ebcd-studio-models still suggests, from the rules."""
    from ebcd_app.language import sentiment_model
    from ebcd_app.language.sentence_encoder import EncoderMissing

    def missing(texts):
        raise EncoderMissing("the sentence model is not installed")

    monkeypatch.setattr(sentiment_model, "classify", missing)
    text = "The doctors were brilliant but the discharge took all day."
    assert suggest_sentiments([text]) == [rule_suggestion(text)]
    assert suggest_sentiment(text).sentiment.value == "mixed"


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
