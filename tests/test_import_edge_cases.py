"""`ebcd import` and name lookups at the edges: folders with nothing to import, links that
loop, recordings whose names start with spaces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_run import ebcd, one_line_refusal


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "ward7"
    assert ebcd("new", folder, "--name", "Ward 7").returncode == 0
    return folder



def test_a_folder_with_nothing_to_import_says_so(project, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\0")
    assert one_line_refusal(ebcd("import", project, empty)) == \
        f"ebcd: {empty}: the folder is empty; no recordings to import"
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "interview notes.txt").write_text("not a recording")
    (notes / "consent.pdf").write_bytes(b"%PDF-1.4")
    assert one_line_refusal(ebcd("import", project, notes)) == \
        f"ebcd: {notes}: no recordings in this folder (2 other files, none of them audio " \
        "or video)"


def test_links_that_loop_are_named_and_never_followed_round(project, tmp_path,
                                                            speech) -> None:
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop)  # a folder that contains itself
    assert one_line_refusal(ebcd("import", project, loop)) == \
        f"ebcd: {loop}: no recordings found; the folder only leads round a loop of links " \
        f"({loop / 'again'} points back into it)"
    itself = tmp_path / "itself"
    itself.symlink_to(itself)
    assert one_line_refusal(ebcd("import", project, itself)) == \
        f"ebcd: {itself}: is a link that leads round a loop back to itself; nothing to import"
    # a loop beside real recordings does no harm: the recording is imported once
    shutil.copy(speech.wav, loop / "interview.wav")
    out = ebcd("import", project, loop)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("imported interview.wav as recording 1") == 1


def test_a_linked_folder_of_recordings_is_searched(project, tmp_path, speech) -> None:
    real = tmp_path / "phone-export"
    real.mkdir()
    shutil.copy(speech.wav, real / "ward-interview.wav")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "from the phone").symlink_to(real)
    out = ebcd("import", project, drop)
    assert out.returncode == 0, out.stderr
    assert "imported ward-interview.wav as recording 1" in out.stdout


def test_a_recording_whose_name_starts_with_spaces_is_found_by_name(project, tmp_path,
                                                                    speech) -> None:
    spaced = tmp_path / "  interview.wav"
    shutil.copy(speech.wav, spaced)
    out = ebcd("import", project, spaced)
    assert out.returncode == 0, out.stderr
    srt = tmp_path / "typed.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:04,000\nThe nurse came to see me.\n")
    out = ebcd("import-transcript", project, "  interview.wav", srt)
    assert out.returncode == 0, out.stderr
    assert "The nurse came" in ebcd("transcript", project, "  interview.wav",
                                    "--format", "txt").stdout
    # typed without the spaces it is still found, as before
    assert ebcd("transcript", project, "interview.wav", "--format", "txt").returncode == 0
