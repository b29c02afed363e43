"""A recording's length reads the same on the Interviews page as in `ebcd recordings`."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

from cli_run import ebcd

from ebcd_app.services import media_import, projects


def _tone(path: Path, seconds: float, rate: int = 16_000) -> Path:
    """A plain tone of `seconds`: enough for the importer, no speech needed."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8)))
                               for i in range(int(seconds * rate))))
    return path


def test_the_interviews_page_and_the_cli_give_one_length(window, qtbot, tmp_path) -> None:
    folder = tmp_path / "ward7"
    with projects.create_project(folder, name="Ward 7") as store:
        # 2.7 s: the CLI once read 0:00:03 and the page 0:00:02
        media_import.import_recording(store, _tone(tmp_path / "bell.wav", 2.7))
    listing = ebcd("recordings", folder).stdout.splitlines()
    cli_length = listing[1].split()[2]
    assert cli_length == "0:00:03", listing
    assert window.open_project(folder)
    model = window.view.interviews.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    assert model.index(0, 2).data() == cli_length
