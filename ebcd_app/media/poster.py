"""A still frame to show a video recording in lists and before playback."""

from __future__ import annotations

from pathlib import Path

import ffmpeg

from ebcd_app.basics.atomic import atomic_path
from ebcd_app.basics.errors import MediaError
from ebcd_app.media import child
from ebcd_app.media.probe import last_error_line
from ebcd_app.media.tools import tools


def poster_frame(source: Path, target: Path, duration: float, width: int = 640,
                 label: str | None = None) -> None:
    label = label or str(source)
    at = min(1.0, duration / 2)
    with atomic_path(target) as tmp:
        stream = (ffmpeg.input(str(source), ss=at).video
                  .filter("scale", width, -2)
                  .output(str(tmp), vframes=1, format="image2", vcodec="mjpeg"))
        try:
            child.run_ffmpeg(stream, tools().ffmpeg)
        except ffmpeg.Error as exc:
            raise MediaError(f"{label}: no picture could be taken from the video "
                             f"({last_error_line(exc.stderr)})") from None
        if tmp.stat().st_size == 0:
            raise MediaError(f"{label}: no picture could be taken from the video")
