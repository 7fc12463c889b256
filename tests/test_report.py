"""The Word report, read back with python-docx as a user would see it."""

from __future__ import annotations

import io
import re
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


LEVEL_1 = ("Heading 1", "PSV Kapittel")     # level-1 headings, without and with a page break before


def test_front_page_and_sections_in_order(example_report):
    paragraphs, rows = text_of(example_report)
    assert paragraphs[0] == "Programstatusvurdering 2024"
    assert "Dato for vurderingen: 15. oktober 2024" in paragraphs
    assert ["Kari Nordvik", "styreleder"] in rows
    document = docx.Document(io.BytesIO(example_report))
    chapters = [p.text for p in document.paragraphs if p.style.name in LEVEL_1]
    indicators = [i.name for i in example().indicators]
    assert chapters == ["Om vurderingen", "Hovedkonklusjon", "Poengoversikt", "Handlingsplan 2024",
                        "Forbedringsområder og anbefalinger", "Vurderinger", *indicators,
                        "Porteføljeoversikt og budsjett", "Utvikling i arbeidsplasser", "Avsluttende runde",
                        "Vedlegg: Prosjektliste"]
    assert len(chapters) == len(set(chapters))                   # unique chapter titles


def test_heading_levels_never_jump(example_report):
    document = docx.Document(io.BytesIO(example_report))
    levels = [1 if p.style.name in LEVEL_1 else int(p.style.name[-1])
              for p in document.paragraphs if p.style.name in LEVEL_1 or p.style.name.startswith("Heading ")]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    headings = [p for p in document.paragraphs if p.style.name in LEVEL_1 or p.style.name.startswith("Heading")]
    deltakere = next(i for i, p in enumerate(headings) if p.text == "Deltakere")
    assert headings[deltakere].style.name == "Heading 2" and headings[deltakere - 1].text == "Om vurderingen"


def test_the_seeds_structure_and_words(example_report):
    paragraphs, _ = text_of(example_report)
    closing = example().texts.action_plan_closing
    priorities = example().texts.action_plan_priorities
    assert paragraphs.index(closing) == paragraphs.index(priorities[-1]) + 1      # after the list, as in a report
    for question in ("Hva er den mest kritiske faktor for måloppnåelse?",
                     "Hva er den største utfordringen fremover for omstillingsprogrammet?",
                     "Var dette en nyttig gjennomgang og ser man dette som en forbedring?",
                     "Stikkord fra en avsluttende runde rundt bordet:"):
        assert question in paragraphs
    about = " ".join(paragraphs[paragraphs.index("Om vurderingen") + 1: paragraphs.index("Deltakere")])
    assert "15. oktober 2024" in about and "10 deltakerne" in about
    assert "fra 1 (stemmer ikke i det hele tatt) til 6 (stemmer helt)" in about
    assert "felles karakter" in about and "avvike fra snittet" in about


def test_a_deviation_is_stated_and_its_reason_quoted_only_when_given():
    a = example()
    reason = next(i for i in a.indicators if i.id == "baerekraft").deviation_reason
    paragraphs, _ = text_of(render_report(a, compute(a)))
    text = "\n".join(paragraphs)
    assert "begrunnelsen står" not in text
    assert f"Begrunnelse: {reason}" in text and "(+1,0)" in text
    for ind in a.indicators:
        ind.deviation_reason = None
    paragraphs, _ = text_of(render_report(a, compute(a)))
    note = next(p for p in paragraphs if p.startswith("Snittet av temaene er 2,5"))
    assert note == "Snittet av temaene er 2,5. Gruppen har satt totalen 3,5 (+1,0)." and "Begrunnelse" not in note


def test_signed_numbers_use_the_real_minus_sign():
    assert fmt.signed(-1.25) == "\u22121,3" and fmt.signed(0.5) == "+0,5" and fmt.signed(0) == "0,0"


