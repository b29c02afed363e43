"""Many small recordings with typed words, quickly, and a counter of the SQL a call runs.

For the tests that check a read runs a fixed number of queries whatever the size of the
project: the recordings are rows with a transcript saved through the transcript service
(no media file behind them: no importing, no Whisper), each person heard consenting to
everything, so every clip may be in the film.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator

from sqlalchemy import event

from ebcd_app.domain.models import (
    Participant,
    Recording,
    RecordingState,
    Role,
    Scope,
    TranscriptSource,
)
from ebcd_app.services import projects, transcripts
from ebcd_app.speech.engine import SegmentResult, WordResult
from ebcd_app.store.db import ProjectStore

SENTENCES = ("The call bell rang all night and nobody came to help me",
             "My daughter was told about the discharge letter far too late",
             "The nurse explained the tablets kindly and the pain eased")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def add_recordings(store: ProjectStore, n: int, *, tag: str = "bulk") -> list[int]:
    """`n` recordings of three spoken sentences (one segment each), each with its own
    patient who consented to everything."""
    people = [projects.add_participant(store, name=f"Person {tag} {i}", role=Role.PATIENT,
                                       pseudonym=f"P{i}", granted=set(Scope))
              for i in range(n)]
    ids = []
    with store.session() as s:
        for i, pid in enumerate(people):
            digest = hashlib.sha256(f"{tag} recording {i}".encode()).hexdigest()
            rec = Recording(original_name=f"{tag}-{i:02d}.m4a", media_path=f"media/{digest}.m4a",
                            sha256=digest, size_bytes=1000, duration=60.0, has_video=False,
                            state=RecordingState.TRANSCRIBED,
                            participants=[s.get(Participant, pid)])
            s.add(rec)
            segments, at = [], 1.0
            for sentence in SENTENCES:
                words = []
                for w in sentence.split():
                    words.append(WordResult(w, round(at, 3), round(at + 0.3, 3), 0.9))
                    at += 0.4
                segments.append(SegmentResult(words[0].start, words[-1].end, sentence, words))
                at += 1.0
            transcripts.save_transcript(s, rec, segments, source=TranscriptSource.WHISPER,
                                        model="typed", language="en")
            s.flush()
            ids.append(rec.id)
    return ids


@contextlib.contextmanager
def statements(store: ProjectStore) -> Iterator[list[str]]:
    """Every SQL statement the store's engine sends while the block runs."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append(statement)
    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


@contextlib.contextmanager
def writing_commits(store: ProjectStore) -> Iterator[list[int]]:
    """The transactions that wrote while the block runs: one entry (its number of writes)
    per commit that followed an INSERT, UPDATE or DELETE."""
    done: list[int] = []
    pending = [0]

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            pending[0] += 1

    def commit(_conn) -> None:
        if pending[0]:
            done.append(pending[0])
        pending[0] = 0
    event.listen(store.engine, "before_cursor_execute", note)
    event.listen(store.engine, "commit", commit)
    try:
        yield done
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
        event.remove(store.engine, "commit", commit)


def writes(seen: list[str]) -> list[str]:
    return [q for q in seen if q.lstrip().upper().startswith(WRITES)]
