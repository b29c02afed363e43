"""Benchmark: replacing a long transcript while keeping its tagging (issue 14, item 1).

Why: transcribing again (or importing subtitles) now lifts every touch point, clip,
suggestion and redaction off the old words and places it on the new words by time, in the
same transaction that replaces the transcript. On a long recording that must stay quick and
small: this measures it on synthetic transcripts of 3 and 10 hours (~27,000 and ~90,000
words, 1 touch point and 0.3 clips a minute, 2% of words redacted), replaced by the "same"
words re-timed by up to ±60 ms as a second decoding would be, with one minute in twenty
missing (so some items cannot be placed and are kept, marked "needs attention").

Reports, per length: the time of the whole save_transcript call (old transcript kept as a
version, lifting, deleting, inserting, placing) and of the placing alone, the process's
peak memory (this benchmark runs no children), and what was placed, moved and left needing
attention. Run from the repository root:

    .venv/bin/python benchmarks/reanchor.py            # 3 h and 10 h
    .venv/bin/python benchmarks/reanchor.py --hours 1  # one length
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from touchpoints import make_transcript

from ebcd_app.domain.models import (
    Chapter,
    Clip,
    Film,
    Recording,
    RecordingState,
    Segment,
    TouchPoint,
    TranscriptSource,
    Word,
)
from ebcd_app.services import projects, reanchor, transcripts
from ebcd_app.speech.engine import SegmentResult, WordResult


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _retimed(rng: random.Random, segments: list[SegmentResult]) -> list[SegmentResult]:
    """The same words, each edge moved by up to 60 ms, with one minute in twenty gone."""
    out = []
    for seg in segments:
        if int(seg.start // 60) % 20 == 7:
            continue
        words = []
        for w in seg.words:
            a = max(0.0, w.start + rng.uniform(-0.06, 0.06))
            b = max(a + 0.02, w.end + rng.uniform(-0.06, 0.06))
            words.append(WordResult(w.text, round(a, 3), round(b, 3), w.probability))
        out.append(SegmentResult(words[0].start, words[-1].end, seg.text, words))
    return out


def run(hours: float, seed: int = 7) -> dict:
    rng = random.Random(seed)
    duration = hours * 3600
    segments, speakers = make_transcript(rng, int(duration / 60 * 150), duration)
    with tempfile.TemporaryDirectory(prefix="ebcd-reanchor-") as tmp:
        store = projects.create_project(Path(tmp) / "p", name="Bench")
        with store.session() as s:
            rec = Recording(original_name="long.wav", media_path="media/long.wav",
                            sha256="ab" * 32, size_bytes=1, duration=duration,
                            state=RecordingState.IMPORTED)
            s.add(rec)
            s.flush()
            transcripts.save_transcript(s, rec, segments, source=TranscriptSource.WHISPER,
                                        model="base", language="en", speakers=speakers)
            rec_id = rec.id
        with store.session() as s:
            ids = [w for (w,) in s.execute(
                Word.__table__.select().with_only_columns(Word.id).order_by(Word.id))]
            film = Film(title="Bench")
            chapter = Chapter(film=film, title="One", position=0)
            s.add_all([film, chapter])
            minutes = int(duration // 60)
            for k in range(minutes):
                at = rng.randrange(0, len(ids) - 40)
                s.add(TouchPoint(recording_id=rec_id, first_word_id=ids[at],
                                 last_word_id=ids[at + rng.randint(5, 39)]))
                if k % 3 == 0:
                    s.add(Clip(chapter=chapter, first_word_id=ids[at],
                               last_word_id=ids[at + 20], position=k))
            for w in rng.sample(ids, len(ids) // 50):
                s.get(Word, w).redacted = True
        new = _retimed(rng, segments)
        placed = {}
        original = reanchor.place

        def timed_place(*args, **kwargs):
            began = time.perf_counter()
            report = original(*args, **kwargs)
            placed["s"] = time.perf_counter() - began
            return report

        reanchor.place = timed_place
        try:
            began = time.perf_counter()
            with store.session() as s:
                rec = s.get(Recording, rec_id)
                report = transcripts.save_transcript(
                    s, rec, new, source=TranscriptSource.WHISPER, model="base",
                    language="en", speakers=[speakers[0]] * len(new))
            total = time.perf_counter() - began
        finally:
            reanchor.place = original
        with store.session() as s:
            n_words = s.query(Word).join(Segment).count()
        store.close()
    return {"hours": hours, "words": sum(len(x.words) for x in segments), "new_words": n_words,
            "touch_points": minutes, "clips": len(range(0, minutes, 3)),
            "save_s": total, "place_s": placed["s"], "peak_mb": _peak_mb(),
            "unchanged": report.unchanged, "moved": len(report.moved),
            "needs_attention": len(report.unplaced), "redactions_kept": report.redactions_kept}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, action="append")
    args = parser.parse_args(argv)
    for hours in args.hours or [3.0, 10.0]:
        r = run(hours)
        print(f"{r['hours']:>4.0f} h  {r['words']:>6} words  {r['touch_points']:>4} touch points "
              f"{r['clips']:>3} clips | save_transcript {r['save_s']:6.2f} s (placing "
              f"{r['place_s']:.2f} s) | peak {r['peak_mb']:.0f} MB | {r['unchanged']} same, "
              f"{r['moved']} moved, {r['needs_attention']} need attention, "
              f"{r['redactions_kept']} redactions kept", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