def test_native_charts_with_their_workbooks_and_cached_values(example_report):
    import python_calamine
    from lxml import etree

    z = zipfile.ZipFile(io.BytesIO(example_report))
    charts = sorted(n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n))
    assert len(charts) >= 3 and not [n for n in z.namelist() if n.startswith("word/media/")]
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    found: dict[str, list] = {}
    for name in charts:
        root = etree.fromstring(z.read(name))
        rels = etree.fromstring(z.read(name.replace("charts/", "charts/_rels/") + ".rels"))
        [rel] = list(rels)
        assert rel.get("Type").endswith("/package") and root.find(f"{c}externalData") is not None
        workbook = z.read("word/" + rel.get("Target").removeprefix("../"))
        cells = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(workbook)).get_sheet_by_name("Data").to_python()
        series = root.findall(f".//{c}ser")
        for i, ser in enumerate(series):
            cached = [float(v.text) for v in ser.findall(f"{c}val/{c}numRef/{c}numCache/{c}pt/{c}v")]
            assert cached == [row[i + 1] for row in cells[1:] if row[i + 1] != ""]   # the cache is the workbook
            assert ser.find(f".//{c}spPr") is not None                                # an explicit colour
        found[cells[0][1]] = cells            # keyed by the first series' name
    a = example()
    radar = found["Total 2024"]
    assert [row[0] for row in radar[1:]] == [i.name for i in a.indicators]
    assert [row[1] for row in radar[1:]] == [i.total for i in a.indicators]
    assert [row[2] for row in radar[1:]] == [i.previous_total for i in a.indicators]
    m = compute(a)
    jobs = found["Nye"]
    assert [row[1] for row in jobs[1:]] == [m.jobs.by_year[y]["new"] for y in sorted(m.jobs.by_year)]
    assert jobs[-1][3] == m.jobs.total                             # «Sum hittil» ends at the total
    budget = found["Ramme"]
    assert budget[-1][0] == "2024" and budget[-1][1:] == [m.budget.frame, m.budget.granted_year]
    document = docx.Document(io.BytesIO(example_report))
    assert len(document.element.body.findall(".//" + c + "chart")) == len(charts)


def test_every_table_fits_its_section(example_report):
    from docx.shared import Emu

    document = docx.Document(io.BytesIO(example_report))
    body = document.element.body
    sections = document.sections
    ns = body.nsmap["w"]
    # A table belongs to the section whose break comes after it (the last one: the body's own sectPr).
    section_of, index = [], 0
    for child in body.iterchildren():
        if child.tag == f"{{{ns}}}tbl":
            section_of.append((child, sections[index]))
        elif child.tag == f"{{{ns}}}p" and child.find(f"{{{ns}}}pPr/{{{ns}}}sectPr") is not None:
            index += 1
    assert section_of and sections[-1].orientation == 1          # the appendix is landscape
    for table, section in section_of:
        text_width = section.page_width - section.left_margin - section.right_margin
        grid = sum(int(col.get(f"{{{ns}}}w")) for col in table.iter(f"{{{ns}}}gridCol"))   # twentieths of a point
        assert Emu(grid * 635) <= text_width + Emu(635 * 20)
        assert all(row.find(f"{{{ns}}}trPr/{{{ns}}}cantSplit") is not None for row in table.iter(f"{{{ns}}}tr"))


def test_columns_without_content_are_left_out():
    a = example()
    for ind in a.indicators:
        ind.previous_total = None
    a.job_targets = []
    _, rows = text_of(render_report(a, compute(a)))
    assert ["Indikator", "Total", "Snitt av temaene"] in rows
    assert not [r for r in rows if "I fjor" in r or "Mål for året" in r]


