"""Transcribe recordings with Whisper, resumably.

Each finished segment is appended to a checkpoint file beside the recording's derived
audio as soon as the worker sends it. The transcript reaches the database only when the
whole recording is done, in one transaction, so a cancelled run leaves nothing half-made;
a killed run (power cut, kill -9) is resumed from the end of its last checkpointed segment
by the next run, with no word lost or repeated.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ebcd_app.basics.errors import Cancelled, DiskFullError, EbcdError, ProjectBusyError
from ebcd_app.basics.progress import CancelToken, ProgressSink, ProgressUpdate, ignore_progress
from ebcd_app.domain.consent import Use, decide
from ebcd_app.domain.models import Job, JobState, Recording, RecordingState, TranscriptSource
from ebcd_app.domain.voices import Person, match_voices
from ebcd_app.services.jobs import reset_stale_jobs, resumable_job, running_job
from ebcd_app.services.media_import import speech_audio
from ebcd_app.services.projects import audit, get_project, resolve_recording
from ebcd_app.services.reanchor import ReanchorReport
from ebcd_app.services.transcripts import check_replaceable, save_transcript
from ebcd_app.speech.engine import SegmentResult, TranscribeOptions
from ebcd_app.speech.locator import locate_model
from ebcd_app.speech.worker import Message, Repaired, SegmentDone, WorkerDied, run_in_process
from ebcd_app.store.db import ProjectStore
from ebcd_app.store.vault import Vault

JOB_KIND = "transcribe"
MAX_SPEAKERS = 6
AUTO_VOICES = True
CHECKPOINT = "transcribe.partial.jsonl"


@dataclass(frozen=True)
class TranscribeOutcome:
    recording_id: int
    original_name: str
    words: int
    language: str
    resumed_from: float = 0.0
    report: ReanchorReport = field(default_factory=ReanchorReport)
    untranscribed: list[tuple[float, float]] = field(default_factory=list)
    loops_fixed: int = 0
    gaps_filled: int = 0

    @property
    def untranscribed_seconds(self) -> float:
        return sum(end - start for start, end in self.untranscribed)


class _Checkpoint:
    """Append-only record of finished segments; one JSON object a line, fsynced (each
    line sealed in an encrypted project: it holds what was said)."""

    def __init__(self, path: Path, vault: Vault | None = None) -> None:
        self.path = path
        self.vault = vault or Vault()

    def load(self) -> tuple[dict, list[SegmentResult]]:
        header: dict = {}
        segments: list[SegmentResult] = []
        if not self.path.is_file():
            return header, segments
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(self.vault.open_line(line))
            except ValueError:  # JSONDecodeError too
                break  # a torn last line from a kill: ignore it and what follows
            if "header" in data:
                header = data["header"]
            elif "detected_language" in data:
                header["detected_language"] = data["detected_language"]
            else:
                segments.append(SegmentResult.from_dict(data))
        return header, segments

    def start(self, header: dict) -> None:
        self.path.write_text(self.vault.seal_line(json.dumps({"header": header})) + "\n",
                             encoding="utf-8")

    def append(self, record: SegmentResult | dict) -> None:
        data = record.to_dict() if isinstance(record, SegmentResult) else record
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(self.vault.seal_line(json.dumps(data)) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


STOPPED_FOR_LATER = "stopped when the project was closed; carries on when it is opened again"


def pending_recordings(store: ProjectStore) -> list[int]:
    with store.session() as s:
        reset_stale_jobs(s)
        return list(s.scalars(select(Recording.id).where(
            Recording.state != RecordingState.TRANSCRIBED).order_by(Recording.id)))


@dataclass
class _Started:
    """A transcription job as it starts: what was resumed, where its checkpoint is."""

    rec_id: int
    name: str
    duration: float
    job_id: int
    wav: Path
    checkpoint: _Checkpoint
    saved: list[SegmentResult]
    language: str | None
    repaired: Repaired | None = None
    max_speakers: int = 0
    hotwords: str | None = None


def transcribe_recording(store: ProjectStore, ref: str | int, *, model: str | None = None,
                         language: str | None = None, force: bool = False,
                         replace_corrected: bool = False,
                         progress: ProgressSink = ignore_progress,
                         cancel: CancelToken | None = None) -> TranscribeOutcome:
    model_dir = locate_model(model or _project_model(store))
    job = _start(store, ref, model_dir, language, force=force,
                 replace_corrected=replace_corrected)
    offset = job.saved[-1].end if job.saved else 0.0
    with store.vault.opened(job.wav) as wav:  # a plain copy, in an encrypted project
        job.wav = wav
        lang = _run(store, job, model_dir, offset, progress, cancel)
    with store.session() as s:
        rec = s.get_one(Recording, job.rec_id)
        gaps = job.repaired.gaps if job.repaired else []
        labels, people = _voice_labels(rec, job)
        report = save_transcript(s, rec, job.saved, source=TranscriptSource.WHISPER,
                                 model=Path(model_dir).name, language=lang,
                                 reason=f"transcribed again with {Path(model_dir).name}",
                                 untranscribed=gaps, speakers=labels, speaker_people=people)
        job_row = s.get(Job, job.job_id)
        assert job_row is not None
        job_row.state, job_row.progress, job_row.pid = JobState.DONE, 1.0, None
        words = sum(len(seg.words) for seg in job.saved)
        audit(s, "recording.transcribe", f"recording {job.rec_id}", words=words,
              resumed_from=offset, untranscribed=len(gaps))
    job.checkpoint.discard()
    progress(ProgressUpdate(f"transcribed {job.name}", 1.0))
    mended = job.repaired
    return TranscribeOutcome(job.rec_id, job.name, words, lang, offset, report, list(gaps),
                             mended.loops_fixed if mended else 0,
                             mended.gaps_filled if mended else 0)


def _project_model(store: ProjectStore) -> str | None:
    """The project's chosen model; None for the default, so EBCD_WHISPER_MODEL still counts."""
    with store.session() as s:
        chosen = get_project(s).whisper_model
    return None if chosen in ("", "base") else chosen


