"""Getting the film out: a rendered MP4 (a long job) and the exports for editing suites.

Neither changes the project, so neither is on the undo stack. Both build the plan off the
GUI thread and write through the usual failure path, so a folder that cannot be written
or a full disk ends in one plain message ("Could not export trigger-film.otio: …") and
never in a crash or silence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ebcd_app.domain.film_plan import FilmPlan
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import Ops
from ebcd_app.services import film
from ebcd_app.store.db import ProjectStore


def export_film(ops: Ops, store: ProjectStore, fmt: str, path: Path, *,
                success: Callable[[Path], None] | None = None) -> None:
    """Write one of film.export's EXPORT_FORMATS on the worker, after the edits before it."""
    def write() -> Path:
        from ebcd_app.film.export import export

        export(film.build_plan(store), fmt, path)
        return path
    ops.read(write, success=success or (lambda _p: None), doing=f"export {path.name}")


def render_film(ops: Ops, jobs: JobManager, store: ProjectStore, path: Path, *,
                on_done: Callable[[object], None] | None = None) -> None:
    """Render the film as it is now (the plan is read on the worker, after the edits before
    it) in the jobs panel, with progress, time left and cancel; a failure shows there and
    in the failure message like any job's."""
    def submit(plan: FilmPlan) -> None:
        def run(progress, token):
            from ebcd_app.film.render import render_film as render

            return render(plan, path, progress=progress, cancel=token)
        jobs.submit(f"Render {path.name}", run, on_done=on_done)
    ops.read(lambda: film.build_plan(store), success=submit, doing=f"render {path.name}")
