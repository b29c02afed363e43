"""Who spoke each word: speaker diarization in numpy, without torch.

Why: a transcript of a group session is far more useful when each word says who spoke.
The heavy diarization stacks need torch; this one needs numpy only (scipy is not a dependency
of the app, so the clustering is written here too). Windows of
speech (1.6 s, hop 0.75 s, only where words are) are embedded, by Resemblyzer's GE2E
encoder when its wheel is installed (see `ge2e`) or else by MFCC statistics, clustered
agglomeratively on cosine distance, and each word takes the speaker of the windows that
overlap it. Audio is read a window group at a time, so a two-hour file costs a minute of
samples in memory, not the file.

Not switched on in transcription yet (services/transcription.py AUTO_VOICES): on its
held-out set (benchmarks/bench_diarization.py) it gave 96.9% of words to the right voice
with two voices and 98.4% with three, but a 25-second conversation of short alternating
turns (en-gb / en-us espeak-ng) came back as four voices, and one voice alone as three; the
GE2E embeddings of those turns were no closer within a voice (cosine 0.77-0.80) than across
(0.73-0.87), so the numpy forward pass or the windowing needs checking against Resemblyzer.
"""

from __future__ import annotations

import wave
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from ebcd_app.speech import ge2e

SAMPLE_RATE = 16000
WINDOW_S = 1.6  # the GE2E partial length
HOP_S = 0.75
MERGE_GAP_S = 0.5  # words closer than this form one stretch of speech
CHUNK_S = 60.0  # audio read at a time
BATCH = 64  # windows per encoder call
# Cosine-distance cut of the average-linkage tree (tuned on the benchmark's tuning set).
THRESHOLDS = {"ge2e": 0.9, "mfcc": 0.9}
MIN_SHARE = 0.12  # a "speaker" with fewer of the windows is an outlier (a cough, a "Yes.")


def embedder_name() -> str:
    """'ge2e' when Resemblyzer's weights are installed, else the 'mfcc' fallback."""
    return "ge2e" if ge2e.available() else "mfcc"


# ------------------------------------------------------------------ audio windows

