"""The report and the fact base ready to send and to publish: layout, charts, accessibility, PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from psvxl import api
from psvxl import formatting as fmt
from psvxl.cli import cli
from psvxl.metrics import compute
from psvxl.report import charts
from psvxl.report.render import render_report
from psvxl.templates import FACTBASE_TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
SPIR = ROOT / "tests" / "data" / "spir-2024.json"
TWELVE = ROOT / "examples" / "eksempel-12-indikatorer-2024.json"
EXAMPLE = ROOT / "examples" / "fjellvik-2024.json"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def rendered(path: Path, factbase: bool = False, as_of: dt.date | None = None) -> bytes:
    a = api.load_json(path)
    return render_report(a, compute(a), FACTBASE_TEMPLATE if factbase else None, as_of)


@pytest.fixture(scope="module")
def spir() -> bytes:
    return rendered(SPIR)


@pytest.fixture(scope="module")
def twelve() -> bytes:
    return rendered(TWELVE)


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


def chart_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)}


# --- charts ---------------------------------------------------------------------------------------

def test_every_chart_number_format_carries_its_locale(spir, twelve):
    for data in (spir, twelve):
        for name, xml in chart_parts(data).items():
            # the value axes and the value labels (category axes hold text: the years, the names)
            parts = re.findall(rb"<c:valAx>.*?</c:valAx>|<c:dLbls>.*?</c:dLbls>", xml, re.DOTALL)
            codes = [code for part in parts for code in re.findall(rb'<c:numFmt formatCode="([^"]*)"', part)]
            assert codes, name
            for code in codes:
                assert code.startswith(b"[$-414]") and b" " not in code, (name, code)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in (n for n in z.namelist() if n.startswith("word/embeddings/")):
                with zipfile.ZipFile(io.BytesIO(z.read(name))) as embedded:       # what «Rediger data» shows
                    styles = embedded.read("xl/styles.xml")
                assert re.search(rb'formatCode="\[\$-414\](#,##0|0\.0)"', styles), name


def test_the_radar_has_value_labels_and_no_legend_of_one(twelve):
    radar = next(xml for xml in chart_parts(twelve).values() if b"<c:radarChart>" in xml)
    assert b"<c:legend>" not in radar                          # one series: no legend
    assert b'<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>' in radar
    assert b'<c:majorTickMark val="none"/>' in radar


def test_two_years_on_the_radar_have_a_legend(spir):
    radar = next(xml for xml in chart_parts(spir).values() if b"<c:radarChart>" in xml)
    assert b"<c:legend>" in radar


def test_each_chart_has_alternative_text_with_its_figures(spir):
    document = docx.Document(io.BytesIO(spir))
    descriptions = [e.get("descr") for e in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(descriptions) == len(chart_parts(spir)) == 4
    budget = next(d for d in descriptions if d.startswith("Tilsagn fra programmet"))
    assert f"2024: Ramme {fmt.kroner(7_000_000)}, Tilsagn {fmt.kroner(1_760_000)}" in budget
    radar = next(d for d in descriptions if d.startswith("Total poengsum per indikator"))
    assert "Profil og kommunikasjon: Total 2024 4,0, Total 2023 4,0" in radar


@settings(max_examples=30, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(categories=["L"]), min_size=1, max_size=12),
                          st.one_of(st.none(), st.integers(0, 10**8))), min_size=1, max_size=8))
def test_the_alternative_text_names_every_category_and_value(points):
    spec = charts.ChartSpec("x", "Tittel", [c for c, _ in points],
                            [charts.Series("Tilsagn", [v for _, v in points], "column", charts.BLUE)], unit="kr")
    text = spec.description()
    for category, value in points:
        assert f"{category}: Tilsagn {'ingen verdi' if value is None else fmt.kroner(value)}" in text


# --- layout ---------------------------------------------------------------------------------------

def test_the_priorities_follow_the_colon_then_the_closing_sentence(spir):
    texts = paragraphs(spir)
    at = texts.index(("Heading 1", "Handlingsplan 2024"))
    body = texts[at + 1:at + 8]
    assert body[1][1].endswith("hvor hun fremhevet:")
    assert [style for style, _ in body[2:6]] == ["List Bullet"] * 4
    assert body[6][1].startswith("Dette var synspunkter")
    assert not any(text == "Prioriteringer" for _, text in texts)


def test_group_rows_stand_out_from_indicator_rows(twelve):
    document = docx.Document(io.BytesIO(twelve))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Indikator")
    groups = [r for r in table.rows if r.cells[0].text.endswith("(snitt)")]
    indicators = [r for r in table.rows[1:-1] if not r.cells[0].text.endswith("(snitt)")]
    assert len(groups) == 2 and len(indicators) == 12
    for row in groups:
        assert row.cells[0].paragraphs[0].style.name == "PSV Tabelloverskrift"
        assert row.cells[0]._tc.tcPr.find(docx.oxml.ns.qn("w:shd")) is not None
    assert {r.cells[0].paragraphs[0].style.name for r in indicators} == {"PSV Tabelltekst"}


def test_group_headings_sit_above_their_indicators_and_theme_groups_above_their_themes(twelve):
    texts = paragraphs(twelve)
    group = texts.index(("PSV Kapittel", "Prosessindikatorer"))
    assert texts[group + 1][0] == "PSV Indikator"
    assert sum(style == "PSV Indikator ny side" for style, _ in texts) == 10      # 12 minus the first in each group
    theme_group = texts.index(("Heading 3", "Bostedsattraktivitet"))
    assert texts[theme_group + 1][0] == "Heading 4"
    styles = docx.Document(io.BytesIO(twelve)).styles
    assert styles["Heading 3"].font.size >= styles["Heading 4"].font.size


def test_indicators_start_pages_and_the_rest_flows(spir):
    starts = [text for style, text in paragraphs(spir) if style == "PSV Kapittel"]
    assert starts == ["Om vurderingen", "Profil og kommunikasjon", "Organisering", "Portefølje", "Utviklingsevne",
                      "Arbeidsplasser", "Attraktivitet", "Bærekraft", "Porteføljeoversikt og budsjett"]


def test_words_as_the_report_it_replaces(spir):
    text = "\n".join(t for _, t in paragraphs(spir))
    assert "prosjekter forventer" not in text and "Forventet antall arbeidsplasser i de støttede prosjektene" in text
    assert "Beskrivelse:" not in text
    assert "Det skal vurderes profil på porteføljen" in text


def test_title_subject_and_language_are_in_the_properties(spir):
    props = docx.Document(io.BytesIO(spir)).core_properties
    assert props.title == "Programstatusvurdering 2024 – Omstillingsprogrammet Spir"
    assert props.subject == "Programstatusvurdering (PSV)" and props.language == "nb-NO"


# --- the fact base --------------------------------------------------------------------------------

def test_the_fact_base_tells_about_the_programme(tmp_path):
    texts = paragraphs(rendered(SPIR, factbase=True, as_of=dt.date(2024, 10, 1)))
    text = "\n".join(t for _, t in texts)
    assert "Tallene er per 1. oktober 2024." in text
    for heading in ("Mål", "Organisering og bemanning", "Handlingsplan 2024 og prioriteringer",
                    "Status siden forrige PSV", "Fjorårets vurdering", "Fjorårets hovedkonklusjon",
                    "Fjorårets anbefalinger", "Oppfølging av fjorårets anbefalte tiltak"):
        assert any(t == heading for _, t in texts), heading
    assert "Målet er 300 nye og sikrede arbeidsplasser i programperioden 2021–2026 (200 nye og 100 sikrede)." in text
    assert f"Administrasjonsbudsjettet for 2024 er {fmt.kroner(2_500_000)}." in text
    assert "hvor hun fremhevet:" in text
    assert "Omstillingsplanen har tre mål ut over arbeidsplassene" in text          # program.goals
    assert "Styret har fire medlemmer" in text                                     # program.organisation
    assert ("List Number", "Prioritere færre og større prosjekter.") in texts      # last year's recommendations


def test_next_year_s_fact_base_has_this_year_s_conclusion_as_last_year_s():
    from psvxl.carry import next_year

    this = api.load_json(EXAMPLE)
    nxt = next_year(this)
    assert nxt.texts.main_conclusion is None and nxt.texts.recommendations == []
    assert nxt.texts.previous_main_conclusion == this.texts.main_conclusion
    assert nxt.texts.previous_recommendations == this.texts.recommendations
    texts = paragraphs(render_report(nxt, compute(nxt), FACTBASE_TEMPLATE, dt.date(2025, 10, 1)))
    assert ("Normal", this.texts.main_conclusion.split("\n\n")[0]) in texts
    assert [t for s, t in texts if s == "List Number"][:4] == this.texts.recommendations


def test_no_last_year_is_one_sentence_not_a_page():
    a = api.load_json(EXAMPLE)
    a.history, a.previous_actions = [], []
    a.texts.previous_main_conclusion, a.texts.previous_recommendations = None, []
    for ind in a.indicators:
        ind.previous_total = None
    texts = paragraphs(render_report(a, compute(a), FACTBASE_TEMPLATE))
    at = next(i for i, (_, t) in enumerate(texts) if t == "Det finnes ingen totaler eller anbefalte tiltak fra i fjor.")
    heading = next(t for style, t in reversed(texts[:at]) if style.startswith("Heading") or style == "PSV Kapittel")
    assert heading == "Status siden forrige PSV"
    assert texts[at][0] == "Normal"


def test_the_fact_base_is_as_of_today_or_the_day_given(tmp_path):
    out = tmp_path / "f.docx"
    workbook = ROOT / "examples" / "fjellvik-2024.xlsx"
    result = CliRunner().invoke(cli, ["build-factbase", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Tallene er per {fmt.date_long(dt.date.today())}." in [p.text for p in docx.Document(str(out)).paragraphs]
    result = CliRunner().invoke(cli, ["build-factbase", str(workbook), "-o", str(tmp_path / "g.docx"), "--as-of",
                                      "01.10.2024"])
    assert result.exit_code == 0, result.output
    assert "Tallene er per 1. oktober 2024." in [p.text for p in docx.Document(str(tmp_path / "g.docx")).paragraphs]


# --- the PDF (LibreOffice) ------------------------------------------------------------------------

needs_pdf_tools = pytest.mark.skipif(any(shutil.which(t) is None for t in ("soffice", "pdfinfo", "pdftotext")),
                                     reason="LibreOffice and poppler-utils are not installed")


def pdf_text(pdf: Path, *pages: str) -> str:
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def carlito() -> bool:
    return api.report_font_available() is True


@needs_pdf_tools
def test_the_pdf_is_tagged_titled_paged_and_its_numbers_norwegian_on_any_machine(tmp_path, spir, monkeypatch):
    from psvxl.report.pdf import export_pdf

    monkeypatch.setenv("LC_ALL", "C")           # a machine not set to Norwegian
    monkeypatch.setenv("LANG", "C")
    source = tmp_path / "spir.docx"
    source.write_bytes(spir)
    pdf = tmp_path / "spir.pdf"
    notes = export_pdf(source, pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Programstatusvurdering 2024 – Omstillingsprogrammet Spir$", info, re.MULTILINE)
    assert b"/Lang(nb-NO)" in pdf.read_bytes()
    if carlito():
        assert int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1)) <= 28
    text = pdf_text(pdf)
    assert "7 000 000" in text.replace("\u00a0", " ")
    assert not re.search(r"(?m)^\d{1,3}000 000$", text)             # «7000 000»: a literal space in the format
    assert not re.search(r"(?m)^[1-6]\.[05]$", text)                 # «6.0» on the radar's axis or labels
    if notes:
        pytest.skip("LibreOffice has no uno here: the contents have no page numbers")
    alts = [bytes.fromhex(h.decode()).decode("utf-16-be").lstrip("\ufeff")
            for h in re.findall(rb"/Alt<([0-9A-F]+)>", pdf.read_bytes())]
    assert len(alts) == 4 and any(a.startswith("Tilsagn fra programmet og årets ramme per år. 2021: Ramme") for a in alts)
    contents = pdf_text(pdf, "-f", "2", "-l", "2").split("Innhold", 1)[1].split("\f")[0]
    lines = [line for line in contents.splitlines() if line.strip() and "side 2" not in line]
    assert len(lines) >= 15 and all(re.search(r"\.{3,}\s*\d+$", line) for line in lines), lines


@needs_pdf_tools
def test_without_uno_the_pdf_is_still_tagged_and_says_what_it_lacks(tmp_path, monkeypatch):
    from psvxl.report import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "uno_python", lambda soffice: None)
    source = tmp_path / "fakta.docx"
    source.write_bytes(rendered(EXAMPLE, factbase=True))
    notes = pdf_module.export_pdf(source, tmp_path / "fakta.pdf")
    assert notes == [pdf_module.NO_PAGE_NUMBERS]
    info = subprocess.run(["pdfinfo", str(tmp_path / "fakta.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE) and "Faktagrunnlag for programstatusvurdering 2024" in info


def test_alternative_text_keeps_what_was_typed(tmp_path):
    a = api.load_json(EXAMPLE)
    a.indicators[0].name = 'Bygg & Anlegg <AS> "nord"\nlinje to'
    data = render_report(a, compute(a))
    document = docx.Document(io.BytesIO(data))
    radar = next(e.get("descr") for e in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
        if e.get("descr", "").startswith("Total poengsum"))
    assert 'Bygg & Anlegg <AS> "nord"\nlinje to: Total 2024 4,0' in radar


@needs_pdf_tools
def test_the_contents_of_a_grouped_framework_list_the_indicators_under_their_group(tmp_path, twelve):
    from psvxl.report.pdf import export_pdf

    source = tmp_path / "tolv.docx"
    source.write_bytes(twelve)
    if export_pdf(source, tmp_path / "tolv.pdf"):
        pytest.skip("LibreOffice has no uno here: the contents are as the .docx has them")
    contents = pdf_text(tmp_path / "tolv.pdf", "-f", "2", "-l", "2", "-layout")
    lines = [line for line in contents.splitlines() if re.search(r"\.{3,}\s*\d+$", line)]
    names = [re.sub(r"\.{3,}\s*\d+$", "", line) for line in lines]
    assert "Prosessindikatorer" in names and "     Forankring og eierskap" in names   # level 2, indented
    assert names.index("Prosessindikatorer") < names.index("     Forankring og eierskap") \
        < names.index("Effektindikatorer") < names.index("     Nye arbeidsplasser")
    assert len(lines) == 24          # 6 chapters before, 2 groups of 6, 4 chapters after


def test_a_day_that_is_not_a_day_is_refused_in_norwegian(tmp_path):
    out = tmp_path / "f.docx"
    result = CliRunner().invoke(cli, ["build-factbase", str(ROOT / "examples" / "fjellvik-2024.xlsx"), "-o", str(out),
                                      "--as-of", "1. okt"])
    assert result.exit_code == 2 and "«1. okt» er ikke en dato. Skriv den som 01.10.2024." in result.stderr
    assert not out.exists()
