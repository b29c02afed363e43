"""No GUI callback can be handed a signal's value by mistake (issue 13).

PySide passes a signal's arguments (`clicked(bool)`, `triggered(bool)`, `toggled(bool)`,
`currentIndexChanged(int)`) to a slot whenever the slot can take them. A method with an
optional positional parameter (`def render(self, path=None)`) connected directly therefore
receives `False` as `path`, and Film ▸ Render… did nothing but raise. The rule this test keeps:
a method that is passed anywhere as a callable (not called) takes its optional parameters as
keyword-only. Read statically, so it covers a new button with no extra work.
"""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[1] / "ebcd_app" / "gui"


def _risky_methods(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Methods with a defaulted positional parameter or *args."""
    out: dict[str, ast.FunctionDef] = {}
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for f in cls.body:
            if isinstance(f, ast.FunctionDef) and (f.args.defaults or f.args.vararg):
                out[f.name] = f
    return out


def passed_uncalled(source: str, where: str) -> list[str]:
    tree = ast.parse(source)
    risky = _risky_methods(tree)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return [f"{where}:{node.lineno} self.{node.attr}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "self" and node.attr in risky and id(node) not in called]


def test_no_callback_has_an_optional_positional_parameter() -> None:
    problems = [p for path in sorted(GUI.rglob("*.py"))
                for p in passed_uncalled(path.read_text(encoding="utf-8"), path.name)]
    assert problems == [], ("make these methods' optional parameters keyword-only (after *), "
                            "or a signal's value lands in them: " + "; ".join(problems))


def test_the_rule_sees_the_render_bug() -> None:
    """Today's film page, reduced: the button loop hands `clicked(bool)` to `path`."""
    code = ("class Page:\n"
            "    def __init__(self, button):\n"
            "        for text, slot in (('Render…', self.render),):\n"
            "            button.clicked.connect(slot)\n"
            "    def render(self, path=None):\n"
            "        return path\n")
    assert passed_uncalled(code, "film.py") == ["film.py:3 self.render"]
    fixed = code.replace("render(self, path=None)", "render(self, *, path=None)")
    assert passed_uncalled(fixed, "film.py") == []


LONG_LIVED = ("runner", "jobs", "manager")  # the window's: they outlive every page


def lambdas_on_long_lived_signals(source: str, where: str) -> list[str]:
    """`runner.operation_executed.connect(lambda ...)` in a page: Qt cannot drop a lambda's
    connection when the page is deleted, so after a project closes it runs on a dead page
    ("Internal C++ object already deleted", found by clicking File ▸ Open the Demo Project)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect" and node.args
                and isinstance(node.args[0], ast.Lambda)):
            continue
        signal = node.func.value
        owner = signal.value if isinstance(signal, ast.Attribute) else None
        name = (owner.attr if isinstance(owner, ast.Attribute)
                else owner.id if isinstance(owner, ast.Name) else "")
        if name in LONG_LIVED:
            found.append(f"{where}:{node.lineno}")
    return found


def test_pages_connect_to_the_window_signals_with_methods_not_lambdas() -> None:
    problems = [p for path in sorted((GUI / "pages").rglob("*.py"))
                for p in lambdas_on_long_lived_signals(path.read_text(encoding="utf-8"),
                                                       path.name)]
    assert problems == [], "connect a bound method instead: " + "; ".join(problems)
    code = "jobs.job_changed.connect(lambda _j: self._poll.start())\n"
    assert lambdas_on_long_lived_signals(code, "x.py") == ["x.py:1"]
