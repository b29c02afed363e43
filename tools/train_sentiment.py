"""Train the sentiment classifier shipped in ebcd_app/resources/sentiment/.

Why a tool and not a test: the weights are part of the product, made once from the
training sets and committed, so every machine suggests the same; a change to the features
or the training sets means running this again and reading benchmarks/sentiment.py.

Training sets (tests/data): the rules' tuning set and two development sets, and seven sets
of 300 sentences written for training by helpers who never saw the rules or the held-out
sets (staff; patients and carers; five mixed sets, each in its own settings), and 300
neutral sentences (narration, questions, fillers). The held-out sets are never read here
except to drop any training sentence that says nearly the same thing as a held-out one
(cosine >= DUPLICATE_AT), so the held-out figures stay honest.

    .venv/bin/python tools/train_sentiment.py --cv      # choose the penalty: 5-fold CV
    .venv/bin/python tools/train_sentiment.py           # train on all, write the weights
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ebcd_app.language.sentence_encoder import shared_encoder  # noqa: E402
from ebcd_app.language.sentiment_model import (  # noqa: E402
    LABELS,
    features_from,
    fit,
    model_path,
)

DATA = ROOT / "tests" / "data"
TRAINING = ("sentiment_labelled.csv", "sentiment_dev.csv", "sentiment_dev2.csv",
            "sentiment_train_staff.csv", "sentiment_train_patient.csv",
            "sentiment_train_a.csv", "sentiment_train_b.csv", "sentiment_train_c.csv",
            "sentiment_train_d.csv", "sentiment_train_e.csv", "sentiment_train_neutral.csv")
HELDOUT = ("sentiment_heldout.csv", "sentiment_heldout2.csv", "sentiment_heldout_neutral.csv")
DUPLICATE_AT = 0.92
L2 = 0.05  # chosen by cross-validation on the training sets only (--cv)
PENALTIES = (0.01, 0.03, 0.05, 0.1, 0.2)


def load(names: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for name in names:
        with (DATA / name).open(newline="", encoding="utf-8") as f:
            rows += [dict(r, set=name) for r in csv.DictReader(f)]
    return rows


def training_rows() -> tuple[list[dict[str, str]], np.ndarray, int]:
    """The training sentences kept, their features, and how many were dropped."""
    rows = load(TRAINING)
    encoder = shared_encoder()
    held = encoder.encode([r["text"] for r in load(HELDOUT)])
    own = encoder.encode([r["text"] for r in rows])
    near = (own @ held.T).max(axis=1) >= DUPLICATE_AT
    seen: set[str] = set()
    kept = []
    for i, (row, dup) in enumerate(zip(rows, near, strict=True)):
        key = " ".join(row["text"].lower().split())
        if not dup and key not in seen and row["label"] in LABELS:
            seen.add(key)
            kept.append(i)
    texts = [rows[i]["text"] for i in kept]
    return [rows[i] for i in kept], features_from(own[kept], texts), len(rows) - len(kept)


def folds(labels: list[str], k: int = 5) -> list[np.ndarray]:
    """Stratified folds by position within each label: the same split on every run."""
    index = np.zeros(len(labels), dtype=int)
    for label in LABELS:
        members = [i for i, lab in enumerate(labels) if lab == label]
        for n, i in enumerate(members):
            index[i] = n % k
    return [np.flatnonzero(index == f) for f in range(k)]


def cross_validate(x: np.ndarray, labels: list[str]) -> None:
    y = np.array(labels)
    for l2 in PENALTIES:
        correct = 0
        for test in folds(labels):
            train = np.setdiff1d(np.arange(len(labels)), test)
            model = fit(x[train], list(y[train]), l2=l2)
            predicted = np.array(LABELS)[model.probabilities(x[test]).argmax(axis=1)]
            correct += int((predicted == y[test]).sum())
        print(f"  l2={l2:<7} 5-fold accuracy {correct / len(labels):.1%} ({correct}/{len(labels)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="report 5-fold CV per penalty")
    args = parser.parse_args(argv)
    rows, x, dropped = training_rows()
    print(f"{len(rows)} training sentences ({dropped} dropped: repeated, or near a held-out one)")
    labels = [r["label"] for r in rows]
    if args.cv:
        cross_validate(x, labels)
        return 0
    model = fit(x, labels, l2=L2)
    model.save(model_path())
    trained = np.array(LABELS)[model.probabilities(x).argmax(axis=1)]
    info = {"sets": list(TRAINING), "sentences": len(rows), "dropped": dropped, "l2": L2,
            "training_accuracy": round(float((trained == np.array(labels)).mean()), 4)}
    model_path().with_suffix(".json").write_text(json.dumps(info, indent=2) + "\n")
    print(f"wrote {model_path().relative_to(ROOT)}: {info}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
