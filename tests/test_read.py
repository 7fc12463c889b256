"""Reading workbooks: by header labels, whatever the column order, spacing or extra columns."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from psvxl.errors import InputError
from psvxl.layout import INDICATORS, PORTFOLIO
from psvxl.reading.read import read_workbook

from conftest import EXAMPLE_XLSX, col, example


def test_the_example_reads_as_the_example_json():
    result = read_workbook(EXAMPLE_XLSX)
    assert result.findings == []
    assert result.assessment == example()


def test_sources_name_the_cells():
    result = read_workbook(EXAMPLE_XLSX)
    src = result.source("indicators", 0, "themes", 1, "score")
    assert (src.sheet, src.cell) == (INDICATORS.name, f"{col(INDICATORS, 'score')}3")
    src = result.source("portfolio", 2, "granted")
    assert (src.sheet, src.cell, src.row) == (PORTFOLIO.name, f"{col(PORTFOLIO, 'granted')}4", 4)
    assert result.source("program", "name").cell == "B2"


def test_columns_found_by_label_in_any_order_with_extra_columns_and_blank_rows(tmp_path):
    path = tmp_path / "moved.xlsx"
    book = openpyxl.load_workbook(EXAMPLE_XLSX)
    ws = book[PORTFOLIO.name]
    for table in list(ws.tables):
        del ws.tables[table]   # openpyxl does not move tables with the cells; the reader does not need them
    ws.insert_cols(1)
    ws["A1"] = "Intern merknad"
    ws["A2"] = "bare for oss"
    ws.insert_rows(4, 2)                                   # blank rows in the middle
    ws["C1"] = "  PROSJEKTNAVN "                           # case and spacing differ
    ws["B1"], ws["D1"] = ws["D1"].value, ws["B1"].value    # swap two headers...
    for row in range(2, ws.max_row + 1):                   # ...and their columns
        ws[f"B{row}"].value, ws[f"D{row}"].value = ws[f"D{row}"].value, ws[f"B{row}"].value
    book.save(path)
    result = read_workbook(path)
    assert [f for f in result.findings if f.severity == "error"] == []
    assert result.assessment.portfolio == example().portfolio
    assert result.source("portfolio", 0, "id").cell == "D2"
    assert result.source("portfolio", 2, "id").cell == "D6"


def test_header_row_may_sit_below_a_title(tmp_path):
    path = tmp_path / "title.xlsx"
    book = openpyxl.load_workbook(EXAMPLE_XLSX)
    ws = book[PORTFOLIO.name]
    for table in list(ws.tables):
        del ws.tables[table]
    ws.insert_rows(1, 2)
    ws["A1"] = "Porteføljen per 15.10.2024"
    book.save(path)
    result = read_workbook(path)
    assert result.assessment.portfolio == example().portfolio
    assert result.source("portfolio", 0, "id").cell == "A4"


def test_text_values_typed_the_norwegian_way(tmp_path):
    path = tmp_path / "text.xlsx"
    book = openpyxl.load_workbook(EXAMPLE_XLSX)
    ws = book[PORTFOLIO.name]
    ws[f"{col(PORTFOLIO, 'total_cost')}2"] = "kr 1 250 000"
    ws[f"{col(PORTFOLIO, 'granted')}2"] = "1,2 mill"
    ws[f"{col(PORTFOLIO, 'paid')}2"] = "1 000,-"
    ws[f"{col(PORTFOLIO, 'decision_date')}2"] = "15. oktober 2024"
    ws[f"{col(PORTFOLIO, 'smb_utvikling')}2"] = "Ja"
    ws[f"{col(PORTFOLIO, 'status')}2"] = "Pågår"
    book.save(path)
    p = read_workbook(path).assessment.portfolio[0]
    assert (p.total_cost, p.granted, p.paid) == (1_250_000, 1_200_000, 1000)
    assert p.decision_date == dt.date(2024, 10, 15)
    assert p.smb_utvikling is True and p.status == "pågår"


@pytest.mark.parametrize("content, words", [
    (b"", "tom"),
    (b"Navn;Poeng\nProfil;4\n", "ikke en Excel-arbeidsbok"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "passordbeskyttet"),
    (b"PK\x03\x04garbage", "skadet"),
])
def test_files_that_are_not_workbooks_are_refused_clearly(tmp_path, content, words):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    assert words in str(exc.value)


def test_a_word_document_renamed_to_xlsx(tmp_path):
    import zipfile

    path = tmp_path / "rapport.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="Word-dokument"):
        read_workbook(path)


def test_a_doctype_in_any_part_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "doctype.xlsx"
    with zipfile.ZipFile(EXAMPLE_XLSX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            dst.writestr(info, data)
    with pytest.raises(InputError, match="DOCTYPE"):
        read_workbook(path)
