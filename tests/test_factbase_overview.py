"""Before and after the meeting: the fact base of an unscored workbook, and the adviser's overview of
many programmes (two frameworks, a LibreOffice-saved file and a broken one among them)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import docx
from docx.oxml.ns import qn
import openpyxl
import pytest
from click.testing import CliRunner

from psvxl import layout
from psvxl.cli import cli

from conftest import EXAMPLE_XLSX, ROOT, col

EXAMPLE_12 = ROOT / "examples" / "eksempel-12-indikatorer-2024.json"
LIBREOFFICE_NB = ROOT / "tests" / "data" / "fjellvik-saved-by-libreoffice-nb.xlsx"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def unscored(tmp_path_factory) -> Path:
    """The example a week before the meeting: the staff have cleared last year's scores, totals and
    texts in Excel (here with openpyxl, cell by cell)."""
    path = tmp_path_factory.mktemp("fakta") / "PSV-2024.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    book = openpyxl.load_workbook(path)
    themes = book[layout.INDICATORS.name]
    for row in range(2, themes.max_row + 1):
        themes[f"{col(layout.INDICATORS, 'score')}{row}"] = None
    assessments = book[layout.ASSESSMENTS.name]
    for row in range(2, assessments.max_row + 1):
        for key in ("total", "summary", "deviation_reason"):
            assessments[f"{col(layout.ASSESSMENTS, key)}{row}"] = None
    points = book[layout.POINTS.name]
    for row in points.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.value = None
    book.save(path)
    return path


def test_the_fact_base_of_an_unscored_workbook(unscored, tmp_path):
    out = tmp_path / "fakta.docx"
    result = run("build-factbase", unscored, "-o", out)
    assert result.exit_code == 0, result.output
    assert "mangler poeng" not in result.output                   # what the meeting fills in is not an error here
    document = docx.Document(str(out))
    # All text a reader sees, the check box content controls of the score lines included.
    paragraphs = ["".join(t.text or "" for t in p._p.iter(qn("w:t"))) for p in document.paragraphs]
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert paragraphs[0] == "Faktagrunnlag for programstatusvurdering 2024"
    # The key figures are those of compute.
    figures = json.loads(run("compute", "--format", "json", unscored).stdout)
    budget, jobs = figures["budget"], figures["jobs"]
    # (the year's grants stand once, in the budget table, as of the day the fact base is made)
    assert any(r[0].startswith("Tilsagn i 2024 (per ") and r[1:] == ["1\u00a0760\u00a0000\u00a0kr"] for r in rows)
    assert ["Disponert av årets ramme", f"{round(budget['utilisation'] * 100)}\u00a0%"] in rows
    assert ["Arbeidsplasser registrert (nye + sikrede)",
            f"{jobs['total']} ({jobs['new']} + {jobs['secured']})"] in rows
    assert ["2024", "4\u00a0000\u00a0000\u00a0kr", "1\u00a0760\u00a0000\u00a0kr", "44\u00a0%", "2\u00a0500\u00a0000\u00a0kr"] in rows
    # Nothing ticked, and the day's agenda: every theme's statement with an empty line of six boxes.
    text = "\n".join(paragraphs)
    assert "\u2612" not in text
    from psvxl.api import load_json

    example = load_json(ROOT / "examples" / "fjellvik-2024.json")
    statements = [t.statement for ind in example.indicators for t in ind.themes]
    for statement in statements:
        at = paragraphs.index(statement)
        assert paragraphs[at + 1].count("\u2610") == 6
    assert ["Profil og kommunikasjon", "4,0"] in rows                   # last year's totals
    charts = [n for n in __import__("zipfile").ZipFile(out).namelist() if n.startswith("word/charts/chart")]
    assert len(charts) >= 2                                                  # the same native charts
    assert document.sections[-1].orientation == 1                           # the project list, landscape


def test_the_fact_base_stops_only_where_the_figures_cannot_be_computed(unscored, tmp_path):
    broken = tmp_path / "brutt.xlsx"
    shutil.copyfile(unscored, broken)
    book = openpyxl.load_workbook(broken)
    book[layout.PORTFOLIO.name][f"{col(layout.PORTFOLIO, 'granted')}3"] = "mye"
    book.save(broken)
    out = tmp_path / "fakta.docx"
    result = run("build-factbase", broken, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert f"{layout.PORTFOLIO.name}!{col(layout.PORTFOLIO, 'granted')}3" in result.output


def test_check_template_works_on_the_fact_base():
    from psvxl.templates import FACTBASE_TEMPLATE

    result = run("check-template", FACTBASE_TEMPLATE)
    assert result.exit_code == 0 and "Ingen problemer" in result.output


# --- the overview -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("programmer")
    shutil.copyfile(EXAMPLE_XLSX, folder / "fjellvik.xlsx")
    assert run("new", "--from-json", EXAMPLE_12, "-o", folder / "tolv.xlsx").exit_code == 0
    shutil.copyfile(LIBREOFFICE_NB, folder / "lagret-i-libreoffice.xlsx")
    (folder / "ødelagt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "~$fjellvik.xlsx").write_bytes(b"Excel's lock file")      # never read
    (folder / "notater.txt").write_text("ikke en arbeidsbok", "utf-8")
    return folder


def test_the_overview_of_several_programmes(folder, tmp_path):
    out = tmp_path / "oversikt.xlsx"
    result = run("overview", folder, "-o", out)
    assert result.exit_code == 1                                  # one was left out
    assert "ødelagt.xlsx" in result.output and "3 av 4 programmer" in result.output
    book = openpyxl.load_workbook(out)
    ws = book["Oversikt"]
    assert "Programmer" in ws.tables and ws.freeze_panes == "B2" and len(ws.conditional_formatting) >= 3
    header = [c.value for c in ws[1]]
    rows = {r[header.index("Fil")]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"fjellvik.xlsx", "tolv.xlsx", "lagret-i-libreoffice.xlsx", "ødelagt.xlsx"}
    assert "skadet" in rows["ødelagt.xlsx"]["Merknad"] and rows["ødelagt.xlsx"]["Samlet snitt"] is None
    # Columns by indicator across both frameworks, in first-seen order.
    assert header.index("Total: Profil og kommunikasjon") < header.index("Total: Forankring og eierskap")
    for name in ("fjellvik.xlsx", "tolv.xlsx", "lagret-i-libreoffice.xlsx"):
        figures = json.loads(run("compute", "--format", "json", folder / name).stdout)
        row = rows[name]
        assert row["Samlet snitt"] == pytest.approx(figures["scores"]["overall"])
        assert row["Tilsagn i år"] == figures["budget"]["granted_year"]
        assert row["Andel av årets ramme"] == pytest.approx(figures["budget"]["utilisation"])
        assert row["Tilsagn siden start"] == figures["budget"]["granted_since_start"]
        assert row["Arbeidsplasser"] == figures["jobs"]["total"] and row["Mål"] == figures["jobs"]["target"]
        assert row["Andel av målet"] == pytest.approx(figures["jobs"]["progress"])
        assert row["I rute"] == ("ja" if figures["jobs"]["on_track"] else "nei")
        assert row["Trengs per år"] == pytest.approx(figures["jobs"]["pace_needed"])
        assert row["Flaggede avvik"] == sum(1 for i in figures["scores"]["indicators"] if i["flagged"])
        for ind in figures["scores"]["indicators"]:
            if name != "tolv.xlsx" or ind["id"] == "forankring":      # ids shared by both sets share a column
                assert row[f"Total: {ind['name']}"] == ind["total"]
        assert isinstance(row["PSV-møtet"], dt.datetime)
    assert rows["tolv.xlsx"]["Total: Forankring og eierskap"] == 4.0
    assert rows["fjellvik.xlsx"]["Total: Forankring og eierskap"] is None
    # Numbers are numbers with Norwegian-looking formats.
    cell = ws.cell(row=2, column=header.index("Tilsagn i år") + 1)
    assert isinstance(cell.value, int) and "kr" in cell.number_format
    share = ws.cell(row=2, column=header.index("Andel av årets ramme") + 1)
    assert share.number_format == '0" "%'
    findings = book["Funn"]
    assert "Funn" in findings.tables
    found = [r for r in findings.iter_rows(min_row=2, values_only=True)]
    assert any(r[1] == "ødelagt.xlsx" and r[2] == "feil" for r in found)
    assert any(r[1] == "fjellvik.xlsx" and r[6] == "total-deviates" for r in found)


def test_the_overview_is_never_written_over_an_input(folder):
    result = run("overview", folder / "fjellvik.xlsx", "-o", folder / "fjellvik.xlsx")
    assert result.exit_code == 1 and "samme som innfilen" in result.output


def test_an_overview_of_nothing_is_a_usage_error(tmp_path):
    result = run("overview", tmp_path, "-o", tmp_path / "o.xlsx")
    assert result.exit_code == 2 and "Fant ingen arbeidsbøker" in result.output


def test_many_workbooks_are_read_in_parallel_to_the_same_rows(folder):
    from psvxl.overview import find_workbooks, read_programmes, row_of, indicator_columns

    paths = find_workbooks([folder]) * 4
    one = read_programmes(paths, workers=1)
    two = read_programmes(paths, workers=2)
    columns = indicator_columns(one)
    assert [row_of(p, columns) for p in one] == [row_of(p, columns) for p in two]


def test_the_overview_names_each_scale_and_compares_on_one_footing(folder, tmp_path):
    # Fjellvik scores 1–6, the twelve-indicator example 1–5: the means are not comparable as they
    # stand, so each row names its scale and gives the mean as a share of it.
    out = tmp_path / "oversikt.xlsx"
    run("overview", folder, "-o", out)
    ws = openpyxl.load_workbook(out)["Oversikt"]
    header = [c.value for c in ws[1]]
    rows = {r[header.index("Fil")]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["fjellvik.xlsx"]["Skala"] == "1–6" and rows["tolv.xlsx"]["Skala"] == "1–5"
    for name, (low, high) in (("fjellvik.xlsx", (1, 6)), ("tolv.xlsx", (1, 5))):
        row = rows[name]
        assert row["Snitt i % av skalaen"] == pytest.approx((row["Samlet snitt"] - low) / (high - low))
