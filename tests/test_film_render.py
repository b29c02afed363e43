"""Rendering the film for real: segment by segment, joined; then probed, heard and looked at.

Nothing is mocked: a small two-chapter film is made from the generated speech media (a
video, an audio-only MP3, a video whose speaker may be heard but not seen, and a portrait
phone-sized clip at another size, frame rate and sample rate) with the fastest x264
preset, and every promise of the renderer is checked on the MP4 it wrote.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import ffmpeg
import numpy as np
import pytest

from ebcd_app.basics.errors import Cancelled, MediaError
from ebcd_app.basics.progress import CancelToken, ProgressUpdate
from ebcd_app.domain.film_plan import CaptionWord, FilmPlan, PlannedChapter, PlannedClip
from ebcd_app.film.render import build_commands, render_film
from ebcd_app.media.probe import probe
from ebcd_app.media.tools import tools

W, H, FPS = 1280, 720, 25
CHAPTER_TWO = "Nights: nobody's answering, [really]"  # quotes, colons, commas, brackets


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([tools().ffmpeg, "-hide_banner", "-nostdin", *args],
                          check=True, capture_output=True)


def _words(clip_no: int, src_in: float, src_out: float) -> tuple[CaptionWord, ...]:
    """Unique words every 0.4 s through the clip, so their order can be checked exactly."""
    count = int((src_out - src_in - 0.3) / 0.4)
    return tuple(CaptionWord(f"c{clip_no}w{i}", src_in + 0.1 + 0.4 * i,
                             src_in + 0.4 + 0.4 * i) for i in range(count))


def _clip(no: int, source: Path, src_in: float, src_out: float, *, video: bool, seen: bool,
          speaker: str) -> PlannedClip:
    return PlannedClip(no, no, source, source.name, src_in, src_out, video, seen, speaker,
                       _words(no, src_in, src_out), reason="test")


@pytest.fixture(scope="module")
def portrait(media_files, speech, tmp_path_factory) -> Path:
    """A phone held upright: 180x320 at 30 fps, the speech resampled to 22.05 kHz."""
    out = tmp_path_factory.mktemp("portrait") / "phone.mp4"
    _run("-v", "error", "-f", "lavfi", "-i", f"testsrc=size=180x320:rate=30:duration="
         f"{speech.duration:.2f}", "-i", str(speech.wav), "-c:v", "libx264", "-preset",
         "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "22050", "-shortest",
         str(out))
    return out


@pytest.fixture(scope="module")
def plan(media_files, speech, portrait) -> FilmPlan:
    """Two chapters; every clip lies inside spoken audio (the pause is left out)."""
    late = speech.pause_end + 0.2
    return FilmPlan("Ward 7 trigger film", (
        PlannedChapter("Arriving on the ward", (
            _clip(1, media_files["speech.mp4"], 0.3, 5.77, video=True, seen=True,
                  speaker="Staff nurse ‘Sam’"),
            _clip(2, media_files["speech.mp3"], late, late + 3.01, video=False, seen=False,
                  speaker="Carer ‘Jo’"))),
        PlannedChapter(CHAPTER_TWO, (
            _clip(3, media_files["speech.mov"], 1.0, 4.13, video=True, seen=False,
                  speaker="Patient ‘Ray’"),
            _clip(4, portrait, late, late + 3.5, video=True, seen=True,
                  speaker="Patient ‘Maggie’"))),
    ))


def _ffmpeg_children() -> list[list[str]]:
    """The command lines of this process's running children (Linux /proc)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.append(Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0"))
        except (OSError, ValueError):
            continue
    return found


SEEN_COMMANDS: list[list[str]] = []


@pytest.fixture(scope="module")
def rendered(plan, tmp_path_factory) -> tuple[Path, list[ProgressUpdate]]:
    out = tmp_path_factory.mktemp("film") / "film.mp4"
    updates: list[ProgressUpdate] = []

    def progress(update: ProgressUpdate) -> None:
        updates.append(update)
        if sys.platform == "linux":  # which ffmpeg runs, with which inputs
            SEEN_COMMANDS.extend(_ffmpeg_children())

    result = render_film(plan, out, progress=progress, preset="ultrafast")
    assert result.path == out and result.size_bytes == out.stat().st_size > 0
    return out, updates


