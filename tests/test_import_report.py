"""Last year's Word report brought in: psvxl's own report, and reports typed by hand the ways people
type them (built here with python-docx as Word would save them), into a workbook and into next year."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import example
from docx import Document

from psvxl import layout
from psvxl.cli import cli
from psvxl.metrics import compute
from psvxl.report.render import render_report
from psvxl.report_import import read_report, score_of_line

BOX, TICK = "\u2610", "\u2612"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def own_report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("egen") / "PSV-rapport-2024.docx"
    a = example()
    path.write_bytes(render_report(a, compute(a)))
    return path


def test_psvxls_own_report_imports_to_the_assessment_it_came_from(own_report):
    result = read_report(own_report)
    a, source = result.assessment, example()
    assert result.unplaced == []
    assert [i.id for i in a.indicators] == [i.id for i in source.indicators]
    for got, want in zip(a.indicators, source.indicators):
        assert (got.name, got.total, got.previous_total, got.summary, got.description, got.guidance) == \
            (want.name, want.total, want.previous_total, want.summary, want.description, want.guidance)
        assert (got.strengths, got.improvements, got.actions, got.deviation_reason) == \
            (want.strengths, want.improvements, want.actions, want.deviation_reason)
        assert [(t.title, t.questions, t.statement, t.score, t.comment) for t in got.themes] == \
            [(t.title, t.questions, t.statement, t.score, t.comment) for t in want.themes]
    assert a.texts == source.texts
    p, q = a.program, source.program
    assert (p.name, p.owner, p.year, p.assessment_date, p.period_start, p.period_end, p.author, p.participants) == \
        (q.name, q.owner, q.year, q.assessment_date, q.period_start, q.period_end, q.author, q.participants)


def test_import_report_writes_a_workbook_of_that_year(own_report, tmp_path):
    out = tmp_path / "PSV-2024.xlsx"
    result = run("import-report", own_report, "-o", out)
    assert result.exit_code == 0, result.output
    assert "29 temaer (29 med poeng), 7 totaler" in result.output
    exported = json.loads(run("export-json", out).stdout)
    assert exported["program"]["year"] == 2024
    assert [i["total"] for i in exported["indicators"]] == [i.total for i in example().indicators]


def test_new_from_last_years_report_carries_it_forward(own_report, tmp_path):
    out = tmp_path / "PSV-2025.xlsx"
    result = run("new", "--from", own_report, "-o", out)
    assert result.exit_code == 0, result.output
    data = json.loads(run("export-json", out).stdout)
    source = example()
    assert data["program"]["year"] == 2025
    assert [i["previous_total"] for i in data["indicators"]] == [i.total for i in source.indicators]
    assert [(x["indicator_id"], x["text"]) for x in data["previous_actions"]] == \
        [(i.id, t) for i in source.indicators for t in i.actions]
    assert all(t["score"] is None and t["previous_score"] is not None
               for i in data["indicators"] for t in i["themes"])
    assert {(h["year"], h["indicator_id"]) for h in data["history"]} == {(2024, i.id) for i in source.indicators}


# --- reports typed by hand -------------------------------------------------------------------------

def _typed_report(path: Path, *, headings: str, bullets: str, lines: str, total: str, mark: str = TICK,
                  name_case=str, extra_indicator: bool = False, stray: bool = False) -> Path:
    """A PSV report typed in Word: the indicators of the example (the first three, to keep it short)."""
    a = example()
    doc = Document()

    def heading(text: str, level: int) -> None:
        if headings == "styles":
            doc.add_heading(text, level)
        else:                                           # a bold Normal paragraph, as many type them
            doc.add_paragraph().add_run(text).bold = True

    def bullet(text: str, numbered: bool = False) -> None:
        if bullets == "word":
            doc.add_paragraph(text, style="List Number" if numbered else "List Bullet")
        else:
            doc.add_paragraph(f"{'1.' if numbered else bullets} {text}")

    def score_line(score: int) -> None:
        boxes = [f"{mark if n == score else BOX} {n}" for n in range(1, 7)]
        if lines == "table":
            table = doc.add_table(rows=1, cols=6)
            for cell, box in zip(table.rows[0].cells, boxes):
                cell.text = box
        else:
            doc.add_paragraph("  ".join(boxes))

    doc.add_paragraph("Programstatusvurdering 2024", style="Title")
    doc.add_paragraph(a.program.name, style="Subtitle")
    doc.add_paragraph(f"Programeier: {a.program.owner}")
    if stray:
        doc.add_paragraph("Husk å sende rapporten til fylkeskommunen innen fredag.")
    heading("Hovedkonklusjon", 1)
    for para in a.texts.main_conclusion.split("\n\n"):
        doc.add_paragraph(para)
    heading("Handlingsplan", 1)
    doc.add_paragraph(a.texts.action_plan)
    for item in a.texts.action_plan_priorities:
        bullet(item)
    heading("Forbedringsområder og anbefalinger", 1)
    for item in a.texts.recommendations:
        bullet(item, numbered=True)
    for ind in a.indicators[:3]:
        heading(name_case(ind.name), 1)
        doc.add_paragraph(ind.description)
        for theme in ind.themes:
            heading(theme.title, 2)
            for q in theme.questions:
                bullet(q)
            doc.add_paragraph().add_run(theme.statement).bold = True
            score_line(theme.score)
        for title, items in (("Hvor er vi gode", ind.strengths), ("Forbedringsområder", ind.improvements),
                             ("Anbefalte tiltak", ind.actions)):
            heading(title, 2)
            for item in items:
                bullet(item, numbered=title == "Anbefalte tiltak")
        shown = f"{ind.total:.1f}".replace(".", ",") if total != "dot" else f"{ind.total:.1f}"
        if total == "same line":
            doc.add_paragraph().add_run(f"Total poengsum: {shown}").bold = True
        else:
            doc.add_paragraph().add_run("Total poengsum").bold = True
            doc.add_paragraph(shown)
    if extra_indicator:
        heading("Samarbeid med nabokommunene", 1)
        doc.add_paragraph("Programmets egen indikator.")
        heading("Felles næringsarbeid", 2)
        doc.add_paragraph().add_run("Kommunene samarbeider om næringsarbeidet.").bold = True
        score_line(3)
        doc.add_paragraph().add_run("Total poengsum: 3").bold = True
    heading("Hva er den mest kritiske faktor for måloppnåelse?", 2)
    for item in a.texts.critical_factors:
        bullet(item)
    heading("Hva er den største utfordringen fremover for omstillingsprogrammet?", 2)
    for item in a.texts.biggest_challenges:
        bullet(item)
    heading("Var dette en nyttig gjennomgang og ser man dette som en forbedring?", 2)
    doc.add_paragraph(a.texts.usefulness)
    doc.save(str(path))
    return path


VARIANTS = {
    "stiler, Word-lister, poenglinjer i avsnitt, total på samme linje":
        dict(headings="styles", bullets="word", lines="paragraph", total="same line"),
    "fete avsnitt, «•» skrevet inn, poenglinjer i tabell, total på neste linje":
        dict(headings="bold", bullets="•", lines="table", total="next line"),
    "stiler, «-» skrevet inn, X som kryss, navn med store bokstaver, «4.5»":
        dict(headings="styles", bullets="-", lines="paragraph", total="dot", mark="X", name_case=str.title),
    "fete avsnitt, «–» skrevet inn, ☑, egen indikator":
        dict(headings="bold", bullets="–", lines="paragraph", total="same line", mark="\u2611", extra_indicator=True),
}


@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
def test_a_report_typed_by_hand_imports_completely(variant, tmp_path):
    path = _typed_report(tmp_path / "rapport.docx", **VARIANTS[variant])
    result = read_report(path)
    a, source = result.assessment, example()
    assert result.unplaced == [], result.unplaced
    expected = source.indicators[:3]
    got = a.indicators[:3]
    assert [i.id for i in got] == [i.id for i in expected]           # matched by name, whatever the case
    for g, w in zip(got, expected):
        assert g.total == w.total and g.description == w.description
        assert [(t.title, t.questions, t.statement, t.score) for t in g.themes] == \
            [(t.title, t.questions, t.statement, t.score) for t in w.themes]
        assert (g.strengths, g.improvements, g.actions) == (w.strengths, w.improvements, w.actions)
    t = a.texts
    assert (t.main_conclusion, t.action_plan, t.action_plan_priorities, t.recommendations, t.critical_factors,
            t.biggest_challenges, t.usefulness) == \
        (source.texts.main_conclusion, source.texts.action_plan, source.texts.action_plan_priorities,
         source.texts.recommendations, source.texts.critical_factors, source.texts.biggest_challenges,
         source.texts.usefulness)
    assert a.program.year == 2024 and a.program.name == source.program.name
    if VARIANTS[variant].get("extra_indicator"):
        own = a.indicators[3]                                          # kept as the programme's own
        assert own.name == "Samarbeid med nabokommunene" and own.total == 3
        assert [(th.title, th.score) for th in own.themes] == [("Felles næringsarbeid", 3)]


def test_what_could_not_be_placed_is_listed_and_on_the_kontroll_sheet(tmp_path):
    path = _typed_report(tmp_path / "rapport.docx", headings="styles", bullets="word", lines="paragraph",
                         total="same line", stray=True)
    out = tmp_path / "PSV-2024.xlsx"
    result = run("import-report", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert "1 avsnitt ble ikke plassert" in result.output and "«Husk å sende rapporten" in result.output
    ws = openpyxl.load_workbook(out)[layout.CONTROL_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert any("Husk å sende rapporten" in (r[3] or "") and (r[2] or "").startswith("avsnitt ") for r in rows)


def test_a_report_without_scores_or_totals_gives_nothing(tmp_path):
    doc = Document()
    doc.add_paragraph("Referat fra styremøtet")
    doc.add_paragraph("Styret diskuterte budsjettet.")
    path = tmp_path / "referat.docx"
    doc.save(str(path))
    out = tmp_path / "ut.xlsx"
    result = run("import-report", path, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "Fant verken poeng eller totaler" in result.output


@pytest.mark.parametrize("name,content,words", [
    ("rapport.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Lagre rapporten som .docx i Word"),
    ("rapport.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "Lagre rapporten som .docx i Word"),
    ("rapport.docx", b"not a zip at all", "Lagre rapporten som .docx i Word"),
])
def test_doc_pdf_and_other_files_are_refused_cleanly(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "ut.xlsx").exists()


def test_a_hostile_docx_is_refused(own_report, tmp_path):
    with zipfile.ZipFile(own_report) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="x">&b;</w:document>')
    path = tmp_path / "ond.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 2 and "DOCTYPE" in result.output
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        z.writestr("word/media/stor.bin", b"\0" * (20 * 1024 * 1024))
    result = run("import-report", bomb, "-o", tmp_path / "ut.xlsx")
    assert result.exit_code == 2 and "zip-bombe" in result.output


def test_score_lines_in_any_spacing_and_mark():
    assert score_of_line("☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6") == (4,)
    assert score_of_line("☐1☐2☐3☐4☑5☐6") == (5,)
    assert score_of_line("☐\u00a01   ☐\u00a02   X 3   ☐ 4   ☐ 5") == (3,)
    assert score_of_line("☐ 1 | ☐ 2 | x 3 | ☐ 4 | ☐ 5 | ☐ 6") == (3,)
    assert score_of_line("☐ 1 ☐ 2 ☐ 3 ☐ 4 ☐ 5 ☐ 6") == (None,)              # nothing ticked yet
    assert score_of_line("Vi ga 4 av 6 poeng") is None
    assert score_of_line("☐ 1 ☐ 3 ☒ 4") is None                              # not a scale


def test_the_import_goes_through_defusedxml(own_report, monkeypatch):
    from psvxl import xmlsafe

    calls = []
    original = xmlsafe.parse
    monkeypatch.setattr(xmlsafe, "parse", lambda data, **kw: calls.append(len(data)) or original(data, **kw))
    read_report(own_report)
    assert len(calls) == 2                                         # document.xml and styles.xml


def test_an_import_of_the_12_indicator_report_with_its_framework(tmp_path):
    from psvxl import api

    source = api.load_json(Path(__file__).resolve().parent.parent / "examples" / "eksempel-12-indikatorer-2024.json")
    report = tmp_path / "tolv.docx"
    report.write_bytes(render_report(source, compute(source)))
    framework = Path(__file__).resolve().parent.parent / "examples" / "rammeverk-12-indikatorer.json"
    out = tmp_path / "tolv.xlsx"
    result = run("import-report", report, "-o", out, "--framework", framework)
    assert result.exit_code == 0, result.output
    data = json.loads(run("export-json", out).stdout)
    assert [i["id"] for i in data["indicators"]] == [i.id for i in source.indicators]
    assert [i["group"] for i in data["indicators"]] == [i.group for i in source.indicators]
    assert [i["total"] for i in data["indicators"]] == [i.total for i in source.indicators]
    assert data["framework"]["scale"]["max"] == 5
    themes = [t for i in data["indicators"] for t in i["themes"]]
    assert [t["group"] for t in themes if t["group"]] == ["Bostedsattraktivitet", "Bostedsattraktivitet",
                                                           "Næringsattraktivitet"]



# --- ambiguous pieces are decided by what follows, or listed -----------------------------------------------

def test_a_bold_line_before_a_list_after_the_themes_is_listed_with_its_list(tmp_path):
    doc = Document()
    doc.add_paragraph().add_run("Profil og kommunikasjon").bold = True
    doc.add_paragraph().add_run("Omstillingsplanen").bold = True
    doc.add_paragraph("☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6")
    doc.add_paragraph().add_run("Utfordringer vi så").bold = True       # not a label psvxl knows
    doc.add_paragraph("• Lite tid i styret")
    doc.add_paragraph().add_run("Styrker").bold = True
    doc.add_paragraph("• God forankring")
    doc.add_paragraph().add_run("Total poengsum").bold = True
    doc.add_paragraph().add_run("4,5").bold = True                        # a bold number: the total, not a theme
    path = tmp_path / "r.docx"
    doc.save(str(path))
    result = read_report(path)
    ind = result.assessment.indicators[0]
    assert [(t.title, t.score) for t in ind.themes] == [("Omstillingsplanen", 4)]
    assert (ind.total, ind.strengths) == (4.5, ["God forankring"])
    assert result.unplaced == [(4, "Utfordringer vi så"), (5, "• Lite tid i styret")]


def test_a_score_table_with_two_marks_in_a_row_cannot_be_read(tmp_path):
    doc = Document()
    doc.add_heading("Profil og kommunikasjon", 1)
    doc.add_heading("Omstillingsplanen", 2)
    table = doc.add_table(rows=2, cols=5)
    for n, cell in enumerate(table.rows[0].cells):
        cell.text = str(n + 1)
    table.rows[1].cells[2].text, table.rows[1].cells[3].text = "X", "X"
    path = tmp_path / "r.docx"
    doc.save(str(path))
    result = read_report(path)
    assert [(why, ind.themes[0].score) for (_, _, why), ind in zip(result.unreadable, result.assessment.indicators)] \
        == [("2 kryss i samme rad", None)]


# --- one vocabulary -----------------------------------------------------------------------------------------

def test_every_heading_the_report_template_writes_is_a_word_the_importer_reads():
    from docx import Document as Open

    from psvxl.templates import REPORT_TEMPLATE
    from psvxl.wordimport.reader import section_of

    doc = Open(str(REPORT_TEMPLATE))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "PSV Kapittel"))
                and p.text and "{{" not in p.text and "{%" not in p.text]
    assert len(headings) > 15
    assert [h for h in headings if section_of(h) is None] == []


def test_a_change_of_wording_in_the_vocabulary_changes_the_template_and_the_importer(monkeypatch):
    import importlib

    from psvxl import vocabulary
    from psvxl.report.template import build_report_template
    from psvxl.wordimport import reader

    monkeypatch.setattr(vocabulary, "STRENGTHS", ("Dette gjør vi bra",) + vocabulary.STRENGTHS)
    try:
        importlib.reload(reader)
        assert reader.section_of("Dette gjør vi bra:") == "strengths"
        with zipfile.ZipFile(__import__("io").BytesIO(build_report_template())) as z:
            assert "Dette gjør vi bra" in z.read("word/document.xml").decode()
    finally:
        monkeypatch.undo()
        importlib.reload(reader)


def test_psvxls_own_report_accounts_for_every_paragraph(own_report):
    result = read_report(own_report)
    assert result.unreadable == [] and result.unplaced == []
    assert {title for title, _ in result.skipped} >= {"Porteføljeoversikt og budsjett", "Utvikling i arbeidsplasser"}
    output = run("import-report", own_report, "-o", own_report.with_name("ut.xlsx")).output
    assert "kapittelet «Porteføljeoversikt og budsjett»" in output and "er ikke lest" in output


def test_a_report_typed_like_a_real_one_reads_what_it_can_and_lists_the_rest(tmp_path):
    import datetime as dt

    from wordreports import nordfjell

    path = nordfjell(tmp_path / "PSV-Nordfjell-2024.docx")
    result = read_report(path)
    a = result.assessment
    p = a.program
    assert (p.name, p.owner, p.year, p.assessment_date, p.author) == \
        ("Omstillingsprogrammet Nordfjell", "Nordfjell kommune", 2024, dt.date(2024, 10, 8), "Eva Lund")
    assert [(x.name, x.role) for x in p.participants] == [("Kari Nordvik", "styreleder"), ("Ola Strand", "programleder"),
                                                           ("Ingrid Havsund", "Innovasjon Norge")]
    assert (a.framework.scale.min, a.framework.scale.max) == (1, 5)
    profil, org = a.indicators
    assert [(t.title, t.score) for t in profil.themes] == [("Omstillingsplanen", 4), ("Mål", 3), ("Kommunikasjon", 4)]
    assert (profil.total, profil.strengths, profil.improvements, profil.actions) == \
        (3.5, ["Nettsiden brukes aktivt", "Godt kjent i kommunestyret"], ["Målene er ikke periodisert"],
         ["Periodisere målene i neste handlingsplan"])
    assert (org.total, [(t.title, t.score) for t in org.themes], org.strengths, org.improvements) == \
        (4.5, [("Styrearbeidet", 5)], ["Styret har næringslivet i flertall"], [])
    assert a.texts.critical_factors == ["Flere store hovedprosjekter"]
    assert [w for _, w in result.unplaced] == ["Innovasjon Norge", "Diskusjonen gikk lenge på om målene er for ambisiøse.",
                                               "Utfordringer", "• Lite tid i administrasjonen", "Takk for en god dag!"]


def test_show_all_prints_where_every_paragraph_went(tmp_path):
    from wordreports import nordfjell

    path = nordfjell(tmp_path / "PSV-Nordfjell-2024.docx")
    result = run("import-report", path, "-o", tmp_path / "ut.xlsx", "--vis-alt")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "    38  hvor er vi gode              «• Nettsiden brukes aktivt»" in lines
    assert "    45  total                        «3,5»" in lines
    assert "    52  ikke plassert                «Utfordringer»" in lines
