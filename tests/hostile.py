"""Hostile inputs shaped to go around the first corpus's limits, and the overwrite and lock cases:
made fresh in a folder at test time (nothing committed in bulk), each with the command to run on it
and what a user must see. Shared by tests/test_hostile.py and benchmarks/bench_hostile.py.

Every case runs in a folder of its own. `run` gives the command line (psvxl's arguments, with
{dir} for the case's folder); `outcome` is "refused" (exit 1 or 2, a message with `expect`) or
"ok" (exit 0); `check(folder, result)` may assert more (which file was written, what it holds).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_XLSX = ROOT / "examples" / "fjellvik-2024.xlsx"
REPORT_TEMPLATE = ROOT / "psvxl" / "templates" / "report_template.docx"
SHEET = {"Program": 2, "Indikatorer": 5, "Vurderinger": 6, "Portefølje": 9, "Resultater": 15}

# Classes of cases (the closing note's table has one row per class)
DECLARED = "oppgitte størrelser"        # what a package declares: string counts, dimensions, addresses
INFLATED = "oppblåste deler"            # parts that inflate far, under the ratio limit
LXML = "lxml-grenser"                   # a text node > 10 MB, nesting > 256
PATTERNS = "mønstre"                    # header cells that make backtracking patterns slow
OVERWRITE = "overskriving"              # never over a person's file
LOCKS = "låser og lenker"               # lock files, read-only, symlinks
FORMULAS = "formeltyper"                # shared, array, data-table formulas, chart sheets
TRACEBACKS = "tidligere tilbakesporinger"
OVERVIEW = "oversikt"                   # overview isolates each workbook


@dataclass
class Hostile:
    name: str
    category: str
    outcome: str                                  # "refused" or "ok"
    run: list[str]
    expect: str = ""
    make: Callable[[Path], None] | None = None   # fills the case's folder
    check: Callable[[Path, Any], None] | None = None
    inputs: tuple[str, ...] = ("PSV.xlsx",)       # files that must stay unchanged
    new_files: tuple[str, ...] = ()               # files the run may leave (its outputs)
    changes_input: bool = False                   # recompute writes into its input
    slow: bool = False                            # only in the bigger run
    extra: dict[str, Any] = field(default_factory=dict)


# --- package surgery ---------------------------------------------------------------------------

def rezip(source: Path | bytes, target: Path, change: Callable[[str, bytes], bytes | None],
          level: int = 6, add: dict[str, bytes] | None = None) -> Path:
    """Copy a package part by part; `change` may return new bytes, or None to drop the part."""
    src = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    with src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return target


def sheet_part(name: str) -> str:
    return f"xl/worksheets/sheet{SHEET[name]}.xml"


def edit_part(part: str, edit: Callable[[bytes], bytes], source: Path | bytes = EXAMPLE_XLSX) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        rezip(source, folder / "PSV.xlsx", lambda n, d: edit(d) if n == part else d)
    return make


def example(folder: Path, name: str = "PSV.xlsx") -> Path:
    path = folder / name
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    return path


def _lying_string_count(d: bytes) -> bytes:
    return re.sub(rb'count="\d+" uniqueCount="\d+"', b'count="2147483647" uniqueCount="2147483647"', d, count=1)


def _far_cell(address: bytes, dimension: bytes | None) -> Callable[[bytes], bytes]:
    row = re.match(rb"[A-Z]+(\d+)", address).group(1)   # type: ignore[union-attr]

    def edit(d: bytes) -> bytes:
        d = d.replace(b"</sheetData>", b'<row r="%s"><c r="%s"><v>1</v></c></row></sheetData>' % (row, address))
        if dimension is not None:
            d = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="%s"/>' % dimension, d, count=1)
        return d
    return edit


def _inflated_sheet(megabytes: int, sheet: str = "Vurderinger") -> Callable[[Path], None]:
    """A sheet that inflates to `megabytes` MB at a ratio under the zip-bomb limit: rows of 40
    varied numbers in columns M..AZ, under the row limit; a few MB on disk."""
    def make(folder: Path) -> None:
        columns = [f"{a}{b}" for a in ("", "A") for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"][12:52]
        rows, size, r = [], 0, 1000
        while size < megabytes * 2**20:
            row = b'<row r="%d">%s</row>' % (r, b"".join(b'<c r="%s%d"><v>%d</v></c>' % (c.encode(), r, (r * 7919 + i) % 100003)
                                                        for i, c in enumerate(columns)))
            rows.append(row)
            size += len(row)
            r += 1
        blob = b"".join(rows)
        rezip(EXAMPLE_XLSX, folder / "PSV.xlsx",
              lambda n, d: d.replace(b"</sheetData>", blob + b"</sheetData>") if n == sheet_part(sheet) else d, level=1)
    return make


def _inflated_docx(megabytes: int) -> Callable[[Path], None]:
    """A Word report whose document.xml inflates to `megabytes` MB under the ratio limit."""
    def make(folder: Path) -> None:
        paragraphs, size, n = [], 0, 0
        while size < megabytes * 2**20:
            p = b"<w:p><w:r><w:t>Avsnitt %d: %d</w:t></w:r></w:p>" % (n, n * 7919 % 100003)
            paragraphs.append(p)
            size += len(p)
            n += 1
        blob = b"".join(paragraphs)
        rezip(REPORT_TEMPLATE, folder / "rapport.docx",
              lambda name, d: d.replace(b"</w:body>", blob + b"</w:body>") if name == "word/document.xml" else d, level=1)
    return make


def _deep(d: bytes) -> bytes:
    nest = b"<extLst>" + b"<ext uri='x'>" * 300 + b"</ext>" * 300 + b"</extLst>"
    return d.replace(b"</worksheet>", nest + b"</worksheet>")


def _huge_text(d: bytes) -> bytes:
    import base64
    import random

    text = base64.b64encode(random.Random(20).randbytes(8 * 2**20 + 2**19))     # 11 MB that deflate leaves big
    cell = b'<row r="40"><c r="J40" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
    return d.replace(b"</sheetData>", cell + b"</sheetData>")


def _header(text: str, sheet: str = "Portefølje", cell: bytes = b"B1") -> Callable[[bytes], bytes]:
    """A header cell that holds `text` (inline, as Excel keeps a long string it was given)."""
    def edit(d: bytes) -> bytes:
        body = b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (cell, text.encode("utf-8"))
        return re.sub(rb'<c r="%s"[^>]*>.*?</c>' % cell, body, d, count=1)
    return edit


# --- formula kinds, as Excel and LibreOffice write them ------------------------------------------

RESULT_WITH_SHARED = (  # Excel: master in the result area (B3), dependents in B4:B5 and outside it (I3:I5)
    b'<row r="3"><c r="B3"><f t="shared" ref="B3:B5" si="0">A3*2</f><v>0</v></c>'
    b'<c r="I3"><f t="shared" ref="I3:I5" si="1">B3+1</f><v>1</v></c></row>'
    b'<row r="4"><c r="B4"><f t="shared" si="0"/><v>0</v></c><c r="I4"><f t="shared" si="1"/><v>1</v></c></row>'
    b'<row r="5"><c r="B5"><f t="shared" si="0"/><v>0</v></c><c r="I5"><f t="shared" si="1"/><v>1</v></c></row>')
RESULT_MASTER_INSIDE = (  # master in the area (C3), its dependents outside (I3:K3): they need its formula
    b'<row r="3"><c r="C3"><f t="shared" ref="C3:K3" si="0">SUM(A$1:A$2)</f><v>0</v></c>'
    b'<c r="I3"><f t="shared" si="0"/><v>0</v></c><c r="J3"><f t="shared" si="0"/><v>0</v></c>'
    b'<c r="K3"><f t="shared" si="0"/><v>0</v></c></row>')
ARRAY_ACROSS = (   # LibreOffice writes an array formula's master with t="array" ref, the others plain values
    b'<row r="3"><c r="H3"><f t="array" ref="H3:I4">TRANSPOSE(AA1:AB2)</f><v>0</v></c><c r="I3"><v>0</v></c></row>'
    b'<row r="4"><c r="H4"><v>0</v></c><c r="I4"><v>0</v></c></row>')
DATA_TABLE = (
    b'<row r="3"><c r="D3"><f t="dataTable" ref="D3:E4" dt2D="0" dtr="0" r1="A1"/><v>0</v></c>'
    b'<c r="E3"><v>0</v></c></row><row r="4"><c r="D4"><v>0</v></c><c r="E4"><v>0</v></c></row>')


def _results_rows(rows: bytes) -> Callable[[Path], None]:
    def edit(d: bytes) -> bytes:
        d = re.sub(rb'<row r="([3-9]|10)"[^>]*>.*?</row>', b"", d)   # rows 3..10 hold only style samples (AA)
        return d.replace(b"</sheetData>", rows + b"</sheetData>")
    return edit_part(sheet_part("Resultater"), edit)


def _chart_sheet(folder: Path) -> None:
    """Resultater as a chart sheet (what the relationship points to: a chartsheet part)."""
    chart = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<chartsheet xmlns="http://schemas.openxml'
             b'formats.org/spreadsheetml/2006/main"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
             b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></chartsheet>')

    def change(n: str, d: bytes) -> bytes | None:
        if n == sheet_part("Resultater"):
            return None
        if n == "xl/_rels/workbook.xml.rels":
            return d.replace(b'Target="worksheets/sheet15.xml"', b'Target="chartsheets/sheet1.xml"').replace(
                b"relationships/worksheet\" Target=\"chartsheets", b"relationships/chartsheet\" Target=\"chartsheets")
        if n == "[Content_Types].xml":
            return d.replace(b'<Override PartName="/xl/worksheets/sheet15.xml" ContentType="application/vnd.openxml'
                             b'formats-officedocument.spreadsheetml.worksheet+xml"/>',
                             b'<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxml'
                             b'formats-officedocument.spreadsheetml.chartsheet+xml"/>')
        return d
    rezip(EXAMPLE_XLSX, folder / "PSV.xlsx", change, add={"xl/chartsheets/sheet1.xml": chart})


# --- overwrite and lock cases -------------------------------------------------------------------

def _built_report_then_edited(folder: Path) -> None:
    """Last run's report, then edited in Word (here: its text changed and saved again)."""
    from psvxl.api import build_report

    example(folder)
    path, _ = build_report(folder / "PSV.xlsx")
    assert path is not None
    rezip(path.read_bytes(), path, lambda n, d: d.replace(b"</w:body>", b"<w:p><w:r><w:t>Fasilitatorens merknad"
                                                            b"</w:t></w:r></w:p></w:body>") if n == "word/document.xml" else d)


