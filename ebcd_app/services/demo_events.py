"""The demo's later stages: the events held, the priorities agreed, and months of co-design
group work, so every pack can be made from the demo project."""

from __future__ import annotations

from datetime import date

from ebcd_app.domain.models import EventKind, JourneyType, Role
from ebcd_app.services import events, groups, pledging, projects
from ebcd_app.services.vocabulary import stages
from ebcd_app.store.db import ProjectStore


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def seed_events_and_groups(store: ProjectStore, manifest: dict) -> tuple[int, int]:
    """Returns (events recorded, co-design groups)."""
    by_name = {p.display_name: p.id for p in projects.list_participants(store)}
    people = {p["key"]: by_name[p["display_name"]] for p in manifest["participants"]}
    staff_stages = {s.name: s.id for s in stages(store, JourneyType.STAFF)}
    recorded = 0
    for key, item in manifest.get("events", {}).items():
        kind = EventKind(key)
        events.update_event(store, kind, held_on=_day(item.get("held_on")),
                            starts_at=item.get("starts_at", "10:00"), place=item.get("place", ""),
                            facilitators=item.get("facilitators", []),
                            attendance={Role(r): n for r, n in item.get("attendance",
                                                                         {}).items()},
                            notes=item.get("notes", ""))
        for title, detail, votes, agreed in item.get("priorities", []):
            pid = events.add_priority(store, kind, title, detail)
            events.update_priority(store, pid, votes=votes, agreed=agreed)
        if item.get("shared_stages"):
            events.set_shared_stages(store, [staff_stages[n] for n in item["shared_stages"]])
        recorded += 1
    made = 0
    if manifest.get("groups"):
        ids = {groups.group(store, g).priority: g for g in events.start_groups(store)}
        for item in manifest["groups"]:
            gid = ids.get(item["priority"]) or groups.add_group(store, item["priority"])
            groups.update_group(store, gid, started_on=_day(item.get("started_on")),
                                changed=item.get("changed", ""),
                                next_steps=item.get("next_steps", ""))
            for key, name, role in item.get("members", []):
                if key:
                    groups.add_member(store, gid, role=Role.OTHER, participant_id=people[key])
                else:
                    groups.add_member(store, gid, role=Role(role), name=name)
            for held_on, attendees, notes in item.get("meetings", []):
                groups.add_meeting(store, gid, date.fromisoformat(held_on), notes, attendees)
            for what, who, due, status in item.get("actions", []):
                groups.add_action(store, gid, what, who=who, due_on=_day(due),
                                  status=groups.parse_status(status))
            for cycle in item.get("cycles", []):
                fields = {k: v for k, v in cycle.items() if k != "title"}
                for k in ("started_on", "ended_on"):
                    fields[k] = _day(fields.get(k))
                groups.add_cycle(store, gid, cycle["title"], **fields)
            for m in item.get("measures", []):
                if m.get("preset"):
                    mid = groups.add_preset_measure(store, gid, m["preset"],
                                                    change_on=_day(m.get("change_on")))
                else:
                    mid = groups.add_measure(store, gid, m["name"], unit=m.get("unit", ""),
                                             description=m.get("description", ""),
                                             higher_is_better=m.get("higher_is_better", True),
                                             change_on=_day(m.get("change_on")))
                groups.add_values(store, mid, [(date.fromisoformat(d), float(v))
                                               for d, v in m["values"]])
            made += 1
    for kind, pledge, who, what, by in manifest.get("pledges", []):
        pledging.add_pledge(store, EventKind(kind), pledging.parse_pledge_kind(pledge),
                            who=who, what=what, by_when=_day(by))
    for kind, session, useful, comment in manifest.get("feedback", []):
        pledging.add_feedback(store, EventKind(kind), session=session, useful=useful,
                              comment=comment)
    return recorded, made
