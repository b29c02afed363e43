"""Render a FilmPlan to one MP4: cards, clips, captions, loudness, each frame encoded once.

Why segments: when every clip was an input of one ffmpeg graph, every clip's demuxer and
decoder stayed open (and buffered frames) for the whole render, so memory grew with the
clip count: 2.2 GB for a 14-clip film, 5.8 GB for 100 clips (issue 14). Now each timeline
item (title card or clip) is rendered by its own ffmpeg run with at most one source open:
`-ss src_in -t duration -i source` (input seeking, so only the clip is decoded), scaled,
padded, lower third and burned captions drawn, and encoded with the film's final x264
settings to an MP4 segment whose audio is lossless FLAC. A last run joins the segments with
the concat demuxer (ONE input, one file open at a time), copies the video as it is (no
second encode, no generation loss: identical encoder settings make the segments one valid
H.264 stream, each starting on a keyframe, so chapters are seekable clean cuts), and
encodes the audio once to AAC after a single `loudnorm` over the whole film. Memory is
that of one clip's decode plus one encoder, whatever the film's length or clip count
(benchmarks/bench_render_memory.py). The segments live in the render's temporary folder
(about the final film's size plus 100 kB/s of FLAC) and go with it. This module says what
the ffmpeg commands are; film/ffmpeg_runs.py runs them (progress, cancel, two at a time).

Timing is frame-exact: every item's start is rounded to the nearest output frame of the
plan's timeline (cumulatively, so rounding never drifts), each item gets exactly that many
frames and the matching number of audio samples, the concat list gives each segment that
exact duration, and the film lasts round(duration * fps) frames. Captions use the plan's
record times shifted to the segment's first frame, so they stay within half a frame; a
cue never runs across a cut, so burning them per segment shows exactly what burning them
over the joined film showed.

Loudness: a single-pass `loudnorm` (EBU R128, I=-23 LUFS, TP=-2 dBTP, LRA=7 LU) in its
dynamic mode, over the joined audio. Two-pass linear normalisation would be more faithful
to the speakers' own dynamics but needs a second pass; single pass lands within about 1 LU.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import textwrap
import time
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ebcd_app.basics.atomic import atomic_path, owned_temp_dir
from ebcd_app.basics.errors import MediaError
from ebcd_app.basics.progress import CancelToken, ProgressSink, ProgressUpdate, ignore_progress
from ebcd_app.domain.film_plan import FilmPlan, TimelineItem
from ebcd_app.film.ffmpeg_runs import SEGMENTS_SHARE, run, run_segments
from ebcd_app.film.subtitles import Cue, TimedWord, cues_from_words, format_srt
from ebcd_app.media.disguise import DISGUISE_FILTER
from ebcd_app.media.tools import tools

DEFAULT_PRESET = "veryfast"
TITLE_BG, CARD_BG, ACCENT = "#1b2a45", "#22384a", "#e0a458"
SOFT_TEXT = "#a9bdd4"
LOWER_THIRD_SECONDS = 4.0
AUDIO_BITRATE = "160k"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
             "/usr/share/fonts/TTF", "/usr/local/share/fonts", "/Library/Fonts",
             "C:/Windows/Fonts")
# libass sizes SRT captions against a 288-line canvas: 16 is ~40 px at 720p, two lines of
# 42 characters fit across the frame; MarginV 12 puts them ~30 px above the bottom edge.
CAPTION_STYLE = ("FontName=DejaVu Sans,FontSize=16,PrimaryColour=&H00FFFFFF,"
                 "OutlineColour=&H00101010,BackColour=&H80000000,BorderStyle=1,Outline=1.6,"
                 "Shadow=0.6,MarginV=12,Alignment=2")


@dataclass(frozen=True)
class RenderResult:
    path: Path
    duration: float  # seconds, as rendered (whole frames)
    size_bytes: int
    seconds_taken: float


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path


@dataclass(frozen=True)
class Segment:
    """One concat item as rendered: the timeline item rounded to whole frames."""

    item: TimelineItem
    frames: int
    samples: int

    @property
    def picture(self) -> Literal["title", "video", "card"]:
        """What is seen: the title card, the clip's picture, or a caption card instead."""
        clip = self.item.clip
        if clip is None:
            return "title"
        return "video" if clip.has_video and clip.show_video else "card"


