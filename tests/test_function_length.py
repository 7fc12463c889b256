"""Functions a reader can hold in mind: none longer than 60 lines (def to last line) in psvxl/ and scripts/.
scripts/code_stats.py prints the longest. What is still longer is listed in LONGER with its length and why."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

LIMIT = 60
LONGER: dict[str, int] = {}     # what may be longer, with its length and why (nothing today)


def long_functions(path: Path, root: Path = ROOT) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(root).as_posix()
    return {f"{name}:{node.name}": node.end_lineno - node.lineno + 1 for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > LIMIT}


FILES = sorted([*(ROOT / "psvxl").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_function_over_60_lines(path):
    found = long_functions(path)
    assert {k: v for k, v in found.items() if LONGER.get(k) != v} == {}, \
        f"split along the concepts the code names (at most {LIMIT} lines), or list it in LONGER with why"


def test_the_listed_ones_are_still_there():
    # when one is split (or grows), its line here must go (or be argued again)
    found = {k: v for path in FILES for k, v in long_functions(path).items()}
    assert {k: v for k, v in LONGER.items() if found.get(k) != v} == {}


def test_the_counter_counts_def_to_last_line(tmp_path):
    source = tmp_path / "x.py"
    body = "    x = 1\n" * 60
    source.write_text(f"def fits():\n{body[:-10]}\n\nasync def long():\n{body}", encoding="utf-8")
    assert long_functions(source, tmp_path) == {"x.py:long": 61}
