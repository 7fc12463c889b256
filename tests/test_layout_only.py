"""layout.py is the only place for the workbook's sheet names and cell positions: no other module of psvxl/
spells a sheet name or an A1 address as a string literal (docstrings aside). What must stay is listed in
JUSTIFIED with its reason, by file and the name or address found."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from psvxl import layout

from conftest import ROOT

PACKAGE = ROOT / "psvxl"
SHEETS = sorted({*layout.SHEET_ORDER, layout.GUIDE_SHEET, layout.PROGRAM_SHEET, layout.RESULTS_SHEET,
                 layout.CONTROL_SHEET, layout.PRESCORE_SHEET, *(spec.name for spec in layout.TABLE_SHEETS)})
SHEET_WORD = re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in SHEETS) + r")(?!\w)")
# A1 or $A$1, alone or as part of a range or a formula; not inside a word ("Rapport2024") or a call ("LOG10(")
ADDRESS = re.compile(r"(?<![\w$#])\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}(?![\w(])|(?<![\w$])\$[A-Z]{1,3}\$(?=\W|$)")

JUSTIFIED: dict[tuple[str, str], str] = {
    # Message texts that name a sheet in words: they are going into the catalogue (issue 22, the words);
    # there the sheet's name should become a field filled from layout.
    ("findings.py", "Vurderinger"): "message text, to the catalogue",
    ("findings.py", "Program"): "message text, to the catalogue",
    ("findings.py", "Portefølje"): "message text, to the catalogue",
    ("findings.py", "Indikatorer"): "message text, to the catalogue",
    ("findings.py", "Budsjett"): "message text, to the catalogue",
    ("findings.py", "Arbeidsplasser"): "message text, to the catalogue",
    ("findings.py", "Forhåndsvurdering"): "message text, to the catalogue",
    # The same word, another meaning: the overview's column headers and a summary line name the
    # programme and its jobs, not the sheets.
    ("overview.py", "Program"): "the overview's column «Program» (the programme's name)",
    ("overview.py", "Arbeidsplasser"): "the overview's column «Arbeidsplasser» (a count of jobs)",
    ("wordimport/__init__.py", "Program"): "the import summary's line about the programme",
    # The report's headings as the importer recognises them (the report's words, not the workbook's).
    ("vocabulary.py", "Portefølje"): "the report's heading «Portefølje»",
    ("vocabulary.py", "Oppfølging"): "the report's heading «Oppfølging av fjorårets tiltak»",
    # Not cells: a Wingdings symbol's code in a Word document.
    ("wordimport/document.py", "A8"): "the Wingdings code 0xA8 (an empty box), not a cell",
    # The overview is a workbook of its own (one row per programme), not the PSV workbook of layout.py.
    ("overview.py", "A2"): "the overview's table range, below its header row",
    # The reader's own finding at the sheet's first cell (reading/read.py: the words engineer's file now).
    ("reading/read.py", "A1"): "missing-header is reported at the sheet's first cell; layout.cell_address(0, 0) next",
}


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def spelled(source: str) -> list[tuple[int, str]]:
    """(line, sheet name or address) for each string literal of the source that spells one."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            found += [(node.lineno, m.group(0)) for m in SHEET_WORD.finditer(node.value)]
            found += [(node.lineno, m.group(0)) for m in ADDRESS.finditer(node.value)]
    return sorted(found)


def _modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p != PACKAGE / "layout.py"]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_sheet_name_or_address_outside_layout(path):
    name = path.relative_to(PACKAGE).as_posix()
    found = [f"{name}:{line}: {text!r}" for line, text in spelled(path.read_text("utf-8"))
             if (name, text) not in JUSTIFIED]
    assert found == [], "take it from psvxl/layout.py (or justify it in JUSTIFIED)"


def test_the_scanner_finds_names_and_addresses():
    source = ('"""Vurderinger in a docstring is fine."""\n'
              'a = "Vurderinger"\nb = f"={x}!$A$2:$A${n}"\nc = "see E2"\nd = "arket Program"\n'
              'e = "Rapport2024"\nf = "LOG10(x)"\ng = "Programmet"\n')
    assert spelled(source) == [(2, "Vurderinger"), (3, "$A$"), (3, "$A$2"), (4, "E2"), (5, "Program")]
