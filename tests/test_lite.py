"""psvxl.lite: the buttons as xlwings Lite scripts. Under CPython against the stand-in book, registered
by xlwings' own script decorator, and (where node and the npm pyodide package are, see .ci/run) run
inside Pyodide from the wheel `pip wheel` builds, cell for cell as under CPython."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import lite_pyodide
import openpyxl
import pytest
from conftest import EXAMPLE_XLSX, ROOT, col, example
from fake_xlwings import FakeBook
from packaging.requirements import Requirement

from psvxl import excel, layout, lite
from psvxl.workbook.build import build_workbook

TESTS = Path(__file__).resolve().parent


def run_cpython(path: Path) -> dict[str, str]:
    book = FakeBook(path, lite=True)
    messages = {"beregn": asyncio.run(lite.beregn(book)), "kontroller": asyncio.run(lite.kontroller(book))}
    book.save()
    return messages


def cells(path: Path) -> dict[tuple[str, str], tuple]:
    """Every cell of every sheet as a user sees it: value, number format, fill and font."""
    wb = openpyxl.load_workbook(path)
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            for c in row:
                seen[ws.title, c.coordinate] = (c.value, c.number_format, c.fill.fill_type, c.fill.fgColor.rgb,
                                                c.font.b, c.font.i, c.font.color.rgb if c.font.color else None)
    return seen


# --- CPython ------------------------------------------------------------------------------------

def test_the_lite_scripts_do_what_the_vba_buttons_do(tmp_path):
    for name in ("a.xlsx", "b.xlsx"):
        shutil.copy(EXAMPLE_XLSX, tmp_path / name)
    lite_messages = run_cpython(tmp_path / "a.xlsx")
    book = FakeBook(tmp_path / "b.xlsx")
    assert lite_messages == {"beregn": excel.recompute(book), "kontroller": excel.check(book)}
    book.save()
    assert cells(tmp_path / "a.xlsx") == cells(tmp_path / "b.xlsx")
    assert lite_messages["beregn"].startswith("Resultatene er oppdatert")


def test_in_lite_a_formula_beside_a_total_is_kept_as_with_vba(tmp_path):
    """xlwings Lite gives formulas only through `await get_formula()`: the stand-in refuses .formula as
    Lite does, and Beregn still leaves the user's formula alone and says so, as the VBA button does."""
    cell = f"{col(layout.ASSESSMENTS, 'suggested_total')}8"
    for name in ("lite.xlsx", "vba.xlsx"):
        wb = openpyxl.load_workbook(EXAMPLE_XLSX)
        wb[layout.ASSESSMENTS.name][cell] = "=1+2"
        wb.save(tmp_path / name)
    book = FakeBook(tmp_path / "lite.xlsx", lite=True)
    with pytest.raises(NotImplementedError):
        _ = book.sheets[layout.ASSESSMENTS.name].range(cell).formula
    message = asyncio.run(lite.beregn(book))
    book.save()
    vba = FakeBook(tmp_path / "vba.xlsx")
    assert message == excel.recompute(vba)
    vba.save()
    assert f"{layout.ASSESSMENTS.name}!{cell} inneholder en formel" in message
    assert cells(tmp_path / "lite.xlsx") == cells(tmp_path / "vba.xlsx")


def test_in_lite_kontroller_gives_back_a_colour_the_user_had(tmp_path):
    a = example()
    a.indicators[0].themes[1].score = 9
    build_workbook(a, tmp_path / "feil.xlsx")
    book = FakeBook(tmp_path / "feil.xlsx", lite=True)
    cell = f"{col(layout.INDICATORS, 'score')}3"
    sheet = book.sheets[layout.INDICATORS.name]
    sheet.range(cell).color = (0, 176, 80)
    assert "1 feil" in asyncio.run(lite.kontroller(book))
    assert _fill_of(book, cell) == (255, 199, 206)
    sheet.range(cell).value = 4
    assert asyncio.run(lite.kontroller(book)).startswith("0 feil")
    assert _fill_of(book, cell) == (0, 176, 80)


