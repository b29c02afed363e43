"""Hand the film to other tools: editing-suite timelines, caption files, chapter lists.

Some editors finish the trigger film in EBCD Studio, others in Premiere, Resolve, Final
Cut or Avid. Every exporter here is a pure function of a `FilmPlan`, so what an editor
imports is exactly what our renderer would have made: the same clips, the same consent
decisions (a person who may be heard but not seen has no picture on the video track),
the same chapter order.

Times are whole frames at `plan.fps`: each cut point of the plan's timeline is rounded
to a frame once and durations are taken as differences of those points, so the clips
of every format add up to the film's length exactly and no cut drifts by more than
half a frame. Record timecode starts at 01:00:00:00, as broadcast editors expect.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree

import opentimelineio as otio

from ebcd_app.basics.atomic import write_text
from ebcd_app.basics.clock import short_clock
from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.film_plan import FilmPlan, PlannedClip, TimelineItem
from ebcd_app.film.subtitles import TimedWord, cues_from_words, format_srt, format_vtt

EXPORT_FORMATS = ("otio", "edl", "fcpxml", "fcp7xml", "srt", "vtt", "chapters")
TIMELINE_FORMATS = ("otio", "edl", "fcpxml", "fcp7xml")
START_SECONDS = 3600  # record timecode of the first frame: 01:00:00:00
_RT, _TR = otio.opentime.RationalTime, otio.opentime.TimeRange


@dataclass(frozen=True)
class _Span:
    """One timeline item in whole frames of the film."""

    item: TimelineItem
    number: int  # the clip's place in the film, from 1; 0 for a title card
    record_in: int
    frames: int
    source_in: int  # first frame in the source recording (clips only)

    @property
    def clip(self) -> PlannedClip | None:
        return self.item.clip

    @property
    def shows_picture(self) -> bool:
        return self.clip is not None and self.clip.has_video and self.clip.show_video


def _spans(plan: FilmPlan) -> list[_Span]:
    """The timeline in frames; items shorter than half a frame vanish, as on screen."""
    items = plan.timeline()
    bounds = [round(i.record_in * plan.fps) for i in items]
    bounds.append(round(items[-1].record_out * plan.fps) if items else 0)
    spans, number = [], 0
    for item, start, end in zip(items, bounds, bounds[1:], strict=False):
        if item.clip is not None:
            number += 1
        if end > start:
            src = round(item.clip.src_in * plan.fps) if item.clip else 0
            spans.append(_Span(item, number if item.clip else 0, start, end - start, src))
    return spans


def _range(start: int, frames: int, fps: int) -> otio.opentime.TimeRange:
    return _TR(_RT(start, fps), _RT(frames, fps))


def reel_name(recording_id: int) -> str:
    """An 8-character CMX reel name per recording, so each source file has its own reel."""
    name = f"REC{recording_id:05d}"
    return name if len(name) == 8 else name[-8:]


def clip_name(number: int, clip: PlannedClip) -> str:
    """What an editor sees on the clip: its place, who speaks, and the file it is from."""
    return f"{number:02d} {clip.speaker} — {clip.source_name}"


def _source_frames(spans: list[_Span]) -> dict[Path, int]:
    """How much of each source the film reaches; the plan does not know the full length."""
    ends: dict[Path, int] = {}
    for s in spans:
        if s.clip is not None:
            ends[s.clip.source] = max(ends.get(s.clip.source, 0), s.source_in + s.frames)
    return ends


def _ebcd_metadata(span: _Span) -> dict:
    clip = span.clip
    assert clip is not None
    return {"ebcd": {"clip_id": clip.clip_id, "recording_id": clip.recording_id,
                     "speaker": clip.speaker, "reason": clip.reason,
                     "chapter": span.item.title, "has_video": clip.has_video,
                     "show_video": clip.show_video, "text": clip.text}}


def _otio_clip(span: _Span, fps: int, source_frames: dict[Path, int]) -> otio.schema.Clip:
    clip = span.clip
    assert clip is not None
    ref = otio.schema.ExternalReference(
        target_url=clip.source.absolute().as_uri(),
        available_range=_range(0, source_frames[clip.source], fps))
    ref.name = clip.source_name
    meta = _ebcd_metadata(span)
    meta["cmx_3600"] = {"reel": reel_name(clip.recording_id)}
    return otio.schema.Clip(name=clip_name(span.number, clip), media_reference=ref,
                            source_range=_range(span.source_in, span.frames, fps),
                            metadata=meta)


def to_otio(plan: FilmPlan) -> otio.schema.Timeline:
    """The film as an OTIO timeline: V1 shows pictures the consent allows, A1 has all sound.

    Title cards are Gaps on both tracks (every adapter handles a Gap; no suite agrees on
    title generators) with a red Marker per chapter on V1. A clip that may be heard but
    not seen, or has no picture, is a named Gap on V1 over its sound on A1: the editor
    puts a caption card there.
    """
    fps, spans = plan.fps, _spans(plan)
    sources = _source_frames(spans)
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    for span in spans:
        length = _range(0, span.frames, fps)
        if span.clip is None:
            title = span.item.title
            for track in (video, audio):
                track.append(otio.schema.Gap(name=f"Title card: {title}", source_range=length))
            video.markers.append(otio.schema.Marker(
                name=title, marked_range=_range(span.record_in, span.frames, fps),
                color=otio.schema.MarkerColor.RED,
                metadata={"ebcd": {"chapter": span.item.chapter + 1}}))
            continue
        if span.shows_picture:
            video.append(_otio_clip(span, fps, sources))
        else:
            video.append(otio.schema.Gap(
                name=f"Caption card: {clip_name(span.number, span.clip)}",
                source_range=length, metadata=_ebcd_metadata(span)))
        audio.append(_otio_clip(span, fps, sources))
    # how many clips consent kept out, not which: their reasons name recordings
    meta = {"ebcd": {"title": plan.title, "width": plan.width, "height": plan.height,
                     "fps": fps, "sample_rate": plan.sample_rate,
                     "clips_left_out": len(plan.refused)}}
    return otio.schema.Timeline(name=plan.title, tracks=[video, audio],
                                global_start_time=_RT(START_SECONDS * fps, fps), metadata=meta)


# ---- CMX 3600 EDL -------------------------------------------------------------------

_ASCII = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "-", "–": "-",
                        "…": "...", "\n": " ", "\t": " "})
_EVENT = re.compile(r"^(\d{3}\s+\S+\s+)(V    )( C\s)", re.MULTILINE)


def _ascii(text: str) -> str:
    """EDLs are ASCII by tradition; old readers stop at the first byte above 127."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return folded.encode("ascii", "ignore").decode("ascii")


