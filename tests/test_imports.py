"""Imports run one way: no cycle in generators/ (type-only imports included), no stage that
imports a command or the orchestrator, no private name borrowed from another package."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "generators"
ABOVE_STAGES = ("generators.commands", "generators.pipeline", "generators.stages",
                "generators.preview")
"""The orchestration: only these may import the registered stages (and each other); the
live preview's session runs the pipeline and the site's pieces."""


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))
           if "bundle_files" not in p.parts}  # shipped to readers, not part of the build


def _imports(module: str) -> Iterator[tuple[str, str, int]]:
    """(imported module, imported name, line) of every `generators` import, at any depth
    (inside functions and `if TYPE_CHECKING:` too)."""
    path = MODULES[module]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.module, alias.name, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, "", node.lineno


def _target(imported: str, name: str) -> str | None:
    """The module an import points at: `from a.b import c` is module `a.b.c` when that is one."""
    if f"{imported}.{name}" in MODULES:
        return f"{imported}.{name}"
    return imported if imported in MODULES else None


GRAPH = {m: {t for i, n, _ in _imports(m) if (t := _target(i, n)) and t != m} for m in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _packages(depth: int) -> dict[str, set[str]]:
    def top(module: str) -> str:
        return ".".join(module.split(".")[:depth])
    out: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        for target in targets:
            if top(module) != top(target):
                out.setdefault(top(module), set()).add(top(target))
    return out


def test_no_module_imports_itself_back_through_others() -> None:
    assert _cycles(GRAPH) == []


def test_no_package_imports_itself_back_through_others() -> None:
    assert _cycles(_packages(2)) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith(ABOVE_STAGES)))
def test_no_stage_imports_a_command_or_the_orchestrator(module: str) -> None:
    upward = [f"{MODULES[module].relative_to(ROOT)}:{line}: {imported}"
              for imported, _, line in _imports(module) if imported.startswith(ABOVE_STAGES)]
    assert upward == []


def test_no_private_name_is_imported_from_another_package() -> None:
    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])
    borrowed = [f"{MODULES[m].relative_to(ROOT)}:{line}: {imported}.{name}"
                for m in MODULES for imported, name, line in _imports(m)
                if imported.startswith("generators") and name.startswith("_")
                and not name.startswith("__") and package(imported) != package(m)]
    assert borrowed == []
