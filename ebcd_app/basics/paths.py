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
