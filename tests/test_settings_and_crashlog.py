"""The user's settings survive a restart; faults are logged and told in plain words."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from ebcd_app.basics import crashlog, settings
from ebcd_app.basics.errors import EbcdError


@pytest.fixture(autouse=True)
def _folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EBCD_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("EBCD_DATA_DIR", str(tmp_path / "data"))


def test_facilitator_name_is_remembered() -> None:
    assert settings.load().facilitator == ""
    settings.update(facilitator="Fiona Reid")
    assert settings.load().facilitator == "Fiona Reid"
    raw = json.loads(settings.settings_path().read_text())
    assert raw == {"schema": settings.SCHEMA, "facilitator": "Fiona Reid"}


def test_a_damaged_or_newer_settings_file_falls_back_to_defaults() -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00{not json")
    assert settings.load() == settings.UserSettings()
    path.write_text(json.dumps({"schema": settings.SCHEMA + 1, "facilitator": "X"}))
    assert settings.load() == settings.UserSettings()


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - the test wants the traceback
        return caught


def test_a_fault_is_told_plainly_and_logged_with_its_traceback() -> None:
    exc = _raised(AttributeError("'str' object has no attribute 'value'"))
    text = crashlog.message("add the participant", exc)
    assert text.startswith("Could not add the participant: something went wrong inside")
    assert "AttributeError" not in text and "'str' object" not in text
    path = crashlog.record("add the participant", exc)
    assert path == crashlog.log_path()
    logged = path.read_text()
    assert "could not add the participant" in logged
    assert "AttributeError: 'str' object has no attribute 'value'" in logged
    assert "Traceback (most recent call last)" in logged


def test_our_own_and_disk_errors_keep_their_words() -> None:
    assert (crashlog.message("import a.mp3", EbcdError("a.mp3: not a recording"))
            == "Could not import a.mp3: a.mp3: not a recording.")
    full = OSError(errno.ENOSPC, "No space left on device", "/p/project.db")
    assert crashlog.message("save the note", full) == (
        "Could not save the note: the disk is full (/p/project.db).")
    assert not crashlog.is_fault(full) and crashlog.is_fault(KeyError("x"))
