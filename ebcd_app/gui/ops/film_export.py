"""Getting the film out: a rendered MP4 (a long job) and the exports for editing suites.

Neither changes the project, so neither is on the undo stack. Both read the plan off the
GUI thread and fail through the usual failure path, so a folder that cannot be written or
a full disk ends in one plain message ("Could not export trigger-film.otio: …") and never
in a crash or silence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ebcd_app.domain.film_plan import FilmPlan
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import Ops
from ebcd_app.gui.ops.outputs import record
from ebcd_app.services import film, outputs
from ebcd_app.store.db import ProjectStore


def export_film(ops: Ops, store: ProjectStore, fmt: str, path: Path, *,
                success: Callable[[Path], None] | None = None) -> None:
    """Write one of film.export's EXPORT_FORMATS. The plan is read on the worker, after the
    edits before this; the file (a few kilobytes of text) is written here in the GUI thread,
    because the OpenTimelineIO bindings hang on a reused Qt pool thread: there pybind11
    waits for the GIL with a thread state that is not the thread's own, while the thread
    already holds it (OTIO 0.18.1, PySide 6.11.3: the second export of a session never
    returned)."""
    doing = f"export {path.name}"

    def write(plan: FilmPlan) -> None:
        from ebcd_app.film.export import export

        try:
            export(plan, fmt, path)
        except Exception as exc:  # noqa: BLE001 - said in one line like any failure
            ops.runner.report(doing, exc)
            return
        record(ops, store, path, f"film export ({fmt})")
        if success is not None:
            success(path)
    ops.read(lambda: film.build_plan(store), success=write, doing=doing)


def render_film(ops: Ops, jobs: JobManager, store: ProjectStore, path: Path, *,
                on_done: Callable[[object], None] | None = None) -> None:
    """Render the film as it is now (the plan is read on the worker, after the edits before
    it) in the jobs panel, with progress, time left and cancel; a failure shows there and
    in the failure message like any job's."""
    def submit(plan: FilmPlan) -> None:
        def run(progress, token):
            from ebcd_app.film.render import render_film as render

            with film.plain_sources(store, plan) as readable:
                result = render(readable, path, progress=progress, cancel=token)
            film.rendered(store)  # no longer waiting for a render after an erasure
            outputs.record_output(store, path, "film")
            return result
        jobs.submit(f"Render {path.name}", run, on_done=on_done)
    ops.read(lambda: film.build_plan(store), success=submit, doing=f"render {path.name}")
