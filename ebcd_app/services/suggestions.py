"""Language suggestions (sentiment per sentence, names to redact, candidate themes).

Each is stored as a suggestion that a person accepts or rejects; nothing is applied
silently. Running again replaces pending suggestions but never repeats a rejected one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update

from ebcd_app.basics.errors import EbcdError, NotFoundError
from ebcd_app.basics.progress import CancelToken, ProgressSink, ProgressUpdate, ignore_progress
from ebcd_app.domain.models import (
    Participant,
    Recording,
    RecordingState,
    Segment,
    Sentiment,
    Suggestion,
    SuggestionKind,
    SuggestionState,
    Theme,
    Transcript,
    Word,
)
from ebcd_app.services import word_spans
from ebcd_app.services.projects import audit, get_project
from ebcd_app.services.touchpoints import TouchPointData, add_touchpoint
from ebcd_app.services.vocabulary import themes_by_name
from ebcd_app.store.db import ProjectStore

REDACT_LABELS = {"PERSON", "GPE", "LOC", "FAC", "ORG"}


@dataclass(frozen=True)
class SuggestionRun:
    recordings: int
    sentiment: int
    redaction: int
    themes: int
    pipeline: str


@dataclass(frozen=True)
class SuggestionView:
    id: int
    kind: SuggestionKind
    recording_id: int | None
    recording_name: str
    first_word_id: int | None
    last_word_id: int | None
    value: dict
    state: SuggestionState
    start: float | None = None  # when the words are spoken

    @property
    def summary(self) -> str:
        v = self.value
        if self.kind == SuggestionKind.SENTIMENT:
            return f"{v['sentiment']}: “{v['text']}”"
        if self.kind == SuggestionKind.REDACTION:
            kind = REDACTION_KINDS.get(v["label"], "name")
            return f"redact {kind} “{v['text']}”"
        return f"theme “{v['phrase']}” ({len(v['recordings'])} interviews)"


@dataclass(frozen=True)
class SuggestionsChanged:
    recording_id: int | None = None


# spaCy's entity labels, as a facilitator reads them
REDACTION_KINDS = {"PERSON": "the name", "FAC": "the place", "GPE": "the place",
                   "LOC": "the place", "ORG": "the organisation", "NORP": "the group"}


def _words(s, rec_id: int) -> list[tuple[int, str]]:
    return list(s.execute(select(Word.id, Word.text).join(Segment, Segment.id == Word.segment_id)
                          .join(Transcript, Transcript.id == Segment.transcript_id)
                          .where(Transcript.recording_id == rec_id)
                          .order_by(Segment.idx, Word.idx)).all())


def _text_and_offsets(words: Sequence[tuple[int, str]]) -> tuple[str, list[int]]:
    offsets, parts, at = [], [], 0
    for _id, text in words:
        offsets.append(at)
        parts.append(text)
        at += len(text) + 1
    return " ".join(parts), offsets


def _span(offsets: list[int], start: int, end: int) -> tuple[int, int] | None:
    import bisect

    a = bisect.bisect_right(offsets, start) - 1
    b = bisect.bisect_left(offsets, end) - 1
    return (max(a, 0), b) if b >= max(a, 0) else None


def run_suggestions(store: ProjectStore, recording_ids: Sequence[int] | None = None, *,
                    progress: ProgressSink = ignore_progress,
                    cancel: CancelToken | None = None) -> SuggestionRun:
    from ebcd_app.language.pipeline import load_pipeline
    from ebcd_app.language.sentiment import suggest_sentiment
    from ebcd_app.language.themes import candidate_themes

    with store.session() as s:
        names = [p.display_name for p in s.scalars(select(Participant))]
        vocabulary = get_project(s).vocabulary
        q = select(Recording.id).where(Recording.state == RecordingState.TRANSCRIBED)
        all_ids = list(s.scalars(q.order_by(Recording.id)))
    ids = [i for i in all_ids if recording_ids is None or i in set(recording_ids)]
    progress(ProgressUpdate("loading the language model", 0.02))
    pipe = load_pipeline(names, vocabulary)
    totals = {"sentiment": 0, "redaction": 0}
    docs = {}
    for n, rec_id in enumerate(ids):
        if cancel:
            cancel.raise_if_cancelled()
        with store.session() as s:
            words = _words(s, rec_id)
        text, offsets = _text_and_offsets(words)
        doc = pipe.nlp(text)
        docs[rec_id] = [doc]
        found = []
        for sent in doc.sents:
            span = _span(offsets, sent.start_char, sent.end_char)
            guess = suggest_sentiment(sent.text)
            if span and guess:
                found.append((SuggestionKind.SENTIMENT, span, {
                    "sentiment": guess.sentiment.value, "score": guess.score,
                    "text": sent.text.strip()}))
        for ent in doc.ents:
            span = _span(offsets, ent.start_char, ent.end_char)
            if span and ent.label_ in REDACT_LABELS:
                found.append((SuggestionKind.REDACTION, span,
                              {"text": ent.text, "label": ent.label_}))
        added = _replace_pending(store, rec_id, words, found)
        for kind, count in added.items():
            totals[kind] += count
        progress(ProgressUpdate("suggesting", (n + 1) / max(1, len(ids)) * 0.9))
    themes = _replace_themes(store, candidate_themes(docs)) if len(all_ids) > 1 else 0
    progress(ProgressUpdate("suggestions ready", 1.0))
    return SuggestionRun(len(ids), totals["sentiment"], totals["redaction"], themes,
                         pipe.description)


def _replace_pending(store: ProjectStore, rec_id: int, words, found) -> dict[str, int]:
    added = {"sentiment": 0, "redaction": 0}
    with store.session() as s:
        decided = set()
        for old in s.scalars(select(Suggestion).where(Suggestion.recording_id == rec_id)):
            if old.state == SuggestionState.PENDING:
                s.delete(old)
            else:
                decided.add((old.kind, old.first_word_id, old.last_word_id))
        for kind, (a, b), value in found:
            key = (kind, words[a][0], words[b][0])
            if key in decided:
                continue
            s.add(Suggestion(kind=kind, recording_id=rec_id, first_word_id=key[1],
                             last_word_id=key[2], value=value))
            added[kind.value] += 1
    return added


def _replace_themes(store: ProjectStore, candidates) -> int:
    with store.session() as s:
        existing = {t.lower() for t in s.scalars(select(Theme.name))}
        decided = set()
        for old in s.scalars(select(Suggestion).where(Suggestion.kind == SuggestionKind.THEME)):
            if old.state == SuggestionState.PENDING:
                s.delete(old)
            else:
                decided.add(old.value.get("phrase", ""))
        n = 0
        for c in candidates:
            if c.phrase in decided or c.phrase in existing:
                continue
            s.add(Suggestion(kind=SuggestionKind.THEME, value={
                "phrase": c.phrase, "recordings": list(c.recording_ids),
                "mentions": c.mentions}))
            n += 1
        return n


def list_suggestions(store: ProjectStore, kind: SuggestionKind | None = None,
                     state: SuggestionState | None = SuggestionState.PENDING
                     ) -> list[SuggestionView]:
    with store.session() as s:
        q = select(Suggestion).order_by(Suggestion.recording_id, Suggestion.id)
        if kind is not None:
            q = q.where(Suggestion.kind == kind)
        if state is not None:
            q = q.where(Suggestion.state == state)
        names: dict[int | None, str] = dict(
            s.execute(select(Recording.id, Recording.original_name)).tuples().all())
        items = list(s.scalars(q))
        firsts = [x.first_word_id for x in items if x.first_word_id]
        starts: dict[int | None, float] = dict(
            s.execute(select(Word.id, Word.start).where(Word.id.in_(firsts))).tuples().all())
        return [SuggestionView(x.id, x.kind, x.recording_id, names.get(x.recording_id, ""),
                               x.first_word_id, x.last_word_id, dict(x.value), x.state,
                               starts.get(x.first_word_id))
                for x in items]


def accept(store: ProjectStore, suggestion_id: int, *, author: str = "") -> SuggestionsChanged:
    """Apply a suggestion: a touch point, redacted words, or a new theme."""
    with store.session() as s:
        sug = s.get(Suggestion, suggestion_id)
        if sug is None:
            raise NotFoundError(f"no suggestion with id {suggestion_id}")
        if sug.state != SuggestionState.PENDING:
            raise EbcdError(f"suggestion {suggestion_id} was already {sug.state.value}")
        kind, rec_id, first, last, value = (sug.kind, sug.recording_id, sug.first_word_id,
                                            sug.last_word_id, dict(sug.value))
        if kind == SuggestionKind.REDACTION:
            ids = [w[0] for w in _span_words(s, first, last)]
            s.execute(update(Word).where(Word.id.in_(ids)).values(redacted=True))
        elif kind == SuggestionKind.THEME:

            themes_by_name(s, [value["phrase"]])
        sug.state = SuggestionState.ACCEPTED
        audit(s, "suggestion.accept", f"suggestion {suggestion_id}", actor=author,
              kind=kind.value)
    if kind == SuggestionKind.SENTIMENT:

        add_touchpoint(store, TouchPointData(first_word_id=first, last_word_id=last,
                                             sentiment=Sentiment(value["sentiment"]),
                                             author=author))
    return SuggestionsChanged(rec_id)


def _span_words(s, first: int | None, last: int | None) -> list[word_spans.WordRow]:
    words = word_spans.span_words(s, first, last) if first is not None and last is not None \
        else []
    if not words:
        raise EbcdError("the words of this suggestion were edited away; run suggestions again")
    return words


def reject(store: ProjectStore, suggestion_id: int, *, author: str = "") -> SuggestionsChanged:
    with store.session() as s:
        sug = s.get(Suggestion, suggestion_id)
        if sug is None:
            raise NotFoundError(f"no suggestion with id {suggestion_id}")
        sug.state = SuggestionState.REJECTED
        audit(s, "suggestion.reject", f"suggestion {suggestion_id}", actor=author)
        return SuggestionsChanged(sug.recording_id)
