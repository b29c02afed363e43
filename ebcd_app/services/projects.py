"""Projects, participants and their consent: the first use cases of the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.consent import SCOPES, has_withdrawn
from ebcd_app.domain.models import (
    ConsentScope,
    Job,
    JobState,
    JourneyType,
    Participant,
    Project,
    ProjectKind,
    Recording,
    RecordingState,
    Role,
    Scope,
)
from ebcd_app.services.audit import audit
from ebcd_app.services.jobs import reset_stale_jobs
from ebcd_app.services.snapshots import snapshot_on_open
from ebcd_app.services.vocabulary import seed_defaults
from ebcd_app.store import db, vault
from ebcd_app.store.db import ProjectStore, create_store, open_store
from ebcd_app.store.layout import PEAKS, POSTER
from ebcd_app.store.vault import Keys


def create_project(folder: Path, *, name: str, service: str = "",
                   journey_type: JourneyType = JourneyType.PATIENT,
                   vocabulary: Iterable[str] = (),
                   passphrase: str | None = None,
                   kind: ProjectKind = ProjectKind.PATIENT_EXPERIENCE) -> ProjectStore:
    """A new project; with a passphrase, encrypted at rest (store/vault.py). A staff
    experience project listens to staff (its journey is the staff journey, its audiences
    colleagues and senior leadership) and is seeded with staff-wellbeing vocabularies."""
    if kind == ProjectKind.STAFF_EXPERIENCE:
        journey_type = JourneyType.STAFF
    store = create_store(folder, passphrase=passphrase)
    with store.session() as s:
        s.add(Project(name=name, service=service, journey_type=journey_type,
                      vocabulary=list(vocabulary), kind=kind))
        s.flush()
        seed_defaults(s)
        audit(s, "project.create", name)
    return store


def is_encrypted(folder: Path) -> bool:
    """Whether the project is encrypted at rest (opening it needs its passphrase)."""
    return vault.is_encrypted(Path(folder))


def project_keys(folder: Path, passphrase: str | None) -> Keys | None:
    """An encrypted project's keys without opening it (for its snapshots)."""
    return db.project_keys(Path(folder).expanduser().resolve(), passphrase)


def open_project(folder: Path, *, passphrase: str | None = None) -> ProjectStore:
    """Open a project; one made before the vocabularies existed gets the defaults. An
    encrypted one needs its passphrase (given, or EBCD_PASSPHRASE)."""

    store = open_store(folder, passphrase=passphrase)
    if not store.read_only:  # a read-only or damaged project is read as it is
        try:
            with store.session() as s:
                seed_defaults(s)

            snapshot_on_open(store)
        except BaseException:
            store.close()
            raise
    return store


def get_project(session: Session) -> Project:
    project = session.scalars(select(Project).limit(1)).first()
    if project is None:
        raise EbcdError("the project database has no project record")
    return project


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower().replace("_", "-"))
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise EbcdError(f"unknown role '{text}' (choose from: {choices})") from None


def parse_scopes(text: str) -> list[Scope]:
    scopes = []
    for part in filter(None, (p.strip().lower().replace("-", "_").replace(" ", "_")
                              for p in text.split(","))):
        try:
            scopes.append(Scope(part))
        except ValueError:
            choices = ", ".join(s.value for s in Scope)
            raise EbcdError(f"unknown consent scope '{part}' (choose from: {choices})") from None
    return scopes


@dataclass(frozen=True)
class ParticipantInfo:
    id: int
    display_name: str
    pseudonym: str
    role: Role
    recording_ids: tuple[int, ...]
    consents: dict[Scope, bool]
    recording_names: tuple[str, ...] = ()
    withdrawn: bool = False  # withdrew from the project: nothing of theirs is used now
    shown_as: str = ""  # the role they agreed to be shown as (staff experience)
    attributes: tuple[tuple[str, str], ...] = ()  # what small-group protection counts

    @property
    def attributes_text(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.attributes)