def test_word_opens_it_as_a_current_norwegian_document(example_report):
    z = zipfile.ZipFile(io.BytesIO(example_report))
    settings = z.read("word/settings.xml").decode()
    styles = z.read("word/styles.xml").decode()
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert '<w:updateFields w:val="true"/>' in settings
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert 'w:lang w:val="nb-NO"' in defaults
    assert styles.count('w:val="nb-NO"') >= 20                    # and in the styles
    document = z.read("word/document.xml").decode()
    assert 'TOC \\o "1-1"' in document and 'w:fldCharType="begin"' in document
    body = docx.Document(io.BytesIO(example_report)).paragraphs
    toc = [p.text for p in body if p.style.name == "toc 1"]
    assert toc[:3] == ["Om vurderingen", "Hovedkonklusjon", "Poengoversikt"] and toc[-1] == "Vedlegg: Prosjektliste"


def test_no_footer_on_the_front_page_and_no_empty_spacer_paragraphs(example_report):
    document = docx.Document(io.BytesIO(example_report))
    first = document.sections[0]
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_footer.paragraphs).strip()
    assert "side" in "".join(p.text for p in first.footer.paragraphs)
    ns = document.element.nsmap["w"]
    for p in document.element.body.iterchildren(f"{{{ns}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{ns}}}t"))
        holds = p.find(f".//{{{ns}}}drawing") is not None or p.find(f"{{{ns}}}pPr/{{{ns}}}sectPr") is not None \
            or p.find(f".//{{{ns}}}fldChar") is not None
        assert text.strip() or holds, "an empty paragraph"


def test_the_total_keeps_with_the_recommended_actions():
    document = docx.Document(str(REPORT_TEMPLATE))
    assert document.styles["PSV Tiltak"].paragraph_format.keep_with_next
    assert document.styles["PSV Påstand"].paragraph_format.keep_with_next


def test_a_build_imports_no_matplotlib(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from psvxl import api; from pathlib import Path; "
            f"api.build_report(Path({str(EXAMPLE_XLSX)!r}), Path({str(tmp_path / 'r.docx')!r})); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pptx', 'PIL')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]" and (tmp_path / "r.docx").exists()


def test_numbered_lists_restart_in_each_section(example_report):
    document = docx.Document(io.BytesIO(example_report))
    ns = document.element.nsmap["w"]
    numbered = [p for p in document.paragraphs if p.style.name in ("List Number", "PSV Tiltak")]
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


@pytest.mark.parametrize("template", ["report_template.docx", "factbase_template.docx"])
def test_the_template_uses_named_styles_only(template):
    from psvxl.templates import TEMPLATE_DIR

    document = docx.Document(str(TEMPLATE_DIR / template))
    ns = document.element.nsmap["w"]
    for run in document.element.body.iter(f"{{{ns}}}r"):
        properties = run.find(f"{{{ns}}}rPr")
        if properties is not None:
            assert [child.tag.split("}")[1] for child in properties] == ["rStyle"]
    for paragraph in document.element.body.iter(f"{{{ns}}}p"):
        properties = paragraph.find(f"{{{ns}}}pPr")
        if properties is not None:
            assert {child.tag.split("}")[1] for child in properties} <= {"pStyle", "sectPr"}   # sectPr: the landscape appendix
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


def test_pdf_warns_once_when_neither_calibri_nor_carlito_is_there(tmp_path, monkeypatch, capsys):
    from psvxl import api

    monkeypatch.setattr(api, "report_font_available", lambda: False)
    monkeypatch.setattr(api, "_font_warned", False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    docx_path = tmp_path / "r.docx"
    docx_path.write_bytes(b"x")
    for _ in range(2):
        with pytest.raises(Exception):
            api.convert_to_pdf(docx_path)
    err = capsys.readouterr().err
    assert err.count("Advarsel") == 1 and "fonts-crosextra-carlito" in err


def test_the_font_check_reads_fontconfig():
    import shutil

    from psvxl import api

    found = api.report_font_available()
    if shutil.which("fc-list") is None:
        assert found is None
    else:
        assert isinstance(found, bool)