def test_an_xlwings_too_old_for_the_awaited_getters_is_named_with_the_fix(tmp_path, monkeypatch):
    shutil.copy(EXAMPLE_XLSX, tmp_path / "PSV.xlsx")
    monkeypatch.delattr("fake_xlwings.FakeRange.get_colors")
    book = FakeBook(tmp_path / "PSV.xlsx", lite=True)
    message = asyncio.run(lite.kontroller(book))
    assert message.startswith("Feil: xlwings-versjonen i arbeidsbokens requirements.txt er for gammel")
    assert "xlwings==0.37.8" in message and book.app.alerts == [message]


def _fill_of(book: FakeBook, cell: str):
    return asyncio.run(book.sheets[layout.INDICATORS.name].range(cell).get_colors())[0][0]


def test_lag_rapport_puts_the_report_up_for_download_and_says_where(tmp_path, monkeypatch):
    shutil.copy(EXAMPLE_XLSX, tmp_path / "PSV.xlsx")
    downloads = tmp_path / "data"
    downloads.mkdir()
    monkeypatch.setattr(lite, "DOWNLOADS", downloads)
    book = FakeBook(tmp_path / "PSV.xlsx", lite=True)
    book.fullname = "PSV.xlsx"                 # xlwings Lite knows the workbook's name, not its folder
    message = asyncio.run(lite.lag_rapport(book))
    written = [p.name for p in downloads.iterdir()]
    assert len(written) == 1 and written[0].startswith("PSV-") and written[0].endswith("-2024.docx")
    assert zipfile.is_zipfile(downloads / written[0])
    assert written[0] in message and "Import/Export" in message and "PDF" in message
    assert book.app.alerts == [message]


def test_lag_rapport_without_lxml_says_so_and_writes_nothing(tmp_path, monkeypatch):
    shutil.copy(EXAMPLE_XLSX, tmp_path / "PSV.xlsx")
    monkeypatch.setattr(lite, "DOWNLOADS", tmp_path / "data")
    (tmp_path / "data").mkdir()
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "lxml" else real(name, *a))
    message = asyncio.run(lite.lag_rapport(FakeBook(tmp_path / "PSV.xlsx", lite=True)))
    assert "trenger pakken lxml" in message and "requirements.txt" in message
    assert list((tmp_path / "data").iterdir()) == []


def test_lag_rapport_without_the_download_folder_says_so_and_writes_nothing(tmp_path, monkeypatch):
    shutil.copy(EXAMPLE_XLSX, tmp_path / "PSV.xlsx")
    monkeypatch.setattr(lite, "DOWNLOADS", tmp_path / "finnes-ikke")
    before = sorted(tmp_path.iterdir())
    message = asyncio.run(lite.lag_rapport(FakeBook(tmp_path / "PSV.xlsx", lite=True)))
    assert message.startswith("Rapporten ble ikke laget: fant ikke mappen /data")
    assert sorted(tmp_path.iterdir()) == before


def test_an_unexpected_error_goes_to_the_output_pane_not_a_traceback_dialog(tmp_path, monkeypatch, capsys):
    shutil.copy(EXAMPLE_XLSX, tmp_path / "PSV.xlsx")
    book = FakeBook(tmp_path / "PSV.xlsx", lite=True)
    monkeypatch.setattr("psvxl.workbook.live.read_book", lambda b: 1 / 0)
    message = asyncio.run(lite.kontroller(book))
    assert message.startswith("Noe gikk galt: ZeroDivisionError") and "Output-vinduet" in message
    assert book.app.alerts == [message]
    assert "Traceback" in capsys.readouterr().out


MAIN_PY = {
    "nb": ("from psvxl.lite import beregn, kontroller, lag_rapport  # noqa: F401", "kontroller",
           {("beregn", "Beregn"), ("kontroller", "Kontroller"), ("lag_rapport", "Lag rapport")}, "0 feil og 1 advarsler"),
    "nn": ("from psvxl.lite import berekn, kontroller_nn, lag_rapport_nn  # noqa: F401", "kontroller_nn",
           {("berekn", "Berekn"), ("kontroller_nn", "Kontroller"), ("lag_rapport_nn", "Lag rapport")},
           "0 feil og 1 åtvaring"),
}