def parse_attributes(text: str | Iterable[str]) -> dict[str, str]:
    """"band=5, team=Willow Ward, shift=nights" (or one "key=value" per item)."""
    items = text.split(",") if isinstance(text, str) else list(text)
    found: dict[str, str] = {}
    for item in (i.strip() for i in items):
        if not item:
            continue
        key, eq, value = item.partition("=")
        if not eq or not key.strip() or not value.strip():
            raise EbcdError(f"attribute '{item}' should look like band=7 or shift=nights")
        found[key.strip().lower()] = value.strip()
    return found


def add_participant(store: ProjectStore, *, name: str, role: Role, pseudonym: str = "",
                    granted: Iterable[Scope] = (), taken_by: str = "",
                    taken_on: date | None = None, shown_as: str = "",
                    attributes: dict[str, str] | None = None) -> int:
    """A participant with their consent. `shown_as` is the role they agreed to be shown
    as ("a nurse on nights"); `attributes` ("band", "team", "shift") are what
    small-group protection counts in what senior leadership sees."""
    name = name.strip()
    if not name:
        raise EbcdError("a participant needs a name")
    with store.session() as s:
        person = Participant(display_name=name, role=role, pseudonym=pseudonym.strip(),
                             shown_as=shown_as.strip(),
                             attributes={k: str(v).strip() for k, v in
                                         (attributes or {}).items() if str(v).strip()})
        s.add(person)
        s.flush()
        _record_consent(s, person, granted=set(granted), taken_by=taken_by,
                        taken_on=taken_on or date.today())
        audit(s, "participant.add", f"participant {person.id}", actor=taken_by, role=role.value)
        return person.id


def _record_consent(s: Session, person: Participant, *, granted: set[Scope], taken_by: str,
                    taken_on: date) -> None:
    existing = {c.scope: c for c in person.consents}
    for scope in Scope:
        row = existing.get(scope)
        if row is None:
            row = ConsentScope(scope=scope)
            person.consents.append(row)
        row.granted = scope in granted
        row.recorded_on = taken_on
        row.recorded_by = taken_by


def set_consent(store: ProjectStore, participant_id: int, *, granted: Iterable[Scope],
                taken_by: str, taken_on: date | None = None) -> None:
    """Record the consent form as a whole: listed scopes yes, all others no."""
    granted = set(granted)
    with store.session() as s:
        person = _participant(s, participant_id)
        _record_consent(s, person, granted=granted, taken_by=taken_by,
                        taken_on=taken_on or date.today())
        audit(s, "consent.record", f"participant {participant_id}", actor=taken_by,
              granted=sorted(g.value for g in granted))


def withdraw_consent(store: ProjectStore, participant_id: int, *, by: str,
                     scopes: Iterable[Scope] | None = None) -> None:
    """Withdraw some scopes, or all when none are named; recorded in the audit trail."""
    chosen = set(scopes) if scopes is not None else set(Scope)
    now = datetime.now()
    with store.session() as s:
        person = _participant(s, participant_id)
        for row in person.consents:
            if row.scope in chosen and row.withdrawn_at is None:
                row.withdrawn_at, row.withdrawn_by = now, by
        audit(s, "consent.withdraw", f"participant {participant_id}", actor=by,
              scopes=sorted(c.value for c in chosen))


def _participant(s: Session, participant_id: int) -> Participant:
    person = s.get(Participant, participant_id)
    if person is None:
        raise NotFoundError(f"no participant with id {participant_id}")
    return person


def list_participants(store: ProjectStore) -> list[ParticipantInfo]:
    with store.session() as s:
        people = s.scalars(select(Participant).order_by(Participant.id)).all()
        return [
            ParticipantInfo(p.id, p.display_name, p.pseudonym, p.role,
                            tuple(r.id for r in p.recordings),
                            {c.scope: c.granted and c.withdrawn_at is None for c in p.consents},
                            tuple(r.original_name for r in p.recordings), has_withdrawn(p),
                            p.shown_as or "", tuple(sorted((p.attributes or {}).items())))
            for p in people
        ]


