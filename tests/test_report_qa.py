"""The facilitator's page-by-page review of the report and the fact base (docs: notes/qa-report), point by
point: each test opens the rendered .docx (or its PDF, where LibreOffice is installed) and checks what a
reader sees."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from psvxl import api
from psvxl.metrics import compute
from psvxl.model import HistoryEntry
from psvxl.last_year import disagreements
from psvxl.report.render import render_report
from psvxl.templates import FACTBASE_TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
SPIR = ROOT / "tests" / "data" / "spir-2024.json"
TWELVE = ROOT / "examples" / "eksempel-12-indikatorer-2024.json"
EXAMPLE = ROOT / "examples" / "fjellvik-2024.json"
CASES = {"spir": SPIR, "twelve": TWELVE, "fjellvik": EXAMPLE}
AS_OF = dt.date(2024, 10, 1)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def load(case: str) -> Any:
    return api.load_json(CASES[case])


@pytest.fixture(scope="module")
def factbases() -> dict[tuple[str, str], bytes]:
    out = {}
    for case in CASES:
        a = load(case)
        for lang in ("nb", "nn") if case == "spir" else ("nb",):
            out[case, lang] = render_report(a, compute(a), FACTBASE_TEMPLATE, AS_OF, language=lang)
    return out


@pytest.fixture(scope="module")
def spir_report() -> bytes:
    a = load("spir")
    return render_report(a, compute(a))


def body_blocks(data: bytes) -> list[Any]:
    """The body's paragraphs and tables in order, as python-docx objects."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    out: list[Any] = []
    for element in document.element.body:
        if element.tag == f"{W}p":
            out.append(Paragraph(element, document))
        elif element.tag == f"{W}tbl":
            out.append(Table(element, document))
    return out


def keeps_with_next(paragraph: Any) -> bool:
    """Keep-with-next as Word applies it: the paragraph's own setting, else its style's (and their bases')."""
    if paragraph.paragraph_format.keep_with_next is not None:
        return paragraph.paragraph_format.keep_with_next
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def head(table: Any) -> list[str]:
    return [c.text.strip() for c in table.rows[0].cells]


def texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


# --- 2. the fact base: headings and intros stay with their tables; the year's projects follow their sentence

def test_the_text_leading_into_a_table_keeps_with_it(factbases, spir_report):
    """Whatever paragraph stands right before a table (its intro sentence or its heading) keeps with the
    table, and a heading right before that intro keeps with the intro: neither can end a page alone."""
    checked = 0
    for data in [*factbases.values(), spir_report]:
        blocks = body_blocks(data)
        for i, block in enumerate(blocks):
            if not hasattr(block, "rows") or i == 0 or hasattr(blocks[i - 1], "rows"):
                continue
            before = blocks[i - 1]
            if not before.text.strip():
                continue
            assert keeps_with_next(before), (before.text, head(block))
            if i >= 2 and not hasattr(blocks[i - 2], "rows") and blocks[i - 2].style.name.startswith("Heading"):
                assert keeps_with_next(blocks[i - 2])
            checked += 1
    assert checked > 40


def test_the_follow_up_heading_and_its_sentence_lead_straight_into_the_table(factbases):
    blocks = body_blocks(factbases["spir", "nb"])
    at = next(i for i, b in enumerate(blocks) if not hasattr(b, "rows") and b.text.startswith("Av 8 anbefalte tiltak"))
    assert blocks[at - 1].text == "Oppfølging av fjorårets anbefalte tiltak"
    assert hasattr(blocks[at + 1], "rows") and head(blocks[at + 1]) == ["Status", "Antall"]
    assert keeps_with_next(blocks[at - 1]) and keeps_with_next(blocks[at])


@pytest.mark.parametrize("case", list(CASES))
def test_the_year_s_projects_follow_their_own_sentence(factbases, case):
    """The table of the projects granted this year comes right after the sentence that counts them (not
    after the jobs or the note on last year), and that sentence keeps with it."""
    a = load(case)
    blocks = body_blocks(factbases[case, "nb"])
    at = next(i for i, b in enumerate(blocks) if hasattr(b, "rows") and head(b)[:2] == ["ID", "Prosjekt"]
              and "Fase" in head(b) and "Status" not in head(b))
    sentence = blocks[at - 1]
    m = compute(a)
    assert sentence.text.startswith(f"I {a.program.year} har {m.budget.projects_year} prosjekter fått tilsagn")
    assert keeps_with_next(sentence)
    assert len(blocks[at].rows) == 1 + m.budget.projects_year
    # What comes after the table: this year's jobs, not before it.
    after = next(b for b in blocks[at + 1:] if not hasattr(b, "rows") and b.text.strip())
    assert after.text.startswith(f"I {a.program.year} er ") or after.style.name.startswith("Heading")