def _frame(film: Path, at: float) -> np.ndarray:
    raw = _run("-v", "error", "-ss", f"{at:.3f}", "-i", str(film), "-frames:v", "1",
               "-f", "rawvideo", "-pix_fmt", "rgb24", "-").stdout
    return np.frombuffer(raw, np.uint8).reshape(H, W, 3).astype(int)


def _middle(plan: FilmPlan, index: int) -> float:
    item = plan.timeline()[index]
    return item.record_in + item.duration / 2


def _bright(region: np.ndarray) -> int:
    return int((region.min(axis=2) > 200).sum())


def test_streams_size_rate_and_frame_exact_duration(plan, rendered) -> None:
    film, updates = rendered
    info = probe(film)
    [video], [audio] = info.video, info.audio
    assert (video.codec, video.width, video.height, video.frame_rate) == ("h264", W, H, FPS)
    assert (audio.codec, audio.sample_rate, audio.channels) == ("aac", 48000, 2)
    streams = ffmpeg.probe(str(film), cmd=tools().ffprobe)["streams"]
    # items start on the nearest frame of the plan's timeline, so the film is the plan's
    # duration rounded to a whole frame: never more than half a frame out
    frames = round(plan.duration * FPS)
    v = next(s for s in streams if s["codec_type"] == "video")
    assert int(v["nb_frames"]) == frames
    assert abs(float(v["duration"]) - plan.duration) <= 0.5 / FPS + 1e-6
    a = next(s for s in streams if s["codec_type"] == "audio")
    assert abs(float(a["duration"]) - frames / FPS) <= 1024 / 48000  # one AAC frame
    assert abs(info.duration - plan.duration) <= 1 / FPS
    fractions = [u.fraction for u in updates]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) > 2
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_soft_subtitles_hold_every_word_in_order_and_chapters_are_marked(plan,
                                                                          rendered) -> None:
    film, _ = rendered
    [sub] = [s for s in ffmpeg.probe(str(film), cmd=tools().ffprobe)["streams"]
             if s["codec_type"] == "subtitle"]
    assert sub["codec_name"] == "mov_text" and sub["tags"]["language"] == "eng"
    srt = _run("-v", "error", "-i", str(film), "-map", "0:s:0", "-f", "srt", "-").stdout
    heard = re.findall(r"c\d+w\d+", srt.decode())
    assert heard == [w[0] for w in plan.caption_words()] and len(heard) > 30
    chapters = ffmpeg.probe(str(film), cmd=tools().ffprobe, show_chapters=None)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["Arriving on the ward", CHAPTER_TWO]
    assert abs(float(chapters[1]["start_time"]) - plan.chapter_starts()[1][0]) <= 1 / FPS


