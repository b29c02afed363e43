"""Benchmark: how often the suggested sentiment of a transcript sentence is right.

Why: the app offers a sentiment (positive / negative / mixed) for each sentence and a
facilitator accepts or rejects it. A suggestion that is often wrong costs more time than it
saves, and one kind of error is worse than the others: calling a complaint "positive" hides
a poor experience of care from the co-design group. So this prints the numbers a reviewer
needs to judge ebcd_app/language/sentiment.py (the trained reader; the rules alone with
--rules), on sentences written the way patients, carers and staff speak in interviews:

- the confusion matrix (rows: the true label; columns: the suggestion, "none" when
  suggest_sentiment returns None, i.e. no suggestion);
- accuracy overall and per voice (patients and carers together, staff), None counting as
  wrong; coverage (the share of sentences given any suggestion);
- precision and recall per class, and the share of negative sentences suggested "positive";
- every sentence the suggestion got wrong, so a rule change can be judged sentence by
  sentence and not only by one figure.

The sets (tests/data), none sharing a sentence:
- training (tools/train_sentiment.py reads only these): sentiment_labelled.csv (96, the
  rules' tuning set), sentiment_dev.csv and sentiment_dev2.csv (90 each, the rules were
  tuned on them too), and sentiment_train_{staff,patient,a,b,c,d,e}.csv (300 each, written
  for training by helpers who never saw the rules or the held-out sets);
- held out, read only to measure once the model was frozen: sentiment_heldout.csv (90,
  written before the classifier existed, by a helper that never saw the rules) and
  sentiment_heldout2.csv (120, 60 staff and 60 patient sentences, written by another helper
  that saw nothing else), and sentiment_heldout_neutral.csv (90 sentences with no feeling:
  right when no suggestion is made): the honest figures.

Run from the repository root (under a minute):

    .venv/bin/python benchmarks/sentiment.py                 # the held-out sets
    .venv/bin/python benchmarks/sentiment.py --csv FILE.csv  # any labelled set
    .venv/bin/python benchmarks/sentiment.py --rules         # the rules alone, to compare

It always exits 0: it reports, it does not judge; tests/test_sentiment_accuracy.py holds
the bounds.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ebcd_app.language.sentiment import suggest_sentiments  # noqa: E402
from ebcd_app.language.sentiment_rules import rule_suggestion  # noqa: E402

DATA = ROOT / "tests" / "data"
HELDOUT = (DATA / "sentiment_heldout.csv", DATA / "sentiment_heldout2.csv",
           DATA / "sentiment_heldout_neutral.csv")
LABELS = ("positive", "negative", "mixed")
NONE = "none"
VOICE_GROUPS = {"patient": "patient+carer", "carer": "patient+carer", "staff": "staff"}


@dataclass(frozen=True)
class Row:
    text: str
    label: str
    voice: str
    predicted: str  # one of LABELS, or NONE
    score: float | None


def load(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run(rows: list[dict[str, str]], *, rules: bool = False) -> list[Row]:
    texts = [r["text"] for r in rows]
    guesses = [rule_suggestion(t) for t in texts] if rules else suggest_sentiments(texts)
    out = []
    for r, s in zip(rows, guesses, strict=True):
        label = NONE if r["label"] == "neutral" else r["label"]  # right when nothing is suggested
        out.append(Row(r["text"], label, r["voice"],
                       NONE if s is None else s.sentiment.value,
                       None if s is None else s.score))
    return out


def pct(n: int, d: int) -> str:
    return f"{n / d:6.1%} ({n}/{d})" if d else "     - (0/0)"


def report(results: list[Row], path: Path, seconds: float) -> None:
    n = len(results)
    cm = Counter((r.label, r.predicted) for r in results)
    columns = (*LABELS, NONE)

    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"Sentiment suggestions on {shown}: {n} sentences, {seconds * 1000:.0f} ms in all")
    print()
    print("Confusion matrix (rows: true label, columns: suggestion)")
    print(f"{'':>10}" + "".join(f"{c:>10}" for c in columns) + f"{'total':>10}")
    for t in [c for c in columns if any(r.label == c for r in results)]:
        print(f"{t:>10}" + "".join(f"{cm[(t, p)]:>10}" for p in columns)
              + f"{sum(cm[(t, p)] for p in columns):>10}")
    print()

    correct = sum(r.predicted == r.label for r in results)
    print(f"accuracy (none counts as wrong)  {pct(correct, n)}")
    for group in dict.fromkeys(VOICE_GROUPS.values()):
        members = [r for r in results if VOICE_GROUPS.get(r.voice) == group]
        print(f"  {group:<31}{pct(sum(r.predicted == r.label for r in members), len(members))}")
    suggested = [r for r in results if r.predicted != NONE]
    print(f"coverage (any suggestion)        {pct(len(suggested), n)}")
    print(f"accuracy where suggested         "
          f"{pct(sum(r.predicted == r.label for r in suggested), len(suggested))}")
    negatives = [r for r in results if r.label == "negative"]
    print("(neutral sentences are right when nothing is suggested: rows 'none')")
    print(f"negative suggested as positive   "
          f"{pct(sum(r.predicted == 'positive' for r in negatives), len(negatives))}"
          "   <- the harmful error")
    print()

    print(f"{'class':>10}{'precision':>18}{'recall':>18}")
    for c in LABELS:
        tp = cm[(c, c)]
        predicted = sum(cm[(t, c)] for t in LABELS)
        actual = sum(cm[(c, p)] for p in columns)
        print(f"{c:>10}{pct(tp, predicted):>18}{pct(tp, actual):>18}")
    print()

    wrong = [r for r in results if r.predicted != r.label]
    print(f"Misclassified ({len(wrong)})")
    for r in sorted(wrong, key=lambda r: (columns.index(r.label), r.predicted, r.voice)):
        score = "   -  " if r.score is None else f"{r.score:+.2f}"
        print(f"  {r.label:>8} -> {r.predicted:<8} {score} {r.voice:<7} {r.text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, action="append",
                        help="labelled sentences: columns text,label,voice "
                        "(default: the two held-out sets)")
    parser.add_argument("--rules", action="store_true", help="the rules alone")
    args = parser.parse_args(argv)
    suggest_sentiments(["warm up: the encoder and VADER load on first use"])
    print("reader:", "rules alone" if args.rules else "trained model (encoder + rules)")
    for path in args.csv or HELDOUT:
        rows = load(path)
        start = time.perf_counter()
        results = run(rows, rules=args.rules)
        report(results, path.resolve(), time.perf_counter() - start)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