@dataclass(frozen=True)
class RecordingInfo:
    id: int
    original_name: str
    duration: float
    has_video: bool
    state: RecordingState
    progress: float
    error: str | None
    participant_ids: tuple[int, ...]

    @property
    def state_text(self) -> str:
        if self.state == RecordingState.TRANSCRIBING:
            return f"transcribing {int(self.progress * 100)}%"
        if self.state == RecordingState.FAILED and self.error:
            return f"failed: {self.error}"
        return self.state.value


def list_recordings(store: ProjectStore) -> list[RecordingInfo]:

    with store.session() as s:
        reset_stale_jobs(s)
        running = dict(s.execute(select(Job.recording_id, Job.progress).where(
            Job.state == JobState.RUNNING)).tuples().all())
        return [
            RecordingInfo(r.id, r.original_name, r.duration, r.has_video, r.state,
                          running.get(r.id, 0.0), r.error,
                          tuple(p.id for p in r.participants))
            for r in s.scalars(select(Recording).order_by(Recording.id))
        ]


def resolve_recording(session: Session, ref: str | int) -> Recording:
    """A recording by id or by its original file name, as users type either.

    The name as typed wins (a file may really be called "  interview.wav", and then it must
    be found); only when nothing has that exact name are spaces around either ignored.
    """
    typed = str(ref)
    text = typed.strip()
    if text.isdigit():
        rec = session.get(Recording, int(text))
        if rec is not None:
            return rec
    name = func.lower(Recording.original_name)
    matches: Sequence[Recording] = ()
    for same in (name == typed.lower(), name == text.lower(), func.trim(name) == text.lower()):
        matches = session.scalars(select(Recording).where(same)).all()
        if matches:
            break
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        ids = ", ".join(str(m.id) for m in matches)
        raise NotFoundError(f"'{text}' names several recordings (ids {ids}); use the id")
    raise NotFoundError(f"no recording with id or file name '{text}'")


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    service: str
    journey_type: JourneyType
    vocabulary: tuple[str, ...]
    whisper_model: str = "base"
    redaction_sound: str = "tone"
    kind: ProjectKind = ProjectKind.PATIENT_EXPERIENCE
    min_group: int = 3

    @property
    def staff_experience(self) -> bool:
        return self.kind == ProjectKind.STAFF_EXPERIENCE  # as Project.staff_experience

    @property
    def scopes(self) -> tuple[Scope, ...]:
        """The consent form's scopes for this kind of project."""
        return SCOPES[self.kind]


REDACTION_SOUNDS = ("tone", "silence")


def project_info(store: ProjectStore) -> ProjectInfo:
    with store.session() as s:
        p = get_project(s)
        return ProjectInfo(p.name, p.service, p.journey_type, tuple(p.vocabulary),
                           p.whisper_model or "base", p.redaction_sound or "tone",
                           p.kind or ProjectKind.PATIENT_EXPERIENCE, p.min_group or 3)


def set_redaction_sound(store: ProjectStore, sound: str) -> ProjectInfo:
    """Choose what a redacted word sounds like in the film: a tone, or silence."""
    if sound not in REDACTION_SOUNDS:
        raise EbcdError(f"redaction sound '{sound}': choose {' or '.join(REDACTION_SOUNDS)}")
    with store.session() as s:
        p = get_project(s)
        p.redaction_sound = sound
        audit(s, "project.redaction_sound", sound)
    return project_info(store)


def update_project(store: ProjectStore, *, name: str, service: str,
                   journey_type: JourneyType, vocabulary: Iterable[str],
                   whisper_model: str | None = None,
                   redaction_sound: str | None = None) -> ProjectInfo:
    """Save the project's settings; `whisper_model` or `redaction_sound` None keeps what
    was chosen before."""
    if not name.strip():
        raise EbcdError("a project needs a name")
    if redaction_sound is not None and redaction_sound not in REDACTION_SOUNDS:
        raise EbcdError(f"redaction sound '{redaction_sound}': choose "
                        f"{' or '.join(REDACTION_SOUNDS)}")
    with store.session() as s:
        p = get_project(s)
        p.name, p.service, p.journey_type = name.strip(), service.strip(), journey_type
        p.vocabulary = [v.strip() for v in vocabulary if v.strip()]
        if whisper_model:
            p.whisper_model = whisper_model.strip()
        if redaction_sound:
            p.redaction_sound = redaction_sound
        audit(s, "project.update", p.name)
    return project_info(store)


