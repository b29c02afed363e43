"""The trigger film: themed chapters of clips cut on word boundaries, within 25-30 minutes.

A clip is a span of transcript words; its in and out points are the first word's start and
the last word's end, widened by handles (lead-in and tail) so no word is clipped. Whether a
clip may be used, and how, is decided by `consent.film_use` alone; `build_plan` turns the
project's film into the FilmPlan that rendering, preview and every export read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.domain.consent import FilmUse, film_use
from ebcd_app.domain.film_plan import TITLE_CARD_SECONDS, CaptionWord, FilmPlan, PlannedChapter
from ebcd_app.domain.film_plan import PlannedClip as _PlannedClip
from ebcd_app.domain.models import Chapter, Clip, Film, Recording, Segment, Transcript, Word
from ebcd_app.services import reanchor
from ebcd_app.services.board import attribution
from ebcd_app.services.projects import audit, get_project
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


def film_id(store: ProjectStore) -> int:
    """The project's film, made on first use (one trigger film per project)."""
    with store.session() as s:
        film = s.scalars(select(Film).order_by(Film.id)).first()
        if film is None:
            film = Film(title=get_project(s).name)
            s.add(film)
            s.flush()
        return film.id


def add_chapter(store: ProjectStore, title: str, *, position: int | None = None,
                theme_id: int | None = None) -> tuple[FilmChanged, int]:
    if not title.strip():
        raise EbcdError("a chapter needs a title")
    fid = film_id(store)
    with store.session() as s:
        chapters = list(s.scalars(select(Chapter).where(Chapter.film_id == fid)
                                  .order_by(Chapter.position)))
        at = len(chapters) if position is None else max(0, min(position, len(chapters)))
        chapter = Chapter(film_id=fid, title=title.strip(), position=at, theme_id=theme_id)
        chapters.insert(at, chapter)
        s.add(chapter)
        _renumber(chapters)
        s.flush()
        return FilmChanged(fid), chapter.id


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


def _renumber(items: Sequence[Chapter] | Sequence[Clip]) -> None:
    """Positions 0..n-1 in list order: chapters in a film, clips in a chapter."""
    for i, item in enumerate(items):
        item.position = i


def _recording_of_word(s, word_id: int) -> Recording:
    rec = s.scalars(select(Recording).join(Transcript, Transcript.recording_id == Recording.id)
                    .join(Segment, Segment.transcript_id == Transcript.id)
                    .join(Word, Word.segment_id == Segment.id)
                    .where(Word.id == word_id)).first()
    if rec is None:
        raise NotFoundError(f"no word with id {word_id}")
    return rec


def add_clip(store: ProjectStore, chapter_id: int, first_word_id: int, last_word_id: int, *,
             touchpoint_id: int | None = None, position: int | None = None,
             lead_in_ms: int = LEAD_IN_MS, tail_ms: int = TAIL_MS,
             reason: str = "") -> tuple[FilmChanged, int]:
    """Add a clip; refused (with the reason) when the speaker's consent excludes the film."""
    with store.session() as s:
        chapter = fetch(s, Chapter, chapter_id, "chapter")
        rec = _recording_of_word(s, first_word_id)
        if _recording_of_word(s, last_word_id).id != rec.id:
            raise EbcdError("a clip's words must come from one recording")
        use, why = film_use(rec.participants)
        if use == FilmUse.REFUSED:
            raise EbcdError(f"{rec.original_name}: cannot be in the film because {why}")
        clips = list(chapter.clips)
        at = len(clips) if position is None else max(0, min(position, len(clips)))
        clip = Clip(chapter_id=chapter_id, first_word_id=first_word_id,
                    last_word_id=last_word_id, touchpoint_id=touchpoint_id,
                    lead_in_ms=lead_in_ms, tail_ms=tail_ms, position=at, reason=reason)
        clips.insert(at, clip)
        s.add(clip)
        _renumber(clips)
        s.flush()
        return FilmChanged(chapter.film_id), clip.id


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
    fid = film_id(store)
    with store.session() as s:
        for chapter in s.scalars(select(Chapter).where(Chapter.film_id == fid)):
            s.delete(chapter)
        audit(s, "film.clear", f"film {fid}")
    return FilmChanged(fid)


