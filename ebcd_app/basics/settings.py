"""The user's own settings: declared, typed, versioned, and written atomically.

Settings that belong to the person at the laptop (who they are, for consent and audit
records) live in one JSON file in the config folder. Each has a type and a default; the
file carries a schema number, and older files are upgraded step by step (napari's
settings habit). QSettings keeps only window geometry and recent files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ebcd_app.basics.atomic import write_text
from ebcd_app.basics.paths import config_dir

SCHEMA = 1
FILE_NAME = "settings.json"


@dataclass(frozen=True)
class UserSettings:
    """What the app remembers about its user between sessions."""

    facilitator: str = ""  # the name written on consent records, notes and touch points


# upgrade functions: UPGRADES[n] turns a schema-n dict into a schema-(n+1) dict
UPGRADES: dict[int, Callable[[dict], dict]] = {}


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def _upgrade(raw: dict) -> dict:
    version = int(raw.get("schema", SCHEMA))
    while version < SCHEMA:
        raw = UPGRADES[version](raw)
        version += 1
    return raw


def load() -> UserSettings:
    """The saved settings; defaults when none are saved or the file cannot be read."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UserSettings()
    if not isinstance(raw, dict) or int(raw.get("schema", SCHEMA)) > SCHEMA:
        return UserSettings()
    raw = _upgrade(raw)
    known = {f.name for f in fields(UserSettings)}
    values = {k: v for k, v in raw.items() if k in known and isinstance(v, str)}
    return UserSettings(**values)


def save(settings: UserSettings) -> None:
    write_text(settings_path(), json.dumps({"schema": SCHEMA, **asdict(settings)}, indent=2)
               + "\n")


def update(**changes: str) -> UserSettings:
    """Change some settings and save them; return the new whole."""
    new = replace(load(), **changes)
    save(new)
    return new
