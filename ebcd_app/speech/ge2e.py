"""The GE2E speaker encoder of Resemblyzer, run in numpy, without torch.

Why: speaker turns are useful to a facilitator, but torch is a gigabyte we do not ship.
The Resemblyzer wheel (Apache-2.0) carries a small pretrained encoder (3-layer LSTM over
40 mel bands, 256 hidden, linear 256 + ReLU, L2-normalised) as a legacy torch pickle.
This module reads that pickle with its own unpickler (nothing of torch is imported),
caches the weights as an .npz under the user's cache folder, and reimplements the mel
front end (librosa's slaney mel, without librosa) and the forward pass in numpy.

The wheel is found with `basics.paths.package_folders` and never imported: its `__init__`
imports torch.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ebcd_app.basics import atomic
from ebcd_app.basics.paths import cache_dir, package_folders, shipped_model

SAMPLE_RATE = 16000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s, what the encoder was trained on
HIDDEN = 256
LAYERS = 3
TARGET_DBFS = -30.0

_STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}


# ------------------------------------------------------------------ weights

def weights_file() -> Path | None:
    """Resemblyzer's pretrained.pt, found without importing the package (it imports torch);
    the copy in ebcd-studio-models (the wheel and the bundled app) comes first."""
    shipped = shipped_model("ge2e")
    if shipped is not None and (shipped / "pretrained.pt").is_file():
        return shipped / "pretrained.pt"
    return next((f / "pretrained.pt" for f in package_folders("resemblyzer")
                 if (f / "pretrained.pt").is_file()), None)


class _Storage:
    """A torch storage known by key, filled once its bytes have been read."""

    def __init__(self, key: str, dtype: type, size: int) -> None:
        self.key, self.dtype, self.size = key, np.dtype(dtype), size
        self.data: np.ndarray | None = None


class _LazyTensor:
    """A tensor view on a storage that is only read after the object pickle."""

    def __init__(self, storage: _Storage, offset: int, size: tuple[int, ...],
                 stride: tuple[int, ...]) -> None:
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride

    def array(self) -> np.ndarray:
        data = self.storage.data
        if data is None:
            raise ValueError(f"storage {self.storage.key} was never read")
        item = data.itemsize
        view = np.lib.stride_tricks.as_strided(
            data[self.offset:], shape=self.size, strides=tuple(s * item for s in self.stride))
        return np.array(view)


def _rebuild_tensor(storage: _Storage, offset: int, size: tuple[int, ...],
                    stride: tuple[int, ...], *_rest: Any) -> _LazyTensor:
    return _LazyTensor(storage, offset, tuple(size), tuple(stride))


class _StorageType:
    def __init__(self, name: str) -> None:
        self.name = name


class _TorchUnpickler(pickle.Unpickler):
    """Maps the few torch names a state-dict pickle uses onto numpy stand-ins."""

    def __init__(self, file: io.BufferedIOBase, storages: dict[str, _Storage]) -> None:
        super().__init__(file)
        self.storages = storages

    def find_class(self, module: str, name: str) -> Any:
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_tensor"):
            return _rebuild_tensor
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        if module == "collections" and name == "OrderedDict":
            import collections
            return collections.OrderedDict
        if module.startswith("torch"):
            return lambda *a, **k: None  # optimiser classes and the like: not needed
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a weights file")

    def persistent_load(self, pid: Any) -> Any:
        kind, storage_type, key, _location, size = pid[:5]
        if kind != "storage":
            raise pickle.UnpicklingError(f"unknown persistent id {kind!r}")
        if key not in self.storages:
            dtype = _STORAGE_DTYPES[storage_type.name]
            self.storages[key] = _Storage(key, dtype, int(size))
        return self.storages[key]


def _tensors(obj: Any, prefix: str, out: dict[str, np.ndarray]) -> None:
    if isinstance(obj, _LazyTensor):
        out[prefix] = obj.array()
    elif isinstance(obj, dict):
        for name, value in obj.items():
            _tensors(value, f"{prefix}.{name}" if prefix else str(name), out)


def read_legacy_torch(path: Path) -> dict[str, np.ndarray]:
    """Every tensor in a legacy (non-zip) torch pickle, by dotted name, as numpy arrays."""
    with open(path, "rb") as fh:
        pickle.load(fh)  # magic number
        pickle.load(fh)  # protocol version
        pickle.load(fh)  # sys_info
        storages: dict[str, _Storage] = {}
        root = _TorchUnpickler(fh, storages).load()
        keys = pickle.load(fh)
        for key in keys:
            storage = storages[key]
            (count,) = struct.unpack("<q", fh.read(8))
            raw = fh.read(count * storage.dtype.itemsize)
            storage.data = np.frombuffer(raw, dtype=storage.dtype)
    out: dict[str, np.ndarray] = {}
    _tensors(root, "", out)
    return out


def _cache_path(source: Path) -> Path:
    stat = source.stat()
    tag = hashlib.sha256(f"{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return cache_dir() / "ge2e" / f"ge2e-{tag.hexdigest()[:16]}.npz"


def load_weights(source: Path | None = None) -> dict[str, np.ndarray]:
    """The encoder's weights as float32 arrays; parsed once, then read from an .npz cache."""
    source = source or weights_file()
    if source is None:
        raise FileNotFoundError("resemblyzer is not installed (pip install --no-deps "
                                "resemblyzer==0.1.4)")
    cached = _cache_path(source)
    if cached.is_file():
        try:
            with np.load(cached) as npz:
                return {name: npz[name] for name in npz.files}
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt below
    tensors = read_legacy_torch(source)
    weights = {name.removeprefix("model_state."): value.astype(np.float32)
               for name, value in tensors.items()
               if name.startswith("model_state.") and (".lstm." in name or ".linear." in name
                                                      or name.startswith("model_state.l"))}
    needed = [f"lstm.{w}_l{k}" for k in range(LAYERS)
              for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    needed += ["linear.weight", "linear.bias"]
    missing = [n for n in needed if n not in weights]
    if missing:
        raise ValueError(f"{source}: not the GE2E encoder (missing {', '.join(missing)})")
    weights = {n: weights[n] for n in needed}
    buffer = io.BytesIO()
    np.savez(buffer, **weights)  # type: ignore[arg-type]
    try:
        atomic.write_bytes(cached, buffer.getvalue(), private=False)
    except OSError:
        pass  # a read-only cache folder only costs the parse next time
    return weights


# ------------------------------------------------------------------ mel front end

def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (librosa htk=False): linear below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    mel = hz / (200.0 / 3)
    log_step = np.log(6.4) / 27.0
    above = hz >= 1000.0
    return np.where(above, 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / log_step, mel)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    log_step = np.log(6.4) / 27.0
    return np.where(mel >= 15.0, 1000.0 * np.exp(log_step * (mel - 15.0)), mel * 200.0 / 3)


def mel_filterbank(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS
                   ) -> np.ndarray:
    """librosa.filters.mel(sr, n_fft, n_mels) with its defaults (slaney scale and norm)."""
    fft_freqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = _mel_to_hz(np.linspace(_hz_to_mel(np.array(0.0)), _hz_to_mel(np.array(sr / 2)),
                                   n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


_MEL = mel_filterbank()
_WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def power_spectrogram(samples: np.ndarray) -> np.ndarray:
    """|STFT|^2 frames (n_frames, 201), librosa-style: centred, zero padded, periodic Hann."""
    samples = np.asarray(samples, dtype=np.float32)
    padded = np.pad(samples, (N_FFT // 2, N_FFT // 2))
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    if n_frames <= 0:
        return np.zeros((0, 1 + N_FFT // 2), dtype=np.float32)
    frames = np.lib.stride_tricks.as_strided(
        padded, shape=(n_frames, N_FFT), strides=(padded.strides[0] * HOP, padded.strides[0]))
    spectrum = np.fft.rfft(frames * _WINDOW, axis=1)
    return (spectrum.real ** 2 + spectrum.imag ** 2).astype(np.float32)


def mel_frames(samples: np.ndarray) -> np.ndarray:
    """The encoder's input: a (non-log) 40-band mel power spectrogram, (n_frames, 40)."""
    return power_spectrogram(samples) @ _MEL.T


def normalise_volume(samples: np.ndarray) -> np.ndarray:
    """Raise quiet audio to -30 dBFS as Resemblyzer's preprocessing does (never lower it)."""
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0
    if rms <= 1e-6:
        return samples
    change = TARGET_DBFS - 20 * np.log10(rms)
    return samples * np.float32(10 ** (change / 20)) if change > 0 else samples


# ------------------------------------------------------------------ encoder

def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # stable, and one ufunc


class Encoder:
    """The GE2E forward pass: mels (batch, frames, 40) -> L2-normalised embeddings (batch, 256)."""

    def __init__(self, weights: dict[str, np.ndarray] | None = None) -> None:
        w = weights if weights is not None else load_weights()
        self.layers: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for k in range(LAYERS):
            self.layers.append((
                np.ascontiguousarray(w[f"lstm.weight_ih_l{k}"].T),
                np.ascontiguousarray(w[f"lstm.weight_hh_l{k}"].T),
                (w[f"lstm.bias_ih_l{k}"] + w[f"lstm.bias_hh_l{k}"]).astype(np.float32)))
        self.linear_w = np.ascontiguousarray(w["linear.weight"].T)
        self.linear_b = w["linear.bias"]

    def __call__(self, mels: np.ndarray) -> np.ndarray:
        x = np.asarray(mels, dtype=np.float32)
        batch, steps, _ = x.shape
        h = np.zeros((batch, HIDDEN), dtype=np.float32)
        for w_ih, w_hh, bias in self.layers:
            gates_in = (x.reshape(batch * steps, -1) @ w_ih + bias).reshape(batch, steps, -1)
            h = np.zeros((batch, HIDDEN), dtype=np.float32)
            c = np.zeros((batch, HIDDEN), dtype=np.float32)
            outputs = np.empty((batch, steps, HIDDEN), dtype=np.float32)
            for t in range(steps):
                g = gates_in[:, t] + h @ w_hh  # torch gate order: i, f, g, o
                i = _sigmoid(g[:, :HIDDEN])
                f = _sigmoid(g[:, HIDDEN:2 * HIDDEN])
                cell = np.tanh(g[:, 2 * HIDDEN:3 * HIDDEN])
                o = _sigmoid(g[:, 3 * HIDDEN:])
                c = f * c + i * cell
                h = o * np.tanh(c)
                outputs[:, t] = h
            x = outputs
        raw = np.maximum(h @ self.linear_w + self.linear_b, 0)
        norm = np.linalg.norm(raw, axis=1, keepdims=True)
        return raw / np.maximum(norm, 1e-12)


_ENCODER: list[Encoder] = []


def encoder() -> Encoder:
    """One encoder per process: the weights are 17 MB and read once."""
    if not _ENCODER:
        _ENCODER.append(Encoder())
    return _ENCODER[0]


def available() -> bool:
    """Whether the Resemblyzer weights are installed."""
    return weights_file() is not None


EmbedFn = Callable[[np.ndarray], np.ndarray]
