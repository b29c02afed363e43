"""Render sample pages of the demo project's packs into docs/screenshots/ (needs pdftoppm).

    .venv/bin/python tools/pack_pages.py [DEMO_PROJECT]

The demo project is the one `ebcd demo` builds (default: the data folder's). Pages are
found by their text, so the samples stay right when a pack gains or loses pages.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

from ebcd_app.services import groups, projects
from ebcd_app.services.demo import default_demo_dir
from ebcd_app.services.pack_making import make_pack

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SAMPLES = [  # (pack, text on the page, file name)
    ("patient-feedback", "What we heard", "pack-patient-touch-points.png"),
    ("joint", "The emotional map", "pack-joint-emotional-map.png"),
    ("joint", "Priority vote", "pack-joint-dot-vote.png"),
    ("group", "Measures", "pack-group-run-chart.png"),
    ("celebration", "What each group changed", "pack-celebration-summary.png"),
]


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default_demo_dir()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (apt install poppler-utils)")
        return 1
    work = Path(tempfile.mkdtemp())
    try:
        with projects.open_project(folder) as store:
            first = groups.list_groups(store)[0].id
            for kind, needle, name in SAMPLES:
                pdf = work / f"{kind}.pdf"
                if not pdf.exists():
                    make_pack(store, kind, pdf, group_id=first if kind == "group" else None)
                pages = PdfReader(pdf).pages
                number = next(i for i, p in enumerate(pages, 1)
                              if needle in (p.extract_text() or ""))
                stem = work / name.removesuffix(".png")
                subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f",
                                str(number), "-l", str(number), str(pdf), str(stem)],
                               check=True)
                shutil.copy(f"{stem}.png", OUT / name)
                print(f"{OUT / name}: page {number} of the {kind} pack")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
