"""One sentiment palette: a touch point's colour and tint are the same in the transcript on
screen, in the emotional map's SVG (`ebcd map`) and in the printed staff pack (`ebcd pack`),
read back from each output, not from the code's tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_run import ebcd
from pypdf import PdfReader
from PySide6.QtGui import QTextCursor
from transcribed import PATIENT_SRT, recording_from_srt

from ebcd_app.domain.models import Role, Scope, Sentiment
from ebcd_app.services import editing, projects, touchpoints, vocabulary
from ebcd_app.services.touchpoints import TouchPointData

# sentiment: the span's first and last word, its stage, the mark drawn before it
SPANS = {Sentiment.POSITIVE: ("The", "arrived", "Arriving", "▲"),
         Sentiment.NEGATIVE: ("Nobody", "frightened", "First night", "▼"),
         Sentiment.MIXED: ("Margaret", "day", "Discharge", "◆")}


@pytest.fixture
def project(tmp_path: Path, media_files) -> tuple[Path, int]:
    """One interview with a positive, a negative and a mixed touch point, each staged."""
    folder = tmp_path / "ward7"
    store = projects.create_project(folder, name="Palette test")
    pid = projects.add_participant(store, name="Margaret Jones", role=Role.PATIENT,
                                   pseudonym="Maggie", granted=set(Scope))
    rec = recording_from_srt(store, media_files["speech.wav"], PATIENT_SRT, pid, tmp_path)
    words = editing.load_transcript(store, rec).words
    stage_ids = {s.name: s.id for s in vocabulary.stages(store)}
    for sentiment, (first, last, stage, _) in SPANS.items():
        a = next(i for i, w in enumerate(words) if w.text.strip(".,") == first)
        b = next(i for i, w in enumerate(words) if i >= a and w.text.strip(".,") == last)
        touchpoints.add_touchpoint(store, TouchPointData(
            first_word_id=words[a].id, last_word_id=words[b].id, stage_id=stage_ids[stage],
            sentiment=sentiment, emotion="felt", is_quote=True))
    store.close()
    return folder, rec


def screen_colours(window, qtbot, folder: Path, rec: int) -> dict[Sentiment, tuple[str, str]]:
    """Each span's mark colour and the tint behind its first word, as the transcript draws
    them."""
    assert window.open_project(folder)
    window.view.interviews.select_recording(rec)
    view = window.view.interviews.transcript
    qtbot.waitUntil(lambda: len(view.words()) > 10, timeout=5000)
    text = view.toPlainText()
    found = {}
    for sentiment, (first, _, _, symbol) in SPANS.items():
        cur = QTextCursor(view.document())
        cur.setPosition(text.index(first) + 1)
        tint = cur.charFormat().background().color().name()
        cur.setPosition(text.rindex(symbol, 0, text.index(first)) + 1)
        found[sentiment] = (cur.charFormat().foreground().color().name(), tint)
    return found


def svg_colours(svg: Path) -> tuple[set[str], set[str]]:
    """The fills of the sentiment shapes (polygons) and of the map's rectangles."""
    root = ET.parse(svg).getroot()
    shapes = {e.get("fill", "").lower() for e in root.iter() if e.tag.endswith("polygon")}
    boxes = {e.get("fill", "").lower() for e in root.iter() if e.tag.endswith("rect")}
    return shapes, boxes


def pdf_colours(pdf: Path) -> set[str]:
    """Every fill colour the PDF's pages set (`r g b rg`), as #rrggbb."""
    found = set()
    number = r"(\d*\.?\d+)"
    for page in PdfReader(pdf).pages:
        stream = page.get_contents()
        data = stream.get_data().decode("latin-1") if stream is not None else ""
        for r, g, b in re.findall(rf"{number} {number} {number} rg", data):
            found.add("#" + "".join(f"{round(float(v) * 255):02x}" for v in (r, g, b)))
    return found


def test_screen_map_and_pack_draw_sentiment_in_the_same_colours(window, qtbot, project,
                                                                tmp_path) -> None:
    folder, rec = project
    screen = screen_colours(window, qtbot, folder, rec)
    assert set(screen) == set(Sentiment)
    colours = {c for c, _ in screen.values()}
    tints = {t for _, t in screen.values()}
    assert len(colours) == 3 and len(tints) == 3  # three sentiments, told apart

    out = ebcd("map", folder, "--out", tmp_path / "map.svg")
    assert out.returncode == 0, out.stderr
    shapes, boxes = svg_colours(tmp_path / "map.svg")
    assert colours <= shapes  # the map's ▲ ◆ ▼ are the transcript's marks
    assert tints <= boxes  # and its bands the transcript's tints

    out = ebcd("pack", folder, "staff", "--out", tmp_path / "staff.pdf")
    assert out.returncode == 0, out.stderr
    printed = pdf_colours(tmp_path / "staff.pdf")
    assert colours <= printed, sorted(printed)
    assert tints <= printed, sorted(printed)
