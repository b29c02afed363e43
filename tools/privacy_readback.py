"""Every output of the demo, read back for what must not be there (issue 17).

The demo project is built, every redaction suggestion accepted, the film drafted, and one
participant erased (Anna, the family carer). Then every output a user can make is made with
the `ebcd` command (transcripts in four formats, touch points, quotes, maps for each
audience, the film's subtitles and editorial exports, every pack, and the rendered film)
and read back with readers we did not write: pdftotext, srt, webvtt-py, OpenTimelineIO,
and our own Whisper (float32) listening to the film's sound. Each is searched for every
redacted phrase, every participant's real name, and the erased person's words (4-grams)
and name; `strings` over the project folder, and `ebcd audit`, must find none of hers.

    .venv/bin/python tools/privacy_readback.py [--keep DIR] [--no-render]

Slow (the demo build, a film render, Whisper over the film): run by hand, not in the suite.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ERASED = "Anna"  # the pseudonym of the participant this script erases


def ebcd(*args: object, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "ebcd_app", *map(str, args)],
                          capture_output=True, text=True)
    if check and done.returncode != 0:
        raise SystemExit(f"ebcd {' '.join(map(str, args))} failed:\n{done.stderr}")
    return done


def prepare(folder: Path) -> tuple[list[str], list[str], set[str], int]:
    """Build the demo, accept every redaction, draft the film; erase Anna. Returns the
    redacted phrases, the real names, Anna's 4-grams (lower-case), and her id."""
    from ebcd_app.domain.enums import SuggestionKind
    from ebcd_app.services import demo, projects, suggestions
    from ebcd_app.services.editing import load_transcript
    from ebcd_app.services.fingerprints import NGRAM, tokens

    demo.build_demo(folder, out=lambda _m: None)
    store = projects.open_project(folder)
    try:
        phrases = []
        for sug in suggestions.list_suggestions(store, SuggestionKind.REDACTION):
            suggestions.accept(store, sug.id)
            phrases.append(sug.value["text"])
        people = projects.list_participants(store)
        names = [p.display_name for p in people]
        anna = next(p for p in people if p.pseudonym == ERASED)
        grams: set[str] = set()
        for rec in projects.list_recordings(store):
            if anna.id in rec.participant_ids:
                words = [w.text for seg in load_transcript(store, rec.id).segments
                         for w in seg.words]
                toks = tokens(" ".join(words))
                grams |= {" ".join(toks[i:i + NGRAM]) for i in range(len(toks) - NGRAM + 1)}
    finally:
        store.close()
    ebcd("film", folder, "draft")
    ebcd("erase", folder, anna.id, "--yes", "--by", "privacy readback")
    return sorted(set(phrases)), names, grams, anna.id


def outputs(folder: Path, out: Path, render: bool) -> list[Path]:
    from ebcd_app.services import groups, projects

    store = projects.open_project(folder)
    try:
        recs = [r.id for r in projects.list_recordings(store)]
        group_ids = [g.id for g in groups.list_groups(store)]
    finally:
        store.close()
    made = []
    for rec in recs:
        for fmt in ("txt", "srt", "vtt", "json"):
            path = out / f"transcript-{rec}.{fmt}"
            ebcd("transcript", folder, rec, "--format", fmt, "--out", path)
            made.append(path)
    for fmt in ("csv", "json"):
        made.append(out / f"touch-points.{fmt}")
        ebcd("touchpoints", folder, "export", "--format", fmt, "--out", made[-1])
    made.append(out / "quotes.txt")
    ebcd("quotes", folder, "--out", made[-1])
    for audience in ("joint", "staff", "patients"):
        made.append(out / f"map-{audience}.svg")
        ebcd("map", folder, "--out", made[-1], "--audience", audience)
    for fmt in ("srt", "vtt", "otio", "edl", "fcpxml", "fcp7xml", "chapters"):
        made.append(out / f"film.{fmt}")
        ebcd("film", folder, "export", "--format", fmt, "--out", made[-1])
    for kind in ("staff", "patient", "joint", "celebration"):
        made.append(out / f"pack-{kind}.pdf")
        ebcd("pack", folder, kind, "--out", made[-1])
    for gid in group_ids:
        made.append(out / f"pack-group-{gid}.pdf")
        ebcd("pack", folder, "group", "--group", gid, "--out", made[-1])
    if render:
        made.append(out / "film.mp4")
        ebcd("film", folder, "render", "--out", made[-1])
    return made


