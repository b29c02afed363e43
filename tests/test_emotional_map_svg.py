"""The emotional map SVG, read back the way a co-design group sees it: words and where they sit.

Each test parses the document with xml.etree and checks the text a reader would see and its
position (x for journey order, y for sentiment), so a layout that puts a word in the wrong
band, drops a stage or spills over a neighbouring column fails here.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from ebcd_app.domain.map_model import EmotionCount, JourneyLane, MapData, StageColumn
from ebcd_app.maps.svg import COLOUR, HEADER, dominant, render_svg, text_width, wrap

NS = "{http://www.w3.org/2000/svg}"
VOCAB = Path(__file__).resolve().parents[1] / "ebcd_app" / "resources" / "vocabularies"


@dataclass(frozen=True)
class Text:
    """One drawn string: what it says, where it starts (or is centred) and how it is set."""

    text: str
    x: float
    y: float
    px: float
    bold: bool
    anchor: str

    def span(self) -> tuple[float, float]:
        """Left and right edge, from the renderer's width estimate (checked against Qt below)."""
        width = text_width(self.text, self.px, self.bold)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        return left, left + width


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(root: ET.Element) -> list[Text]:
    """Every text element as one string (tspans joined, whitespace collapsed)."""
    return [Text(" ".join("".join(el.itertext()).split()), float(el.get("x", 0)),
                 float(el.get("y", 0)), float(el.get("font-size", 0)),
                 el.get("font-weight") == "bold", el.get("text-anchor", "start"))
            for el in root.iter(f"{NS}text")]


def boxes(root: ET.Element) -> list[Box]:
    return [Box(float(r.get("x", 0)), float(r.get("y", 0)), float(r.get("width", 0)),
                float(r.get("height", 0)), r.get("fill", ""), r.get("stroke", "none"))
            for r in root.iter(f"{NS}rect")]


def find(root: ET.Element, text: str) -> list[Text]:
    return [t for t in texts(root) if t.text == text]


def one(root: ET.Element, text: str) -> Text:
    found = find(root, text)
    assert len(found) == 1, f"{text!r} drawn {len(found)} times"
    return found[0]


def column_of(root: ET.Element, stage_name: Text) -> Box:
    """The header box around a stage name: the column a reader sees under that name."""
    [box] = [b for b in boxes(root) if b.fill == HEADER and b.contains(stage_name.x, stage_name.y)]
    return box


def words(*pairs: tuple[str, int]) -> tuple[EmotionCount, ...]:
    return tuple(EmotionCount(w, c) for w, c in pairs)


def sample() -> MapData:
    patient = JourneyLane("patient", "Patient and family journey", (
        StageColumn("Arriving", {"positive": words(("reassured", 2), ("welcomed", 1)),
                                 "mixed": words(("uncertain", 1),),
                                 "negative": words(("anxious", 3), ("rushed", 1))}),
        StageColumn("Waiting", {"negative": words(("ignored", 4), ("alone", 2)),
                                "mixed": words(("resigned", 1),)}),
        StageColumn("Discharge", {"positive": words(("relieved", 5),),
                                  "negative": words(("confused", 1),)}),
    ))
    staff = JourneyLane("staff", "Staff journey", (
        StageColumn("Handover", {"mixed": words(("torn", 2),), "positive": words(("proud", 1),)}),
        StageColumn("Breaks", {"negative": words(("exhausted", 6),)}),
    ))
    return MapData("Ward 7 stroke unit", "26 touch points from 4 interviews", (patient, staff),
                   unplaced=3)


def test_document_is_standalone_svg_with_size_background_and_fonts() -> None:
    root = parse(render_svg(sample(), width=1200))
    assert root.tag == f"{NS}svg"
    assert root.get("width") == "1200"
    _, _, vw, vh = map(float, root.get("viewBox", "").split())
    assert float(root.get("height", 0)) == pytest.approx(1200 * vh / vw, abs=1)
    first = next(iter(root.iter(f"{NS}rect")))
    assert (first.get("fill"), float(first.get("width", 0)), float(first.get("height", 0))) == (
        "#FFFFFF", vw, vh)
    assert all(t.get("font-family") == "DejaVu Sans, Arial, sans-serif"
               for t in root.iter(f"{NS}text"))
    assert not list(root.iter(f"{NS}style")) and not list(root.iter(f"{NS}foreignObject"))


