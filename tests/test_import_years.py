"""Several yearly reports imported together, and what the import says and refuses: the history and last
year's totals in the workbook, the trend over the years in the report built from it, the scale taken
from the score lines, exit 1 for a total or score line that cannot be read, the Kontroll sheet for
`new --from`, and the ten-second summary."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import example
from docx import Document
from lxml import etree
from wordreports import IndicatorShape, Shape, ThemeShape, build

from psvxl import layout
from psvxl.cli import cli
from psvxl.metrics import compute
from psvxl.model import Assessment
from psvxl.report.render import render_report

TOTALS = {2021: (3.0, 2.0), 2022: (3.5, 2.5), 2023: (4.5, 3.5)}
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def yearly(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("aar")
    paths = []
    for year, (first, second) in TOTALS.items():
        shape = Shape([IndicatorShape([ThemeShape(year - 2019), ThemeShape(3)], first, stray=["after-total"]),
                       IndicatorShape([ThemeShape(2)], second)], year=year, headings="bold" if year == 2022 else "styles")
        build(shape, folder / f"R{year}.docx")
        paths.append(folder / f"R{year}.docx")
    return paths


def test_three_yearly_reports_give_history_and_last_years_totals(yearly, tmp_path):
    out = tmp_path / "PSV-2023.xlsx"
    result = run("import-report", yearly[2], yearly[0], yearly[1], "-o", out)      # any order
    assert result.exit_code == 0, result.output
    data = json.loads(run("export-json", out).stdout)
    assert data["program"]["year"] == 2023
    assert [i["total"] for i in data["indicators"]] == list(TOTALS[2023])
    assert [i["previous_total"] for i in data["indicators"]] == list(TOTALS[2022])
    assert [t["previous_score"] for t in data["indicators"][0]["themes"]] == [3, 3]       # 2022's scores
    assert sorted((h["year"], h["indicator_id"], h["total"]) for h in data["history"]) == sorted(
        (year, ind, total) for year in (2021, 2022) for ind, total in zip(("profil", "organisering"), TOTALS[year]))
    assert {x["text"] for x in data["previous_actions"]} == set(example().indicators[0].actions +
                                                                example().indicators[1].actions)
    history = openpyxl.load_workbook(out)["Historikk"]
    assert {row[0] for row in history.iter_rows(min_row=2, values_only=True) if row[0]} == {2021, 2022}
    # each report's unplaced paragraph is listed under its own file
    for path in yearly:
        assert f"{path.name}: 1 avsnitt ble ikke plassert" in result.output
    assert result.output.rstrip().splitlines()[-2].startswith("Rapportene er lest i årsorden; 2023 er siste år")
    assert "  år: 2021; totaler: Profil og kommunikasjon 3,0 · Organisering 2,0" in result.output.splitlines()


def test_the_report_from_that_workbook_shows_the_trend_over_three_years(yearly, tmp_path):
    out = tmp_path / "PSV-2023.xlsx"
    assert run("import-report", *yearly, "-o", out).exit_code == 0
    data = json.loads(run("export-json", out).stdout)
    filled = example().to_json()           # what a user adds by hand: period, targets, budget, portfolio
    for k in ("period_start", "period_end", "job_target", "job_target_new", "job_target_secured"):
        data["program"][k] = filled["program"][k]
    for k in ("budget", "portfolio", "jobs", "job_targets", "focus_areas"):
        data[k] = filled[k]
    a = Assessment.from_json(data)
    report = tmp_path / "rapport.docx"
    report.write_bytes(render_report(a, compute(a)))
    assert "Utviklingen over år" in [p.text for p in Document(str(report)).paragraphs]
    trends = [c for c in _charts(report) if "Organisering" in c["series"]]
    assert len(trends) == 1
    assert trends[0]["categories"] == ["2021", "2022", "2023"]
    assert trends[0]["series"] == {"Profil og kommunikasjon": [3.0, 3.5, 4.5], "Organisering": [2.0, 2.5, 3.5]}


def _charts(path: Path) -> list[dict]:
    charts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/charts/chart") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                series = {}
                categories: list[str] = []
                for ser in root.iter(f"{C}ser"):
                    title = "".join(v.text or "" for v in ser.find(f"{C}tx").iter(f"{C}v"))
                    categories = [v.text for v in ser.find(f"{C}cat").iter(f"{C}v")]
                    series[title] = [float(v.text) for v in ser.find(f"{C}val").iter(f"{C}v")]
                charts.append({"categories": categories, "series": series})
    return charts


def test_new_from_several_reports_carries_the_latest_and_lists_on_kontroll(yearly, tmp_path):
    out = tmp_path / "PSV-2024.xlsx"
    result = run("new", "--from", yearly[1], "--from", yearly[2], "-o", out)
    assert result.exit_code == 0, result.output
    data = json.loads(run("export-json", out).stdout)
    assert data["program"]["year"] == 2024
    assert [i["previous_total"] for i in data["indicators"]] == list(TOTALS[2023])
    assert sorted({h["year"] for h in data["history"]}) == [2022, 2023]
    ws = openpyxl.load_workbook(out)[layout.CONTROL_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    listed = [(r[1], r[3]) for r in rows if r[3] and "ble ikke plassert" in r[3]]
    assert {file for file, _ in listed} == {"R2022.docx", "R2023.docx"} and len(listed) == 2


def test_five_boxes_make_a_one_to_five_workbook_and_say_so(tmp_path):
    path = tmp_path / "fem.docx"
    build(Shape([IndicatorShape([ThemeShape(5), ThemeShape(4)], 4.5)], top=5), path)
    out = tmp_path / "fem.xlsx"
    result = run("import-report", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Skalaen 1–5 er tatt fra poenglinjene i rapporten (ingen --framework)" in result.output
    data = json.loads(run("export-json", out).stdout)
    assert (data["framework"]["scale"]["min"], data["framework"]["scale"]["max"]) == (1, 5)
    assert run("validate", out).exit_code in (0, 1)
    assert "score-out-of-range" not in run("validate", out, "--format", "json").stdout


def test_five_boxes_against_a_one_to_six_framework_are_refused(tmp_path):
    path = tmp_path / "fem.docx"
    build(Shape([IndicatorShape([ThemeShape(5)], 4.5)], top=5), path)
    framework = json.loads((Path(__file__).parent.parent / "examples" / "rammeverk-12-indikatorer.json").read_text())
    framework["scale"] = {"min": 1, "max": 6, "labels": {"1": "nei", "6": "ja"}}
    six = tmp_path / "seks.json"
    six.write_text(json.dumps(framework), "utf-8")
    result = run("import-report", path, "--framework", six, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 1 and "går fra 1 til 5" in result.output and "--framework" in result.output
    assert not (tmp_path / "ut.xlsx").exists()


def test_scores_without_boxes_and_no_framework_are_refused_naming_framework(tmp_path):
    path = tmp_path / "poeng.docx"
    doc = Document()
    doc.add_heading("Profil og kommunikasjon", 1)
    doc.add_heading("Omstillingsplanen", 2)
    doc.add_paragraph("Poeng: 4")
    doc.add_paragraph("Total poengsum: 4")
    doc.save(str(path))
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 1 and "Oppgi rammeverket med --framework" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "ut.xlsx").exists()


@pytest.mark.parametrize("after,why", [
    (["Total poengsum", "Dette må vi komme tilbake til."], "fant ikke tallet etter «Total poengsum»"),
    (["Total poengsum: fire og en halv"], "er ikke en total"),
    (["Total poengsum: 9"], "utenfor skalaen 1–6"),
])
def test_a_total_found_but_not_read_stops_with_exit_1(tmp_path, after, why):
    path = tmp_path / "r.docx"
    doc = Document()
    doc.add_heading("Profil og kommunikasjon", 1)
    doc.add_heading("Omstillingsplanen", 2)
    doc.add_paragraph("☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6")
    for text in after:
        doc.add_paragraph().add_run(text).bold = True
    doc.save(str(path))
    out = tmp_path / "ut.xlsx"
    result = run("import-report", path, "-o", out)
    assert result.exit_code == 1 and why in result.output and not out.exists()
    assert "kunne ikke leses" in result.output


def test_a_score_line_with_two_marks_stops_with_exit_1(tmp_path):
    path = tmp_path / "r.docx"
    doc = Document()
    doc.add_heading("Profil og kommunikasjon", 1)
    doc.add_heading("Omstillingsplanen", 2)
    doc.add_paragraph("☐ 1 ☐ 2 ☒ 3 ☒ 4 ☐ 5 ☐ 6")
    doc.add_paragraph("Total poengsum: 3,5")
    doc.save(str(path))
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 1 and "2 kryss på samme linje" in result.output


def test_the_summary_at_the_end_names_each_indicator(tmp_path):
    path = tmp_path / "r.docx"
    build(Shape([IndicatorShape([ThemeShape(4), ThemeShape(3)], 3.5), IndicatorShape([ThemeShape(2)], 2.0)]), path)
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx")
    lines = result.output.splitlines()
    start = lines.index("Oppsummering:")
    assert lines[start + 2] == "  Profil og kommunikasjon: 2/2 temaer med poeng, total 3,5; styrker 3, forbedringer 3, tiltak 3"
    assert lines[start + 3] == "  Organisering: 1/1 temaer med poeng, total 2,0; styrker 3, forbedringer 3, tiltak 2"


def test_two_reports_of_one_year_are_refused_and_a_missing_year_comes_from_the_file_name(yearly, tmp_path):
    result = run("import-report", yearly[0], yearly[0], "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 1 and "To rapporter gjelder samme år (2021)" in result.output
    doc = Document()
    doc.add_heading("Profil og kommunikasjon", 1)
    doc.add_heading("Omstillingsplanen", 2)
    doc.add_paragraph("☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6")
    doc.add_paragraph("Total poengsum: 4")
    path = tmp_path / "PSV-rapport-2020.docx"
    doc.save(str(path))
    result = run("import-report", path, yearly[0], "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 0, result.output
    assert "år: 2020 (fra filnavnet)" in result.output
    data = json.loads(run("export-json", tmp_path / "ut.xlsx").stdout)
    assert (data["program"]["year"], [(h["year"], h["total"]) for h in data["history"]]) == (2021, [(2020, 4)])


def test_year_with_several_reports_is_refused(yearly, tmp_path):
    result = run("import-report", *yearly, "--year", "2023", "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 1 and "--year kan bare brukes med én rapport" in result.output


@pytest.mark.parametrize("lines,why", [
    (["Planen er forankret. ☐ 1 ☐ 2 ☒ 3 ☐ 4"], "går ikke opp"),
    (["☐ 1 ☐ 2 ☒ 3 ☐ 4 ☐ 5 ☐ 6", "☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6"], "en poenglinje til uten nytt tema"),
])
def test_a_score_line_that_cannot_be_placed_stops_with_exit_1(tmp_path, lines, why):
    path = tmp_path / "r.docx"
    doc = Document()
    doc.add_heading("Profil og kommunikasjon", 1)
    doc.add_heading("Omstillingsplanen", 2)
    for line in lines:
        doc.add_paragraph(line)
    doc.add_paragraph("Total poengsum: 3")
    doc.save(str(path))
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 1 and why in result.output and not (tmp_path / "ut.xlsx").exists()


def test_a_score_line_without_a_theme_is_not_given_an_invented_one(tmp_path):
    path = tmp_path / "r.docx"
    doc = Document()
    doc.add_heading("Profil og kommunikasjon", 1)
    doc.add_paragraph("☐ 1 ☐ 2 ☒ 3 ☐ 4 ☐ 5 ☐ 6")
    doc.add_paragraph("Total poengsum: 3")
    doc.save(str(path))
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 1 and "poenglinje uten tema" in result.output
