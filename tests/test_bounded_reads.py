"""Reads cost the same few queries for a small and a big project, and never write.

The film page, the board and search are refreshed after every edit; one query per clip,
touch point or hit made them slower the more a project held (30 clips: 244 statements for
the film view, 424 for the plan). Each is counted here for 3 and for 30 items.
"""

from __future__ import annotations

import pytest
from bulk_project import add_recordings, statements, writes

from ebcd_app.domain.models import EventKind
from ebcd_app.services import board, editing, events, film, search, touchpoints
from ebcd_app.services.projects import create_project
from ebcd_app.services.touchpoints import TouchPointData
from ebcd_app.store.db import ProjectStore, open_store

SPAN = "bell rang all night and nobody came to help me My daughter was told"


def _tagged(store: ProjectStore, n: int) -> None:
    """n recordings, each with one clip in the film and one touch point."""
    _, chapter = film.add_chapter(store, "Nights and the call bell")
    for rec in add_recordings(store, n):
        ws = editing.load_transcript(store, rec).words
        film.add_clip(store, chapter, ws[2].id, ws[15].id)
        touchpoints.add_touchpoint(store, TouchPointData(first_word_id=ws[2].id,
                                                         last_word_id=ws[15].id))


@pytest.fixture(scope="module")
def sizes(tmp_path_factory) -> dict[int, ProjectStore]:
    made = {}
    for n in (3, 30):
        made[n] = create_project(tmp_path_factory.mktemp(f"p{n}") / "project", name="Ward")
        _tagged(made[n], n)
    yield made
    for store in made.values():
        store.close()


def _count(store: ProjectStore, read) -> tuple[int, object]:
    with statements(store) as seen:
        result = read()
    assert writes(seen) == []
    return len(seen), result


@pytest.mark.parametrize("name", ["film_view", "build_plan"])
def test_the_film_costs_the_same_queries_for_3_and_30_clips(sizes, name) -> None:
    read = getattr(film, name)
    (few, small), (many, big) = (_count(sizes[n], lambda n=n: read(sizes[n])) for n in (3, 30))
    chapters = small.chapters
    assert len(chapters[0].clips) == 3 and len(big.chapters[0].clips) == 30
    assert few == many


def test_the_board_costs_the_same_queries_for_3_and_30_touch_points(sizes) -> None:
    (few, small), (many, big) = (_count(sizes[n], lambda n=n: board.load_board(sizes[n]))
                                 for n in (3, 30))
    assert (len(small), len(big)) == (3, 30)
    assert {r.text for r in big} == {SPAN}
    assert all(r.start is not None and r.end > r.start for r in big)
    assert few == many


def test_search_costs_the_same_queries_for_3_and_30_hits(sizes) -> None:
    (few, small), (many, big) = (_count(sizes[n], lambda n=n: search.search(sizes[n], "bell"))
                                 for n in (3, 30))
    assert (len(small), len(big)) == (3, 30)
    assert all(h.word_id and "[bell]" in h.context for h in big)
    assert few == many


def test_reading_a_fresh_project_writes_nothing(store) -> None:
    with statements(store) as seen:
        view = film.film_view(store)
        plan = film.build_plan(store)
        board.load_board(store)
        search.search(store, "bell")
        events.event_for(store, EventKind.JOINT)
    assert writes(seen) == []
    assert (view.chapters, plan.chapters) == ((), ())
    assert view.title == plan.title == "Ward 7 experience"
    assert film.film_id(store) == 0  # and no film was made on the way


def test_a_read_only_project_shows_the_film(tmp_path) -> None:
    fresh = create_project(tmp_path / "fresh", name="Fresh ward")
    fresh.close()
    tagged = create_project(tmp_path / "tagged", name="Tagged ward")
    _tagged(tagged, 2)
    tagged.close()
    with open_store(tmp_path / "fresh", read_only=True) as store:
        assert store.read_only
        view = film.film_view(store)
        assert (view.title, view.chapters) == ("Fresh ward", ())
        assert film.build_plan(store).chapters == ()
    with open_store(tmp_path / "tagged", read_only=True) as store:
        [chapter] = film.film_view(store).chapters
        assert chapter.title == "Nights and the call bell"
        assert [c.text for c in chapter.clips] == [SPAN] * 2
        assert len(film.build_plan(store).chapters[0].clips) == 2
