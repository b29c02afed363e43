"""Where the shipped resources (vocabularies, demo material) are."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """The repository's resources/ (EBCD_RESOURCES overrides it for installed copies)."""
    env = os.environ.get("EBCD_RESOURCES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "resources"