def _words_between(s, first: Word, last: Word) -> list[Word]:
    a, b = first.segment, last.segment
    q = (select(Word).join(Segment, Segment.id == Word.segment_id)
         .where(Segment.transcript_id == a.transcript_id,
                Segment.idx.between(a.idx, b.idx)).order_by(Segment.idx, Word.idx))
    words, inside = [], False
    for w in s.scalars(q):
        inside = inside or w.id == first.id
        if inside:
            words.append(w)
        if w.id == last.id:
            break
    return words


ATTENTION = ("needs attention: its transcript was replaced and no words were found where "
             "it was; place it on words again or remove it")


def _unplaced_view(s, clip: Clip) -> ClipView:
    rec = s.get(Recording, clip.anchor_recording_id) if clip.anchor_recording_id else None
    use, why = film_use(rec.participants) if rec else (FilmUse.REFUSED, ATTENTION)
    speaker, _roles = attribution(list(rec.participants)) if rec else ("", ())
    return ClipView(clip.id, clip.chapter_id, rec.id if rec else 0,
                    rec.original_name if rec else "", speaker, clip.anchor_text,
                    clip.anchor_start or 0.0, clip.anchor_end or 0.0, clip.lead_in_ms,
                    clip.tail_ms, use, why, clip.reason, needs_attention=True)


def _clip_view(s, clip: Clip) -> ClipView:
    if clip.first_word_id is None or clip.last_word_id is None:
        return _unplaced_view(s, clip)
    first, last = s.get(Word, clip.first_word_id), s.get(Word, clip.last_word_id)
    rec = _recording_of_word(s, clip.first_word_id)
    words = _words_between(s, first, last)
    use, why = film_use(rec.participants)
    speaker, _roles = attribution(list(rec.participants))
    src_in = max(0.0, first.start - clip.lead_in_ms / 1000)
    src_out = min(rec.duration, last.end + clip.tail_ms / 1000)
    text = " ".join("[name]" if w.redacted else w.text for w in words)
    return ClipView(clip.id, clip.chapter_id, rec.id, rec.original_name, speaker, text,
                    round(src_in, 3), round(src_out, 3), clip.lead_in_ms, clip.tail_ms,
                    use, why, clip.reason)


def film_view(store: ProjectStore) -> FilmView:
    fid = film_id(store)
    with store.session() as s:
        film = s.get(Film, fid)
        chapters = tuple(ChapterView(ch.id, ch.title, tuple(_clip_view(s, c) for c in ch.clips))
                         for ch in film.chapters)
        return FilmView(fid, film.title, chapters)


def build_plan(store: ProjectStore, *, chapter_ids: Sequence[int] | None = None) -> FilmPlan:
    """The film (or some chapters of it) as a FilmPlan, consent applied."""
    fid = film_id(store)
    chapters, refused = [], []
    with store.session() as s:
        film = s.get(Film, fid)
        for ch in film.chapters:
            if chapter_ids is not None and ch.id not in chapter_ids:
                continue
            clips = []
            for clip in ch.clips:
                view = _clip_view(s, clip)
                if view.needs_attention:
                    refused.append(f"{view.recording_name or 'a clip'}: “{view.text}” "
                                   f"{ATTENTION}")
                    continue
                if view.use == FilmUse.REFUSED:
                    refused.append(f"{view.recording_name}: {view.why_not}")
                    continue
                rec = s.get(Recording, view.recording_id)
                first, last = s.get(Word, clip.first_word_id), s.get(Word, clip.last_word_id)
                words = tuple(CaptionWord("[name]" if w.redacted else w.text, w.start, w.end)
                              for w in _words_between(s, first, last))
                clips.append(_PlannedClip(
                    clip.id, rec.id, (store.folder / rec.media_path).resolve(),
                    rec.original_name, view.src_in, view.src_out, rec.has_video,
                    view.use == FilmUse.SEEN, view.speaker, words, clip.reason))
            chapters.append(PlannedChapter(ch.title, tuple(clips)))
        return FilmPlan(film.title, tuple(chapters), refused=tuple(refused))

