"""Film exports read back by independent readers and compared with the plan.

Every format an editor takes away is parsed again (OTIO, our own CMX 3600 parser,
xml.etree for FCPXML and FCP 7 XML, parse_subtitles for captions) and checked against
the plan's own timeline, to within one frame, so a wrong cut, a lost clip, a picture
shown against consent or a drifting record time fails here rather than in an edit suite.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree

import opentimelineio as otio
import pytest

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.film_plan import (
    CaptionWord,
    FilmPlan,
    PlannedChapter,
    PlannedClip,
    TimelineItem,
)
from ebcd_app.film import export
from ebcd_app.film.subtitles import parse_subtitles

FPS = 25
FRAME = 1 / FPS
HOUR = 3600.0
VIDEO_REC, AUDIO_REC = 11, 12
TEXT = ("The nurse came to see me as soon as I arrived. She explained what would happen "
        "next. Later that night nobody answered the call bell! I felt frightened and alone.")


def _words(src_in: float, src_out: float) -> tuple[CaptionWord, ...]:
    """Words every 0.4 s from the clip's first frame, so a cue starts where the clip does."""
    vocab, out, t = TEXT.split(), [], src_in
    while t + 0.3 <= src_out:
        out.append(CaptionWord(vocab[len(out) % len(vocab)], round(t, 3), round(t + 0.3, 3)))
        t += 0.4
    return tuple(out)


@pytest.fixture(scope="module")
def plan(media_files: dict[str, Path]) -> FilmPlan:
    """Three chapters from real files: shown video, an audio file, a heard-not-seen person."""
    mp4, mp3 = media_files["speech.mp4"], media_files["speech.mp3"]

    def clip(cid: int, source: Path, src_in: float, src_out: float, speaker: str,
             show: bool = True) -> PlannedClip:
        video = source.suffix == ".mp4"
        return PlannedClip(cid, VIDEO_REC if video else AUDIO_REC, source, source.name,
                           src_in, src_out, video, show, speaker, _words(src_in, src_out),
                           reason=f"clip {cid} says what the chapter is about")

    return FilmPlan("Ward 7 ‘trigger’ film", (
        PlannedChapter("Arriving on the ward", (
            clip(1, mp4, 0.52, 4.37, "Patient ‘Ray’"),
            clip(2, mp3, 2.0, 5.77, "Carer 'Sam'"))),
        PlannedChapter("Nobody answered the bell", (
            clip(3, mp4, 6.01, 11.3, "Patient ‘Maggie’", show=False),
            clip(4, mp4, 0.0, 2.49, "Nurse ‘Jo’"))),
        PlannedChapter("Going home", (
            clip(5, mp3, 8.2, 13.9, "Carer 'Sam'"),
            clip(6, mp3, 0.4, 3.1, "Carer 'Sam'"),  # same voice across a cut
            clip(7, mp4, 3.33, 7.0, "Patient ‘Ray’"))),
    ))


def clip_items(plan: FilmPlan) -> list[TimelineItem]:
    return [i for i in plan.timeline() if i.clip is not None]


def shown(item: TimelineItem) -> bool:
    return item.clip is not None and item.clip.has_video and item.clip.show_video


def url_path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def near(a: float, b: float, frames: float = 1.0) -> bool:
    return abs(a - b) <= frames * FRAME + 1e-9


# ---- OTIO -------------------------------------------------------------------------------