def test_title_subtitle_and_lane_titles_in_reading_order() -> None:
    root = parse(render_svg(sample()))
    title = one(root, "Ward 7 stroke unit")
    subtitle = one(root, "26 touch points from 4 interviews")
    assert title.bold and title.px >= 28 and title.y < subtitle.y
    patient = one(root, "Patient and family journey · 21 touch points")
    staff = one(root, "Staff journey · 9 touch points")
    assert subtitle.y < patient.y < staff.y


def test_stage_names_left_to_right_with_totals_under_each() -> None:
    data = sample()
    root = parse(render_svg(data))
    for lane in data.lanes:
        names = [one(root, stage.name) for stage in lane.stages]
        assert [n.x for n in names] == sorted(n.x for n in names)
        assert len({n.y for n in names}) == 1 and all(n.px >= 18 and n.bold for n in names)
        for stage, name in zip(lane.stages, names, strict=True):
            label = "1 touch point" if stage.count() == 1 else f"{stage.count()} touch points"
            [total] = [t for t in find(root, label) if t.x == name.x]
            assert name.y < total.y < name.y + 60


def test_words_sit_in_their_stage_column_and_sentiment_band_with_counts() -> None:
    root = parse(render_svg(sample()))
    arriving = column_of(root, one(root, "Arriving"))
    waiting = column_of(root, one(root, "Waiting"))
    reassured, uncertain, anxious = (one(root, w) for w in ("reassured ×2", "uncertain",
                                                            "anxious ×3"))
    assert all(arriving.x <= t.x < arriving.x + arriving.w for t in (reassured, anxious))
    assert reassured.y < uncertain.y < anxious.y, "positive above mixed above negative"
    assert waiting.x <= one(root, "ignored ×4").x < waiting.x + waiting.w
    assert one(root, "welcomed").px >= 16 and not find(root, "welcomed ×1")
    labels = [min(t.y for t in find(root, s)) for s in ("Positive", "Mixed", "Negative")]
    assert labels == sorted(labels)
    assert labels[0] < reassured.y + 40 and labels[1] < anxious.y < labels[2] + 60


def test_every_band_label_is_repeated_per_lane_in_order() -> None:
    root = parse(render_svg(sample()))
    per_label = {s: sorted(t.y for t in find(root, s)) for s in ("Positive", "Mixed", "Negative")}
    # two lanes and the legend
    assert all(len(ys) == 3 for ys in per_label.values())
    for lane in range(2):
        ys = [per_label[s][lane] for s in ("Positive", "Mixed", "Negative")]
        assert ys == sorted(ys)


def test_legend_names_each_sentiment_with_its_colour_and_shape() -> None:
    root = parse(render_svg(sample()))
    key = one(root, "Key")
    for sentiment in ("Positive", "Mixed", "Negative"):
        assert any(abs(t.y - key.y) < 10 for t in find(root, sentiment))
    shapes: dict[str, set[int]] = {}
    for polygon in root.iter(f"{NS}polygon"):
        points = polygon.get("points", "").split()
        shapes.setdefault(polygon.get("fill", ""), set()).add(len(points))
        ys = [float(p.split(",")[1]) for p in points]
        if polygon.get("fill") == COLOUR["positive"]:
            assert ys[0] == min(ys), "positive points up"
        if polygon.get("fill") == COLOUR["negative"]:
            assert ys[-1] == max(ys), "negative points down"
    assert shapes == {COLOUR["positive"]: {3}, COLOUR["mixed"]: {4}, COLOUR["negative"]: {3}}


