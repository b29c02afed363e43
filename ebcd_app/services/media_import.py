"""Import interview recordings into a project.

The original is copied, never modified, into media/ under its checksum; speech audio,
waveform peaks and a poster frame are derived beside it. Any failure leaves the project
exactly as it was: files are written to temporaries first and removed again if a later
step fails, and the database row is added last, in one transaction.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ebcd_app.basics import atomic
from ebcd_app.basics.errors import DuplicateRecordingError, MediaError, NotFoundError
from ebcd_app.basics.progress import CancelToken, ProgressSink, ProgressUpdate, ignore_progress
from ebcd_app.domain.models import Participant, Recording, RecordingState
from ebcd_app.media.audio import (
    PEAK_BYTES_PER_SECOND,
    SPEECH_BYTES_PER_SECOND,
    WAV_HEADER_BYTES,
    disk_full_error,
    is_disk_full,
    mount_point,
    normalise_speech,
    waveform_peaks,
)
from ebcd_app.media.poster import poster_frame
from ebcd_app.media.probe import MediaInfo, probe
from ebcd_app.services.audit import audit
from ebcd_app.store.db import ProjectStore
from ebcd_app.store.layout import PEAKS, POSTER, SPEECH_WAV

MEDIA_SUFFIXES = {
    ".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma", ".amr",
    ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".3gp", ".mts", ".wmv",
}
# Stated in every refusal: room for the database's growth, the temporaries and rounding
SPACE_MARGIN = 16 * 1000 * 1000
POSTER_BYTES = 1000 * 1000  # a 640-px JPEG is ~50-150 kB; 1 MB is generous


@dataclass(frozen=True)
class ImportResult:
    recording_id: int
    original_name: str
    duration: float
    has_video: bool
    duplicate: bool = False


def _check_readable(source: Path) -> int:
    """Return the file size, or refuse with the reason a user can act on."""
    try:
        if not source.exists():
            raise MediaError(f"{source}: no such file")
        if source.is_dir():
            raise MediaError(f"{source}: is a folder, not a media file")
        with open(source, "rb") as fh:
            fh.read(1)
        size = source.stat().st_size
    except PermissionError:
        raise MediaError(f"{source}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise MediaError(f"{source}: cannot be read ({exc.strerror})") from None
    if size == 0:
        raise MediaError(f"{source}: is empty (0 bytes)")
    return size


@dataclass(frozen=True)
class SpaceNeeded:
    """What an import writes into the project, in bytes, part by part."""

    original: int  # the copy (0 when the same file is already in media/)
    speech: int  # 16 kHz mono 16-bit WAV: 32 000 bytes a second of the probed duration
    peaks: int  # the waveform: 400 bytes a second
    poster: int  # videos only
    margin: int = SPACE_MARGIN

    @property
    def total(self) -> int:
        return self.original + self.speech + self.peaks + self.poster + self.margin


def space_needed(info: MediaInfo, size: int, *, copy: bool = True) -> SpaceNeeded:
    """The disk space an import of a file of `size` bytes described by `info` takes.

    From the probed duration, not the file's size: a 3-hour OGG of 85 MB becomes 346 MB of
    speech audio.
    """
    seconds = max(0.0, info.duration)
    return SpaceNeeded(size if copy else 0,
                       WAV_HEADER_BYTES + round(seconds * SPEECH_BYTES_PER_SECOND),
                       128 + round(seconds * PEAK_BYTES_PER_SECOND),
                       POSTER_BYTES if info.video else 0)


def _mb(n: int) -> str:
    """Megabytes (10^6 bytes), rounded up, so a need of 0.2 MB reads as 1 MB, never 0."""
    return f"{-(-n // 1_000_000)} MB"


def _check_space(store: ProjectStore, source: Path, need: SpaceNeeded) -> None:
    free = shutil.disk_usage(store.media_dir).free
    if free < need.total:
        parts = [f"original {_mb(need.original)}" if need.original else "original already "
                 "in the project", f"speech audio {_mb(need.speech)}",
                 f"waveform {_mb(need.peaks)}"]
        if need.poster:
            parts.append(f"poster {_mb(need.poster)}")
        parts.append(f"margin {_mb(need.margin)}")
        raise MediaError(
            f"{source}: not enough disk space to import it: needs {_mb(need.total)} "
            f"({', '.join(parts)}); {free // 1_000_000} MB free on "
            f"{mount_point(store.folder)}; nothing was imported")


def _copy_original(store: ProjectStore, source: Path, target: Path) -> str:
    """Copy the original in (sealed in an encrypted project); its sha256."""
    try:
        return store.vault.store_file(source, target)
    except OSError as exc:
        if is_disk_full(exc):
            raise MediaError(f"{source}: the disk filled up while copying it into the "
                             f"project; nothing was imported") from None
        raise MediaError(f"{source}: could not be copied into the project "
                         f"({exc.strerror or exc})") from None


def _derive(store: ProjectStore, media: Path, sha: str, info: MediaInfo,
            step: ProgressSink, label: str) -> None:
    """The 16 kHz copy, the waveform and a video's poster, each sealed into derived/ in an
    encrypted project (made in its private folder first)."""
    folder = store.derived_for(sha)
    folder.mkdir(parents=True, exist_ok=True)
    vault = store.vault
    try:
        with vault.opened(media) as source:
            step(ProgressUpdate("decoding speech audio", 0.4))
            with vault.writing(folder / SPEECH_WAV) as wav:
                normalise_speech(source, wav, info.duration, label)
                step(ProgressUpdate("drawing the waveform", 0.8))
                with vault.writing(folder / PEAKS) as peaks:
                    waveform_peaks(wav, peaks)
            if info.video:
                step(ProgressUpdate("taking a poster frame", 0.9))
                with vault.writing(folder / POSTER) as poster:
                    poster_frame(source, poster, info.duration, label=label)
    except OSError as exc:
        if is_disk_full(exc):
            raise MediaError(disk_full_error(label, folder, exc)) from None
        raise


def _participants(store: ProjectStore, ids: Sequence[int]) -> None:
    with store.session() as s:
        for pid in ids:
            if s.get(Participant, pid) is None:
                raise NotFoundError(f"no participant with id {pid}")


def import_recording(store: ProjectStore, source: Path, *, participant_ids: Sequence[int] = (),
                     progress: ProgressSink = ignore_progress,
                     cancel: CancelToken | None = None) -> ImportResult:
    """Import one file; raise MediaError (project untouched) or DuplicateRecordingError."""
    source = Path(source).expanduser()
    size = _check_readable(source)
    info = probe(source)
    if not info.audio:
        raise MediaError(f"{source}: has no audio stream, so there is nothing to transcribe")
    _participants(store, participant_ids)
    progress(ProgressUpdate("checking for duplicates", 0.05))
    sha = atomic.sha256_file(source)
    with store.session() as s:
        existing = s.scalars(select(Recording).where(Recording.sha256 == sha)).first()
        if existing is not None:
            raise DuplicateRecordingError(
                f"{source}: already in the project as recording {existing.id} "
                f"({existing.original_name}); not imported again", existing.id)
    media = store.media_dir / f"{sha}{source.suffix.lower()}"
    derived = store.derived_for(sha)
    created_media = not media.exists()
    _check_space(store, source, space_needed(info, size, copy=created_media))
    try:
        progress(ProgressUpdate("copying into the project", 0.1))
        copied_sha = _copy_original(store, source, media)
        if copied_sha != sha:
            raise MediaError(f"{source}: changed while it was being imported; try again")
        if cancel:
            cancel.raise_if_cancelled()
        # an encrypted project's copy is sealed: the source, checked equal, is read instead
        _derive(store, source if store.vault.encrypted else media, sha, info, progress,
                str(source))
        if cancel:
            cancel.raise_if_cancelled()
        with store.session() as s:
            rec = Recording(
                original_name=source.name, media_path=str(media.relative_to(store.folder)),
                sha256=sha, size_bytes=size, duration=round(info.duration, 3),
                has_video=bool(info.video), streams=[st.to_dict() for st in info.streams],
                state=RecordingState.IMPORTED)
            rec.participants = [s.get_one(Participant, pid) for pid in participant_ids]
            s.add(rec)
            s.flush()
            audit(s, "recording.import", f"recording {rec.id}", file=source.name, sha256=sha)
            rec_id = rec.id
    except BaseException:
        if created_media:
            media.unlink(missing_ok=True)
        shutil.rmtree(derived, ignore_errors=True)
        raise
    progress(ProgressUpdate("imported", 1.0))
    return ImportResult(rec_id, source.name, info.duration, bool(info.video))


def _walk_folder(folder: Path) -> list[Path]:
    """The media files under `folder`, following folder links but never round a loop.

    Refuses, naming the folder, when there is nothing to import: an empty folder, one with
    no audio or video in it, or one whose only way on is a link back into itself (until
    now all three imported nothing and said nothing, so a facilitator thought it had worked).
    """
    found: list[Path] = []
    others = 0
    loops: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            st = here.stat()
            key = (st.st_dev, st.st_ino)
            if key in seen:  # a link back to a folder already searched
                loops.append(here)
                continue
            seen.add(key)
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                loops.append(here)
                continue
            raise MediaError(f"{here}: cannot be read ({exc.strerror})") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden: .DS_Store, ._resource forks, .Trash
            path = Path(entry.path)
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                pending.append(path)
            elif is_file and path.suffix.lower() in MEDIA_SUFFIXES:
                found.append(path)
            elif entry.is_symlink() and _is_loop(path):
                loops.append(path)
            else:
                others += 1
    if found:
        return sorted(found)
    if loops:
        raise MediaError(f"{folder}: no recordings found; the folder only leads round a loop "
                         f"of links ({loops[0]} points back into it)")
    if others:
        raise MediaError(f"{folder}: no recordings in this folder ({others} other file"
                         f"{'s' if others != 1 else ''}, none of them audio or video)")
    raise MediaError(f"{folder}: the folder is empty; no recordings to import")


def _is_loop(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def expand_sources(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the media files inside any folders (as a drop of a folder).

    Raises MediaError for a folder with nothing to import and for a link that loops.
    """
    found: list[Path] = []
    for path in paths:
        path = Path(path).expanduser()
        if path.is_dir():
            found.extend(_walk_folder(path))
        elif path.is_symlink() and _is_loop(path):
            raise MediaError(f"{path}: is a link that leads round a loop back to itself; "
                             "nothing to import")
        else:
            found.append(path)
    return found


def speech_audio(store: ProjectStore, rec: Recording) -> Path:
    """The normalised speech WAV, rebuilt if derived/ was deleted (it is rebuildable)."""
    wav = store.derived_for(rec.sha256) / SPEECH_WAV
    if not wav.is_file():
        media = store.folder / rec.media_path
        info = probe(media)
        _derive(store, media, rec.sha256, info, ignore_progress, rec.original_name)
    return wav



