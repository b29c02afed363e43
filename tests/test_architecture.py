"""Layering rules a tool checks: imports point down the layers (pyproject.toml's import-linter
contracts), Qt only in ebcd_app.gui, and no module imports itself round a circle."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from tools.code_shape import strongly_connected

PACKAGE = Path(__file__).resolve().parents[1] / "ebcd_app"


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    out = subprocess.run([exe], cwd=PACKAGE.parent, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 3 kept, 0 broken." in out.stdout


def test_no_module_outside_gui_imports_qt_even_lazily() -> None:
    """import-linter sees module-level imports; this also catches imports inside functions."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] in
                          ("PySide6", "shiboken6", "PyQt5", "PyQt6")]
    assert offenders == []


def test_the_import_graph_has_no_cycles() -> None:
    """A circle of imports means two modules are one job split badly; run-time imports only
    (an `if TYPE_CHECKING:` import for a type hint is not a dependency)."""
    import grimp

    graph = grimp.build_graph("ebcd_app", exclude_type_checking_imports=True)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules
             if m.startswith("ebcd_app")}
    # a package's __init__ importing its own submodule is how a package says what it offers
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    cycles = strongly_connected(edges)
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)

