"""Running `ebcd` as a user does (a subprocess) and reading a refusal, for CLI tests."""

from __future__ import annotations

import subprocess
import sys


def ebcd(*args: object, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m ebcd_app ARGS` with its output captured as text."""
    return subprocess.run([sys.executable, "-m", "ebcd_app", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)


def one_line_refusal(out: subprocess.CompletedProcess) -> str:
    """The one line a refused command printed; fails unless it exited 1 with one line."""
    assert out.returncode == 1, out.stdout
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]