def _built_report(folder: Path) -> None:
    from psvxl.api import build_report

    example(folder)
    build_report(folder / "PSV.xlsx")


def _two_workbooks(folder: Path) -> None:
    (folder / "inn").mkdir()
    example(folder / "inn", "PSV.xlsx")
    example(folder / "inn", "other.xlsx")


def _overview_beside_person_file(folder: Path) -> None:
    (folder / "inn").mkdir()
    example(folder / "inn", "PSV.xlsx")
    (folder / "oversikt.xlsx").write_bytes(b"PK\x03\x04 a person's own file")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "PSV.xlsx")


def _long_name(folder: Path) -> None:
    from psvxl.workbook.build import build_workbook
    sys_path_tests()
    from conftest import example as example_assessment

    a = example_assessment()
    a.program.name = "Omstillingsprogrammet for " + "Fjellvik og omegn " * 30
    build_workbook(a, folder / "PSV.xlsx")


def sys_path_tests() -> None:
    import sys

    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))


def _json_with(folder: Path, constant: str) -> None:
    text = (ROOT / "examples" / "fjellvik-2024.json").read_text("utf-8")
    text = re.sub(r'("granted": )[0-9.]+', r"\g<1>" + constant, text, count=1)
    (folder / "PSV.json").write_text(text, "utf-8")