def _voices_to_find(people: int) -> int:
    """How many voices diarization may find: the people linked plus the interviewer; 0
    (one voice, nobody guessed) when the speaker encoder is not installed.

    Why GE2E only: on benchmarks/bench_diarization.py (Whisper's own words) it gave every
    word to the right voice in the held-out set's 1-, 2- and 3-voice files with this cap;
    the MFCC fallback split one voice into four, which would hand a patient's words to the
    interviewer.
    """
    from ebcd_app.speech import ge2e

    if not AUTO_VOICES or not ge2e.available():
        return 0
    return min(MAX_SPEAKERS, people + 1)


def _voice_labels(rec: Recording, job: _Started
                  ) -> tuple[list[str] | None, dict[str, tuple[int | None, bool]]]:
    """Each segment's speaker label, the voices matched to the recording's people (the
    interviewer found by their questions); with one person linked and one voice, theirs."""
    segments = job.saved
    voices = job.repaired.voices if job.repaired and job.repaired.voices else [0] * len(
        segments)
    people = [Person(p.id, p.pseudonym or p.display_name) for p in rec.participants]
    matches = match_voices(voices, [s.text for s in segments],
                           [len(s.words) for s in segments], people)
    if not matches:
        return None, {}
    labels = [matches[v].label for v in voices]
    return labels, {m.label: (m.participant_id, m.interviewer) for m in matches.values()}


def _start(store: ProjectStore, ref: str | int, model_dir: Path, language: str | None,
           *, force: bool, replace_corrected: bool) -> _Started:
    """Check the recording may be transcribed (consent, not already, not corrected, not busy
    elsewhere), make its 16 kHz audio, and start or resume its job from the checkpoint."""
    with store.session() as s:
        reset_stale_jobs(s)
        # committed now, so the write lock is not held while speech_audio runs ffmpeg
        s.commit()
        rec = resolve_recording(s, ref)
        rec_id, name, sha, duration = rec.id, rec.original_name, rec.sha256, rec.duration
        allowed = decide(rec.participants, Use.TRANSCRIBE)
        if not allowed:
            raise EbcdError(f"{name}: not transcribed because {allowed.reason}")
        if rec.state == RecordingState.TRANSCRIBED and not force:
            raise EbcdError(f"{name}: already transcribed (use --force to transcribe again)")
        check_replaceable(rec, replace_corrected=replace_corrected, how="transcribing again")
        if (busy := running_job(s, rec_id, JOB_KIND)) is not None:
            raise EbcdError(f"{name}: is being transcribed by another process "
                            f"(pid {busy.pid})")
        wav = speech_audio(store, rec)
        checkpoint = _Checkpoint(store.derived_for(sha) / CHECKPOINT, store.vault)
        header = {"model": str(model_dir), "language": language}
        job = resumable_job(s, rec_id, JOB_KIND)
        saved: list[SegmentResult] = []
        if job is not None:
            old_header, saved = checkpoint.load()
            if old_header.get("model") != header["model"] or (
                    language and old_header.get("language") not in (None, language)):
                saved = []
            else:
                language = language or old_header.get("detected_language")
        if job is None:
            job = Job(kind=JOB_KIND, recording_id=rec_id, inputs=header)
            s.add(job)
        if not saved:
            checkpoint.start(header)
        job.state, job.pid, job.error, job.progress = JobState.RUNNING, os.getpid(), None, 0.0
        rec.state, rec.error = RecordingState.TRANSCRIBING, None
        s.flush()
        voices = _voices_to_find(len(rec.participants))
        vocabulary = ", ".join(get_project(s).vocabulary or [])
        return _Started(rec_id, name, duration, job.id, wav, checkpoint, saved, language,
                        max_speakers=voices, hotwords=vocabulary or None)