def test_otio_reads_back_with_every_clip_cut_and_marker(plan: FilmPlan, tmp_path: Path) -> None:
    path = tmp_path / "film.otio"
    export.write_timeline(plan, path, "otio")
    tl = otio.adapters.read_from_file(str(path))
    assert tl.global_start_time.to_seconds() == HOUR
    video, audio = tl.tracks
    assert (video.kind, audio.kind) == (otio.schema.TrackKind.Video, otio.schema.TrackKind.Audio)
    items = clip_items(plan)
    assert len(audio.find_clips()) == len(items) == 7
    assert len(video.find_clips()) == sum(shown(i) for i in items) == 3
    for track in (video, audio):
        assert near(track.duration().to_seconds(), plan.duration)
        assert len(track) == len(plan.timeline())
    for n, (item, a_clip) in enumerate(zip(items, audio.find_clips(), strict=True), 1):
        c = item.clip
        assert a_clip.name == f"{n:02d} {c.speaker} — {c.source_name}"
        assert a_clip.source_range.start_time.rate == FPS
        assert near(a_clip.source_range.start_time.to_seconds(), c.src_in)
        assert near(a_clip.source_range.end_time_exclusive().to_seconds(), c.src_out)
        assert near(audio.range_of_child(a_clip).start_time.to_seconds(), item.record_in)
        ref = a_clip.media_reference
        assert url_path(ref.target_url) == c.source and c.source.is_file()
        assert ref.available_range.end_time_exclusive().to_seconds() >= c.src_out - FRAME
        assert a_clip.metadata["ebcd"]["speaker"] == c.speaker
        assert a_clip.metadata["ebcd"]["recording_id"] == c.recording_id
        on_video = video.child_at_time(audio.range_of_child(a_clip).start_time)
        assert isinstance(on_video, otio.schema.Clip) == shown(item), c.speaker
        assert near(on_video.duration().to_seconds(), c.duration)
    markers = list(video.markers)
    assert [m.name for m in markers] == [t for _, t in plan.chapter_starts()]
    for marker, (start, _) in zip(markers, plan.chapter_starts(), strict=True):
        assert near(marker.marked_range.start_time.to_seconds(), start)
        assert marker.color == otio.schema.MarkerColor.RED


def test_cut_points_are_rounded_once_so_durations_add_up(plan: FilmPlan) -> None:
    tl = export.to_otio(plan)
    video, audio = tl.tracks
    assert video.duration() == audio.duration()
    assert video.duration().value == round(plan.duration * FPS)
    for item, child in zip(plan.timeline(), audio, strict=True):
        assert audio.range_of_child(child).start_time.value == round(item.record_in * FPS)


# ---- CMX 3600 EDL -----------------------------------------------------------------------

TC = r"(\d\d:\d\d:\d\d:\d\d)"
EVENT = re.compile(rf"^(\d{{3}})\s+(\S+)\s+(V|A|A2|AA|B|AA/V|A2/V)\s+(C)\s+{TC} {TC} {TC} {TC}$")


def tc_seconds(tc: str) -> float:
    h, m, s, f = (int(x) for x in tc.split(":"))
    return h * 3600 + m * 60 + s + f / FPS


def parse_edl(text: str) -> list[dict]:
    """A small CMX 3600 reader: event lines, and the comments that follow each one."""
    events: list[dict] = []
    for line in text.splitlines():
        if m := EVENT.match(line):
            num, reel, track, trans, *tcs = m.groups()
            events.append({"num": int(num), "reel": reel, "track": track, "trans": trans,
                           "src": [tc_seconds(t) for t in tcs[:2]],
                           "rec": [tc_seconds(t) for t in tcs[2:]], "comments": {}})
        elif line.startswith("* ") and ":" in line:
            key, _, value = line[2:].partition(":")
            events[-1]["comments"][key.strip()] = value.strip()
        else:
            assert line == "" or line.startswith(("TITLE:", "FCM:")), line
    return events


