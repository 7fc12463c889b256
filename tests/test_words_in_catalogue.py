"""Issue 22 point 1 for the CLI, the workbook writers and their messages: no user-facing Norwegian
literal left in these modules; their words come from the catalogue (cli.po, workbook.po, results.po).

A literal «looks Norwegian» when it has æ, ø or å or a common Norwegian word (the heuristic of the
catalogue work); docstrings are for developers and are not counted. What is left is listed below with
why it stays: names the reader recognises in a file, not sentences."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "psvxl"
MODULES = ["cli", "api", "text_output", "files", "collect", "carry", "jsonsafe", "errors", "results", "buttons",
           "lite", "excel", "workbook/build", "workbook/macros", "workbook/live", "workbook/writeback",
           "reading/package", "reading/prescore_sheet", "workbook/prescore_write", "workbook/lite_book",
           "workbook/control_sheet"]
NORWEGIAN = re.compile(r"[æøåÆØÅ]|\b(ikke|og|er|på|til|som|med|for|den|det|har|skal|kan|fra|eller|arket|cellen|"
                       r"raden|feil|lagde|skrev|mangler|finnes)\b", re.IGNORECASE)
JUSTIFIED = {
    # A file name (the buttons' log), which the message about it (button.where.log) names.
    ("excel", "psvxl-feil.log"),
    # Excel's error value in a Norwegian Excel, recognised when reading: vocabulary, not a message.
    ("reading/package", "#FEIL"),
    # English, for a developer: a programming error in the Lite adapter, never shown to staff.
    ("workbook/lite_book", " was not fetched for this sheet (psvxl.workbook.lite_book)"),
}


def norwegian_literals(module: str) -> list[str]:
    tree = ast.parse((ROOT / f"{module}.py").read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and NORWEGIAN.search(node.value) and (module, node.value) not in JUSTIFIED]


@pytest.mark.parametrize("module", MODULES)
def test_no_user_facing_literal_is_left(module):
    assert norwegian_literals(module) == []


def test_the_scanner_finds_a_literal(tmp_path, monkeypatch):
    (tmp_path / "m.py").write_text('"""Modulen."""\nMESSAGE = f"Kan ikke lese {1}."\nOK = "psvxl"\n', "utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert norwegian_literals("m") == ["Kan ikke lese "]
