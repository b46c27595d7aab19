"""The package's layers import only downward, and no module imports itself round a cycle. A name taken from the
facade (advisor/__init__.py) counts as an import of the modules behind it, so nothing goes round the rules."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"
# The PDF builder sits below the two interactive faces: the pages and the command line offer the PDF; it imports
# neither of them.
LAYERS = {"inputs": 0, "rules": 1, "store": 1, "decide": 2, "present": 3, "report": 4, "ui": 5, "cli": 5, "__main__": 6}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, tree: ast.AST | None = None) -> set[str]:
    """The advisor modules a file (or one node of it) imports, relative imports resolved; `module.name` for each
    name taken, so a name of the facade can be followed."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree or ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found |= ({target} if node.module else set()) | {f"{target}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m == "advisor" or m.startswith("advisor.")}


def _owner(imported: str, modules: Collection[str]) -> str:
    while imported not in modules and "." in imported:  # `from .x import name` names a symbol
        imported = imported.rpartition(".")[0]
    return imported


def _facade(modules: Collection[str]) -> dict[str, set[str]]:
    """Each name advisor/__init__.py offers: `advisor.<name>` -> the modules it comes from (for a function defined
    there, the modules its body imports, such as the PDF builder imported on first use, and those of the names
    it calls)."""
    path = PACKAGE / "__init__.py"
    names: dict[str, set[str]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            for imported in _imports(path, node):
                if _owner(imported, modules) != imported:
                    names[f"advisor.{imported.rpartition('.')[2]}"] = {_owner(imported, modules)}
        elif isinstance(node, ast.FunctionDef):
            used = {f"advisor.{n.id}" for n in ast.walk(node) if isinstance(n, ast.Name)}
            behind = {m for name in used & names.keys() for m in names[name]}
            names[f"advisor.{node.name}"] = {_owner(m, modules) for m in _imports(path, node)} | behind
    return names


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    facade = _facade(modules)
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            behind = facade.get(imported, set()) if name != "advisor" else set()
            targets |= {t for t in {_owner(imported, modules), *behind} if t != name}
        graph[name] = targets
    return graph


def test_the_facade_is_seen_through() -> None:
    """The pages reach the PDF builder through `advisor.build_report`: the graph has that edge."""
    facade = _facade({_module(p) for p in PACKAGE.rglob("*.py")})
    assert {"advisor.decide.analysis", "advisor.report.build"} <= facade["advisor.build_report"]
    assert facade["advisor.analyse"] == {"advisor.decide.analysis"}
    graph = _graph()
    assert "advisor.report.build" in graph["advisor.ui.tools"]
    assert "advisor.report.build" in graph["advisor.cli"]


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
    faces = ("ui", "cli")
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


def test_no_private_name_crosses_a_module() -> None:
    """A leading underscore means "this module's own": no other module imports it."""
    crossing = [
        (_module(path), f"{node.module}.{a.name}")
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
        for a in node.names
        if a.name.startswith("_") and not a.name.startswith("__")
    ]
    assert crossing == []


def _literal_keys(path: Path) -> list[tuple[int, str]]:
    """Session-state keys and widget keys written as string literals in a page."""

    def state(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "session_state"

    def text(node: ast.AST) -> bool:
        return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            found += [(node.lineno, ast.unparse(k.value)) for k in node.keywords if k.arg == "key" and text(k.value)]
            call = node.func
            if isinstance(call, ast.Attribute) and state(call.value) and node.args and text(node.args[0]):
                found.append((node.lineno, ast.unparse(node.args[0])))
        elif isinstance(node, ast.Subscript) and state(node.value) and text(node.slice):
            found.append((node.lineno, ast.unparse(node.slice)))
        elif isinstance(node, ast.Compare) and any(state(c) for c in node.comparators) and text(node.left):
            found.append((node.lineno, ast.unparse(node.left)))
    return found


def test_page_state_keys_are_named_once() -> None:
    """Every session-state and widget key comes from ui/page_keys.py, each name with its own string; a CSS rule
    that styles a container by its key (`.st-key-<key>`) names a key that exists."""
    from advisor.ui import page_keys

    pages = [p for p in (PACKAGE / "ui").glob("*.py") if p.name != "page_keys.py"] + [PACKAGE.parent / "app.py"]
    assert [(p.name, *hit) for p in pages for hit in _literal_keys(p)] == []
    assert _literal_keys(PACKAGE / "ui" / "page_keys.py") == []
    values = [v for n, v in vars(page_keys).items() if n.isupper() and isinstance(v, str)]
    assert len(values) == len(set(values)) > 40
    containers = set(values) | {page_keys.keyring(kind) for kind in ("facilitator", "participant")}
    styled = {m for p in pages for m in re.findall(r"\.st-key-([a-z0-9-]+)", p.read_text(encoding="utf-8"))}
    assert styled and styled <= containers, styled - containers
