"""The Word report, read back with python-docx as a user would see it."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from click.testing import CliRunner

from psvxl import formatting as fmt
from psvxl.cli import cli
from psvxl.errors import TemplateError
from psvxl.layout import INDICATORS, PROGRAM_SHEET
from psvxl.metrics import compute
from psvxl.report.context import score_line
from psvxl.report.render import render_report
from psvxl.templates import REPORT_TEMPLATE

from conftest import EXAMPLE_XLSX, col, example, program_cell


def text_of(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(paragraph texts, table cell texts per row) of a .docx."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, rows


@pytest.fixture(scope="module")
def example_report() -> bytes:
    a = example()
    return render_report(a, compute(a))


def test_every_statement_has_its_score_line(example_report):
    paragraphs, _ = text_of(example_report)
    for indicator in example().indicators:
        for theme in indicator.themes:
            i = paragraphs.index(theme.statement)
            assert paragraphs[i + 1] == score_line(theme.score)
            assert f"\u2612\u00a0{theme.score}" in paragraphs[i + 1]
            assert paragraphs[i + 1].count("\u2612") == 1 and paragraphs[i + 1].count("\u2610") == 5


def test_every_bullet_total_and_text_is_there(example_report):
    paragraphs, rows = text_of(example_report)
    a = example()
    for ind in a.indicators:
        for item in ind.strengths + ind.improvements + ind.actions:
            assert item in paragraphs
        assert f"Total poengsum: {fmt.score(ind.total)}" in paragraphs
        for question in ind.themes[0].questions:
            assert question in paragraphs
    for item in (a.texts.recommendations + a.texts.action_plan_priorities + a.texts.critical_factors
                 + a.texts.biggest_challenges):
        assert item in paragraphs
    for para in a.texts.main_conclusion.split("\n\n"):
        assert para in paragraphs                       # paragraphs kept as paragraphs
    assert ["Bærekraft", "3,5", "2,5", "2,5", "▲ +1,0"] in rows
    assert any("Snittet av temaene er 2,5" in p for p in paragraphs)   # the discreet deviation note


def test_key_figures_are_exactly_those_of_compute(example_report):
    _, rows = text_of(example_report)
    m = compute(example())
    figures = {r[0]: r[1] for r in rows if len(r) == 2}
    assert figures["Prosjekter støttet siden start"] == fmt.number(m.budget.projects)
    assert figures["Tilsagn siden start"] == fmt.kroner(m.budget.granted_since_start) == "6\u00a0946\u00a0000\u00a0kr"
    assert figures["Ramme for 2024"] == "4\u00a0000\u00a0000\u00a0kr"
    assert figures["Tilsagn i 2024"] == "1\u00a0760\u00a0000\u00a0kr"
    assert figures["Disponert av årets ramme"] == "44\u00a0%"
    assert figures["Arbeidsplasser registrert (nye + sikrede)"] == f"{m.jobs.total} ({m.jobs.new} + {m.jobs.secured})"
    assert figures["Mål for arbeidsplasser i perioden"] == "300"


def test_front_page_and_sections_in_order(example_report):
    paragraphs, rows = text_of(example_report)
    assert paragraphs[0] == "Programstatusvurdering 2024"
    assert "Dato for vurderingen: 15. oktober 2024" in paragraphs
    assert ["Kari Nordvik", "styreleder"] in rows
    document = docx.Document(io.BytesIO(example_report))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    indicators = [i.name for i in example().indicators]
    assert chapters == ["Hovedkonklusjon", "Poengoversikt", "Handlingsplan", "Vurderinger", *indicators,
                        "Portefølje", "Arbeidsplasser", "Hovedkonklusjoner og avslutning", "Vedlegg: Prosjektliste"]


def test_at_least_two_charts(example_report):
    names = zipfile.ZipFile(io.BytesIO(example_report)).namelist()
    assert len([n for n in names if n.startswith("word/media/") and n.endswith(".png")]) >= 2


def test_numbered_lists_restart_in_each_section(example_report):
    document = docx.Document(io.BytesIO(example_report))
    ns = document.element.nsmap["w"]
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    # Each list (recommendations, then each indicator's actions) has its own numbering instance ...
    assert len(set(num_ids)) == 1 + len(example().indicators)
    numbering = document.part.numbering_part.element
    for num_id in set(num_ids):
        num = numbering.num_having_numId(num_id)
        starts = num.findall(f"{{{ns}}}lvlOverride/{{{ns}}}startOverride")
        assert [s.get(f"{{{ns}}}val") for s in starts] == ["1"]   # ... that starts at 1


def test_two_builds_give_the_same_bytes():
    a = example()
    assert render_report(a, compute(a)) == render_report(example(), compute(example()))


def test_core_properties_come_from_the_assessment(example_report):
    props = docx.Document(io.BytesIO(example_report)).core_properties
    assert props.title == "Programstatusvurdering 2024 – Omstillingsprogrammet for Fjellvik"
    assert props.created.date().isoformat() == "2024-10-15"


HOSTILE = "Bygg & Anlegg <AS> {{ 7*7 }} {% raw %}"


def test_text_from_cells_appears_exactly_as_typed(make_workbook, tmp_path):
    a = example()
    # Control characters pasted from other programs (Excel stores them escaped as _x0007_).
    a.texts.usefulness = "Avsnitt én.\x07\x0b\x1b\n\nAvsnitt to \U0001F600 مرحبا"
    path = make_workbook(a, edits={
        (PROGRAM_SHEET, program_cell("program.owner")): HOSTILE,
        (INDICATORS.name, f"{col(INDICATORS, 'statement')}2"): "Første linje\nandre linje & <mer>",
    })
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build-report", str(path), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    paragraphs, _ = text_of(out.read_bytes())
    assert f"Programeier: {HOSTILE}" in paragraphs
    assert "Første linje\nandre linje & <mer>" in paragraphs        # a line break inside the paragraph
    assert "Avsnitt én." in paragraphs and "Avsnitt to \U0001F600 مرحبا" in paragraphs
    assert "49" not in " ".join(p for p in paragraphs if "Bygg" in p)


def _template_with(tmp_path, paragraph_text: str):
    document = docx.Document(str(REPORT_TEMPLATE))
    document.add_paragraph(paragraph_text)
    path = tmp_path / "mal.docx"
    document.save(str(path))
    return path


def test_a_template_cannot_run_code(tmp_path):
    path = _template_with(tmp_path, "{{ program.__class__.__mro__[1].__subclasses__() }}")
    a = example()
    with pytest.raises(TemplateError) as exc:
        render_report(a, compute(a), path)
    assert "mal" in str(exc.value).lower()


def test_an_unknown_field_is_named(tmp_path):
    path = _template_with(tmp_path, "{{ program.budsjett }}")
    a = example()
    with pytest.raises(TemplateError, match="budsjett"):
        render_report(a, compute(a), path)


def test_check_template_finds_problems_and_where(tmp_path):
    document = docx.Document(str(REPORT_TEMPLATE))
    document.add_paragraph("Før {%p if program.name %} etter")
    document.add_paragraph("{{ program.budsjett }}")
    path = tmp_path / "mal.docx"
    document.save(str(path))
    result = CliRunner().invoke(cli, ["check-template", str(path)])
    assert result.exit_code == 1
    assert "blir borte" in result.stdout and "«Før etter»" in result.stdout
    assert "avsnitt" in result.stdout
    unbalanced = docx.Document(str(REPORT_TEMPLATE))
    unbalanced.add_paragraph("{%p for x in texts.critical_factors %}")
    unbalanced.save(str(path))
    result = CliRunner().invoke(cli, ["check-template", str(path)])
    assert result.exit_code == 1 and "feil i en mal-kode" in result.stdout
    good = CliRunner().invoke(cli, ["check-template", str(REPORT_TEMPLATE)])
    assert good.exit_code == 0 and "Ingen problemer" in good.stdout


def test_check_template_on_a_file_that_is_not_word(tmp_path):
    path = tmp_path / "mal.docx"
    path.write_text("ikke word")
    result = CliRunner().invoke(cli, ["check-template", str(path)])
    assert result.exit_code == 1 and "kan ikke åpnes" in result.stdout


def test_build_report_stops_on_errors_and_writes_nothing(make_workbook, tmp_path):
    path = make_workbook(edits={(INDICATORS.name, f"{col(INDICATORS, 'score')}2"): 9})
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build-report", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "Rapporten ble ikke laget" in result.stderr and "fra 1 til 6" in result.stderr
    assert not out.exists() and not list(tmp_path.glob("PSV-*.docx"))


def test_default_name_beside_the_workbook(tmp_path):
    path = tmp_path / "arbeidsbok.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    result = CliRunner().invoke(cli, ["build-report", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert (tmp_path / "PSV-Omstillingsprogrammet-for-Fjellvik-2024.docx").exists()
    assert "ADVARSEL" in result.stderr            # warnings are printed, the report is built


def test_output_locked_by_word(tmp_path):
    out = tmp_path / "rapport.docx"
    (tmp_path / "~$rapport.docx").write_bytes(b"owner")
    result = CliRunner().invoke(cli, ["build-report", str(EXAMPLE_XLSX), "-o", str(out)])
    assert result.exit_code == 1 and "åpen i Excel eller Word" in result.stderr
    assert not out.exists()


def test_the_template_uses_named_styles_only():
    document = docx.Document(str(REPORT_TEMPLATE))
    ns = document.element.nsmap["w"]
    for run in document.element.body.iter(f"{{{ns}}}r"):
        properties = run.find(f"{{{ns}}}rPr")
        if properties is not None:
            assert [child.tag.split("}")[1] for child in properties] == ["rStyle"]
    for paragraph in document.element.body.iter(f"{{{ns}}}p"):
        properties = paragraph.find(f"{{{ns}}}pPr")
        if properties is not None:
            assert {child.tag.split("}")[1] for child in properties} <= {"pStyle"}
    names = {s.name for s in document.styles}
    assert {"PSV Påstand", "PSV Poeng", "PSV Poenglinje", "PSV Merknad", "PSV Total"} <= names


def test_pdf_without_libreoffice_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build-report", str(EXAMPLE_XLSX), "-o", str(out), "--pdf"])
    assert out.exists()
    assert result.exit_code == 1 and "LibreOffice" in result.stderr


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_with_libreoffice(tmp_path):
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["build-report", str(EXAMPLE_XLSX), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
