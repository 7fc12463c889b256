"""Målform is data (issue 24 point 1) and reading accepts both målformer (point 3).

`program.language` ("nb", "nn") travels through the data format and the Målform row of Program; a
workbook command speaks the workbook's målform unless --lang says otherwise. A workbook spelled in
nynorsk, or one that mixes (nynorsk sheet names and headers on a bokmål workbook, «Avslutta» for
«Avsluttet»), gives the same figures as the bokmål one: hypothesis draws which sheets, headers, Program
labels and list values are written in nynorsk (a fixed seed in CI; PSVXL_SLOW=1 runs many more).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psvxl import layout
from psvxl.cli import cli
from psvxl.model import Assessment, FormatError
from psvxl.validate import validate_workbook
from psvxl.workbook.build import build_workbook
from psvxl.reading.read import read_language
from tests.conftest import example, program_cell
from tests.nynorsk_forms import bokmaal_forms

SLOW = bool(os.environ.get("PSVXL_SLOW"))
MAALFORM = program_cell("program.language")


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def bokmaal(tmp_path_factory) -> tuple[Path, dict]:
    """The bundled example as a bokmål workbook, and its figures."""
    path = tmp_path_factory.mktemp("nb") / "nb.xlsx"
    build_workbook(example(), path)
    result = _run("compute", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    return path, json.loads(result.stdout)


# --- point 1: the data format and the Målform row ------------------------------------------------------

def test_the_data_format_carries_the_maalform():
    data = example().to_json()
    assert data["program"]["language"] == "nb"
    data["program"]["language"] = "nn"
    assert Assessment.from_json(data).program.language == "nn"
    del data["program"]["language"]                       # older files: bokmål
    assert Assessment.from_json(data).program.language == "nb"
    data["program"]["language"] = "sv"
    with pytest.raises(FormatError, match="målform"):
        Assessment.from_json(data)


@pytest.mark.parametrize("lang, word", [("nb", "bokmål"), ("nn", "nynorsk")])
def test_the_maalform_row_is_written_as_a_word_with_a_dropdown_and_read_back(tmp_path, lang, word):
    a = example()
    a.program.language = lang
    path = tmp_path / f"{lang}.xlsx"
    build_workbook(a, path)
    ws = openpyxl.load_workbook(path)[layout.PROGRAM_SHEET]
    row = int(MAALFORM[1:])
    assert ws[f"A{row}"].value == "Målform" and ws[MAALFORM].value == word
    lists = [dv for dv in ws.data_validations.dataValidation if MAALFORM in str(dv.sqref)]
    assert lists and lists[0].type == "list" and lists[0].formula1 == '"bokmål,nynorsk"'
    result, report = validate_workbook(path)
    assert result.assessment.program.language == lang and not report.errors
    assert read_language(path) == lang
    exported = _run("export-json", str(path))
    assert json.loads(exported.stdout)["program"]["language"] == lang


@pytest.mark.parametrize("typed, lang", [("Nynorsk", "nn"), (" NN ", "nn"), ("Bokmal", "nb"), (None, "nb")])
def test_the_maalform_is_read_as_typed(make_workbook, typed, lang):
    path = make_workbook(edits={(layout.PROGRAM_SHEET, MAALFORM): typed})
    result, report = validate_workbook(path)
    assert result.assessment.program.language == lang and not report.errors


def test_an_unknown_maalform_is_named_where_it_is(make_workbook):
    path = make_workbook(edits={(layout.PROGRAM_SHEET, MAALFORM): "svensk"})
    _, report = validate_workbook(path)
    [finding] = [f for f in report.errors if f.code == "invalid-choice"]
    assert (finding.sheet, finding.cell) == (layout.PROGRAM_SHEET, MAALFORM)
    assert "«svensk» er ikke en gyldig verdi for Målform. Velg en av: bokmål, nynorsk." == finding.message("nb")


def test_a_workbook_command_speaks_the_workbooks_maalform(make_workbook):
    bad = {(layout.INDICATORS.name, "E2"): 9}
    nynorsk = make_workbook(edits={**bad, (layout.PROGRAM_SHEET, MAALFORM): "nynorsk"})
    bokmaal = make_workbook(edits=bad)
    said = _run("validate", str(nynorsk))
    assert said.exit_code == 1 and "må vere eit heilt tal" in said.output
    assert said.output.split("\n")[0] == f"Kontroll av {nynorsk.name}: 1 feil, 1 åtvaring"
    messages = [f["message"] for f in json.loads(_run("validate", "--format", "json", str(nynorsk)).stdout)["findings"]]
    assert len(messages) == 2 and [m for m in messages if bokmaal_forms(m)] == []
    assert "må være et helt tall" in _run("validate", str(bokmaal)).output
    assert "må være et helt tall" in _run("validate", str(nynorsk), "--lang", "nb").output        # --lang decides
    assert "The score 9" in _run("--lang", "en", "validate", str(nynorsk)).output
    # the report of a nynorsk workbook is refused in nynorsk too
    refused = _run("build-report", str(nynorsk), "-o", str(nynorsk.with_suffix(".docx")))
    assert refused.exit_code == 1 and "Rapporten blei ikkje laga" in refused.output


def test_the_maalform_of_an_unreadable_file_is_bokmaal(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a zip")
    assert read_language(junk) == "nb"
    result = _run("validate", str(junk))
    assert result.exit_code == 2 and "skadet" in result.output      # an unreadable input: exit 2, in bokmål


# --- point 3: either målform, or a mix, is read the same way ---------------------------------------------

SHEETS = sorted(name for name in layout.SHEET_NAMES_NN if name in layout.SHEET_ORDER)   # not the optional pre-score sheet
HEADERS = [(spec.name, c.key) for spec in layout.TABLE_SHEETS for c in spec.columns if c.nn]
FIELDS = [f.path for f in layout.PROGRAM_FIELDS if f.nn]
LISTS = [(spec.name, c.key, c.choices) for spec in layout.TABLE_SHEETS for c in spec.columns
         if c.choices in layout.VOCABULARY_NN]


def _nynorsk(value: str, choices: str, case: str) -> str:
    """The nynorsk spelling of a bokmål list value, cased as someone typed it."""
    nn = next((nn for nn, nb in layout.VOCABULARY_NN[choices].items() if nb == value.strip().casefold()), None)
    if nn is None:
        return value
    return {"lower": nn, "title": nn.capitalize(), "upper": nn.upper()}[case]


def spell_in_nynorsk(path: Path, sheets: set[str], headers: set[tuple[str, str]], fields: set[str],
                     lists: set[tuple[str, str]], case: str, maalform: bool) -> None:
    """Edit a psvxl workbook as someone writing nynorsk would: headers, Program labels and list values
    first (by the bokmål names), then the chosen sheets renamed."""
    book = openpyxl.load_workbook(path)
    for sheet, key in headers:
        spec = next(s for s in layout.TABLE_SHEETS if s.name == sheet)
        book[sheet][f"{layout.column_letter(spec.columns.index(spec.column(key)))}1"] = spec.column(key).nn
    for index, fld in enumerate(layout.PROGRAM_FIELDS, start=1):
        if fld.path in fields:
            book[layout.PROGRAM_SHEET][f"A{index + 1}"] = fld.nn
    for sheet, key, choices in LISTS:
        if (sheet, key) in lists:
            spec = next(s for s in layout.TABLE_SHEETS if s.name == sheet)
            column = layout.column_letter(spec.columns.index(spec.column(key)))
            ws = book[sheet]
            for row in range(2, ws.max_row + 1):
                cell = ws[f"{column}{row}"]
                if isinstance(cell.value, str):
                    cell.value = _nynorsk(cell.value, choices, case)
    if maalform:
        book[layout.PROGRAM_SHEET][MAALFORM] = "nynorsk"
    for sheet in sheets:
        book[sheet].title = layout.SHEET_NAMES_NN[sheet]
    book.save(path)


@settings(max_examples=40 if SLOW else 5, derandomize=not SLOW, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sheets=st.sets(st.sampled_from(SHEETS)), headers=st.sets(st.sampled_from(HEADERS)),
       fields=st.sets(st.sampled_from(FIELDS)), lists=st.sets(st.sampled_from([(s, k) for s, k, _ in LISTS])),
       case=st.sampled_from(["lower", "title", "upper"]), maalform=st.booleans())
def test_a_workbook_in_nynorsk_or_mixed_gives_the_same_figures(bokmaal, tmp_path_factory, sheets, headers, fields,
                                                              lists, case, maalform):
    source, figures = bokmaal
    path = tmp_path_factory.mktemp("mixed") / "blanda.xlsx"
    shutil.copyfile(source, path)
    spell_in_nynorsk(path, sheets, headers, fields, lists, case, maalform)
    result = _run("compute", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == figures
    read, report = validate_workbook(path)
    assert not report.errors and read.assessment.program.language == ("nn" if maalform else "nb")


def test_all_in_nynorsk_gives_the_same_figures_and_names_its_own_sheets(bokmaal, tmp_path):
    source, figures = bokmaal
    path = tmp_path / "nynorsk.xlsx"
    shutil.copyfile(source, path)
    spell_in_nynorsk(path, set(SHEETS), set(HEADERS), set(FIELDS), {(s, k) for s, k, _ in LISTS}, "title", True)
    assert json.loads(_run("compute", "--format", "json", str(path)).stdout) == figures
    read, _ = validate_workbook(path)
    assert {p.status for p in read.assessment.portfolio} <= set(layout.VOCABULARIES["status"])
    # a finding on a sheet named in nynorsk points at that sheet, as the user sees it
    book = openpyxl.load_workbook(path)
    score = layout.column_letter(layout.INDICATORS.columns.index(layout.INDICATORS.column("score")))
    book[layout.SHEET_NAMES_NN[layout.INDICATORS.name]][f"{score}2"] = 9
    book.save(path)
    _, report = validate_workbook(path)
    assert [(f.sheet, f.cell) for f in report.errors] == [("Indikatorar", f"{score}2")]


def test_a_sheet_in_both_maalformer_is_a_copy_not_a_choice(bokmaal, tmp_path):
    source, _ = bokmaal
    path = tmp_path / "both.xlsx"
    shutil.copyfile(source, path)
    book = openpyxl.load_workbook(path)
    book.copy_worksheet(book[layout.JOBS.name]).title = "Arbeidsplassar"
    book.save(path)
    _, report = validate_workbook(path)
    assert [f.code for f in report.errors] == ["duplicate-sheet"]


def test_the_nynorsk_spellings_in_layout_are_the_glossarys():
    """docs/nynorsk.md is the glossary; layout's `nn` spellings and nynorsk list values are taken from it."""
    from tests.test_nynorsk_data import glossary_rows

    glossary = dict(glossary_rows())
    named = [(spec.name, spec.nn or spec.name) for spec in layout.TABLE_SHEETS]
    named += list(layout.SHEET_NAMES_NN.items())
    named += [(c.label, c.nn or c.label) for spec in layout.TABLE_SHEETS for c in spec.columns]
    named += [(f.label, f.nn or f.label) for f in layout.PROGRAM_FIELDS]
    named += [(nb, nn) for values in layout.VOCABULARY_NN.values() for nn, nb in values.items()]
    assert [(nb, nn, glossary.get(nb)) for nb, nn in named if glossary.get(nb) != nn] == []


def test_new_with_lang_nn_makes_a_workbook_whose_maalform_is_nynorsk(tmp_path):
    path = tmp_path / "ny.xlsx"
    assert _run("new", "--lang", "nn", "-o", str(path)).exit_code == 0
    ws = openpyxl.load_workbook(path)[layout.PROGRAM_SHEET]
    assert ws[MAALFORM].value == "nynorsk"
    help_texts = [ws[f"C{row}"].value for row in range(2, ws.max_row + 1)]
    assert help_texts[0] == "Namnet på omstillingsprogrammet." and [h for h in help_texts if bokmaal_forms(h)] == []
    assert read_language(path) == "nn"
    said = _run("validate", str(path))                      # and it speaks nynorsk from then on
    assert said.output.startswith(f"Kontroll av {path.name}:") and "åtvaring" in said.output.split("\n")[0]
    plain = tmp_path / "vanleg.xlsx"
    assert _run("new", "-o", str(plain)).exit_code == 0
    assert openpyxl.load_workbook(plain)[layout.PROGRAM_SHEET][MAALFORM].value == "bokmål"
