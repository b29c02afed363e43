"""The trained sentiment reader: a sentence's meaning vector plus the rules' view, weighed
by a small classifier (multinomial logistic regression) trained on labelled interview
sentences.

Why a classifier over a sentence encoder: interviewees tell feeling through events ("I lay
there feeling ignored", "we were two down again and nobody came"), in as many wordings as
there are people; rules read the words they were written for (55% on sentences they had
never seen), while an encoder puts sentences that mean alike near each other, so a
classifier trained on ~1,800 staff, patient and carer sentences reads new ones. The rules'
verdict and scores go in as features too: they carry the care cues and contrasts.

The weights are ebcd_app/resources/sentiment/sentiment_model.npz, made by
tools/train_sentiment.py from the training sets in tests/data (never the held-out sets);
they are a few kilobytes of NumPy arrays, read without pickle. Nothing leaves the machine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ebcd_app.basics.resources import resources_dir
from ebcd_app.language.sentence_encoder import shared_encoder
from ebcd_app.language.sentiment_rules import rule_features

# neutral: narration, questions, fillers ("I came in on the Tuesday."); no suggestion is made
LABELS = ("positive", "negative", "mixed", "neutral")


def model_path() -> Path:
    return resources_dir() / "sentiment" / "sentiment_model.npz"


def sentence_features(texts: list[str]) -> np.ndarray:
    """One row per sentence: its 384 meaning numbers, then what the rules see (RULE_FEATURES).

    Raises EncoderMissing when the sentence model is not installed."""
    return features_from(shared_encoder().encode(texts), texts)


def features_from(embeddings: np.ndarray, texts: list[str]) -> np.ndarray:
    """sentence_features for sentences already encoded (training encodes once)."""
    rules = np.array([rule_features(t) for t in texts], dtype=np.float32).reshape(len(texts), -1)
    return np.hstack([embeddings, rules]).astype(np.float32)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class SoftmaxModel:
    """Standardise, then one linear layer and a softmax over LABELS."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return _softmax(((features - self.mean) / self.scale) @ self.weights + self.bias)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            np.savez_compressed(f, mean=self.mean, scale=self.scale, weights=self.weights,
                                bias=self.bias, labels=np.array(LABELS))

    @classmethod
    def load(cls, path: Path) -> SoftmaxModel:
        with np.load(path, allow_pickle=False) as data:
            if tuple(str(x) for x in data["labels"]) != LABELS:
                raise ValueError(f"{path}: labels {list(data['labels'])}, expected {LABELS}")
            return cls(data["mean"], data["scale"], data["weights"], data["bias"])


def fit(features: np.ndarray, labels: list[str], *, l2: float,
        iterations: int = 1500, rate: float = 0.5) -> SoftmaxModel:
    """Full-batch gradient descent on the L2-penalised cross-entropy: deterministic (no
    random start, no shuffling), so the same sentences always give the same weights."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0
    x = ((features - mean) / scale).astype(np.float64)
    y = np.zeros((len(labels), len(LABELS)))
    y[np.arange(len(labels)), [LABELS.index(label) for label in labels]] = 1.0
    w = np.zeros((x.shape[1], len(LABELS)))
    b = np.zeros(len(LABELS))
    n = len(labels)
    for _ in range(iterations):
        p = _softmax(x @ w + b)
        gradient = p - y
        w -= rate * (x.T @ gradient / n + l2 * w)
        b -= rate * gradient.mean(axis=0)
    return SoftmaxModel(mean.astype(np.float32), scale.astype(np.float32),
                        w.astype(np.float32), b.astype(np.float32))


@functools.cache
def shipped_model() -> SoftmaxModel:
    return SoftmaxModel.load(model_path())


def classify(texts: list[str]) -> np.ndarray:
    """Probabilities per sentence over LABELS (raises EncoderMissing without the encoder)."""
    if not texts:
        return np.zeros((0, len(LABELS)), np.float32)
    return shipped_model().probabilities(sentence_features(texts))