def test_edl_events_match_the_plan(plan: FilmPlan, tmp_path: Path) -> None:
    path = tmp_path / "film.edl"
    export.write_timeline(plan, path, "edl")
    text = path.read_text()
    assert text.isascii()
    assert text.splitlines()[:2] == ["TITLE: Ward 7 'trigger' film", "FCM: NON-DROP FRAME"]
    events = parse_edl(text)
    timeline = plan.timeline()
    assert [e["num"] for e in events] == list(range(1, len(timeline) + 1))
    assert events[0]["rec"][0] == HOUR
    assert near(events[-1]["rec"][1], HOUR + plan.duration)
    for before, after in itertools.pairwise(events):
        assert after["rec"][0] == before["rec"][1]  # contiguous: no gap, no overlap
    n = 0
    for item, ev in zip(timeline, events, strict=True):
        assert near(ev["rec"][0], HOUR + item.record_in)
        assert round((ev["rec"][1] - ev["rec"][0]) * FPS) == round((ev["src"][1] - ev["src"][0])
                                                                   * FPS)
        if item.clip is None:
            assert (ev["reel"], ev["track"]) == ("BL", "V")
            assert ev["comments"]["FROM CLIP NAME"] == f"TITLE CARD: {item.title}"
            continue
        n += 1
        c = item.clip
        assert ev["reel"] == f"REC{c.recording_id:05d}" and len(ev["reel"]) == 8
        assert ev["track"] == ("AA/V" if shown(item) else "AA")
        assert near(ev["src"][0], c.src_in) and near(ev["src"][1], c.src_out)
        speaker = c.speaker.replace("‘", "'").replace("’", "'")
        assert ev["comments"]["FROM CLIP NAME"] == f"{n:02d} {speaker} - {c.source_name}"
        assert Path(ev["comments"]["FROM CLIP"]) == c.source


def test_edl_reads_back_through_the_cmx_adapter(plan: FilmPlan, tmp_path: Path) -> None:
    path = tmp_path / "film.edl"
    export.export(plan, "edl", path)
    tl = otio.adapters.read_from_file(str(path), rate=FPS)
    tracks = {t.name: t for t in tl.tracks}
    assert set(tracks) == {"V", "A1", "A2"}
    pictures = [c for c in tracks["V"].find_clips()
                if isinstance(c.media_reference, otio.schema.ExternalReference)]
    assert len(pictures) == 3
    assert len(tracks["V"].find_clips()) == 3 + len(plan.chapters)  # black title cards
    assert len(tracks["A1"].find_clips()) == len(clip_items(plan))


# ---- FCPXML -----------------------------------------------------------------------------

def rational(value: str | None) -> Fraction:
    return Fraction((value or "0s").removesuffix("s"))


def test_fcpxml_spine_lanes_and_chapters_match_the_plan(plan: FilmPlan, tmp_path: Path) -> None:
    path = tmp_path / "film.fcpxml"
    export.write_timeline(plan, path, "fcpxml")
    root = ElementTree.parse(path).getroot()
    assert root.tag == "fcpxml"
    fmt = root.find("./resources/format")
    assert (fmt.get("frameDuration"), fmt.get("width"), fmt.get("height")) == ("1/25s", "1280",
                                                                                "720")
    assets = {a.get("id"): url_path(a.get("src")) for a in root.iter("asset")}
    seq = root.find("./library/event/project/sequence")
    assert rational(seq.get("tcStart")) == HOUR
    assert near(float(rational(seq.get("duration"))), plan.duration)
    spine = list(seq.find("spine"))
    timeline = plan.timeline()
    assert len(spine) == len(timeline)
    for item, el in zip(timeline, spine, strict=True):
        assert near(float(rational(el.get("offset"))), item.record_in)
        assert near(float(rational(el.get("duration"))), item.duration)
        assert el.tag == ("clip" if shown(item) else "gap")
        if shown(item):
            assert near(float(rational(el.get("start"))), item.clip.src_in)
            assert assets[el.find("video").get("ref")] == item.clip.source
    lanes = [(parent, el) for parent in spine for el in parent if el.get("lane") == "-1"]
    assert len(lanes) == len(clip_items(plan))
    for item, (parent, el) in zip(clip_items(plan), lanes, strict=True):
        record = rational(parent.get("offset")) + rational(el.get("offset")) - rational(
            parent.get("start"))
        assert near(float(record), item.record_in)
        assert near(float(rational(el.get("start"))), item.clip.src_in)
        assert assets[el.find(".//audio").get("ref")] == item.clip.source
    chapters = [(gap, m) for gap in spine for m in gap.iter("chapter-marker")]
    assert [m.get("value") for _, m in chapters] == [t for _, t in plan.chapter_starts()]
    for (gap, marker), (start, _) in zip(chapters, plan.chapter_starts(), strict=True):
        assert near(float(rational(gap.get("offset"))), start)
        assert marker.get("start") == gap.get("start")


