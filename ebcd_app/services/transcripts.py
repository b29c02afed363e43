"""Transcripts: storing them, writing them out, and importing existing subtitles."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ebcd_app.basics.clock import short_clock, stamp
from ebcd_app.basics.errors import CorrectedTranscriptError, EbcdError, TranscriptFormatError
from ebcd_app.domain.board_row import ROLE_LABELS
from ebcd_app.domain.consent import Use, decide
from ebcd_app.domain.models import (
    Recording,
    RecordingState,
    Segment,
    Speaker,
    Transcript,
    TranscriptSource,
    TranscriptVersion,
    Word,
)
from ebcd_app.film.subtitles import (
    TimedWord,
    check_size,
    cues_from_words,
    format_srt,
    format_vtt,
    read_subtitles,
)
from ebcd_app.services import reanchor
from ebcd_app.services.projects import audit, resolve_recording
from ebcd_app.services.redaction import redact_words, redactor_in
from ebcd_app.speech.engine import SegmentResult, WordResult
from ebcd_app.store.db import ProjectStore

FORMATS = ("txt", "json", "srt", "vtt")
DEFAULT_SPEAKER = "SPEAKER_00"


def save_transcript(session: Session, rec: Recording, segments: Sequence[SegmentResult], *,
                    source: TranscriptSource, model: str, language: str,
                    speakers: Sequence[str] | None = None,
                    reason: str = "",
                    untranscribed: Sequence[tuple[float, float]] = (),
                    speaker_people: Mapping[str, tuple[int | None, bool]] | None = None
                    ) -> reanchor.ReanchorReport:
    """Replace the recording's transcript with these segments (one speaker label each).

    The old transcript is kept as a version, and everything tagged on its words (touch
    points, clips, suggestions, redactions) is placed on the new words by time; the report
    says what moved and what needs attention. Nothing is dropped. Rows are written and
    deleted in bulk (a 10-hour recording has ~90,000 words; one ORM object each would take
    minutes and hundreds of MB).
    """
    lifted = None
    old = rec.transcript
    if old is not None:
        version, words = _version_of(session, old,
                                     reason or f"replaced by {source.value} {model}")
        session.add(version)
        lifted = reanchor.lift(session, old, words)
        _delete_transcript(session, old)
        session.expire(rec, ["transcript"])
    labels = list(speakers) if speakers else [DEFAULT_SPEAKER] * len(segments)
    by_label: dict[str, Speaker] = {sp.label: sp for sp in rec.speakers}
    for label in dict.fromkeys(labels):
        if label not in by_label:
            by_label[label] = Speaker(recording=rec, label=label)
            session.add(by_label[label])  # a backref alone does not add it (SQLAlchemy 2)
        if speaker_people and label in speaker_people:  # who this voice is, as matched
            by_label[label].participant_id, by_label[label].is_interviewer = \
                speaker_people[label]
    transcript = Transcript(recording=rec, source=source, model=model, language=language,
                            untranscribed=[[round(a, 2), round(b, 2)] for a, b in untranscribed])
    session.add(transcript)
    session.flush()
    seg_rows = [{"transcript_id": transcript.id, "idx": idx, "start": seg.start,
                 "end": seg.end, "text": " ".join(w.text for w in seg.words),
                 "speaker_id": by_label[label].id}
                for idx, (seg, label) in enumerate(zip(segments, labels, strict=True))]
    seg_ids = list(session.scalars(
        insert(Segment).returning(Segment.id, sort_by_parameter_order=True), seg_rows)
    ) if seg_rows else []
    word_rows = [{"segment_id": sid, "idx": i, "text": w.text, "start": w.start,
                  "end": w.end, "probability": w.probability, "redacted": False}
                 for sid, seg in zip(seg_ids, segments, strict=True)
                 for i, w in enumerate(seg.words)]
    for at in range(0, len(word_rows), 20_000):
        session.execute(insert(Word), word_rows[at:at + 20_000])
    rec.state, rec.error = RecordingState.TRANSCRIBED, None
    session.flush()
    if lifted is None:
        return reanchor.ReanchorReport()
    with session.no_autoflush:
        report = reanchor.place(session, transcript, lifted)
    audit(session, "transcript.replace", f"recording {rec.id}", **report.audit_detail())
    return report


def _delete_transcript(session: Session, transcript: Transcript) -> None:
    """Delete a transcript's words, segments and row with three statements."""
    tid = transcript.id
    session.expunge(transcript)
    segment_ids = select(Segment.id).where(Segment.transcript_id == tid)
    session.execute(delete(Word).where(Word.segment_id.in_(segment_ids)))
    session.execute(delete(Segment).where(Segment.transcript_id == tid))
    session.execute(delete(Transcript).where(Transcript.id == tid))


