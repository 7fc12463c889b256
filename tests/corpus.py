"""A corpus of bad and odd inputs, made fresh in a folder: not workbooks, hostile packages, broken
layouts, broken values and output problems.

Each case says what psvxl must do with it: `refused` (exit 1 or 2, a message naming the problem
and the cell where one applies, nothing written) or `tolerated` (an odd but readable workbook that
must work: exit 0 and a correct result).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import openpyxl

from psvxl import layout
from psvxl.layout import ASSESSMENTS, INDICATORS, JOBS, PORTFOLIO
from psvxl.workbook.build import build_workbook

from conftest import EXAMPLE_XLSX, ROOT, col, example, program_cell

sys.path.insert(0, str(ROOT / "scripts"))


@dataclass
class Case:
    name: str
    category: str
    outcome: str                   # "refused" or "tolerated"
    expect: str = ""               # words the message must hold (refused)
    cell: str | None = None        # "Sheet!A1" the message must name (refused, where a cell applies)
    commands: tuple[str, ...] = ("validate", "compute", "recompute", "build-report")
    extra: dict[str, list[str]] = field(default_factory=dict)   # command -> extra arguments
    path: Path | None = None
    setup: Callable[["Case"], None] | None = None               # prepares the folder (lock files…)


NOT_A_WORKBOOK = "ikke en arbeidsbok"
HOSTILE = "fiendtlige pakker"
LAYOUT = "ødelagt oppsett"
VALUES = "ødelagte verdier"
OUTPUT = "problemer med utfilen"


def _edit(path: Path, edits: dict[tuple[str, str], object], merge: str | None = None,
          hide_row: tuple[str, int] | None = None, insert_rows: tuple[str, int, int] | None = None) -> None:
    book = openpyxl.load_workbook(path)
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
    if merge:
        sheet, ref = merge.split("!")
        book[sheet].merge_cells(ref)
    if hide_row:
        book[hide_row[0]].row_dimensions[hide_row[1]].hidden = True
    if insert_rows:
        ws = book[insert_rows[0]]
        for table in list(ws.tables):
            del ws.tables[table]
        ws.insert_rows(insert_rows[1], insert_rows[2])
    book.save(path)


def _example(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    return path


def _rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a package part by part; `change` may return new bytes, or None to drop the part."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
    return target


def _sheet_part(name: str) -> str:
    return f"xl/worksheets/sheet{layout.SHEET_ORDER.index(name) + 1}.xml"


def _zip_bomb(path: Path, gigabytes: int = 2) -> None:
    """A workbook whose sheet XML inflates to gigabytes: a few MB on disk (deflate of zeros)."""
    chunk = b"\0" * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    count = gigabytes * 1024
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    body = first + repeat * (count - 1) + tail
    size = count << 20
    name = b"xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(EXAMPLE_XLSX) as src:
        normal = [(i.filename, src.read(i)) for i in src.infolist() if i.filename != name.decode()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for filename, data in normal:
            z.writestr(filename, data)
    # Append the bomb entry by hand (zipfile cannot write precompressed data).
    package = bytearray(out.getvalue())
    end = package.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", package, end + 12)
    entries = struct.unpack_from("<H", package, end + 10)[0]
    central = bytes(package[cd_offset:cd_offset + cd_size])
    local_offset = cd_offset
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), size, len(name), 0) + name
    record = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body), size, len(name),
                         0, 0, 0, 0, 0, local_offset) + name
    new_cd_offset = local_offset + len(local) + len(body)
    new_central = central + record
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1, len(new_central), new_cd_offset, 0)
    path.write_bytes(bytes(package[:cd_offset]) + local + body + new_central + eocd)


def _xls(path: Path) -> None:
    from vba_project import write_cfb

    path.write_bytes(write_cfb({"Workbook": b"\x09\x08" + b"\0" * 5000, "\x05SummaryInformation": b"\0" * 200}))


def _encrypted(path: Path) -> None:
    try:
        import msoffcrypto

        source = io.BytesIO(EXAMPLE_XLSX.read_bytes())
        with path.open("wb") as out:
            msoffcrypto.OOXMLFile(source).encrypt("hemmelig", out)
    except Exception:  # an older msoffcrypto without encryption: the same container by hand
        from vba_project import write_cfb

        path.write_bytes(write_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 200,
                                    "EncryptedPackage": b"\0" * 8000}))


def build_corpus(folder: Path) -> list[Case]:
    cases: list[Case] = []

    def add(case: Case, make: Callable[[Path], None]) -> None:
        home = folder / f"{len(cases):02d}-{case.name}"      # each case in a folder of its own
        home.mkdir()
        case.path = home / "PSV.xlsx"
        make(case.path)
        cases.append(case)

    # --- not a workbook -----------------------------------------------------------------------
    add(Case("tom-fil", NOT_A_WORKBOOK, "refused", "tom"), lambda p: p.write_bytes(b""))
    add(Case("ren-tekst", NOT_A_WORKBOOK, "refused", "ikke en Excel-arbeidsbok"),
        lambda p: p.write_text("Dette er et notat, ikke en arbeidsbok.\n", encoding="utf-8"))
    add(Case("csv", NOT_A_WORKBOOK, "refused", "ikke en Excel-arbeidsbok"),
        lambda p: p.write_text("Prosjekt-ID;Prosjektnavn;Tilsagn\nP-1;Kai;100000\n", encoding="utf-8"))
    add(Case("word-dokument", NOT_A_WORKBOOK, "refused", "Word-dokument"),
        lambda p: p.write_bytes((ROOT / "psvxl" / "templates" / "report_template.docx").read_bytes()))
    add(Case("gammel-xls", NOT_A_WORKBOOK, "refused", ".xls"), _xls)
    add(Case("passordbeskyttet", NOT_A_WORKBOOK, "refused", "passordbeskyttet"), _encrypted)
    add(Case("avkuttet-zip", NOT_A_WORKBOOK, "refused", "skadet"),
        lambda p: p.write_bytes(EXAMPLE_XLSX.read_bytes()[: len(EXAMPLE_XLSX.read_bytes()) // 2]))
    add(Case("zip-uten-arbeidsbok", NOT_A_WORKBOOK, "refused", "xl/workbook.xml mangler"),
        lambda p: zipfile.ZipFile(p, "w").writestr("notat.txt", "hei"))
    add(Case("tilfeldige-bytes", NOT_A_WORKBOOK, "refused", "ikke en Excel-arbeidsbok"),
        lambda p: p.write_bytes(bytes(range(256)) * 40))
    add(Case("ark-mangler-i-pakken", NOT_A_WORKBOOK, "refused", "kan ikke leses"),
        lambda p: _rezip(EXAMPLE_XLSX, p, lambda n, d: None if n == _sheet_part(layout.PORTFOLIO.name) else d))

    # --- hostile packages ---------------------------------------------------------------------
    add(Case("zip-bombe", HOSTILE, "refused", "pakker seg ut"), _zip_bomb)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;'
              b'&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    add(Case("billion-laughs", HOSTILE, "refused", "DOCTYPE"),
        lambda p: _rezip(EXAMPLE_XLSX, p, lambda n, d: d.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                                                                 laughs, 1) if n == "xl/sharedStrings.xml" else d))
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    add(Case("ekstern-entitet", HOSTILE, "refused", "DOCTYPE"),
        lambda p: _rezip(EXAMPLE_XLSX, p, lambda n, d: d.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                                                                 xxe, 1) if n == _sheet_part(PORTFOLIO.name) else d))
    add(Case("absurd-dimensjon", HOSTILE, "refused", "rad 1048576"),
        lambda p: _rezip(EXAMPLE_XLSX, p, lambda n, d: re.sub(rb'<dimension ref="[^"]*"/>',
                                                              b'<dimension ref="A1:XFD1048576"/>', d, count=1)
                         if n == _sheet_part(PORTFOLIO.name) else d))

    def million_rows(p: Path, dimension: bool) -> None:
        rows = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % r for r in range(100, 1_000_100))

        def change(n: str, d: bytes) -> bytes:
            if n != _sheet_part(JOBS.name):
                return d
            d = d.replace(b"</sheetData>", rows + b'<row r="1000200"><c r="A1000200"><v>2024</v></c></row></sheetData>')
            return d.replace(b'<dimension ref="', b'<dimension ref="A1:H1000200" old="', 1) if dimension else \
                d.replace(b'<dimension ref="A1:H', b'<dimension ref="A1:H0', 1)
        _rezip(EXAMPLE_XLSX, p, change)

    add(Case("million-tomme-rader", HOSTILE, "refused", "psvxl leser høyst"), lambda p: million_rows(p, True))
    add(Case("million-tomme-rader-uten-dimensjon", HOSTILE, "refused", "psvxl leser høyst"),
        lambda p: million_rows(p, False))
    long_text = "Langt avsnitt. " * 2184 + "Slutt"   # 32 765 characters: Excel's most for a cell
    add(Case("celler-med-32767-tegn", HOSTILE, "tolerated"),
        lambda p: _edit(_example(p.parent, p.name), {(layout.PROGRAM_SHEET, program_cell("texts.main_conclusion")): long_text,
                                                    (PORTFOLIO.name, f"{col(PORTFOLIO, 'name')}2"): long_text}))
    add(Case("mange-deler", HOSTILE, "refused", "deler"),
        lambda p: _many_parts(p))

    # --- broken layouts -----------------------------------------------------------------------
    def without_sheet(p: Path) -> None:
        book = openpyxl.load_workbook(_example(p.parent, p.name))
        del book[ASSESSMENTS.name]
        book.save(p)

    add(Case("ark-mangler", LAYOUT, "refused", f"Fant ikke arket «{ASSESSMENTS.name}»"), without_sheet)
    add(Case("omdøpt-overskrift", LAYOUT, "refused", "Kolonnen «Prosjektnavn» mangler", f"{PORTFOLIO.name}!P1"),
        lambda p: _edit(_example(p.parent, p.name), {(PORTFOLIO.name, "B1"): "Navn på prosjekt"}))
    add(Case("dobbel-overskrift", LAYOUT, "refused", "finnes to ganger", f"{PORTFOLIO.name}!C1"),
        lambda p: _edit(_example(p.parent, p.name), {(PORTFOLIO.name, "C1"): "Prosjektnavn"}))

    def reordered(p: Path) -> None:
        book = openpyxl.load_workbook(_example(p.parent, p.name))
        ws = book[PORTFOLIO.name]
        for table in list(ws.tables):
            del ws.tables[table]
        for row in ws.iter_rows():
            row[1].value, row[2].value = row[2].value, row[1].value
        book.save(p)

    add(Case("kolonner-i-annen-rekkefølge", LAYOUT, "tolerated"), reordered)
    # The merge itself is the cause (issue 19, QA A3): named with its range, not «må fylles ut» under it.
    add(Case("sammenslåtte-celler-i-tabell", LAYOUT, "refused", "Cellene B2:B3 er slått sammen", f"{PORTFOLIO.name}!B2"),
        lambda p: _edit(_example(p.parent, p.name), {}, merge=f"{PORTFOLIO.name}!B2:B3"))
    add(Case("tomme-rader-midt-i", LAYOUT, "tolerated"),
        lambda p: _edit(_example(p.parent, p.name), {}, insert_rows=(PORTFOLIO.name, 6, 3)))
    add(Case("skjulte-rader", LAYOUT, "tolerated"),
        lambda p: _edit(_example(p.parent, p.name), {}, hide_row=(PORTFOLIO.name, 4)))
    add(Case("lagret-av-libreoffice", LAYOUT, "tolerated"),
        lambda p: p.write_bytes((ROOT / "tests" / "data" / "fjellvik-saved-by-libreoffice-nb.xlsx").read_bytes()))

    # --- broken values ------------------------------------------------------------------------
    score = lambda row: (INDICATORS.name, f"{col(INDICATORS, 'score')}{row}")  # noqa: E731
    granted = (PORTFOLIO.name, f"{col(PORTFOLIO, 'granted')}2")
    value_cases = [
        ("div0-i-beløp", {granted: "#DIV/0!"}, "#DIV/0!", granted),
        ("ref-i-poeng", {score(2): "#REF!"}, "#REF!", score(2)),
        ("name-i-dato", {(PORTFOLIO.name, f"{col(PORTFOLIO, 'decision_date')}2"): "#NAME?"}, "#NAME?",
         (PORTFOLIO.name, f"{col(PORTFOLIO, 'decision_date')}2")),
        ("formel-uten-verdi", {(ASSESSMENTS.name, f"{col(ASSESSMENTS, 'total')}2"): "=4+0,5"},
         "formel uten lagret verdi", (ASSESSMENTS.name, f"{col(ASSESSMENTS, 'total')}2")),
        ("tekst-i-tallcelle", {granted: "cirka en million"}, "ikke et tall", granted),
        ("negativt-beløp", {granted: -150000}, "negativt", granted),
        ("astronomisk-beløp", {granted: 1e20}, "urimelig stort", granted),
        ("dato-som-tekst-uleselig", {(PORTFOLIO.name, f"{col(PORTFOLIO, 'decision_date')}2"): "i fjor høst"},
         "ikke en dato", (PORTFOLIO.name, f"{col(PORTFOLIO, 'decision_date')}2")),
        ("poeng-4.5", {score(2): 4.5}, "helt tall fra 1 til 6", score(2)),
        ("poeng-fire", {score(2): "fire"}, "ikke et tall", score(2)),
        ("poeng-0", {score(2): 0}, "helt tall fra 1 til 6", score(2)),
        ("poeng-7", {score(2): 7}, "helt tall fra 1 til 6", score(2)),
        ("poeng-som-dato", {score(2): dt.datetime(2024, 5, 4)}, "datoen 04.05.2024", score(2)),
        ("sannhetsverdi-i-tallcelle", {granted: True}, "ikke et tall", granted),
        ("uleselig-ja-nei", {(PORTFOLIO.name, f"{col(PORTFOLIO, 'smb_utvikling')}2"): "kanskje"}, "verken ja eller nei",
         (PORTFOLIO.name, f"{col(PORTFOLIO, 'smb_utvikling')}2")),
        ("tvetydig-tall", {granted: "1.250"}, "kan bety to ting", granted),
    ]
    for name, edits, words, (sheet, cell) in value_cases:
        add(Case(name, VALUES, "refused", words, f"{sheet}!{cell}"),
            lambda p, edits=edits: _edit(_example(p.parent, p.name), edits))
    dates_as_text = {(PORTFOLIO.name, f"{col(PORTFOLIO, 'decision_date')}{row}"): text for row, text in
                     ((2, "12.03.2021"), (3, "12. mars 2021"), (4, "2021-03-12"), (5, "12/3/2021"), (6, "12.3.21"))}
    add(Case("datoer-som-tekst-i-mange-former", VALUES, "tolerated"),
        lambda p: _edit(_example(p.parent, p.name), dates_as_text))
    add(Case("dato-som-serienummer", VALUES, "tolerated"),
        lambda p: _edit(_example(p.parent, p.name), {(PORTFOLIO.name, f"{col(PORTFOLIO, 'decision_date')}2"): 44267}))

    def odd_text(p: Path) -> None:
        a = example()
        a.texts.main_conclusion = "Emoji 🚀🌊 og høyre-til-venstre: مرحبا بالعالم שלום\n\nKontrolltegn:\x07\x0b\x1b slutt."
        a.portfolio[0].name = "Bygg & Anlegg <AS> {{ 7*7 }} 🐟"
        build_workbook(a, p)

    add(Case("emoji-rtl-og-kontrolltegn", VALUES, "tolerated"), odd_text)

    # --- output problems (build-report, recompute) --------------------------------------------
    out_cases = [
        ("utmappe-finnes-ikke", "finnes ikke", ["-o", "{folder}/finnes-ikke/rapport.docx"], None),
        ("utmappe-er-en-fil", "finnes ikke", ["-o", "{path}/rapport.docx"], None),
        ("utfil-låst-av-word", "åpen i Excel eller Word", ["-o", "{folder}/låst.docx"],
         lambda case: (case.path.parent / "~$låst.docx").write_bytes(b"owner")),
        ("utfil-lik-innfil", "samme som innfilen", ["-o", "{path}"], None),
        ("utmappe-skrivebeskyttet", "/proc", ["-o", "/proc/psvxl-rapport.docx"], None),
    ]
    for name, words, args, setup in out_cases:
        add(Case(name, OUTPUT, "refused", words, commands=("build-report",), extra={"build-report": args},
                 setup=setup), lambda p: p.write_bytes(EXAMPLE_XLSX.read_bytes()))
    add(Case("arbeidsbok-åpen-i-excel", OUTPUT, "refused", "åpen i Excel", commands=("recompute",),
             setup=lambda case: (case.path.parent / f"~${case.path.name}").write_bytes(b"owner")),
        lambda p: p.write_bytes(EXAMPLE_XLSX.read_bytes()))
    return cases


def _many_parts(path: Path) -> None:
    with zipfile.ZipFile(EXAMPLE_XLSX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for i in range(10_001):
            dst.writestr(f"xl/ekstra/del{i}.bin", b"")
