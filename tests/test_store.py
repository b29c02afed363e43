"""The project store: folders, schema, consent records, and refusing newer projects."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from ebcd_app.basics.errors import NewerProjectError, NotFoundError, ProjectError
from ebcd_app.domain.consent import Use, decide
from ebcd_app.domain.models import Participant, Role, Scope
from ebcd_app.services import projects
from ebcd_app.store.db import DB_NAME, head_revision


def test_new_project_is_a_folder_with_database_media_and_derived(store) -> None:
    assert (store.folder / DB_NAME).is_file()
    assert (store.folder / "media").is_dir() and (store.folder / "derived").is_dir()
    with store.session() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar_one() \
            == head_revision()
        assert projects.get_project(s).name == "Ward 7 experience"


def test_reopening_keeps_everything(store, patient) -> None:
    folder = store.folder
    store.close()
    with projects.open_project(folder) as again:
        people = projects.list_participants(again)
    assert [(p.display_name, p.pseudonym, p.role) for p in people] == [
        ("Margaret Jones", "Maggie", Role.PATIENT)]
    assert people[0].consents[Scope.HEARD_IN_FILM] is True
    assert people[0].consents[Scope.SEEN_IN_FILM] is False


def test_project_from_a_newer_version_is_refused_and_left_untouched(store) -> None:
    folder = store.folder
    with store.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    store.close()
    db = folder / DB_NAME
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(NewerProjectError) as err:
        projects.open_project(folder)
    assert "newer version of EBCD Studio" in str(err.value)
    assert str(folder) in str(err.value)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_opening_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not an EBCD Studio project"):
        projects.open_project(tmp_path)


def test_new_project_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("x")
    with pytest.raises(ProjectError, match="not an empty folder"):
        projects.create_project(tmp_path, name="x")


def test_consent_decides_transcription_and_records_withdrawal(store, patient) -> None:
    with store.session() as s:
        person = s.get(Participant, patient)
        assert decide([person], Use.TRANSCRIBE)
        assert not decide([person], Use.SEE_IN_FILM)
        assert "seen in film" in decide([person], Use.SEE_IN_FILM).reason
    projects.withdraw_consent(store, patient, by="Facilitator",
                              scopes=[Scope.TRANSCRIBED])
    with store.session() as s:
        person = s.get(Participant, patient)
        verdict = decide([person], Use.TRANSCRIBE)
        assert not verdict and "withdrew consent for: transcribed" in verdict.reason
        actions = s.execute(text("SELECT action FROM audit_entries ORDER BY id")).scalars().all()
    assert actions[-1] == "consent.withdraw"


def test_unknown_role_and_scope_are_explained() -> None:
    with pytest.raises(Exception, match="unknown role 'doctor'"):
        projects.parse_role("doctor")
    with pytest.raises(Exception, match="unknown consent scope 'filmed'"):
        projects.parse_scopes("recorded, filmed")
    assert projects.parse_role("Family-Carer") is Role.FAMILY_CARER


def test_missing_recording_is_named(store) -> None:
    with store.session() as s, pytest.raises(NotFoundError, match=r"'nothing\.mp3'"):
        projects.resolve_recording(s, "nothing.mp3")


def test_migrations_build_exactly_the_schema_the_models_describe(store) -> None:
    """A model change without a migration would fail here, not on a user's laptop."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from ebcd_app.domain.models import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # SQLite reflection drops ON DELETE from a column added with an inline REFERENCES
        # (migration 0002), so that one foreign key is checked with PRAGMA instead
        fks = conn.execute(text("PRAGMA foreign_key_list(touch_points)")).mappings().all()
    inline = {("touch_points", "recording_id")}
    assert {(f["from"], f["table"], f["on_delete"]) for f in fks} >= {
        ("recording_id", "recordings", "CASCADE")}
    diff = [d for d in diff if "fts" not in str(d) and not (
        d[0] in ("remove_fk", "add_fk") and {(d[1].table.name, e.parent.name)
                                            for e in d[1].elements} <= inline)]
    assert diff == []


