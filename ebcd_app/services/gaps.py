"""Speech Whisper left without words: listing it, typing it, or decoding it once more.

A facilitator must never find a gap by listening, so each gap kept on the transcript
(`Transcript.untranscribed`) can be closed here: a person types what was said, or Whisper
decodes that stretch again on its own. Either way the words become a passage in time order
and the gap leaves the list; both are ordinary edits, so one Undo takes them back.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from ebcd_app.basics.clock import short_clock
from ebcd_app.domain.models import Segment, Transcript, Word
from ebcd_app.services.editing import EditError, TranscriptChanged, mark_corrected
from ebcd_app.services.projects import audit, resolve_recording
from ebcd_app.services.transcripts import spread_words
from ebcd_app.speech.engine import WordResult
from ebcd_app.store.db import ProjectStore


def list_gaps(store: ProjectStore, recording_id: int) -> list[tuple[float, float]]:
    """The recording's untranscribed stretches (start, end) s, in time order."""
    with store.session() as s:
        t = s.scalars(select(Transcript).where(Transcript.recording_id == recording_id)).first()
        return sorted((a, b) for a, b in (t.untranscribed or [])) if t else []


def _insert(store: ProjectStore, recording_id: int, start: float, end: float,
            words: Sequence[WordResult], how: str) -> TranscriptChanged:
    """Words as a new passage in time order; the gap they fill leaves the list."""
    with store.session() as s:
        rec = resolve_recording(s, recording_id)
        t = rec.transcript
        if t is None:
            raise EditError(f"{rec.original_name}: has no transcript yet")
        segs = sorted(t.segments, key=lambda g: g.idx)
        before = [g for g in segs if g.start <= start]
        idx = (before[-1].idx + 1) if before else 0
        speaker = before[-1].speaker_id if before else (segs[0].speaker_id if segs else None)
        s.execute(update(Segment).where(Segment.transcript_id == t.id, Segment.idx >= idx)
                  .values(idx=Segment.idx + 1))
        seg = Segment(transcript_id=t.id, idx=idx, start=min(start, words[0].start),
                      end=max(end, words[-1].end), speaker_id=speaker,
                      text=" ".join(w.text for w in words))
        s.add(seg)
        s.flush()
        s.add_all([Word(segment_id=seg.id, idx=i, text=w.text, start=w.start, end=w.end,
                        probability=w.probability, redacted=False)
                   for i, w in enumerate(words)])
        t.untranscribed = [[a, b] for a, b in (t.untranscribed or [])
                           if not (abs(a - start) < 0.01 and abs(b - end) < 0.01)]
        mark_corrected(t)
        audit(s, "transcript.gap", f"recording {rec.id}", how=how,
              span=f"{short_clock(start)}-{short_clock(end)}", words=len(words))
        s.flush()
        return TranscriptChanged(rec.id)


def type_gap(store: ProjectStore, recording_id: int, start: float, end: float,
             text: str) -> TranscriptChanged:
    """A person typed what was said in the gap; word times are spread over it."""
    if not text.strip():
        raise EditError("type what was said, or leave the gap as it is")
    return _insert(store, recording_id, start, end, spread_words(start, end, text), "typed")


def transcribe_gap_again(store: ProjectStore, recording_id: int, start: float, end: float,
                         *, model: str | None = None) -> tuple[TranscriptChanged, int]:
    """Decode the gap once more on its own (no prompt, temperature fallback); return the
    change and how many words came. None: the gap stays, and the caller says so."""
    from ebcd_app.services.media_import import speech_audio
    from ebcd_app.speech.engine import WhisperEngine
    from ebcd_app.speech.locator import locate_model
    from ebcd_app.speech.repair import decode_span

    with store.session() as s:
        rec = resolve_recording(s, recording_id)
        sealed = speech_audio(store, rec)
        language = rec.transcript.language if rec.transcript else None
    engine = WhisperEngine(locate_model(model), compute_type="float32")
    with store.vault.opened(sealed) as wav:
        words = [w for w in decode_span(engine, wav, start, end, language)
                 if start <= (w.start + w.end) / 2 <= end]
    if not words:
        return TranscriptChanged(recording_id), 0
    return _insert(store, recording_id, start, end, words, "decoded again"), len(words)