def test_user_text_with_markup_characters_is_escaped() -> None:
    nasty = 'A&E <triage> "fast"'
    lane = JourneyLane("patient", "Mum's & dad's <journey>", (
        StageColumn(nasty, {"negative": words(("<b>scared</b> & \"lost\"", 2),)}),
        StageColumn("Bell\x07 ring", {"mixed": words(("ok'ish", 1),)}),
    ))
    svg = render_svg(MapData('Title with "quotes" & <tags>', "x < y", (lane,)))
    root = parse(svg)
    assert "<triage>" not in svg and "<b>" not in svg
    assert one(root, 'Title with "quotes" & <tags>')
    assert one(root, "x < y")
    shown = {t.text for t in texts(root)}
    assert "Mum's & dad's <journey> · 3 touch points" in shown
    assert "ok'ish" in shown and "Bell ring" in shown
    scared = " ".join(t.text for t in texts(root) if "scared" in t.text or '"lost"' in t.text)
    assert "<b>scared</b>" in scared and '"lost"' in scared and "×2" in scared
    assert " ".join(t.text for t in texts(root) if "A&E" in t.text or "fast" in t.text) == nasty


def test_empty_lane_draws_its_stages_and_says_so() -> None:
    empty = JourneyLane("staff", "Staff journey", (StageColumn("Rota"), StageColumn("Handover")))
    root = parse(render_svg(MapData("Project", "", (sample().lanes[0], empty))))
    rota, handover = one(root, "Rota"), one(root, "Handover")
    assert rota.x < handover.x
    assert len(find(root, "0 touch points")) == 2
    message = one(root, "No touch points in this journey yet.")
    staff_top, key = one(root, "Staff journey · 0 touch points").y, one(root, "Key").y
    assert staff_top < rota.y < message.y < key
    chips = [b for b in boxes(root) if b.fill == "#FFFFFF" and b.stroke != "none"]
    assert chips and not [b for b in chips if staff_top < b.y < key - 30]


def test_crowded_stage_shows_top_words_and_counts_the_rest_inside_its_column() -> None:
    stages = json.loads((VOCAB / "journey_stages.json").read_text(encoding="utf-8"))["patient"]
    crowded = words(("overwhelmed", 9), ("disrespected", 7), ("listened to properly", 5),
                    ("embarrassed", 4), ("frightened", 3), ("angry", 2), ("alone", 1),
                    ("helpless", 1), ("judged", 1), ("", 2))
    lane = JourneyLane("patient", "Patients", tuple(
        StageColumn(name, {"negative": crowded} if name == "Waiting" else {}) for name in stages))
    assert len(stages) >= 11
    root = parse(render_svg(MapData("Busy", "", (lane,))))
    column = column_of(root, one(root, "Waiting"))
    more = [t for t in texts(root) if t.text.startswith("+") and t.text.endswith(" more")]
    assert [t.text for t in more] == ["+7 more"]
    key = one(root, "Key").y
    below = [t for t in texts(root) if column.y + column.h < t.y < key - 30 and
             column.x - 1 <= t.x <= column.x + column.w]
    chip_words = [t for t in below if t.text != "+7 more"]
    assert len(chip_words) >= 3
    joined = " ".join(t.text for t in chip_words)
    assert "×9" in joined and "×7" in joined and "×5" in joined and "angry" not in joined
    for t in below:
        left, right = t.span()
        assert column.x <= left and right <= column.x + column.w, t
    chips = [b for b in boxes(root) if b.fill == "#FFFFFF" and b.stroke != "none"
             and b.y < key - 30 and column.x <= b.x + b.w / 2 <= column.x + column.w]
    assert len(chips) == 3
    assert all(column.x <= b.x and b.x + b.w <= column.x + column.w for b in chips)


def test_long_stage_names_wrap_within_their_column() -> None:
    names = ("Support and supervision", "Learning and development", "Safety huddle", "Rota",
             "Starting a shift", "Handover", "Breaks", "Workload", "Incident", "Debrief",
             "Family and visiting")
    lane = JourneyLane("staff", "Staff", tuple(StageColumn(n) for n in names))
    root = parse(render_svg(MapData("Wrapped", "", (lane,))))
    for name in names:
        first = next(t for t in texts(root) if t.text and name.startswith(t.text) and t.bold)
        column = column_of(root, first)
        lines = [t for t in texts(root) if t.bold and t.x == first.x and t.y < first.y + 50]
        assert " ".join(t.text for t in lines).replace("- ", "") == name
        for line in lines:
            left, right = line.span()
            assert column.x <= left and right <= column.x + column.w