def update_participant(store: ProjectStore, participant_id: int, *, name: str,
                       pseudonym: str, role: Role, shown_as: str | None = None,
                       attributes: dict[str, str] | None = None) -> None:
    """Change a person's details (`shown_as`, `attributes`: None leaves them as they are)."""
    if not name.strip():
        raise EbcdError("a participant needs a name")
    with store.session() as s:
        person = _participant(s, participant_id)
        person.display_name, person.pseudonym, person.role = name.strip(), pseudonym.strip(), role
        if shown_as is not None:
            person.shown_as = shown_as.strip()
        if attributes is not None:
            person.attributes = dict(attributes)
        audit(s, "participant.update", f"participant {participant_id}")


def remove_participant(store: ProjectStore, participant_id: int, *, by: str = "") -> None:
    """Remove the person's record; their recordings stay, unlinked from them."""
    with store.session() as s:
        person = _participant(s, participant_id)
        s.delete(person)
        audit(s, "participant.remove", f"participant {participant_id}", actor=by)


@dataclass(frozen=True)
class ConsentRow:
    scope: Scope
    granted: bool
    recorded_on: date | None
    recorded_by: str
    withdrawn_at: datetime | None
    withdrawn_by: str | None

    @property
    def in_force(self) -> bool:
        return self.granted and self.withdrawn_at is None


def consent_rows(store: ProjectStore, participant_id: int) -> list[ConsentRow]:
    """Every scope, in the order of the consent form, recorded or not."""
    with store.session() as s:
        person = _participant(s, participant_id)
        rows = {c.scope: c for c in person.consents}
        form = SCOPES[get_project(s).kind or ProjectKind.PATIENT_EXPERIENCE]
    out = []
    for scope in form:
        c = rows.get(scope)
        out.append(ConsentRow(scope, False, None, "", None, None) if c is None else
                   ConsentRow(scope, c.granted, c.recorded_on, c.recorded_by, c.withdrawn_at,
                              c.withdrawn_by))
    return out


def set_scope(store: ProjectStore, participant_id: int, scope: Scope, granted: bool, *,
              by: str, on: date | None = None) -> None:
    """Record one scope of the consent form (a withdrawn scope is re-granted explicitly)."""
    with store.session() as s:
        person = _participant(s, participant_id)
        row = next((c for c in person.consents if c.scope == scope), None)
        if row is None:
            row = ConsentScope(scope=scope)
            person.consents.append(row)
        row.granted, row.recorded_on, row.recorded_by = granted, on or date.today(), by
        row.withdrawn_at = row.withdrawn_by = None
        audit(s, "consent.scope", f"participant {participant_id}", actor=by,
              scope=scope.value, granted=granted)


def link_participants(store: ProjectStore, recording_id: int, participant_ids: Iterable[int]
                      ) -> None:
    with store.session() as s:
        rec = resolve_recording(s, recording_id)
        rec.participants = [_participant(s, pid) for pid in participant_ids]


@dataclass(frozen=True)
class RecordingMedia:
    id: int
    original_name: str
    media: Path
    peaks: Path
    poster: Path
    has_video: bool
    duration: float
    sha256: str


def recording_media(store: ProjectStore, recording_id: int) -> RecordingMedia:
    """Where the player reads a recording. In an encrypted project these are plain copies
    in the private folder, kept until the project closes."""
    with store.session() as s:
        rec = resolve_recording(s, recording_id)
        derived = store.derived_for(rec.sha256)
        plain = store.vault.plain_copy
        return RecordingMedia(rec.id, rec.original_name,
                              plain(store.folder / rec.media_path), plain(derived / PEAKS),
                              plain(derived / POSTER), rec.has_video, rec.duration,
                              rec.sha256)
