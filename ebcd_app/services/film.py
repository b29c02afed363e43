"""The trigger film: themed chapters of clips cut on word boundaries, within 25-30 minutes.

A clip is a span of transcript words; its in and out points are the first word's start and
the last word's end, widened by handles (lead-in and tail) so no word is clipped. Whether a
clip may be used, and how, is decided by `consent.film_use` alone; `build_plan` turns the
project's film into the FilmPlan that rendering, preview and every export read.

Reading the film never writes (a read-only project shows it too): the Film row is made by
the first edit that needs it, and until then the view is an empty film with id 0. The view
and the plan read everything in a fixed few queries, whatever the number of clips, as the
film page refreshes after every edit. An edit of several items (a drag, a draft) is one
transaction, checked whole before anything changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.consent import FilmUse, Voice, film_use, who_speaks
from ebcd_app.domain.film_plan import (
    TITLE_CARD_SECONDS,
    CaptionWord,
    FilmPlan,
    PlannedChapter,
    RedactionSound,
    VoiceUse,
)
from ebcd_app.domain.film_plan import PlannedClip as _PlannedClip
from ebcd_app.domain.models import Chapter, Clip, Film, Participant, Recording
from ebcd_app.services import reanchor, word_spans
from ebcd_app.services.board import attribution, span_text
from ebcd_app.services.projects import audit, get_project, project_info
from ebcd_app.services.redaction import redact_words, redactor_in
from ebcd_app.services.small_groups import Protector, protector
from ebcd_app.store.db import ProjectStore, fetch

BUDGET_MIN = 25 * 60.0
BUDGET_MAX = 30 * 60.0
LEAD_IN_MS = 200
TAIL_MS = 300


@dataclass(frozen=True)
class FilmChanged:
    film_id: int


@dataclass(frozen=True)
class ClipView:
    id: int
    chapter_id: int
    recording_id: int
    recording_name: str
    speaker: str
    text: str
    src_in: float
    src_out: float
    lead_in_ms: int
    tail_ms: int
    use: FilmUse
    why_not: str  # what consent does not allow, if anything
    reason: str
    needs_attention: bool = False  # its transcript was replaced and no words are there now

    @property
    def duration(self) -> float:
        if self.use == FilmUse.REFUSED or self.needs_attention:
            return 0.0
        return max(0.0, self.src_out - self.src_in)


@dataclass(frozen=True)
class ChapterView:
    id: int
    title: str
    clips: tuple[ClipView, ...]

    @property
    def duration(self) -> float:
        return TITLE_CARD_SECONDS + sum(c.duration for c in self.clips)


@dataclass(frozen=True)
class FilmView:
    id: int
    title: str
    chapters: tuple[ChapterView, ...]

    @property
    def duration(self) -> float:
        return sum(c.duration for c in self.chapters)

    def budget(self) -> tuple[str, str]:
        """("under" | "within" | "over", a sentence for the editor)."""
        total = self.duration
        minutes = f"{int(total // 60)}:{int(total % 60):02d}"
        if total < BUDGET_MIN:
            return "under", (f"{minutes} of 25-30 minutes: "
                             f"{(BUDGET_MIN - total) / 60:.1f} more minutes needed")
        if total > BUDGET_MAX:
            return "over", f"{minutes}: {(total - BUDGET_MAX) / 60:.1f} minutes too long"
        return "within", f"{minutes}: within the 25-30 minute budget"


def _film(s: Session) -> Film | None:
    return s.scalars(select(Film).order_by(Film.id).limit(1)).first()


def _film_to_edit(s: Session) -> Film:
    """The project's film (one trigger film per project), made by the first edit that needs
    it, so that looking at the film (also in a read-only project) never writes."""
    film = _film(s)
    if film is None:
        film = Film(title=get_project(s).name)
        s.add(film)
        s.flush()
    return film


def film_id(store: ProjectStore) -> int:
    """The project's film, or 0 while no edit has made one (reading never makes it)."""
    with store.session() as s:
        film = _film(s)
        return film.id if film else 0


def add_chapter(store: ProjectStore, title: str, *, position: int | None = None,
                theme_id: int | None = None) -> tuple[FilmChanged, int]:
    with store.session() as s:
        chapter = add_chapter_to(s, title, position=position, theme_id=theme_id)
        return FilmChanged(chapter.film_id), chapter.id