def test_a_project_from_the_previous_version_upgrades_and_keeps_its_events(tmp_path) -> None:
    """Schema 0003 (the film) had bare event rows; 0004 gives them defaults, not errors."""
    from alembic import command
    from sqlalchemy import text as sql

    from ebcd_app.domain.models import EventKind
    from ebcd_app.services import events
    from ebcd_app.store.db import _alembic_config, make_engine, open_store

    folder = tmp_path / "old"
    folder.mkdir()
    for name in ("media", "derived"):
        (folder / name).mkdir()
    engine = make_engine(f"sqlite:///{folder / 'project.db'}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.execute(sql("INSERT INTO projects (name, service, journey_type, vocabulary, "
                         "created_at) VALUES ('Old', '', 'patient', '[]', '2026-05-01')"))
        conn.execute(sql("INSERT INTO events (kind, held_on, place) "
                         "VALUES ('joint', '2026-05-01', 'Hall')"))
    engine.dispose()
    store = open_store(folder)
    try:
        joint = events.event_for(store, EventKind.JOINT)
        assert (joint.place, joint.starts_at, joint.facilitators, joint.priorities) == \
            ("Hall", "10:00", (), ())
        events.add_priority(store, EventKind.JOINT, "Call bells")
        assert [p.title for p in events.event_for(store, EventKind.JOINT).priorities] == \
            ["Call bells"]
    finally:
        store.close()


def test_a_project_from_before_reanchoring_upgrades_and_keeps_its_clips(tmp_path) -> None:
    """0005 rebuilds the clips table (its word columns may now be empty); every clip, touch
    point and word must come through, with nothing marked as needing attention."""
    from alembic import command
    from sqlalchemy import text as sql

    from ebcd_app.services import board, film
    from ebcd_app.store.db import _alembic_config, make_engine, open_store

    folder = tmp_path / "old"
    folder.mkdir()
    for name in ("media", "derived"):
        (folder / name).mkdir()
    engine = make_engine(f"sqlite:///{folder / 'project.db'}")
    cfg = _alembic_config()
    rows = [
        "INSERT INTO projects (name, service, journey_type, vocabulary, created_at) "
        "VALUES ('Old', '', 'patient', '[]', '2026-05-01')",
        "INSERT INTO recordings (id, original_name, media_path, sha256, size_bytes, duration, "
        "has_video, streams, state, imported_at) VALUES (1, 'a.wav', 'media/a.wav', 'ab', 1, "
        "9.0, 0, '[]', 'transcribed', '2026-05-01')",
        "INSERT INTO transcripts (id, recording_id, source, model, language, created_at) "
        "VALUES (1, 1, 'subtitles', 'a.srt', 'en', '2026-05-01')",
        "INSERT INTO segments (id, transcript_id, idx, start, \"end\", text) "
        "VALUES (1, 1, 0, 0.5, 2.0, 'call bell')",
        "INSERT INTO words (id, segment_id, idx, text, start, \"end\", probability, redacted) "
        "VALUES (1, 1, 0, 'call', 0.5, 1.0, 1.0, 0), (2, 1, 1, 'bell', 1.0, 2.0, 1.0, 0)",
        "INSERT INTO touch_points (id, recording_id, first_word_id, last_word_id, is_quote, "
        "emotion, note, author, created_at) VALUES (1, 1, 1, 2, 0, 'ignored', '', '', "
        "'2026-05-01')",
        "INSERT INTO films (id, title, created_at) VALUES (1, 'Old', '2026-05-01')",
        "INSERT INTO chapters (id, film_id, title, position) VALUES (1, 1, 'Nights', 0)",
        "INSERT INTO clips (id, chapter_id, first_word_id, last_word_id, touchpoint_id, "
        "lead_in_ms, tail_ms, position, reason) VALUES (1, 1, 1, 2, 1, 200, 300, 0, 'why')",
    ]
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        for row in rows:
            conn.execute(sql(row))
    engine.dispose()
    with open_store(folder) as store:
        [clip] = [c for ch in film.film_view(store).chapters for c in ch.clips]
        [tp] = board.load_board(store)
    assert (clip.text, clip.reason, clip.lead_in_ms, clip.needs_attention) == (
        "call bell", "why", 200, False)
    assert (tp.text, tp.emotion, tp.needs_attention) == ("call bell", "ignored", False)


def test_a_new_project_is_private_to_its_owner(tmp_path) -> None:
    """Recordings of patients and staff: no other account on the laptop may read them."""
    import stat

    from ebcd_app.store.db import create_store

    with create_store(tmp_path / "ward7") as store:
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (
            store.folder, store.media_dir, store.derived_dir, store.folder / "project.db")}
    assert modes == {"ward7": 0o700, "media": 0o700, "derived": 0o700, "project.db": 0o600}
