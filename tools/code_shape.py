"""Report the package's shape: module and function sizes, import cycles, function-local
imports back into the package. Run before and after a restructuring to compare.

    python tools/code_shape.py [PACKAGE_DIR]
"""

from __future__ import annotations

import ast
import statistics
import sys
from collections import defaultdict
from pathlib import Path


def _functions(tree: ast.AST) -> list[int]:
    sizes = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            sizes.append(node.end_lineno - node.lineno + 1)
    return sizes


def _package_of(module: str, depth: int = 2) -> str:
    return ".".join(module.split(".")[:depth])


def _imports(path: Path, module: str, root: str) -> tuple[set[str], int]:
    """Package modules imported by `module`, and how many of them sit inside functions."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    local = 0
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
        names = [n for n in names if n.split(".")[0] == root]
        found.update(names)
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    mod = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                    if mod and mod.split(".")[0] == root:
                        local += 1
    return found, local


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles: strongly connected components with more than one member (Tarjan).
    Also used by tests/test_architecture.py."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def main(package: Path) -> None:
    root = package.name
    modules: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        rel = path.relative_to(package.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    lines = {m: len(p.read_text().splitlines()) for m, p in modules.items()}
    funcs: list[int] = []
    for p in modules.values():
        funcs += _functions(ast.parse(p.read_text()))
    graph: dict[str, set[str]] = defaultdict(set)
    local_total = 0
    for m, p in modules.items():
        found, local = _imports(p, m, root)
        local_total += local
        for name in found:
            target = name if name in modules else name.rsplit(".", 1)[0]
            if target not in modules and target.rsplit(".", 1)[0] in modules:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != m:
                graph[m].add(target)
    pkg_graph: dict[str, set[str]] = defaultdict(set)
    for m, targets in graph.items():
        for t in targets:
            a, b = _package_of(m), _package_of(t)
            if a != b:
                pkg_graph[a].add(b)
    two_way = sorted({tuple(sorted((a, b))) for a, bs in pkg_graph.items() for b in bs
                      if a in pkg_graph.get(b, ())})
    funcs.sort()
    print(f"modules: {len(modules)}, lines: {sum(lines.values())}")
    print("largest modules: " + ", ".join(f"{m} {n}" for m, n in
                                          sorted(lines.items(), key=lambda x: -x[1])[:6]))
    print(f"modules over 500 lines: {sum(1 for n in lines.values() if n > 500)}")
    print(f"functions: {len(funcs)}, median {statistics.median(funcs):.0f} lines, "
          f"p90 {funcs[int(len(funcs) * 0.9)]}, max {funcs[-1]}, over 50: "
          f"{sum(1 for f in funcs if f > 50)}")
    print(f"function-local imports of {root}: {local_total}")
    print(f"two-way package pairs: {len(two_way)} " + " ".join(f"{a}<->{b}" for a, b in two_way))
    cycles = strongly_connected(graph)
    print(f"module import cycles: {len(cycles)}"
          + "".join(f"\n  {' , '.join(c)}" for c in cycles))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1] / "ebcd_app"))
