"""Layers that only point down: the import graph read from the code (scripts/import_graph.py) has no cycle,
no import up a layer, and the core (base, rules, reading, checks) imports no writer, click, xlwings or docxtpl."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
assert _spec is not None and _spec.loader is not None
graph_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(graph_script)

EDGES = graph_script.graph()
OUTSIDE = graph_script.third_party()
# run by LibreOffice's own Python (it imports uno), never imported by psvxl
NOT_IMPORTED = {"psvxl.report.lo_export": "a script for LibreOffice's Python (import uno)",
                "psvxl.__main__": "runs the CLI; `python -m psvxl` imports it, psvxl.cli is imported here"}
CORE = sorted(name for name in EDGES if graph_script.layer_of(name) in graph_script.CORE)


def test_every_module_imports_and_has_a_layer():
    for name in EDGES:
        if name not in NOT_IMPORTED:
            importlib.import_module(name)
        assert graph_script.layer_of(name)


def test_nothing_imports_what_is_not_imported():
    assert [a for a in EDGES for b in EDGES[a] if b in NOT_IMPORTED] == []


def test_the_graph_sees_function_level_and_from_imports():
    # buttons imports workbook.live inside a function; `from psvxl import layout` names the module
    assert "psvxl.workbook.live" in EDGES["psvxl.buttons"]
    assert "psvxl.layout" in EDGES["psvxl.workbook.build"]
    assert "psvxl.reading.preflight" in EDGES["psvxl.jsonsafe"]
    assert "psvxl.errors" in EDGES["psvxl.framework"]


def test_the_cycle_finder_finds_cycles():
    assert graph_script.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert graph_script.cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    assert graph_script.cycles(EDGES) == []


def test_imports_only_point_down():
    assert graph_script.upward(EDGES) == []


def _closure(name: str) -> set[str]:
    seen, todo = set(), [name]
    while todo:
        for target in EDGES[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


@pytest.mark.parametrize("name", CORE)
def test_core_reaches_no_writer_and_no_forbidden_library(name):
    reached = _closure(name) | {name}
    assert [m for m in sorted(reached) if graph_script.layer_of(m) not in graph_script.CORE] == []
    assert sorted({lib for m in reached for lib in OUTSIDE[m]} & set(graph_script.CORE_FORBIDDEN)) == []


def test_importing_the_core_loads_no_writer_at_run_time():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in CORE)
            + "print('\\n'.join(sorted(m for m in sys.modules)))\n")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert [m for m in loaded if m.split(".")[0] in graph_script.CORE_FORBIDDEN] == []
    assert [m for m in loaded if m.startswith("psvxl.") and graph_script.layer_of(m) not in graph_script.CORE] == []


def test_the_script_prints_every_layer():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_graph.py")],
                            capture_output=True, text=True, check=True)
    for layer, _, _ in graph_script.LAYERS:
        assert f"[{layer}]" in result.stdout
    assert "  reading.read -> " in result.stdout
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_graph.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_the_map_shows_the_graph_of_today():
    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    drawn = doc.split("## The import graph", 1)[1].split("```\n", 1)[1].rsplit("```", 1)[0]
    assert drawn.strip() == graph_script.render(EDGES).strip(), \
        "docs/architecture.md: paste the output of `python scripts/import_graph.py` under «The import graph»"
