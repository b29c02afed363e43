"""Interviews with typed transcripts (SRT), for tests that need real words but not Whisper."""

from __future__ import annotations

from pathlib import Path

from ebcd_app.services import media_import, transcripts

PATIENT_SRT = """1
00:00:00,500 --> 00:00:05,000
The nurse was lovely and really reassuring when I arrived.

2
00:00:06,000 --> 00:00:11,000
Nobody answered the call bell and I was frightened.

3
00:00:12,000 --> 00:00:16,500
Margaret from the discharge lounge kept us waiting all day.
"""
STAFF_SRT = """1
00:00:00,500 --> 00:00:05,000
The handover was rushed and I felt ignored by the bank staff.

2
00:00:06,000 --> 00:00:11,000
The discharge lounge is always full and the call bell never stops.
"""


def recording_from_srt(store, media: Path, srt: str, person: int, tmp_path: Path) -> int:
    rec = media_import.import_recording(store, media, participant_ids=[person])
    path = tmp_path / f"{rec.recording_id}.srt"
    path.write_text(srt)
    transcripts.import_subtitles(store, rec.recording_id, path)
    return rec.recording_id
