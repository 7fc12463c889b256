"""Every word the report, the fact base and their checks show comes from the catalogue (issue 22 point 1):
no Norwegian-looking string literal is left in the report's modules except the few named below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "psvxl" / "report"
MODULES = ["template.py", "context.py", "charts.py", "check_report.py", "check.py", "forms.py", "pdf.py",
           "render.py", "prescore_context.py", "package.py"]
NORWEGIAN = re.compile(r"[æøåÆØÅ]|\b(ikke|ikkje|og|er|på|til|som|med|for|den|det|har|skal|kan|fra|frå|eller|arket"
                       r"|cellen|raden)\b")
# Not words a reader is shown as text: Word style names (the template's styles, which staff's own
# templates keep), the form's property name, and words of the roles people type, matched in their text.
KEY = re.compile(r"[a-z-]+(\.[a-z0-9-]+)+")
ALLOWED = {"PSV Påstand", "PSV Forside", "observatør", "ordfører", "rådgiver, ", "rådgjevar, ", "psvxl-år"}


def literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and NORWEGIAN.search(node.value) and node.value not in ALLOWED
            and not node.value.startswith(("{%", "{{"))         # Jinja tags of the template
            and not KEY.fullmatch(node.value)]                     # a catalogue key


@pytest.mark.parametrize("module", MODULES)
def test_no_user_facing_literal_is_left(module):
    assert literals(REPORT / module) == []


def test_the_scan_finds_a_literal():
    sample = REPORT.parent.parent / "tests" / "test_report_words.py"
    assert literals(sample)          # ALLOWED itself, and NORWEGIAN's words, are literals here
