"""PSV reports typed in Word the ways facilitators type them, built with python-docx from a `Shape`, with
what an import must find in them (`Expected`). Used by the tests, the LibreOffice fixture script and
the closing note's example; hypothesis draws shapes part by part (see `shapes`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from conftest import example
from docx import Document
from hypothesis import strategies as st

BOX = "☐"
STRAY = ("Merknad fra prosessveileder: dette tok vi opp igjen etter lunsj.",
         "Husk å sende rapporten til fylkeskommunen innen fredag.",
         "Her stoppet vi for kaffe og fortsatte etterpå.",
         "Se også notatet fra styremøtet i mars.")


@dataclass
class ThemeShape:
    score: int
    line: str = "boxes"        # boxes | boxes-after | boxes-row | table | table-titled | poeng
    mark: str = "☒"
    statement_bold: bool = True
    questions: bool = True


@dataclass
class IndicatorShape:
    themes: list[ThemeShape]
    total: float
    total_form: str = "same"   # same | next | next-bold | row
    total_label: str = "Total poengsum"
    labels: tuple[str, str, str] = ("Hvor er vi gode", "Forbedringsområder", "Anbefalte tiltak")
    label_form: str = "heading"    # heading | bold | colon
    bullets: str = "word"      # word | • | - | – | 1.
    numbered: bool = False     # «1. Profil og kommunikasjon»
    stray: list[str] = field(default_factory=list)   # after-score | after-total | in-list


@dataclass
class Shape:
    indicators: list[IndicatorShape]
    top: int = 6
    headings: str = "styles"   # styles | bold
    cover: str = "title"       # title | bold | plain
    year_on_cover: bool = True
    page_break: bool = True
    stray_on_cover: bool = False
    year: int = 2024


@dataclass
class Expected:
    name: str
    owner: str
    year: int
    date: dt.date | None
    top: int
    indicators: list[dict]
    main_conclusion: str
    critical_factors: list[str]
    stray: list[str]


def build(shape: Shape, path: Path) -> Expected:
    """Write the report to `path`; return what is in it."""
    a = example()
    doc = Document()
    stray = iter(STRAY * 10)
    placed_stray: list[str] = []

    def add_stray() -> None:
        text = next(stray)
        placed_stray.append(text)
        doc.add_paragraph(text)

    def heading(text: str, level: int) -> None:
        if shape.headings == "styles":
            doc.add_heading(text, level)
        else:
            doc.add_paragraph().add_run(text).bold = True

    date = dt.date(shape.year, 10, 8) if shape.year_on_cover else None
    _cover(doc, shape, a)
    if shape.stray_on_cover:
        add_stray()
    if shape.page_break:
        doc.add_page_break()
    heading("Hovedkonklusjon", 1)
    doc.add_paragraph(a.texts.main_conclusion.split("\n\n")[0])
    if not shape.year_on_cover:
        heading(f"Handlingsplan {shape.year}", 1)
        doc.add_paragraph(a.texts.action_plan)
    expected = [_indicator(doc, ind_shape, ind, shape, heading, add_stray)
                for ind_shape, ind in zip(shape.indicators, a.indicators)]
    heading("Hva er den mest kritiske faktor for måloppnåelse?", 2)
    for item in a.texts.critical_factors:
        doc.add_paragraph(item, style="List Bullet")
    doc.save(str(path))
    return Expected(a.program.name, a.program.owner, shape.year, date, shape.top, expected,
                    a.texts.main_conclusion.split("\n\n")[0], list(a.texts.critical_factors), placed_stray)


def _cover(doc, shape: Shape, a) -> None:
    title = f"Programstatusvurdering {shape.year}" if shape.year_on_cover else "Programstatusvurdering"
    if shape.cover == "title":
        doc.add_paragraph(title, style="Title")
    elif shape.cover == "bold":
        doc.add_paragraph().add_run(title).bold = True
    else:
        doc.add_paragraph(title)
    doc.add_paragraph(f"{a.program.name} – {a.program.owner}")
    if shape.year_on_cover:
        doc.add_paragraph(f"Dato for gjennomføring: 8. oktober {shape.year}")


def _score(doc, t: ThemeShape, top: int, title: str) -> None:
    numbers = range(1, top + 1)
    if t.line == "poeng":
        doc.add_paragraph(f"Poeng: {t.score}")
    elif t.line in ("boxes", "boxes-after"):
        parts = [f"{t.mark if n == t.score else BOX} {n}" if t.line == "boxes" else
                 f"{n} {t.mark if n == t.score else BOX}" for n in numbers]
        doc.add_paragraph("   ".join(parts))
    elif t.line == "boxes-row":
        row = doc.add_table(rows=1, cols=top).rows[0]
        for cell, n in zip(row.cells, numbers):
            cell.text = f"{t.mark if n == t.score else BOX} {n}"
    else:
        titled = t.line == "table-titled"
        table = doc.add_table(rows=2, cols=top + 1)
        head, marks = table.rows[0].cells, table.rows[1].cells
        head[0].text = "Tema" if titled else ""
        marks[0].text = title if titled else "Poeng"
        for n in numbers:
            head[n].text = str(n)
            marks[n].text = t.mark if n == t.score else ""


def _bullet(doc, text: str, style: str) -> None:
    if style == "word":
        doc.add_paragraph(text, style="List Bullet")
    else:
        doc.add_paragraph(f"{style} {text}")


def _indicator(doc, s: IndicatorShape, ind, shape: Shape, heading, add_stray) -> dict:
    heading(f"1. {ind.name}" if s.numbered else ind.name, 1)
    doc.add_paragraph(ind.description)
    themes = []
    for t, theme in zip(s.themes, ind.themes):
        titled_row = t.line == "table-titled"
        if not titled_row:
            heading(theme.title, 2)
        questions = theme.questions if t.questions and not titled_row else []
        for q in questions:
            _bullet(doc, q, s.bullets)
        statement = None
        if not titled_row:
            statement = theme.statement
            p = doc.add_paragraph()
            p.add_run(statement).bold = t.statement_bold
        _score(doc, t, shape.top, theme.title)
        if "after-score" in s.stray and not themes:
            add_stray()
        themes.append((theme.title, questions, statement, t.score))
    lists = (ind.strengths, ind.improvements, ind.actions)
    for label, items in zip(s.labels, lists):
        if s.label_form == "heading":
            heading(label, 3)
        elif s.label_form == "bold":
            doc.add_paragraph().add_run(label).bold = True
        else:
            doc.add_paragraph(f"{label}:")
        for n, item in enumerate(items):
            _bullet(doc, item, s.bullets)
            if n == 0 and "in-list" in s.stray and label == s.labels[0]:
                add_stray()
    _total(doc, s)
    if "after-total" in s.stray:
        add_stray()
    return {"id": ind.id, "total": s.total, "themes": themes, "strengths": list(ind.strengths),
            "improvements": list(ind.improvements), "actions": list(ind.actions), "description": ind.description}


def _total(doc, s: IndicatorShape) -> None:
    shown = f"{s.total:g}".replace(".", ",")
    if s.total_form == "same":
        doc.add_paragraph().add_run(f"{s.total_label}: {shown}").bold = True
    elif s.total_form == "row":
        cells = doc.add_table(rows=1, cols=2).rows[0].cells
        cells[0].text, cells[1].text = s.total_label, shown
    else:
        doc.add_paragraph().add_run(s.total_label).bold = True
        doc.add_paragraph().add_run(shown).bold = s.total_form == "next-bold"


# --- hypothesis draws the shape of each part ----------------------------------------------------------------

LABELS = st.tuples(st.sampled_from(["Hvor er vi gode", "Hva er vi gode på", "Styrker"]),
                   st.sampled_from(["Forbedringsområder", "Forbedringspunkter", "Hva kan vi bli bedre på"]),
                   st.sampled_from(["Anbefalte tiltak", "Tiltak", "Anbefalinger"]))


@st.composite
def shapes(draw) -> Shape:
    top = draw(st.sampled_from([5, 6]))
    a = example()
    indicators = []
    for n, ind in enumerate(a.indicators[:draw(st.integers(1, 3))]):
        themes = []
        for m in range(min(len(ind.themes), draw(st.integers(1, 3)))):
            lines = ["boxes", "boxes-after", "boxes-row", "table", "table-titled"] + (["poeng"] if n or m else [])
            themes.append(ThemeShape(draw(st.integers(1, top)), draw(st.sampled_from(lines)),
                                     draw(st.sampled_from(["☒", "☑", "■", "X", "x"])), draw(st.booleans()),
                                     draw(st.booleans())))
        for t in themes:            # a score table marks with X, x, ✓ or ☒
            if t.line.startswith("table"):
                t.mark = draw(st.sampled_from(["X", "x", "✓", "☒"]))
        indicators.append(IndicatorShape(
            themes, draw(st.integers(2, 2 * top)) / 2,
            draw(st.sampled_from(["same", "next", "next-bold", "row"])),
            draw(st.sampled_from(["Total poengsum", "Samlet karakter", "Samlet poengsum", "Total"])),
            draw(LABELS), draw(st.sampled_from(["heading", "bold", "colon"])),
            draw(st.sampled_from(["word", "•", "-", "–", "1."])), draw(st.booleans()),
            draw(st.lists(st.sampled_from(["after-score", "after-total", "in-list"]), unique=True, max_size=3))))
    return Shape(indicators, top, draw(st.sampled_from(["styles", "bold"])),
                 draw(st.sampled_from(["title", "bold", "plain"])), draw(st.booleans()), draw(st.booleans()),
                 draw(st.booleans()), draw(st.integers(2015, 2030)))


# The report behind tests/data/psv-rapport-2023-libreoffice.docx (scripts/save_report_with_libreoffice.py):
# typed in Writer with bold headings, five boxes, a score table, «Poeng: 4», totals on the next line and
# in a table row, typed bullets, and stray notes.
LIBREOFFICE_SHAPE = Shape(
    [IndicatorShape([ThemeShape(4, "boxes", "X"), ThemeShape(3, "table", "X", statement_bold=False),
                     ThemeShape(5, "poeng")], 4.0, "next-bold", "Samlet karakter",
                    ("Styrker", "Forbedringspunkter", "Tiltak"), "colon", "•", stray=["after-score", "in-list"]),
     IndicatorShape([ThemeShape(2, "boxes-after", "☒"), ThemeShape(3, "table-titled", "x")], 2.5, "row",
                    "Total poengsum", ("Hva er vi gode på", "Hva kan vi bli bedre på", "Anbefalinger"), "bold", "-",
                    numbered=True, stray=["after-total"])],
    top=5, headings="bold", cover="bold", page_break=True, stray_on_cover=True, year=2023)


def nordfjell(path: Path) -> Path:
    """A report typed by hand in the shape of a real one (the closing note shows it side by side)."""
    doc = Document()

    def bold(text: str) -> None:
        doc.add_paragraph().add_run(text).bold = True

    doc.add_paragraph("Innovasjon Norge")
    bold("Programstatusvurdering 2024")
    doc.add_paragraph("Omstillingsprogrammet Nordfjell – Nordfjell kommune")
    doc.add_paragraph("Dato for gjennomføring: 8. oktober 2024")
    doc.add_paragraph("Prosessveileder: Eva Lund")
    doc.add_page_break()
    bold("Deltakere")
    for p in ("Kari Nordvik, styreleder", "Ola Strand, programleder", "Ingrid Havsund, Innovasjon Norge"):
        doc.add_paragraph(f"• {p}")
    bold("Hovedkonklusjon")
    doc.add_paragraph("Programmet er godt i gang, men porteføljen må styres tettere mot innsatsområdene.")
    bold("Profil og kommunikasjon")
    doc.add_paragraph("Vi vurderte hvordan programmet er kjent og forankret.")
    bold("Omstillingsplanen")
    doc.add_paragraph("• Er planen kjent i kommunestyret?")
    bold("Omstillingsplanen er akseptert og forankret.")
    doc.add_paragraph("☐ 1   ☐ 2   ☐ 3   ☒ 4   ☐ 5")
    bold("Mål")
    doc.add_paragraph("Målene er forstått, realistiske og målbare.")
    t = doc.add_table(rows=2, cols=6)
    for n, c in enumerate(t.rows[0].cells):
        c.text = "" if n == 0 else str(n)
    t.rows[1].cells[0].text, t.rows[1].cells[3].text = "Poeng", "X"
    doc.add_paragraph("Diskusjonen gikk lenge på om målene er for ambisiøse.")
    bold("Kommunikasjon")
    doc.add_paragraph("Programmet kommuniserer godt med næringslivet.")
    doc.add_paragraph("Poeng: 4")
    doc.add_paragraph("Styrker:")
    doc.add_paragraph("• Nettsiden brukes aktivt")
    doc.add_paragraph("• Godt kjent i kommunestyret")
    doc.add_paragraph("Forbedringspunkter:")
    doc.add_paragraph("• Målene er ikke periodisert")
    doc.add_paragraph("Tiltak:")
    doc.add_paragraph("1. Periodisere målene i neste handlingsplan")
    bold("Total poengsum")
    bold("3,5")
    bold("Organisering")
    bold("Styrearbeidet")
    bold("Styret er aktivt og styrearbeidet gjennomføres godt.")
    doc.add_paragraph("☐ 1   ☐ 2   ☐ 3   ☐ 4   ☒ 5")
    bold("Hva er vi gode på")
    doc.add_paragraph("• Styret har næringslivet i flertall")
    bold("Utfordringer")
    doc.add_paragraph("• Lite tid i administrasjonen")
    bold("Samlet karakter")
    bold("4,5")
    bold("Hva er den mest kritiske faktor for måloppnåelse?")
    doc.add_paragraph("• Flere store hovedprosjekter")
    doc.add_paragraph("Takk for en god dag!")
    doc.save(str(path))
    return path
