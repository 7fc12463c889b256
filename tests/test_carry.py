"""Next year's workbook from this year's, three years running."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import docx
import pytest
from click.testing import CliRunner

from psvxl.cli import cli
from psvxl.model import Assessment, Project
from psvxl.workbook.build import build_workbook
from psvxl.reading.read import read_workbook

from conftest import EXAMPLE_JSON, EXAMPLE_XLSX, example


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def fill_in(path, year, score_shift, statuses, new_project):
    """What the staff do during the year: score, agree totals, follow up, add projects."""
    a = read_workbook(path).assessment
    a.program.assessment_date = dt.date(year, 10, 10)
    for ind in a.indicators:
        for t in ind.themes:
            t.score = max(1, min(6, (t.previous_score or 3) + score_shift))
        ind.total = max(1.0, min(6.0, (ind.previous_total or 3.0) + score_shift * 0.5))
        ind.strengths = [f"Styrke {year}"]
        ind.actions = [f"Tiltak {year} for {ind.id}"]
        ind.summary = f"Vurdering {year}"
    for action, status in zip(a.previous_actions, statuses):
        action.status = status
        action.comment = f"Fulgt opp i {year}"
    a.portfolio.append(new_project)
    build_workbook(a, path)


def test_three_years(tmp_path):
    first = tmp_path / "PSV-2024.xlsx"
    first.write_bytes(EXAMPLE_XLSX.read_bytes())
    before = hashlib.sha256(first.read_bytes()).hexdigest()

    # Year two.
    assert run("new", "--from", first, "-o", tmp_path / "PSV-2025.xlsx").exit_code == 0
    assert hashlib.sha256(first.read_bytes()).hexdigest() == before          # LAST is never changed
    second = tmp_path / "PSV-2025.xlsx"
    two = read_workbook(second).assessment
    base = example()
    assert two.program.year == 2025 and two.program.assessment_date is None
    assert [t.previous_score for t in two.indicators[0].themes] == [t.score for t in base.indicators[0].themes]
    assert all(t.score is None for ind in two.indicators for t in ind.themes)
    assert [i.previous_total for i in two.indicators] == [i.total for i in base.indicators]
    assert all(i.total is None and not i.strengths and not i.improvements and i.summary is None for i in two.indicators)
    assert [(a.indicator_id, a.text) for a in two.previous_actions] == \
        [(i.id, t) for i in base.indicators for t in i.actions]
    assert all(a.status is None for a in two.previous_actions)
    assert [(h.year, h.indicator_id, h.total) for h in two.history] == [(2024, i.id, i.total) for i in base.indicators]
    assert two.portfolio == base.portfolio and two.jobs == base.jobs and two.budget == base.budget
    assert two.focus_areas == base.focus_areas and two.job_targets == base.job_targets
    exported = json.loads(run("export-json", second).stdout)
    assert Assessment.from_json(exported).to_json() == exported              # the data format, round trip

    statuses = ["gjennomført", "pågår", "ikke startet", "utgår"] * 10
    fill_in(second, 2025, +1, statuses, Project(id="P-2025-01", name="Nytt i 2025", focus_area="Grønn energi",
                                               phase="forprosjekt", status="innvilget",
                                               decision_date=dt.date(2025, 2, 1), total_cost=500_000,
                                               granted=250_000, paid=0))
    two_filled = read_workbook(second).assessment

    # Year three.
    assert run("new", "--from", second).exit_code == 0                       # default name beside LAST
    third = tmp_path / "PSV-2026.xlsx"
    three = read_workbook(third).assessment
    assert three.program.year == 2026
    history = {(h.year, h.indicator_id): h.total for h in three.history}
    for old, new in zip(base.indicators, two_filled.indicators):
        assert history[(2024, old.id)] == old.total and history[(2025, new.id)] == new.total
    assert [t.previous_score for t in three.indicators[1].themes] == [t.score for t in two_filled.indicators[1].themes]
    assert [a.text for a in three.previous_actions] == [f"Tiltak 2025 for {i.id}" for i in base.indicators]
    assert any(p.id == "P-2025-01" for p in three.portfolio)

    fill_in(third, 2026, -1, ["gjennomført", "gjennomført", "pågår", "utgår", "gjennomført", "ikke startet",
                              "gjennomført"], Project(id="P-2026-01", name="Nytt i 2026", focus_area="Reiseliv og opplevelser",
                                                       phase="tiltak", status="pågår", decision_date=dt.date(2026, 3, 1),
                                                       total_cost=100_000, granted=50_000, paid=10_000))
    done = read_workbook(third).assessment
    result = run("compute", third, "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["follow_up"] == {"gjennomført": 4, "pågår": 1, "ikke startet": 1, "utgår": 1}
    for row, ind, previous in zip(figures["scores"]["indicators"], done.indicators, two_filled.indicators):
        assert row["change"] == pytest.approx(ind.total - previous.total)
    # The report: follow-up, last year's totals with change, and the trend over three years.
    report = tmp_path / "r.docx"
    assert run("build-report", third, "-o", report).exit_code == 0
    document = docx.Document(io.BytesIO(report.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert "Oppfølging av fjorårets anbefalinger" in paragraphs
    assert "Av 7 anbefalte tiltak fra i fjor er status slik:" in paragraphs
    assert ["gjennomført", "4"] in rows and ["utgår", "1"] in rows
    assert ["Tiltak 2025 for profil", "gjennomført", "Fulgt opp i 2026"] in rows
    first_row = next(r for r in rows if r[0] == done.indicators[0].name)
    assert first_row[3] == f"{two_filled.indicators[0].total:.1f}".replace(".", ",") and first_row[4].startswith("▼")
    assert "Utviklingen over år" in paragraphs
    charts = [n for n in __import__("zipfile").ZipFile(report).namelist() if n.startswith("word/charts/chart")]
    assert len(charts) == 4          # radar, trend, budget and jobs: native Word charts


def test_an_xlsm_stays_macro_enabled(tmp_path):
    last = tmp_path / "PSV-2024.xlsm"
    assert run("new", "-o", last, "--from-json", EXAMPLE_JSON).exit_code == 0
    assert run("new", "--from", last).exit_code == 0
    nxt = tmp_path / "PSV-2025.xlsm"
    names = __import__("zipfile").ZipFile(nxt).namelist()
    assert "xl/vbaProject.bin" in names and any(n.startswith("xl/drawings/vmlDrawing") for n in names)


def test_carrying_forward_refuses_unreadable_values_and_existing_files(tmp_path, make_workbook):
    from conftest import col
    from psvxl.layout import PORTFOLIO

    bad = make_workbook(edits={(PORTFOLIO.name, f"{col(PORTFOLIO, 'granted')}2"): "mye"})
    result = CliRunner().invoke(cli, ["new", "--from", str(bad), "-o", str(tmp_path / "neste.xlsx")])
    assert result.exit_code == 1 and "«mye» er ikke et tall" in result.stderr
    assert not (tmp_path / "neste.xlsx").exists()
    existing = tmp_path / "finnes.xlsx"
    existing.write_bytes(b"mitt")
    result = CliRunner().invoke(cli, ["new", "--from", str(EXAMPLE_XLSX), "-o", str(existing)])
    assert result.exit_code == 2 and existing.read_bytes() == b"mitt"


def test_validation_of_follow_up_and_history(codes):
    from psvxl.model import HistoryEntry, PreviousAction
    from psvxl.validate import validate

    a = example()
    a.previous_actions = [PreviousAction("profil", "Gjør noe", None), PreviousAction("profil", "Mer", "ferdig")]
    a.history = [HistoryEntry(2023, "profil", 4.0), HistoryEntry(2023, "profil", 3.5), HistoryEntry(2024, "profil", 4)]
    found = codes(validate(a))
    assert len(found["action-status-missing"]) == 1
    assert len(found["invalid-choice"]) == 1
    assert len(found["duplicate-history"]) == 1
    assert len(found["history-not-before-year"]) == 1
