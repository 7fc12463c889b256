"""Reports typed in Word in the shapes facilitators use, drawn part by part by hypothesis: every score,
total, bullet and text in its place, the cover's programme and year, the scale, and every other
paragraph listed as not placed (conservation: each paragraph or table row ends in exactly one place).

PSVXL_SLOW=1 draws 300 reports instead of 25."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wordreports import Expected, IndicatorShape, Shape, ThemeShape, build, shapes

from psvxl.report_import import read_report
from psvxl.wordimport.result import UNPLACED, words

EXAMPLES = 300 if os.environ.get("PSVXL_SLOW") else 25


def nonempty_blocks(path: Path) -> int:
    """Paragraphs and table rows with text, counted with python-docx (not with psvxl's reader)."""
    doc = Document(str(path))
    count = 0
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            count += bool("".join(child.itertext()).strip())
        elif child.tag.endswith("}tbl"):
            count += sum(1 for row in child.iter("{*}tr") if "".join(row.itertext()).strip())
    return count


def check(path: Path, expected: Expected) -> None:
    result = read_report(path)
    a = result.assessment
    assert result.unreadable == []
    p = a.program
    assert (p.name, p.owner, p.year, p.assessment_date) == (expected.name, expected.owner, expected.year,
                                                             expected.date)
    scale = a.framework.scale if a.framework else None
    assert (scale.min, scale.max) == (1, expected.top) if scale else expected.top == 6
    assert [i.id for i in a.indicators] == [i["id"] for i in expected.indicators]
    for got, want in zip(a.indicators, expected.indicators):
        assert got.total == want["total"] and got.description == want["description"]
        assert [(t.title, t.questions, t.statement, t.score) for t in got.themes] == want["themes"]
        assert (got.strengths, got.improvements, got.actions) == \
            (want["strengths"], want["improvements"], want["actions"])
    assert a.texts.main_conclusion == expected.main_conclusion
    assert a.texts.critical_factors == expected.critical_factors
    assert sorted(w for _, w in result.unplaced) == sorted(words(s) for s in expected.stray)
    # Conservation: every paragraph or row with text is in the ledger once, and nowhere else
    numbers = [n for n, _, _ in result.ledger]
    assert len(numbers) == len(set(numbers)) == nonempty_blocks(path)
    assert sum(where == UNPLACED for _, where, _ in result.ledger) == len(expected.stray)


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(shape=shapes())
def test_every_paragraph_of_a_typed_report_ends_in_one_place(shape, tmp_path_factory):
    path = tmp_path_factory.mktemp("form") / "rapport.docx"
    check(path, build(shape, path))


def test_the_shape_from_the_issue_reads_completely(tmp_path):
    """Cover page, bold theme titles, five boxes, «Total poengsum» with the number in bold on the next line."""
    themes = [ThemeShape(4), ThemeShape(3, statement_bold=False), ThemeShape(5, questions=False)]
    shape = Shape([IndicatorShape(themes, 4.5, "next-bold", label_form="bold", bullets="•"),
                   IndicatorShape([ThemeShape(2), ThemeShape(3)], 2.5, "next-bold", label_form="bold", bullets="•")],
                  top=5, headings="bold", cover="bold", page_break=False)
    check(tmp_path / "r.docx", build(shape, tmp_path / "r.docx"))


def test_a_report_typed_in_libreoffice_writer_reads_completely(tmp_path):
    """tests/data/psv-rapport-2023-libreoffice.docx: LIBREOFFICE_SHAPE saved by Writer as .odt, then as .docx
    (scripts/save_report_with_libreoffice.py); what it must hold is that shape's Expected."""
    from wordreports import LIBREOFFICE_SHAPE

    expected = build(LIBREOFFICE_SHAPE, tmp_path / "som-typet.docx")
    check(Path(__file__).parent / "data" / "psv-rapport-2023-libreoffice.docx", expected)


PIECES = ["Profil og kommunikasjon", "Organisering", "Omstillingsplanen", "Styrker:", "Tiltak", "Total poengsum",
          "Samlet karakter: 4,5", "4,5", "Poeng: 3", "☐ 1 ☐ 2 ☒ 3 ☐ 4 ☐ 5", "1 ☐ 2 ☒ 3 ☐", "☒ 1 ☒ 2 ☐ 3", "• punkt",
          "1. punkt", "Programstatusvurdering 2022", "Handlingsplan 2021", "Hovedkonklusjon", "(((", "Kommentar: ja",
          "Hva er den mest kritiske faktor for måloppnåelse?", "Fritekst om noe helt annet.", ""]


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["plain", "bold", "Heading 1", "Heading 2",
                                                                     "List Bullet", "table"])), max_size=40))
def test_any_jumble_of_report_pieces_is_accounted_for_or_refused(tmp_path_factory, pieces):
    from psvxl.errors import PsvxlError

    doc = Document()
    for text, form in pieces:
        if form == "table":
            cells = doc.add_table(rows=1, cols=2).rows[0].cells
            cells[0].text, cells[1].text = text, text[:3]
        elif form == "bold":
            doc.add_paragraph().add_run(text).bold = True
        else:
            doc.add_paragraph(text, style=None if form == "plain" else form)
    path = tmp_path_factory.mktemp("rot") / "rot.docx"
    doc.save(str(path))
    try:
        result = read_report(path)
    except PsvxlError as exc:          # a refusal (scale) is an answer, never a traceback
        assert "--framework" in str(exc) or "skala" in str(exc)
        return
    numbers = [n for n, _, _ in result.ledger]
    assert len(numbers) == len(set(numbers)) == nonempty_blocks(path)
    unreadable = {n for n, _, _ in result.unreadable}
    assert unreadable <= set(numbers)