def _speech_stretches(words: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Words merged into stretches of speech, so silence is never embedded."""
    stretches: list[list[float]] = []
    for start, end in words:
        end = max(end, start + 0.05)
        if stretches and start - stretches[-1][1] < MERGE_GAP_S:
            stretches[-1][1] = max(stretches[-1][1], end)
        else:
            stretches.append([start, end])
    return [(a, b) for a, b in stretches]


def _windows(stretches: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Windows of WINDOW_S over each stretch; a shorter stretch is one window of itself."""
    out: list[tuple[float, float]] = []
    for start, end in stretches:
        length = end - start
        if length <= WINDOW_S:
            out.append((start, end))
            continue
        count = int(np.ceil((length - WINDOW_S) / HOP_S)) + 1
        step = (length - WINDOW_S) / (count - 1)
        out.extend((start + i * step, start + i * step + WINDOW_S) for i in range(count))
    return out


def _read(wav: wave.Wave_read, start: float, end: float) -> np.ndarray:
    first = min(wav.getnframes(), max(0, round(start * SAMPLE_RATE)))
    last = min(wav.getnframes(), max(first, round(end * SAMPLE_RATE)))
    wav.setpos(first)
    return np.frombuffer(wav.readframes(last - first), dtype=np.int16).astype(np.float32) / 32768


def _window_audio(path: Path, windows: list[tuple[float, float]]) -> Iterator[np.ndarray]:
    """Each window's samples, reading the file a chunk at a time (bounded memory)."""
    with wave.open(str(path), "rb") as wav:
        if wav.getframerate() != SAMPLE_RATE or wav.getnchannels() != 1 \
                or wav.getsampwidth() != 2:
            raise ValueError(f"{path}: diarization needs 16 kHz mono 16-bit WAV")
        i = 0
        while i < len(windows):
            chunk_start = windows[i][0]
            j = i
            while j < len(windows) and windows[j][1] - chunk_start <= CHUNK_S:
                j += 1
            j = max(j, i + 1)
            chunk_end = max(end for _, end in windows[i:j])
            samples = _read(wav, chunk_start, chunk_end)
            for start, end in windows[i:j]:
                a = round((start - chunk_start) * SAMPLE_RATE)
                b = round((end - chunk_start) * SAMPLE_RATE)
                yield samples[a:b]
            i = j


def _fit_length(samples: np.ndarray, n: int) -> np.ndarray:
    """Exactly n samples: a short window is repeated (keeps the voice, unlike zeros)."""
    if len(samples) == 0:
        return np.zeros(n, dtype=np.float32)
    if len(samples) < n:
        samples = np.tile(samples, int(np.ceil(n / len(samples))))
    return samples[:n]


# ------------------------------------------------------------------ embedders

_PARTIAL_SAMPLES = ge2e.PARTIAL_FRAMES * ge2e.HOP - 1  # gives exactly 160 centred frames


def _ge2e_embed(batch: list[np.ndarray]) -> np.ndarray:
    mels = np.stack([ge2e.mel_frames(ge2e.normalise_volume(
        _fit_length(s, _PARTIAL_SAMPLES)))[:ge2e.PARTIAL_FRAMES] for s in batch])
    return ge2e.encoder()(mels)


_DCT_KEEP = 20
_N = ge2e.N_MELS
# Orthonormal DCT-II matrix (what scipy.fft.dct(norm="ortho") computes), rows = coefficients.
_DCT = (np.sqrt(2.0 / _N) * np.cos(np.pi / _N * (np.arange(_N)[None, :] + 0.5)
                                    * np.arange(_N)[:, None])).astype(np.float32)
_DCT[0] /= np.sqrt(2.0)


def _mfcc_embed(batch: list[np.ndarray]) -> np.ndarray:
    """Mean and spread of 19 MFCCs: a crude voice print that needs no model."""
    out = []
    for samples in batch:
        mel = ge2e.mel_frames(_fit_length(samples, _PARTIAL_SAMPLES))
        log_mel = np.log(mel + 1e-8)
        energy = log_mel.mean(axis=1)
        voiced = log_mel[energy >= np.percentile(energy, 30)]  # the louder frames
        mfcc = (voiced @ _DCT.T)[:, 1:_DCT_KEEP]
        out.append(np.concatenate([mfcc.mean(axis=0), mfcc.std(axis=0)]))
    return np.asarray(out, dtype=np.float32)


def _embed(path: Path, windows: list[tuple[float, float]], name: str) -> np.ndarray:
    embed = _ge2e_embed if name == "ge2e" else _mfcc_embed
    parts: list[np.ndarray] = []
    batch: list[np.ndarray] = []
    for samples in _window_audio(path, windows):
        batch.append(samples)
        if len(batch) == BATCH:
            parts.append(embed(batch))
            batch = []
    if batch:
        parts.append(embed(batch))
    vectors = np.concatenate(parts)
    if name == "mfcc":  # statistics have different scales: standardise across the file
        vectors = (vectors - vectors.mean(axis=0)) / (vectors.std(axis=0) + 1e-6)
    else:  # centring removes what all windows share (channel, room), leaving the voice
        vectors = vectors - vectors.mean(axis=0)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


# ------------------------------------------------------------------ clustering

MAX_TREE = 800  # windows clustered pairwise; the rest join their nearest cluster


def _average_linkage(vectors: np.ndarray, threshold: float, min_k: int,
                     max_k: int) -> np.ndarray:
    """Average-linkage agglomeration on cosine distance, in numpy (O(n^2) memory, n small).

    Merging goes on while the closest pair is nearer than `threshold` and more than
    `min_k` clusters remain, and regardless of distance while more than `max_k` remain.
    """
    n = len(vectors)
    dist = (1.0 - vectors @ vectors.T).astype(np.float64)
    np.fill_diagonal(dist, np.inf)
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members = np.arange(n)
    count = n
    while count > 1:
        flat = int(np.argmin(dist))
        i, j = divmod(flat, n)
        if not (count > max_k or (dist[i, j] <= threshold and count > min_k)):
            break
        merged = (sizes[i] * dist[i] + sizes[j] * dist[j]) / (sizes[i] + sizes[j])
        dist[i, :] = merged
        dist[:, i] = merged
        dist[i, i] = np.inf
        dist[j, :] = np.inf
        dist[:, j] = np.inf
        sizes[i] += sizes[j]
        alive[j] = False
        members[members == j] = i
        count -= 1
    _, labels = np.unique(members, return_inverse=True)
    return labels


def _cluster(vectors: np.ndarray, threshold: float, min_k: int, max_k: int) -> np.ndarray:
    """Cosine clusters cut at `threshold`, their count kept in [min, max].

    A long file has thousands of windows: an even subsample of MAX_TREE builds the tree,
    then every window goes to its nearest centroid, which also mends windows the tree
    merged early and badly.
    """
    n = len(vectors)
    if n == 1 or max_k == 1:
        return np.zeros(n, dtype=int)
    pick = np.linspace(0, n - 1, min(n, MAX_TREE)).round().astype(int)
    sub = _average_linkage(vectors[pick], threshold, min(min_k, len(pick)), max_k)
    k = int(sub.max()) + 1
    centroids = np.stack([vectors[pick][sub == c].mean(axis=0) for c in range(k)])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    labels = np.argmax(vectors @ centroids.T, axis=1)
    if len(set(labels.tolist())) < min(min_k, n):
        labels = np.full(n, -1)
        labels[pick] = sub
        missing = labels < 0
        labels[missing] = np.argmax(vectors[missing] @ centroids.T, axis=1)
    return _drop_small(vectors, labels, min_k)


def _drop_small(vectors: np.ndarray, labels: np.ndarray, min_k: int) -> np.ndarray:
    """Fold clusters holding under MIN_SHARE of the windows into their nearest neighbour.

    Why: short odd windows (one word tiled to 1.6 s, a laugh) form tiny clusters of
    their own, which would count as extra speakers.
    """
    while True:
        _, labels = np.unique(labels, return_inverse=True)
        counts = np.bincount(labels)
        k = len(counts)
        smallest = int(np.argmin(counts))
        if k <= max(min_k, 1) or counts[smallest] >= MIN_SHARE * len(labels):
            return labels
        keep = [c for c in range(k) if c != smallest]
        centroids = np.stack([vectors[labels == c].mean(axis=0) for c in keep])
        moved = labels == smallest
        labels[moved] = np.asarray(keep)[np.argmax(vectors[moved] @ centroids.T, axis=1)]


def _word_labels(words: Sequence[tuple[float, float]], windows: list[tuple[float, float]],
                 vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each word's speaker: the cluster its overlapping windows lean to, weighted by overlap."""
    k = labels.max() + 1
    centroids = np.stack([vectors[labels == c].mean(axis=0) if np.any(labels == c)
                          else np.zeros(vectors.shape[1]) for c in range(k)])
    scores = vectors @ centroids.T  # (windows, k)
    starts = np.array([w[0] for w in windows])
    ends = np.array([w[1] for w in windows])
    out = np.zeros(len(words), dtype=int)
    lo = 0
    for idx, (start, end) in enumerate(words):
        end = max(end, start + 0.05)
        while lo < len(windows) and ends[lo] <= start:
            lo += 1
        hi = lo
        total = np.zeros(k)
        while hi < len(windows) and starts[hi] < end:
            overlap = min(end, ends[hi]) - max(start, starts[hi])
            if overlap > 0:
                # Windows centred on the word speak for it more than ones that graze it.
                total += overlap / (ends[hi] - starts[hi]) * scores[hi]
            hi += 1
        if not total.any():  # no window touched it: take the nearest one's speaker
            mid = (start + end) / 2
            nearest = int(np.argmin(np.abs((starts + ends) / 2 - mid)))
            total = scores[nearest]
        out[idx] = int(np.argmax(total))
    return out


def _smooth(labels: np.ndarray) -> np.ndarray:
    """A single word between two of the same speaker is that speaker's: turns are longer."""
    out = labels.copy()
    for i in range(1, len(out) - 1):
        if out[i - 1] == out[i + 1] != out[i]:
            out[i] = out[i - 1]
    return out


def _first_appearance(labels: np.ndarray) -> list[int]:
    order: dict[int, int] = {}
    return [order.setdefault(int(x), len(order)) for x in labels]


def assign_speakers(wav: Path, words: Sequence[tuple[float, float]], *, max_speakers: int = 4,
                    min_speakers: int = 1, embedder: str | None = None) -> list[int]:
    """One speaker index per word (0..k-1 in order of first appearance), k found in
    [min_speakers, max_speakers].

    `wav` is a 16 kHz mono 16-bit WAV; `words` are (start, end) seconds in time order.
    `embedder` forces 'ge2e' or 'mfcc' (benchmarks); by default `embedder_name()`.
    """
    if not words:
        return []
    if min_speakers < 1 or max_speakers < min_speakers:
        raise ValueError("need 1 <= min_speakers <= max_speakers")
    name = embedder or embedder_name()
    windows = _windows(_speech_stretches(words))
    vectors = _embed(Path(wav), windows, name)
    labels = _cluster(vectors, THRESHOLDS[name], min_speakers, max_speakers)
    return _first_appearance(_smooth(_word_labels(words, windows, vectors, labels)))
