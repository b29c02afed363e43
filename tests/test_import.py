"""Importing recordings: every promised format, duplicates, and bad input that changes nothing."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np
import pytest
from media_formats import FORMATS, snapshot

from ebcd_app.basics import atomic
from ebcd_app.basics.errors import DuplicateRecordingError, MediaError
from ebcd_app.media.audio import read_peaks
from ebcd_app.services import media_import, projects


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_imports_with_speech_audio_and_waveform(store, patient, media_files,
                                                             speech, name) -> None:
    result = media_import.import_recording(store, media_files[name], participant_ids=[patient])
    assert result.original_name == name
    assert abs(result.duration - speech.duration) < 0.25
    assert result.has_video == FORMATS[name][0]
    [rec] = projects.list_recordings(store)
    assert rec.state.value == "imported" and rec.participant_ids == (patient,)
    with store.session() as s:
        row = projects.resolve_recording(s, name)
        media = store.folder / row.media_path
        derived = store.derived_for(row.sha256)
        assert media.read_bytes() == media_files[name].read_bytes()  # original, untouched
        assert row.sha256 in media.name
        assert any(st["kind"] == "audio" for st in row.streams)
    peaks = read_peaks(derived / media_import.PEAKS)
    assert abs(len(peaks) / 100 - speech.duration) < 0.25
    assert np.abs(peaks).max() > 1000  # there is sound in it
    poster = derived / media_import.POSTER
    assert poster.is_file() == result.has_video
    if result.has_video:
        assert poster.read_bytes()[:2] == b"\xff\xd8"  # a JPEG


def test_the_same_file_twice_is_detected_not_duplicated(store, media_files,
                                                        tmp_path: Path) -> None:
    first = media_import.import_recording(store, media_files["speech.mp3"])
    copy = tmp_path / "same-interview-renamed.mp3"
    copy.write_bytes(media_files["speech.mp3"].read_bytes())
    before = snapshot(store)
    with pytest.raises(DuplicateRecordingError) as err:
        media_import.import_recording(store, copy)
    assert err.value.recording_id == first.recording_id
    assert "already in the project as recording" in str(err.value)
    assert snapshot(store) == before


@pytest.mark.parametrize(("key", "reason"), [
    ("empty", "is empty (0 bytes)"),
    ("text", "not a media file that can be read"),
    ("truncated", "not a media file that can be read"),
    ("cut", "looks truncated or damaged"),
    ("no_audio", "has no audio stream"),
])
def test_bad_input_is_refused_with_the_file_named_and_nothing_changed(
        store, media_files, bad_files, key, reason) -> None:
    media_import.import_recording(store, media_files["speech.wav"])
    before = snapshot(store)
    with pytest.raises(MediaError) as err:
        media_import.import_recording(store, bad_files[key])
    message = str(err.value)
    assert str(bad_files[key]) in message and reason in message
    assert "\n" not in message
    assert snapshot(store) == before


def test_missing_path_and_folder_are_refused(store, tmp_path: Path) -> None:
    before = snapshot(store)
    with pytest.raises(MediaError, match="no such file"):
        media_import.import_recording(store, tmp_path / "gone.mp3")
    with pytest.raises(MediaError, match="is a folder"):
        media_import.import_recording(store, tmp_path)
    assert snapshot(store) == before


def test_unreadable_file_is_refused(store, media_files, tmp_path: Path) -> None:
    locked = tmp_path / "locked.wav"
    locked.write_bytes(media_files["speech.wav"].read_bytes())
    locked.chmod(0)
    before = snapshot(store)
    if os.geteuid() == 0:  # root reads anything: drop to an ordinary user for the open
        os.setegid(65534)
        os.seteuid(65534)
    try:
        with pytest.raises(MediaError, match=r"locked\.wav: cannot be read \(permission denied\)"):
            media_import._check_readable(locked)
    finally:
        if os.getuid() == 0:
            os.seteuid(0)
            os.setegid(0)
    assert snapshot(store) == before


def test_disk_full_while_copying_leaves_the_project_as_it_was(store, media_files,
                                                              monkeypatch) -> None:
    media_import.import_recording(store, media_files["speech.wav"])
    before = snapshot(store)
    written = {"bytes": 0}
    real_write = atomic._write_all

    def fill_up(out, chunk: bytes) -> None:
        if written["bytes"] + len(chunk) > 100_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        written["bytes"] += len(chunk)
        real_write(out, chunk)

    monkeypatch.setattr(atomic, "CHUNK", 64 * 1024)
    monkeypatch.setattr(atomic, "_write_all", fill_up)
    with pytest.raises(MediaError) as err:
        media_import.import_recording(store, media_files["speech.flac"])
    assert str(media_files["speech.flac"]) in str(err.value)
    assert "disk filled up" in str(err.value)
    assert snapshot(store) == before
    assert not list(store.folder.rglob(".tmp-*"))


def test_too_little_free_space_is_refused_before_copying(store, media_files,
                                                         monkeypatch) -> None:
    import shutil

    before = snapshot(store)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1, 1, 1000))
    with pytest.raises(MediaError, match="not enough disk space"):
        media_import.import_recording(store, media_files["speech.mp3"])
    assert snapshot(store) == before


def test_a_folder_drop_finds_the_media_inside(media_files, fixtures_dir: Path) -> None:
    found = media_import.expand_sources([fixtures_dir])
    names = {p.name for p in found}
    assert set(FORMATS) <= names
    assert "notes.txt" not in names
