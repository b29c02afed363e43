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


def shipped_model(name: str) -> Path | None:
    """A model folder from the companion package `ebcd_models` (the wheel
    ebcd-studio-models, made by packaging/build.sh and inside the bundled app), or None.

    Why a companion: the upstream packages of the sentence encoder and the speaker encoder
    declare torch as a dependency (3 GB the app never imports), so a plain `pip install`
    of them is unusable; ebcd-studio-models carries only their weights."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("ebcd_models")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / name
        if candidate.exists():
            return candidate
    return None