def add_chapter_to(s: Session, title: str, *, position: int | None = None,
                   theme_id: int | None = None) -> Chapter:
    """add_chapter inside a caller's transaction (a draft adds many in one)."""
    if not title.strip():
        raise EbcdError("a chapter needs a title")
    film = _film_to_edit(s)
    chapters = list(film.chapters)
    at = len(chapters) if position is None else max(0, min(position, len(chapters)))
    chapter = Chapter(film_id=film.id, title=title.strip(), position=at, theme_id=theme_id)
    chapters.insert(at, chapter)
    s.add(chapter)
    _renumber(chapters)
    s.flush()
    return chapter


def update_chapter(store: ProjectStore, chapter_id: int, *, title: str | None = None,
                   position: int | None = None) -> FilmChanged:
    with store.session() as s:
        chapter = fetch(s, Chapter, chapter_id, "chapter")
        if title is not None:
            if not title.strip():
                raise EbcdError("a chapter needs a title")
            chapter.title = title.strip()
        if position is not None:
            others = [c for c in s.scalars(select(Chapter).where(
                Chapter.film_id == chapter.film_id).order_by(Chapter.position)) if c is not
                chapter]
            others.insert(max(0, min(position, len(others))), chapter)
            _renumber(others)
        return FilmChanged(chapter.film_id)


def delete_chapter(store: ProjectStore, chapter_id: int) -> FilmChanged:
    with store.session() as s:
        chapter = fetch(s, Chapter, chapter_id, "chapter")
        fid = chapter.film_id
        s.delete(chapter)
        s.flush()
        _renumber(list(s.scalars(select(Chapter).where(Chapter.film_id == fid)
                                 .order_by(Chapter.position))))
        return FilmChanged(fid)


def _renumber(items: Sequence[Chapter | Clip]) -> None:
    """Positions 0..n-1 in list order: chapters in a film, clips in a chapter."""
    for i, item in enumerate(items):
        item.position = i


def _recording_of_word(s: Session, word_id: int) -> Recording:
    at = word_spans.positions(s, [word_id]).get(word_id)
    if at is None:
        raise NotFoundError(f"no word with id {word_id}")
    return s.get_one(Recording, at.recording_id)


def add_clip(store: ProjectStore, chapter_id: int, first_word_id: int, last_word_id: int, *,
             touchpoint_id: int | None = None, position: int | None = None,
             lead_in_ms: int = LEAD_IN_MS, tail_ms: int = TAIL_MS,
             reason: str = "") -> tuple[FilmChanged, int]:
    """Add a clip; refused (with the reason) when the speaker's consent excludes the film."""
    with store.session() as s:
        chapter = fetch(s, Chapter, chapter_id, "chapter")
        clip = add_clip_to(s, chapter, first_word_id, last_word_id,
                           touchpoint_id=touchpoint_id, position=position,
                           lead_in_ms=lead_in_ms, tail_ms=tail_ms, reason=reason)
        return FilmChanged(chapter.film_id), clip.id


def add_clip_to(s: Session, chapter: Chapter, first_word_id: int, last_word_id: int, *,
                touchpoint_id: int | None = None, position: int | None = None,
                lead_in_ms: int = LEAD_IN_MS, tail_ms: int = TAIL_MS, reason: str = "") -> Clip:
    """add_clip inside a caller's transaction."""
    rec = _recording_of_word(s, first_word_id)
    if _recording_of_word(s, last_word_id).id != rec.id:
        raise EbcdError("a clip's words must come from one recording")
    heard = word_spans.span_voices(word_spans.read_spans(s, [(first_word_id, last_word_id)]),
                                   word_spans.voices(s), first_word_id, last_word_id)
    use, why = film_use(who_speaks(list(rec.participants), heard),
                        leadership=get_project(s).staff_experience)
    if use == FilmUse.REFUSED:
        raise EbcdError(f"{rec.original_name}: cannot be in the film because {why}")
    clips = list(chapter.clips)
    at = len(clips) if position is None else max(0, min(position, len(clips)))
    clip = Clip(chapter_id=chapter.id, first_word_id=first_word_id,
                last_word_id=last_word_id, touchpoint_id=touchpoint_id,
                lead_in_ms=lead_in_ms, tail_ms=tail_ms, position=at, reason=reason)
    clips.insert(at, clip)
    s.add(clip)
    _renumber(clips)
    s.flush()
    return clip


