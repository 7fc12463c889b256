"""Issue 22 point 1 over the whole package: no Norwegian-looking string literal is left anywhere in psvxl/
outside docstrings; the words a user reads come from the catalogue (psvxl/locale, through psvxl.i18n.t).

The areas have their own, finer tests (test_words_in_catalogue, test_reader_words, test_report_words); this
one walks every module, so a new module or a module no area claims cannot bring a literal back. What is
left is not text a user is shown as a message: each entry of the allow-list says why it stays."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests import test_reader_words, test_report_words, test_words_in_catalogue

PACKAGE = Path(__file__).resolve().parent.parent / "psvxl"
MODULES = sorted(p.relative_to(PACKAGE).with_suffix("").as_posix() for p in PACKAGE.rglob("*.py"))
# The union of the areas' heuristics: æ/ø/å, or a common word of bokmål or nynorsk.
NORWEGIAN = re.compile(r"[æøåÆØÅ]|\b(ikke|ikkje|og|er|på|til|som|med|for|den|det|har|skal|kan|fra|frå|eller|"
                       r"arket|cellen|raden|feil|lagde|skrev|mangler|finnes)\b", re.IGNORECASE)
KEY = re.compile(r"[a-z-]+(\.[a-z0-9-]+)+")               # a catalogue key («report.heading.key-figures»)

JUSTIFIED: dict[str, set[str]] = {
    # The areas' allow-lists, each entry with its reason there.
    **{m: set() for m in MODULES},
}
for module, text in test_words_in_catalogue.JUSTIFIED | test_reader_words.JUSTIFIED:
    JUSTIFIED.setdefault(module, set()).add(text)
EVERYWHERE = {
    # Word style names of the report template (test_report_words.ALLOWED), and the roles people type.
    *test_report_words.ALLOWED,
    # layout.py's names and labels: sheet names, column headers, Program labels in both målformer, list
    # values and their nynorsk synonyms (test_reader_words) — the names the reader recognises in a file.
    *test_reader_words._layout_vocabulary(),
}


def _vocabulary_synonyms() -> set[str]:
    """The words the importer recognises in a report (vocabulary.py): besides the written word, which comes
    from vocabulary.po, the synonyms facilitators type and the lead sentences of older reports. Read, not
    shown."""
    from psvxl import vocabulary

    return {word for value in vars(vocabulary).values() if isinstance(value, tuple)
            for word in value if isinstance(word, str)}


def literals(module: str) -> list[tuple[int, str]]:
    """The Norwegian-looking string literals of `module` outside docstrings, catalogue keys and Jinja tags."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and NORWEGIAN.search(node.value) and not KEY.fullmatch(node.value)
            and not node.value.startswith(("{%", "{{"))]


def _left(module: str) -> list[tuple[int, str]]:
    allowed = EVERYWHERE | (_vocabulary_synonyms() if module == "vocabulary" else set())
    return [(line, text) for line, text in literals(module)
            if text not in allowed and not any(text.startswith(j) for j in JUSTIFIED.get(module, ()))]


def test_every_module_is_scanned():
    assert {"cli", "layout", "vocabulary", "report/lo_export", "wordimport/result", "workbook/build"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_no_user_facing_literal_is_left(module):
    assert _left(module) == []


def test_the_scan_finds_a_literal(tmp_path, monkeypatch):
    (tmp_path / "m.py").write_text('"""Modulen."""\nMESSAGE = f"Kan ikke lese {1}."\nOK = "psvxl"\n', "utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert _left("m") == [(2, "Kan ikke lese ")]


def test_the_ledger_speaks_the_language():
    """import-report --vis-alt names where a paragraph went in the user's language; the ledger keeps ids."""
    from psvxl import i18n
    from psvxl.wordimport.result import PLACES, UNPLACED, place_name

    assert place_name(UNPLACED) == "ikke plassert"
    for lang in ("nb", "nn", "en"):
        with i18n.using(lang):
            assert all(place_name(p) != f"import.place.{p}" for p in PLACES)
    with i18n.using("nn"):
        assert place_name(UNPLACED) == "ikkje plassert"


def test_libreoffice_codes_become_words():
    from psvxl import i18n
    from psvxl.report.pdf import LO_CODES, lo_message

    assert lo_message("psvxl-lo:timeout:") == "LibreOffice svarte ikke innen to minutter."
    assert lo_message("psvxl-lo:cannot-open:a.docx") == "LibreOffice kunne ikke åpne a.docx."
    assert lo_message("Traceback: boom") == "Traceback: boom"
    with i18n.using("en"):
        assert all(not lo_message(f"psvxl-lo:{c}:x").startswith("pdf.") for c in LO_CODES)


def test_lo_export_prints_the_codes_pdf_reads():
    """lo_export.py runs in LibreOffice's Python and cannot import psvxl: its prefix and codes are read
    from its source."""
    from psvxl.report.pdf import LO_CODE, LO_CODES

    tree = ast.parse((PACKAGE / "report" / "lo_export.py").read_text("utf-8"))
    prefix = next(node.value.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  and getattr(node.targets[0], "id", "") == "CODE_PREFIX" and isinstance(node.value, ast.Constant))
    used = {node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "code" and isinstance(node.args[0], ast.Constant)}
    assert prefix == LO_CODE and used == set(LO_CODES)