def segments(plan: FilmPlan) -> list[Segment]:
    """The timeline in whole frames; items that round to no frame at all are left out."""
    fps, rate = plan.fps, plan.sample_rate
    out: list[Segment] = []
    for item in plan.timeline():
        first, last = round(item.record_in * fps), round(item.record_out * fps)
        if last > first:
            samples = round(last * rate / fps) - round(first * rate / fps)
            out.append(Segment(item, last - first, samples))
    return out


def find_fonts() -> Fonts:
    """DejaVu Sans (regular and bold): asked of fontconfig first, then the usual folders."""
    found: dict[str, Path] = {}
    for key, file, pattern in (("regular", "DejaVuSans.ttf", "DejaVu Sans:style=Book"),
                               ("bold", "DejaVuSans-Bold.ttf", "DejaVu Sans:style=Bold")):
        candidates = [Path(d) / file for d in FONT_DIRS]
        if shutil.which("fc-match"):
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                answer = subprocess.run(["fc-match", "-f", "%{file}", pattern], check=True,
                                        capture_output=True, text=True, timeout=10).stdout
                candidates.insert(0, Path(answer.strip()))
        hit = next((p for p in candidates if p.name == file and p.is_file()), None)
        if hit is not None:
            found[key] = hit
    if "regular" not in found:
        raise MediaError("the film needs the DejaVu Sans font for its cards and captions; "
                         "install it (e.g. apt install fonts-dejavu-core)")
    return Fonts(found["regular"], found.get("bold", found["regular"]))


def escape(value: str) -> str:
    """Quote a value for a filtergraph: ffmpeg unescapes it twice, as the graph is split
    into filters and again as the filter's options are split, so escape for both."""
    option = "".join("\\" + ch if ch in "\\':" else ch for ch in value)
    return "".join("\\" + ch if ch in "\\'[],;" else ch for ch in option)


def _text(fonts: Fonts, text: str, *, size: int, x: str, y: str, bold: bool = False,
          color: str = "white", extra: str = "") -> str:
    font = fonts.bold if bold else fonts.regular
    return (f"drawtext=fontfile={escape(font.as_posix())}:text={escape(text)}:expansion=none"
            f":fontsize={size}:fontcolor={color}:x={x}:y={y}{extra}")


def _title_filters(plan: FilmPlan, fonts: Fonts, seg: Segment) -> list[str]:
    """Chapter number, an accent rule and the title, large and centred, wrapped to fit."""
    s = plan.height / 720
    size, width = (60, 28) if len(seg.item.title) <= 56 else (46, 38)
    lines = textwrap.wrap(seg.item.title, width) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width, placeholder=" …")]
    size, line_h = round(size * s), round(size * 1.3 * s)
    label, gap = round(26 * s), round(28 * s)
    top = (plan.height - (label + 2 * gap + len(lines) * line_h)) // 2
    rule_y = top + label + gap
    filters = [_text(fonts, f"CHAPTER {seg.item.chapter + 1}", size=label, color=SOFT_TEXT,
                     x="(w-text_w)/2", y=str(top)),
               f"drawbox=x={(plan.width - round(72 * s)) // 2}:y={rule_y}:w={round(72 * s)}"
               f":h={max(2, round(3 * s))}:color={ACCENT}:t=fill"]
    for i, line in enumerate(lines):
        filters.append(_text(fonts, line, size=size, bold=True, x="(w-text_w)/2",
                             y=str(rule_y + gap + i * line_h)))
    return filters


def _card_filters(plan: FilmPlan, fonts: Fonts, seg: Segment) -> list[str]:
    """A caption card in place of the picture: who is speaking, and how they are heard
    (their voice only, their voice disguised, or their words with no voice)."""
    clip = seg.item.clip
    assert clip is not None
    s = plan.height / 720
    note = {"disguised": "Voice disguised", "none": "Their words, no voice"}.get(
        clip.voice, "Voice only" if clip.has_video else "Audio only")
    name_size, note_size = round(50 * s), round(28 * s)
    top = (plan.height - name_size - round(36 * s) - note_size) // 2
    return [_text(fonts, textwrap.shorten(clip.speaker, 44, placeholder=" …"),
                  size=name_size, bold=True, x="(w-text_w)/2", y=str(top)),
            _text(fonts, note, size=note_size, color=SOFT_TEXT, x="(w-text_w)/2",
                  y=str(top + name_size + round(36 * s)))]


