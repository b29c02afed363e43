"""The `ebcd` command as a user types it: exit codes, one-line reasons, ids or file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import ebcd, one_line_refusal

from ebcd_app.cli import main


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


COMMANDS = ("new", "encrypt", "participant", "consent", "recordings", "import", "transcribe",
            "transcript", "import-transcript", "note", "search", "jobs", "snapshots",
            "restore", "touchpoints", "quotes", "suggest", "suggestions", "vocabulary", "map",
            "film", "event", "group", "pack", "erase", "audit", "gui", "demo")


def _listed(help_text: str) -> list[str]:
    """The command (or action) names a --help lists, one indented name at a line's start."""
    return [line.split()[0] for line in help_text.splitlines()
            if line.startswith("    ") and not line.startswith("     ")]


def test_help_lists_every_command_and_each_help_works(capsys):
    top = ebcd("--help")
    assert top.returncode == 0 and sorted(_listed(top.stdout)) == sorted(COMMANDS), top.stdout
    nested = {"participant": ["add", "list"], "note": ["add"],
              "group": ["list", "start", "add", "action-status", "values", "chart", "show",
                        "member", "meeting", "action", "pdsa", "measure", "update"]}
    for name in COMMANDS:  # in-process: a subprocess each would add half a minute
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        text = capsys.readouterr().out
        assert done.value.code == 0 and text.startswith(f"usage: ebcd {name} "), name
        if name in nested:
            assert _listed(text) == nested[name], text
            for action in nested[name]:
                args = [name, "project", action] if name == "group" else [name, action]
                with pytest.raises(SystemExit) as done:
                    main([*args, "--help"])
                assert done.value.code == 0, args
                assert capsys.readouterr().out.startswith(f"usage: ebcd {' '.join(args)}")


def test_a_bad_group_argument_is_a_usage_error_not_a_traceback(project):
    assert ebcd("group", project, "add", "Call bells", "--date", "2027-02-09").returncode == 0
    cases = [
        (("chart", "abc"), "argument MEASURE_ID: invalid int value: 'abc'"),
        (("values", "1x", "2027-03-01=9"), "argument MEASURE_ID: invalid int value: '1x'"),
        (("action-status", "first", "done"), "argument ACTION_ID: invalid int value: 'first'"),
        (("member", "Call", "--participant", "Jo"),
         "argument --participant: invalid int value: 'Jo'"),
        (("meeting",), "the following arguments are required: group"),
        (("list", "--who", "Lee"), "unrecognized arguments: --who Lee"),  # found by `ebcd`
    ]
    for args, reason in cases:
        out = ebcd("group", project, *args)
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        who = "ebcd" if args[0] == "list" else f"ebcd group project {args[0]}"
        assert lines[0].startswith(f"usage: {who} "), out.stderr
        assert lines[-1] == f"{who}: error: {reason}", out.stderr
    shown = ebcd("group", project, "show", "Call")
    assert shown.returncode == 0 and shown.stdout.startswith("1. Call bells  (since 2027-02-09)")
    # found by a new user: no values or no date recorded "0 value(s)" and went on
    measure = ebcd("group", project, "measure", "Call", "Minutes to answer")
    assert measure.returncode == 0, measure.stderr
    assert one_line_refusal(ebcd("group", project, "values", "1")) == \
        "ebcd: give the values as DATE=VALUE (e.g. 2027-03-01=9) or --csv FILE"
    assert "needs a date" in one_line_refusal(ebcd("group", project, "values", "1", "=5"))
    assert "(choose from: staff, patient, joint, celebration)" in one_line_refusal(
        ebcd("event", project, "party", "show"))
