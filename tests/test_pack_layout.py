"""A real multi-page pack built with the shared styles, checked the way a reader would:
the text that comes out of the PDF, the fonts inside it and the pages rendered as images."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from ebcd_app.domain.map_model import EmotionCount, JourneyLane, MapData, StageColumn
from ebcd_app.domain.runchart import analyse
from ebcd_app.packs import charts, forms
from ebcd_app.packs.styles import (
    A4_WIDTH_USABLE,
    PackDocument,
    data_table,
    para,
    section,
    sentiment_cell,
)

QUOTED = "“Tea – at last” said the ward sister"
PROJECT = "Ward 7 discharge co-design"
TITLE = "Event 2 pack"


def sample_map() -> MapData:
    def words(*pairs: tuple[str, int]) -> tuple[EmotionCount, ...]:
        return tuple(EmotionCount(w, n) for w, n in pairs)

    patient = JourneyLane("patient", "Patient and family journey", (
        StageColumn("Arriving on the ward", {
            "positive": words(("welcomed", 4), ("reassured", 2)),
            "negative": words(("anxious", 3), ("lost", 1))}),
        StageColumn("Medicines round", {"mixed": words(("confused", 2), ("hopeful", 1))}),
        StageColumn("Waiting for transport home", {
            "negative": words(("frustrated", 5), ("forgotten", 3), ("tired", 2), ("angry", 2),
                              ("overwhelmed", 1), ("ignored", 1), ("bored", 1), ("cold", 1))}),
        StageColumn("Going home", {"positive": words(("relieved", 6), ("grateful", 2))}),
    ))
    staff = JourneyLane("staff", "Staff journey", tuple(
        StageColumn(f"Stage {i} with a longish name", {
            "positive": words(("proud", i)), "mixed": words(("stretched", 2))})
        for i in range(1, 11)))
    return MapData("Ward 7", "31 touch points from 9 interviews", (patient, staff), unplaced=3)


def sample_chart():
    start = date(2026, 1, 5)
    values = [41, 38, 44, 40, 43, 39, 42, 45, 40, 30, 28, 27, 31, 26, 29, 25, 24, 23, 22, 21]
    return analyse("Time to discharge letter", "minutes",
                   [(start + timedelta(weeks=i), v) for i, v in enumerate(values)],
                   change_on=start + timedelta(weeks=9))


def cover() -> list[Flowable]:
    return [Spacer(1, 30 * mm), para(PROJECT, "cover_subtitle"), para(TITLE, "cover_title"),
            para("Thursday 12 March 2026 · Seminar room 2", "cover_meta")]


def story() -> list[Flowable]:
    sentiments = ["positive", "mixed", "negative", None]
    rows = [[str(i), QUOTED if i == 150 else f"Touch point number {i} about the discharge "
             "lounge & <the> waiting", sentiment_cell(sentiments[i % 4])]
            for i in range(1, 301)]
    table = data_table(["No.", "Touch point", "Feeling"], rows, [30, 380, A4_WIDTH_USABLE - 410])
    chart = sample_chart()
    return [*section("Touch points", "Every touch point from the interviews, in order."),
            table, PageBreak(),
            *section("Measures"), charts.run_chart(chart, A4_WIDTH_USABLE, 210),
            *[para(s.describe(), "caption") for s in chart.signals],
            PageBreak(), *section("Emotional map"),
            *charts.emotional_map(sample_map(), A4_WIDTH_USABLE),
            *forms.sign_in_sheet("Event 2: agreeing priorities"),
            *forms.dot_vote_sheet(["Shorter waits for transport home", "Medicines explained "
                                   "before discharge, in writing and out loud", ""]),
            *forms.feedback_form("Event 2: agreeing priorities")]


def build_sample(path: Path) -> int:
    return PackDocument(path, title=TITLE, project=PROJECT, subject="Co-design event").build(
        story(), cover=cover())


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> tuple[Path, int, list[str]]:
    path = tmp_path_factory.mktemp("pack") / "event-pack.pdf"
    pages = build_sample(path)
    reader = PdfReader(path)
    return path, pages, [page.extract_text() for page in reader.pages]


def test_pack_text_reads_right(pack):
    path, pages, texts = pack
    assert pages == len(texts) >= 8
    meta = PdfReader(path).metadata
    assert meta.title == TITLE and meta.author == "EBCD Studio"
    assert TITLE in texts[0] and PROJECT in texts[0]
    assert "Page" not in texts[0]  # the cover has no footer
    for n, text in enumerate(texts[1:], start=2):
        assert f"Page {n} of {pages}" in text
        assert PROJECT in text  # running header
    everything = "\n".join(texts)
    assert QUOTED in everything  # curly quotes and the en dash survive: the TTF is embedded
    assert "& <the> waiting" in everything  # user text is escaped, not parsed as markup


def test_table_header_repeats_and_rows_stay_whole(pack):
    _, _, texts = pack
    table_pages = [t for t in texts if "Touch point number" in t]
    assert len(table_pages) >= 3
    for text in table_pages:
        assert re.search(r"No\.\s*Touch point\s*Feeling", text)
    numbers = [int(n) for t in table_pages for n in re.findall(r"Touch point number (\d+) ", t)]
    assert numbers == [n for n in range(1, 301) if n != 150]  # each row once, in order


def test_chart_map_and_forms_are_in_the_pack(pack):
    _, _, texts = pack
    everything = "\n".join(texts)
    assert "Median 41" in everything and "Change" in everything
    assert "Shift: 6+ points on one side of the median" in everything
    assert "Shift: 12 points below the median" in everything
    assert "frustrated ×5" in everything and "anxious ×3" in everything
    assert "+3 more" in everything  # eight words in one cell: five shown, then the rest
    assert "▲" in everything and "▼" in everything
    assert "Stages 1–5 of 10" in everything and "Stages 6–10 of 10" in everything
    assert "3 touch points not shown" in everything
    sign_in = [t for t in texts if "Signature" in t and "tick one" in t]
    assert len(sign_in) == 2  # 25 ruled rows run onto a second page with the header again
    assert "Place up to 3 dots" in everything
    feedback = [t for t in texts if "Your feedback" in t]
    assert len(feedback) == 1 and "Is there anything else you would like to tell us?" in \
        feedback[0]


def test_only_dejavu_fonts_are_used(pack):
    path, _, _ = pack
    names = set()
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get("/Font", {})
        names |= {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert names and all("DejaVu" in name for name in names), names


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_pages_render_as_a4_and_not_blank(pack, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path, pages, _ = pack
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", str(path), str(tmp_path / "p")],
                   check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    for image in images:
        width, height = _png_size(image)
        assert abs(height / width - 297 / 210) < 0.01
    # a blank page compresses to almost nothing; a page with text and rules does not
    assert all(image.stat().st_size > 3000 for image in images)


class Explodes(Flowable):
    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return 100, 20

    def draw(self) -> None:
        raise RuntimeError("disk on fire")


def test_a_failed_build_keeps_the_previous_pack(tmp_path):
    path = tmp_path / "pack.pdf"
    doc = PackDocument(path, title="Pack", project="Project")
    assert doc.build([para("First version")]) == 1
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match="disk on fire"):
        PackDocument(path, title="Pack", project="Project").build(
            [para("Second version"), PageBreak(), Explodes()])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_run_chart_handles_no_one_and_many_points():
    empty = charts.run_chart(analyse("Falls", "falls", []), 300)
    assert "No values yet" in charts.drawing_svg(empty)
    one = charts.run_chart(analyse("Falls", "falls", [(date(2026, 1, 1), 3)]), 300)
    assert "Median" not in charts.drawing_svg(one)
    start = date(2025, 1, 1)
    many = analyse("Calls", "calls", [(start + timedelta(days=i), (i * 37) % 23)
                                      for i in range(200)])
    svg = charts.drawing_svg(charts.run_chart(many, A4_WIDTH_USABLE))
    assert svg.count("<circle") + svg.count("<rect") + svg.count("<polygon") >= 200
    labels = re.findall(r">(\d{1,2} [A-Z][a-z]{2})</text>", svg)
    assert 3 <= len(labels) <= 16  # thinned out so they do not overlap
    assert "DejaVu Sans" in svg and "<title>Run chart: Calls</title>" in svg


def test_landscape_pages_come_and_go(tmp_path):
    path = tmp_path / "wide.pdf"
    doc = PackDocument(path, title="Wide", project="Project", landscape_pages=True)
    pages = doc.build([para("Portrait first"),
                       *doc.landscape([para("A wide map goes here")]), para("Portrait again")])
    reader = PdfReader(path)
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages]
    assert pages == 3 and sizes == [(595, 842), (842, 595), (595, 842)]
    assert "Page 2 of 3" in reader.pages[1].extract_text()
    with pytest.raises(ValueError, match="landscape_pages"):
        PackDocument(path, title="Wide", project="Project").landscape([])