def _lower_third(plan: FilmPlan, fonts: Fonts, speaker: str) -> str:
    """The speaker's label in a translucent box, bottom left, above the captions, 4 s."""
    s = plan.height / 720
    fade = f"min(min(1,t/0.3),({LOWER_THIRD_SECONDS:g}-t)/0.3)"  # in and out over 0.3 s
    return (_text(fonts, textwrap.shorten(speaker, 48, placeholder=" …"), size=round(30 * s),
                  x=str(round(56 * s)), y=f"h-{round(190 * s)}",
                  extra=f":box=1:boxcolor={TITLE_BG}@0.82:boxborderw={round(16 * s)}")
            + f":alpha={escape(fade)}"
            + f":enable={escape(f'between(t,0,{LOWER_THIRD_SECONDS:g})')}")


def _chain(plan: FilmPlan, fonts: Fonts, seg: Segment, inp: int | None,
           captions: Path | None = None) -> list[str]:
    """The filter chains that make one segment: video [vout] and audio [aout].

    `captions` is the segment's own SRT (segment times), burned in when given.
    """
    w, h, fps, rate = plan.width, plan.height, plan.fps, plan.sample_rate
    audio = (f"asetpts=PTS-STARTPTS,aresample={rate},aformat=sample_fmts=fltp:"
             f"channel_layouts=stereo,apad,atrim=end_sample={seg.samples}")
    hidden = seg.item.clip.hidden() if seg.item.clip is not None else []
    if seg.picture == "video":
        video = [f"[{inp}:v]setpts=PTS-STARTPTS", f"fps={fps}",
                 f"scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2",
                 f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black", "setsar=1",
                 "format=yuv420p", "tpad=stop=-1:stop_mode=clone",
                 f"trim=end_frame={seg.frames}", "setpts=PTS-STARTPTS"]
        if plan.lower_thirds and seg.item.clip is not None:
            video.append(_lower_third(plan, fonts, seg.item.clip.speaker))
    else:
        extra = (_title_filters if seg.picture == "title" else _card_filters)(plan, fonts, seg)
        bg = TITLE_BG if seg.picture == "title" else CARD_BG
        video = [f"color=c={bg}:s={w}x{h}:r={fps}:d={(seg.frames + 1) / fps:.3f}",
                 f"trim=end_frame={seg.frames}", *extra, "setsar=1"]
    if captions is not None:
        video.append(f"subtitles=filename={escape(captions.as_posix())}:charenc=UTF-8"
                     f":fontsdir={escape(fonts.regular.parent.as_posix())}"
                     f":force_style={escape(CAPTION_STYLE)}")
    video.append("format=yuv420p")
    voice = seg.item.clip.voice if seg.item.clip is not None else "own"
    if voice == "disguised":  # their words, not their voice (media/disguise.py)
        audio = f"aresample={rate},{DISGUISE_FILTER},{audio}"
    has_sound = inp is not None and voice != "none"  # words only: the card, no voice
    source = f"[{inp}:a]" if has_sound else f"anullsrc=r={rate}:cl=stereo,"
    if not hidden:
        return [",".join(video) + "[vout]", source + audio + "[aout]"]
    return [",".join(video) + "[vout]", *_redacted_audio(plan, seg, source + audio, hidden)]


def _redacted_audio(plan: FilmPlan, seg: Segment, audio: str,
                    hidden: list[tuple[float, float]]) -> list[str]:
    """The segment's audio with each redacted word's time silenced and, by default, a
    1 kHz tone over exactly that time (so a viewer hears that something was removed).

    Why in the render: the captions already say [name], but the voice still said it; this
    is the one place the film's sound is made, so no copy of the film escapes it.
    """
    inside = "+".join(f"between(t,{a:.3f},{b:.3f})" for a, b in hidden)
    muted = f"{audio},volume=volume=0:enable={escape(inside)}"
    if plan.redaction_sound == "silence":
        return [muted + "[aout]"]
    rate = plan.sample_rate
    tone = (f"sine=frequency=1000:sample_rate={rate},aformat=sample_fmts=fltp:"
            f"channel_layouts=stereo,atrim=end_sample={seg.samples},volume=0.3,"
            f"volume=volume=0:enable={escape(f'not({inside})')}")
    return [muted + "[speech]", tone + "[tone]",
            "[speech][tone]amix=inputs=2:duration=first:normalize=0[aout]"]