def _version_of(session: Session, transcript: Transcript, reason: str
                ) -> tuple[TranscriptVersion, list[reanchor.WordRow]]:
    """The transcript as a version to keep, and its words in order for lifting (one read
    of every word serves both)."""
    segments: dict[int, dict] = {}
    for seg_id, start, end, label in session.execute(
            select(Segment.id, Segment.start, Segment.end, Speaker.label)
            .outerjoin(Speaker, Speaker.id == Segment.speaker_id)
            .where(Segment.transcript_id == transcript.id).order_by(Segment.idx)):
        segments[seg_id] = {"start": start, "end": end, "speaker": label or "", "words": []}
    words: list[reanchor.WordRow] = []
    for word_id, seg_id, text, start, end, probability, redacted in session.execute(
            select(Word.id, Word.segment_id, Word.text, Word.start, Word.end, Word.probability,
                   Word.redacted).join(Segment, Segment.id == Word.segment_id)
            .where(Segment.transcript_id == transcript.id).order_by(Segment.idx, Word.idx)):
        segments[seg_id]["words"].append([text, start, end, probability, redacted])
        words.append((word_id, text, start, end, redacted))
    version = TranscriptVersion(
        recording_id=transcript.recording_id, source=transcript.source.value,
        model=transcript.model, language=transcript.language,
        corrected_at=transcript.corrected_at, reason=reason, segments=list(segments.values()))
    return version, words


def check_replaceable(rec: Recording, *, replace_corrected: bool, how: str) -> None:
    """Refuse to replace a transcript a person has corrected unless they said so."""
    transcript = rec.transcript
    if transcript is None or transcript.corrected_at is None or replace_corrected:
        return
    when = transcript.corrected_at.strftime("%Y-%m-%d %H:%M")
    raise CorrectedTranscriptError(
        f"{rec.original_name}: its transcript was corrected by a person (last on {when} "
        f"UTC); {how} would replace those corrections, so nothing was changed. To replace "
        "it anyway use --replace-corrected (the corrected version is kept as a version).")


def corrected_at(store: ProjectStore, recording_id: int) -> datetime | None:
    """When a person last corrected the recording's transcript (None: never, or none yet)."""
    with store.session() as s:
        rec = resolve_recording(s, recording_id)
        return rec.transcript.corrected_at if rec.transcript is not None else None


def _require_transcript(rec: Recording) -> Transcript:
    if rec.transcript is None:
        raise EbcdError(f"{rec.original_name}: has no transcript yet (state: {rec.state.value})")
    return rec.transcript


def untranscribed(store: ProjectStore, ref: str | int) -> list[tuple[float, float]]:
    """Stretches of the recording's speech that still have no words (start, end) s."""
    with store.session() as s:
        rec = resolve_recording(s, ref)
        transcript = rec.transcript
        return [(a, b) for a, b in (transcript.untranscribed or [])] if transcript else []


def render_transcript(store: ProjectStore, ref: str | int, fmt: str) -> str:
    """The transcript as text in one of FORMATS, ready to write to a file."""
    if fmt not in FORMATS:
        raise EbcdError(f"unknown transcript format '{fmt}' (choose from: {', '.join(FORMATS)})")
    with store.session() as s:
        rec = resolve_recording(s, ref)
        transcript = _require_transcript(rec)
        still = decide(rec.participants, Use.TRANSCRIBE)
        if still.withdrawn:
            raise EbcdError(f"{rec.original_name}: its transcript is not exported because "
                            f"{still.reason} (erase them to remove it for good)")
        redact = redactor_in(s)
        people = {p.id: p for p in rec.participants}

        def speaker(sp: Speaker | None) -> str:
            """The voice as an export names it: a pseudonym, or the linked person's role
            where their label is their real name (never the name)."""
            if sp is None:
                return ""
            person = people.get(sp.participant_id) if sp.participant_id else None
            if person is not None and not person.pseudonym and sp.label == person.display_name:
                return ROLE_LABELS[person.role]
            return redact(sp.label)

        segments = [_Shown(speaker(seg.speaker), seg.start,
                           seg.end, redact_words([(w.text, w.start, w.end, w.redacted)
                                                  for w in seg.words], redact),
                           [w.probability for w in seg.words]) for seg in transcript.segments]
        gaps = sorted(transcript.untranscribed or [])
        if fmt == "json":
            return json.dumps({
                "recording": {"id": rec.id, "file": rec.original_name,
                              "duration": rec.duration},
                "language": transcript.language, "model": transcript.model,
                "source": transcript.source.value,
                "redaction": REDACTION_NOTE,
                "segments": [{
                    "start": seg.start, "end": seg.end, "text": seg.text,
                    "speaker": seg.speaker,
                    "words": [{"text": text, "start": start, "end": end,
                               "probability": prob, "redacted": flagged}
                              for (text, start, end, flagged), prob
                              in zip(seg.words, seg.probabilities, strict=False)],
                } for seg in segments],
                "untranscribed": [{"start": a, "end": b} for a, b in gaps],
            }, indent=2, ensure_ascii=False) + "\n"
        if fmt == "txt":
            return _txt(segments, gaps)
        words = [TimedWord(text, start, end, seg.speaker)
                 for seg in segments for text, start, end, _flag in seg.words]
        cues = cues_from_words(words)
        return format_srt(cues) if fmt == "srt" else format_vtt(cues)


