"""check-report: a finished report or fact base checked for sending and publishing.

Clean on what psvxl makes (the bundled example, the Spir-shaped case, the 12-indicator framework);
each fault found in documents damaged on purpose, also by edits made the way Word makes them
(python-docx: a picture pasted in, a table added, a heading typed, properties cleared).
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psvxl import api
from psvxl.cli import cli
from psvxl.metrics import compute
from psvxl.report.check_report import check_report
from psvxl.report.render import render_report
from psvxl.templates import FACTBASE_TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
CASES = {"eksempel": ROOT / "examples" / "fjellvik-2024.json", "spir": ROOT / "tests" / "data" / "spir-2024.json",
         "tolv": ROOT / "examples" / "eksempel-12-indikatorer-2024.json"}


def render(case: str, factbase: bool = False) -> bytes:
    a = api.load_json(CASES[case])
    return render_report(a, compute(a), FACTBASE_TEMPLATE if factbase else None)


@pytest.fixture(scope="module")
def report() -> bytes:
    return render("spir")


@pytest.mark.parametrize("factbase", [False, True], ids=["rapport", "faktagrunnlag"])
@pytest.mark.parametrize("case", list(CASES))
def test_what_psvxl_makes_is_clean(tmp_path, case, factbase):
    path = tmp_path / "dokument.docx"
    path.write_bytes(render(case, factbase))
    assert check_report(path) == []


# --- damage, as a program or as Word would do it --------------------------------------------------

def zip_edit(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


def word_edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    document = docx.Document(io.BytesIO(data))
    change(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    pixels = zlib.compress(b"\x00\xff\x00\x00" * 1)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def first_chart(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return min(n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n))


def no_chart_alt_text(data: bytes) -> bytes:
    return zip_edit(data, "word/document.xml", lambda xml: re.sub(rb' descr="[^"]*"', b"", xml, count=1))


def picture_pasted(data: bytes) -> bytes:
    return word_edit(data, lambda d: d.add_picture(io.BytesIO(tiny_png()), width=Cm(2)))


def header_row_unmarked(data: bytes) -> bytes:
    return zip_edit(data, "word/document.xml", lambda xml: re.sub(rb"<w:tblHeader[^>]*/>", b"", xml, count=1))


def table_added_in_word(data: bytes) -> bytes:
    def add(d: Any) -> None:
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(1, 0).text = "Hva", "Mer"
    return word_edit(data, add)


def heading_skipped(data: bytes) -> bytes:
    return word_edit(data, lambda d: d.add_heading("Et nytt avsnitt", 3))


def empty_heading(data: bytes) -> bytes:
    return word_edit(data, lambda d: d.add_heading("", 1))


def language_removed(data: bytes) -> bytes:
    def strip(d: Any) -> None:
        for lang in list(d.styles.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")):
            lang.getparent().remove(lang)
    return word_edit(data, strip)


def title_cleared(data: bytes) -> bytes:
    def clear(d: Any) -> None:
        d.core_properties.title = ""
    return word_edit(data, clear)


def table_widened(data: bytes) -> bytes:
    def widen(d: Any) -> None:
        for column in d.tables[0].columns:
            column.width = Cm(12)
    return word_edit(data, widen)


def chart_cache_changed(data: bytes) -> bytes:
    part = first_chart(data)
    return zip_edit(data, part, lambda xml: re.sub(rb"(<c:val>.*?<c:pt idx=\"0\"><c:v>)[^<]*", rb"\g<1>99", xml,
                                                    count=1, flags=re.DOTALL))


def chart_data_edited(data: bytes) -> bytes:
    """«Rediger data» in Word changes the embedded workbook; here the cache is left as it was."""
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        name = min(n for n in z.namelist() if n.startswith("word/embeddings/"))

    def change(workbook: bytes) -> bytes:
        book = openpyxl.load_workbook(io.BytesIO(workbook))
        book["Data"]["B2"] = 1.5
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    return zip_edit(data, name, change)


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    "diagram uten alt-tekst": (no_chart_alt_text, "missing-alt-text", "Poengoversikt"),
    "bilde limt inn": (picture_pasted, "missing-alt-text", "Vedlegg: Prosjektliste"),
    "overskriftsrad fjernet": (header_row_unmarked, "table-without-header-row", "Deltakere"),
    "tabell lagt til i Word": (table_added_in_word, "table-without-header-row", "Vedlegg: Prosjektliste"),
    "overskrift hopper over et nivå": (heading_skipped, "heading-skips-level", "Et nytt avsnitt"),
    "tom overskrift": (empty_heading, "empty-heading", "Vedlegg: Prosjektliste"),
    "språk fjernet": (language_removed, "missing-language", "egenskaper"),
    "tittel fjernet": (title_cleared, "missing-title", "egenskaper"),
    "tabell for bred": (table_widened, "table-too-wide", "Deltakere"),
    "diagrammets tall endret": (chart_cache_changed, "chart-data-mismatch", "diagram"),
    "data endret i Rediger data": (chart_data_edited, "chart-data-mismatch", "diagram"),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_each_fault_is_found_and_placed(tmp_path, report, kind):
    damage, code, where = DAMAGE[kind]
    path = tmp_path / "redigert.docx"
    path.write_bytes(damage(report))
    problems = check_report(path)
    assert [p.code for p in problems] == [code], problems
    assert where in problems[0].where or where in problems[0].message


SLOW = os.environ.get("PSVXL_SLOW") == "1"


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(max_examples=60 if SLOW else 4, derandomize=not SLOW, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kinds=st.sets(st.sampled_from(sorted(DAMAGE)), min_size=2, max_size=5))
def test_several_faults_at_once_are_each_found(tmp_path, report, kinds):
    data = report
    for kind in sorted(kinds):
        data = DAMAGE[kind][0](data)
    path = tmp_path / "redigert.docx"
    path.write_bytes(data)
    found = {p.code for p in check_report(path)}
    assert found == {DAMAGE[kind][1] for kind in kinds}


# --- the command ---------------------------------------------------------------------------------

def test_the_command_names_each_problem_and_exits_1(tmp_path, report):
    path = tmp_path / "rapport.docx"
    path.write_bytes(title_cleared(no_chart_alt_text(report)))
    result = CliRunner().invoke(cli, ["check-report", str(path)])
    assert result.exit_code == 1
    assert "2 problem(er) i rapport.docx" in result.output
    assert "under «Poengoversikt»: Diagrammet" in result.output and "ingen tittel" in result.output


def test_the_command_is_quiet_and_exits_0_on_a_clean_report(tmp_path, report):
    path = tmp_path / "rapport.docx"
    path.write_bytes(report)
    result = CliRunner().invoke(cli, ["check-report", str(path)])
    assert (result.exit_code, result.output) == (0, "Ingen problemer funnet i rapport.docx.\n")


def test_a_file_that_is_not_word_exits_2(tmp_path):
    path = tmp_path / "rapport.docx"
    path.write_bytes(b"ikke en zip")
    result = CliRunner().invoke(cli, ["check-report", str(path)])
    assert result.exit_code == 2 and "kan ikke åpnes som Word-dokument" in result.stderr


def test_build_report_and_build_factbase_check_what_they_made(tmp_path):
    workbook = ROOT / "examples" / "fjellvik-2024.xlsx"
    for command, name in (("build-report", "r.docx"), ("build-factbase", "f.docx")):
        result = CliRunner().invoke(cli, [command, str(workbook), "-o", str(tmp_path / name), "--check"])
        assert result.exit_code == 0, result.output
        assert f"Ingen problemer funnet i {name}." in result.output


def test_a_document_word_laid_out_gets_its_problems_named_by_page_too(tmp_path, report):
    """Word marks where each page began (w:lastRenderedPageBreak) when it saves: the page is named too."""
    from docx.oxml import OxmlElement

    def laid_out(d: Any) -> None:
        for paragraph in d.paragraphs:
            if paragraph.style.name in ("PSV Kapittel", "TOC Heading"):
                run = OxmlElement("w:r")
                run.append(OxmlElement("w:lastRenderedPageBreak"))
                paragraph._p.insert(1, run)
    path = tmp_path / "lagret-i-word.docx"
    path.write_bytes(no_chart_alt_text(word_edit(report, laid_out)))
    [problem] = check_report(path)
    assert problem.where == "side 3, under «Poengoversikt»"
