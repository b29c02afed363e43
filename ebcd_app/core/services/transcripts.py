"""Transcripts: storing them, writing them out, and importing existing subtitles."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from ebcd_app.core.db import ProjectStore
from ebcd_app.core.errors import EbcdError, TranscriptFormatError
from ebcd_app.core.models import (
    Recording,
    RecordingState,
    Segment,
    Speaker,
    Transcript,
    TranscriptSource,
    Word,
)
from ebcd_app.core.services.projects import audit, resolve_recording
from ebcd_app.film.subtitles import (
    TimedWord,
    check_size,
    cues_from_words,
    format_srt,
    format_vtt,
    read_subtitles,
)
from ebcd_app.speech.engine import SegmentResult, WordResult

FORMATS = ("txt", "json", "srt", "vtt")
DEFAULT_SPEAKER = "SPEAKER_00"


def save_transcript(session: Session, rec: Recording, segments: Sequence[SegmentResult], *,
                    source: TranscriptSource, model: str, language: str,
                    speakers: Sequence[str] | None = None) -> Transcript:
    """Replace the recording's transcript with these segments (one speaker label each)."""
    if rec.transcript is not None:
        session.delete(rec.transcript)
        session.flush()
    labels = list(speakers) if speakers else [DEFAULT_SPEAKER] * len(segments)
    by_label: dict[str, Speaker] = {sp.label: sp for sp in rec.speakers}
    transcript = Transcript(recording=rec, source=source, model=model, language=language)
    session.add(transcript)
    for idx, (seg, label) in enumerate(zip(segments, labels, strict=True)):
        speaker = by_label.get(label)
        if speaker is None:
            speaker = by_label[label] = Speaker(recording=rec, label=label)
        words = [Word(idx=i, text=w.text, start=w.start, end=w.end,
                      probability=w.probability) for i, w in enumerate(seg.words)]
        transcript.segments.append(Segment(
            idx=idx, start=seg.start, end=seg.end, speaker=speaker,
            text=" ".join(w.text for w in seg.words), words=words))
    rec.state, rec.error = RecordingState.TRANSCRIBED, None
    return transcript


def _require_transcript(rec: Recording) -> Transcript:
    if rec.transcript is None:
        raise EbcdError(f"{rec.original_name}: has no transcript yet (state: {rec.state.value})")
    return rec.transcript


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def render_transcript(store: ProjectStore, ref: str | int, fmt: str) -> str:
    """The transcript as text in one of FORMATS, ready to write to a file."""
    if fmt not in FORMATS:
        raise EbcdError(f"unknown transcript format '{fmt}' (choose from: {', '.join(FORMATS)})")
    with store.session() as s:
        rec = resolve_recording(s, ref)
        transcript = _require_transcript(rec)
        segments = transcript.segments
        if fmt == "json":
            return json.dumps({
                "recording": {"id": rec.id, "file": rec.original_name,
                              "duration": rec.duration},
                "language": transcript.language, "model": transcript.model,
                "source": transcript.source.value,
                "segments": [{
                    "start": seg.start, "end": seg.end, "text": seg.text,
                    "speaker": seg.speaker.label if seg.speaker else "",
                    "words": [{"text": w.text, "start": w.start, "end": w.end,
                               "probability": w.probability} for w in seg.words],
                } for seg in segments],
            }, indent=2, ensure_ascii=False) + "\n"
        if fmt == "txt":
            turns: list[str] = []
            last = None
            for seg in segments:
                label = seg.speaker.label if seg.speaker else ""
                if label != last or not turns:
                    turns.append(f"[{_clock(seg.start)}] {label}: {seg.text}")
                    last = label
                else:
                    turns[-1] += " " + seg.text
            return "\n\n".join(turns) + "\n"
        words = [TimedWord(w.text, w.start, w.end, seg.speaker.label if seg.speaker else "")
                 for seg in segments for w in seg.words]
        cues = cues_from_words(words)
        return format_srt(cues) if fmt == "srt" else format_vtt(cues)


def _spread_words(start: float, end: float, text: str) -> list[WordResult]:
    """Estimate word times inside a cue, in proportion to each word's length."""
    tokens = text.split()
    total = sum(len(t) + 1 for t in tokens)
    words, at = [], start
    for tok in tokens:
        span = (end - start) * (len(tok) + 1) / total
        words.append(WordResult(tok, round(at, 3), round(at + span, 3), 1.0))
        at += span
    return words


def import_subtitles(store: ProjectStore, ref: str | int, path: Path, *,
                     language: str = "", report: Callable[[str], None] | None = None) -> int:
    """Use an existing SRT/VTT as the recording's transcript; return its word count.

    Subtitles time whole cues, so word times inside a cue are estimated evenly. What had
    to be fixed in the file (overlapping or unordered cues, paragraph-long cues split into
    sentences) goes to `report`, one sentence each, and into the audit trail.
    """
    path = Path(path)
    try:
        check_size(path.stat().st_size, str(path))  # before reading: an absurd file costs GBs
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptFormatError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise TranscriptFormatError(f"{path}: cannot be read ({exc.strerror})") from None
    parsed = read_subtitles(text, str(path))
    cues = parsed.cues
    with store.session() as s:
        rec = resolve_recording(s, ref)
        late = [c for c in cues if c.start > rec.duration + 1.0]
        if late:
            raise TranscriptFormatError(
                f"{path}: cue at {late[0].start:.1f} s is past the end of "
                f"{rec.original_name} ({rec.duration:.1f} s); wrong file?")
        segments = [SegmentResult(c.start, c.end, c.text, _spread_words(c.start, c.end, c.text))
                    for c in cues]
        speakers = [c.speaker or DEFAULT_SPEAKER for c in cues]
        save_transcript(s, rec, segments, source=TranscriptSource.SUBTITLES,
                        model=path.name, language=language, speakers=speakers)
        audit(s, "transcript.import", f"recording {rec.id}", file=path.name,
              fixed=parsed.notes)
        words = sum(len(seg.words) for seg in segments)
    if report is not None:
        for sentence in parsed.notes:
            report(f"{path.name}: {sentence}")
    return words
