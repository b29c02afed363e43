"""Encryption at rest (issue 17): an encrypted project runs the pipeline and keeps nothing
readable in its folder; a wrong passphrase touches nothing; a changed file is refused by
name; a plain project is encrypted in place, and a run killed half way is finished by the
next.

Read back with tools we did not write: ffprobe for the film, pypdf for the pack, the
`srt` parser for the export, and the raw bytes of every file in the folder for what a thief
with the laptop (and not the passphrase) would find.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import ffmpeg
import pytest
import srt
from cli_run import ebcd, one_line_refusal
from pypdf import PdfReader
from transcribed import PATIENT_SRT, recording_from_srt

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import Role, Scope
from ebcd_app.media.tools import tools
from ebcd_app.services import encryption, film, projects, snapshots, touchpoints
from ebcd_app.services.editing import load_transcript
from ebcd_app.services.transcription import CHECKPOINT, _Checkpoint
from ebcd_app.speech.engine import SegmentResult, WordResult
from ebcd_app.store.vault import (
    CHUNK,
    MAGIC,
    SCRATCH_PREFIX,
    PassphraseError,
    Vault,
    new_keys,
    unlock,
)

PASS = "a long test passphrase"
NAME = "Philippa Quenby"


def _everything(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _plain_words(data: bytes, words: list[str]) -> list[str]:
    low = data.lower()
    return [w for w in words if w.lower().encode() in low]


def _env(passphrase: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "EBCD_PASSPHRASE"}
    if passphrase is not None:
        env["EBCD_PASSPHRASE"] = passphrase
    return env


def _ebcd(*args: object, passphrase: str | None = PASS) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ebcd_app", *map(str, args)],
                          capture_output=True, text=True, timeout=600,
                          env=_env(passphrase), stdin=subprocess.DEVNULL)


def _our_scratch_left() -> list[Path]:
    """Private plain folders of processes that have ended (there must be none)."""
    from ebcd_app.basics.atomic import owned_by_live_process

    found = []
    for base in (Path("/dev/shm"), Path("/tmp")):
        if base.is_dir():
            found += [p for p in base.glob(f"{SCRATCH_PREFIX}*")
                      if not owned_by_live_process(p)]
    return found


@pytest.mark.slow
def test_an_encrypted_project_runs_the_pipeline_and_its_folder_reads_as_noise(
        tmp_path: Path, media_files, long_speech) -> None:
    folder = tmp_path / "secret"
    made = _ebcd("new", folder, "--name", "Ward 7 night experience", "--encrypt")
    assert made.returncode == 0, made.stderr
    assert "encrypted" in made.stdout
    scopes = ",".join(s.value for s in Scope)
    assert _ebcd("participant", "add", folder, "--name", NAME, "--role", "patient",
                 "--pseudonym", "Pip", "--consent", scopes).returncode == 0
    for media in (media_files["speech.mp4"], long_speech.wav):
        done = _ebcd("import", folder, media, "--participant", 1)
        assert done.returncode == 0, done.stderr

    # kill -9 while the long one is being transcribed: its plain copy is left in a dead
    # process's private folder, its checkpoint is sealed, and the next run resumes
    with projects.open_project(folder, passphrase=PASS) as store:
        long_sha = projects.recording_media(store, 2).sha256
    checkpoint = store.derived_for(long_sha) / CHECKPOINT
    proc = subprocess.Popen([sys.executable, "-m", "ebcd_app", "transcribe", str(folder),
                             "--language", "en"], start_new_session=True, env=_env(PASS),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if checkpoint.exists() and len(checkpoint.read_text().splitlines()) >= 2:
            break
        assert proc.poll() is None, "transcription finished before it could be killed"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert b"words" not in checkpoint.read_bytes()
    left = _our_scratch_left()
    assert any(str(proc.pid) in p.name for p in left)  # the plain WAV it was reading
    assert _ebcd("recordings", folder).returncode == 0
    assert _our_scratch_left() == []  # swept when the project was next opened
    done = _ebcd("transcribe", folder, "--language", "en")
    assert done.returncode == 0, done.stderr
    assert re.search(r"resumed at \d+\.\d s", done.stdout), done.stdout

    with projects.open_project(folder, passphrase=PASS) as store:
        segments = load_transcript(store, 1).segments
        heard = [w.text.strip(".,").lower() for seg in segments for w in seg.words]
        chapter = film.add_chapter(store, "Arriving")[1]
        first = segments[0]
        touchpoints.add_touchpoint(store, touchpoints.TouchPointData(
            recording_id=1, first_word_id=first.words[0].id,
            last_word_id=first.words[-1].id, is_quote=True))
        film.add_clip(store, chapter, first.words[0].id, first.words[-1].id)
    assert "reassured" in heard or "nurse" in heard  # Whisper heard the speech

    out = tmp_path / "out"
    out.mkdir()
    done = _ebcd("film", folder, "render", "--out", out / "film.mp4")
    assert done.returncode == 0, done.stderr
    done = _ebcd("pack", folder, "patient", "--out", out / "pack.pdf")
    assert done.returncode == 0, done.stderr
    done = _ebcd("transcript", folder, 1, "--format", "srt", "--out", out / "t.srt")
    assert done.returncode == 0, done.stderr
    assert _ebcd("audit", folder).returncode == 0

    # the outputs a facilitator takes away are ordinary files
    streams = {s["codec_type"]: s for s in ffmpeg.probe(str(out / "film.mp4"),
                                                         cmd=tools().ffprobe)["streams"]}
    assert {"video", "audio"} <= set(streams)
    assert float(streams["audio"]["duration"]) > 3
    pack_text = " ".join(page.extract_text() for page in PdfReader(out / "pack.pdf").pages)
    assert "nurse" in pack_text.lower()
    cues = list(srt.parse((out / "t.srt").read_text()))
    assert "nurse" in " ".join(c.content for c in cues).lower()

    # the project folder: every recording and derived file sealed, nothing readable
    files = _everything(folder)
    sealed = [name for name in files if name.startswith(("media/", "derived/"))]
    assert len(sealed) >= 4  # original, 16 kHz copy, waveform, poster
    assert all(files[name].startswith(MAGIC) for name in sealed)
    assert not files["project.db"].startswith(b"SQLite format 3")
    long_words = sorted({w for w in heard if len(w) >= 6})
    raw = b"\n".join(files.values())
    assert _plain_words(raw, [*long_words, "Quenby", "Philippa", "night experience"]) == []
    # and no plain copy is left behind in the private scratch folders
    assert _our_scratch_left() == []


def test_a_wrong_or_missing_passphrase_is_one_line_and_touches_nothing(tmp_path: Path,
                                                                       media_files) -> None:
    folder = tmp_path / "secret"
    with projects.create_project(folder, name="Nights", passphrase=PASS) as store:
        person = projects.add_participant(store, name=NAME, role=Role.PATIENT,
                                          granted=set(Scope))
        recording_from_srt(store, media_files["speech.wav"], PATIENT_SRT, person, tmp_path)
        snapshots.take_snapshot(store)
    before = _everything(folder)

    wrong = one_line_refusal(_ebcd("recordings", folder, passphrase="not the passphrase"))
    assert "wrong passphrase" in wrong and str(folder) in wrong
    missing = one_line_refusal(_ebcd("recordings", folder, passphrase=None))
    assert "encrypted" in missing and "EBCD_PASSPHRASE" in missing
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        projects.open_project(folder, passphrase="not the passphrase")
    assert _everything(folder) == before  # not a byte changed, nothing added

    listed = _ebcd("snapshots", folder)
    assert listed.returncode == 0 and "DAMAGED" not in listed.stdout
    shown = _ebcd("transcript", folder, 1, "--format", "txt")
    assert shown.returncode == 0 and "discharge lounge" in shown.stdout


def test_a_sealed_file_that_was_changed_or_cut_is_refused_by_name(tmp_path: Path) -> None:
    vault = Vault(new_keys(tmp_path, PASS))
    data = os.urandom(2 * CHUNK + 12345)  # three chunks
    source = tmp_path / "plain.bin"
    source.write_bytes(data)
    sealed = tmp_path / "sealed.bin"
    sha = vault.store_file(source, sealed)
    assert sha == hashlib.sha256(data).hexdigest()
    assert vault.read_bytes(sealed) == data
    with vault.opened(sealed) as plain:
        assert plain.read_bytes() == data
    assert not plain.exists()  # the plain copy is gone after use

    raw = bytearray(sealed.read_bytes())
    raw[len(MAGIC) + 7 + CHUNK + 100] ^= 0x01  # one bit in the second chunk
    changed = tmp_path / "changed.bin"
    changed.write_bytes(bytes(raw))
    with pytest.raises(EbcdError, match=r"changed\.bin: is damaged"):
        vault.read_bytes(changed)
    cut = tmp_path / "cut.bin"
    cut.write_bytes(sealed.read_bytes()[: len(MAGIC) + 7 + 2 * (CHUNK + 16)])
    with pytest.raises(EbcdError, match=r"cut\.bin"):
        vault.read_bytes(cut)
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        unlock(tmp_path, "another passphrase")


def test_the_transcription_checkpoint_is_sealed_line_by_line_and_resumes(tmp_path) -> None:
    vault = Vault(new_keys(tmp_path, PASS))
    path = tmp_path / CHECKPOINT
    point = _Checkpoint(path, vault)
    point.start({"model": "base"})
    words = [WordResult("frightened", 0.0, 0.5, 0.9), WordResult("alone", 0.5, 1.0, 0.9)]
    point.append(SegmentResult(0.0, 1.0, "frightened alone", words))
    with open(path, "a") as fh:
        fh.write("~torn-by-a-kill")  # a half-written last line
    assert b"frightened" not in path.read_bytes()
    header, segments = _Checkpoint(path, vault).load()
    assert header["model"] == "base"
    assert [s.text for s in segments] == ["frightened alone"]


def test_encrypting_a_project_in_place_and_finishing_after_a_kill(tmp_path: Path,
                                                                   media_files,
                                                                   monkeypatch) -> None:
    folder = tmp_path / "plain"
    with projects.create_project(folder, name="Discharge") as store:
        person = projects.add_participant(store, name=NAME, role=Role.PATIENT,
                                          granted=set(Scope))
        recording_from_srt(store, media_files["speech.mp3"], PATIENT_SRT, person, tmp_path)
        snapshots.take_snapshot(store)
    was = ebcd("transcript", folder, 1, "--format", "txt").stdout
    assert b"discharge lounge" in b"".join(_everything(folder).values())

    real_export = encryption._export

    def killed(db: Path, keys) -> None:
        if db.name == "project.db":
            raise KeyboardInterrupt  # the power goes just before the database
        real_export(db, keys)

    monkeypatch.setattr(encryption, "_export", killed)
    with pytest.raises(KeyboardInterrupt):
        encryption.encrypt_project(folder, PASS)
    monkeypatch.setattr(encryption, "_export", real_export)
    half = one_line_refusal(_ebcd("recordings", folder))
    assert "interrupted" in half and "ebcd encrypt" in half

    done = _ebcd("encrypt", folder)
    assert done.returncode == 0, done.stderr
    assert "encrypted" in done.stdout
    again = one_line_refusal(_ebcd("encrypt", folder))
    assert "encrypted already" in again

    raw = b"\n".join(_everything(folder).values())
    assert _plain_words(raw, ["discharge lounge", "reassuring", "Quenby"]) == []
    assert not re.search(rb"SQLite format 3", raw)  # database, snapshots, WAL: all sealed
    now = _ebcd("transcript", folder, 1, "--format", "txt")
    assert now.returncode == 0 and now.stdout == was
    assert one_line_refusal(_ebcd("recordings", folder, passphrase=None))
