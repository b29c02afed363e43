"""The film as plain data: chapters of clips, ready to render, preview or export.

The core builds a FilmPlan from the project (consent already applied: refused clips are
left out, clips of people who may be heard but not seen are marked `show_video=False`);
the renderer, the preview and every exporter read only this, so they always agree.
Times: `src_in`/`src_out` and word times are seconds in the source recording; "record"
times are seconds in the finished film.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TITLE_CARD_SECONDS = 4.0
WIDTH, HEIGHT, FPS, SAMPLE_RATE = 1280, 720, 25, 48000


REDACTION_PAD = 0.04  # seconds either side of a redacted word that are covered too
RedactionSound = Literal["tone", "silence"]
VoiceUse = Literal["own", "disguised", "none"]


@dataclass(frozen=True)
class CaptionWord:
    text: str
    start: float  # source seconds
    end: float
    redacted: bool = False  # shown as [name] and not heard: a tone or silence instead


@dataclass(frozen=True)
class PlannedClip:
    clip_id: int
    recording_id: int
    source: Path  # the imported original (absolute path)
    source_name: str  # the file name the user knows
    src_in: float
    src_out: float
    has_video: bool  # the source has a picture
    show_video: bool  # consent allows the person to be seen; else a caption card
    speaker: str  # role and pseudonym, e.g. "Patient ‘Ray’" (never a real name)
    words: tuple[CaptionWord, ...] = ()
    reason: str = ""  # why the clip is in the film (auto-draft explains itself)
    # the voice as consent allows: their own, disguised, or none (their words on screen)
    voice: VoiceUse = "own"

    @property
    def duration(self) -> float:
        return max(0.0, self.src_out - self.src_in)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def hidden(self) -> list[tuple[float, float]]:
        """Where the clip's redacted words are, in seconds from the clip's start, padded by
        REDACTION_PAD and merged: what the render covers with a tone or silence."""
        spans: list[list[float]] = []
        for w in self.words:
            if not w.redacted:
                continue
            a = max(0.0, w.start - REDACTION_PAD - self.src_in)
            b = min(self.duration, w.end + REDACTION_PAD - self.src_in)
            if b <= a:
                continue
            if spans and a <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        return [(round(a, 3), round(b, 3)) for a, b in spans]


@dataclass(frozen=True)
class PlannedChapter:
    title: str
    clips: tuple[PlannedClip, ...] = ()

    @property
    def duration(self) -> float:
        return TITLE_CARD_SECONDS + sum(c.duration for c in self.clips)


@dataclass(frozen=True)
class TimelineItem:
    kind: Literal["title", "clip"]
    record_in: float
    duration: float
    chapter: int  # index into FilmPlan.chapters
    title: str = ""  # the chapter title, for title cards
    clip: PlannedClip | None = None

    @property
    def record_out(self) -> float:
        return self.record_in + self.duration


@dataclass(frozen=True)
class FilmPlan:
    title: str
    chapters: tuple[PlannedChapter, ...]
    width: int = WIDTH
    height: int = HEIGHT
    fps: int = FPS
    sample_rate: int = SAMPLE_RATE
    title_card: float = TITLE_CARD_SECONDS
    lower_thirds: bool = True
    captions: bool = True
    redaction_sound: RedactionSound = "tone"
    refused: tuple[str, ...] = field(default_factory=tuple)  # why clips were left out

    def timeline(self) -> list[TimelineItem]:
        """Each chapter's title card, then its clips, back to back."""
        items: list[TimelineItem] = []
        at = 0.0
        for i, chapter in enumerate(self.chapters):
            items.append(TimelineItem("title", at, self.title_card, i, chapter.title))
            at += self.title_card
            for clip in chapter.clips:
                items.append(TimelineItem("clip", at, clip.duration, i, chapter.title, clip))
                at += clip.duration
        return items

    @property
    def duration(self) -> float:
        return sum(item.duration for item in self.timeline())

    def chapter_starts(self) -> list[tuple[float, str]]:
        return [(item.record_in, item.title) for item in self.timeline()
                if item.kind == "title"]

    def caption_words(self) -> list[tuple[str, float, float, str]]:
        """(text, record start, record end, speaker) of every word heard in the film."""
        out = []
        for item in self.timeline():
            clip = item.clip
            if clip is None:
                continue
            shift = item.record_in - clip.src_in
            for w in clip.words:
                start = max(w.start, clip.src_in) + shift
                end = min(w.end, clip.src_out) + shift
                if end > start:
                    out.append((w.text, round(start, 3), round(end, 3), clip.speaker))
        return out
