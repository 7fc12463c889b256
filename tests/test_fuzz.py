"""Hypothesis fuzzing: random values of random types in random cells of the example workbook.

Whatever is typed, every step ends in a valid result or clean findings: reading, validation, the
figures, the result plan and the report context never raise. The in-memory runs cover the same
code the commands run after reading the file; a smaller file-level run goes through the CLI.
"""

from __future__ import annotations

import copy
import datetime as dt

import openpyxl
import python_calamine
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from psvxl import layout
from psvxl.validate import figures_blocked
from psvxl.cli import cli
from psvxl.findings import rule
from psvxl.metrics import compute
from psvxl.report.context import build_context
from psvxl.results import plan_results
from psvxl.validate import validate
from psvxl.reading.read import read_sheets

from conftest import EXAMPLE_XLSX

_BOOK = python_calamine.CalamineWorkbook.from_path(str(EXAMPLE_XLSX))
SHEETS = {name: _BOOK.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in _BOOK.sheet_names}
INPUT_SHEETS = [layout.PROGRAM_SHEET] + [spec.name for spec in layout.TABLE_SHEETS]
# Every cell of the input sheets' used area, plus a few rows below it (typing into a new row).
CELLS = [(name, row, col) for name in INPUT_SHEETS
         for row in range(len(SHEETS[name]) + 3) for col in range(max(len(r) for r in SHEETS[name]) + 1)]

TRICKY = ["#DIV/0!", "#REF!", "4,5", "4.5", "1.250", "kr 1 250 000", "1,2 mill", "44 %", "15.10.2024",
          "15. oktober 2024", "ja", "nei", "fire", "🚀🌊", "مرحبا", "\x07\x1b", "=SUM(A1:A3)", "{{ 7*7 }}",
          "<b>&amp;</b>", " ", "-", "pågår", "forprosjekt", "profil", "Grønn energi", "P-2024-01"]
values = st.one_of(
    st.text(max_size=40), st.integers(min_value=-10**16, max_value=10**16), st.floats(allow_nan=True),
    st.booleans(), st.dates(), st.datetimes(), st.times(), st.just(""), st.sampled_from(TRICKY),
    st.integers(min_value=1, max_value=7).map(float), st.dates(dt.date(2019, 1, 1), dt.date(2028, 1, 1)),
)
mutations = st.lists(st.tuples(st.sampled_from(CELLS), values), min_size=1, max_size=10)


def apply(mutation_list):
    sheets = copy.deepcopy(SHEETS)
    for (name, row, col), value in mutation_list:
        rows = sheets[name]
        while len(rows) <= row:
            rows.append([])
        while len(rows[row]) <= col:
            rows[row].append("")
        rows[row][col] = value
    return sheets


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations)
def test_any_typed_value_ends_in_a_result_or_clean_findings(mutation_list):
    result = read_sheets(apply(mutation_list))
    report = validate(result)
    for finding in report.findings:
        assert rule(finding.code)
        assert finding.message("nb") and finding.message("en")
        assert finding.cell is None or finding.cell[0].isalpha()
    assert report.to_json()["errors"] == len(report.errors)
    if not figures_blocked(report):
        metrics = compute(result.assessment)
        assert metrics.to_json()
        plan_results(result, metrics)
        if report.valid:
            build_context(result.assessment, metrics)


file_mutations = st.lists(st.tuples(st.sampled_from([c for c in CELLS if c[1] > 0]),
                                    st.one_of(st.text(max_size=20).filter(lambda s: s.isprintable()),
                                              st.integers(-10**6, 10**7), st.floats(-1e6, 1e6),
                                              st.booleans(), st.sampled_from(TRICKY[:16]))),
                          min_size=1, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(file_mutations)
def test_commands_on_mutated_files(tmp_path_factory, mutation_list):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "PSV.xlsx"
    book = openpyxl.load_workbook(EXAMPLE_XLSX)
    for (name, row, col), value in mutation_list:
        if isinstance(value, str) and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
            continue  # openpyxl refuses control characters; the in-memory fuzz covers them
        book[name].cell(row=row + 1, column=col + 1).value = value
    book.save(path)
    runner = CliRunner()
    for command in ("validate", "compute", "recompute", "build-report"):
        args = [command, str(path)] + (["-o", str(folder / "r.docx")] if command == "build-report" else [])
        outcome = runner.invoke(cli, args)
        assert outcome.exit_code in (0, 1), (command, outcome.output, outcome.exception)
        assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