def _input(plan: FilmPlan, seg: Segment) -> list[str]:
    """The segment's one source, seeked to the clip (none for a title card)."""
    clip = seg.item.clip
    if clip is None:
        return []
    margin = 2 / plan.fps  # a little extra for the fps filter; trimmed exactly later
    args = ["-ss", f"{clip.src_in:.3f}", "-t", f"{seg.frames / plan.fps + margin:.3f}"]
    if seg.picture != "video":
        args.append("-vn")  # the picture is not shown: do not even decode it
    return [*args, "-i", str(clip.source)]


def _item_cues(plan: FilmPlan) -> dict[int, list[TimedWord]]:
    """Caption words by timeline item (record times); a cue never runs across a cut."""
    starts = [item.record_in for item in plan.timeline()]
    groups: dict[int, list[TimedWord]] = {}
    for text, start, end, speaker in plan.caption_words():
        key = bisect_right(starts, start + 1e-6) - 1
        groups.setdefault(key, []).append(TimedWord(text, start, end, speaker))
    return groups


def film_srt(plan: FilmPlan) -> str:
    """The film's captions as SRT (record times); a cue never runs across a cut."""
    groups = _item_cues(plan)
    return format_srt(cue for key in sorted(groups) for cue in cues_from_words(groups[key]))


def segment_srts(plan: FilmPlan, segs: list[Segment]) -> list[str]:
    """Each segment's captions as SRT in segment time (from its first frame), "" if none.

    The cues are those of film_srt, item by item, shifted by the frame the segment starts
    on, so what is burned in is what burning film_srt over the joined film would show.
    """
    groups = _item_cues(plan)
    starts = [item.record_in for item in plan.timeline()]
    out = []
    for seg in segs:
        shift = round(seg.item.record_in * plan.fps) / plan.fps
        key = bisect_right(starts, seg.item.record_in + 1e-6) - 1  # as _item_cues keys it
        cues = cues_from_words(groups.get(key, []))
        out.append(format_srt(Cue(max(0.0, c.start - shift), max(0.0, c.end - shift), c.text,
                                  c.speaker) for c in cues))
    return out


def _chapters_metadata(plan: FilmPlan, segs: list[Segment]) -> str:
    """FFMETADATA chapters, so players can jump from theme to theme."""
    def esc(text: str) -> str:
        return "".join("\\" + ch if ch in "=;#\\\n" else ch for ch in text)

    lines = [";FFMETADATA1", f"title={esc(plan.title)}"]
    frame, starts = 0, []
    for seg in segs:
        if seg.picture == "title":
            starts.append((frame, seg.item.title))
        frame += seg.frames
    for i, (at, title) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else frame
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(at * 1000 / plan.fps)}",
                  f"END={round(end * 1000 / plan.fps)}", f"title={esc(title)}"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class RenderCommands:
    """Everything one render runs and writes, built without running anything.

    `segments[n]` makes segment file n from at most one source; `join` joins them into
    the film; `files` are the small text files (captions, chapters, concat list) to write
    into the work folder first.
    """

    segments: list[list[str]]
    join: list[str]
    files: dict[Path, str]


def _ffmpeg_head() -> list[str]:
    return [tools().ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y",
            "-progress", "pipe:1", "-nostats"]


