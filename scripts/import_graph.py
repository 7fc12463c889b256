"""The import graph of psvxl, read from the code (ast, function-level imports included), grouped by layer.

    python scripts/import_graph.py            # every module, its layer and what it imports from psvxl
    python scripts/import_graph.py --check    # exit 1 when an import points up a layer or closes a cycle

Each layer may import its own and the layers above it in LAYERS (lower ones), never one below. The core
(base to checks) imports no writer and none of CORE_FORBIDDEN. tests/test_architecture.py holds the same rules.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "psvxl"

# Lowest first. A module belongs to the layer of the longest prefix that names it.
LAYERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("base", "words, the data model, units, safe parsing, file checks before a read",
     ("psvxl.errors", "psvxl.i18n", "psvxl.units", "psvxl.model", "psvxl.formatting", "psvxl.vocabulary",
      "psvxl.templates", "psvxl.xmlsafe", "psvxl.opc", "psvxl.jsonsafe", "psvxl.isolated", "psvxl.reading.preflight")),
    ("rules", "the workbook's layout, cells, the framework, findings, the figures",
     ("psvxl.layout", "psvxl.cells", "psvxl.framework", "psvxl.findings", "psvxl.prescores", "psvxl.metrics", "psvxl.last_year")),
    ("reading", "the workbook read into an Assessment with findings",
     ("psvxl.reading",)),
    ("checks", "validation and the result cells' plan",
     ("psvxl.validate", "psvxl.results")),
    ("documents", "writers and the Word reader: workbooks, reports, the overview, output files",
     ("psvxl.workbook", "psvxl.report", "psvxl.wordimport", "psvxl.report_import", "psvxl.carry",
      "psvxl.collect", "psvxl.files", "psvxl.overview")),
    ("front", "what people and Excel call: the library's front door, buttons, CLI",
     ("psvxl.api", "psvxl.text_output", "psvxl.buttons", "psvxl.excel", "psvxl.lite", "psvxl.cli",
      "psvxl.__main__", "psvxl")),
]
CORE = ("base", "rules", "reading", "checks")
CORE_FORBIDDEN = ("click", "xlwings", "docxtpl")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(name: str) -> str:
    best, found = -1, ""
    for layer, _, prefixes in LAYERS:
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), layer
    if not found:
        raise KeyError(f"{name} is in no layer of scripts/import_graph.py LAYERS")
    return found


def _imported(node: ast.AST, here: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:   # relative: resolve against this module's package
            package = here.split(".") if is_package else here.split(".")[:-1]
            package = package[:len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        return [f"{base}.{alias.name}" for alias in node.names] + [base]
    return []


def imports(path: Path, known: dict[str, Path]) -> tuple[set[str], set[str]]:
    """(psvxl modules, top-level third-party names) that the file imports anywhere in it."""
    here = module_name(path)
    inner, outer = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = _imported(node, here, path.name == "__init__.py")
        if isinstance(node, ast.ImportFrom):   # `from a import b`: b if it is a module, else a
            base, candidates = names[-1], names[:-1]
            found = [c for c in candidates if c in known]
            names = found if found and len(found) == len(candidates) else [*found, base]
        for name in names:
            if name.split(".")[0] == "psvxl":
                target = name
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target != here:
                    inner.add(target)
            elif name:
                outer.add(name.split(".")[0])
    return inner, outer


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known)[0] for name, path in known.items()}


def third_party() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known)[1] for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Imports that point to a higher layer than the importer's."""
    rank = {layer: i for i, (layer, _, _) in enumerate(LAYERS)}
    return [f"{a} ({layer_of(a)}) imports {b} ({layer_of(b)})"
            for a in sorted(edges) for b in sorted(edges[a]) if rank[layer_of(b)] > rank[layer_of(a)]]


def render(edges: dict[str, set[str]]) -> str:
    lines = []
    for layer, what, _ in reversed(LAYERS):
        lines.append(f"[{layer}] {what}")
        for name in sorted(n for n in edges if layer_of(n) == layer):
            targets = ", ".join(t.removeprefix("psvxl.") for t in sorted(edges[name])) or "-"
            lines.append(f"  {name.removeprefix('psvxl.') or 'psvxl'} -> {targets}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    edges = graph()
    if "--check" in argv:
        problems = [f"cycle: {' -> '.join(c)}" for c in cycles(edges)] + upward(edges)
        print("\n".join(problems) or "no cycle, no import up a layer")
        return 1 if problems else 0
    print(render(edges))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
