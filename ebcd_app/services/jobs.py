"""Long work recorded in the project database, so a killed run can be found and resumed."""

from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from ebcd_app.basics import atomic
from ebcd_app.domain.models import Job, JobState, Recording, RecordingState


def pid_alive(pid: int | None) -> bool:
    """Whether the process that started a job still runs (os.kill(pid, 0) would end it on
    Windows, so the check lives in one portable place)."""
    return pid is not None and atomic.pid_alive(pid)


def reset_stale_jobs(session: Session) -> list[int]:
    """Mark jobs whose process died as interrupted; return their ids.

    A recording left 'transcribing' by a dead process goes back to 'imported' so it is
    picked up (and resumed from its checkpoint) by the next transcription run.
    """
    stale = []
    for job in session.scalars(select(Job).where(Job.state == JobState.RUNNING)):
        if job.pid == os.getpid() or pid_alive(job.pid):
            continue
        job.state = JobState.INTERRUPTED
        job.error = "the program stopped while this job was running"
        stale.append(job.id)
        if job.recording_id is not None:
            rec = session.get(Recording, job.recording_id)
            if rec is not None and rec.state == RecordingState.TRANSCRIBING:
                rec.state = RecordingState.IMPORTED
    return stale


def running_job(session: Session, recording_id: int, kind: str) -> Job | None:
    """A job for this recording that a live process is running now."""
    job = session.scalars(select(Job).where(
        Job.recording_id == recording_id, Job.kind == kind,
        Job.state == JobState.RUNNING)).first()
    return job if job is not None and pid_alive(job.pid) else None


def resumable_job(session: Session, recording_id: int, kind: str) -> Job | None:
    return session.scalars(select(Job).where(
        Job.recording_id == recording_id, Job.kind == kind,
        Job.state == JobState.INTERRUPTED).order_by(Job.id.desc())).first()


def list_jobs(session: Session, limit: int = 50) -> list[Job]:
    return list(session.scalars(select(Job).order_by(Job.id.desc()).limit(limit)))