@pytest.mark.parametrize("max_w", [60, 90, 120, 200])
@pytest.mark.parametrize("text", ["Learning and development", "overwhelmed",
                                  "listened to properly for once", "Supercalifragilistic"])
def test_wrap_keeps_lines_inside_the_width_and_loses_nothing_silently(text, max_w) -> None:
    lines = wrap(text, max_w, 18, bold=True, max_lines=3)
    assert 1 <= len(lines) <= 3
    assert all(text_width(line, 18, bold=True) <= max_w for line in lines)
    rebuilt = " ".join(lines).replace("- ", "")
    assert rebuilt == text or (rebuilt.endswith("…") and text.startswith(rebuilt[:-1].rstrip()))


def test_overall_line_follows_the_most_common_sentiment() -> None:
    data = sample()
    root = parse(render_svg(data))
    lines = [p for p in root.iter(f"{NS}polyline") if p.get("stroke") == "#7D8590"]
    assert len(lines) == 2, "one line per lane"
    line = lines[0]  # the patient lane's, drawn first
    points = [tuple(map(float, p.split(","))) for p in line.get("points", "").split()]
    xs = [one(root, s.name).x for s in data.lanes[0].stages]
    assert [x for x, _ in points] == xs
    arriving, waiting, discharge = (y for _, y in points)
    assert dominant(data.lanes[0].stages[0]) == "negative" and arriving == waiting
    assert discharge < waiting, "Discharge is mostly positive, so the line rises"
    tie = StageColumn("Tie", {"positive": words(("calm", 2),), "negative": words(("sad", 2),)})
    assert dominant(tie) == "mixed" and dominant(StageColumn("None")) is None


def test_unplaced_footnote_only_when_some_are_unplaced() -> None:
    root = parse(render_svg(sample()))
    note = one(root, "3 touch points not shown: no stage or no sentiment chosen yet.")
    assert note.y > one(root, "Key").y
    bare = MapData("P", "", sample().lanes, unplaced=0)
    assert not [t for t in texts(parse(render_svg(bare))) if "not shown" in t.text]


def test_no_lanes_still_renders_a_readable_page() -> None:
    root = parse(render_svg(MapData("Nothing yet", "0 touch points", ())))
    assert one(root, "Nothing yet") and one(root, "Nothing to map yet: no journeys.")


@pytest.fixture
def qt_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    widgets = pytest.importorskip("PySide6.QtWidgets")
    pytest.importorskip("PySide6.QtSvg")
    return widgets.QApplication.instance() or widgets.QApplication([])


def test_qt_svg_renderer_draws_the_map_in_its_colours(qt_app) -> None:
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(render_svg(sample(), width=800).encode("utf-8")))
    assert renderer.isValid() and renderer.defaultSize().width() == 800
    image = QImage(renderer.defaultSize(), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.black)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    seen = {image.pixelColor(x, y).name().upper()
            for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
    assert "#FFFFFF" in seen and "#000000" not in seen, "white page, fully covered"
    assert {QColor(c).name().upper() for c in COLOUR.values()} <= seen


def test_width_estimate_never_undershoots_dejavu_sans(qt_app) -> None:
    from PySide6.QtGui import QFont, QFontMetricsF

    vocab = json.loads((VOCAB / "emotion_words.json").read_text(encoding="utf-8"))
    stages = json.loads((VOCAB / "journey_stages.json").read_text(encoding="utf-8"))
    for bold, px, items in ((False, 16, [w for ws in vocab.values() for w in ws]),
                            (True, 18, [s for ss in stages.values() for s in ss])):
        font = QFont("DejaVu Sans")
        font.setPixelSize(px)
        font.setBold(bold)
        if not font.exactMatch():
            pytest.skip("DejaVu Sans is not installed")
        metrics = QFontMetricsF(font)
        for item in items:
            assert text_width(item, px, bold) >= metrics.horizontalAdvance(item), item