def _run(store: ProjectStore, job: _Started, model_dir: Path, offset: float,
         progress: ProgressSink, cancel: CancelToken | None) -> str:
    """Run Whisper in its own process, checkpointing each segment; a cancel, a killed worker
    or a failure ends the job with the reason the user sees. Returns the language."""
    detected = {"language": job.language or ""}
    name, duration, saved, checkpoint = job.name, job.duration, job.saved, job.checkpoint

    def on_message(msg: Message) -> None:
        if isinstance(msg, Repaired):  # replaces what was sent; the checkpoint stays raw
            saved[:] = msg.segments
            job.repaired = msg
            return
        if isinstance(msg, SegmentDone):
            if not detected["language"]:
                detected["language"] = msg.language
                checkpoint.append({"detected_language": msg.language})
            checkpoint.append(msg.segment)
            saved.append(msg.segment)
            fraction = min(1.0, msg.segment.end / duration) if duration else 0.0
            # progress is only shown: a busy or full disk must not stop the transcription
            # (its segments are in the checkpoint; the final save reports the disk)
            with contextlib.suppress(ProjectBusyError, DiskFullError), \
                    store.session() as s2:
                job_row = s2.get(Job, job.job_id)
                if job_row is not None:
                    job_row.progress = fraction
            progress(ProgressUpdate(f"transcribing {name}", fraction * 0.95))
            if fraction >= 1.0 or msg.segment.end >= duration - 1:
                progress(ProgressUpdate(f"checking {name} for untranscribed speech", 0.95))

    # The vocabulary as hotwords, with the repair pass after: on the held-out set
    # (benchmarks/bench_trust.py, base int8) hotwords alone lost 2 passages (WER 0.176),
    # no vocabulary heard 14/20 domain words (WER 0.136), hotwords + repair lost none and
    # heard 17/20 (WER 0.132). The repair decodes lost speech again with no vocabulary.
    options = TranscribeOptions(language=job.language, max_speakers=job.max_speakers,
                                hotwords=job.hotwords)
    try:
        finished = run_in_process(model_dir, job.wav, options, offset=offset,
                                  on_message=on_message, cancel=cancel,
                                  earlier=list(saved))
    except Cancelled:
        if cancel is not None and cancel.resume_later:
            _end_job(store, job.job_id, job.rec_id, JobState.INTERRUPTED,
                     RecordingState.IMPORTED, STOPPED_FOR_LATER)
            raise
        checkpoint.discard()
        _end_job(store, job.job_id, job.rec_id, JobState.CANCELLED, RecordingState.IMPORTED,
                 None)
        raise
    except WorkerDied as exc:
        # not the recording's fault: keep every checkpointed segment and let the next run
        # (or the app, on opening) carry on from the last one
        kept = saved[-1].end if saved else 0.0
        if kept > 0:
            tail = (f"{kept:.0f} s of {duration:.0f} s are kept and the next run carries on "
                    "from there")
        else:
            tail = "nothing had been transcribed yet; the next run starts again"
        message = f"{name}: {exc}; {tail}"
        _end_job(store, job.job_id, job.rec_id, JobState.INTERRUPTED, RecordingState.IMPORTED,
                 message)
        raise WorkerDied(exc.reason, message) from None
    except Exception as exc:
        checkpoint.discard()
        _end_job(store, job.job_id, job.rec_id, JobState.FAILED, RecordingState.FAILED,
                 str(exc))
        raise
    return detected["language"] or finished.language


def _end_job(store: ProjectStore, job_id: int, rec_id: int, job_state: JobState,
             rec_state: RecordingState, error: str | None) -> None:
    with store.session() as s:
        job = s.get(Job, job_id)
        rec = s.get(Recording, rec_id)
        if job is not None:
            job.state, job.error, job.pid = job_state, error, None
        if rec is not None:
            rec.state, rec.error = rec_state, error


def resume_later(store: ProjectStore, recording_id: int) -> None:
    """A transcription that was queued but never started when the project was closed:
    record it as interrupted so the next opening starts it (the job row is the promise)."""
    with store.session() as s:
        if resumable_job(s, recording_id, JOB_KIND) is not None:
            return
        rec = s.get(Recording, recording_id)
        if rec is None or rec.state == RecordingState.TRANSCRIBED:
            return
        s.add(Job(kind=JOB_KIND, recording_id=recording_id, state=JobState.INTERRUPTED,
                  inputs={}, error=STOPPED_FOR_LATER))


def interrupted_recordings(store: ProjectStore) -> list[int]:
    """Recordings whose transcription was killed mid-way: the GUI resumes them on opening."""

    with store.session() as s:
        reset_stale_jobs(s)
        ids = s.scalars(select(Recording.id).where(
            Recording.state == RecordingState.IMPORTED)).all()
        return [rid for rid in ids if resumable_job(s, rid, JOB_KIND) is not None]
