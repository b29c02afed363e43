"""Every edit can be undone and redone as one step, and one user action is one transaction.

Each case runs a real edit through the services on a copy of the demo project, inside
`undo.record`, then compares every project row before, after, after undo and after redo.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.models import EventKind, JourneyType, Role, Scope, Sentiment
from ebcd_app.services import (
    editing,
    events,
    film,
    groups,
    projects,
    search,
    touchpoints,
    undo,
    vocabulary,
)
from ebcd_app.store.db import ProjectStore
from ebcd_app.store.undo_log import NOT_UNDONE
from tests.gui.demo_project import build_demo_project, demo_copy


@pytest.fixture(scope="module")
def demo_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_project(tmp_path_factory.mktemp("undo-demo") / "demo")


@pytest.fixture
def store(demo_once: Path, tmp_path: Path):
    with projects.open_project(demo_copy(demo_once, tmp_path)) as st:
        yield st


def dump(store: ProjectStore) -> dict[str, list[tuple]]:
    """Every row of every table undo covers (FTS5's own tables are checked by searching)."""
    with store.engine.connect() as c:
        names = [n for (n, sql) in c.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type='table'")
            if n not in NOT_UNDONE and "_fts" not in n and not n.startswith("sqlite_")
            and not (sql or "").upper().startswith("CREATE VIRTUAL")]
        return {n: sorted(map(tuple, c.exec_driver_sql(f'SELECT rowid, * FROM "{n}"')),
                          key=repr) for n in names}


def _first(store: ProjectStore, what: str) -> int:
    view = film.film_view(store)
    if what == "chapter":
        return view.chapters[0].id
    return view.chapters[0].clips[0].id


def _patient(store: ProjectStore) -> int:
    return next(p.id for p in projects.list_participants(store) if p.role == Role.PATIENT)


def _touchpoint(store: ProjectStore) -> int:
    rec = projects.list_recordings(store)[0].id
    return touchpoints.recording_spans(store, rec)[0].id


def _word(store: ProjectStore) -> int:
    rec = projects.list_recordings(store)[0].id
    view = editing.load_transcript(store, rec)
    assert view is not None
    return view.segments[0].words[2].id


EDITS: dict[str, Callable[[ProjectStore], object]] = {
    "add a participant": lambda st: projects.add_participant(
        st, name="Ann Other", role=Role.PATIENT, pseudonym="Patient 9",
        granted={Scope.RECORDED}, taken_by="Sam"),
    "record consent": lambda st: projects.set_scope(
        st, _patient(st), Scope.SEEN_IN_FILM, False, by="Sam", on=date(2026, 12, 1)),
    "withdraw consent": lambda st: projects.withdraw_consent(st, _patient(st), by="Sam"),
    "rename the project": lambda st: projects.update_project(
        st, name="Renamed", service="Ward 9", journey_type=JourneyType.PATIENT,
        vocabulary=["Okafor"]),
    "delete a chapter and its clips": lambda st: film.delete_chapter(st, _first(st, "chapter")),
    "trim a clip": lambda st: film.update_clip(st, _first(st, "clip"), lead_in_ms=900),
    "delete a touch point": lambda st: touchpoints.delete_touchpoint(st, _touchpoint(st)),
    "correct a word": lambda st: editing.set_word_text(st, _word(st), "Zanzibar"),
    "start a group": lambda st: groups.add_group(st, "Call bells", priority="answer faster"),
    "add a priority": lambda st: events.add_priority(st, EventKind.JOINT, "Warmer welcome"),
    "add an emotion word": lambda st: vocabulary.add_emotion(st, "heartened",
                                                             Sentiment.POSITIVE),
}


@pytest.mark.parametrize("what", list(EDITS))
def test_undo_puts_every_row_back_and_redo_makes_the_edit_again(store, what) -> None:
    before = dump(store)
    with undo.record(store) as action:
        EDITS[what](store)
    after = dump(store)
    assert after != before and not action.step.empty
    redo_step = undo.replay(store, action.step, what=f"undo {what}")
    assert dump(store) == before
    again = undo.replay(store, redo_step, what=f"redo {what}")
    assert dump(store) == after
    undo.replay(store, again, what=f"undo {what}")
    assert dump(store) == before


def test_undoing_a_word_correction_puts_the_word_back_in_search(store) -> None:
    word = _word(store)
    original = editing.word_text(store, word).strip(" .,")
    with undo.record(store) as action:
        editing.set_word_text(store, word, "Zanzibar")
    assert search.search(store, "Zanzibar")
    undo.replay(store, action.step, what="undo correct a word")
    assert not search.search(store, "Zanzibar")
    assert any(original.lower() in h.context.lower() for h in search.search(store, original))


def test_an_action_that_fails_halfway_changes_nothing(store) -> None:
    before = dump(store)
    with pytest.raises(EbcdError), undo.record(store):
        groups.add_group(store, "Call bells")
        film.delete_chapter(store, _first(store, "chapter"))
        film.add_chapter(store, "   ")  # refused: a chapter needs a title
    assert dump(store) == before


def test_undo_refuses_when_the_project_changed_elsewhere(store) -> None:
    with undo.record(store) as action:
        _change, chapter = film.add_chapter(store, "Waiting")
    film.delete_chapter(store, chapter)  # as another window or `ebcd film` would
    before = dump(store)
    with pytest.raises(EbcdError, match="changed elsewhere"):
        undo.replay(store, action.step, what="undo add the chapter")
    assert dump(store) == before


def test_reads_record_nothing(store) -> None:
    with undo.record(store) as action:
        film.film_view(store)
        projects.list_participants(store)
    assert action.step.empty or action.step.tables <= {"films"}


def test_undo_never_overwrites_a_row_changed_elsewhere_since(store) -> None:
    with undo.record(store) as action:
        film.update_clip(store, _first(store, "clip"), lead_in_ms=900)
    film.update_clip(store, _first(store, "clip"), lead_in_ms=300)  # another window's edit
    before = dump(store)
    with pytest.raises(EbcdError, match="changed elsewhere"):
        undo.replay(store, action.step, what="undo trim a clip")
    assert dump(store) == before