REDACTION_NOTE = ("redacted: each flagged name or phrase, and participants' real names, "
                  "are written as [name]")


@dataclass(frozen=True)
class _Shown:
    """A segment as an export writes it: redaction applied."""

    speaker: str
    start: float
    end: float
    words: list[tuple[str, float, float, bool]]
    probabilities: list[float]

    @property
    def text(self) -> str:
        return " ".join(text for text, _s, _e, _f in self.words)


def _txt(segments: Sequence[_Shown], gaps: list) -> str:
    turns: list[str] = []
    last = None
    for seg in segments:
        while gaps and gaps[0][0] <= seg.start:
            start, end = gaps.pop(0)
            turns.append(f"[{stamp(start)}] (untranscribed speech "
                         f"{short_clock(start)}-{short_clock(end)})")
            last = None
        if seg.speaker != last or not turns:
            turns.append(f"[{stamp(seg.start)}] {seg.speaker}: {seg.text}")
            last = seg.speaker
        else:
            turns[-1] += " " + seg.text
    turns += [f"[{stamp(a)}] (untranscribed speech {short_clock(a)}-{short_clock(b)})"
              for a, b in gaps]
    return "\n\n".join(turns) + "\n"


def spread_words(start: float, end: float, text: str) -> list[WordResult]:
    """Estimate word times inside a cue, in proportion to each word's length."""
    tokens = text.split()
    total = sum(len(t) + 1 for t in tokens)
    words, at = [], start
    for tok in tokens:
        span = (end - start) * (len(tok) + 1) / total
        words.append(WordResult(tok, round(at, 3), round(at + span, 3), 1.0))
        at += span
    return words


@dataclass(frozen=True)
class SubtitleImport:
    words: int
    report: reanchor.ReanchorReport  # what happened to the tagging on the old transcript
    notes: tuple[str, ...] = ()  # what had to be fixed in the file, one sentence each


def import_subtitles(store: ProjectStore, ref: str | int, path: Path, *,
                     language: str = "", replace_corrected: bool = False) -> SubtitleImport:
    """Use an existing SRT/VTT as the recording's transcript.

    Subtitles time whole cues, so word times inside a cue are estimated evenly. What had
    to be fixed in the file (overlapping or unordered cues, paragraph-long cues split into
    sentences) is returned in `notes` and kept in the audit trail. A transcript a person
    corrected is replaced only with `replace_corrected`.
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
        check_replaceable(rec, replace_corrected=replace_corrected,
                          how=f"importing {path.name}")
        late = [c for c in cues if c.start > rec.duration + 1.0]
        if late:
            raise TranscriptFormatError(
                f"{path}: cue at {late[0].start:.1f} s is past the end of "
                f"{rec.original_name} ({rec.duration:.1f} s); wrong file?")
        segments = [SegmentResult(c.start, c.end, c.text, spread_words(c.start, c.end, c.text))
                    for c in cues]
        speakers = [c.speaker or DEFAULT_SPEAKER for c in cues]
        report = save_transcript(s, rec, segments, source=TranscriptSource.SUBTITLES,
                                 model=path.name, language=language, speakers=speakers,
                                 reason=f"replaced by the subtitles {path.name}")
        audit(s, "transcript.import", f"recording {rec.id}", file=path.name,
              fixed=parsed.notes)
        words = sum(len(seg.words) for seg in segments)
    return SubtitleImport(words, report, tuple(f"{path.name}: {n}" for n in parsed.notes))