def arrange(store: ProjectStore, order: Sequence[tuple[int, Sequence[int]]]) -> FilmChanged:
    """Chapters and their clips in this order, as a drag on the film page leaves them.

    One transaction, checked whole before anything changes: an id that is not in the film,
    or one named twice, refuses it all and the film stays as it was. A chapter or clip not
    named keeps its chapter, after the ones named.
    """
    with store.session() as s:
        film = _film_for_order(s)
        _arrange(film, [cid for cid, _ in order], {cid: list(ids) for cid, ids in order})
        return FilmChanged(film.id)


def reorder_chapters(store: ProjectStore, chapter_ids: Sequence[int]) -> FilmChanged:
    """The film's chapters in this order, in one transaction (see `arrange`)."""
    with store.session() as s:
        film = _film_for_order(s)
        _arrange(film, list(chapter_ids), {})
        return FilmChanged(film.id)


def reorder_clips(store: ProjectStore, chapter_id: int, clip_ids: Sequence[int]
                  ) -> FilmChanged:
    """These clips (of any chapter of the film) as the chapter's clips, in this order, in
    one transaction (see `arrange`)."""
    with store.session() as s:
        film = _film_for_order(s)
        _arrange(film, None, {chapter_id: list(clip_ids)})
        return FilmChanged(film.id)


def _film_for_order(s: Session) -> Film:
    """The film whose order changes; refused before any change when there is none."""
    film = _film(s)
    if film is None:
        raise NotFoundError("the project has no film yet: add a chapter first")
    return film


def _check_ids(ids: Sequence[int], known: Collection[int], what: str) -> None:
    seen: set[int] = set()
    for ident in ids:
        if ident not in known:
            raise NotFoundError(f"no {what} with id {ident} in the film; nothing was moved")
        if ident in seen:
            raise EbcdError(f"{what} {ident} is named twice; nothing was moved")
        seen.add(ident)


def _arrange(film: Film, chapter_order: list[int] | None,
             clip_orders: dict[int, list[int]]) -> None:
    chapters = {ch.id: ch for ch in film.chapters}
    clips = {c.id: c for ch in film.chapters for c in ch.clips}
    _check_ids(chapter_order if chapter_order is not None else list(clip_orders),
               chapters, "chapter")
    _check_ids([c for ids in clip_orders.values() for c in ids], clips, "clip")
    if chapter_order is not None:
        named = [chapters[cid] for cid in chapter_order]
        _renumber(named + [ch for ch in film.chapters if ch.id not in set(chapter_order)])
    listed = {c for ids in clip_orders.values() for c in ids}
    new_clips = {ch.id: [clips[c] for c in clip_orders.get(ch.id, ())]
                 + [c for c in ch.clips if c.id not in listed] for ch in film.chapters}
    for chapter_id, in_order in new_clips.items():
        for clip in in_order:
            clip.chapter = chapters[chapter_id]
        _renumber(in_order)


def update_clip(store: ProjectStore, clip_id: int, *, first_word_id: int | None = None,
                last_word_id: int | None = None, lead_in_ms: int | None = None,
                tail_ms: int | None = None) -> FilmChanged:
    """Trim by new first/last words, or adjust the handles (milliseconds, 0-3000)."""
    with store.session() as s:
        clip = fetch(s, Clip, clip_id, "clip")
        if first_word_id is not None:
            clip.first_word_id = first_word_id
        if last_word_id is not None:
            clip.last_word_id = last_word_id
        if clip.first_word_id is None or clip.last_word_id is None:
            if first_word_id is not None or last_word_id is not None:
                raise EbcdError("a clip that needs attention is placed with both its first "
                                "and its last word")
        elif _recording_of_word(s, clip.first_word_id).id != \
                _recording_of_word(s, clip.last_word_id).id:
            raise EbcdError("a clip's words must come from one recording")
        elif clip.needs_attention:
            reanchor.attach(s, clip, clip.first_word_id, clip.last_word_id)
        for name, value in (("lead_in_ms", lead_in_ms), ("tail_ms", tail_ms)):
            if value is not None:
                if not 0 <= value <= 3000:
                    raise EbcdError("handles are between 0 and 3000 milliseconds")
                setattr(clip, name, value)
        return FilmChanged(clip.chapter.film_id)


def move_clip(store: ProjectStore, clip_id: int, chapter_id: int, position: int) -> FilmChanged:
    """Reorder within a chapter or move to another (what a drag in the film page does)."""
    with store.session() as s:
        clip = fetch(s, Clip, clip_id, "clip")
        source = clip.chapter
        target = fetch(s, Chapter, chapter_id, "chapter")
        remaining = [c for c in source.clips if c is not clip]
        _renumber(remaining)
        dest = remaining if target is source else [c for c in target.clips if c is not clip]
        dest.insert(max(0, min(position, len(dest))), clip)
        clip.chapter = target
        _renumber(dest)
        return FilmChanged(target.film_id)


