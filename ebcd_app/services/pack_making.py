"""Make any pack by name: the one entry point for the CLI, the GUI's jobs and benchmarks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ebcd_app.basics.errors import EbcdError
from ebcd_app.basics.progress import CancelToken, ProgressSink, ProgressUpdate, ignore_progress
from ebcd_app.domain.models import EventKind
from ebcd_app.packs.blocks import cancel_checkpoint
from ebcd_app.services import events, groups, outputs
from ebcd_app.services import packs as content
from ebcd_app.services.projects import project_info

# a pack per event; the co-design groups' event has one pack per group ("group", --group)
PACK_KINDS = (*(k.value for k in EventKind if k is not EventKind.CODESIGN_GROUP), "group")


@dataclass(frozen=True)
class PackResult:
    path: Path
    pages: int
    withheld: int  # touch points and quotes left out for consent
    title: str
    generalised: int = 0  # attributions made general to protect small groups
    why_generalised: tuple[str, ...] = ()  # which combinations were too small (not who)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pack"


def default_pack_name(store, kind: str, group_id: int | None = None) -> str:
    project = _slug(project_info(store).name)
    if kind == "group":
        if group_id is None:
            raise EbcdError("a group pack needs the group")
        return f"{project}-group-{_slug(groups.group(store, group_id).name)}.pdf"
    return f"{project}-{kind}-pack.pdf"


def make_pack(store, kind: str, out: Path, *, group_id: int | None = None,
              progress: ProgressSink = ignore_progress,
              cancel: CancelToken | None = None) -> PackResult:
    """Gather the content (consent and redaction applied), then lay out the PDF; the file
    appears at `out` only when complete."""
    mine = [*(k.value for k in events.kinds(store)), "group"]
    if kind not in mine:
        why = "unknown pack" if kind not in PACK_KINDS else "this project has no"
        raise EbcdError(f"{why} '{kind}' (choose from: {', '.join(mine)})")
    out = Path(out)
    if out.is_dir():
        out = out / default_pack_name(store, kind, group_id)
    label = f"Pack {out.name}"
    progress(ProgressUpdate(f"{label}: gathering", 0.05))
    ticks = [0]

    def tick() -> None:
        ticks[0] += 1
        progress(ProgressUpdate(f"{label}: laying out pages", min(0.95, 0.2 + ticks[0] / 60)))

    checkpoint = cancel_checkpoint(cancel, tick)
    if kind == "group":
        if group_id is None:
            raise EbcdError("say which co-design group the pack is for")
        gp = content.group_pack(store, group_id)
        _check(cancel)
        from ebcd_app.packs.group_pack import build_group_pack

        pages = build_group_pack(gp, out, checkpoint=checkpoint)
        result = PackResult(out, pages, 0, f"Co-design group: {gp.group.name}")
    elif kind == "celebration":
        cp = content.celebration_pack(store)
        _check(cancel)
        from ebcd_app.packs.celebration_pack import build_celebration_pack

        pages = build_celebration_pack(cp, out, checkpoint=checkpoint)
        result = PackResult(out, pages, cp.withheld_quotes, cp.event.title)
    else:
        ep = content.event_pack(store, EventKind(kind))
        _check(cancel)
        from ebcd_app.packs.event_pack import build_event_pack

        pages = build_event_pack(ep, out, checkpoint=checkpoint)
        result = PackResult(out, pages, ep.withheld + ep.withheld_quotes, ep.event.title,
                            ep.generalised, ep.why_generalised)
    outputs.record_output(store, out, f"pack ({kind})")
    progress(ProgressUpdate(f"{label}: done, {pages} pages", 1.0))
    return result


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled()

