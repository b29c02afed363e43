"""`ebcd demo`, the README's first command: the whole pipeline on the bundled samples."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_demo_builds_and_transcribes_every_sample(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    out = subprocess.run([sys.executable, "-m", "ebcd_app", "demo", "--dir", str(folder)],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    rates = re.findall(r"transcribed, (\d+) words, word error rate (\d+)%", out.stdout)
    assert len(rates) == 4, out.stdout
    for words, wer in rates:
        assert int(words) > 100 and int(wer) <= 20
    assert "Ray (patient)" in out.stdout and "nurse-sam.mp4" in out.stdout
    assert re.search(r'Search for "call bell": [1-9]', out.stdout)
    # running it again rebuilds the demo rather than refusing or duplicating it
    listing = subprocess.run([sys.executable, "-m", "ebcd_app", "recordings", str(folder)],
                             capture_output=True, text=True).stdout
    assert listing.count("transcribed") == 4


def test_demo_never_deletes_a_folder_that_is_not_a_demo(tmp_path: Path) -> None:
    (tmp_path / "my-work.txt").write_text("precious")
    out = subprocess.run([sys.executable, "-m", "ebcd_app", "demo", "--dir", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "is not a demo project" in out.stderr
    assert (tmp_path / "my-work.txt").read_text() == "precious"