def _permission_denied(folder: Path) -> None:
    (folder / "inn").mkdir()
    example(folder / "inn", "PSV.xlsx")
    example(folder / "inn", "hemmelig.xlsx").chmod(0)


def _overview_mixed(folder: Path) -> None:
    """Readable workbooks and the hostile ones beside them, in one folder."""
    (folder / "inn").mkdir()
    example(folder / "inn", "PSV.xlsx")
    rezip(EXAMPLE_XLSX, folder / "inn" / "lyver.xlsx", lambda n, d: _lying_string_count(d) if n == "xl/sharedStrings.xml" else d)
    rezip(EXAMPLE_XLSX, folder / "inn" / "fjern.xlsx",
          lambda n, d: _far_cell(b"XFD1048576", None)(d) if n == sheet_part("Portefølje") else d)
    rezip(EXAMPLE_XLSX, folder / "inn" / "ikke-xml.xlsx",
          lambda n, d: bytes(range(256)) * 50 if n == sheet_part("Portefølje") else d)


def _template_with(change: Callable[[str, bytes], bytes | None]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        example(folder)
        rezip(REPORT_TEMPLATE, folder / "mal.docx", change)
    return make


def _without_list_number(n: str, d: bytes) -> bytes:
    if n != "word/styles.xml":
        return d
    return re.sub(rb'<w:style [^>]*w:styleId="ListNumber".*?</w:style>', b"", d, flags=re.S)


def _template_xxe(n: str, d: bytes) -> bytes:
    if n != "word/document.xml":
        return d
    end = d.index(b"?>") + 2
    d = d[:end] + b'\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + d[end:]
    return d.replace(b"</w:t>", b"&x;</w:t>", 1)


# --- the checks ---------------------------------------------------------------------------------

def _written(name: str, *, json: bool = False) -> Callable[[Path, Any], None]:
    def check(folder: Path, result: Any) -> None:
        assert (folder / name).exists(), f"{name} was not written"
        assert name in result["out"] + result["err"], "the message does not name " + name
        if json:
            import json as json_module

            assert json_module.loads((folder / name).read_text("utf-8"))["program"]["name"]
    return check


def _overview_names(*names: str) -> Callable[[Path, Any], None]:
    def check(folder: Path, result: Any) -> None:
        text = result["out"] + result["err"]
        for name in names:
            assert name in text, f"the overview does not name {name}"
        assert (folder / "oversikt.xlsx").exists()
    return check


def _shared_formula_handed_on(folder: Path, result: Any) -> None:
    """The cells outside the area keep the formula openpyxl's reader gives them (it expands shared
    formulas): SUM(A$1:A$2) moved from C3 to I3, J3, K3."""
    import openpyxl

    ws = openpyxl.load_workbook(folder / "PSV.xlsx")["Resultater"]
    found = {ref: ws[ref].value for ref in ("I3", "J3", "K3")}
    assert found == {"I3": "=SUM(G$1:G$2)", "J3": "=SUM(H$1:H$2)", "K3": "=SUM(I$1:I$2)"}, found


def _unchanged_links(folder: Path, result: Any) -> None:
    assert (folder / "lenke.xlsx").is_symlink(), "the link became a copy"
    with zipfile.ZipFile(folder / "PSV.xlsx") as z:
        assert b"Samlet" in z.read(sheet_part("Resultater")) or len(z.read(sheet_part("Resultater"))) > 2000


# --- the cases ----------------------------------------------------------------------------------

def hostile_cases(slow: bool = False) -> list[Hostile]:
    vw = sheet_part("Vurderinger")
    res = sheet_part("Resultater")
    port = sheet_part("Portefølje")
    cases = [
        # what a package declares, against what a PSV can hold
        Hostile("strengantall-lyver", DECLARED, "refused", ["validate", "PSV.xlsx"], "tekster",
                edit_part("xl/sharedStrings.xml", _lying_string_count)),
        Hostile("fjern-celle-dimensjon-uendret", DECLARED, "refused", ["validate", "PSV.xlsx"], "XFD1048576",
                edit_part(port, _far_cell(b"XFD1048576", None))),
        Hostile("celle-i-XFD3000", DECLARED, "refused", ["compute", "PSV.xlsx"], "XFD3000",
                edit_part(port, _far_cell(b"XFD3000", b"A1:XFD3000"))),
        Hostile("dimensjon-XFD3000", DECLARED, "ok", ["compute", "PSV.xlsx"], "",
                edit_part(port, lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD3000"/>', d))),
        Hostile("ark-som-ikke-er-xml", DECLARED, "refused", ["validate", "PSV.xlsx"], "gyldig XML",
                edit_part(port, lambda d: bytes(range(256)) * 50)),
        Hostile("ugyldig-col-min", TRACEBACKS, "ok", ["recompute", "PSV.xlsx"], "",
                edit_part(vw, lambda d: d.replace(b'<col min="1" max="1"', b'<col min="x" max="1"', 1)),
                changes_input=True),
        # parts that inflate far under the ratio limit
        Hostile("ark-blåses-opp-til-70-MB", INFLATED, "refused", ["validate", "PSV.xlsx"], "MB",
                _inflated_sheet(70)),
        Hostile("resultatark-på-20-MB", INFLATED, "refused", ["recompute", "PSV.xlsx"], "16 MB",
                _inflated_sheet(20, "Resultater")),
        Hostile("word-rapport-blåses-opp-til-70-MB", INFLATED, "refused", ["import-report", "rapport.docx"], "MB",
                _inflated_docx(70), inputs=("rapport.docx",)),
        # lxml's own limits, where psvxl parses with lxml (write-back)
        Hostile("tekstnode-over-10-MB", LXML, "refused", ["recompute", "PSV.xlsx"], "10 MB",
                edit_part(res, _huge_text)),
        Hostile("nesting-over-256", LXML, "refused", ["recompute", "PSV.xlsx"], "nivåer",
                edit_part(vw, _deep)),
        # patterns over user text
        Hostile("overskrift-32767-parenteser", PATTERNS, "refused", ["validate", "PSV.xlsx"], "Prosjektnavn",
                edit_part(port, _header("(" * 32767))),
        Hostile("overskrift-32767-kr", PATTERNS, "refused", ["validate", "PSV.xlsx"], "Prosjektnavn",
                edit_part(port, _header(" kr" * 10922))),
        # never over a person's file
        Hostile("oversikt-over-arbeidsbok-i-mappen", OVERWRITE, "refused",
                ["overview", "inn", "-o", "inn/other.xlsx"], "samme som innfilen", _two_workbooks,
                inputs=("inn/PSV.xlsx", "inn/other.xlsx")),
        Hostile("oversikt-over-persons-fil", OVERWRITE, "ok", ["overview", "inn", "-o", "oversikt.xlsx"],
                "oversikt (2).xlsx", _overview_beside_person_file, inputs=("inn/PSV.xlsx", "oversikt.xlsx"),
                new_files=("oversikt (2).xlsx",), check=_written("oversikt (2).xlsx")),
        Hostile("rapport-redigert-i-word", OVERWRITE, "ok", ["build-report", "PSV.xlsx"], "(2).docx",
                _built_report_then_edited, inputs=("PSV.xlsx", "PSV-Omstillingsprogrammet-for-Fjellvik-2024.docx"),
                new_files=("PSV-Omstillingsprogrammet-for-Fjellvik-2024 (2).docx",),
                check=_written("PSV-Omstillingsprogrammet-for-Fjellvik-2024 (2).docx")),
        Hostile("rapport-fra-forrige-kjøring", OVERWRITE, "ok", ["build-report", "PSV.xlsx"], "", _built_report,
                check=lambda folder, r: (folder / "PSV-Omstillingsprogrammet-for-Fjellvik-2024.docx").exists()
                and not (folder / "PSV-Omstillingsprogrammet-for-Fjellvik-2024 (2).docx").exists() or (_ for _ in ()).throw(
                    AssertionError("last run's unedited report was not replaced"))),
        Hostile("json-over-persons-fil", OVERWRITE, "ok", ["export-json", "PSV.xlsx", "-o", "data.json"], "data (2).json",
                lambda f: (example(f), (f / "data.json").write_text('{"mine": true}'))[0],
                inputs=("PSV.xlsx", "data.json"), new_files=("data (2).json",), check=_written("data (2).json", json=True)),
        Hostile("faktagrunnlag-fra-fjern-celle", DECLARED, "refused", ["build-factbase", "PSV.xlsx"], "XFD1048576",
                edit_part(port, _far_cell(b"XFD1048576", None))),
        Hostile("json-fra-lyvende-strengantall", DECLARED, "refused", ["export-json", "PSV.xlsx", "-o", "data.json"],
                "tekster", edit_part("xl/sharedStrings.xml", _lying_string_count)),
        Hostile("langt-programnavn", TRACEBACKS, "ok", ["build-report", "PSV.xlsx"], "Lagde", _long_name,
                extra={"new_suffix": ".docx"}),
        # locks, read-only files, symlinks
        Hostile("libreoffice-låsefil", LOCKS, "refused", ["recompute", "PSV.xlsx"], "åpen",
                lambda f: (example(f), (f / ".~lock.PSV.xlsx#").write_text(",Kari,maskin,01.12.2024 10:00,"))[0],
                inputs=("PSV.xlsx", ".~lock.PSV.xlsx#")),
        Hostile("excel-låsefil-på-utfil", LOCKS, "refused", ["build-report", "PSV.xlsx", "-o", "rapport.docx"],
                "åpen", lambda f: (example(f), (f / "~$rapport.docx").write_bytes(b"owner"))[0],
                inputs=("PSV.xlsx", "~$rapport.docx")),
        Hostile("skrivebeskyttet-arbeidsbok", LOCKS, "refused", ["recompute", "PSV.xlsx"], "skrivebeskyttet",
                lambda f: example(f).chmod(0o444)),
        Hostile("symlenke-til-arbeidsbok", LOCKS, "ok", ["recompute", "lenke.xlsx"], "",
                lambda f: (example(f), (f / "lenke.xlsx").symlink_to("PSV.xlsx"))[0],
                inputs=(), changes_input=True, check=_unchanged_links),
        # formula kinds in write-back
        Hostile("delt-formel-med-mester-i-resultatområdet", FORMULAS, "ok", ["recompute", "PSV.xlsx"], "",
                _results_rows(RESULT_MASTER_INSIDE), changes_input=True, check=_shared_formula_handed_on),
        Hostile("delt-formel-excel", FORMULAS, "ok", ["recompute", "PSV.xlsx"], "", _results_rows(RESULT_WITH_SHARED),
                changes_input=True),
        Hostile("matriseformel-over-kanten", FORMULAS, "refused", ["recompute", "PSV.xlsx"], "H3:I4",
                _results_rows(ARRAY_ACROSS)),
        Hostile("datatabell-i-resultatområdet", FORMULAS, "refused", ["recompute", "PSV.xlsx"], "D3:E4",
                _results_rows(DATA_TABLE)),
        Hostile("diagramark-resultater", FORMULAS, "refused", ["recompute", "PSV.xlsx"], "diagramark", _chart_sheet),
        # tracebacks that become messages
        Hostile("fifo-til-validate", TRACEBACKS, "refused", ["validate", "PSV.xlsx"], "vanlig fil", _fifo, inputs=()),
        Hostile("nan-i-json", TRACEBACKS, "refused", ["new", "--from-json", "PSV.json", "-o", "ny.xlsx"], "NaN",
                lambda f: _json_with(f, "NaN"), inputs=("PSV.json",)),
        Hostile("infinity-i-json", TRACEBACKS, "refused", ["new", "--from-json", "PSV.json", "-o", "ny.xlsx"],
                "Infinity", lambda f: _json_with(f, "Infinity"), inputs=("PSV.json",)),
        Hostile("negativt-år", TRACEBACKS, "refused", ["new", "--from", "PSV.xlsx", "--year", "-5", "-o", "ny.xlsx"],
                "-5", lambda f: example(f)),
        Hostile("mal-uten-list-number", TRACEBACKS, "refused", ["check-template", "mal.docx"], "List Number",
                _template_with(_without_list_number), inputs=("PSV.xlsx", "mal.docx")),
        Hostile("mal-med-xxe", TRACEBACKS, "refused", ["check-template", "mal.docx"], "DOCTYPE",
                _template_with(_template_xxe), inputs=("PSV.xlsx", "mal.docx")),
        # the overview isolates each workbook
        Hostile("oversikt-med-fiendtlige", OVERVIEW, "refused", ["overview", "inn", "-o", "oversikt.xlsx"],
                "lyver.xlsx", _overview_mixed, inputs=("inn/PSV.xlsx", "inn/lyver.xlsx", "inn/fjern.xlsx", "inn/ikke-xml.xlsx"),
                new_files=("oversikt.xlsx",), check=_overview_names("lyver.xlsx", "fjern.xlsx", "ikke-xml.xlsx", "1 av 4")),
        Hostile("oversikt-uten-lesetilgang", OVERVIEW, "refused", ["overview", "inn", "-o", "oversikt.xlsx"],
                "hemmelig.xlsx", _permission_denied, inputs=("inn/PSV.xlsx",), new_files=("oversikt.xlsx",),
                check=_overview_names("hemmelig.xlsx", "1 av 2")),
    ]
    if os.geteuid() == 0:      # root reads a file whatever its permissions say
        cases = [c for c in cases if c.name != "oversikt-uten-lesetilgang"]
    if slow:
        cases += [
            Hostile("ark-blåses-opp-til-380-MB", INFLATED, "refused", ["validate", "PSV.xlsx"], "MB",
                    _inflated_sheet(380), slow=True),
            Hostile("word-rapport-blåses-opp-til-380-MB", INFLATED, "refused", ["import-report", "rapport.docx"], "MB",
                    _inflated_docx(380), inputs=("rapport.docx",), slow=True),
            Hostile("resultatark-på-60-MB", INFLATED, "refused", ["recompute", "PSV.xlsx"], "16 MB",
                    _inflated_sheet(60, "Resultater"), slow=True),
        ]
    return cases


def make_case(case: Hostile, folder: Path) -> Path:
    """Make the case's files in `folder` (a fresh folder of its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    assert case.make is not None
    case.make(folder)
    return folder


def deflate_size(data: bytes) -> int:
    return len(zlib.compress(data, 1))


# --- running a case as a user runs it: its own process, capped in time and memory ----------------

MEASURED = ("import atexit, resource, runpy, sys\n"
            "limit = int(sys.argv.pop(1)) * 2**20\n"
            "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
            "def peak():\n"
            "    try:\n"
            "        line = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "        return int(line.split()[1])\n"
            "    except OSError:\n"
            "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "atexit.register(lambda: sys.stderr.write(f'\\nPSVXL-PEAK-KB {peak()}\\n'))\n"
            "sys.argv = ['psvxl', *sys.argv[1:]]\n"
            "runpy.run_module('psvxl', run_name='__main__')\n")


def _snapshot(folder: Path) -> dict[str, str]:
    import hashlib

    found = {}
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            found[str(path.relative_to(folder))] = "link" if path.is_symlink() else "other"
            continue
        try:
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            found[str(path.relative_to(folder))] = "unreadable"
    return found


def run_case(case: Hostile, folder: Path, *, seconds: float = 10, megabytes: int = 1024,
             python: str | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run the case's command in `folder`, in a process limited to `megabytes` of address space and
    killed after `seconds`. Returns exit code, output, time, peak memory and what changed."""
    import signal
    import subprocess
    import sys
    import time

    before = _snapshot(folder)
    start = time.perf_counter()
    proc = subprocess.Popen([python or sys.executable, "-c", MEASURED, str(megabytes), *case.run], cwd=folder,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    peak = re.search(r"\nPSVXL-PEAK-KB (\d+)\n?$", err)
    err = err[: peak.start()] if peak else err
    after = _snapshot(folder)
    return {"code": proc.returncode, "out": out, "err": err, "seconds": elapsed, "timed_out": timed_out,
            "peak_mb": int(peak.group(1)) / 1024 if peak else None, "before": before, "after": after}


def problems_of(case: Hostile, folder: Path, r: dict[str, Any], seconds: float = 10, megabytes: int = 1024) -> list[str]:
    """What went wrong in a run of `case`, in words (empty when it did what a user must see)."""
    text = r["out"] + r["err"]
    found = []
    if r["timed_out"] or r["seconds"] > seconds:
        found.append(f"took {r['seconds']:.1f} s")
    if r["peak_mb"] is None:
        found.append(f"ended without its exit handler (exit {r['code']}): {text[-400:]}")
    elif r["peak_mb"] > megabytes:
        found.append(f"peak memory {r['peak_mb']:.0f} MB")
    if "Traceback" in text:
        found.append("traceback: " + text[-800:])
    wanted = (0,) if case.outcome == "ok" else (1, 2)
    if r["code"] not in wanted:
        found.append(f"exit {r['code']}, expected {wanted}: {text[-600:]}")
    if case.expect and case.expect not in text:
        found.append(f"message lacks «{case.expect}»: {text[-600:]}")
    for name in case.inputs if not case.changes_input else ():
        if r["before"].get(name) != r["after"].get(name):
            found.append(f"{name} changed")
    left = set(r["after"]) - set(r["before"]) - set(case.new_files)
    if case.outcome == "ok" and case.extra.get("new_suffix"):
        left = {n for n in left if not n.endswith(case.extra["new_suffix"])}
    if case.outcome == "ok" and not case.new_files and case.run[0] == "build-report":
        left = {n for n in left if not n.endswith(".docx")}
    if left:
        found.append(f"left files behind: {sorted(left)}")
    if not found and case.check is not None:
        try:
            case.check(folder, r)
        except AssertionError as exc:
            found.append(f"check failed: {exc}")
    return found
