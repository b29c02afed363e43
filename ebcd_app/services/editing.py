"""Correcting a transcript without breaking its word timings.

Each edit is one small function that saves at once and returns what it changed, with
enough to undo it; the GUI's undo stack calls the inverse function, never SQL. Timings are
preserved: a fixed word keeps its times, a merge spans both words, a split divides the
word's time in proportion to the parts' lengths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.models import Recording, Segment, Speaker, Transcript, Word, utcnow
from ebcd_app.domain.voices import INTERVIEWER
from ebcd_app.services import reanchor
from ebcd_app.services.projects import audit
from ebcd_app.store.db import ProjectStore


class EditError(EbcdError):
    """The edit would break the transcript (empty word, spaces in a word, ...)."""


@dataclass(frozen=True)
class WordView:
    id: int
    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class SegmentView:
    id: int
    speaker_id: int | None
    speaker: str
    start: float
    end: float
    words: tuple[WordView, ...]


@dataclass(frozen=True)
class TranscriptView:
    recording_id: int
    language: str
    segments: tuple[SegmentView, ...]
    speakers: dict[int, str]
    # speech still without words, (start, end) s: shown in its place, never hidden
    gaps: tuple[tuple[float, float], ...] = ()

    @property
    def words(self) -> list[WordView]:
        return [w for seg in self.segments for w in seg.words]


@dataclass(frozen=True)
class TranscriptChanged:
    """What the GUI refreshes after an edit."""

    recording_id: int
    word_ids: tuple[int, ...] = ()


def load_transcript(store: ProjectStore, recording_id: int) -> TranscriptView | None:
    """Everything the editor shows, in three queries (fast for a 90-minute interview)."""
    with store.session() as s:
        transcript = s.scalars(select(Transcript).where(
            Transcript.recording_id == recording_id)).first()
        if transcript is None:
            return None
        speakers = dict(s.execute(select(Speaker.id, Speaker.label).where(
            Speaker.recording_id == recording_id)).tuples().all())
        segs = s.execute(select(Segment.id, Segment.speaker_id, Segment.start, Segment.end)
                         .where(Segment.transcript_id == transcript.id)
                         .order_by(Segment.idx)).all()
        rows = s.execute(select(Word.segment_id, Word.id, Word.text, Word.start, Word.end,
                                Word.probability)
                         .join(Segment, Segment.id == Word.segment_id)
                         .where(Segment.transcript_id == transcript.id)
                         .order_by(Segment.idx, Word.idx)).all()
        by_segment: dict[int, list[WordView]] = {}
        for seg_id, *word in rows:
            by_segment.setdefault(seg_id, []).append(WordView(*word))
        segments = tuple(
            SegmentView(sid, spk, speakers.get(spk, "") if spk else "", start, end,
                        tuple(by_segment.get(sid, ())))
            for sid, spk, start, end in segs)
        gaps = tuple((float(a), float(b)) for a, b in (transcript.untranscribed or []))
        return TranscriptView(recording_id, transcript.language, segments, speakers, gaps)


def _word(s, word_id: int) -> Word:
    word = s.get(Word, word_id)
    if word is None:
        raise NotFoundError(f"no word with id {word_id} (was it merged away?)")
    return word


def word_text(store: ProjectStore, word_id: int) -> str:
    with store.session() as s:
        return _word(s, word_id).text


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise EditError("a word cannot be empty; merge it with its neighbour instead")
    if any(ch.isspace() for ch in text):
        raise EditError(f"'{text}' has a space in it; split the word to keep each "
                        "word's timing")
    return text


def mark_corrected(transcript: Transcript) -> None:
    """Remember that a person changed this transcript, so transcribing it again asks first."""
    transcript.corrected_at = utcnow()


def _resync(segment: Segment) -> None:
    """Keep the segment's searchable text and span equal to its words."""
    mark_corrected(segment.transcript)
    segment.text = " ".join(w.text for w in segment.words)
    if segment.words:
        segment.start = min(segment.start, segment.words[0].start)
        segment.end = max(segment.end, segment.words[-1].end)


def _recording_id(word: Word) -> int:
    return word.segment.transcript.recording_id


def set_word_text(store: ProjectStore, word_id: int, text: str) -> tuple[TranscriptChanged, str]:
    """Fix a word's spelling; return the change and the old text (for undo)."""
    text = _check_text(text)
    with store.session() as s:
        word = _word(s, word_id)
        old, word.text = word.text, text
        _resync(word.segment)
        s.flush()
        return TranscriptChanged(_recording_id(word), (word_id,)), old


@dataclass(frozen=True)
class MergeUndo:
    """What splitting the merged word back needs."""

    word_id: int
    texts: tuple[str, str]
    times: tuple[tuple[float, float], tuple[float, float]]
    probabilities: tuple[float, float]