@pytest.mark.parametrize("lang", sorted(MAIN_PY))
def test_xlwings_lite_registers_the_three_scripts_with_norwegian_names(tmp_path, lang):
    """With xlwings' real script decorator (the one xlwings Lite uses: XLWINGS_ON_SERVER), a main.py that
    imports the scripts lists them, and each runs through xlwings' wrapper on the book it is given. A
    nynorsk workbook's main.py names them in nynorsk, and they answer in its målform."""
    line, check, names, answer = MAIN_PY[lang]
    a = example()
    a.program.language = lang
    build_workbook(a, tmp_path / "PSV.xlsx")
    main = tmp_path / "main.py"
    main.write_text(line + "\n", "utf-8")
    code = ("import asyncio, json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import main; "
            "from xlwings.server import custom_scripts_meta; from fake_xlwings import FakeBook; "
            f"book = FakeBook(sys.argv[3], lite=True); asyncio.run(main.{check}(None, book)); "
            "print(json.dumps({'meta': custom_scripts_meta(main), 'alerts': book.app.alerts}))")
    env = {**os.environ, "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(TESTS), str(tmp_path / "PSV.xlsx")],
                          check=False, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert {(m["function_name"], m["name"]) for m in out["meta"]} == names
    assert out["alerts"][0].startswith(answer)


def test_the_scripts_run_on_xlwings_own_engine_for_lite(tmp_path):
    """xlwings' remote engine, the one xlwings Lite runs (a JSON book in, actions out), with only the two
    awaited getters that need Excel itself stood in for: nothing else the buttons use is refused there,
    and Beregn sends the result sheet the stand-in book gets."""
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"}
    done = subprocess.run([sys.executable, str(TESTS / "lite" / "remote_engine.py"), str(EXAMPLE_XLSX)],
                          check=False, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    sent = json.loads(done.stdout.splitlines()[-1])
    shutil.copy(EXAMPLE_XLSX, tmp_path / "PSV.xlsx")
    expected = run_cpython(tmp_path / "PSV.xlsx")
    for name in ("beregn", "kontroller"):
        assert sent[name]["message"] == expected[name]
        assert [a["args"][0] for a in sent[name]["actions"] if a["func"] == "alert"] == [expected[name]]
    position = sent["sheets"].index(layout.RESULTS_SHEET)
    blocks = [a for a in sent["beregn"]["actions"] if a["func"] == "setValues" and a["sheet_position"] == position]
    assert len(blocks) == 1
    results = openpyxl.load_workbook(tmp_path / "PSV.xlsx")[layout.RESULTS_SHEET]
    top, left = blocks[0]["start_row"] + 1, blocks[0]["start_column"] + 1
    def text(value):
        return "" if value is None else str(value)
    different = [(r, c) for r, row in enumerate(blocks[0]["values"]) for c, value in enumerate(row)
                 if text(value) != text(results.cell(row=top + r, column=left + c).value)]
    assert different == []


def test_psvxl_lite_imports_without_xlwings_and_without_the_heavy_parts():
    code = ("import sys; sys.modules['xlwings'] = None; import psvxl.lite as l; "
            "print(l.beregn.__name__, [m for m in ('docxtpl', 'docx', 'python_calamine', 'openpyxl', 'lxml') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["beregn", "[]"]


def test_the_wheel_needs_neither_calamine_nor_xlwings_under_pyodide(wheels):
    psvxl_wheel = wheels[0]
    with zipfile.ZipFile(psvxl_wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
        assert "psvxl/templates/report_template.docx" in z.namelist()   # Lag rapport's template ships inside
    requirements = [Requirement(line.split(":", 1)[1]) for line in metadata.splitlines()
                    if line.startswith("Requires-Dist:") and "extra ==" not in line]
    emscripten = {"sys_platform": "emscripten", "platform_system": "Emscripten", "extra": ""}
    linux = {"sys_platform": "linux", "platform_system": "Linux", "extra": ""}
    wanted = {r.name for r in requirements if not r.marker or r.marker.evaluate(emscripten)}
    everywhere = {r.name for r in requirements if not r.marker or r.marker.evaluate(linux)}
    assert everywhere - wanted == {"python-calamine", "xlwings"}
    assert wanted == {"XlsxWriter", "lxml", "defusedxml", "click", "Jinja2", "python-docx", "docxtpl"}


# --- Pyodide -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(folder), str(ROOT)], check=True, capture_output=True)
    return sorted(folder.glob("psvxl-*.whl"))


@pytest.fixture(scope="module")
def pyodide(tmp_path_factory, wheels):
    reason = lite_pyodide.unavailable()
    if reason:
        pytest.skip(f"Pyodide not run: {reason}")
    base = tmp_path_factory.mktemp("pyodide")
    try:
        result = lite_pyodide.run(EXAMPLE_XLSX, base / "host", wheels[0].parent)
    except lite_pyodide.WheelsUnavailable as exc:
        pytest.skip(f"Pyodide not run: the pure-Python wheels could not be had ({exc})")
    shutil.copy(EXAMPLE_XLSX, base / "cpython.xlsx")
    result["cpython_messages"] = run_cpython(base / "cpython.xlsx")
    result["paths"] = (base / "host" / EXAMPLE_XLSX.name, base / "cpython.xlsx")
    return result


def test_beregn_and_kontroller_in_pyodide_write_every_cell_as_cpython_does(pyodide):
    assert pyodide["platform"] == "emscripten"
    assert pyodide["messages"] == pyodide["cpython_messages"]
    in_pyodide, in_cpython = (cells(p) for p in pyodide["paths"])
    assert in_pyodide.keys() == in_cpython.keys()
    different = [key for key in in_cpython if in_pyodide[key] != in_cpython[key]]
    assert different == []
    assert sum(1 for sheet, _ in in_cpython if sheet == "Resultater") > 1000
    assert not pyodide["calamine_imported"]


def test_micropip_takes_the_wheel_with_pure_python_wheels_and_pyodides_own_packages(pyodide):
    """micropip resolves the wheel's whole tree: pure-Python wheels (from a package index, here one on
    127.0.0.1) and Pyodide's own packages; nothing fails, neither calamine nor xlwings is asked for."""
    resolution = pyodide["resolution"]
    own = lite_pyodide.lock()["packages"]
    assert resolution["failed"] == []
    assert all(f.endswith("-none-any.whl") for f in resolution["wheel_files"]), resolution["wheel_files"]
    assert set(resolution["wheels"]) == {"psvxl", "xlsxwriter", "defusedxml", "click", "jinja2", "python-docx",
                                         "docxtpl", "typing-extensions"}
    assert resolution["pyodide_packages"] == ["lxml", "markupsafe"]
    assert all(name in own for name in resolution["pyodide_packages"])


def test_lag_rapport_in_pyodide_without_lxml_says_what_is_missing(pyodide):
    if pyodide["lxml_available"]:
        pytest.skip("lxml is installed in this Pyodide: the report itself is tested below")
    assert pyodide["report"]["files"] == []
    assert pyodide["report"]["message"].startswith("Rapporten ble ikke laget: Word-delen av psvxl trenger "
                                                   "pakken lxml")


def test_lag_rapport_in_pyodide(pyodide):
    if not pyodide["lxml_available"]:
        pytest.skip("Lag rapport not run in Pyodide: it needs lxml, one of Pyodide's own packages, which "
                    "comes from Pyodide's CDN and not with npm's pyodide package")
    report = pyodide["report"]
    assert len(report["files"]) == 1 and report["files"][0].endswith("-2024.docx")
    assert report["files"][0] in report["message"]
