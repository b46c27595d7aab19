"""The package's layers import only downward, and no module imports itself round a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"
LAYERS = {"inputs": 0, "rules": 1, "store": 1, "decide": 2, "present": 3, "ui": 4, "report": 4, "cli": 4, "__main__": 5}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The advisor modules a file imports (relative imports resolved)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found |= {target} if node.module else {f"{target}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m == "advisor" or m.startswith("advisor.")}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            while imported not in modules and "." in imported:  # `from .x import name` names a symbol
                imported = imported.rpartition(".")[0]
            if imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def test_layers_import_only_downward() -> None:
    graph = _graph()
    assert len(graph) > 20, "the walk must find the package's modules"
    upward = [
        (source, target)
        for source, targets in graph.items()
        for target in targets
        if (a := _layer(source)) is not None and (b := _layer(target)) is not None and b > a
    ]
    assert upward == []


def test_faces_do_not_import_each_other() -> None:
    faces = ("ui", "report", "cli")
    crossing = [
        (s, t)
        for s, targets in _graph().items()
        for t in targets
        if len(s.split(".")) > 1
        and len(t.split(".")) > 1
        and s.split(".")[1] in faces
        and t.split(".")[1] in faces
        and s.split(".")[1] != t.split(".")[1]
    ]
    assert crossing == []


def test_no_import_cycles() -> None:
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if nxt == "advisor":  # the facade re-exports; nothing below it imports it
                continue
            assert state.get(nxt) != 1, " -> ".join([*path, nxt])
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])


def test_only_the_screen_imports_streamlit() -> None:
    for path in PACKAGE.rglob("*.py"):
        names = {a.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ImportFrom)}
        if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
            assert "ui" in path.relative_to(PACKAGE).parts, path


def test_the_store_sits_beside_the_rules_and_the_engine_never_reads_it() -> None:
    """Workshops: store/ imports only inputs/; decide/ and present/ never touch the database."""
    graph = _graph()
    for source, targets in graph.items():
        layer = source.split(".")[1] if source.count(".") else ""
        if layer == "store":
            assert all(t.split(".")[1] in {"inputs", "store"} for t in targets), (source, targets)
        if layer in {"inputs", "rules", "decide", "present"}:
            assert not any(t.startswith("advisor.store") for t in targets), (source, targets)
