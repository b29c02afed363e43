"""The demo project: a fictional ward's interviews, imported and transcribed end to end.

It is the product's main job in miniature (and the README's first command), so it goes
through exactly the services a facilitator's own project uses, and reports what it made.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.basics.paths import data_dir
from ebcd_app.basics.progress import CancelToken, ProgressSink, ignore_progress
from ebcd_app.basics.resources import resources_dir
from ebcd_app.domain.models import JourneyType, ProjectKind, Scope
from ebcd_app.services import (
    editing,
    film_draft,
    markers,
    media_import,
    notes,
    projects,
    search,
    suggestions,
    touchpoints,
    transcription,
    vocabulary,
)
from ebcd_app.services.demo_events import seed_events_and_groups
from ebcd_app.services.transcripts import render_transcript
from ebcd_app.store.db import ProjectStore

DEMO_MARKER = ".ebcd-demo"
SEARCH_EXAMPLE = "call bell"


def demo_root(staff: bool = False) -> Path:
    """The bundled demo: the patient ward (default), or the night staff (staff experience)."""
    return resources_dir() / ("demo-staff" if staff else "demo")


def load_manifest(staff: bool = False) -> dict:
    return json.loads((demo_root(staff) / "manifest.json").read_text(encoding="utf-8"))


def default_demo_dir(staff: bool = False) -> Path:
    return data_dir() / ("demo-staff-project" if staff else "demo-project")


_SPEAKER_PREFIX = re.compile(r"^[A-Z][a-z]+:\s*", re.M)


def spoken_script(text: str) -> str:
    """A script as it is heard: a group discussion's "Name:" prefixes are not spoken."""
    return _SPEAKER_PREFIX.sub("", text)


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over words, divided by the reference length."""
    ref, hyp = _words(reference), _words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / max(1, len(ref))


def _fresh_folder(folder: Path) -> None:
    """Remove an earlier demo build, and nothing else."""
    if not folder.exists():
        return
    if (folder / DEMO_MARKER).is_file() or not any(folder.iterdir()):
        shutil.rmtree(folder)
        return
    raise EbcdError(f"{folder}: exists and is not a demo project; choose another --dir")


def create_demo_project(folder: Path, manifest: dict, root: Path, *,
                        passphrase: str | None = None) -> tuple[ProjectStore, dict]:
    """Project, participants with consent, field notes and imported recordings (encrypted
    at rest with a passphrase)."""
    info = manifest["project"]
    store = projects.create_project(folder, name=info["name"], service=info["service"],
                                    journey_type=JourneyType(info["journey_type"]),
                                    vocabulary=info["vocabulary"], passphrase=passphrase,
                                    kind=ProjectKind(info.get("kind", "patient-experience")))
    (folder / DEMO_MARKER).write_text("built by `ebcd demo`; rebuilt on every run\n")
    ids: dict[str, int] = {}
    for person in manifest["participants"]:
        ids[person["key"]] = projects.add_participant(
            store, name=person["display_name"], pseudonym=person["pseudonym"],
            role=projects.parse_role(person["role"]),
            granted={Scope(k) for k, v in person["consent"].items() if v},
            taken_by=person["consent_taken_by"],
            taken_on=date.fromisoformat(person["consent_date"]),
            shown_as=person.get("shown_as", ""), attributes=person.get("attributes"))
    for note in manifest.get("observation_notes", []):
        notes.add_note(store, text=note["text"], place=note["place"],
                       observed_at=datetime.fromisoformat(note["observed_at"]),
                       author="Fiona Reid")
    recordings = {}
    for item in manifest["recordings"]:
        keys = item.get("participants") or [item["participant"]]
        result = media_import.import_recording(store, root / item["file"],
                                               participant_ids=[ids[k] for k in keys])
        recordings[result.recording_id] = item
    return store, recordings


def _index(tokens: list[str], part: list[str], start: int) -> int | None:
    for i in range(start, len(tokens) - len(part) + 1):
        if tokens[i:i + len(part)] == part:
            return i
    return None


def _locate(tokens: list[str], phrase: str, start: int = 0) -> tuple[int, int] | None:
    """Where the phrase is (first and last token), at or after start.

    Whisper may write a word differently from the script ("rotor" for "rota"), so when the
    whole phrase is not found, its longest run of two or more words that is found places it.
    """
    want = _words(phrase)
    for size in range(len(want), 1, -1):
        for i in range(len(want) - size + 1):
            at = _index(tokens, want[i:i + size], start)
            if at is not None:
                first = max(start, at - i)
                return first, min(len(tokens) - 1, first + len(want) - 1)
    return None


def tag_demo_touchpoints(store: ProjectStore, manifest: dict, recordings: dict) -> int:
    """Tag the manifest's touch points on the fresh transcripts; return how many were found."""
    by_file = {item["file"]: rec_id for rec_id, item in recordings.items()}
    stage_ids = {(st.journey.value, st.name): st.id for st in vocabulary.stages(store)}
    tagged = 0
    for tp in manifest.get("touch_points", []):
        view = editing.load_transcript(store, by_file[tp["recording"]])
        words = view.words if view else []
        tokens = ["".join(_words(w.text)) for w in words]
        head = _locate(tokens, tp["from"])
        tail = _locate(tokens, tp["to"], head[0]) if head else None
        if head is None or tail is None:
            continue
        a, b = head[0], tail[1]
        touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
            first_word_id=words[a].id, last_word_id=words[b].id,
            stage_id=stage_ids.get((JourneyType(tp["journey"]).value, tp["stage"])),
            sentiment=touchpoints.parse_sentiment(tp["sentiment"]), emotion=tp["emotion"],
            themes=tuple(tp["themes"]), is_quote=tp["quote"], author="Fiona Reid"))
        tagged += 1
    for mk in manifest.get("markers", []):
        markers.add_marker(store, recording_id=by_file[mk["recording"]], at_seconds=mk["at"],
                           label=mk["label"])
    return tagged


