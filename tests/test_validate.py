"""Every validation rule, each shown with a real workbook that breaks it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from psvxl.layout import ASSESSMENTS, BUDGET, INDICATORS, JOBS, POINTS, PORTFOLIO
from psvxl.validate import validate, validate_workbook

from conftest import col, edit, example, program_cell

P, THEMES, V, PF, J, B = "Program", INDICATORS.name, ASSESSMENTS.name, PORTFOLIO.name, JOBS.name, BUDGET.name


def at(spec, key, row):
    return (spec.name, f"{col(spec, key)}{row}")


CASES = {
    # programme
    "name missing": ({(P, program_cell("program.name")): None}, "required-missing", P, program_cell("program.name")),
    "year outside period": ({(P, program_cell("program.year")): 2030}, "year-outside-period", P,
                            program_cell("program.year")),
    "period backwards": ({(P, program_cell("program.period_start")): 2027}, "period-invalid", P,
                         program_cell("program.period_end")),
    "meeting in another year": ({(P, program_cell("program.assessment_date")): dt.datetime(2023, 5, 1)},
                                "assessment-date-outside-year", P, program_cell("program.assessment_date")),
    "job target zero": ({(P, program_cell("program.job_target")): 0}, "job-target-invalid", P,
                        program_cell("program.job_target")),
    "year as text that is no number": ({(P, program_cell("program.year")): "i fjor"}, "invalid-number", P,
                                       program_cell("program.year")),
    # scores
    "score 7": ({at(INDICATORS, "score", 2): 7}, "score-out-of-range", *at(INDICATORS, "score", 2)),
    "score 0": ({at(INDICATORS, "score", 2): 0}, "score-out-of-range", *at(INDICATORS, "score", 2)),
    "score 4,5": ({at(INDICATORS, "score", 2): "4,5"}, "score-out-of-range", *at(INDICATORS, "score", 2)),
    "score missing": ({at(INDICATORS, "score", 3): None}, "score-missing", *at(INDICATORS, "score", 3)),
    "score turned into a date": ({at(INDICATORS, "score", 2): dt.datetime(2024, 5, 4)}, "date-in-number-cell",
                                 *at(INDICATORS, "score", 2)),
    "score in words": ({at(INDICATORS, "score", 2): "fire"}, "invalid-number", *at(INDICATORS, "score", 2)),
    "previous score 9": ({at(INDICATORS, "previous_score", 2): 9}, "score-out-of-range",
                         *at(INDICATORS, "previous_score", 2)),
    "theme twice": ({at(INDICATORS, "title", 3): "Omstillingsplanen"}, "duplicate-theme", *at(INDICATORS, "title", 3)),
    "unknown indicator": ({at(INDICATORS, "indicator", 2): "ukjent"}, "unknown-indicator",
                          *at(INDICATORS, "indicator", 2)),
    "statement missing": ({at(INDICATORS, "statement", 4): None}, "required-missing", *at(INDICATORS, "statement", 4)),
    "total 4,3": ({at(ASSESSMENTS, "total", 2): 4.3}, "total-invalid", *at(ASSESSMENTS, "total", 2)),
    "total 6,5": ({at(ASSESSMENTS, "total", 2): 6.5}, "total-invalid", *at(ASSESSMENTS, "total", 2)),
    "total missing": ({at(ASSESSMENTS, "total", 3): None}, "total-missing", *at(ASSESSMENTS, "total", 3)),
    "total far from mean": ({at(ASSESSMENTS, "total", 2): 6}, "total-deviates", *at(ASSESSMENTS, "total", 2)),
    "indicator id twice": ({at(ASSESSMENTS, "id", 3): "profil"}, "duplicate-indicator", *at(ASSESSMENTS, "id", 3)),
    "no strengths, improvements or actions": (
        {at(POINTS, key, row): None for key in ("strengths", "improvements", "actions") for row in (2, 3, 4)},
        "indicator-not-assessed", *at(ASSESSMENTS, "id", 2)),
    # portfolio
    "project id twice": ({at(PORTFOLIO, "id", 3): "__FIRST_ID__"}, "duplicate-project-id", *at(PORTFOLIO, "id", 3)),
    "project name missing": ({at(PORTFOLIO, "name", 2): None}, "required-missing", *at(PORTFOLIO, "name", 2)),
    "focus area not the programme's": ({at(PORTFOLIO, "focus_area", 2): "Landbruk"}, "unknown-focus-area",
                                       *at(PORTFOLIO, "focus_area", 2)),
    "phase not in the list": ({at(PORTFOLIO, "phase", 2): "pilot"}, "invalid-choice", *at(PORTFOLIO, "phase", 2)),
    "status missing": ({at(PORTFOLIO, "status", 2): None}, "required-missing", *at(PORTFOLIO, "status", 2)),
    "decision date missing": ({at(PORTFOLIO, "decision_date", 2): None}, "required-missing",
                              *at(PORTFOLIO, "decision_date", 2)),
    "grant above cost": ({at(PORTFOLIO, "total_cost", 2): 100_000, at(PORTFOLIO, "granted", 2): 200_000,
                          at(PORTFOLIO, "paid", 2): 0}, "granted-exceeds-cost", *at(PORTFOLIO, "granted", 2)),
    "paid above grant": ({at(PORTFOLIO, "total_cost", 2): 900_000, at(PORTFOLIO, "granted", 2): 100_000,
                          at(PORTFOLIO, "paid", 2): 150_000}, "paid-exceeds-granted", *at(PORTFOLIO, "paid", 2)),
    "negative amount": ({at(PORTFOLIO, "total_cost", 2): -5}, "negative-amount", *at(PORTFOLIO, "total_cost", 2)),
    "amount as unclear text": ({at(PORTFOLIO, "granted", 2): "1.250"}, "ambiguous-number", *at(PORTFOLIO, "granted", 2)),
    "continues a project that does not exist": ({at(PORTFOLIO, "continues", 2): "P-1999-01"},
                                                "unknown-continued-project", *at(PORTFOLIO, "continues", 2)),
    "decision before the programme": ({at(PORTFOLIO, "decision_date", 2): dt.datetime(2019, 3, 1)},
                                      "decision-date-outside-period", *at(PORTFOLIO, "decision_date", 2)),
    "decision date as text": ({at(PORTFOLIO, "decision_date", 2): "i vår"}, "invalid-date",
                              *at(PORTFOLIO, "decision_date", 2)),
    # jobs
    "negative jobs": ({at(JOBS, "new", 2): -1}, "invalid-count", *at(JOBS, "new", 2)),
    "half a job": ({at(JOBS, "secured", 2): 1.5}, "invalid-count", *at(JOBS, "secured", 2)),
    "job year before the programme": ({at(JOBS, "year", 2): 2019}, "job-year-outside-period", *at(JOBS, "year", 2)),
    "job for a project not in the portfolio": ({at(JOBS, "project_id", 2): "P-1999-01"}, "unknown-project",
                                               *at(JOBS, "project_id", 2)),
    "same company twice": ("__DUPLICATE_JOB__", "duplicate-job-registration", *at(JOBS, "company", 3)),
    # budget
    "budget year twice": ({at(BUDGET, "year", 3): 2021}, "duplicate-budget-year", *at(BUDGET, "year", 3)),
    "no frame this year": ({at(BUDGET, "frame", 5): None}, "budget-frame-missing", *at(BUDGET, "year", 5)),
}


@pytest.mark.parametrize("name", CASES)
def test_rule(name, make_workbook, codes):
    edits, code, sheet, cell = CASES[name]
    path = make_workbook()
    if edits == "__DUPLICATE_JOB__":
        book = openpyxl.load_workbook(path)
        ws = book[J]
        for key in ("year", "project_id", "company"):
            ws[f"{col(JOBS, key)}3"] = ws[f"{col(JOBS, key)}2"].value
        book.save(path)
    else:
        book = openpyxl.load_workbook(path, read_only=True)
        first_id = book[PF]["A2"].value
        book.close()
        edit(path, {k: first_id if v == "__FIRST_ID__" else v for k, v in edits.items()})
    _, report = validate_workbook(path)
    found = codes(report).get(code, [])
    assert (sheet, cell) in [(f.sheet, f.cell) for f in found], (name, report.to_json())
    message = found[0].message("nb")
    assert message and "{" not in message


def test_the_example_has_no_errors():
    report = validate(example())
    assert report.valid
    assert [f.code for f in report.warnings] == ["total-deviates"]


def test_missing_column_names_the_header_row(make_workbook, codes):
    path = make_workbook(edits={(PF, "B1"): "Navn på prosjektet"})
    _, report = validate_workbook(path)
    [finding] = codes(report)["missing-column"]
    assert finding.sheet == PF and finding.cell.endswith("1")
    assert "Prosjektnavn" in finding.message()


def test_missing_sheet(make_workbook, codes):
    path = make_workbook()
    book = openpyxl.load_workbook(path)
    del book[V]
    book.save(path)
    _, report = validate_workbook(path)
    assert codes(report)["missing-sheet"][0].sheet == V


def test_english_messages(make_workbook):
    path = make_workbook(edits={at(INDICATORS, "score", 2): 7})
    _, report = validate_workbook(path)
    finding = next(f for f in report.findings if f.code == "score-out-of-range")
    assert "must be a whole number" in finding.message("en")
    assert "må være et helt tall" in finding.message("nb")


def test_findings_are_sorted_by_sheet_row_and_column(make_workbook):
    path = make_workbook(edits={at(JOBS, "new", 3): -1, at(INDICATORS, "score", 5): 9, at(INDICATORS, "score", 2): 0,
                                (P, program_cell("program.name")): None})
    _, report = validate_workbook(path)
    places = [(f.sheet, f.cell) for f in report.errors]
    assert places == [(P, "B2"), (THEMES, "E2"), (THEMES, "E5"), (J, "D3")]


def test_all_rules_have_messages_in_every_language():
    from psvxl.findings import all_codes, rule
    from tests.test_i18n import messages

    catalogues = {lang: messages(lang) for lang in ("nb", "nn", "en")}
    for code in all_codes():
        assert all(catalogues[lang].get(f"finding.{code}") for lang in catalogues), code
        assert rule(code).severity in ("error", "warning")
    # and no message is left in the catalogue for a code that is gone
    assert {k[len("finding."):] for k in catalogues["nb"] if k.startswith("finding.")} == {*all_codes(), "empty-value"}


def test_an_assessment_without_a_workbook_keeps_every_finding():
    # From JSON or the Python API there are no cells: findings that differ only in their
    # parameters must all be kept.
    a = example()
    for ind in a.indicators:
        ind.strengths, ind.improvements, ind.actions = [], [], []
    report = validate(a)
    assert [f.code for f in report.warnings].count("indicator-not-assessed") == len(a.indicators)
    assert all(f.cell is None for f in report.findings)
