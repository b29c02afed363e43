"""Regenerate the staff demo's recordings (ebcd_app/resources/demo-staff/media) from their scripts.

Why: `ebcd demo --staff` builds a fictional staff-experience project (night staff of an
adult mental-health ward) with four interviews and one group discussion, so a facilitator
can try voice disguise, words-only consent, small-group protection and the leadership
events without recording anyone. Every voice is a different espeak-ng variant, chosen
from the sets benchmarks/bench_diarization.py measured as distinct to the speaker encoder,
so the diarization tells the group's three staff (and the facilitator) apart.

A line "Name: words" in a script is spoken by that name's voice (the group discussion);
other scripts are one voice. Deterministic like tools/make_demo_media.py, whose helpers
this reuses (bitexact, single-threaded encoders, the bundled ffmpeg).

    python tools/make_staff_demo_media.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_demo_media as base

STAFF_DIR = base.REPO_ROOT / "ebcd_app" / "resources" / "demo-staff"
SPEAKER = re.compile(r"^([A-Z][a-z]+):\s*(.+)$")
# Eight people, eight voices: the interviews take bench_diarization.py's tuning set, the
# group discussion its held-out set (the four it tells apart word for word).
RECORDINGS = (
    base.Recording("nurse-amara", "mp3", "en-us+f3", 140, 50),
    base.Recording("hca-pete", "ogg", "en+m3", 136, 40),
    base.Recording("charge-nurse-ruth", "m4a", "en+f5", 138, 55),
    base.Recording("doctor-omar", "mp4", "en-us+klatt2", 142, 45, caption=(
        "Doctor on call \u2014 nights", "Willow Ward \u00b7 fictional demo",
        "Synthetic voice")),
    base.Recording("night-group", "ogg", "en-gb-x-gbclan+f4", 138, 50),
)
GROUP_VOICES = {"Fiona": ("en-gb-x-gbclan+f4", 50), "Dee": ("en-us+m5", 50),
                "Kit": ("en+klatt4", 45), "Mo": ("en+m7", 40)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", metavar="NAME")
    parser.add_argument("--font", type=Path, default=base.DEFAULT_FONT)
    args = parser.parse_args()
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        sys.exit("espeak-ng not found: apt-get install espeak-ng")
    ffmpeg, ffprobe = base.find_ffmpeg(None)
    out_dir = STAFF_DIR / "media"
    out_dir.mkdir(parents=True, exist_ok=True)
    for rec in RECORDINGS:
        if args.only and rec.name not in args.only:
            continue
        script = STAFF_DIR / "scripts" / f"{rec.name}.txt"
        with tempfile.TemporaryDirectory(prefix="ebcd-staff-demo-") as tmp:
            work = Path(tmp)
            parts = []
            for i, line in enumerate(base.read_paragraphs(script)):
                who = SPEAKER.match(line)
                voice, pitch, text = rec.voice, rec.pitch, line
                if who:
                    voice, pitch = GROUP_VOICES[who.group(1)]
                    text = who.group(2)
                part = work / f"para{i:02d}.wav"
                base.speak(espeak, base.Recording(rec.name, rec.kind, voice, rec.speed, pitch),
                           text, part)
                parts.append(part)
            joined = work / "joined.wav"
            seconds = base.join_with_silence(parts, joined)
            staged = work / rec.media_name
            base.encode(ffmpeg, rec, joined, seconds=seconds, font=args.font, out=staged)
            final = out_dir / rec.media_name
            shutil.move(staged, final)
        digest = hashlib.sha256(final.read_bytes()).hexdigest()[:12]
        print(f"{final.name:<24} {base.probe_duration(ffprobe, final):>8} "
              f"{final.stat().st_size / 1024:8.1f} KiB  sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