def test_no_tool_words_in_the_fact_base(factbases):
    """The fact base speaks to the PSV team: no command names, no «the workbook has…»."""
    for (case, lang), data in factbases.items():
        for text in texts(data):
            for word in ("psvxl", "collect-scores", "Arbeidsbok", "arbeidsbok"):
                assert word not in text, (case, lang, text)


def test_with_nothing_from_last_year_the_fact_base_says_so_in_the_team_s_words():
    a = load("fjellvik")
    a.history, a.previous_actions = [], []
    a.texts.previous_main_conclusion, a.texts.previous_recommendations = None, []
    for ind in a.indicators:
        ind.previous_total = None
    for lang, sentence in (("nb", "Det finnes ingen totaler eller anbefalte tiltak fra i fjor."),
                           ("nn", "Det finst ingen totalar eller tilrådde tiltak frå i fjor.")):
        assert sentence in texts(render_report(a, compute(a), FACTBASE_TEMPLATE, AS_OF, language=lang))


@pytest.mark.skipif(any(shutil.which(t) is None for t in ("soffice", "pdftotext")),
                    reason="LibreOffice and poppler-utils are not installed")
def test_in_the_pdf_the_follow_up_heading_stands_on_the_page_of_its_table(factbases, tmp_path):
    source = tmp_path / "fb-spir.docx"
    source.write_bytes(factbases["spir", "nb"])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, check=True, timeout=180)
    pages = subprocess.run(["pdftotext", str(tmp_path / "fb-spir.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    page = [p for p in pages if "Oppfølging av fjorårets anbefalte tiltak" in p][-1]      # not the contents
    assert "Av 8 anbefalte tiltak" in page and "gjennomført" in page.split("Av 8 anbefalte tiltak")[1]
    page = [p for p in pages if "Status siden forrige PSV" in p][-1]
    assert "P-2024-03" in page.split("Status siden forrige PSV")[1]


# --- 3. one «last year» in the report ----------------------------------------------------------------------

def last_year_figures(data: bytes, year: int) -> tuple[dict[str, str], dict[str, str]]:
    """(the score table's «I fjor» column, the trend table's figure for `year`) by indicator name."""
    document = docx.Document(io.BytesIO(data))
    score, trend = {}, {}
    for table in document.tables:
        columns = head(table)
        if "I fjor" in columns:
            for row in table.rows[1:]:
                cells = [c.text for c in row.cells]
                score[cells[0]] = cells[columns.index("I fjor")]
        if columns == ["Indikator", "Totaler år for år"]:
            for row in table.rows[1:]:
                name, totals = (c.text for c in row.cells)
                trend[name] = dict(part.split(": ") for part in totals.split(" · ")).get(str(year), "–")
    return score, trend


def radar_last_year(data: bytes) -> dict[str, float]:
    """The radar's last-year series: indicator name -> value, for the points it has."""
    root = chart_xml(data, "radarChart")
    series = root.findall(f".//{C}ser")[1]
    names = {p.get("idx"): p.findtext(f"{C}v") for p in series.iter(f"{C}pt") if p.getparent().tag == f"{C}strCache"
             and p.getparent().getparent().getparent().tag == f"{C}cat"}
    values = {p.get("idx"): float(p.findtext(f"{C}v")) for p in series.findall(f"{C}val//{C}pt")}
    return {names[i]: v for i, v in values.items()}


def test_the_spir_report_shows_one_figure_for_last_year(spir_report):
    """Spir's history says other totals for 2023 than its «I fjor» column: the report shows the
    previous totals (the `change` of `psvxl compute`) in the score table and the trend alike."""
    a = load("spir")
    assert len(disagreements(a)) == 7
    score, trend = last_year_figures(spir_report, 2023)
    assert len(score) >= 7 and score.keys() >= trend.keys() and trend
    assert {name: score[name] for name in trend} == trend


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([None, 1.5, 2.0, 3.0, 3.5, 4.5, 6.0]), min_size=7, max_size=7),
       st.lists(st.sampled_from([None, 2.0, 2.5, 4.0, 5.0]), min_size=7, max_size=7))
def test_last_year_is_the_same_figure_wherever_the_report_shows_it(previous, history):
    """Any mix of previous totals and history entries for last year (agreeing, disagreeing, missing):
    the score table, the trend table and the radar never differ on a figure for last year, and the
    disagreements found are exactly the indicators where both are given and differ."""
    a = copy.deepcopy(SPIR_CASE)
    year = a.program.year
    a.history = [h for h in a.history if h.year != year - 1]
    for ind, prev, hist in zip(a.indicators, previous, history, strict=True):
        ind.previous_total = prev
        if hist is not None:
            a.history.append(HistoryEntry(year=year - 1, indicator_id=ind.id, total=hist))
    data = render_report(a, compute(a))
    score, trend = last_year_figures(data, year - 1)
    for name, figure in trend.items():
        if score.get(name, "–") != "–":
            assert figure == score[name]
    for name, value in radar_last_year(data).items() if any(p is not None for p in previous) else ():
        assert score[name] == f"{value:.1f}".replace(".", ",")
    want = [ind.id for ind, p, h in zip(a.indicators, previous, history) if p is not None and h is not None and p != h]
    assert [d["id"] for d in disagreements(a)] == want


SPIR_CASE = api.load_json(SPIR)


# --- 4. charts ---------------------------------------------------------------------------------------------

def chart_xml(data: bytes, kind: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("word/charts/chart"):
                root = etree.fromstring(z.read(name))
                if root.find(f".//{C}{kind}") is not None:
                    return root
    raise AssertionError(kind)


def test_the_radar_s_value_labels_have_no_tick_labels_under_them(spir_report):
    radar = chart_xml(spir_report, "radarChart")
    assert radar.find(f".//{C}valAx/{C}tickLblPos").get("val") == "none"
    assert radar.find(f".//{C}valAx/{C}majorGridlines") is not None           # the scale's rings stay
    assert radar.find(f".//{C}ser/{C}dLbls/{C}showVal").get("val") == "1"     # the points carry their values


@pytest.mark.parametrize("case", list(CASES))
def test_the_jobs_total_labels_stand_away_from_the_target_line(case):
    a = load(case)
    root = chart_xml(render_report(a, compute(a)), f"lineChart/../{C}barChart")      # the jobs: columns and lines
    lines = root.findall(f".//{C}lineChart/{C}ser")
    values = [[float(v.text) for v in s.findall(f"{C}val//{C}v")] for s in lines]
    if len(lines) < 2:
        pytest.skip("no target line")
    total, target = values
    labels = {int(d.find(f"{C}idx").get("val")): d.find(f"{C}dLblPos").get("val")
              for d in lines[0].findall(f"{C}dLbls/{C}dLbl")}
    assert labels == {i: "b" if goal > have else "t" for i, (have, goal) in enumerate(zip(total, target))}
    assert "b" in labels.values()                  # the cases fall behind their targets in some year
    for d in lines[0].findall(f"{C}dLbls/{C}dLbl"):     # each point's label shows its value only
        assert d.find(f"{C}showVal").get("val") == "1" and d.find(f"{C}showCatName").get("val") == "0"


def test_trend_lines_with_equal_values_stay_distinguishable(spir_report):
    """Lines on top of each other: each drawn wider, with a bigger marker of its own shape, than the
    ones over it, so a line under another still shows around it."""
    root = chart_xml(spir_report, "lineChart")
    series = root.findall(f".//{C}lineChart/{C}ser")
    widths = [int(s.find(f"{C}spPr/{{http://schemas.openxmlformats.org/drawingml/2006/main}}ln").get("w"))
              for s in series]
    sizes = [int(s.find(f"{C}marker/{C}size").get("val")) for s in series]
    shapes = [s.find(f"{C}marker/{C}symbol").get("val") for s in series]
    assert len(series) == 7
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 7
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) >= 6
    assert len(set(shapes)) == 7


# --- 5. minor ---------------------------------------------------------------------------------------------

def test_key_figures_and_the_budget_table_share_no_row(factbases):
    for data in factbases.values():
        blocks = body_blocks(data)
        tables = [b for b in blocks if hasattr(b, "rows") and head(b)[0] in ("Nøkkeltal", "Nøkkeltall")]
        assert len(tables) == 2
        rows = [{r.cells[0].text.split(" (")[0] for r in t.rows[1:]} for t in tables]
        assert rows[0] and rows[1] and not rows[0] & rows[1]


def test_no_project_starts_with_a_capital(spir_report):
    a = load("spir")
    nn = render_report(a, compute(a), language="nn")
    for data, label in ((spir_report, "Uten prosjekt"), (nn, "Utan prosjekt")):
        column = [r.cells[0].text for t in docx.Document(io.BytesIO(data)).tables for r in t.rows]
        assert label in column and label.lower() not in column


def test_validate_warns_where_last_years_total_disagrees_with_the_history(tmp_path):
    """The Spir workbook, whose Historikk sheet disagrees with its «Fjorårets total» column: one warning per
    indicator at the previous total's cell, naming both figures and which one the report uses."""
    import openpyxl
    from click.testing import CliRunner

    from psvxl.cli import cli

    book = tmp_path / "spir.xlsx"
    assert CliRunner().invoke(cli, ["new", "--from-json", str(SPIR), "-o", str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book)
    sheet = wb["Vurderinger"]
    header = [c.value for c in sheet[1]]
    column = header.index("Fjorårets total") + 1
    agreed = {d["id"] for d in disagreements(SPIR_CASE)}
    assert agreed, "the Spir case disagrees on last year by design"
    result = CliRunner().invoke(cli, ["validate", str(book), "--format", "json"])

    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "previous-total-disagrees"]
    assert len(found) == len(agreed)
    first = found[0]
    assert first["sheet"] == "Vurderinger" and first["cell"].startswith(openpyxl.utils.get_column_letter(column))
    assert "Historikk" in first["message"] and "Rapporten bruker" in first["message"]
    wb.close()
