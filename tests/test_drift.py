"""Workbooks that drifted the way real ones do: renamed or deleted sheets, reworded headers, values
typed or pasted the other way, a file saved by LibreOffice with Norwegian settings.

Every command runs on every case, and each case ends in one of two ways: the figures equal those of
the untouched example, or a non-zero exit whose first finding names the sheet and the cell at
fault. Exit 0 with other figures (a silent wrong figure) fails.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from click.testing import CliRunner

from psvxl import layout
from psvxl.cli import cli
from psvxl.layout import BUDGET, FOCUS_AREAS, INDICATORS, JOB_TARGETS, JOBS, PORTFOLIO

from conftest import EXAMPLE_XLSX, ROOT, col

LIBREOFFICE_NB = ROOT / "tests" / "data" / "fjellvik-saved-by-libreoffice-nb.xlsx"


@dataclass
class Drift:
    name: str
    make: Callable[[Path], None]
    sheet: str | None = None      # refused: the first finding names this sheet…
    cell: str | None = None       # …and this cell (None: no cell applies, e.g. a missing sheet)
    words: str = ""               # …and says this

    @property
    def refused(self) -> bool:
        return self.sheet is not None


def _edit(edits: dict[tuple[str, str], object]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        for (sheet, cell), value in edits.items():
            book[sheet][cell] = value
        book.save(path)
    return make


def _rename(sheet: str, new: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        book[sheet].title = new
        book.save(path)
    return make


def _delete(sheet: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        del book[sheet]
        book.save(path)
    return make


def _header(spec: layout.TableSheet, key: str) -> str:
    return f"{col(spec, key)}1"


def _cell_xml(sheet: str, ref: str, xml: str) -> Callable[[Path], None]:
    """Replace one cell's XML as another program would write it (Excel's IFERROR results, say)."""
    def make(path: Path) -> None:
        from psvxl.reading.package import sheet_parts

        with zipfile.ZipFile(path) as z:
            part = sheet_parts(z)[sheet]
            parts = {i.filename: z.read(i) for i in z.infolist()}
        data = parts[part].decode("utf-8")
        cell = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
        assert cell.search(data), ref
        parts[part] = cell.sub(xml, data, count=1).encode("utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in parts.items():
                z.writestr(name, content)
    return make


def _lower_focus_areas(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[PORTFOLIO.name]
    column = col(PORTFOLIO, "focus_area")
    for row in range(2, ws.max_row + 1):
        value = ws[f"{column}{row}"].value
        if isinstance(value, str):
            ws[f"{column}{row}"] = "  " + value.lower() + " "
    book.save(path)


def _as_text(sheet: str, cell: str) -> Callable[[Path], None]:
    """The same number, stored as text (pasted from another program, or typed after an apostrophe)."""
    def make(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        value = book[sheet][cell].value
        assert isinstance(value, (int, float))
        book[sheet][cell] = str(value)
        book.save(path)
    return make


def _libreoffice_nb(path: Path) -> None:
    shutil.copyfile(LIBREOFFICE_NB, path)


GRANTED = col(PORTFOLIO, "granted")
DATE = col(PORTFOLIO, "decision_date")
SCORE = col(INDICATORS, "score")

CASES = [
    # Sheets: matched however they are spelled, refused when gone.
    Drift("portefølje uten ø", _rename(PORTFOLIO.name, "Portefolje")),
    Drift("arbeidsplasser med store bokstaver", _rename(JOBS.name, "ARBEIDSPLASSER ")),
    Drift("arbeidsplasser på nynorsk", _rename(JOBS.name, "Arbeidsplassar")),       # issue 24: read as the sheet
    Drift("arbeidsplasser omdøpt", _rename(JOBS.name, "Arbeidsplassene"), JOBS.name, None, "«Arbeidsplassene»"),
    Drift("arbeidsplasser slettet", _delete(JOBS.name), JOBS.name, None, f"Fant ikke arket «{JOBS.name}»"),
    Drift("portefølje slettet", _delete(PORTFOLIO.name), PORTFOLIO.name, None, "Fant ikke arket"),
    Drift("budsjett slettet", _delete(BUDGET.name), BUDGET.name, None, "Fant ikke arket"),
    Drift("arbeidsplassmål slettet", _delete(JOB_TARGETS.name), JOB_TARGETS.name, None, "Fant ikke arket"),
    Drift("innsatsområder slettet", _delete(FOCUS_AREAS.name), FOCUS_AREAS.name, None, "Fant ikke arket"),
    Drift("indikatorer på nynorsk", _rename(INDICATORS.name, "Indikatorar")),
    Drift("indikatorer omdøpt", _rename(INDICATORS.name, "Indikatorane"), INDICATORS.name, None, "«Indikatorane»"),
    Drift("historikk slettet", _delete(layout.HISTORY.name), layout.HISTORY.name, None, "Fant ikke arket"),
    Drift("program omdøpt", _rename(layout.PROGRAM_SHEET, "Programmet"), layout.PROGRAM_SHEET, None, "«Programmet»"),
    # Headers: units and spacing ignored, a reworded header named beside the one that is missing.
    Drift("tilsagn kr", _edit({(PORTFOLIO.name, _header(PORTFOLIO, "granted")): "Tilsagn kr"})),
    Drift("utbetalt, kr", _edit({(PORTFOLIO.name, _header(PORTFOLIO, "paid")): "Utbetalt, kr"})),
    Drift("ramme (NOK)", _edit({(BUDGET.name, _header(BUDGET, "frame")): "Ramme (NOK)"})),
    Drift("total kostnad", _edit({(PORTFOLIO.name, _header(PORTFOLIO, "total_cost")): "Total kostnad"})),
    Drift("tilsagt", _edit({(PORTFOLIO.name, _header(PORTFOLIO, "granted")): "Tilsagt"}),
          PORTFOLIO.name, _header(PORTFOLIO, "granted"), "«Tilsagn»"),
    Drift("nye arbeidsplasser", _edit({(JOBS.name, _header(JOBS, "new")): "Nye arbeidsplasser"}),
          JOBS.name, _header(JOBS, "new"), "«Nye»"),
    Drift("sikrede slettet", _edit({(JOBS.name, _header(JOBS, "secured")): None}),
          JOBS.name, "I1", "«Sikrede»"),
    Drift("ramme omdøpt til beløp", _edit({(BUDGET.name, _header(BUDGET, "frame")): "Beløp"}),
          BUDGET.name, f"{layout.column_letter(len(BUDGET.columns))}1", "«Ramme»"),
    # Values: read as what they plainly are, or refused with the cell.
    Drift("innsatsområder med små bokstaver", _lower_focus_areas),
    Drift("beløp som tekst i millioner", _edit({(PORTFOLIO.name, f"{GRANTED}3"): "0,107 MNOK"})),
    Drift("beløp som tekst med kr", _edit({(PORTFOLIO.name, f"{GRANTED}3"): "kr 107 000"})),
    Drift("poeng som tekst", _as_text(INDICATORS.name, f"{SCORE}2")),
    Drift("dato med tosifret år", _edit({(PORTFOLIO.name, f"{DATE}3"): "27.05.21"})),
    Drift("beløp 107,000", _edit({(PORTFOLIO.name, f"{GRANTED}3"): "107,000"}),
          PORTFOLIO.name, f"{GRANTED}3", "107 000"),
    Drift("#I/T i beløp", _edit({(PORTFOLIO.name, f"{GRANTED}3"): "#I/T"}), PORTFOLIO.name, f"{GRANTED}3", "#I/T"),
    Drift("#VERDI! i poeng", _edit({(INDICATORS.name, f"{SCORE}2"): "#VERDI!"}),
          INDICATORS.name, f"{SCORE}2", "#VERDI!"),
    Drift("IFERROR med tom tekst i valgfri celle",
          _cell_xml(PORTFOLIO.name, f"{col(PORTFOLIO, 'owner')}3",
                    f'<c r="{col(PORTFOLIO, "owner")}3" t="str"><f>IFERROR(VLOOKUP(A3,Z:Z,2,0),"")</f><v></v></c>')),
    Drift("feilverdi fra formel", _cell_xml(PORTFOLIO.name, f"{GRANTED}3",
                                            f'<c r="{GRANTED}3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
          PORTFOLIO.name, f"{GRANTED}3", "#DIV/0!"),
    # A file saved by LibreOffice Calc with Norwegian (nb-NO) settings.
    Drift("lagret av LibreOffice (nb-NO)", _libreoffice_nb),
]


@pytest.fixture(scope="module")
def untouched(tmp_path_factory) -> dict:
    result = CliRunner().invoke(cli, ["compute", "--format", "json", str(EXAMPLE_XLSX)], catch_exceptions=False)
    assert result.exit_code == 0
    return json.loads(result.stdout)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_drifted_workbook_gives_the_right_figures_or_names_the_cause(case: Drift, untouched: dict, tmp_path):
    path = tmp_path / "drift.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    case.make(path)
    runner = CliRunner()
    before = _sha(path)

    validate = runner.invoke(cli, ["validate", "--format", "json", str(path)])
    compute = runner.invoke(cli, ["compute", "--format", "json", str(path)])
    report_path = tmp_path / "rapport.docx"
    report = runner.invoke(cli, ["build-report", str(path), "-o", str(report_path)])
    assert _sha(path) == before                     # none of them changes the workbook
    copy = tmp_path / "recompute.xlsx"
    shutil.copyfile(path, copy)
    recompute = runner.invoke(cli, ["recompute", str(copy)])
    for result in (validate, compute, report, recompute):
        assert "Traceback" not in result.output, result.output

    findings = json.loads(validate.stdout)["findings"]
    if case.refused:
        assert validate.exit_code == 1 and compute.exit_code == 1, (validate.output, compute.output)
        assert report.exit_code == 1 and not report_path.exists()
        assert recompute.exit_code == 1 and _sha(copy) == before
        first = findings[0]
        assert first["severity"] == "error"
        assert (first["sheet"], first["cell"]) == (case.sheet, case.cell), first
        assert case.words in first["message"], first["message"]
        # The cause, not a flood of its consequences.
        assert not [f for f in findings if f["code"] in ("unknown-project", "unknown-focus-area", "unknown-indicator",
                                                         "required-missing", "job-registration-empty")]
    else:
        assert compute.exit_code == 0, compute.output
        assert json.loads(compute.stdout) == untouched       # exit 0 means the right figures
        assert validate.exit_code == 0 and report.exit_code == 0 and recompute.exit_code == 0


def test_the_libreoffice_fixture_is_what_libreoffice_wrote():
    # Saved by scripts/save_with_libreoffice.py (LibreOffice Calc, locale nb-NO): its marks are there.
    with zipfile.ZipFile(LIBREOFFICE_NB) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
        styles = z.read("xl/styles.xml").decode("utf-8")
    assert "LibreOffice" in app
    assert 'formatCode="#,##0&quot; kr&quot;"' in styles