def _edl_timeline(plan: FilmPlan) -> tuple[otio.schema.Timeline, list[str]]:
    """One track for the CMX writer, and the CMX channel of each event it will write.

    The writer emits only the first track's events and numbers record time from zero,
    so: every clip goes on that one track (picture and sound are told apart afterwards
    by the channel field), a one-hour Gap in front makes record timecode start at
    01:00:00:00, and title cards become black (BL) events named after their chapter.
    """
    fps, spans = plan.fps, _spans(plan)
    sources = _source_frames(spans)
    track = otio.schema.Track(name="V", kind=otio.schema.TrackKind.Video)
    track.append(otio.schema.Gap(source_range=_range(0, START_SECONDS * fps, fps)))
    channels = []
    for span in spans:
        if span.clip is None:
            item = otio.schema.Clip(
                name=_ascii(f"TITLE CARD: {span.item.title}"),
                media_reference=otio.schema.GeneratorReference(generator_kind="black"),
                source_range=_range(0, span.frames, fps), metadata={"cmx_3600": {"reel": "BL"}})
            channels.append("V")
        else:
            item = _otio_clip(span, fps, sources)
            item.name = _ascii(item.name)
            # a path, not a file URL, is what conform tools match against their media
            item.media_reference.target_url = str(span.clip.source.absolute())
            channels.append("AA/V" if span.shows_picture else "AA")
        track.append(item)
    return otio.schema.Timeline(name=_ascii(plan.title), tracks=[track]), channels


def edl_text(plan: FilmPlan) -> str:
    """A CMX 3600 EDL: one event per title card (BL) and per clip, record TC from 1 h.

    A clip whose picture is shown is an AA/V event (picture and both audio channels);
    one that is only heard (an audio file, or a person who may not be seen) is an AA
    event referencing its own file. AA/V and AA are what Avid and Premiere write and
    read; Resolve conforms the picture events and skips audio-only ones, leaving a
    hole on V where the caption card goes. Reels are REC + recording id; the clip name
    and the file path follow as `* FROM CLIP NAME:` and `* FROM CLIP:` comments.
    The OTIO writer does the timing; we only set the channel field and add the FCM line.
    """
    timeline, channels = _edl_timeline(plan)
    if len(channels) > 999:
        raise EbcdError(f"an EDL holds at most 999 events and this film needs {len(channels)}; "
                        "export FCP XML or OTIO instead")
    text = otio.adapters.write_to_string(timeline, "cmx_3600", rate=plan.fps, style="avid")
    events = iter(channels)
    text, count = _EVENT.subn(lambda m: f"{m[1]}{next(events):5}{m[3]}", text)
    if count != len(channels):
        raise RuntimeError(f"CMX writer produced {count} events, expected {len(channels)}")
    title, _, body = text.partition("\n\n")
    return f"{title}\nFCM: NON-DROP FRAME\n\n{body}"


