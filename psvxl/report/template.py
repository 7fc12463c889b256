"""Build the Word report template (templates/report_template.docx) with python-docx.

It is a docxtpl (Jinja-in-Word) template. All formatting is done through named Word styles, so
staff can restyle the report in Word (Home > Styles) without touching the tags. Run
`python scripts/build_templates.py` after changing this file and commit the result.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from psvxl.report.package import fixed_dates, normalize_docx

BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
TABLE_STYLE = "Light List Accent 1"
KEY_FIGURES_STYLE = "Medium Shading 1 Accent 1"

# Our own styles: (name, type, base, settings)
STATEMENT = "PSV Påstand"
SCORE_LINE = "PSV Poenglinje"
SCORE_CHAR = "PSV Poeng"
TOTAL = "PSV Total"
NOTE = "PSV Merknad"
FIGURE = "PSV Figur"
FRONT = "PSV Forside"
TABLE_TEXT = "PSV Tabelltekst"
TABLE_NUMBER = "PSV Tabelltall"
THEME_GROUP = "PSV Temagruppe"


def _styles(doc: Any) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before, after, page_break in (("Heading 1", 18, 0, 12, True), ("Heading 2", 14, 14, 6, False),
                                                  ("Heading 3", 12, 10, 4, False)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = True
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.page_break_before = page_break
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.name = "Calibri"
    title.font.size = Pt(30)
    title.font.color.rgb = BLUE
    title.paragraph_format.space_before = Pt(120)
    subtitle = styles["Subtitle"]
    subtitle.font.name = "Calibri"
    subtitle.font.size = Pt(18)
    subtitle.font.color.rgb = GREY
    subtitle.paragraph_format.space_after = Pt(36)
    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(3)

    def paragraph_style(name: str, bold: bool = False, italic: bool = False, size: int | None = None,
                        color: RGBColor | None = None, before: int = 0, after: int = 6) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.bold = bold
        style.font.italic = italic
        if size:
            style.font.size = Pt(size)
        if color is not None:
            style.font.color.rgb = color
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        return style

    paragraph_style(STATEMENT, bold=True, before=6, after=2).paragraph_format.keep_with_next = True
    paragraph_style(SCORE_LINE, after=10, size=12)
    paragraph_style(TOTAL, bold=True, size=13, color=BLUE, before=12, after=6)
    paragraph_style(NOTE, italic=True, size=9, color=GREY, after=6)
    paragraph_style(FIGURE, after=2).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_style(FRONT, size=12, after=4)
    paragraph_style(THEME_GROUP, bold=True, size=13, color=BLUE, before=12, after=4).paragraph_format.keep_with_next = True
    paragraph_style(TABLE_TEXT, size=10, after=0)
    paragraph_style(TABLE_NUMBER, size=10, after=0).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    char = styles.add_style(SCORE_CHAR, WD_STYLE_TYPE.CHARACTER)
    char.font.name = "Segoe UI Symbol"
    char.font.size = Pt(12)
    char.font.color.rgb = BLUE


def _footer(doc: Any) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    paragraph = section.footer.paragraphs[0]
    paragraph.style = doc.styles[NOTE]
    paragraph.add_run("{{ program.name }} – programstatusvurdering {{ program.year }} – side ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class _Writer:
    """Small helpers so the template below reads like the report it makes."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def p(self, text: str = "", style: str | None = None) -> Any:
        return self.doc.add_paragraph(text, style=style)

    def h(self, text: str, level: int = 1) -> Any:
        return self.doc.add_heading(text, level=level)

    def each(self, loop: str, text: str, style: str | None = None) -> None:
        """One paragraph per item: {%p for … %} / text / {%p endfor %}."""
        self.p(f"{{%p for {loop} %}}")
        self.p(text, style)
        self.p("{%p endfor %}")

    def text(self, paragraphs: str, empty: str = "Ingen tekst registrert ennå.") -> None:
        """A text of the workbook, paragraph by paragraph, or a note when it is still empty."""
        self.p(f"{{%p if {paragraphs} %}}")
        self.each(f"para in {paragraphs}", "{{ para }}")
        self.p("{%p else %}")
        self.p(empty, NOTE)
        self.p("{%p endif %}")

    def bullets(self, items: str, style: str = "List Bullet", empty: str = "Ingen punkter registrert.") -> None:
        self.p(f"{{%p if {items} %}}")
        self.each(f"item in {items}", "{{ item }}", style)
        self.p("{%p else %}")
        self.p(empty, NOTE)
        self.p("{%p endif %}")

    def table(self, headers: list[str], loop: str, cells: list[str], style: str = TABLE_STYLE,
              footer: list[str] | None = None, widths: list[float] | None = None, numeric: int = 1) -> None:
        """A table with one row per item of `loop`. Columns from `numeric` on hold figures (right-aligned)."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = self.doc.styles[style]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.rows[1].cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
        table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
        filled = [(table.rows[0], headers), (table.rows[2], cells)]
        if footer:
            filled.append((table.add_row(), footer))
        for row, texts in filled:
            for i, (cell, text) in enumerate(zip(row.cells, texts)):
                cell.paragraphs[0].text = text
                cell.paragraphs[0].style = self.doc.styles[TABLE_NUMBER if i >= numeric else TABLE_TEXT]
        _repeat_header(table.rows[0])
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths):
                column.width = Cm(width)       # the grid, which LibreOffice follows
            for row in table.rows:
                for cell, width in zip(row.cells, widths):
                    cell.width = Cm(width)     # the cells, which Word follows
        self.p("")


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def build_report_template() -> bytes:
    doc = Document()
    _styles(doc)
    _footer(doc)
    doc.core_properties.title = "Programstatusvurdering {{ program.year }} – {{ program.name }}"
    doc.core_properties.subject = "Programstatusvurdering (PSV)"
    doc.core_properties.author = "{{ program.author }}"
    doc.core_properties.comments = "Lagd med psvxl"
    fixed_dates(doc)
    w = _Writer(doc)

    # 1. Front page
    w.p("Programstatusvurdering {{ program.year }}", "Title")
    w.p("{{ program.name }}", "Subtitle")
    w.p("Programeier: {{ program.owner }}", FRONT)
    w.p("Programperiode: {{ program.period }}", FRONT)
    w.p("Dato for vurderingen: {{ program.date }}", FRONT)
    w.p("Rapporten er skrevet av: {{ program.author }}", FRONT)
    w.h("Deltakere", 2).paragraph_format.page_break_before = None
    w.table(["Navn", "Rolle"], "x in program.participants", ["{{ x.name }}", "{{ x.role }}"], widths=[7, 9],
            numeric=2)

    # 2. Main conclusion and key figures
    w.h("Hovedkonklusjon")
    w.text("texts.main_conclusion")
    w.h("Nøkkeltall", 2)
    w.table(["Nøkkeltall", "Verdi"], "k in key_figures", ["{{ k.label }}", "{{ k.value }}"], style=KEY_FIGURES_STYLE,
            widths=[10, 6])

    # 3. Score overview
    w.h("Poengoversikt")
    w.p("Tabellen viser gruppens omforente total for hver indikator, snittet av poengene på temaene og "
        "endringen fra i fjor.")
    w.table(["Indikator", "Total", "Snitt av temaene", "I fjor", "Endring"], "r in scores.rows",
            ["{{ r.name }}", "{{ r.total }}", "{{ r.mean }}", "{{ r.previous }}", "{{ r.change }}"],
            footer=["Samlet (snitt av totalene)", "{{ scores.overall }}", "", "", ""], widths=[6.5, 2, 3, 2, 2.5])
    w.p("{%p if charts.radar %}")
    w.p("{{ charts.radar }}", FIGURE)
    w.p("Figur: Total poengsum per indikator{% if charts.radar_previous %}, med fjorårets totaler stiplet{% endif %}.",
        NOTE)
    w.p("{%p endif %}")
    w.p("{%p if charts.trend %}")
    w.h("Utviklingen over år", 2)
    w.p("{{ charts.trend }}", FIGURE)
    w.p("Figur: Omforente totaler per indikator de siste årene.", NOTE)
    w.p("{%p endif %}")

    # Follow-up of last year's recommended actions (when there are any)
    w.p("{%p if follow_up %}")
    w.h("Oppfølging av fjorårets anbefalinger")
    w.p("Av {{ follow_up.total }} anbefalte tiltak fra i fjor er status slik:")
    w.table(["Status", "Antall"], "c in follow_up.counts", ["{{ c.status }}", "{{ c.count }}"], widths=[8, 3])
    w.p("{%p for g in follow_up.groups %}")
    w.h("{{ g.indicator }}", 3)
    w.table(["Tiltak", "Status", "Kommentar"], "x in g.actions", ["{{ x.text }}", "{{ x.status }}", "{{ x.comment }}"],
            widths=[8, 3, 5], numeric=3)
    w.p("{%p endfor %}")
    w.p("{%p endif %}")

    # 4. Action plan and recommendations
    w.h("Handlingsplan")
    w.text("texts.action_plan")
    w.h("Prioriteringer", 2).paragraph_format.page_break_before = None
    w.bullets("texts.action_plan_priorities")
    w.h("Forbedringsområder og anbefalinger", 2)
    w.bullets("texts.recommendations", style="List Number")

    # 5. Short assessments
    w.h("Vurderinger")
    w.p("{%p for ind in indicators %}")
    w.h("{{ ind.name }} – {{ ind.total }}", 3)
    w.text("ind.summary")
    w.p("{%p endfor %}")

    # 6. One section per indicator, under a heading per group where the framework groups them
    w.p("{%p for ch in chapters %}")
    w.p("{%p if ch.heading %}")
    w.h("{{ ch.heading }}")
    w.p("{%p endif %}")
    w.p("{%p for ind in ch.indicators %}")
    w.h("{{ ind.name }}")
    w.each("para in ind.description", "{{ para }}")
    w.each("para in ind.guidance", "{{ para }}", NOTE)
    w.p("{%p for t in ind.themes %}")
    w.p("{%p if t.group_heading %}")
    w.p("{{ t.group_heading }}", THEME_GROUP)
    w.p("{%p endif %}")
    w.h("{{ t.title }}", 2)
    w.each("q in t.questions", "{{ q }}", "List Bullet")
    w.p("{{ t.statement }}", STATEMENT)
    line = w.p("", SCORE_LINE)
    line.add_run("{{ t.score_line }}", style=doc.styles[SCORE_CHAR])
    w.p("{%p if t.comment %}")
    w.p("Kommentar: {{ t.comment }}", NOTE)
    w.p("{%p endif %}")
    w.p("{%p endfor %}")
    w.h("Hvor er vi gode", 2)
    w.bullets("ind.strengths")
    w.h("Forbedringsområder", 2)
    w.bullets("ind.improvements")
    w.h("Anbefalte tiltak", 2)
    w.bullets("ind.actions", style="List Number")
    w.p("Total poengsum: {{ ind.total }}", TOTAL)
    w.p("{%p if ind.flagged %}")
    w.p("{{ ind.deviation_note }}", NOTE)
    w.p("{%p endif %}")
    w.p("{%p endfor %}")
    w.p("{%p endfor %}")

    # 7. Portfolio and jobs
    w.h("Portefølje")
    w.p("Støttede prosjekter (innvilget, pågår eller avsluttet) per innsatsområde og fase, med tilsagn og "
        "utbetalt siden start.")
    w.table(["Innsatsområde", "Forstudie", "Forprosj.", "Hovedprosj.", "Tiltak", "Antall", "Tilsagn",
             "Utbetalt"], "r in portfolio.rows",
            ["{{ r.area }}", "{{ r.forstudie }}", "{{ r.forprosjekt }}", "{{ r.hovedprosjekt }}", "{{ r.tiltak }}",
             "{{ r.projects }}", "{{ r.granted }}", "{{ r.paid }}"],
            footer=["{{ portfolio.total.area }}", "{{ portfolio.total.forstudie }}", "{{ portfolio.total.forprosjekt }}",
                    "{{ portfolio.total.hovedprosjekt }}", "{{ portfolio.total.tiltak }}",
                    "{{ portfolio.total.projects }}", "{{ portfolio.total.granted }}", "{{ portfolio.total.paid }}"],
            widths=[3.0, 1.8, 2.0, 2.4, 1.3, 1.4, 2.0, 2.0])
    w.p("{%p if portfolio.status_counts %}")
    w.p("Alle prosjekter etter status: {{ portfolio.status_counts }}.", NOTE)
    w.p("{%p endif %}")
    w.h("Budsjett", 2)
    w.table(["Nøkkeltall", "Verdi"], "k in portfolio.budget", ["{{ k.label }}", "{{ k.value }}"],
            style=KEY_FIGURES_STYLE, widths=[10, 6])

    w.h("Arbeidsplasser")
    w.p("{{ jobs.summary }}")
    w.table(["År", "Nye", "Sikrede", "Sum", "Sum hittil", "Mål for året"], "r in jobs.rows",
            ["{{ r.year }}", "{{ r.new }}", "{{ r.secured }}", "{{ r.sum }}", "{{ r.cumulative }}", "{{ r.target }}"],
            footer=["Sum", "{{ jobs.total.new }}", "{{ jobs.total.secured }}", "{{ jobs.total.sum }}", "", ""],
            widths=[2, 2, 2.4, 2, 2.6, 2.6])
    w.p("{%p if charts.jobs %}")
    w.p("{{ charts.jobs }}", FIGURE)
    w.p("Figur: Registrerte arbeidsplasser per år (brutto), summen hittil og målet så langt i perioden.", NOTE)
    w.p("{%p endif %}")
    w.h("Per innsatsområde", 2)
    w.table(["Innsatsområde", "Nye", "Sikrede", "Sum"], "r in jobs.by_area",
            ["{{ r.area }}", "{{ r.new }}", "{{ r.secured }}", "{{ r.sum }}"], widths=[7, 2.5, 2.5, 2.5])
    w.p("{{ jobs.expected }}", NOTE)

    # 8. Closing
    w.h("Hovedkonklusjoner og avslutning")
    w.h("Mest kritiske faktorer for å nå målene", 2).paragraph_format.page_break_before = None
    w.bullets("texts.critical_factors")
    w.h("Største utfordringer framover", 2)
    w.bullets("texts.biggest_challenges")
    w.h("Nytten av gjennomgangen", 2)
    w.text("texts.usefulness")

    # Appendix: the project list
    w.h("Vedlegg: Prosjektliste")
    w.p("{%p if portfolio.truncated %}")
    w.p("Listen viser de {{ portfolio.projects|length }} første av {{ portfolio.count }} prosjekter.", NOTE)
    w.p("{%p endif %}")
    w.table(["ID", "Prosjekt", "Innsatsområde", "Fase", "Status", "Vedtak", "Tilsagn", "Utbetalt"],
            "x in portfolio.projects",
            ["{{ x.id }}", "{{ x.name }}", "{{ x.area }}", "{{ x.phase }}", "{{ x.status }}", "{{ x.date }}",
             "{{ x.granted }}", "{{ x.paid }}"], widths=[1.9, 4.2, 2.8, 2, 1.8, 2, 1.8, 1.8], numeric=5)

    out = io.BytesIO()
    doc.save(out)
    return normalize_docx(out.getvalue())
