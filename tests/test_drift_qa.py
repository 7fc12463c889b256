"""Drift classes found by QA (issue 19, QA section A): each class generated, one property each.

    The figures equal the untouched workbook's, or the workbook is refused and the FIRST finding
    names the cell where the cause is (not a consequence elsewhere). Never other figures with exit 0.

The classes: an amount that is a percentage or under 1 kr (A1); a unit header over a column whose
number format already shows thousands or millions, and amounts far too large for a programme (A2);
merged cells down the data rows, and a blank grant the figures need (A3); a cause that other checks
compare against (an unreadable year or grant, a negative frame, a project id with a stray character)
ranked before its consequences (A5); a reworded Program label named at its cell (A6).

Most members run in memory through the reader's own entry (`read_sheets`, with the merged ranges and
number formats a file would give): hundreds of members in a few seconds. A few real files (openpyxl
edits) go through the CLI, as a user's run would. PSVXL_SLOW=1 runs more examples.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_XLSX, col
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psvxl import layout, metrics
from psvxl.cli import cli
from psvxl.layout import BUDGET, JOBS, PORTFOLIO
from psvxl.model import SUPPORTED_STATUSES
from psvxl.reading.package import (
    MILLIONS_FORMAT, PERCENT_FORMAT, THOUSANDS_FORMAT, format_kind, formats_by_sheet, special_cells_by_sheet,
)
from psvxl.reading.read import read_sheets
from psvxl.validate import figures_blocked, validate

SLOW = bool(os.environ.get("PSVXL_SLOW"))
FEW = settings(max_examples=200 if SLOW else 25, derandomize=not SLOW, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _base() -> tuple[dict, dict]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(EXAMPLE_XLSX))
    sheets = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    with zipfile.ZipFile(EXAMPLE_XLSX) as package:
        special = special_cells_by_sheet(package)
    return sheets, special


SHEETS, SPECIAL = _base()
REFERENCE = metrics.compute(read_sheets(copy.deepcopy(SHEETS), SPECIAL).assessment).to_json()


def _at(spec: layout.TableSheet, key: str) -> int:
    return layout.parse_address(f"{col(spec, key)}1")[1]


def _data_rows(spec: layout.TableSheet) -> list[int]:
    rows = SHEETS[spec.name]
    first = _at(spec, spec.read_columns[0].key)
    return [i for i in range(1, len(rows)) if rows[i][first] not in (None, "")]


def outcome(sheets: dict, merged: dict | None = None, formats: dict | None = None) -> tuple[int, object]:
    """(0, figures) or (1, the first finding), as compute decides."""
    result = read_sheets(sheets, SPECIAL, merged, formats)
    report = validate(result)
    if figures_blocked(report):
        return 1, report.findings[0]
    return 0, metrics.compute(result.assessment).to_json()


def assert_first(sheets: dict, sheet: str, cell: str, codes: set[str], merged=None, formats=None) -> None:
    code, first = outcome(sheets, merged, formats)
    assert code == 1, "exit 0: the edit should be refused"
    assert (first.code, first.sheet, first.cell) in {(c, sheet, cell) for c in codes}, first


def _cell(row: int, column: int) -> str:
    return layout.cell_address(row, column)


# --- A1: an amount that is a percentage or under 1 kr -------------------------------------------

AMOUNTS = [(PORTFOLIO, "total_cost"), (PORTFOLIO, "granted"), (PORTFOLIO, "paid"), (BUDGET, "frame")]
percent_text = st.builds(lambda n, space, sign: f"{n}{space}{sign}".replace(".", ","),
                         st.one_of(st.integers(1, 100), st.decimals("0.5", "99.5", places=1).map(str)),
                         st.sampled_from(["", " ", "\u00a0"]), st.sampled_from(["%", "%"]))


@FEW
@given(where=st.sampled_from(AMOUNTS), pick=st.integers(0, 10_000), how=st.sampled_from(["text", "format", "small"]),
       text=percent_text, share=st.floats(0.001, 0.999))
def test_a1_an_amount_that_is_a_percentage_or_under_one_krone_is_an_error_on_its_cell(where, pick, how, text, share):
    spec, key = where
    sheets = copy.deepcopy(SHEETS)
    column = _at(spec, key)
    rows = [i for i in _data_rows(spec) if isinstance(sheets[spec.name][i][column], (int, float))
            and sheets[spec.name][i][column] > 0]
    row = rows[pick % len(rows)]
    formats = None
    if how == "text":
        sheets[spec.name][row][column] = text
    elif how == "format":          # 0,4 shown as «40 %»
        sheets[spec.name][row][column] = share
        formats = {spec.name: {(row, column): PERCENT_FORMAT}}
    else:                          # a share typed as a number under 1 kr (0,4 would round to 0 kr)
        sheets[spec.name][row][column] = share
    assert_first(sheets, spec.name, _cell(row, column), {"amount-percent", "amount-below-one-krone"}, formats=formats)


# --- A2: a unit header and a number format that already shows the unit --------------------------

UNIT_HEADERS = {THOUSANDS_FORMAT: ["{label} (kNOK)", "{label} (1000 kr)", "{label} (TNOK)", "{label} i tusen kroner"],
                MILLIONS_FORMAT: ["{label} (MNOK)", "{label} (mill. kr)"]}


@FEW
@given(where=st.sampled_from(AMOUNTS), scale=st.sampled_from([THOUSANDS_FORMAT, MILLIONS_FORMAT]),
       header=st.integers(0, 3), agree=st.booleans())
def test_a2_a_format_that_shows_the_unit_is_read_as_kroner_or_refused(where, scale, header, agree):
    spec, key = where
    sheets = copy.deepcopy(SHEETS)
    column = _at(spec, key)
    label = spec.column(key).label
    templates = UNIT_HEADERS[scale] if agree else UNIT_HEADERS[MILLIONS_FORMAT + THOUSANDS_FORMAT - scale]
    sheets[spec.name][0][column] = templates[header % len(templates)].format(label=label)
    numbers = [i for i in _data_rows(spec) if isinstance(sheets[spec.name][i][column], (int, float))]
    formats = {spec.name: {(i, column): scale for i in numbers}}
    code, got = outcome(sheets, formats=formats)
    if agree:                      # the values are kroner: the header tells what the format shows
        assert (code, got) == (0, REFERENCE)
    else:                          # header and format disagree: which one is the value's unit?
        assert code == 1 and (got.code, got.sheet, got.cell) == ("amount-format-conflict", spec.name,
                                                                  _cell(numbers[0], column)), got


@FEW
@given(where=st.sampled_from([(BUDGET, "frame"), (PORTFOLIO, "total_cost")]),
       header=st.sampled_from(["{label} (1000 kr)", "{label} (TNOK)", "{label} (MNOK)"]))
def test_a2_a_unit_header_over_kroner_gives_figures_no_programme_has(where, header):
    spec, key = where
    sheets = copy.deepcopy(SHEETS)
    column = _at(spec, key)
    sheets[spec.name][0][column] = header.format(label=spec.column(key).label)
    code, first = outcome(sheets)
    assert code == 1
    codes = {"frame-too-large"} if spec is BUDGET else {"cost-far-above-grant", "cost-implausible"}
    assert first.code in codes and first.sheet == spec.name and first.cell[:1] == col(spec, key), first


# --- A3: merged cells down the data rows; a blank grant the figures need -------------------------

MERGEABLE = [(PORTFOLIO, k) for k in ("total_cost", "granted", "paid", "status", "expected_new_jobs")] + \
            [(JOBS, k) for k in ("new", "secured", "year")] + [(BUDGET, "frame"), (BUDGET, "admin")]


@FEW
@given(where=st.sampled_from(MERGEABLE), pick=st.integers(0, 10_000), height=st.integers(2, 3))
def test_a3_merged_cells_in_data_rows_are_an_error_naming_the_range(where, pick, height):
    spec, key = where
    sheets = copy.deepcopy(SHEETS)
    column = _at(spec, key)
    rows = _data_rows(spec)
    top = rows[pick % (len(rows) - height + 1)]
    for r in range(top + 1, top + height):
        sheets[spec.name][r][column] = ""       # what Excel keeps of a merge: the top-left value only
    merged = {spec.name: [((top, column), (top + height - 1, column))]}
    code, first = outcome(sheets, merged=merged)
    assert code == 1 and (first.code, first.sheet, first.cell) == ("merged-data-cells", spec.name, _cell(top, column))
    assert f"{_cell(top, column)}:{_cell(top + height - 1, column)}" in first.message("nb")


def test_a3_a_blank_grant_is_an_error_where_the_row_says_money_was_granted_or_paid():
    status, granted, paid = (_at(PORTFOLIO, k) for k in ("status", "granted", "paid"))
    checked = 0
    for row in _data_rows(PORTFOLIO):
        values = SHEETS[PORTFOLIO.name][row]
        sheets = copy.deepcopy(SHEETS)
        sheets[PORTFOLIO.name][row][granted] = None
        if str(values[status]).lower() in SUPPORTED_STATUSES or values[paid]:
            assert_first(sheets, PORTFOLIO.name, _cell(row, granted), {"granted-missing", "granted-missing-paid"})
            checked += 1
        else:              # søkt, avslått, trukket with nothing paid: no grant is right
            assert outcome(sheets)[0] == 0 or values[granted] in (None, "", 0)
    assert checked > 10


# --- A5: the cause first, its consequences after -----------------------------------------------

unreadable = st.sampled_from(["{v}/{n}", "{v}-{n}", "år {v}", "{v} ?", "ca. {v}"])


@FEW
@given(how=st.sampled_from(["year", "frame", "grant", "id"]), text=unreadable, pick=st.integers(0, 10_000),
       stray=st.sampled_from([".", ",", " -", ")", "_"]))
def test_a5_the_first_finding_is_the_cause_not_its_consequence(how, text, pick, stray):
    sheets = copy.deepcopy(SHEETS)
    if how in ("year", "frame"):
        year_col, frame_col = _at(BUDGET, "year"), _at(BUDGET, "frame")
        row = next(i for i in _data_rows(BUDGET) if int(sheets[BUDGET.name][i][year_col]) == 2024)
        column = year_col if how == "year" else frame_col
        value = sheets[BUDGET.name][row][column]
        sheets[BUDGET.name][row][column] = text.format(v=int(value), n=int(value) + 1) if how == "year" else -value
        assert_first(sheets, BUDGET.name, _cell(row, column), {"invalid-number", "negative-amount"})
    elif how == "grant":           # a grant cell nobody can read, on a row with money paid
        granted, paid = _at(PORTFOLIO, "granted"), _at(PORTFOLIO, "paid")
        rows = [i for i in _data_rows(PORTFOLIO) if sheets[PORTFOLIO.name][i][paid]]
        row = rows[pick % len(rows)]
        sheets[PORTFOLIO.name][row][granted] = text.format(v=int(sheets[PORTFOLIO.name][row][granted]), n=1)
        assert_first(sheets, PORTFOLIO.name, _cell(row, granted), {"invalid-number"})
    else:                          # a project id on Portefølje with a stray character, used on Arbeidsplasser
        ident, used = _at(PORTFOLIO, "id"), _at(JOBS, "project_id")
        referenced = {str(r[used]) for r in sheets[JOBS.name][1:] if len(r) > used and r[used]}
        rows = [i for i in _data_rows(PORTFOLIO) if sheets[PORTFOLIO.name][i][ident] in referenced]
        row = rows[pick % len(rows)]
        sheets[PORTFOLIO.name][row][ident] += stray
        assert_first(sheets, PORTFOLIO.name, _cell(row, ident), {"project-id-stray-character"})


# --- A6: a reworded Program label is named at its cell -------------------------------------------

REQUIRED = [f for f in layout.PROGRAM_FIELDS if f.required]


@FEW
@given(field=st.sampled_from(REQUIRED), how=st.sampled_from(["suffix", "nynorsk-ish", "typo"]),
       suffix=st.sampled_from([" i perioden", " (antall)", " totalt", " for programmet"]), at=st.integers(1, 4))
def test_a6_a_reworded_program_label_names_its_cell(field, how, suffix, at):
    sheets = copy.deepcopy(SHEETS)
    program = sheets[layout.PROGRAM_SHEET]
    row = next(i for i, r in enumerate(program) if r[0] == field.label)
    label = field.label
    if how == "suffix":
        label += suffix
    elif how == "nynorsk-ish":
        label = label.replace("er", "ar").replace("år", "aar") + "e"
    else:                          # a letter dropped
        label = label[:at] + label[at + 1:]
    program[row][0] = label
    code, first = outcome(sheets)
    if code == 0:                  # the reader knew the label after all: then the figures are the same
        assert first == REFERENCE
        return
    assert (first.code, first.sheet, first.cell) == ("missing-field-similar", layout.PROGRAM_SHEET, f"A{row + 1}"), first


# --- the number formats themselves ---------------------------------------------------------------

@pytest.mark.parametrize(("code", "kind"), [
    ("0%", PERCENT_FORMAT), ("0.0 %", PERCENT_FORMAT), ('0" "%', PERCENT_FORMAT), ("#,##0,", THOUSANDS_FORMAT),
    ("# ##0,", THOUSANDS_FORMAT), ('#,##0,"k"', THOUSANDS_FORMAT), ("[$-414]#,##0,;-#,##0,", THOUSANDS_FORMAT),
    ("#,##0,,", MILLIONS_FORMAT), ("#,##0", None), ("# ##0", None), ('"kr" #,##0', None), ("0,0", None),
    ('#,##0\\ "%"', None), ("#,##0\\%", None), ("General", None), ("d.m.yyyy", None)])
def test_format_kind(code, kind):
    assert format_kind(code) == kind


# --- real files through the CLI (openpyxl edits, as QA made them) --------------------------------

def _book(tmp_path: Path, edit) -> Path:
    path = tmp_path / "x.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _first(path: Path) -> dict | None:
    runner = CliRunner()
    result = runner.invoke(cli, ["compute", "--format", "json", str(path)])
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert json.loads(result.stdout) == REFERENCE
        return None
    assert result.exit_code == 1
    return json.loads(runner.invoke(cli, ["validate", "--format", "json", str(path)]).stdout)["findings"][0]


def test_files_percent_format_merge_and_scaled_format(tmp_path):
    p, b = PORTFOLIO.name, BUDGET.name
    granted, frame = col(PORTFOLIO, "granted"), col(BUDGET, "frame")

    def percent(book):
        book[p][f"{granted}28"] = 0.4
        book[p][f"{granted}28"].number_format = "0%"
    assert (_first(_book(tmp_path, percent)) or {}).get("cell") == f"{granted}28"

    def merge(book):
        book[p].merge_cells(f"{granted}5:{granted}6")
    first = _first(_book(tmp_path, merge)) or {}
    assert (first.get("code"), first.get("cell")) == ("merged-data-cells", f"{granted}5")

    def scaled(book):
        ws = book[b]
        ws[f"{frame}1"] = "Ramme (1000 kr)"
        for row in range(2, ws.max_row + 1):
            ws[f"{frame}{row}"].number_format = "#,##0,"
    path = _book(tmp_path, scaled)
    with zipfile.ZipFile(path) as package:
        assert set(formats_by_sheet(package)[b].values()) == {THOUSANDS_FORMAT}
    assert _first(path) is None       # read as kroner: the same figures