def merge_with_next(store: ProjectStore, word_id: int) -> tuple[TranscriptChanged, MergeUndo]:
    """Join a word with the next word of its segment ("care" "ful" -> "careful")."""
    with store.session() as s:
        word = _word(s, word_id)
        segment = word.segment
        following = [w for w in segment.words if w.idx > word.idx]
        if not following:
            raise EditError(f"'{word.text}' is the last word of its passage; nothing to "
                            "merge it with")
        nxt = following[0]
        undo = MergeUndo(word.id, (word.text, nxt.text), ((word.start, word.end),
                         (nxt.start, nxt.end)), (word.probability, nxt.probability))
        word.text = word.text + nxt.text
        word.end = nxt.end
        word.probability = min(word.probability, nxt.probability)
        reanchor.repoint_word(s, nxt.id, word.id)  # a span ending on `nxt` keeps its end
        segment.words.remove(nxt)
        s.delete(nxt)
        s.flush()
        for w in following[1:]:
            w.idx -= 1
        _resync(segment)
        return TranscriptChanged(_recording_id(word), (word.id,)), undo


def split_word(store: ProjectStore, word_id: int, parts: Sequence[str], *,
               times: Sequence[tuple[float, float]] | None = None,
               probabilities: Sequence[float] | None = None) -> tuple[TranscriptChanged, int]:
    """Split a word into parts; return the change and the id of the first part.

    Times are divided in proportion to the parts' lengths unless given (undoing a merge
    gives the original times back exactly).
    """
    parts = [_check_text(p) for p in parts]
    if len(parts) < 2:
        raise EditError("a split needs at least two parts")
    with store.session() as s:
        word = _word(s, word_id)
        segment = word.segment
        if times is None:
            total = sum(len(p) for p in parts)
            times, at = [], word.start
            for p in parts:
                span = (word.end - word.start) * len(p) / total
                times.append((round(at, 3), round(at + span, 3)))
                at += span
            times[-1] = (times[-1][0], word.end)
        probs = list(probabilities) if probabilities else [word.probability] * len(parts)
        extra = len(parts) - 1
        s.execute(update(Word).where(Word.segment_id == segment.id, Word.idx > word.idx)
                  .values(idx=Word.idx + extra))
        word.text, (word.start, word.end), word.probability = parts[0], times[0], probs[0]
        new_words = [Word(segment_id=segment.id, idx=word.idx + i, text=p, start=t[0],
                          end=t[1], probability=pr)
                     for i, (p, t, pr) in enumerate(zip(parts[1:], times[1:], probs[1:],
                                                        strict=True), 1)]
        s.add_all(new_words)
        s.flush()
        s.expire(segment, ["words"])
        _resync(segment)
        ids = (word.id, *(w.id for w in new_words))
        return TranscriptChanged(_recording_id(word), ids), word.id


def unmerge(store: ProjectStore, undo: MergeUndo) -> TranscriptChanged:
    return split_word(store, undo.word_id, undo.texts, times=undo.times,
                      probabilities=undo.probabilities)[0]


def voice_names(store: ProjectStore, recording_id: int) -> list[str]:
    """The names a voice in this recording can be given: the interviewer, then each person
    linked to it (pseudonym, else name); naming a voice so matches it to that person."""
    with store.session() as s:
        rec = s.get(Recording, recording_id)
        people = list(rec.participants) if rec else []
        return [INTERVIEWER, *(p.pseudonym or p.display_name for p in people)]


def _match_person(speaker: Speaker) -> None:
    """Consent follows the speaker: a voice named as the interviewer or as a linked person
    becomes theirs; any other name matches nobody (and then everyone linked counts)."""
    label = speaker.label.strip()
    speaker.is_interviewer = label.casefold() == INTERVIEWER.casefold()
    speaker.participant_id = next(
        (p.id for p in speaker.recording.participants
         if label.casefold() in {p.pseudonym.casefold(), p.display_name.casefold()} - {""}),
        None)


def rename_speaker(store: ProjectStore, speaker_id: int, label: str
                   ) -> tuple[TranscriptChanged, str]:
    """Relabel a voice for the whole recording ("SPEAKER_00" -> "Interviewer")."""
    label = label.strip()
    if not label:
        raise EditError("a speaker needs a name")
    with store.session() as s:
        speaker = s.get(Speaker, speaker_id)
        if speaker is None:
            raise NotFoundError(f"no speaker with id {speaker_id}")
        old, speaker.label = speaker.label, label
        _match_person(speaker)
        if speaker.recording.transcript is not None:
            mark_corrected(speaker.recording.transcript)
        audit(s, "speaker.rename", f"recording {speaker.recording_id}", old=old, new=label)
        return TranscriptChanged(speaker.recording_id), old


def set_segment_speaker(store: ProjectStore, segment_id: int, label: str
                        ) -> tuple[TranscriptChanged, str]:
    """Give one passage to another voice (made on first use), e.g. the interviewer's question."""
    label = label.strip()
    if not label:
        raise EditError("a speaker needs a name")
    with store.session() as s:
        segment = s.get(Segment, segment_id)
        if segment is None:
            raise NotFoundError(f"no passage with id {segment_id}")
        rec: Recording = segment.transcript.recording
        old = segment.speaker.label if segment.speaker else ""
        speaker = next((sp for sp in rec.speakers if sp.label == label), None)
        if speaker is None:
            speaker = Speaker(recording=rec, label=label)
            _match_person(speaker)
        segment.speaker = speaker
        mark_corrected(segment.transcript)
        return TranscriptChanged(rec.id), old
