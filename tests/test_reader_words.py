"""Issue 22 point 1 for the core (reading, findings, validation, figures, the data format, frameworks,
the overview and the Word import): no user-facing Norwegian literal is left in these modules; their
words come from the catalogue (findings.po, reader.po, overview.po, wordimport.po, layout.po).

What is left is vocabulary, not sentences: the names the reader recognises in a file (sheet names,
headers and Program labels, which layout.py keeps in one place in both målformer), list values of the
data format, and patterns of what people type. Each is named below with why it stays."""

from __future__ import annotations

import pytest

from psvxl import layout
from tests.test_i18n import messages
from tests.test_words_in_catalogue import norwegian_literals

MODULES = ["findings", "validate", "cells", "units", "metrics", "model", "framework/__init__", "overview",
           "reading/read", "reading/package", "reading/preflight", "xmlsafe", "formatting", "report_import",
           "wordimport/__init__", "wordimport/cover", "wordimport/document", "wordimport/lines",
           "wordimport/reader", "wordimport/result"]
JUSTIFIED = {
    # Excel's error values in a Norwegian Excel, recognised when reading.
    ("cells", "#SØL!"),
    # Patterns of what people type: «kr», «1. mars 2024», «Beløp i tusen kroner», «Sum», «Merk: …».
    ("cells", r"(?<![a-zæøå])\s*(kr\.?|nok|kroner|,-|\.-)$"),
    ("cells", r"^(\d{1,2})\.?\s*([a-zæøå]+)\.?\s+(\d{4})$"),
    ("units", "^(?:(?:beløp|tall|alle beløp|verdier)"), ("units", r"\b(?:beløp|beløpene|tall|tallene|summer|verdier)\b"),
    ("reading/read", "^(?:sum|summer|summert|totalsum|totalt?|i alt|subtotal|delsum|delsummer|grand total)"),
    ("reading/read", r"^(?:\*+\s|merk\b|note\b|nb\b|obs\b|kilde\b|fotnote|forklaring|tall(ene)? (er )?(hentet|fra)|"),
    # The data format's list values (data-format.md), and the standard scale's labels: data, not text.
    *(("model", word) for word in ("søkt", "pågår", "avslått", "gjennomført", "ikke startet", "utgår",
                                   "stemmer ikke i det hele tatt")),
    # Words of a report's cover and styles the importer recognises, and æ/ø/å folded for matching.
    ("wordimport/cover", "regionråd"), ("wordimport/document", "psv påstand"),
    *(("wordimport/lines", ch) for ch in "æøå"),
}


def _left(module: str) -> list[str]:
    return [text for text in norwegian_literals(module)
            if not any(m == module and text.startswith(j) for m, j in JUSTIFIED)]


@pytest.mark.parametrize("module", MODULES)
def test_no_user_facing_literal_is_left(module):
    assert _left(module) == []


def _layout_vocabulary() -> set[str]:
    """The names layout.py keeps on purpose: sheets, headers, Program labels (both målformer), list values."""
    words = {layout.GUIDE_SHEET, layout.PROGRAM_SHEET, layout.RESULTS_SHEET, layout.CONTROL_SHEET, layout.PRESCORE_SHEET,
             *layout.SHEET_NAMES_NN.values(), *layout.MAALFORM_WORDS.values(), "æ", "ø", "å"}
    for spec in layout.TABLE_SHEETS:
        words |= {spec.name, spec.table, spec.nn}
        for column in spec.columns:
            words |= {column.label, column.nn, *column.aliases}
    for fld in layout.PROGRAM_FIELDS:
        words |= {fld.label, fld.nn}
    for values in layout.VOCABULARIES.values():
        words |= set(values)
    for synonyms in layout.VOCABULARY_NN.values():
        words |= {*synonyms, *synonyms.values()}
    return words


def test_layout_keeps_names_and_labels_only():
    """Its sentences (help texts, intros) are in layout.po; what is left are the names it exists for."""
    assert [text for text in norwegian_literals("layout") if text not in _layout_vocabulary()] == []


def test_every_help_text_and_intro_of_the_layout_is_in_the_catalogue():
    nb, nn = messages("nb"), messages("nn")
    keys = [fld.help for fld in layout.PROGRAM_FIELDS]
    keys += [c.help for spec in layout.TABLE_SHEETS for c in spec.columns if c.help]
    keys += [spec.intro for spec in layout.TABLE_SHEETS if spec.intro]
    assert len(keys) == len(set(keys)) > 100
    assert [k for k in keys if k not in nb or k not in nn] == []


def test_the_scan_finds_a_left_literal(monkeypatch):
    monkeypatch.setattr(f"{__name__}.JUSTIFIED", set())
    assert "søkt" in _left("model")
