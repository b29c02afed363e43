"""Edits of several items are one change: all of it, or (on a bad item) none of it.

A drag on the film page, "Sort by dots" and "Propose from touch points" used to call a
service once per item, so a failure half way left half an order. Each is now one service
call in one transaction, checked whole first, and gives what the item-by-item path gave.
"""

from __future__ import annotations

import pytest
from bulk_project import add_recordings, writing_commits

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.models import EventKind
from ebcd_app.services import editing, events, film, film_draft, touchpoints
from ebcd_app.services.projects import create_project
from ebcd_app.services.touchpoints import TouchPointData


def _film(folder) -> tuple[object, dict[str, int], dict[str, int]]:
    """Chapters A [a1 a2 a3] and B [b1] of two recordings."""
    store = create_project(folder, name="Ward")
    recs = add_recordings(store, 2)
    chapters, clips = {}, {}
    for title, rec, names in (("A", recs[0], ("a1", "a2", "a3")), ("B", recs[1], ("b1",))):
        _, chapters[title] = film.add_chapter(store, title)
        ws = editing.load_transcript(store, rec).words
        for i, name in enumerate(names):
            _, clips[name] = film.add_clip(store, chapters[title], ws[3 * i].id,
                                           ws[3 * i + 2].id)
    return store, chapters, clips


def _order(store) -> list[tuple[str, list[str]]]:
    return [(ch.title, [c.text for c in ch.clips]) for ch in film.film_view(store).chapters]


def test_a_drag_is_one_change_that_leaves_what_the_item_by_item_path_left(tmp_path) -> None:
    old, chapters, clips = _film(tmp_path / "old")
    new, _, _ = _film(tmp_path / "new")
    wanted = [(chapters["B"], [clips["a2"], clips["b1"]]),
              (chapters["A"], [clips["a3"], clips["a1"]])]
    for position, (chapter_id, clip_ids) in enumerate(wanted):  # what the page did
        film.update_chapter(old, chapter_id, position=position)
        for i, clip_id in enumerate(clip_ids):
            film.move_clip(old, clip_id, chapter_id, i)
    film.arrange(new, wanted)
    assert _order(new) == _order(old)
    assert [t for t, _ in _order(new)] == ["B", "A"]
    view = film.film_view(new)
    assert [[c.id for c in ch.clips] for ch in view.chapters] == [ids for _, ids in wanted]


def test_a_bad_id_in_the_middle_of_an_order_moves_nothing(tmp_path) -> None:
    store, chapters, clips = _film(tmp_path / "p")
    before = _order(store)
    with pytest.raises(NotFoundError, match="no clip with id 999"):
        film.arrange(store, [(chapters["B"], [clips["a3"], 999, clips["b1"]]),
                             (chapters["A"], [clips["a2"], clips["a1"]])])
    with pytest.raises(EbcdError, match="named twice"):
        film.arrange(store, [(chapters["B"], [clips["a1"], clips["b1"]]),
                             (chapters["A"], [clips["a1"], clips["a2"]])])
    with pytest.raises(NotFoundError, match="no chapter with id 999"):
        film.reorder_chapters(store, [chapters["B"], 999, chapters["A"]])
    with pytest.raises(NotFoundError, match="no clip with id 999"):
        film.reorder_clips(store, chapters["A"], [clips["a3"], 999, clips["a1"]])
    assert _order(store) == before


def test_chapters_and_clips_reorder_in_one_call(tmp_path) -> None:
    store, chapters, clips = _film(tmp_path / "p")
    texts = {name: text for (_, names), (_, shown) in
             zip([("A", ["a1", "a2", "a3"]), ("B", ["b1"])], _order(store), strict=True)
             for name, text in zip(names, shown, strict=True)}
    film.reorder_clips(store, chapters["B"], [clips["a2"], clips["b1"]])  # a2 moves over
    film.reorder_chapters(store, [chapters["B"], chapters["A"]])
    assert _order(store) == [("B", [texts["a2"], texts["b1"]]),
                             ("A", [texts["a1"], texts["a3"]])]


def _priorities(store, kind) -> list[tuple[str, int | None]]:
    return [(p.title, p.votes) for p in events.event_for(store, kind).priorities]


def test_sort_by_dots_in_one_call_gives_the_item_by_item_order(store) -> None:
    votes = {"Call bells": 4, "Noise at night": None, "Discharge letters": 9,
             "Food": 4, "Pain relief": None, "Visiting": 12}
    for kind in (EventKind.JOINT, EventKind.STAFF_FEEDBACK):
        for title, n in votes.items():
            events.update_priority(store, events.add_priority(store, kind, title), votes=n)
    view = events.event_for(store, EventKind.JOINT)
    for position, p in enumerate(view.ranked()):  # what the page did
        events.move_priority(store, p.id, position)
    events.sort_priorities_by_dots(store, EventKind.STAFF_FEEDBACK)
    assert _priorities(store, EventKind.STAFF_FEEDBACK) == _priorities(store, EventKind.JOINT)
    assert _priorities(store, EventKind.JOINT) == [
        ("Visiting", 12), ("Discharge letters", 9), ("Call bells", 4), ("Food", 4),
        ("Noise at night", None), ("Pain relief", None)]


def test_several_priorities_are_added_all_or_none(store) -> None:
    events.add_priority(store, EventKind.JOINT, "Call bells")
    with pytest.raises(EbcdError, match="already has the priority 'call bells'"):
        events.add_priorities(store, EventKind.JOINT, [("Waiting", "3 negative"),
                                                       ("call  bells", ""), ("Food", "")])
    with pytest.raises(EbcdError, match="needs a title"):
        events.add_priorities(store, EventKind.JOINT, [("Waiting", ""), (" ", ""), ("Food", "")])
    with pytest.raises(EbcdError, match="named twice"):
        events.add_priorities(store, EventKind.JOINT, [("Waiting", ""), ("waiting", "")])
    assert _priorities(store, EventKind.JOINT) == [("Call bells", None)]
    ids = events.add_priorities(store, EventKind.JOINT, [("Waiting", " 3 negative "),
                                                         ("Food", "")])
    view = events.event_for(store, EventKind.JOINT)
    assert [(p.id, p.title, p.detail, p.position) for p in view.priorities[1:]] == [
        (ids[0], "Waiting", "3 negative", 1), (ids[1], "Food", "", 2)]


def test_a_draft_replaces_the_film_in_one_transaction(tmp_path) -> None:
    store, _, _ = _film(tmp_path / "p")
    for rec in add_recordings(store, 4, tag="tagged"):
        ws = editing.load_transcript(store, rec).words
        for a, theme in ((0, "Nights"), (12, "Going home"), (24, "Nights")):
            touchpoints.add_touchpoint(store, TouchPointData(
                first_word_id=ws[a].id, last_word_id=ws[a + 8].id, themes=(theme,)))
    with writing_commits(store) as commits:
        result = film_draft.auto_draft(store)
    assert len(commits) == 1  # clearing the old film, 2 chapters and 12 clips: one commit
    assert (result.chapters, result.clips) == (2, 12)
    assert sorted(t for t, _ in _order(store)) == ["Going home", "Nights"]