def read_back(path: Path) -> str:
    """The words in an output, as its own kind of reader finds them."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
    if suffix == ".srt":
        import srt
        return "\n".join(c.content for c in srt.parse(path.read_text(encoding="utf-8")))
    if suffix == ".vtt":
        import webvtt
        return "\n".join(c.text for c in webvtt.read(str(path)))
    if suffix == ".otio":
        import opentimelineio as otio
        tl = otio.adapters.read_from_file(str(path))
        names = [tl.name] + [c.name for c in tl.find_clips()]
        names += [m.name for c in tl.find_clips() for m in c.markers]
        return "\n".join(names) + "\n" + path.read_text(encoding="utf-8")
    if suffix == ".mp4":
        return heard(path)
    return path.read_text(encoding="utf-8", errors="replace")


def heard(film: Path) -> str:
    """What our own Whisper (float32) hears in the film, and its metadata."""
    from ebcd_app.media.tools import tools
    from ebcd_app.speech.engine import TranscribeOptions, WhisperEngine, load_audio
    from ebcd_app.speech.locator import locate_model

    wav = film.with_suffix(".wav")
    subprocess.run([tools().ffmpeg, "-v", "error", "-y", "-i", str(film), "-vn", "-ac", "1",
                    "-ar", "16000", str(wav)], check=True)
    meta = subprocess.run([tools().ffmpeg, "-v", "error", "-i", str(film), "-f", "ffmetadata",
                           "-"], capture_output=True, text=True).stdout
    engine = WhisperEngine(locate_model(None), compute_type="float32")
    result = engine.transcribe(load_audio(wav), TranscribeOptions(language="en"))
    return meta + "\n" + " ".join(w.text for w in result.words)


def _spoken(phrase: str) -> list[str]:
    """How a phrase may be heard: "Ward 7" also as "ward seven"."""
    numbers = {"7": "seven", "8": "eight", "2": "two", "3": "three", "12": "twelve"}
    out = [phrase]
    spelled = " ".join(numbers.get(t, t) for t in phrase.split())
    if spelled != phrase:
        out.append(spelled)
    return out


def main() -> int:
    from ebcd_app.services.fingerprints import NGRAM, tokens

    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--no-render", action="store_true")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ebcd-readback-"))
    folder, out = work / "demo", work / "outputs"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    phrases, names, grams, _anna = prepare(folder)
    made = outputs(folder, out, not args.no_render)
    print(f"{len(made)} outputs made in {time.perf_counter() - t0:.0f} s; redacted phrases: "
          f"{', '.join(phrases)}; real names: {len(names)}; erased 5-grams: {len(grams)}")
    problems = 0
    for path in made:
        text = read_back(path)
        low = " ".join(tokens(text))
        found = [p for p in phrases + names for form in _spoken(p)
                 if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)
                 or (path.suffix == ".mp4" and " ".join(tokens(form)) in low)]
        toks = tokens(text)
        hers = sum(1 for i in range(len(toks) - NGRAM + 1)
                   if " ".join(toks[i:i + NGRAM]) in grams)
        if found or hers:
            problems += 1
            print(f"LEAK {path.name}: {sorted(set(found))} {hers} of her 5-grams")
    blob = b"\n".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    strings = " ".join(tokens(blob.decode("utf-8", errors="ignore")))
    her_left = sum(1 for g in grams if g in strings)
    print(f"strings over the project folder: {her_left} of her {len(grams)} 5-grams")
    audit = ebcd("audit", folder, check=False)
    print(f"ebcd audit: exit {audit.returncode}: {audit.stdout.strip().splitlines()[-1]}")
    print("clean" if not problems and not her_left and audit.returncode == 0
          else f"{problems} output(s) leak")
    return 1 if problems or her_left or audit.returncode else 0


if __name__ == "__main__":
    raise SystemExit(main())
