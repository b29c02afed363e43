"""What events capture beyond priorities: each attendee's 15% solution (what I will do,
without extra permission or resources, by when), senior leaders' commitments at the
listening event (an action with an owner and a date), and feedback forms (1-5 for the
session and for its use, and a comment), entered during or after the event.

The next packs print the pledges made before them, and the celebration pack prints them
all with each event's feedback summarised (forms, medians, counts, comments).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from ebcd_app.basics.errors import EbcdError
from ebcd_app.domain.event_views import TITLES, FeedbackSummary, PledgeView
from ebcd_app.domain.models import Event, EventKind, FeedbackForm, Pledge, PledgeKind
from ebcd_app.domain.redaction import Redactor
from ebcd_app.services import events
from ebcd_app.services.projects import audit
from ebcd_app.store.db import ProjectStore


def parse_pledge_kind(text: str) -> PledgeKind:
    key = text.strip().lower()
    if key in ("15%", "15", "solution", "15% solution", "fifteen"):
        return PledgeKind.FIFTEEN_PERCENT
    if key in ("commitment", "commit", "leadership"):
        return PledgeKind.COMMITMENT
    raise EbcdError(f"unknown pledge '{text}' (choose 15% or commitment)")


def add_pledge(store: ProjectStore, kind: EventKind, pledge: PledgeKind, *, who: str,
               what: str, by_when: date | None = None) -> int:
    """Record a 15% solution or a commitment at this event; its id."""
    if not what.strip():
        raise EbcdError(f"a {pledge.value} needs to say what will be done")
    if pledge == PledgeKind.COMMITMENT and not who.strip():
        raise EbcdError("a leadership commitment needs an owner (--who)")
    events.update_event(store, kind)  # the event's record, made on its first edit
    with store.session() as s:
        event = s.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)).first()
        assert event is not None
        row = Pledge(event_id=event.id, kind=pledge, who=who.strip(), what=what.strip(),
                     by_when=by_when)
        s.add(row)
        s.flush()
        audit(s, "event.pledge", f"pledge {row.id}", kind=pledge.value, event=kind.value)
        return row.id


def _check_scale(name: str, value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise EbcdError(f"{name} is {value}: feedback scales run from 1 to 5")


def add_feedback(store: ProjectStore, kind: EventKind, *, session: int | None,
                 useful: int | None, comment: str = "") -> int:
    """One attendee's feedback form for this event; its id."""
    _check_scale("how the session was", session)
    _check_scale("how useful it was", useful)
    if session is None and useful is None and not comment.strip():
        raise EbcdError("a feedback form needs a score or a comment")
    events.update_event(store, kind)
    with store.session() as s:
        event = s.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)).first()
        assert event is not None
        row = FeedbackForm(event_id=event.id, session=session, useful=useful,
                           comment=comment.strip())
        s.add(row)
        s.flush()
        return row.id


def pledges(store: ProjectStore, redact: Redactor | None = None) -> list[PledgeView]:
    """Every pledge, in the order of the project's events, then as entered."""
    clean = redact or (lambda t: t)
    order = {k: i for i, k in enumerate(events.kinds(store))}
    with store.session() as s:
        rows = s.execute(select(Pledge, Event.kind).join(Event, Pledge.event_id == Event.id)
                         .order_by(Pledge.id)).all()
        out = [PledgeView(p.id, kind, p.kind.value, clean(p.who), clean(p.what), p.by_when)
               for p, kind in rows]
    return sorted(out, key=lambda v: (order.get(v.event, 99), v.id))


def earlier_pledges(store: ProjectStore, kind: EventKind, redact: Redactor
                    ) -> tuple[PledgeView, ...]:
    """The pledges made at the events before this one (what the room is reminded of)."""
    order = events.kinds(store)
    before = set(order[:order.index(kind)]) if kind in order else set()
    return tuple(p for p in pledges(store, redact) if p.event in before)


def _counts(values: Sequence[int]) -> tuple[int, int, int, int, int]:
    return tuple(sum(1 for v in values if v == n) for n in range(1, 6))  # type: ignore[return-value]


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def feedback_summaries(store: ProjectStore, redact: Redactor | None = None
                       ) -> list[FeedbackSummary]:
    """Each event's forms summarised, in the project's order; events with none left out."""
    clean = redact or (lambda t: t)
    out = []
    with store.session() as s:
        for kind in events.kinds(store):
            forms = list(s.scalars(select(FeedbackForm).join(Event).where(Event.kind == kind)
                                   .order_by(FeedbackForm.id)))
            if not forms:
                continue
            sess = [f.session for f in forms if f.session is not None]
            use = [f.useful for f in forms if f.useful is not None]
            out.append(FeedbackSummary(kind, TITLES[kind], len(forms), _median(sess),
                                       _median(use), _counts(sess), _counts(use),
                                       tuple(clean(f.comment) for f in forms if f.comment)))
    return out