def build_commands(plan: FilmPlan, out: Path, *, work_dir: Path, fonts: Fonts | None = None,
                   crf: int = 23, preset: str = DEFAULT_PRESET) -> RenderCommands:
    """The ffmpeg runs that render `plan` to `out`, and the files they read.

    Pure apart from finding the fonts: nothing is run or written, so the commands can be
    tested without ffmpeg. Every segment is encoded with the same x264 settings (that is
    what makes joining them by stream copy valid). The whole film's captions are also
    added as a soft track when there are any.
    """
    fonts = fonts or find_fonts()
    segs = segments(plan)
    if not segs:
        raise MediaError(f"the film '{plan.title}' has nothing to render")
    files: dict[Path, str] = {}
    commands: list[list[str]] = []
    listing = ["ffconcat version 1.0"]
    for n, (seg, srt_text) in enumerate(zip(segs, segment_srts(plan, segs), strict=True)):
        part = work_dir / f"segment-{n:05d}.mp4"
        captions = None
        if plan.captions and srt_text.strip():
            captions = work_dir / f"segment-{n:05d}.srt"
            files[captions] = srt_text
        inputs = _input(plan, seg)
        graph = ";".join(_chain(plan, fonts, seg, 0 if inputs else None, captions))
        commands.append([*_ffmpeg_head(), *inputs, "-filter_complex", graph,
                         "-map", "[vout]", "-map", "[aout]",
                         "-c:v", "libx264", "-preset", preset, "-crf", str(crf),
                         "-pix_fmt", "yuv420p", "-c:a", "flac", "-ar", str(plan.sample_rate),
                         "-ac", "2", "-f", "mp4", str(part)])
        listing += [f"file '{part.name}'", f"duration {seg.frames / plan.fps:.6f}"]
    concat, chapters, srt = (work_dir / "segments.ffconcat", work_dir / "chapters.txt",
                             work_dir / "captions.srt")
    files[concat] = "\n".join(listing) + "\n"
    files[chapters] = _chapters_metadata(plan, segs)
    # loudnorm's output timestamps can jump (an 80 ms gap was seen mid-film, with not one
    # sample added): number the samples afresh, then pad or cut to the exact length
    total = sum(seg.samples for seg in segs)
    audio = (f"loudnorm=I=-23:TP=-2:LRA=7,aresample={plan.sample_rate},asetpts=N/SR/TB,"
             f"apad=whole_len={total},atrim=end_sample={total},"
             "aformat=sample_fmts=fltp:channel_layouts=stereo")
    inputs = ["-f", "concat", "-safe", "0", "-i", str(concat), "-f", "ffmetadata",
              "-i", str(chapters)]
    maps = ["-map", "0:v:0", "-map", "0:a:0", "-map_chapters", "1", "-map_metadata", "1"]
    film_captions = film_srt(plan)
    if film_captions.strip():
        files[srt] = film_captions
        inputs += ["-i", str(srt)]
        maps += ["-map", "2:s:0", "-c:s", "mov_text", "-metadata:s:s:0", "language=eng"]
    join = [*_ffmpeg_head(), *inputs, *maps, "-c:v", "copy", "-af", audio,
            "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ar", str(plan.sample_rate), "-ac", "2",
            "-movflags", "+faststart", "-f", "mp4", str(out)]
    return RenderCommands(commands, join, files)


@contextlib.contextmanager
def _work_dir() -> Iterator[Path]:
    """`ebcd-film-<pid>-*` in the system temp folder; a killed render's is removed here."""
    with owned_temp_dir("ebcd-film-") as folder:
        yield folder


def render_film(plan: FilmPlan, out: Path, *, progress: ProgressSink = ignore_progress,
                cancel: CancelToken | None = None, crf: int = 23,
                preset: str = DEFAULT_PRESET) -> RenderResult:
    """Render the whole film to `out` (MP4), segment by segment; see the module docstring.

    The file appears at `out` only when ffmpeg finished; a cancel (Cancelled) or a failure
    (MediaError naming the film) leaves no file behind, nor any temporary one.
    """
    began = time.perf_counter()
    fonts = find_fonts()
    label = f"Rendering {plan.title}"
    segs = segments(plan)
    with _work_dir() as work, atomic_path(out) as tmp:
        commands = build_commands(plan, tmp, work_dir=work, fonts=fonts, crf=crf,
                                  preset=preset)
        for path, text in commands.files.items():
            path.write_text(text, encoding="utf-8")
        progress(ProgressUpdate(label, 0.0))
        run_segments(plan, [seg.frames for seg in segs], commands.segments, progress, cancel,
                     label)
        total = max(float(sum(seg.frames for seg in segs)), 1.0)
        run(commands.join, plan, progress, cancel, lambda seconds: SEGMENTS_SHARE + (
            1 - SEGMENTS_SHARE) * seconds * plan.fps / total)
        if tmp.stat().st_size == 0:
            raise MediaError(f"rendering the film '{plan.title}' produced an empty file")
    frames = sum(seg.frames for seg in segs)
    progress(ProgressUpdate(label, 1.0))
    return RenderResult(out, frames / plan.fps, out.stat().st_size,
                        time.perf_counter() - began)
