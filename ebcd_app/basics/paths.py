"""Per-user folders (settings, caches), following the XDG conventions on Linux.

Kept in one place so tests can redirect everything with two environment variables.
"""

from __future__ import annotations

import os
from pathlib import Path


def _user_dir(own_var: str, xdg_var: str, default: Path) -> Path:
    own = os.environ.get(own_var)
    if own:
        return Path(own)
    xdg = os.environ.get(xdg_var)
    return (Path(xdg) if xdg else default) / "ebcd-studio"


def config_dir() -> Path:
    return _user_dir("EBCD_CONFIG_DIR", "XDG_CONFIG_HOME", Path.home() / ".config")


def cache_dir() -> Path:
    return _user_dir("EBCD_CACHE_DIR", "XDG_CACHE_HOME", Path.home() / ".cache")


def data_dir() -> Path:
    return _user_dir("EBCD_DATA_DIR", "XDG_DATA_HOME", Path.home() / ".local" / "share")


def package_folders(package: str) -> list[Path]:
    """The folders of an installed package, found without importing it (a package that
    only carries data may import torch, or nothing useful); [] when not installed."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(folder) for folder in spec.submodule_search_locations]


def shipped_model(name: str) -> Path | None:
    """A model folder from the companion package `ebcd_models` (the wheel
    ebcd-studio-models, made by packaging/build.sh and inside the bundled app), or None.

    Why a companion: the upstream packages of the sentence encoder and the speaker encoder
    declare torch as a dependency (3 GB the app never imports), so a plain `pip install`
    of them is unusable; ebcd-studio-models carries only their weights."""
    return next((f / name for f in package_folders("ebcd_models") if (f / name).exists()),
                None)
