"""`ebcd map`: the emotional map as SVG, or PNG through Qt's SVG renderer (the one reach of
this command into gui/, allowed in pyproject.toml's contracts)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebcd_app.basics.atomic import write_text
from ebcd_app.basics.errors import EbcdError
from ebcd_app.cli.common import Subparsers, command, open_project, out
from ebcd_app.domain.models import JourneyType
from ebcd_app.maps.svg import render_svg
from ebcd_app.services import outputs, packs


def cmd_map(args: argparse.Namespace) -> int:
    journeys = [JourneyType(j) for j in args.journey] if args.journey else list(JourneyType)
    path = Path(args.out)
    if path.suffix.lower() not in (".svg", ".png"):
        raise EbcdError(f"{path}: the map can be written as .svg or .png")
    with open_project(args) as store:
        data = packs.map_for(store, args.audience, journeys)
        svg = render_svg(data)
        if path.suffix.lower() == ".svg":
            write_text(path, svg)
        else:
            from ebcd_app.gui.svg_png import svg_to_png  # Qt: loaded only for a PNG

            svg_to_png(svg, path, width=args.width)
        outputs.record_output(store, path, f"emotional map ({args.audience})")
    who = ("the facilitator's own view: every touch point, whatever its consent"
           if args.audience == packs.FACILITATOR else f"for an audience of {args.audience}")
    out(f"wrote {path}: {data.subtitle}, {who}")
    return 0


def add_commands(sub: Subparsers) -> None:
    sp = command(sub, "map", cmd_map, "draw the emotional map as SVG or PNG")
    sp.add_argument("project")
    sp.add_argument("--out", required=True, help="map.svg or map.png")
    sp.add_argument("--journey", action="append", choices=[j.value for j in JourneyType])
    sp.add_argument("--width", type=int, default=1600)
    sp.add_argument("--audience", choices=[*packs.MAP_AUDIENCES, packs.FACILITATOR],
                    default="joint",
                    help="who will see it: only the touch points their consent allows "
                         "(default joint, staff and patients together); facilitator: all")
