"""The package's import graph keeps its layers: no cycles, imports point down, faces hold no SQL.

Read from the source with `ast`, so it checks every module, including those no test imports.
An edge is an explicit import of one of the package's own modules (at any depth: a function-local
import counts the same as a top-level one). Importing `a.b.c` also runs `a/__init__` and `a/b/__init__`;
those implicit parent imports are not edges, as in import-linter.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "talentseek"
FACES = {"api", "web", "cli"}

# Layers from the top down (README "Layout", DESIGN.md "Layers"): a module may import its own
# package and anything of a lower rank, never a higher one. Same rank, other package: allowed.
RANK = {  # fmt: skip
    "cli": 7, "api": 7, "web": 7,
    "engine": 6,
    "train": 5, "assistant": 5, "usecases": 5,
    "parse": 4, "match": 4, "report": 4, "ingest": 4, "generate": 4,
    "search": 3, "embed": 3, "llm": 3, "auth": 3,
    "store": 2, "settings": 2,
    "text": 1,
    "domain": 0, "errors": 0,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in SRC.rglob("*.py") if "migrations" not in p.parts}


def _imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def _is_guarded(tree: ast.AST, node: ast.stmt) -> bool:
    """True when `node` sits in a try whose handlers catch ImportError (or everything)."""
    for t in ast.walk(tree):
        if isinstance(t, ast.Try) and any(node is n for b in t.body for n in ast.walk(b)):
            for h in t.handlers:
                caught = ast.unparse(h.type) if h.type else "BaseException"
                if any(k in caught for k in ("ImportError", "ModuleNotFoundError", "Exception")):
                    return True
    return False


class Graph:
    def __init__(self) -> None:
        self.modules = _modules()
        self.edges: dict[str, set[str]] = defaultdict(set)
        self.sqlalchemy: set[str] = set()
        self.guarded: list[str] = []
        self.string_lookups: list[str] = []
        for name, path in self.modules.items():
            self._read(name, path)

    def _read(self, name: str, path: Path) -> None:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _looks_up_own_module(node, self.modules):
                self.string_lookups.append(f"{name}: {ast.unparse(node)[:80]}")
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _imported_names(node, name, path.name == "__init__.py"):
                if target.split(".")[0] == "sqlalchemy":
                    self.sqlalchemy.add(name)
                if target in self.modules:
                    self.edges[name].add(target)
                    if _is_guarded(tree, node):
                        self.guarded.append(f"{name} -> {target}")

    def cycles(self) -> list[list[str]]:
        """Strongly connected components of more than one module (Tarjan, iterative)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        found: list[list[str]] = []
        counter = 0
        for root in sorted(self.modules):
            if root in index:
                continue
            work = [(root, iter(sorted(self.edges[root])))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                v, children = work[-1]
                child = next(children, None)
                if child is not None:
                    if child not in index:
                        index[child] = low[child] = counter
                        counter += 1
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(sorted(self.edges[child]))))
                    elif child in on_stack:
                        low[v] = min(low[v], index[child])
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
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
        return found


def _looks_up_own_module(call: ast.Call, modules: dict[str, Path]) -> bool:
    """A call handed one of our module names as a string (import_module, find_spec, a `_call` helper).

    Package data (`resources.files("talentseek.text")`) is the one allowed use of a module name as text.
    """
    if ast.unparse(call.func).split(".")[-1] in {"files", "getLogger"}:
        return False
    for arg in call.args:
        if isinstance(arg, ast.Constant) and arg.value in modules and "." in arg.value:
            return True
        if isinstance(arg, ast.JoinedStr) and ast.unparse(arg).startswith(("f'talentseek.", 'f"talentseek.')):
            return True
    return False


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


GRAPH = Graph()


def test_the_graph_is_read() -> None:
    assert len(GRAPH.modules) > 100
    assert "talentseek.search.base" in GRAPH.edges["talentseek.search.tantivy_index"] or any(
        t.startswith("talentseek.search.") for t in GRAPH.edges["talentseek.search.tantivy_index"]
    )


def test_no_import_cycles() -> None:
    assert GRAPH.cycles() == []


def test_imports_point_down() -> None:
    upward = [
        f"{m} -> {t}"
        for m, targets in sorted(GRAPH.edges.items())
        for t in sorted(targets)
        if _top(m) != _top(t) and _top(t) and RANK.get(_top(t), 99) > RANK.get(_top(m), 99)
    ]
    assert upward == []


def test_every_package_has_a_rank() -> None:
    tops = {_top(m) for m in GRAPH.modules if _top(m)}
    assert tops - set(RANK) == set()


def test_faces_hold_no_sql() -> None:
    assert sorted(m for m in GRAPH.sqlalchemy if _top(m) in FACES) == []


def test_the_package_never_imports_itself_as_optional() -> None:
    assert GRAPH.guarded == []
    assert GRAPH.string_lookups == []


def test_the_checker_sees_what_it_forbids(tmp_path: Path) -> None:
    """The checks above are not vacuous: a planted cycle and a planted guarded import are found."""
    tree = ast.parse("try:\n    from talentseek import domain\nexcept ImportError:\n    pass\n")
    node = tree.body[0].body[0]  # type: ignore[attr-defined]
    assert _is_guarded(tree, node)
    graph = Graph.__new__(Graph)
    graph.modules = {"talentseek.a": tmp_path, "talentseek.b": tmp_path, "talentseek.c": tmp_path}
    graph.edges = defaultdict(set, {"talentseek.a": {"talentseek.b"}, "talentseek.b": {"talentseek.a"}})
    assert graph.cycles() == [["talentseek.a", "talentseek.b"]]


def test_modules_and_functions_stay_small() -> None:
    """Issue 13's ceilings: a module past 500 lines or a function past 60 is split by meaning."""
    too_long = []
    for name, path in GRAPH.modules.items():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 500:
            too_long.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    too_long.append(f"{name}.{node.name}: {length} lines")
    assert too_long == []