# ---- Final Cut Pro X and FCP 7 XML ----------------------------------------------------

def _rename(timeline: otio.schema.Timeline, fix: Callable[[str], str]) -> None:
    for item in timeline.find_children():
        item.name = fix(item.name)


def _markers_on_title_gaps(timeline: otio.schema.Timeline, start: int) -> None:
    """Move V1's chapter markers onto the title-card Gaps, `start` frames into each."""
    video = timeline.video_tracks()[0]
    markers = list(video.markers)
    video.markers.clear()
    for marker in markers:
        at = marker.marked_range.start_time
        gap = video.child_at_time(at)
        rate = at.rate
        marker.marked_range = _TR(_RT(start, rate), marker.marked_range.duration)
        gap.markers.append(marker)


def _fcpx_resources(root: ElementTree.Element, plan: FilmPlan) -> None:
    """Give the film's format a frame size (FCP X refuses one without) and fix assets.

    The writer names each asset after the first clip cut from it and labels it with the
    film's format; an asset is its file, and FCP X reads a file's own format from it.
    """
    for fmt in root.iter("format"):
        fmt.set("width", str(plan.width))
        fmt.set("height", str(plan.height))
        if plan.height in (720, 1080) and plan.width * 9 == plan.height * 16:
            fmt.set("name", f"FFVideoFormat{plan.height}p{plan.fps}")
        else:
            fmt.attrib.pop("name", None)
    for asset in root.iter("asset"):
        asset.set("name", Path(unquote(urlparse(asset.get("src", "")).path)).name)
        asset.attrib.pop("format", None)


def _fcpx_event(root: ElementTree.Element, name: str) -> None:
    """Wrap clips and project in <library><event>, the one layout FCP X imports reliably.

    The writer also adds a browser clip per film clip, repeating names; one each is kept.
    """
    event = ElementTree.Element("event", {"name": name})
    seen: set[str | None] = set()
    for child in [c for c in root if c.tag != "resources"]:
        root.remove(child)
        if child.tag == "asset-clip" and child.get("name") in seen:
            continue
        seen.add(child.get("name"))
        event.append(child)
    ElementTree.SubElement(root, "library").append(event)


def fcpxml_text(plan: FilmPlan) -> str:
    """FCPXML 1.8 via the fcpx_xml adapter, with what that writer leaves out put back.

    The writer drops track markers, starts every gap at local time 3600 s, builds
    XPath queries from names (a straight apostrophe breaks them), writes formats
    without a frame size and puts clips and the project straight under <fcpxml>.
    So: chapters become <chapter-marker>s on the title gaps at 3600 s, apostrophes
    become ’, and the output gets a frame size, tcStart 01:00:00:00 and a library.
    """
    if plan.fps not in (24, 25, 30, 50, 60):
        raise EbcdError(f"FCPXML export needs 24, 25, 30, 50 or 60 fps, not {plan.fps}")
    timeline = to_otio(plan)
    _rename(timeline, lambda name: name.replace("'", "’"))
    timeline.name = timeline.name.replace("'", "’")
    _markers_on_title_gaps(timeline, START_SECONDS * plan.fps)
    root = ElementTree.fromstring(otio.adapters.write_to_string(timeline, "fcpx_xml"))
    _fcpx_resources(root, plan)
    for seq in root.iter("sequence"):
        seq.set("tcStart", f"{START_SECONDS}s")
        seq.set("tcFormat", "NDF")
    for marker in root.iter("marker"):  # the writer makes red to-do markers
        marker.tag = "chapter-marker"
        marker.attrib.pop("completed", None)
    for project in root.iter("project"):
        if not project.get("uid"):
            project.attrib.pop("uid", None)
    _fcpx_event(root, timeline.name)
    ElementTree.indent(root, "    ")
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n{body}\n'


def _fcp7_format(root: ElementTree.Element, plan: FilmPlan) -> None:
    """Fill the sequence's empty <format>, else Premiere sizes it after the first clip."""
    for fmt in root.iterfind("./project/children/sequence/media/video/format"):
        fmt.clear()
        chars = ElementTree.SubElement(fmt, "samplecharacteristics")
        rate = ElementTree.SubElement(chars, "rate")
        ElementTree.SubElement(rate, "timebase").text = str(plan.fps)
        ElementTree.SubElement(rate, "ntsc").text = "FALSE"
        for tag, value in (("width", plan.width), ("height", plan.height),
                           ("pixelaspectratio", "square"), ("fielddominance", "none")):
            ElementTree.SubElement(chars, tag).text = str(value)