def delete_clip(store: ProjectStore, clip_id: int) -> FilmChanged:
    with store.session() as s:
        clip = fetch(s, Clip, clip_id, "clip")
        chapter = clip.chapter
        s.delete(clip)
        s.flush()
        _renumber(sorted(chapter.clips, key=lambda c: c.position))
        return FilmChanged(chapter.film_id)


def clear_film(store: ProjectStore) -> FilmChanged:
    with store.session() as s:
        return clear_film_in(s)


def clear_film_in(s: Session) -> FilmChanged:
    """clear_film inside a caller's transaction."""
    film = _film_to_edit(s)
    for chapter in list(film.chapters):
        s.delete(chapter)
    s.flush()
    s.expire(film, ["chapters"])
    audit(s, "film.clear", f"film {film.id}")
    return FilmChanged(film.id)


ATTENTION = ("needs attention: its transcript was replaced and no words were found where "
             "it was; place it on words again or remove it")


@dataclass
class _Read:
    """What the film view and the plan are made from, read in a fixed few queries."""

    film: Film | None
    title: str
    spans: word_spans.Spans
    recordings: dict[int, Recording]
    voices: dict[int, Voice]
    leadership: bool = False  # senior leaders see the film (a staff-experience project)


def _read(s: Session) -> _Read:
    film = s.scalars(select(Film).order_by(Film.id).limit(1).options(
        selectinload(Film.chapters).selectinload(Chapter.clips))).first()
    clips = [c for ch in film.chapters for c in ch.clips] if film else []
    spans = word_spans.read_spans(s, [(c.first_word_id, c.last_word_id) for c in clips
                                      if c.first_word_id and c.last_word_id])
    rec_ids = {a.recording_id for a in spans.at.values()}
    rec_ids.update(c.anchor_recording_id for c in clips if c.anchor_recording_id)
    recordings = {r.id: r for r in s.scalars(
        select(Recording).where(Recording.id.in_(sorted(rec_ids))).options(
            selectinload(Recording.participants).selectinload(Participant.consents)))
    } if rec_ids else {}
    project = get_project(s)
    return _Read(film, film.title if film else project.name, spans, recordings,
                 word_spans.voices(s), project.staff_experience)


def _unplaced_view(read: _Read, clip: Clip) -> ClipView:
    rec = read.recordings.get(clip.anchor_recording_id or 0)
    use, why = film_use(rec.participants, leadership=read.leadership) if rec else \
        (FilmUse.REFUSED, ATTENTION)
    speaker, _roles = attribution(list(rec.participants)) if rec else ("", ())
    return ClipView(clip.id, clip.chapter_id, rec.id if rec else 0,
                    rec.original_name if rec else "", speaker, clip.anchor_text,
                    clip.anchor_start or 0.0, clip.anchor_end or 0.0, clip.lead_in_ms,
                    clip.tail_ms, use, why, clip.reason, needs_attention=True)


def _clip_view(read: _Read, clip: Clip, protect: Protector | None = None
               ) -> tuple[ClipView, list[word_spans.WordRow]]:
    """The clip as the film page shows it, and its words (for the plan's captions); with
    `protect`, the speaker generalised where their group is too small (what leaders see)."""
    first = read.spans.word(clip.first_word_id)
    last = read.spans.word(clip.last_word_id)
    if first is None or last is None:
        return _unplaced_view(read, clip), []
    rec = read.recordings[read.spans.at[first[0]].recording_id]
    words = read.spans.words(first[0], last[0])
    who = who_speaks(list(rec.participants), word_spans.span_voices(
        read.spans, read.voices, first[0], last[0]))
    use, why = film_use(who, leadership=read.leadership)
    speaker, _roles = attribution(who)
    if protect is not None:
        speaker = protect.label(who, speaker, ("clip", clip.id))
    src_in = max(0.0, first[2] - clip.lead_in_ms / 1000)
    src_out = min(rec.duration, last[3] + clip.tail_ms / 1000)
    text = span_text(words)  # as the film shows it: each run of flagged words one [name]
    return ClipView(clip.id, clip.chapter_id, rec.id, rec.original_name, speaker, text,
                    round(src_in, 3), round(src_out, 3), clip.lead_in_ms, clip.tail_ms,
                    use, why, clip.reason), words


