"""SRT and WebVTT: reading cues in, and writing cues made from word timings.

Used for transcript export and import now, and for the film's captions later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ebcd_app.core.errors import TranscriptFormatError

MAX_LINE = 42
MAX_LINES = 2
MAX_CUE_SECONDS = 6.0


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    speaker: str = ""


@dataclass(frozen=True)
class TimedWord:
    text: str
    start: float
    end: float
    speaker: str = ""


_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})")
_ARROW = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)")
_TAG = re.compile(r"<[^>]+>")
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")


def parse_time(text: str) -> float:
    m = _TIME.fullmatch(text.strip())
    if not m:
        raise ValueError(text)
    hours, minutes, seconds, frac = m.groups()
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + int(frac.ljust(3, "0")) / 1000)


def _timestamp(seconds: float, sep: str) -> str:
    ms = round(max(0.0, seconds) * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def parse_subtitles(text: str, label: str) -> list[Cue]:
    """Read SRT or WebVTT (told apart by the WEBVTT header); `label` names the file."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        arrow_at = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if arrow_at is None:
            continue  # header, NOTE, STYLE or a cue number on its own
        m = _ARROW.match(lines[arrow_at])
        try:
            if not m:
                raise ValueError(lines[arrow_at])
            start, end = parse_time(m.group(1)), parse_time(m.group(2))
        except ValueError:
            raise TranscriptFormatError(
                f"{label}: bad cue timing '{lines[arrow_at].strip()}'") from None
        raw = " ".join(lines[arrow_at + 1:])
        voice = _VOICE.search(raw)
        body = " ".join(_TAG.sub("", raw).split())
        if body and end >= start:
            cues.append(Cue(start, end, body, voice.group(1).strip() if voice else ""))
    if not cues:
        raise TranscriptFormatError(f"{label}: no subtitle cues found (is it SRT or WebVTT?)")
    return cues


def _wrap(text: str) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > MAX_LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def cues_from_words(words: Sequence[TimedWord]) -> list[Cue]:
    """Group words into readable cues: at most two lines, six seconds, one speaker."""
    cues: list[Cue] = []
    group: list[TimedWord] = []

    def flush() -> None:
        if group:
            cues.append(Cue(group[0].start, group[-1].end,
                            _wrap(" ".join(w.text for w in group)), group[0].speaker))
            group.clear()

    for word in words:
        if group:
            text = " ".join(w.text for w in group) + " " + word.text
            too_long = len(text) > MAX_LINE * MAX_LINES
            too_slow = word.end - group[0].start > MAX_CUE_SECONDS
            sentence_end = group[-1].text.endswith((".", "?", "!")) and len(text) > MAX_LINE
            if too_long or too_slow or sentence_end or word.speaker != group[0].speaker:
                flush()
        group.append(word)
    flush()
    return cues


def format_srt(cues: Iterable[Cue]) -> str:
    blocks = [f"{i}\n{_timestamp(c.start, ',')} --> {_timestamp(c.end, ',')}\n{c.text}\n"
              for i, c in enumerate(cues, 1)]
    return "\n".join(blocks)


def format_vtt(cues: Iterable[Cue]) -> str:
    blocks = ["WEBVTT\n"]
    for c in cues:
        text = f"<v {c.speaker}>{c.text}" if c.speaker else c.text
        blocks.append(f"{_timestamp(c.start, '.')} --> {_timestamp(c.end, '.')}\n{text}\n")
    return "\n".join(blocks)
