"""Word reports made to be slow or too big for the parser: refused with a clear message and exit 2, or
read in linear time with every paragraph accounted for (figures: benchmarks/bench_import.py)."""

from __future__ import annotations

import random
import string
import zipfile
from pathlib import Path

from click.testing import CliRunner

from psvxl.cli import cli
from psvxl.report_import import read_report
from psvxl.wordimport.result import UNPLACED

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def docx(path: Path, body: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return path


def para(text: str, bold: bool = False) -> str:
    return f"<w:p><w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}<w:t>{text}</w:t></w:r></w:p>"


def refused(path: Path, words: str) -> None:
    result = CliRunner().invoke(cli, ["import-report", str(path), "-o", str(path.with_suffix(".xlsx"))])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not path.with_suffix(".xlsx").exists()


def test_nesting_deeper_than_lxml_reads_is_refused(tmp_path):
    refused(docx(tmp_path / "dyp.docx", "<w:sdt>" * 300 + "</w:sdt>" * 300), "nøstet dypere enn 256 nivåer")


def test_a_text_node_over_10_mb_is_refused(tmp_path):
    text = "".join(random.Random(1).choices(string.ascii_letters, k=10 * 1024 * 1024 + 10))
    refused(docx(tmp_path / "stor.docx", para(text)), "en tekst over 10 MB")


def test_damaged_zip_data_is_refused(tmp_path):
    path = docx(tmp_path / "skadet.docx", para("Profil og kommunikasjon", True) * 200)
    data = bytearray(path.read_bytes())
    start = data.find(b"word/document.xml") + len("word/document.xml")
    data[start + 40:start + 60] = b"\xff" * 20        # inside the compressed document
    path.write_bytes(bytes(data))
    refused(path, "skadet")


def test_a_heading_of_100_000_parentheses_is_read_at_once(tmp_path):
    path = docx(tmp_path / "parentes.docx", para("(" * 100_000, True) + para("☒ 1 ☐ 2 ☐ 3 ☐ 4 ☐ 5 ☐ 6"))
    result = read_report(path)
    assert [where for _, where, _ in result.ledger] == [UNPLACED, UNPLACED]


def test_thousands_of_short_bold_paragraphs_are_each_accounted_for(tmp_path):
    body = para("Profil og kommunikasjon", True) + "".join(para(f"Punkt {i}", True) for i in range(4000)) \
        + para("☐ 1 ☐ 2 ☒ 3 ☐ 4 ☐ 5 ☐ 6") + "".join(para("Total poengsum", True) for _ in range(3))
    result = read_report(docx(tmp_path / "mange.docx", body))
    assert len(result.ledger) == 4005
    assert [n for n, _, why in result.unreadable] == [4003, 4004, 4005]


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_a_cover_in_text_boxes_and_bold_by_character_style_is_read_once(tmp_path):
    """Word's cover pages put the title in a text box, written twice (DrawingML and a VML fallback);
    «Sterk» (Strong) makes text bold by a character style."""
    def box(*lines: str) -> str:
        inner = "".join(para(line) for line in lines)
        return (f'<w:p><w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
                f'{inner}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{inner}'
                f'</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')

    strong = '<w:p><w:r><w:rPr><w:rStyle w:val="Sterk"/></w:rPr><w:t>{}</w:t></w:r></w:p>'
    body = box("Programstatusvurdering 2023", "Omstillingsprogrammet Nordfjell – Nordfjell kommune") + \
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' + strong.format("Profil og kommunikasjon") + \
        strong.format("Omstillingsplanen") + para("☐ 1 ☐ 2 ☒ 3 ☐ 4 ☐ 5 ☐ 6") + para("Total poengsum: 3")
    path = docx(tmp_path / "boks.docx", body)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("word/styles.xml", f'<w:styles xmlns:w="{W}"><w:style w:type="character" w:styleId="Sterk">'
                                      '<w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style></w:styles>')
    result = read_report(path)
    p, ind = result.assessment.program, result.assessment.indicators[0]
    assert (p.year, p.name, p.owner) == (2023, "Omstillingsprogrammet Nordfjell", "Nordfjell kommune")
    assert (ind.id, [(t.title, t.score) for t in ind.themes], ind.total) == ("profil", [("Omstillingsplanen", 3)], 3)
    assert result.unplaced == [] and len(result.ledger) == 6


def test_boxes_typed_with_insert_symbol_are_read_as_boxes(tmp_path):
    def sym(code: str) -> str:
        return f'<w:r><w:sym w:font="Wingdings" w:char="{code}"/></w:r>'

    line = "".join(f"{sym('F0FE' if n == 4 else 'F0A8')}<w:r><w:t xml:space=\"preserve\"> {n} </w:t></w:r>"
                   for n in range(1, 7))
    body = "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr>" + para("Profil og kommunikasjon")[5:] + \
        para("Omstillingsplanen", True) + para("Planen er forankret.") + f"<w:p>{line}</w:p>" + para("Total poengsum: 4")
    path = docx(tmp_path / "symbol.docx", body)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("word/styles.xml", f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="H1">'
                                      '<w:name w:val="heading 1"/></w:style></w:styles>')
    result = read_report(path)
    ind = result.assessment.indicators[0]
    assert [(t.title, t.statement, t.score) for t in ind.themes] == [("Omstillingsplanen", "Planen er forankret.", 4)]
    assert result.unplaced == [] and result.unreadable == []
