"""Subtitles for a demo recording with and without the sentence under one touch point."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from demo_project import script_srt

from ebcd_app.basics.resources import resources_dir
from ebcd_app.services import demo


def partial_and_full_srt(folder: Path, rec_id: int, out: Path) -> tuple[int, Path, Path]:
    """(id of the earliest touch point, SRT without its sentences, SRT with all of them)."""
    with sqlite3.connect(folder / "project.db") as conn:
        duration = conn.execute(f"SELECT duration FROM recordings WHERE id={rec_id}"
                                ).fetchone()[0]
        tp_id, start, end = conn.execute(f"""
            SELECT tp.id, a.start, b.end FROM touch_points tp
            JOIN words a ON a.id = tp.first_word_id JOIN words b ON b.id = tp.last_word_id
            WHERE tp.recording_id = {rec_id} ORDER BY a.start LIMIT 1""").fetchone()
    item = demo.load_manifest()["recordings"][rec_id - 1]
    srt = script_srt((resources_dir() / "demo" / item["script"]).read_text(encoding="utf-8"),
                     duration)
    cues = srt.strip().split("\n\n")

    def seconds(cue: str) -> tuple[float, float]:
        a, b = cue.splitlines()[1].split(" --> ")
        def one(t: str) -> float:
            h, m, rest = t.split(":")
            return int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))
        return one(a), one(b)
    keep = [c for c in cues if not (seconds(c)[0] < end and start < seconds(c)[1])]
    partial, full = out / "partial.srt", out / "full.srt"
    partial.write_text("\n\n".join(keep) + "\n", encoding="utf-8")
    full.write_text(srt, encoding="utf-8")
    return tp_id, partial, full
