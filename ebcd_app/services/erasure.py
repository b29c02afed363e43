"""Erase a person: everything of theirs the product holds or made, and nothing else.

Why beside withdrawal: withdrawing stops future use and keeps the record of what was
agreed; a person may also ask to be forgotten (UK GDPR art. 17). Erasure removes:

- recordings that are theirs alone (or theirs and the interviewer's): the original, the
  16 kHz copy, the waveform and everything derived, overwritten before unlinking;
- in a recording with others, their turns only (the voices a facilitator linked to them):
  those segments and words, and their voice silenced in the original and the speech copy;
  where voices were never linked to people, the whole recording (the plan says so first);
- what was made on those words: touch points and quotes, markers, suggestions, film clips
  (the film is marked as needing a new render), transcript versions kept for undoing a
  re-transcription;
- their consent, their group membership (an action they owned loses its owner), their
  participant record; every snapshot (removed, and one new one taken without them);
- then the search index is rebuilt, the database vacuumed and its WAL truncated, so
  deleted text does not linger in free pages.

Kept: that an erasure happened, when and by whom (the audit trail and `erasures`), and a
fingerprint of salted hashes of their words' 4-grams and their name's parts, with which
`privacy_audit` finds copies without the project keeping the words. Outputs written before
(packs, films, exports) are listed as stale with where they were written.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import (
    Erasure,
    Film,
    GroupAction,
    GroupMember,
    Participant,
    Recording,
    Segment,
    Speaker,
    TranscriptVersion,
)
from ebcd_app.media.tools import tools
from ebcd_app.services import outputs, snapshots
from ebcd_app.services.fingerprints import fingerprint, ngrams, pages, tokens
from ebcd_app.services.projects import audit
from ebcd_app.store.db import ProjectStore
from ebcd_app.store.layout import PEAKS, SPEECH_WAV
from ebcd_app.store.vault import overwrite, shred


@dataclass(frozen=True)
class RecordingCut:
    recording_id: int
    name: str
    whole: bool
    why: str  # "theirs alone" / "voices never linked to people: the whole recording"
    segments: int
    seconds: float


@dataclass
class ErasePlan:
    participant_id: int
    who: str  # their name, shown to the facilitator only, never kept
    recordings: list[RecordingCut] = field(default_factory=list)
    touch_points: int = 0
    clips: int = 0
    suggestions: int = 0
    markers: int = 0
    groups: int = 0
    snapshots: int = 0
    stale_outputs: list[outputs.Output] = field(default_factory=list)
    files_removed: int = 0

    def lines(self) -> list[str]:
        """What will go (or went), a line each, for the confirmation and the summary."""
        out = []
        for cut in self.recordings:
            if cut.whole:
                out.append(f"recording {cut.recording_id} “{cut.name}”: all of it ({cut.why})")
            else:
                out.append(f"recording {cut.recording_id} “{cut.name}”: their {cut.segments} "
                           f"turn(s), {cut.seconds:.0f} s, removed and silenced")
        out.append(f"{self.touch_points} touch point(s) and quote(s), {self.clips} film "
                   f"clip(s), {self.suggestions} suggestion(s), {self.markers} marker(s)")
        out.append(f"membership of {self.groups} co-design group(s); their consent record")
        out.append(f"{self.snapshots} snapshot(s) of the database (a new one is taken "
                   "without them)")
        for o in self.stale_outputs:
            where = ("; delete or replace it yourself" if o.path.is_file() else
                     "; no longer there, so any copy of it may still hold them")
            out.append(f"stale, made before: {o.kind} {o.path} "
                       f"({o.written_at:%Y-%m-%d %H:%M}){where}")
        return out


def _their_speakers(rec: Recording, pid: int) -> list[Speaker]:
    return [sp for sp in rec.speakers if sp.participant_id == pid]


def _cuts(s: Session, person: Participant) -> list[RecordingCut]:
    cuts = []
    for rec in person.recordings:
        others = [p for p in rec.participants if p.id != person.id]
        theirs = _their_speakers(rec, person.id)
        segments = [seg for seg in (rec.transcript.segments if rec.transcript else [])
                    if seg.speaker is not None and seg.speaker in theirs]
        if not others:
            cuts.append(RecordingCut(rec.id, rec.original_name, True, "theirs alone",
                                     0, rec.duration))
        elif not theirs:
            cuts.append(RecordingCut(rec.id, rec.original_name, True,
                                     "others are heard in it, but no voice in it was linked "
                                     "to this person, so the whole recording goes", 0,
                                     rec.duration))
        else:
            cuts.append(RecordingCut(rec.id, rec.original_name, False, "their turns",
                                     len(segments), sum(seg.end - seg.start
                                                        for seg in segments)))
    return cuts


def _counts(s: Session, plan: ErasePlan, word_ids: list[int], rec_ids: list[int]) -> None:
    """How many touch points, clips, suggestions and markers go with the recordings and
    words. Filtered here, not in SQL: a long interview has more word ids than SQLite takes
    as parameters."""
    from ebcd_app.domain.models import Clip, Marker, Suggestion, TouchPoint

    words, recs = set(word_ids), set(rec_ids)

    def hit(row, recording: int | None) -> bool:
        return recording in recs or row.first_word_id in words or row.last_word_id in words

    plan.touch_points = sum(hit(t, t.recording_id) for t in s.scalars(select(TouchPoint)))
    plan.clips = sum(hit(c, c.anchor_recording_id) for c in s.scalars(select(Clip)))
    plan.suggestions = sum(hit(g, g.recording_id) for g in s.scalars(select(Suggestion)))
    plan.markers = sum(m.recording_id in recs for m in s.scalars(select(Marker)))


def _doomed(s: Session, person: Participant, cuts: Sequence[RecordingCut]
            ) -> tuple[list[int], list[int], list[str]]:
    """(word ids, whole recording ids, what was said) that the erasure removes."""
    whole = [c.recording_id for c in cuts if c.whole]
    word_ids: list[int] = []
    said: list[str] = []
    for rec in person.recordings:
        if rec.transcript is None:
            continue
        theirs = _their_speakers(rec, person.id)
        for seg in rec.transcript.segments:
            if rec.id in whole or (seg.speaker is not None and seg.speaker in theirs):
                word_ids += [w.id for w in seg.words]
                said.append(" ".join(w.text for w in seg.words))
    return word_ids, whole, said


def plan_erasure(store: ProjectStore, participant_id: int) -> ErasePlan:
    """Exactly what erasing this person would remove, without removing anything."""
    with store.session() as s:
        person = s.get(Participant, participant_id)
        if person is None:
            raise EbcdError(f"no participant with id {participant_id}")
        plan = ErasePlan(participant_id, person.display_name, _cuts(s, person))
        word_ids, whole, said = _doomed(s, person, plan.recordings)
        names = [n for n in (person.display_name,) if n]
        _counts(s, plan, word_ids, whole)
        plan.groups = len(s.scalars(select(GroupMember.id).where(
            GroupMember.participant_id == participant_id)).all())
    plan.snapshots = len(snapshots.list_snapshots(store.folder))
    plan.stale_outputs = _holding(outputs.outputs(store), said, names)
    return plan


def erase_participant(store: ProjectStore, participant_id: int, *, by: str = "",
                      plan: ErasePlan | None = None) -> ErasePlan:
    """Erase the person (see the module's docstring); returns what went. `plan` is the one
    the facilitator confirmed, if they were shown one (planning reads every output again)."""
    plan = plan if plan is not None else plan_erasure(store, participant_id)
    files: list[Path] = []
    silence: list[tuple[Path, Path, list[tuple[float, float]]]] = []
    salt = secrets.token_hex(16)
    with store.session() as s:
        person = s.get(Participant, participant_id)
        assert person is not None
        word_ids, whole, said = _doomed(s, person, plan.recordings)
        names = [n for n in (person.display_name,) if n]
        for rec in list(person.recordings):
            derived = store.derived_for(rec.sha256)
            if rec.id in whole:
                files += [store.folder / rec.media_path, derived]
                s.delete(rec)
                continue
            theirs = _their_speakers(rec, person.id)
            spans = [(seg.start, seg.end) for seg in rec.transcript.segments
                     if seg.speaker in theirs] if rec.transcript else []
            if rec.transcript is not None:
                s.execute(delete(Segment).where(
                    Segment.transcript_id == rec.transcript.id,
                    Segment.speaker_id.in_([sp.id for sp in theirs])))
            s.execute(delete(TranscriptVersion).where(TranscriptVersion.recording_id == rec.id))
            for sp in theirs:
                s.delete(sp)
            rec.participants.remove(person)
            silence.append((store.folder / rec.media_path, derived, spans))
        if plan.clips:
            for film in s.scalars(select(Film)):
                film.needs_render = (f"{plan.clips} clip(s) were erased with a person; "
                                     "render the film again and replace every copy")
        s.flush()  # touch points, clips, suggestions on their words go by ON DELETE CASCADE
        s.execute(delete(GroupMember).where(GroupMember.participant_id == participant_id))
        s.execute(update(GroupAction).where(GroupAction.who.in_(
            [n for n in (person.display_name, person.pseudonym) if n])).values(who=""))
        s.delete(person)
        s.flush()
        common = _remaining_ngrams(s)  # said or written by others too: not theirs to find
        s.add(Erasure(erased_by=by, salt=salt,
                      fingerprint=fingerprint(salt, said, names, common)))
        audit(s, "participant.erase", f"participant {participant_id}", actor=by,
              recordings=len(whole), turns_in=len(silence), words=len(word_ids))
    for media, derived, spans in silence:
        for path in (media, derived / SPEECH_WAV):  # a plain view, sealed again after
            if spans and path.is_file():
                store.vault.rewrite(path, lambda plain: _silence(plain, spans))  # noqa: B023
        (derived / PEAKS).unlink(missing_ok=True)
    plan.files_removed = sum(shred(path) for path in files)
    # every file in the snapshots folder is a copy of the database: all of them go, named
    # as a snapshot or not
    where = snapshots.snapshot_dir(store.folder)
    if where.is_dir():
        plan.files_removed += sum(shred(p) for p in sorted(where.iterdir()))
    _compact(store)
    snapshots.take_snapshot(store, suffix="-after-erasure")
    return plan


def _remaining_ngrams(s: Session) -> set[str]:
    """Every n-gram of what stays in the project: others' transcripts, field notes, touch
    point notes. An erased person's phrase that someone else also said or wrote ("sat down
    and explained") is no trace of them, and must not make the audit fail for ever."""
    from ebcd_app.domain.models import ObservationNote, TouchPoint

    found: set[str] = set()
    for (value,) in s.execute(select(Segment.text)):
        found |= ngrams(value or "")
    for (value,) in s.execute(select(ObservationNote.text)):
        found |= ngrams(value or "")
    for (value,) in s.execute(select(TouchPoint.note)):
        found |= ngrams(value or "")
    return found


def _holding(paths: list[outputs.Output], said: list[str], names: list[str]
             ) -> list[outputs.Output]:
    """The outputs that still hold the person: their words or name read in the file, or a
    file no longer where it was written (a copy may be anywhere)."""
    theirs = set().union(*(ngrams(p) for p in said)) if said else set()
    name_tokens = {t for n in names for t in tokens(n) if len(t) >= 3}
    out = []
    for o in paths:
        if not o.path.is_file():
            out.append(o)
            continue
        try:
            text = " ".join(piece for _where, piece in pages(o.path))
        except OSError:
            out.append(o)
            continue
        if ngrams(text) & theirs or set(tokens(text)) & name_tokens:
            out.append(o)
    return out


def _silence(path: Path, spans: list[tuple[float, float]]) -> None:
    """The voice in `spans` silenced in place (video copied as it is)."""
    if not spans or not path.is_file():
        return
    inside = "+".join(f"between(t,{a:.3f},{b:.3f})" for a, b in spans)
    tmp = path.with_name(f".erasing-{path.name}")
    video = ["-c:v", "copy"] if path.suffix.lower() in (".mp4", ".mov", ".mkv", ".m4v",
                                                       ".webm", ".avi") else []
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(path), "-map", "0",
                    *video, "-af", f"volume=volume=0:enable='{inside}'", str(tmp)],
                   check=True, capture_output=True)
    overwrite(path)
    os.replace(tmp, path)


def _compact(store: ProjectStore) -> None:
    """Rebuild the search index, vacuum, truncate the WAL: no deleted text left in pages."""
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for fts in ("segment_fts", "note_fts"):
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))
        conn.execute(text("PRAGMA secure_delete=ON"))
        conn.execute(text("VACUUM"))
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
