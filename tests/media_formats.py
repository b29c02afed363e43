"""Shared test data: the formats the importer promises, and a project snapshot helper.

Kept out of conftest.py so test modules can import them by a name that is unambiguous
(tests/ and tests/gui/ each have a conftest).
"""

from __future__ import annotations

from ebcd_app.store.db import ProjectStore

# name -> ffmpeg output arguments (after the inputs); "V" means a video input is added
FORMATS: dict[str, tuple[bool, list[str]]] = {
    "speech.wav": (False, ["-c:a", "pcm_s16le", "-ar", "44100", "-ac", "2"]),
    "speech.mp3": (False, ["-c:a", "libmp3lame", "-b:a", "64k"]),
    "speech.m4a": (False, ["-c:a", "aac", "-b:a", "64k"]),
    "speech.ogg": (False, ["-c:a", "libopus", "-b:a", "32k"]),
    "speech.flac": (False, ["-c:a", "flac"]),
    "speech.mp4": (True, ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                          "-c:a", "aac", "-shortest"]),
    "speech.mov": (True, ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                          "-c:a", "aac", "-shortest"]),
    "speech.mkv": (True, ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libopus",
                          "-shortest"]),
    "speech.webm": (True, ["-c:v", "libvpx", "-deadline", "realtime", "-b:v", "200k",
                           "-c:a", "libopus", "-shortest"]),
}



def snapshot(store: ProjectStore) -> dict[str, object]:
    """What a user could notice changing: the files in the project and the rows in it."""
    from sqlalchemy import text

    files = sorted(str(p.relative_to(store.folder)) for p in store.folder.rglob("*")
                   if p.is_file() and not p.name.startswith("project.db"))
    with store.session() as s:
        counts = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("recordings", "participants", "transcripts", "words", "jobs")}
    return {"files": files, "rows": counts}