def test_loudness_is_normalised_and_audio_sits_where_the_plan_says(plan, rendered) -> None:
    film, _ = rendered
    log = _run("-nostats", "-i", str(film), "-map", "0:a", "-af", "ebur128",
               "-f", "null", "-").stderr.decode()
    integrated = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", log)[-1])
    assert abs(integrated - (-23.0)) <= 2.0, integrated
    rate = 8000
    pcm = np.frombuffer(_run("-v", "error", "-i", str(film), "-map", "0:a", "-ac", "1",
                             "-ar", str(rate), "-f", "f32le", "-").stdout, np.float32)

    def rms(index: int) -> float:  # the middle second of a timeline item
        at = int(_middle(plan, index) * rate)
        return float(np.sqrt(np.mean(pcm[at - rate // 2: at + rate // 2] ** 2)))

    titles, clips = (0, 3), (1, 2, 4, 5)  # the portrait clip (22.05 kHz) is item 5
    assert all(rms(i) < 1e-3 for i in titles)  # title cards are silent
    assert all(rms(i) > 0.01 for i in clips), [rms(i) for i in clips]


def test_title_card_caption_card_lower_third_and_burned_captions(plan, rendered,
                                                                 media_files) -> None:
    film, _ = rendered
    title = _frame(film, _middle(plan, 0))
    assert _bright(title[250:480, 200:1080]) > 2000  # the chapter title, white and large
    assert np.abs(title[20:100, 20:100] - (0x1B, 0x2A, 0x45)).max() < 12  # calm navy
    assert _bright(title[600:, :]) == 0  # no words heard on a title card: no caption

    card = _frame(film, _middle(plan, 4))  # Ray may be heard, not seen
    plain = (np.abs(card - card[30, 30]).max(axis=2) < 12).mean()
    assert plain > 0.9  # a plain card...
    assert _bright(card[280:420, 300:980]) > 500  # ...naming the speaker
    assert _bright(card[600:, 200:1080]) > 300  # with the caption burned in at the bottom
    src_at = 1.0 + plan.timeline()[4].duration / 2
    seen = _run("-v", "error", "-ss", f"{src_at:.3f}", "-i", str(media_files["speech.mov"]),
                "-frames:v", "1", "-vf", f"scale={W}:{H}", "-f", "rawvideo",
                "-pix_fmt", "rgb24", "-").stdout
    picture = np.frombuffer(seen, np.uint8).reshape(H, W, 3).astype(int)
    assert np.abs(card - picture).mean() > 40  # the picture of Ray is nowhere

    start = plan.timeline()[1].record_in  # Sam's clip: 4:3 in 16:9, black bars at the side
    with_third, after = _frame(film, start + 1.5), _frame(film, start + 4.8)
    assert _bright(with_third[520:575, 60:155]) > 100  # the label, over the left bar
    assert _bright(after[520:575, 60:155]) == 0

    phone = _frame(film, _middle(plan, 5))  # pillarboxed portrait, centred
    assert phone[:500, :400].max() < 30 and phone[:500, -400:].max() < 30
    assert phone[:500, 500:780].mean() > 60


def test_cancel_mid_render_leaves_no_file(plan, tmp_path) -> None:
    out = tmp_path / "cancelled.mp4"
    token = CancelToken()

    def progress(update: ProgressUpdate) -> None:
        if update.fraction > 0.05:
            token.cancel()

    with pytest.raises(Cancelled):
        render_film(plan, out, progress=progress, cancel=token, preset="ultrafast")
    assert list(tmp_path.iterdir()) == []  # neither the film nor a temporary


def test_unreadable_source_names_the_film(plan, tmp_path) -> None:
    notes = tmp_path / "interview.mp4"
    notes.write_text("These are my notes, not a recording.\n" * 20)
    bad = FilmPlan("Ward 7 trigger film", (PlannedChapter("Arriving", (
        PlannedClip(9, 9, notes, notes.name, 0.0, 2.0, True, True, "Nurse"),)),))
    out = tmp_path / "out" / "film.mp4"
    with pytest.raises(MediaError, match=r"Ward 7 trigger film.*interview\.mp4"):
        render_film(bad, out)
    assert list(out.parent.iterdir()) == []


@pytest.mark.skipif(sys.platform != "linux", reason="reads the running commands from /proc")
def test_no_ffmpeg_run_holds_more_than_one_clip_source_open(plan, rendered) -> None:
    """Memory stays that of one clip whatever the clip count (issue 14: one input per clip
    made 5.8 GB for 100 clips): no ffmpeg run of the render opens two sources at once."""
    sources = {str(c.source) for ch in plan.chapters for c in ch.clips}
    runs = [cmd for cmd in SEEN_COMMANDS if cmd and Path(cmd[0]).name.startswith("ffmpeg")]
    assert len(runs) > 2
    for cmd in runs:
        opened = [cmd[i + 1] for i, arg in enumerate(cmd[:-1]) if arg == "-i"]
        assert sum(path in sources for path in opened) <= 1, opened


def test_a_long_film_is_a_segment_per_item_joined_by_copy(tmp_path) -> None:
    clips = tuple(PlannedClip(i, i % 7, Path(f"/media/source{i % 7}.mp4"), "x.mp4",
                              10.0 + i, 22.5 + i, True, True, f"Patient {i}",
                              (CaptionWord("yes", 11.0 + i, 11.4 + i),))
                  for i in range(120))
    chapters = tuple(PlannedChapter(f"Theme {n}", clips[n * 15:(n + 1) * 15])
                     for n in range(8))
    long = FilmPlan("Long film", chapters)
    job = build_commands(long, tmp_path / "film.mp4", work_dir=tmp_path)
    assert len(job.segments) == 120 + 8  # the clips and the title cards
    seeks = [float(cmd[cmd.index("-ss") + 1]) for cmd in job.segments if "-ss" in cmd]
    assert seeks == [c.src_in for c in clips]
    assert all(cmd.count("-i") <= 1 for cmd in job.segments)
    graphs = [cmd[cmd.index("-filter_complex") + 1] for cmd in job.segments]
    assert sum(bool(re.search(r"\[0:v\]setpts=PTS-STARTPTS,fps=25,scale=1280:720", g))
               for g in graphs) == 120
    assert sum("between(t\\,0\\,4)" in g for g in graphs) == 120  # a lower third each
    assert sum("subtitles=filename=" in g for g in graphs) == 120  # captions burned in
    # one encoder configuration for every segment: what makes the stream-copy join valid
    encoders = {tuple(cmd[cmd.index("-c:v"):cmd.index("-f", cmd.index("-c:v"))])
                for cmd in job.segments}
    assert len(encoders) == 1
    join = job.join
    assert join[join.index("-c:v") + 1] == "copy" and join.count("-i") == 3
    assert join[join.index("-f") + 1] == "concat"  # one input: the segments in turn
    listing = next(text for path, text in job.files.items() if path.suffix == ".ffconcat")
    durations = [float(x) for x in re.findall(r"^duration (\S+)$", listing, re.M)]
    assert len(durations) == 128 and abs(sum(durations) - long.duration) < 0.5 / 25


def test_picture_and_sound_stay_in_sync_across_every_cut(tmp_path) -> None:
    """A flash and a beep at the same instant of every second of the source: in the film,
    every flash is heard within one frame, through five cuts, two chapters and seeks that
    fall between frames (the segments are joined by copy; their audio must not drift)."""
    src = tmp_path / "flash.mp4"
    _run("-v", "error", "-f", "lavfi", "-i", "color=c=black:s=320x240:r=30:d=30,drawbox="
         "c=white:t=fill:enable='between(mod(t\\,1)\\,0.5\\,0.53)'", "-f", "lavfi", "-i",
         "aevalsrc='if(between(mod(t\\,1)\\,0.5\\,0.52)\\,0.8*sin(2*PI*1000*t)\\,0)'"
         ":s=44100:d=30", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-c:a", "aac", str(src))
    clips = [PlannedClip(i, 1, src, src.name, at, at + 3.3 + 0.17 * i, True, True, "S")
             for i, at in enumerate([3.13, 7.71, 12.05, 17.37, 22.9])]
    plan = FilmPlan("Sync", (PlannedChapter("One", tuple(clips[:2])),
                             PlannedChapter("Two", tuple(clips[2:]))), lower_thirds=False)
    film = tmp_path / "sync.mp4"
    render_film(plan, film, preset="ultrafast")
    grey = np.frombuffer(_run("-v", "error", "-i", str(film), "-vf", "scale=32:18,format=gray",
                              "-f", "rawvideo", "-").stdout, np.uint8).reshape(-1, 18 * 32)
    lit = grey.mean(axis=1) > 60
    flashes = [i / FPS for i in range(1, len(lit)) if lit[i] and not lit[i - 1]]
    pcm = np.frombuffer(_run("-v", "error", "-i", str(film), "-map", "0:a", "-ac", "1", "-ar",
                             "48000", "-f", "f32le", "-").stdout, np.float32)
    loud = np.nonzero(np.abs(pcm) > 0.05)[0]
    beeps = [loud[0]] + [b for a, b in pairwise(loud) if b - a > 4800]
    beeps_s = np.array(beeps) / 48000
    assert len(flashes) >= 12
    offsets = [float(beeps_s[np.argmin(np.abs(beeps_s - f))] - f) for f in flashes]
    assert all(abs(o) <= 1 / FPS + 0.005 for o in offsets), offsets