def film_view(store: ProjectStore) -> FilmView:
    """The film as the film page shows it; an empty film (id 0) until the first edit."""
    with store.session() as s:
        read = _read(s)
        if read.film is None:
            return FilmView(0, read.title, ())
        chapters = tuple(ChapterView(ch.id, ch.title,
                                     tuple(_clip_view(read, c)[0] for c in ch.clips))
                         for ch in read.film.chapters)
        return FilmView(read.film.id, read.title, chapters)


def rendered(store: ProjectStore) -> None:
    """The film was rendered again: it no longer needs a render for an erasure."""
    with store.session() as s:
        for f in s.scalars(select(Film)):
            f.needs_render = ""


def needs_render(store: ProjectStore) -> str:
    """Why the film must be rendered again ("" when it need not)."""
    with store.session() as s:
        film = _film(s)
        return film.needs_render if film is not None else ""


def build_plan(store: ProjectStore, *, chapter_ids: Sequence[int] | None = None) -> FilmPlan:
    """The film (or some chapters of it) as a FilmPlan, consent applied."""
    chapters, refused = [], []
    # a staff film is shown to senior leaders: small groups are protected in it
    protect = protector(store) if project_info(store).staff_experience else None
    with store.session() as s:
        read = _read(s)
        # the one redaction decision: captions, names and titles of every output made from
        # the plan (render, subtitles, OTIO, EDL, FCP XML), and the words heard
        redact = redactor_in(s)
        for ch in read.film.chapters if read.film else ():
            if chapter_ids is not None and ch.id not in chapter_ids:
                continue
            clips = []
            for clip in ch.clips:
                view, words = _clip_view(read, clip, protect)
                if view.needs_attention:
                    refused.append(f"{view.recording_name or 'a clip'}: “{view.text}” "
                                   f"{ATTENTION}")
                    continue
                if view.use == FilmUse.REFUSED:
                    refused.append(f"{view.recording_name}: {view.why_not}")
                    continue
                rec = read.recordings[view.recording_id]
                captions = tuple(CaptionWord(*w) for w in redact_words(
                    [(text, start, end, bool(flag)) for _id, text, start, end, flag in words],
                    redact))
                clips.append(_PlannedClip(
                    clip.id, rec.id, (store.folder / rec.media_path).resolve(),
                    redact(rec.original_name), view.src_in, view.src_out, rec.has_video,
                    view.use == FilmUse.SEEN, redact(view.speaker), captions,
                    redact(clip.reason), voice=VOICE_FOR[view.use]))
            chapters.append(PlannedChapter(redact(ch.title), tuple(clips)))
        sound: RedactionSound = ("silence" if get_project(s).redaction_sound == "silence"
                                 else "tone")
        return FilmPlan(redact(read.title), tuple(chapters), refused=tuple(refused),
                        redaction_sound=sound)


VOICE_FOR: dict[FilmUse, VoiceUse] = {FilmUse.SEEN: "own", FilmUse.HEARD: "own",
                                   FilmUse.DISGUISED: "disguised", FilmUse.WORDS: "none",
                                   FilmUse.REFUSED: "none"}


@contextlib.contextmanager
def plain_sources(store: ProjectStore, plan: FilmPlan) -> Iterator[FilmPlan]:
    """The plan with sources ffmpeg can read: itself in a plain project; in an encrypted
    one, plain copies in the private folder, removed when the render ends."""
    if not store.vault.encrypted:
        yield plan
        return
    with contextlib.ExitStack() as stack:
        plain: dict[Path, Path] = {}
        for ch in plan.chapters:
            for clip in ch.clips:
                if clip.source not in plain:
                    plain[clip.source] = stack.enter_context(store.vault.opened(clip.source))
        yield _with_sources(plan, plain)


def playable(store: ProjectStore, plan: FilmPlan) -> FilmPlan:
    """The plan with sources the app's player can open until the project closes."""
    if not store.vault.encrypted:
        return plan
    sources = {c.source for ch in plan.chapters for c in ch.clips}
    return _with_sources(plan, {p: store.vault.plain_copy(p) for p in sources})


def _with_sources(plan: FilmPlan, plain: dict[Path, Path]) -> FilmPlan:
    chapters = tuple(dataclasses.replace(ch, clips=tuple(
        dataclasses.replace(c, source=plain[c.source]) for c in ch.clips))
        for ch in plan.chapters)
    return dataclasses.replace(plan, chapters=chapters)
