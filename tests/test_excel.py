"""The workbook's buttons (psvxl.excel) end to end, against a stand-in for xlwings' Book.caller()
backed by a real workbook file; and the macro-enabled workbook's package."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile

import python_calamine
import pytest
from click.testing import CliRunner
from oletools.olevba import VBA_Parser

from psvxl import excel, layout
from psvxl.cli import cli
from psvxl.templates import MACRO_TEMPLATE
from psvxl.workbook.build import build_workbook
from psvxl.workbook.live import read_book
from psvxl.workbook.macros import XLWINGS_VERSION, excel_setup, xlwings_config_path
from psvxl.reading.read import read_workbook

from conftest import EXAMPLE_XLSX, ROOT, col, example
from fake_xlwings import FakeBook


def values(path, sheet, columns=None):
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    rows = [row[:columns] if columns else row for row in rows]
    while rows and all(v == "" for v in rows[-1]):
        rows.pop()
    return rows


@pytest.fixture
def macro_book(tmp_path):
    path = tmp_path / "PSV.xlsm"
    result = CliRunner().invoke(cli, ["new", "-o", str(path), "--from-json", str(ROOT / "examples" / "fjellvik-2024.json")])
    assert result.exit_code == 0, result.output
    return path


# --- the package --------------------------------------------------------------------------

def test_the_macro_workbook_holds_the_vba_project_and_buttons(macro_book):
    with zipfile.ZipFile(macro_book) as z:
        names = z.namelist()
        assert "xl/vbaProject.bin" in names
        content_types = z.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types
        vml = "".join(z.read(n).decode() for n in names if n.startswith("xl/drawings/vmlDrawing"))
    for macro in ("Beregn", "Kontroller", "LagRapport"):
        assert vml.count(f"<x:FmlaMacro>[0]!{macro}</x:FmlaMacro>") == 2     # guide and result sheets
    parser = VBA_Parser(str(macro_book))
    modules = {vba_filename: code for _, _, vba_filename, code in parser.extract_macros()}
    parser.close()
    ours = modules["Module1.bas"]
    assert 'RunPython "import psvxl.excel as e; e.recompute()"' in ours
    assert 'RunPython "import psvxl.excel as e; e.check()"' in ours
    assert 'RunPython "import psvxl.excel as e; e.build_report()"' in ours
    assert "Public Function RunPython" in modules["xlwings.bas"]


def test_xlwings_is_pinned_to_the_vba_module_inside_the_template():
    import xlwings

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    # pinned wherever VBA calls it; xlwings Lite (Pyodide) brings its own
    assert f"xlwings=={XLWINGS_VERSION}; sys_platform != 'emscripten'" in pyproject["project"]["dependencies"]
    assert xlwings.__version__ == XLWINGS_VERSION
    parser = VBA_Parser(str(MACRO_TEMPLATE))
    code = next(code for _, _, name, code in parser.extract_macros() if name == "xlwings.bas")
    parser.close()
    assert f'Public Const XLWINGS_VERSION As String = "{XLWINGS_VERSION}"' in code


def test_the_macro_workbook_reads_like_the_xlsx(macro_book):
    assert read_workbook(macro_book).assessment == example()


def test_the_xlwings_licence_ships_beside_the_template():
    assert "BSD 3-clause" in (MACRO_TEMPLATE.parent / "LICENSE-xlwings.txt").read_text("utf-8")


# --- the buttons ----------------------------------------------------------------------------

def test_the_live_reader_sees_what_the_file_reader_sees(macro_book):
    assert read_book(FakeBook(macro_book)).assessment == read_workbook(macro_book).assessment


def test_beregn_writes_the_same_cells_as_psvxl_recompute(macro_book, tmp_path):
    by_cli = tmp_path / "cli.xlsm"
    by_cli.write_bytes(macro_book.read_bytes())
    assert CliRunner().invoke(cli, ["recompute", str(by_cli)]).exit_code == 0
    book = FakeBook(macro_book)
    message = excel.recompute(book)
    book.save()
    assert message.startswith("Resultatene er oppdatert") and book.app.alerts == [message]
    width = 8  # the result sheet's columns A..H
    assert values(macro_book, layout.RESULTS_SHEET, width) == values(by_cli, layout.RESULTS_SHEET, width)
    assert values(macro_book, layout.ASSESSMENTS.name) == values(by_cli, layout.ASSESSMENTS.name)
    assert book.calls < 150            # whole blocks, not a call per cell


def test_beregn_refuses_with_the_errors_in_a_message(tmp_path):
    a = example()
    a.portfolio[0].granted = -5
    path = tmp_path / "feil.xlsx"
    build_workbook(a, path)
    book = FakeBook(path)
    message = excel.recompute(book)
    assert message.startswith("Tallene ble ikke beregnet")
    assert f"{layout.PORTFOLIO.name}!{col(layout.PORTFOLIO, 'granted')}2" in message


@pytest.fixture
def bad_score_book(tmp_path):
    """A workbook whose second theme has the score 9 (in the score column, row 3)."""
    a = example()
    a.indicators[0].themes[1].score = 9
    path = tmp_path / "feil.xlsx"
    build_workbook(a, path)
    return FakeBook(path)


def test_kontroller_marks_cells_and_clears_its_marks_next_time(bad_score_book):
    book = bad_score_book
    message = excel.check(book)
    assert "1 feil" in message
    cell = f"{col(layout.INDICATORS, 'score')}3"
    sheet = book.sheets[layout.INDICATORS.name]
    assert sheet.range(cell).color == (255, 199, 206)
    control = book.sheets[layout.CONTROL_SHEET]
    listed = [r for r in control.range((5, 1), (20, 6)).value if r[0]]
    assert ["Feil", layout.INDICATORS.name, cell] == listed[0][:3]
    assert "fra 1 til 6" in listed[0][3]
    # The user fixes the score and presses Kontroller again: the mark and the list are gone.
    sheet.range(cell).value = 4
    assert excel.check(book).startswith("0 feil")
    assert sheet.range(cell).color is None
    assert all(r[2] != cell for r in control.range((5, 1), (20, 6)).value)


def test_kontroller_gives_back_a_colour_the_user_had(bad_score_book):
    book = bad_score_book
    cell = f"{col(layout.INDICATORS, 'score')}3"
    book.sheets[layout.INDICATORS.name].range(cell).color = (0, 176, 80)
    excel.check(book)
    book.sheets[layout.INDICATORS.name].range(cell).value = 4
    excel.check(book)
    assert book.sheets[layout.INDICATORS.name].range(cell).color == (0, 176, 80)


def test_lag_rapport_writes_the_report_beside_the_workbook(macro_book):
    book = FakeBook(macro_book)
    message = excel.build_report(book)
    report = macro_book.with_name("PSV-Omstillingsprogrammet-for-Fjellvik-2024.docx")
    assert report.exists() and str(report) in message


def test_an_unexpected_error_becomes_a_message_not_a_traceback(macro_book, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    book = FakeBook(macro_book)
    monkeypatch.setattr("psvxl.workbook.live.read_book", lambda b: 1 / 0)
    message = excel.recompute(book)
    assert message.startswith("Noe gikk galt: ZeroDivisionError")
    assert book.app.alerts == [message]


def test_the_entry_points_import_light():
    code = ("import sys, psvxl.excel; heavy = [m for m in ('matplotlib', 'docxtpl', 'docx', 'xlsxwriter', "
            "'openpyxl') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- excel-setup ----------------------------------------------------------------------------

def test_excel_setup_writes_the_interpreter(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("platform.system", lambda: "Linux")
    config = xlwings_config_path()
    config.parent.mkdir(parents=True)
    config.write_text('"PYTHONPATH","/eget"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["excel-setup"], catch_exceptions=False)
    assert result.exit_code == 0
    text = config.read_text("utf-8")
    assert f'"INTERPRETER_WIN","{sys.executable}"' in text
    assert '"PYTHONPATH","/eget"' in text                  # the user's own settings are kept
    assert "Skrev" in result.stdout


def test_excel_setup_on_a_mac_installs_the_applescript(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("platform.system", lambda: "Darwin")
    done = excel_setup("/usr/local/bin/python3")
    assert (tmp_path / "Library/Containers/com.microsoft.Excel/Data/xlwings.conf").read_text("utf-8") == \
        '"INTERPRETER_MAC","/usr/local/bin/python3"\n'
    assert (tmp_path / "Library/Application Scripts/com.microsoft.Excel" /
            f"xlwings-{XLWINGS_VERSION}.applescript").exists()
    assert len(done) == 2


@pytest.mark.skipif(not os.environ.get("XLWINGS_LICENSE_KEY"), reason="needs an xlwings licence key for the JSON book engine")
def test_the_reader_against_the_xlwings_json_book_engine():  # pragma: no cover - no key on this machine
    import datetime as dt

    import xlwings as xw

    book = python_calamine.CalamineWorkbook.from_path(str(EXAMPLE_XLSX))

    def cell(v):
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else (None if v == "" else v)

    payload = {"client": "Microsoft Office Scripts", "version": xw.__version__,
               "book": {"name": EXAMPLE_XLSX.name, "active_sheet_index": 0, "selection": "A1"},
               "names": [],
               "sheets": [{"name": name, "values": [[cell(v) for v in row] for row in
                                                    book.get_sheet_by_name(name).to_python()] or [[None]],
                           "pictures": [], "tables": []} for name in book.sheet_names]}
    live = xw.Book(json=payload)
    assert read_book(live).assessment.program.name == example().program.name


def test_the_stand_in_reads_strings_as_excel_does(macro_book):
    # Range.Value with a string parses it with US rules on a General cell; a text cell keeps it.
    book = FakeBook(macro_book)
    sheet = book.sheets[layout.RESULTS_SHEET]
    for text, read in (("2024", 2024), ("0,0", 0), ("+1,0", 10), ("44 %", 0.44), ("−0,2", "−0,2")):
        sheet.range("J40").number_format = "General"
        sheet.range("J40").value = text
        assert sheet.range("J40").value == read, text
    sheet.range("J41").number_format = "@"
    sheet.range("J41").value = "+1,0"
    assert sheet.range("J41").value == "+1,0"


def test_the_button_leaves_text_as_text_and_numbers_as_numbers(macro_book):
    book = FakeBook(macro_book)
    excel.recompute(book)
    ws = book.wb[layout.RESULTS_SHEET]
    years = [ws.cell(row=r, column=1) for r in range(1, 120) if str(ws.cell(row=r, column=1).value).isdigit()]
    assert years and all(isinstance(c.value, str) and c.number_format == "@" for c in years)
    deviation = book.wb[layout.ASSESSMENTS.name][f"{col(layout.ASSESSMENTS, 'deviation')}8"]
    assert isinstance(deviation.value, str) and deviation.value.startswith("+1,0")
    suggested = book.wb[layout.ASSESSMENTS.name][f"{col(layout.ASSESSMENTS, 'suggested_total')}8"]
    assert isinstance(suggested.value, (int, float))


# --- excel-setup --check: why a button would do nothing ----------------------------------------

@pytest.fixture
def home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("platform.system", lambda: "Linux")      # the Windows key, as on most staff PCs
    return tmp_path


def _check():
    return CliRunner().invoke(cli, ["excel-setup", "--check"], catch_exceptions=False)


def test_check_without_a_config(home):
    result = _check()
    assert result.exit_code == 1 and "Fant ikke xlwings-innstillingene" in result.stdout and "excel-setup" in result.stdout


def test_check_after_setup_says_all_is_well(home):
    assert CliRunner().invoke(cli, ["excel-setup"]).exit_code == 0
    result = _check()
    assert result.exit_code == 0, result.stdout
    assert "Alt i orden" in result.stdout and XLWINGS_VERSION in result.stdout


def test_check_with_a_path_that_does_not_exist(home):
    config = xlwings_config_path()
    config.parent.mkdir(parents=True)
    config.write_text('"INTERPRETER_WIN","C:\\\\Python39\\\\pythonw.exe"\n', encoding="utf-8")
    result = _check()
    assert result.exit_code == 1 and "finnes ikke" in result.stdout


def test_check_with_an_interpreter_without_psvxl(home, tmp_path):
    import venv

    bare = tmp_path / "tom-venv"
    venv.EnvBuilder(with_pip=False).create(bare)
    config = xlwings_config_path()
    config.parent.mkdir(parents=True)
    config.write_text(f'"INTERPRETER_WIN","{bare / "bin" / "python"}"\n', encoding="utf-8")
    result = _check()
    assert result.exit_code == 1 and "har ikke psvxl" in result.stdout and "pip install" in result.stdout


def test_check_with_another_xlwings_version(home, tmp_path):
    # A stand-in interpreter: a script that answers as a Python with xlwings 0.30.0 would.
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 0.30.0\n", encoding="utf-8")
    fake.chmod(0o755)
    config = xlwings_config_path()
    config.parent.mkdir(parents=True)
    config.write_text(f'"INTERPRETER_WIN","{fake}"\n', encoding="utf-8")
    result = _check()
    assert result.exit_code == 1 and "xlwings 0.30.0" in result.stdout and f"xlwings=={XLWINGS_VERSION}" in result.stdout
