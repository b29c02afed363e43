"""Where the shipped resources (vocabularies, agendas, fonts, demo material) are."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """ebcd_app/resources, inside the package so a wheel and the bundled app carry it
    (EBCD_RESOURCES overrides it, e.g. to try edited vocabularies)."""
    env = os.environ.get("EBCD_RESOURCES")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "resources"
