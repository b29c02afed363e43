"""What is in a media file, as far as ffprobe can tell."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import ffmpeg

from ebcd_app.basics.errors import MediaError
from ebcd_app.media import child
from ebcd_app.media.tools import tools


@dataclass(frozen=True)
class StreamInfo:
    index: int
    kind: str  # "audio" | "video"
    codec: str
    sample_rate: int | None = None
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    frame_rate: float | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    format_name: str
    duration: float
    streams: tuple[StreamInfo, ...]

    @property
    def audio(self) -> list[StreamInfo]:
        return [s for s in self.streams if s.kind == "audio"]

    @property
    def video(self) -> list[StreamInfo]:
        return [s for s in self.streams if s.kind == "video"]


def _rate(text: str | None) -> float | None:
    if not text or text in ("0/0", "0"):
        return None
    num, _, den = text.partition("/")
    return round(float(num) / float(den or 1), 3) if float(den or 1) else None


def last_error_line(stderr: bytes | None) -> str:
    lines = [ln.strip() for ln in (stderr or b"").decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln]
    return lines[-1] if lines else "unknown error"


def probe(path: Path) -> MediaInfo:
    """Describe the file; raise MediaError naming the file when it is not usable media."""
    try:
        data = child.probe_json(str(path), tools().ffprobe)
    except ffmpeg.Error as exc:
        reason = last_error_line(exc.stderr)
        if reason.startswith(str(path)):
            reason = reason[len(str(path)):].lstrip(": ")
        raise MediaError(f"{path}: not a media file that can be read ({reason})") from None
    streams = []
    for raw in data.get("streams", []):
        kind = raw.get("codec_type")
        if kind == "video" and raw.get("disposition", {}).get("attached_pic"):
            continue  # cover art in an audio file is not video
        if kind == "audio":
            streams.append(StreamInfo(raw["index"], kind, raw.get("codec_name", "?"),
                                      sample_rate=int(raw.get("sample_rate", 0)) or None,
                                      channels=raw.get("channels")))
        elif kind == "video":
            streams.append(StreamInfo(raw["index"], kind, raw.get("codec_name", "?"),
                                      width=raw.get("width"), height=raw.get("height"),
                                      frame_rate=_rate(raw.get("avg_frame_rate"))))
    fmt = data.get("format", {})
    duration = float(fmt.get("duration") or 0.0)
    if not duration:
        durations = [float(s["duration"]) for s in data.get("streams", []) if s.get("duration")]
        duration = max(durations, default=0.0)
    if not streams:
        raise MediaError(f"{path}: contains no audio or video streams")
    return MediaInfo(path, fmt.get("format_name", "?"), duration, tuple(streams))