def test_fcpxml_reads_back_through_the_adapter(plan: FilmPlan, tmp_path: Path) -> None:
    path = tmp_path / "film.fcpxml"
    export.export(plan, "fcpxml", path)
    found = otio.adapters.read_from_file(str(path))
    [tl] = found.find_children(descended_from_type=otio.schema.Timeline, shallow_search=True)
    assert len(tl.video_tracks()[0].find_clips()) == 3
    assert len(tl.audio_tracks()[0].find_clips()) == len(clip_items(plan))


# ---- FCP 7 XML --------------------------------------------------------------------------

def test_fcp7_xml_clip_items_and_markers_match_the_plan(plan: FilmPlan, tmp_path: Path) -> None:
    path = tmp_path / "film.xml"
    export.write_timeline(plan, path, "fcp7xml")
    seq = ElementTree.parse(path).getroot().find("./project/children/sequence")
    assert seq.findtext("rate/timebase") == str(FPS)
    assert seq.findtext("timecode/string") == "01:00:00:00"
    assert seq.findtext("media/video/format/samplecharacteristics/width") == "1280"
    assert abs(int(seq.findtext("duration")) - plan.duration * FPS) <= 1
    files = {f.get("id"): f.findtext("pathurl") for f in seq.iter("file") if f.find("pathurl")
             is not None}
    video = seq.findall("media/video/track/clipitem")
    audio = seq.findall("media/audio/track/clipitem")
    items = clip_items(plan)
    assert len(audio) == len(items) and len(video) == sum(shown(i) for i in items)
    shown_items = [i for i in items if shown(i)]
    for group, expected in ((video, shown_items), (audio, items)):
        for el, item in zip(group, expected, strict=True):
            start, end, cut_in, cut_out = (int(el.findtext(t)) for t in ("start", "end", "in",
                                                                          "out"))
            assert near(start * FRAME, item.record_in) and near(end * FRAME, item.record_out)
            assert near(cut_in * FRAME, item.clip.src_in)
            assert near(cut_out * FRAME, item.clip.src_out)
            assert url_path(files[el.find("file").get("id")]) == item.clip.source
    markers = [(m.findtext("name"), int(m.findtext("in"))) for m in seq.findall("marker")]
    assert [name for name, _ in markers] == [t for _, t in plan.chapter_starts()]
    for (_, at), (start, _) in zip(markers, plan.chapter_starts(), strict=True):
        assert near(at * FRAME, start)


def test_fcp7_xml_reads_back_through_the_adapter(plan: FilmPlan, tmp_path: Path) -> None:
    path = tmp_path / "film.xml"
    export.export(plan, "fcp7xml", path)
    tl = otio.adapters.read_from_file(str(path))
    assert len(tl.video_tracks()[0].find_clips()) == 3
    assert len(tl.audio_tracks()[0].find_clips()) == len(clip_items(plan))
    assert [m.name for m in tl.tracks.markers] == [t for _, t in plan.chapter_starts()]


