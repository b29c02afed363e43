"""The `ebcd` command as a user types it: exit codes, one-line reasons, ids or file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import ebcd


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "ward7"
    out = ebcd("new", folder, "--name", "Ward 7", "--vocabulary", "Ward 7, HCA")
    assert out.returncode == 0 and "created project 'Ward 7'" in out.stdout
    return folder


def test_participants_recordings_and_lookup_by_name_or_id(project, media_files, bad_files):
    out = ebcd("participant", "add", project, "--name", "Jo Bloggs", "--role", "family-carer",
               "--pseudonym", "Jo", "--consent", "recorded,transcribed,heard_in_film")
    assert out.returncode == 0 and "added participant 1" in out.stdout
    out = ebcd("import", project, media_files["speech.mp3"], media_files["speech.mp4"],
               "--participant", "1")
    assert out.returncode == 0, out.stderr
    assert "imported speech.mp3 as recording 1" in out.stdout
    assert "imported speech.mp4 as recording 2 (0:00:17, video)" in out.stdout
    again = ebcd("import", project, media_files["speech.mp3"])
    assert again.returncode == 0 and "skipped:" in again.stdout and "recording 1" in again.stdout
    listing = ebcd("recordings", project).stdout.splitlines()
    assert listing[0].split() == ["ID", "FILE", "DURATION", "KIND", "STATE"]
    assert listing[1].split() == ["1", "speech.mp3", "0:00:17", "audio", "imported"]
    assert listing[2].split() == ["2", "speech.mp4", "0:00:17", "video", "imported"]
    people = ebcd("participant", "list", project).stdout
    assert "Jo Bloggs" in people and "1,2" in people and "heard_in_film" in people
    missing = ebcd("transcript", project, "speech.mp3", "--format", "txt")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "ebcd: speech.mp3: has no transcript yet (state: imported)"


def test_errors_are_one_line_on_stderr_with_non_zero_exit(project, bad_files, tmp_path):
    cases = [
        (("import", project, bad_files["text"]), "notes.mp3: not a media file"),
        (("participant", "add", project, "--name", "X", "--role", "surgeon"),
         "unknown role 'surgeon'"),
        (("recordings", tmp_path / "nowhere"), "not an EBCD Studio project"),
        (("transcript", project, "42"), "no recording with id or file name '42'"),
        (("search", project, "  "), "search needs at least one word"),
        (("quotes", project, "--out", "/proc/quotes.txt"),
         "/proc: cannot write quotes.txt there"),
    ]
    for args, reason in cases:
        out = ebcd(*args)
        assert out.returncode == 1, args
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0], out.stderr


def test_field_notes_are_searchable_with_transcripts(project):
    out = ebcd("note", "add", project, "Call bells rang unanswered during handover.",
               "--place", "Bay B", "--at", "2026-10-02T07:45")
    assert out.returncode == 0
    hits = ebcd("search", project, "handover").stdout
    assert "field note 1 (2026-10-02 07:45, Bay B): Call bells rang unanswered during " \
           "[handover]." in hits