def fcp7xml_text(plan: FilmPlan) -> str:
    """FCP 7 XML (xmeml 4, what Premiere Pro and Resolve import) via the fcp_xml adapter.

    That writer ignores track markers and merges clip items that serialise the same,
    which would fuse a clip's picture and sound. So chapter markers move to the
    sequence, each clip item names its source track (which Premiere also wants), and
    the sequence's empty <format> gets the film's frame size and rate.
    """
    timeline = to_otio(plan)
    video = timeline.video_tracks()[0]
    timeline.tracks.markers.extend(copy.deepcopy(list(video.markers)))
    video.markers.clear()
    for track in timeline.tracks:
        kind = "video" if track.kind == otio.schema.TrackKind.Video else "audio"
        for clip in track.find_clips():
            clip.metadata["fcp_xml"] = {"sourcetrack": {"mediatype": kind, "trackindex": "1"}}
    root = ElementTree.fromstring(otio.adapters.write_to_string(timeline, "fcp_xml"))
    _fcp7_format(root, plan)
    ElementTree.indent(root, "    ")
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xmeml>\n{body}\n'


def write_timeline(plan: FilmPlan, path: Path, fmt: str) -> None:
    """Write the film for an editing suite; `fmt` is one of TIMELINE_FORMATS."""
    writers: dict[str, Callable[[FilmPlan], str]] = {
        "otio": lambda p: otio.adapters.write_to_string(to_otio(p), "otio_json"),
        "edl": edl_text, "fcpxml": fcpxml_text, "fcp7xml": fcp7xml_text}
    if fmt not in writers:
        raise EbcdError(f"'{fmt}' is not a timeline format ({', '.join(TIMELINE_FORMATS)})")
    if not plan.timeline():
        raise EbcdError(f"{path.name}: the film has no chapters yet, so there is nothing to "
                        "export")
    write_text(path, writers[fmt](plan))


# ---- captions and chapters ------------------------------------------------------------

def captions(plan: FilmPlan, fmt: str) -> str:
    """The film's captions ("srt" or "vtt") in record time.

    Cues are made clip by clip, so no caption runs across a cut or over a title card,
    even when the same person speaks on both sides of it.
    """
    if fmt not in ("srt", "vtt"):
        raise EbcdError(f"'{fmt}' is not a caption format (srt, vtt)")
    words = [TimedWord(*w) for w in plan.caption_words()]
    cues, at = [], 0
    for item in plan.timeline():
        if item.clip is None:
            continue
        group = []
        while at < len(words) and words[at].start < item.record_out - 1e-6:
            group.append(words[at])
            at += 1
        cues += cues_from_words(group)
    cues += cues_from_words(words[at:])
    return format_srt(cues) if fmt == "srt" else format_vtt(cues)


def hms(seconds: float) -> str:
    """Film time as HH:MM:SS, rounded down (a jump never lands after a title begins): the
    one time not shown by basics.clock's nearest-second rule."""
    s = int(seconds + 1e-6)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


mss = short_clock  # a chapter's length: the nearest second, like every other length


def chapter_list(plan: FilmPlan) -> str:
    """Chapters as video sites and players take them: "HH:MM:SS  Title  (m:ss)".

    Starts are film time from 00:00:00, rounded down so a jump never lands after the
    title card has begun; the last line gives the running time.
    """
    lines = [f"{hms(start)}  {' '.join(title.split())}  ({mss(chapter.duration)})"
             for (start, title), chapter in zip(plan.chapter_starts(), plan.chapters,
                                                strict=True)]
    lines.append(f"Total  {len(plan.chapters)} chapters  ({mss(plan.duration)})")
    return "\n".join(lines) + "\n"


def chapter_list_csv(plan: FilmPlan) -> str:
    """Chapters for a spreadsheet; start_timecode is the timeline's (from 01:00:00:00)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["start_timecode", "start_seconds", "title", "duration_seconds", "clips"])
    for (start, title), chapter in zip(plan.chapter_starts(), plan.chapters, strict=True):
        tc = otio.opentime.to_timecode(_RT(round((START_SECONDS + start) * plan.fps),
                                           plan.fps), plan.fps)
        writer.writerow([tc, f"{start:.3f}", title, f"{chapter.duration:.3f}",
                         len(chapter.clips)])
    return out.getvalue()


def export(plan: FilmPlan, fmt: str, path: Path) -> None:
    """Write one of EXPORT_FORMATS to `path` (chapters as CSV when `path` ends in .csv)."""
    if fmt in TIMELINE_FORMATS:
        write_timeline(plan, path, fmt)
    elif fmt in ("srt", "vtt"):
        write_text(path, captions(plan, fmt))
    elif fmt == "chapters":
        csv_wanted = path.suffix.lower() == ".csv"
        write_text(path, chapter_list_csv(plan) if csv_wanted else chapter_list(plan))
    else:
        raise EbcdError(f"'{fmt}' is not an export format ({', '.join(EXPORT_FORMATS)})")