# ---- captions and chapter lists ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_captions_keep_every_word_in_record_time(plan: FilmPlan, fmt: str) -> None:
    cues = parse_subtitles(export.captions(plan, fmt), f"film.{fmt}")
    words = [w[0] for w in plan.caption_words()]
    assert " ".join(c.text for c in cues).split() == words
    for before, after in itertools.pairwise(cues):
        assert before.start < after.start and before.end <= after.start
    assert cues[0].start >= 0 and cues[-1].end <= plan.duration
    items = clip_items(plan)
    assert cues[0].start == pytest.approx(items[0].record_in, abs=0.001)
    for cue in cues:  # never across a cut or over a title card
        assert any(i.record_in - 0.001 <= cue.start and cue.end <= i.record_out + 0.001
                   for i in items), cue
    if fmt == "vtt":
        assert {c.speaker for c in cues} == {i.clip.speaker for i in items}


def test_chapter_list_lines_match_chapter_starts(plan: FilmPlan) -> None:
    lines = export.chapter_list(plan).splitlines()
    pattern = re.compile(r"^(\d\d):(\d\d):(\d\d)  (.+)  \((\d+):(\d\d)\)$")
    starts = plan.chapter_starts()
    assert len(lines) == len(starts) + 1
    for line, (start, title), chapter in zip(lines, starts, plan.chapters, strict=False):
        h, m, s, name, dm, ds = pattern.match(line).groups()
        assert int(h) * 3600 + int(m) * 60 + int(s) == int(start)
        assert name == title
        assert int(dm) * 60 + int(ds) == round(chapter.duration)
    assert lines[-1].startswith("Total") and lines[-1].endswith(
        f"({round(plan.duration) // 60}:{round(plan.duration) % 60:02d})")


def test_chapter_csv_matches_chapter_starts(plan: FilmPlan) -> None:
    rows = list(csv.DictReader(io.StringIO(export.chapter_list_csv(plan))))
    assert [r["title"] for r in rows] == [t for _, t in plan.chapter_starts()]
    for row, (start, _), chapter in zip(rows, plan.chapter_starts(), plan.chapters, strict=True):
        assert float(row["start_seconds"]) == pytest.approx(start, abs=0.001)
        assert near(tc_seconds(row["start_timecode"]), HOUR + start)
        assert float(row["duration_seconds"]) == pytest.approx(chapter.duration, abs=0.001)
        assert int(row["clips"]) == len(chapter.clips)


# ---- dispatch -----------------------------------------------------------------------------

def test_export_writes_every_format_and_leaves_no_temporaries(plan: FilmPlan,
                                                               tmp_path: Path) -> None:
    for fmt in export.EXPORT_FORMATS:
        export.export(plan, fmt, tmp_path / f"film.{fmt}")
    export.export(plan, "chapters", tmp_path / "chapters.csv")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"film.{f}" for f in export.EXPORT_FORMATS] + ["chapters.csv"])
    assert all((tmp_path / n).stat().st_size > 0 for n in names)
    assert (tmp_path / "chapters.csv").read_text().startswith("start_timecode,")
    assert (tmp_path / "film.chapters").read_text().startswith("00:00:00  Arriving")


def test_unknown_formats_and_empty_films_are_refused(plan: FilmPlan, tmp_path: Path) -> None:
    with pytest.raises(EbcdError, match="not an export format"):
        export.export(plan, "aaf", tmp_path / "film.aaf")
    with pytest.raises(EbcdError, match="nothing to export"):
        export.write_timeline(FilmPlan("Empty", ()), tmp_path / "film.edl", "edl")
    assert list(tmp_path.iterdir()) == []


def test_timelines_do_not_say_which_recordings_consent_left_out(plan: FilmPlan,
                                                                tmp_path: Path) -> None:
    """Refusal reasons name recordings; an editor outside the project needs only a count."""
    refused = replace(plan, refused=("margaret-jones-ward7.mp4: no consent to be heard",))
    for fmt in export.TIMELINE_FORMATS:
        export.write_timeline(refused, tmp_path / f"film.{fmt}", fmt)
        assert "margaret" not in (tmp_path / f"film.{fmt}").read_text().lower(), fmt
    timeline = export.to_otio(refused)  # held: OTIO frees metadata with its owner
    assert timeline.metadata["ebcd"]["clips_left_out"] == 1
