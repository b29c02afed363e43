"""Errors a user sees.

Every failure the user can cause or fix (bad media, no model, a project from a newer
version) is an `EbcdError` whose message names the file and the problem in one line, so
the CLI and the GUI can show it as it is, without a traceback.
"""

from __future__ import annotations


class EbcdError(Exception):
    """A problem the user can act on; `str(err)` is the whole message."""


class ProjectError(EbcdError):
    """The project folder or its database cannot be used."""


class NewerProjectError(ProjectError):
    """The project was written by a newer version of EBCD Studio."""


class NotFoundError(EbcdError):
    """A participant, recording or other item named by the user does not exist."""


class MediaError(EbcdError):
    """A media file cannot be imported or processed."""


class DuplicateRecordingError(MediaError):
    """The same file (same checksum) is already in the project."""

    def __init__(self, message: str, recording_id: int) -> None:
        super().__init__(message)
        self.recording_id = recording_id


class ModelNotFoundError(EbcdError):
    """No Whisper model could be located."""


class TranscriptFormatError(EbcdError):
    """A subtitle or transcript file could not be read."""


class Cancelled(EbcdError):
    """The user cancelled a long task; nothing half-done was kept."""


class CorrectedTranscriptError(EbcdError):
    """Replacing this transcript would throw away corrections a person made."""


class ProjectBusyError(ProjectError):
    """Another process kept the project's database locked for longer than we wait."""


class DiskFullError(ProjectError):
    """The disk holding the project is full (or failing): nothing was written."""


class DamagedProjectError(ProjectError):
    """The project's database is damaged: it is never written to, only read and restored."""


class ReadOnlyProjectError(ProjectError):
    """The project can be read but not changed (read-only folder or disk, or damaged)."""