def name_voices(store: ProjectStore, rec_id: int, labels: list[str]) -> None:
    """Name a group discussion's voices in the order they are first heard, as the
    facilitator would after listening (consent then follows each voice)."""
    view = editing.load_transcript(store, rec_id)
    if view is None:
        return
    seen: list[int] = []
    for seg in view.segments:
        if seg.speaker_id is not None and seg.speaker_id not in seen:
            seen.append(seg.speaker_id)
    for speaker_id, label in zip(seen, labels, strict=False):
        editing.rename_speaker(store, speaker_id, label)


def build_demo(folder: Path | None = None, *, model: str | None = None,
               out: Callable[[str], None] = print,
               progress: ProgressSink = ignore_progress,
               cancel: CancelToken | None = None, passphrase: str | None = None,
               staff: bool = False) -> Path:
    """Build the demo project from the bundled samples (encrypted with a passphrase);
    return its folder. `staff`: the staff-experience demo (night staff, leadership)."""
    root = demo_root(staff)
    manifest = load_manifest(staff)
    folder = (folder or default_demo_dir(staff)).expanduser().resolve()
    _fresh_folder(folder)
    started = time.monotonic()
    out(f"Building the demo project in {folder}")
    store, recordings = create_demo_project(folder, manifest, root, passphrase=passphrase)
    with store:
        people = projects.list_participants(store)
        out(f"\nProject: {manifest['project']['name']}\nParticipants:")
        for p in people:
            agreed = ", ".join(s.value.replace("_", " ") for s, ok in p.consents.items() if ok)
            out(f"  {p.id}. {p.pseudonym} ({p.role.value}) consented to: {agreed}")
        out(f"\nImported {len(recordings)} recordings; transcribing them with Whisper "
            "on this computer (nothing leaves it)...")
        for rec_id, item in recordings.items():
            transcription.transcribe_recording(store, rec_id, model=model, language="en",
                                               progress=progress, cancel=cancel)
            if item.get("voices"):
                name_voices(store, rec_id, item["voices"])
        out("\nRecordings:")
        for rec in projects.list_recordings(store):
            item = recordings[rec.id]
            text = render_transcript(store, rec.id, "txt")
            spoken = json.loads(render_transcript(store, rec.id, "json"))
            words = " ".join(w["text"] for s in spoken["segments"] for w in s["words"])
            script = spoken_script((root / item["script"]).read_text(encoding="utf-8"))
            wer = word_error_rate(script, words)
            kind = "video" if rec.has_video else "audio"
            out(f"  {rec.id}. {rec.original_name} ({rec.duration:.0f} s, {kind}): "
                f"{rec.state_text}, {len(words.split())} words, "
                f"word error rate {wer:.0%} against the script")
            first = text.split("\n")[0]
            out(f"     {first[:150]}{'...' if len(first) > 150 else ''}")
        tagged = tag_demo_touchpoints(store, manifest, recordings)
        run = suggestions.run_suggestions(store, progress=progress, cancel=cancel)
        out(f"\nTagged {tagged} of {len(manifest.get('touch_points', []))} example touch "
            f"points; language suggestions to review: {run.sentiment} sentiments, "
            f"{run.redaction} names to redact, {run.themes} themes ({run.pipeline}).")
        draft = film_draft.auto_draft(store)
        held, made = seed_events_and_groups(store, manifest)
        out(f"\nDrafted the film: {draft.chapters} chapters, {draft.clips} clips, "
            f"{draft.duration / 60:.1f} min. Recorded {held} events and "
            f"{made} co-design groups with their meetings, actions, PDSA cycles and "
            "measures.")
        example = manifest.get("search", SEARCH_EXAMPLE)
        hits = search.search(store, example)
        out(f"\nSearch for \"{example}\": {len(hits)} hit(s)")
        for h in hits[:5]:
            where = (f"{h.recording_name} at {h.time:.1f} s" if h.kind == "transcript"
                     else f"field note {h.note_id}")
            out(f"  {where}: {h.context}")
    out(f"\nDone in {time.monotonic() - started:.0f} s. Try:\n"
        f"  ebcd recordings \"{folder}\"\n"
        f"  ebcd transcript \"{folder}\" 1 --format srt\n"
        f"  ebcd search \"{folder}\" \"handover\"\n"
        f"  ebcd touchpoints \"{folder}\" list\n"
        f"  ebcd map \"{folder}\" --out map.svg\n"
        + (f"  ebcd pack \"{folder}\" leadership --out leadership-pack.pdf\n"
           f"  ebcd film \"{folder}\" render --out film.mp4" if staff else
           f"  ebcd pack \"{folder}\" joint --out joint-pack.pdf"))
    return folder
