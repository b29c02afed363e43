"""The demo project for GUI tests, built once a session without Whisper.

`ebcd demo` transcribes the bundled interviews with Whisper, which takes minutes; GUI tests
need the same project (people, four interviews with words, touch points, language
suggestions, a film draft, the events and co-design groups) but not the speech recognition,
so the scripts the samples were read from become typed transcripts instead. Everything else
goes through the same services `build_demo` uses.

Use the `demo_folder` fixture (a fresh copy per test, safe to change) or, outside a fixture,
`demo_copy(demo_source, tmp_path)`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ebcd_app.basics.resources import resources_dir
from ebcd_app.services import demo, film_draft, projects, suggestions, transcripts
from ebcd_app.services.demo_events import seed_events_and_groups


def _srt_clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def script_srt(script: str, duration: float) -> str:
    """The script as subtitles: one cue per sentence, spread over the recording by length."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", script.strip()) if s]
    start, end = 0.3, max(0.6, duration - 0.3)
    total = sum(len(s) for s in sentences)
    cues, at = [], start
    for i, sentence in enumerate(sentences, 1):
        span = (end - start) * len(sentence) / total
        cues.append(f"{i}\n{_srt_clock(at)} --> {_srt_clock(at + span - 0.05)}\n{sentence}\n")
        at += span
    return "\n".join(cues)


def build_demo_project(folder: Path) -> Path:
    """The demo project in `folder`, with the scripts as its transcripts; returns `folder`."""
    root = resources_dir() / "demo"
    manifest = demo.load_manifest()
    store, recordings = demo.create_demo_project(folder, manifest, root)
    with store:
        durations = {r.id: r.duration for r in projects.list_recordings(store)}
        for rec_id, item in recordings.items():
            srt = folder / "derived" / f"script-{rec_id}.srt"
            srt.parent.mkdir(parents=True, exist_ok=True)
            script = (root / item["script"]).read_text(encoding="utf-8")
            srt.write_text(script_srt(script, durations[rec_id]), encoding="utf-8")
            transcripts.import_subtitles(store, rec_id, srt, language="en")
        demo.tag_demo_touchpoints(store, manifest, recordings)
        suggestions.run_suggestions(store)
        film_draft.auto_draft(store)
        seed_events_and_groups(store, manifest)
    return folder


def demo_copy(source: Path, tmp_path: Path, name: str = "demo") -> Path:
    """A copy of the built demo under tmp_path, for one test to open and change."""
    target = tmp_path / name
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once a session; never open it directly (copy it)."""
    return build_demo_project(tmp_path_factory.mktemp("demo-source") / "demo")


@pytest.fixture
def demo_folder(demo_source: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo project for this test."""
    return demo_copy(demo_source, tmp_path)
