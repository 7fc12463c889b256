"""Everything about the macro workbook that can be checked without Excel: a VBA project consistent
with the workbook's sheets, formats that survive a Norwegian save, a workbook that opens well."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from click.testing import CliRunner
from oletools.olevba import VBA_Parser, decompress_stream

from psvxl import layout
from psvxl.cli import cli
from psvxl.templates import MACRO_TEMPLATE, WORKBOOK_TEMPLATE
from psvxl.workbook.build import column_width

from conftest import EXAMPLE_XLSX, ROOT

LIBREOFFICE_NB = ROOT / "tests" / "data" / "fjellvik-saved-by-libreoffice-nb.xlsx"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def code_names(path: Path) -> set[str]:
    """The code names of the workbook and of its sheets, as Excel matches them to document modules."""
    with zipfile.ZipFile(path) as z:
        names = {m.group(1) for m in re.finditer(rb'<workbookPr[^>]*codeName="([^"]+)"', z.read("xl/workbook.xml"))}
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet") and part.endswith(".xml"):
                found = re.search(rb'<sheetPr[^>]*codeName="([^"]+)"', z.read(part))
                assert found, f"{part} has no code name"
                names.add(found.group(1))
    return {n.decode() for n in names}


def dir_modules(project: bytes) -> dict[str, int]:
    """Module name -> type record (0x21 procedural, 0x22 document/class) from the `dir` stream."""
    ole = olefile.OleFileIO(project)
    data = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    modules, current, i = {}, None, 0
    while i < len(data):
        record_id, size = struct.unpack_from("<HI", data, i)
        size = 6 if record_id == 0x0009 else size
        body = data[i + 6:i + 6 + size]
        if record_id == 0x0019:
            current = body.decode("latin-1")
        elif record_id in (0x0021, 0x0022) and current:
            modules[current] = record_id
        i += 6 + size
    return modules


def check_project(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        project = z.read("xl/vbaProject.bin")
        vml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing"))
    ole = olefile.OleFileIO(project)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")   # source only
    assert not [p for p in ole.listdir() if p[-1].startswith("__SRP_")]
    modules = dir_modules(project)
    text = ole.openstream("PROJECT").read().decode("latin-1")
    documents = set(re.findall(r"^Document=([^/\r\n]+)/", text, re.M))
    standard = set(re.findall(r"^Module=(\S+)", text, re.M))
    classes = set(re.findall(r"^Class=(\S+)", text, re.M))
    # PROJECT and dir agree, module for module.
    assert documents | standard | classes == set(modules)
    assert {m for m, kind in modules.items() if kind == 0x21} == standard
    # Every code name has a document module and every document module a code name.
    assert documents == code_names(path)
    wm = ole.openstream("PROJECTwm").read()
    for name in modules:
        assert name.encode("latin-1") + b"\0" + name.encode("utf-16-le") + b"\0\0" in wm
    for name in documents:
        assert ole.exists(f"VBA/{name}")
    parser = VBA_Parser(str(path))
    sources = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    assert set(sources) == set(modules)                       # olevba decodes every module
    subs = set(re.findall(r"^Sub (\w+)\(\)", sources["Module1"], re.M))
    macros = set(re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml))
    assert macros and macros <= subs                           # every button runs a Sub of Module1


def test_the_template_project_knows_every_sheet():
    check_project(MACRO_TEMPLATE)
    assert len(code_names(MACRO_TEMPLATE)) == len(layout.SHEET_ORDER) + 1


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("xlsm")
    paths = {"from-json": folder / "a.xlsm", "framework": folder / "b.xlsm", "from": folder / "c.xlsm",
             "import-report": folder / "d.xlsm"}
    assert run("new", "--from-json", ROOT / "examples" / "fjellvik-2024.json", "-o", paths["from-json"]).exit_code == 0
    assert run("new", "--framework", ROOT / "examples" / "rammeverk-12-indikatorer.json", "-o",
               paths["framework"]).exit_code == 0
    assert run("new", "--from", paths["from-json"], "-o", paths["from"]).exit_code == 0
    report = folder / "rapport.docx"
    assert run("build-report", EXAMPLE_XLSX, "-o", report).exit_code == 0
    assert run("import-report", report, "-o", paths["import-report"]).exit_code == 0
    return paths


@pytest.mark.parametrize("how", ["from-json", "framework", "from", "import-report"])
def test_every_macro_workbook_psvxl_makes_has_a_consistent_project(made, how):
    check_project(made[how])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_loads_the_same_modules(made, tmp_path):
    source = tmp_path / "bok.xlsm"
    shutil.copyfile(made["from-json"], source)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profil", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "bok.ods") as z:
        loaded = {n.split("/")[-1].removesuffix(".xml") for n in z.namelist()
                  if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")}
    assert loaded == set(dir_modules(zipfile.ZipFile(source).read("xl/vbaProject.bin")))


# --- percent formats that survive a Norwegian save ---------------------------------------------

def percent_formats(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
    codes = [c.replace("&quot;", '"') for c in re.findall(r'formatCode="([^"]*)"', styles)]
    return [c for c in codes if "%" in c]


def test_no_percent_format_has_a_bare_space_before_the_sign(tmp_path):
    overview = tmp_path / "oversikt.xlsx"
    assert run("overview", EXAMPLE_XLSX, "-o", overview).exit_code == 0
    for path in (WORKBOOK_TEMPLATE, MACRO_TEMPLATE, EXAMPLE_XLSX, overview):
        formats = percent_formats(path)
        assert formats, path
        assert not [f for f in formats if re.search(r"(?<![\\\"]) %", f)], (path, formats)


def test_a_workbook_saved_by_libreoffice_in_norwegian_recomputes_to_44_percent(tmp_path):
    # The committed fixture: the example opened and saved by LibreOffice Calc with the locale nb-NO.
    assert not [f for f in percent_formats(LIBREOFFICE_NB) if re.search(r"0,%|,%", f)]   # no per mille
    path = tmp_path / "lagret.xlsx"
    shutil.copyfile(LIBREOFFICE_NB, path)
    assert run("recompute", path).exit_code == 0
    ws = openpyxl.load_workbook(path)[layout.RESULTS_SHEET]
    label = next(c for row in ws.iter_rows() for c in row if c.value == "Disponert av årets ramme")
    cell = ws.cell(row=label.row, column=label.column + 1)
    assert cell.value == pytest.approx(0.44)
    assert shown(cell.value, cell.number_format) == "44 %"


def shown(value: float, code: str) -> str:
    """How Excel shows a number with a simple percent format («0\\ %», «0" "%»)."""
    assert re.fullmatch(r'0(\\ |" "| )%', code), code
    return f"{round(value * 100)} %"


# --- a workbook that opens well ---------------------------------------------------------------------

def test_it_opens_on_the_guide_at_a1():
    book = openpyxl.load_workbook(WORKBOOK_TEMPLATE)
    assert book.active.title == layout.GUIDE_SHEET
    assert book.active.sheet_view.selection[0].activeCell == "A1"
    with zipfile.ZipFile(WORKBOOK_TEMPLATE) as z:
        workbook = z.read("xl/workbook.xml").decode()
    assert 'activeTab="' not in workbook or 'activeTab="0"' in workbook


def test_titles_instructions_and_buttons_show():
    book = openpyxl.load_workbook(WORKBOOK_TEMPLATE)
    for name in (layout.GUIDE_SHEET, layout.RESULTS_SHEET, layout.CONTROL_SHEET):
        assert book[name].row_dimensions[1].height >= 22, name        # a 16 pt title fits
    for name in (layout.RESULTS_SHEET, layout.CONTROL_SHEET):
        assert not book[name]["A2"].alignment.wrap_text, name         # one line, running on to the right
    with zipfile.ZipFile(MACRO_TEMPLATE) as z:
        vml = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/vmlDrawing")]
    anchors = [re.findall(r"<x:Anchor>\s*(\d+),", v) for v in vml]
    columns = {int(c) for found in anchors for c in found}
    assert layout.RESULT_LAST_COLUMN + 1 in columns and max(columns) <= layout.RESULT_LAST_COLUMN + 1


def column_widths(path: Path, sheet: str) -> dict[int, float]:
    """0-based column -> width, from the sheet's <cols> as Excel reads them (ranges included)."""
    from psvxl.reading.package import sheet_parts

    with zipfile.ZipFile(path) as z:
        xml = z.read(sheet_parts(z)[sheet]).decode()
    widths = {}
    for m in re.finditer(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml):
        for c in range(int(m.group(1)), int(m.group(2)) + 1):
            widths[c - 1] = float(m.group(3))
    return widths


def test_headers_fit_their_longest_word():
    for spec in layout.TABLE_SHEETS:
        widths = column_widths(WORKBOOK_TEMPLATE, spec.name)
        for i, column in enumerate(spec.columns):
            width = widths[i]
            longest = max(len(w) for w in column.label.split())
            assert width >= longest * 1.2, (spec.name, column.label, width)
            assert width == pytest.approx(column_width(column), abs=1)
    assert column_width(layout.PORTFOLIO.column("decision_date")) >= len("Vedtaksdato") * 1.2
