"""SRT and WebVTT: reading cues in, and writing cues made from word timings.

One cue maker serves every caption the project writes: transcript export and import,
the rendered film's burnt-in and sidecar captions, the editing-suite handoff's sidecar
files and the film preview, so a caption reads the same in each.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ebcd_app.basics.errors import TranscriptFormatError

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
_ASS_TAG = re.compile(r"\{\\[^}]*\}")  # {\an8}, {\i1}: SubStation overrides some SRTs carry
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")
_SENTENCE_END = re.compile(r"(?<=[.?!…])[\"'”’)\]]*\s+")

# Subtitle files of real interviews are small: a 10-hour transcript is about 1.5 MB. Anything
# far bigger is not one, and reading it would cost gigabytes of memory (issue 14, item 12).
MAX_FILE_BYTES = 16_000_000
# Nobody says more than about 5 words a second; a cue timed at over 10 (with slack for short
# cues) has wrong times, or is a whole document pasted into one cue.
MAX_WORDS_PER_SECOND = 10.0
WORDS_SLACK = 20
# A cue longer than this is a paragraph, not a caption: it is split into sentence-sized
# segments so that search, clips and the transcript view work on sentences.
MAX_SEGMENT_CHARS = 400
SPLIT_TARGET_CHARS = 200
MAX_NOTES = 5  # fixes reported one by one; the rest are counted


@dataclass(frozen=True)
class SubtitleFile:
    """Cues ready to use, and what was fixed on the way in (one sentence each, naming the cue)."""

    cues: list[Cue]
    notes: list[str]


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


def _clean(raw: str) -> str:
    """Caption text as spoken: markup (<i>, <b>, <c.x>, <v Name>, {\\an8}) dropped, entities
    (&amp; &lt; &#39; &nbsp;) decoded, runs of white space made one space."""
    text = html.unescape(_ASS_TAG.sub("", _TAG.sub("", raw)))
    return " ".join(text.split())


def _split_long(cue: Cue) -> list[Cue]:
    """A paragraph-long cue as sentence-sized cues, timed in proportion to their length.

    Sentences are joined up to about SPLIT_TARGET_CHARS; a sentence longer than
    MAX_SEGMENT_CHARS is cut between words.
    """
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(cue.text):
        chunks: list[list[str]] = [[]]
        size = 0
        for word in sentence.split():
            if chunks[-1] and size + 1 + len(word) > MAX_SEGMENT_CHARS:
                chunks.append([])
                size = -1
            chunks[-1].append(word)
            size += 1 + len(word)
        for chunk in chunks:
            text = " ".join(chunk)
            if not text:
                continue
            if pieces and len(pieces[-1]) + 1 + len(text) <= SPLIT_TARGET_CHARS:
                pieces[-1] = f"{pieces[-1]} {text}"
            else:
                pieces.append(text)
    total = sum(len(p) + 1 for p in pieces)
    out, at, done = [], cue.start, 0
    for piece in pieces:
        done += len(piece) + 1
        end = cue.start + (cue.end - cue.start) * done / total
        out.append(Cue(round(at, 3), round(end, 3), piece, cue.speaker))
        at = end
    return out


def check_size(size: int, label: str) -> None:
    """Refuse a file too big to be an interview's subtitles, before reading it."""
    if size > MAX_FILE_BYTES:
        raise TranscriptFormatError(
            f"{label}: {size / 1e6:.0f} MB is too big for a subtitle file (at most "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB, some 100 hours of speech); is it the right file?")


def _read_cues(text: str, label: str) -> list[tuple[str, str, Cue]]:
    """Every cue with text, as in the file: (its number or identifier, its timing line, cue)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[str, str, Cue]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        arrow_at = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if arrow_at is None:
            continue  # header, NOTE, STYLE or a cue number on its own
        name = lines[arrow_at - 1].strip() if arrow_at else str(len(found) + 1)
        m = _ARROW.match(lines[arrow_at])
        try:
            if not m:
                raise ValueError(lines[arrow_at])
            start, end = parse_time(m.group(1)), parse_time(m.group(2))
        except ValueError:
            raise TranscriptFormatError(
                f"{label}: bad cue timing '{lines[arrow_at].strip()}'") from None
        raw = " ".join(lines[arrow_at + 1:])
        body = _clean(raw)
        if body:
            voice = _VOICE.search(raw)
            found.append((name, f"{m.group(1)} --> {m.group(2)}",
                          Cue(start, end, body, voice.group(1).strip() if voice else "")))
    if not found:
        raise TranscriptFormatError(f"{label}: no subtitle cues found (is it SRT or WebVTT?)")
    return found


def parse_subtitles(text: str, label: str) -> list[Cue]:
    """The cues of an SRT or WebVTT file exactly as timed there (backwards ones left out).

    For reading back what we wrote (tests check our exports with it); importing a file
    someone else made goes through read_subtitles, which checks and fixes.
    """
    return [cue for _, _, cue in _read_cues(text, label) if cue.end >= cue.start]


def read_subtitles(text: str, label: str) -> SubtitleFile:
    """Read SRT or WebVTT (told apart by the WEBVTT header) to import it; `label` names the file.

    Refused, with the cue named: unreadable timings, a cue that ends before it starts, and
    a cue with more words than anyone can say in its time. Fixed, and said in `notes`:
    cues out of time order (sorted), cues that overlap the next one (ended where the next
    begins, so words stay in time order for clips and search), paragraph-long cues (split
    into sentences).
    """
    check_size(len(text.encode("utf-8", errors="replace")), label)
    found: list[tuple[str, Cue]] = []
    for name, timing, cue in _read_cues(text, label):
        if cue.end < cue.start:
            raise TranscriptFormatError(
                f"{label}: cue {name} ends before it starts ({timing}); "
                "correct its times and import it again")
        words = cue.text.count(" ") + 1
        if words > WORDS_SLACK + MAX_WORDS_PER_SECOND * (cue.end - cue.start):
            raise TranscriptFormatError(
                f"{label}: cue {name} has {words} words in {cue.end - cue.start:.1f} s, more "
                f"than anyone can say (over {MAX_WORDS_PER_SECOND:.0f} a second); check its "
                "times")
        found.append((name, cue))
    notes: list[str] = []
    extra = 0

    def note(sentence: str) -> None:
        nonlocal extra
        if len(notes) < MAX_NOTES:
            notes.append(sentence)
        else:
            extra += 1

    in_order = sorted(found, key=lambda nc: nc[1].start)  # stable: equal starts keep file order
    if in_order != found:
        moved = next(n for (n, _), (m, _) in zip(found, in_order, strict=True) if n != m)
        note(f"cues were out of time order (first: cue {moved}); put in time order")
    cues: list[Cue] = []
    for i, (name, cue) in enumerate(in_order):
        if i + 1 < len(in_order):
            next_name, following = in_order[i + 1]
            if following.start < cue.end:
                note(f"cue {name} overlaps cue {next_name} by {cue.end - following.start:.2f} s; "
                     f"cue {name} now ends at {_timestamp(following.start, '.')}")
                cue = Cue(cue.start, following.start, cue.text, cue.speaker)
        if len(cue.text) > MAX_SEGMENT_CHARS:
            parts = _split_long(cue)
            note(f"cue {name} is {len(cue.text)} characters long; split into {len(parts)} "
                 "sentence-sized segments")
            cues.extend(parts)
        else:
            cues.append(cue)
    if extra:
        notes.append(f"and {extra} more fixed the same way")
    return SubtitleFile(cues, notes)


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
