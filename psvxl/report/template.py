"""Build the Word report and fact base templates (templates/*_template*.docx) with python-docx.

They are docxtpl (Jinja-in-Word) templates. All formatting is done through named Word styles, so
staff can restyle the report in Word (Home > Styles) without touching the tags. Every word comes from
the catalogue (psvxl.i18n) in the current language: build inside `i18n.using("nn")` for the nynorsk
templates. The two documents are short lists of sections, and the sections they share (front page,
key figures, portfolio, budget, jobs, score lines, project list) are the same functions. Run
`python scripts/build_templates.py` after changing this file and commit the result.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from psvxl import vocabulary as V
from psvxl.i18n import language, t
from psvxl.report.package import fixed_dates, normalize_docx

BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
CHAR_CM = 0.19           # a bold 10 pt Calibri/Carlito character on average, with room for wide ones
VALUE_CHAR_CM = 0.18     # a regular 10 pt character, digits included
CELL_MARGIN_CM = 0.42    # the table style's left and right cell margins (0,19 cm each), and a little air
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
TABLE_HEAD = "PSV Tabelloverskrift"
TABLE_HEAD_NUMBER = "PSV Tabelloverskrift tall"
CHAPTER = "PSV Kapittel"
INDICATOR = "PSV Indikator"      # an indicator under a group heading: level 2 in the outline and the TOC
INDICATOR_PAGE = "PSV Indikator ny side"     # the same, starting a page
LEAD = "PSV Innledning"
TABLE_INTRO = "PSV Tabellinnledning"       # a sentence that leads into a table: kept on the table's page
NOTE_INTRO = "PSV Merknad over tabell"     # a note (a figure's caption) with a table right under it
ACTION = "PSV Tiltak"
TOC_PLACEHOLDER = "PSV Innhold"
LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO"}     # the document language of each målform
PORTRAIT_TEXT_CM = 21.0 - 2 * 2.3      # 16,4 cm between the margins
LANDSCAPE_TEXT_CM = 29.7 - 2 * 2.3     # 25,1 cm


def document_language() -> str:
    """The Word language tag of the current målform: what Word spell-checks the document in."""
    return LANGUAGES.get(language(), LANGUAGES["nb"])


def _styles(doc: Any) -> None:
    _built_in_styles(doc.styles)
    _own_styles(doc.styles)
    _languages(doc)


def _built_in_styles(styles: Any) -> None:
    """Word's own styles, set to the report's look: headings, chapters, title, lists, the TOC."""
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before, after in (("Heading 1", 18, 16, 8), ("Heading 2", 14, 12, 4), ("Heading 3", 12, 8, 3),
                                      ("Heading 4", 11, 6, 2), ("Heading 5", 11, 6, 2)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = True
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.page_break_before = False
        style.paragraph_format.keep_with_next = True
    # A chapter that starts a page: Heading 1 in all but the page break (and so in the TOC as level 1).
    chapter = styles.add_style(CHAPTER, WD_STYLE_TYPE.PARAGRAPH)
    chapter.base_style = styles["Heading 1"]
    chapter.next_paragraph_style = normal
    chapter.paragraph_format.page_break_before = True
    chapter.paragraph_format.space_before = Pt(0)
    _outline_level(chapter, 0)
    indicator = styles.add_style(INDICATOR, WD_STYLE_TYPE.PARAGRAPH)
    indicator.base_style = styles["Heading 2"]
    indicator.next_paragraph_style = normal
    indicator.font.size = Pt(16)
    _outline_level(indicator, 1)
    indicator_page = styles.add_style(INDICATOR_PAGE, WD_STYLE_TYPE.PARAGRAPH)
    indicator_page.base_style = indicator
    indicator_page.next_paragraph_style = normal
    indicator_page.paragraph_format.page_break_before = True
    _outline_level(indicator_page, 1)
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
        styles[name].paragraph_format.space_after = Pt(2)
        styles[name].paragraph_format.line_spacing = 1.05
    toc_heading = styles["TOC Heading"]
    toc_heading.paragraph_format.page_break_before = True
    toc_heading.font.color.rgb = BLUE
    for level in (1, 2):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.space_after = Pt(2 if level == 2 else 4)
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.font.bold = level == 1


def _own_styles(styles: Any) -> None:
    """psvxl's named paragraph and character styles (statements, score lines, tables, notes…)."""
    normal = styles["Normal"]

    def paragraph_style(name: str, bold: bool = False, italic: bool = False, size: int | None = None,
                        color: RGBColor | None = None, before: int = 0, after: int = 6, base: Any = None) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = base if base is not None else normal
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
    paragraph_style(SCORE_LINE, after=6, size=12)
    paragraph_style(TOTAL, bold=True, size=13, color=BLUE, before=12, after=6)
    paragraph_style(NOTE, italic=True, size=9, color=GREY, after=6)
    paragraph_style(FIGURE, before=6, after=2).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles[FIGURE].paragraph_format.keep_with_next = True
    paragraph_style(FRONT, size=12, after=4)
    paragraph_style(TABLE_TEXT, size=10, after=0)
    paragraph_style(TABLE_NUMBER, size=10, after=0).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph_style(TABLE_HEAD, bold=True, size=10, after=0)
    paragraph_style(TABLE_HEAD_NUMBER, bold=True, size=10, after=0).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph_style(LEAD, italic=True, after=6).paragraph_format.keep_with_next = True
    paragraph_style(TABLE_INTRO, after=6).paragraph_format.keep_with_next = True
    note_intro = paragraph_style(NOTE_INTRO, italic=True, size=9, color=GREY, after=6, base=styles[NOTE])
    note_intro.paragraph_format.keep_with_next = True
    # The recommended actions keep with the total below them, so «Total poengsum» never stands alone.
    actions = paragraph_style(ACTION, after=3, base=styles["List Number"])
    actions.paragraph_format.keep_with_next = True
    paragraph_style(TOC_PLACEHOLDER, after=0)
    char = styles.add_style(SCORE_CHAR, WD_STYLE_TYPE.CHARACTER)
    char.font.name = "Segoe UI Symbol"
    char.font.size = Pt(12)
    char.font.color.rgb = BLUE


def _languages(doc: Any) -> None:
    """Word spell-checks in the målform: the language in the document defaults and in every style."""
    styles = doc.styles
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _language(style.element.get_or_add_rPr())
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))


def _language(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), document_language())
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")


def _outline_level(style: Any, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)


def _settings(doc: Any) -> None:
    """A current Word document in Norwegian: compatibility mode 15 (no «Kompatibilitetsmodus»),
    Norwegian decimal and list separators, and fields (the TOC) updated when Word opens it."""
    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), document_language())
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.find(qn("w:compat")).addprevious(update)      # its place in the schema: just before w:compat


def _footer(doc: Any, text: str) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    paragraph = section.footer.paragraphs[0]
    paragraph.style = doc.styles[NOTE]
    paragraph.add_run(text)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    # No footer on the front page: a first page of its own, with an empty footer.
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].style = doc.styles[NOTE]


def column_widths(headers: list[str], weights: list[float], total_cm: float,
                  values: list[int] | None = None) -> list[float]:
    """Widths that fit each header's longest word on one line (bold 10 pt, with the cell margins) and
    the longest value that must not wrap (`values`, in characters: a date, a project id), and share
    the rest of `total_cm` by weight. Raises when that alone does not fit."""
    values = values or [0] * len(headers)
    need = [max(max((len(word) for word in header.split()), default=0) * CHAR_CM,
                chars * VALUE_CHAR_CM) + CELL_MARGIN_CM
            for header, chars in zip(headers, values, strict=False)]
    spare = total_cm - sum(need)
    assert spare >= 0, (headers, sum(need), total_cm)
    share = sum(weights)
    return [round(n + spare * w / share, 2) for n, w in zip(need, weights, strict=False)]


class _Writer:
    """Small helpers so the template below reads like the report it makes."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def p(self, text: str = "", style: str | None = None) -> Any:
        return self.doc.add_paragraph(text, style=style)

    def h(self, text: str, level: int = 1) -> Any:
        return self.doc.add_heading(text, level=level)

    def chapter(self, text: str) -> Any:
        """A level-1 heading that starts a new page."""
        return self.p(text, CHAPTER)

    def each(self, loop: str, text: str, style: str | None = None) -> None:
        """One paragraph per item: {%p for … %} / text / {%p endfor %}."""
        self.p(f"{{%p for {loop} %}}")
        self.p(text, style)
        self.p("{%p endfor %}")

    def text(self, paragraphs: str) -> None:
        """A text of the workbook, paragraph by paragraph, or a note when it is still empty."""
        self.p(f"{{%p if {paragraphs} %}}")
        self.each(f"para in {paragraphs}", "{{ para }}")
        self.p("{%p else %}")
        self.p(t("report.empty.text"), NOTE)
        self.p("{%p endif %}")

    def chart(self, key: str, caption: str) -> None:
        """A native chart of the context (charts.<key>) with its caption, where there is one."""
        self.p(f"{{%p if charts.{key} %}}")
        self.p(f"{{{{ charts.{key} }}}}", FIGURE)
        self.p(caption, NOTE)
        self.p("{%p endif %}")

    def bullets(self, items: str, style: str = "List Bullet", empty: str | None = None) -> None:
        self.p(f"{{%p if {items} %}}")
        self.each(f"item in {items}", "{{ item }}", style)
        self.p("{%p else %}")
        self.p(empty or t("report.empty.points"), NOTE)
        self.p("{%p endif %}")

    def table(self, headers: list[str], loop: str, cells: list[str], style: str = TABLE_STYLE,
              footer: list[str] | None = None, weights: list[float] | None = None, numeric: int = 1,
              width_cm: float = PORTRAIT_TEXT_CM, values: list[int] | None = None,
              group_row: tuple[str, list[str]] | None = None) -> None:
        """A table with one row per item of `loop`, as wide as the text at most. Columns from `numeric`
        on hold figures (right-aligned); rows never split across pages; the header repeats. With
        `group_row` (a condition and its cells), items where the condition holds get a bold, shaded
        row of their own (a group's row among its indicators)."""
        _keep_with_table(self.doc)
        body = [("loop", f"{{%tr for {loop} %}}")]
        if group_row:
            body += [("if", f"{{%tr if {group_row[0]} %}}"), ("group", ""), ("else", "{%tr else %}"), ("row", ""),
                     ("endif", "{%tr endif %}")]
        else:
            body.append(("row", ""))
        body.append(("endfor", "{%tr endfor %}"))
        table = self.doc.add_table(rows=1 + len(body), cols=len(headers))
        table.style = self.doc.styles[style]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        head, bold, plain = (TABLE_HEAD, TABLE_HEAD_NUMBER), (TABLE_HEAD, TABLE_HEAD_NUMBER), (TABLE_TEXT, TABLE_NUMBER)
        filled = [(table.rows[0], headers, head)]
        for row, (kind, tag) in zip(table.rows[1:], body, strict=False):
            if kind == "row":
                filled.append((row, cells, plain))
            elif kind == "group" and group_row:
                filled.append((row, group_row[1], bold))
                for cell in row.cells:
                    _shade(cell, "DEEAF6")
            else:
                row.cells[0].paragraphs[0].text = tag
        if footer:
            filled.append((table.add_row(), footer, bold))
        for row, texts, (text_style, number_style) in filled:
            for i, (cell, text) in enumerate(zip(row.cells, texts, strict=False)):
                cell.paragraphs[0].text = text
                cell.paragraphs[0].style = self.doc.styles[number_style if i >= numeric else text_style]
        _repeat_header(table.rows[0])
        for row in table.rows:
            _cant_split(row)
        widths = column_widths(headers, weights or [1.0] * len(headers), width_cm, values)
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Cm(width)       # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)     # the cells, which Word follows


def _keep_with_table(doc: Any) -> None:
    """The paragraph that leads into a table (its heading, its intro sentence) keeps with the table, so
    it never ends a page apart from it: headings keep with what follows by their style; an intro gets
    the keeping variant of its style. Jinja tags that open a block before the table are looked past
    (they leave the document); an else/elif/endif means the text before belongs to another branch."""
    body = doc.element.body
    for element in reversed(body[:-1] if body[-1].tag == qn("w:sectPr") else body[:]):
        if element.tag != qn("w:p"):
            return
        paragraph = Paragraph(element, doc._body)
        text = paragraph.text.strip()
        if text.startswith(("{%p if", "{%p endfor")):
            continue
        if text.startswith("{%"):
            return
        keeping = {"Normal": TABLE_INTRO, NOTE: NOTE_INTRO}.get(paragraph.style.name if paragraph.style else "")
        if keeping:
            paragraph.style = doc.styles[keeping]
        return


def _shade(cell: Any, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _cant_split(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _document(footer: str) -> tuple[Any, _Writer]:
    doc = Document()
    _styles(doc)
    _settings(doc)
    _footer(doc, footer)
    doc.core_properties.language = document_language()
    fixed_dates(doc)
    return doc, _Writer(doc)


def _landscape_section(doc: Any) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.different_first_page_header_footer = False


def _cols(*ids: str) -> list[str]:
    """Table headers from the catalogue: report.column.<id>, in the current language."""
    return [t(f"report.column.{i}") for i in ids]


# --- sections both documents have ------------------------------------------------------------------

def _front(w: _Writer, title: str, lines: list[str]) -> None:
    w.p(title, "Title")
    w.p("{{ program.name }}", "Subtitle")
    for line in lines:
        w.p(line, FRONT)


def _contents(w: _Writer) -> None:
    w.p(V.written(V.CONTENTS), "TOC Heading")
    w.p("", TOC_PLACEHOLDER)        # the table of contents goes here when the report is rendered


def _key_figures_table(w: _Writer, loop: str = "k in key_figures") -> None:
    w.table(_cols("key-figure", "value"), loop, ["{{ k.label }}", "{{ k.value }}"], style=KEY_FIGURES_STYLE,
            weights=[2, 1])


def _project_list(w: _Writer) -> None:
    """The appendix: every project, on landscape pages."""
    _landscape_section(w.doc)
    w.h(V.written(V.PROJECT_LIST))
    w.p("{%p if portfolio.truncated %}")
    w.p(t("report.list.truncated"), NOTE)
    w.p("{%p endif %}")
    w.table(_cols("id", "project", "focus-area", "phase", "status", "decision", "granted", "paid"),
            "x in portfolio.projects",
            ["{{ x.id }}", "{{ x.name }}", "{{ x.area }}", "{{ x.phase }}", "{{ x.status }}", "{{ x.date }}",
             "{{ x.granted }}", "{{ x.paid }}"], weights=[0, 5, 3, 0, 0, 0, 0, 0], numeric=6,
            width_cm=LANDSCAPE_TEXT_CM, values=[10, 0, 0, 13, 10, 10, 10, 10])


def _portfolio_by_area(w: _Writer) -> None:
    w.p(t("report.portfolio.lead"))
    w.table(_cols("focus-area", "pre-study", "pre-project-short", "main-project-short", "measure", "all",
                  "granted-mill", "paid-mill"), "r in portfolio.rows",
            ["{{ r.area }}", "{{ r.forstudie }}", "{{ r.forprosjekt }}", "{{ r.hovedprosjekt }}", "{{ r.tiltak }}",
             "{{ r.projects }}", "{{ r.granted }}", "{{ r.paid }}"],
            footer=["{{ portfolio.total.area }}", "{{ portfolio.total.forstudie }}", "{{ portfolio.total.forprosjekt }}",
                    "{{ portfolio.total.hovedprosjekt }}", "{{ portfolio.total.tiltak }}",
                    "{{ portfolio.total.projects }}", "{{ portfolio.total.granted }}", "{{ portfolio.total.paid }}"],
            weights=[4, 0.2, 0.2, 0.2, 0.2, 0.2, 1.5, 1.5])
    w.p("{%p if portfolio.status_counts %}")
    w.p(t("report.portfolio.by-status"), NOTE)
    w.p("{%p endif %}")


def _budget(w: _Writer, level: int) -> None:
    """The year's budget figures, each year's frame against what was granted (the chart's data), the chart."""
    _key_figures_table(w, "k in portfolio.budget")
    w.h(t("vocabulary.budget-years"), level)
    w.table(_cols("year", "frame", "granted", "share", "admin"), "r in budget_years",
            ["{{ r.year }}", "{{ r.frame }}", "{{ r.granted }}", "{{ r.share }}", "{{ r.admin }}"],
            weights=[0, 1, 1, 0, 1], values=[6, 12, 12, 6, 12])
    w.chart("budget", t("report.caption.budget"))


def _jobs_section(w: _Writer, level: int) -> None:
    """Jobs by year (the target column only where there are periodised targets), the chart, by area."""
    w.p("{{ jobs.summary }}")
    w.p("{%p if jobs.has_targets %}")
    w.table(_cols("year", "new", "secured", "sum", "cumulative", "year-target"), "r in jobs.rows",
            ["{{ r.year }}", "{{ r.new }}", "{{ r.secured }}", "{{ r.sum }}", "{{ r.cumulative }}", "{{ r.target }}"],
            footer=[t("report.column.sum"), "{{ jobs.total.new }}", "{{ jobs.total.secured }}", "{{ jobs.total.sum }}",
                    "", ""])
    w.p("{%p else %}")
    w.table(_cols("year", "new", "secured", "sum", "cumulative"), "r in jobs.rows",
            ["{{ r.year }}", "{{ r.new }}", "{{ r.secured }}", "{{ r.sum }}", "{{ r.cumulative }}"],
            footer=[t("report.column.sum"), "{{ jobs.total.new }}", "{{ jobs.total.secured }}", "{{ jobs.total.sum }}",
                    ""])
    w.p("{%p endif %}")
    w.chart("jobs", t("report.caption.jobs"))
    w.h(t("report.heading.by-area"), level)
    w.table(_cols("focus-area", "new", "secured", "sum"), "r in jobs.by_area",
            ["{{ r.area }}", "{{ r.new }}", "{{ r.secured }}", "{{ r.sum }}"], weights=[4, 1, 1, 1])
    w.p("{{ jobs.expected }}", NOTE)


def _follow_up(w: _Writer, level: int) -> None:
    """Last year's recommended actions and how far each has come."""
    w.p(t("report.follow-up.lead"))
    w.table(_cols("status", "count"), "c in follow_up.counts", ["{{ c.status }}", "{{ c.count }}"], weights=[3, 1])
    w.p("{%p for g in follow_up.groups %}")
    w.h("{{ g.indicator }}", level)
    w.table(_cols("measure", "status", "comment"), "x in g.actions",
            ["{{ x.text }}", "{{ x.status }}", "{{ x.comment }}"], weights=[5, 1, 3], numeric=3)
    w.p("{%p endfor %}")


def _themes(w: _Writer, level: int, score_line: str, scored: bool) -> None:
    """The score lines: the themes of an indicator at heading `level` (a theme group is a heading above
    its themes), each with its questions, statement and line of scores."""
    w.p("{%p for t in ind.themes %}")
    w.p("{%p if t.group_heading %}")
    w.h("{{ t.group_heading }}", level)
    w.p("{%p endif %}")
    w.p("{%p if ind.theme_groups %}")
    w.h("{{ t.title }}", level + 1)
    w.p("{%p else %}")
    w.h("{{ t.title }}", level)
    w.p("{%p endif %}")
    w.each("q in t.questions", "{{ q }}", "List Bullet")
    w.p("{{ t.statement }}", STATEMENT)
    line = w.p("", SCORE_LINE)
    line.add_run(score_line, style=w.doc.styles[SCORE_CHAR])
    if scored:
        w.p("{%p if t.comment %}")
        w.p(V.written(V.COMMENT) + ": {{ t.comment }}", NOTE)
        w.p("{%p endif %}")
    w.p("{%p endfor %}")


def _indicator_heading(w: _Writer, level: int, new_page: bool) -> None:
    """The indicator's name: a chapter of its own (level 1), or under its group's heading (level 2)."""
    def plain() -> Any:
        return w.p("{{ ind.name }}", INDICATOR) if level == 2 else w.h("{{ ind.name }}", level)

    if not new_page:
        plain()
        return
    w.p("{%p if ind.new_page %}")
    if level == 1:
        w.chapter("{{ ind.name }}")
    else:
        w.p("{{ ind.name }}", INDICATOR_PAGE)
    w.p("{%p else %}")
    plain()
    w.p("{%p endif %}")


def _by_group(w: _Writer, block: Any, group_chapter: bool) -> None:
    """The indicators, under a heading per group where the framework groups them (one level down)."""
    w.p("{%p for ch in chapters %}")
    w.p("{%p if ch.heading %}")
    if group_chapter:
        w.chapter("{{ ch.heading }}")
    else:
        w.h("{{ ch.heading }}", 2)
    w.p("{%p for ind in ch.indicators %}")
    block(w, 2 if group_chapter else 3)
    w.p("{%p endfor %}")
    w.p("{%p else %}")
    w.p("{%p for ind in ch.indicators %}")
    block(w, 1 if group_chapter else 2)
    w.p("{%p endfor %}")
    w.p("{%p endif %}")
    w.p("{%p endfor %}")


def _prescore_table(w: _Writer) -> None:
    """Per indicator, the spread of the participants' own scores beside the agreed total (never names)."""
    w.p("{%p if prescores.has %}")
    w.h(V.written(V.PRESCORES), 2)
    w.p(t("report.prescores.lead"))
    w.table(_cols("indicator", "total", "mean-before", "widest-spread", "discuss-first"), "r in prescores.rows",
            ["{{ r.name }}", "{{ r.total }}", "{{ r.mean }}", "{{ r.spread }}", "{{ r.discuss }}"],
            weights=[6, 1, 1, 1, 1])
    w.p("{%p endif %}")


def _action_plan(w: _Writer, empty: str) -> None:
    """What the programme manager presented, the priorities right after it (the text ends in a colon
    that introduces them), then the closing text."""
    w.p("{%p if texts.action_plan or texts.action_plan_priorities %}")
    w.each("para in texts.action_plan", "{{ para }}")
    w.each("item in texts.action_plan_priorities", "{{ item }}", "List Bullet")
    w.each("para in texts.action_plan_closing", "{{ para }}")
    w.p("{%p else %}")
    w.p(empty, NOTE)
    w.p("{%p endif %}")


def _properties(doc: Any, title: str, subject: str) -> None:
    doc.core_properties.title = title
    doc.core_properties.subject = subject
    doc.core_properties.author = "{{ program.author }}"
    doc.core_properties.comments = t("report.property.comments")


def _out(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return normalize_docx(out.getvalue())


def _build(footer: str, title: str, subject: str, sections: tuple[Any, ...]) -> bytes:
    """A document: its footer and properties, then its sections in order."""
    doc, w = _document(footer)
    _properties(doc, title, subject)
    for section in sections:
        section(w)
    return _out(doc)


# --- the fact base: what the PSV team reads a week before the meeting -------------------------------

def _factbase_front(w: _Writer) -> None:
    _front(w, t("factbase.front.title"),
           [V.written(V.OWNER) + ": {{ program.owner }}", V.written(V.PERIOD) + ": {{ program.period }}",
            t("factbase.front.meeting"), t("factbase.front.as-of")])
    w.p(t("factbase.front.to-team"), NOTE)


def _agenda(w: _Writer) -> None:
    """The meeting's order: themes with the widest spread of pre-scores first."""
    w.p("{%p if prescores.has %}")
    w.chapter(t("report.heading.agenda"))
    w.p(t("report.agenda.lead"))
    w.table(_cols("number", "indicator", "theme", "count", "mean", "range", "spread", "note"), "x in prescores.agenda",
            ["{{ x.number }}", "{{ x.indicator }}", "{{ x.theme }}", "{{ x.n }}", "{{ x.mean }}", "{{ x.range }}",
             "{{ x.spread }}", "{{ x.discuss }}"], weights=[0, 2, 6, 0, 0, 0, 0, 0], numeric=3,
            values=[3, 0, 0, 2, 3, 3, 1, 11])
    w.p("{%p endif %}")


def _programme(w: _Writer) -> None:
    """The programme: its focus areas, goals and job targets, organisation, this year's action plan."""
    w.chapter(t("report.heading.programme"))
    w.p(t("factbase.focus-areas.lead"))
    w.bullets("focus_areas", empty=t("report.empty.focus-areas"))
    w.h(t("report.heading.goals"), 2)
    w.each("para in program.goals", "{{ para }}")
    w.each("para in goals", "{{ para }}")
    w.p("{%p if targets.split_by_area %}")
    w.table(_cols("year", "new", "secured", "sum", "by-area"), "r in targets.rows",
            ["{{ r.year }}", "{{ r.new }}", "{{ r.secured }}", "{{ r.sum }}", "{{ r.areas }}"],
            weights=[0, 0, 0, 0, 1], numeric=1, values=[6, 5, 5, 5, 0])
    w.p("{%p elif targets.rows %}")
    w.table(_cols("year", "new", "secured", "sum"), "r in targets.rows",
            ["{{ r.year }}", "{{ r.new }}", "{{ r.secured }}", "{{ r.sum }}"], weights=[1, 1, 1, 1])
    w.p("{%p endif %}")
    w.h(t("report.heading.organisation"), 2)
    w.each("para in program.organisation", "{{ para }}")
    w.p("{%p if organisation.groups %}")
    w.table(_cols("programme-role", "name"), "g in organisation.groups", ["{{ g.role }}", "{{ g.names }}"],
            weights=[1, 2], numeric=2)
    w.p("{%p endif %}")
    w.each("para in organisation.notes", "{{ para }}")
    w.h(t("report.heading.action-plan-priorities"), 2)
    _action_plan(w, empty=t("report.empty.action-plan"))


def _since_last(w: _Writer) -> None:
    """Since the last review: this year's projects, last year's assessment and the follow-up."""
    w.h(t("report.heading.since-last"))
    w.p("{{ since_last.granted }}")            # the year's projects: the table under it lists them
    w.p("{%p if projects_this_year %}")
    w.table(_cols("id", "project", "phase", "decision", "granted"), "x in projects_this_year",
            ["{{ x.id }}", "{{ x.name }}", "{{ x.phase }}", "{{ x.date }}", "{{ x.granted }}"],
            weights=[0, 4, 0, 0, 0], numeric=4, values=[10, 0, 13, 10, 12])
    w.p("{%p endif %}")
    w.each("para in since_last.more", "{{ para }}")
    _last_year(w)
    w.p("{%p if follow_up %}")
    w.h(t("report.heading.follow-up-actions"), 2)
    _follow_up(w, 3)
    w.p("{%p endif %}")


def _last_year(w: _Writer) -> None:
    w.p("{%p if last_year or texts.previous_main_conclusion or texts.previous_recommendations %}")
    w.h(t("report.heading.last-year"), 2)
    w.p("{%p if texts.previous_main_conclusion %}")
    w.h(t("report.heading.last-conclusion"), 3)
    w.each("para in texts.previous_main_conclusion", "{{ para }}")
    w.p("{%p endif %}")
    w.p("{%p if texts.previous_recommendations %}")
    w.h(t("report.heading.last-recommendations"), 3)
    w.each("item in texts.previous_recommendations", "{{ item }}", "List Number")
    w.p("{%p endif %}")
    w.p("{%p if last_year %}")
    w.h(t("report.heading.last-totals"), 3)
    w.p(t("factbase.last-year.mean"))
    w.table(_cols("indicator", "total-last-year"), "r in last_year", ["{{ r.name }}", "{{ r.total }}"], weights=[4, 1])
    w.p("{%p endif %}")
    w.p("{%p endif %}")


def _factbase_figures(w: _Writer) -> None:
    """Key figures with the budget, the portfolio, the jobs: each a chapter."""
    w.h(V.written(V.KEY_FIGURES))
    _key_figures_table(w, "k in key_figures_apart")      # the budget's figures stand in the table below
    w.h(t("report.heading.budget-grants"), 2)
    _budget(w, 3)
    w.h(t("report.heading.portfolio"))
    _portfolio_by_area(w)
    w.h(t("vocabulary.jobs-short"))
    _jobs_section(w, 2)


def _factbase_indicator(w: _Writer, level: int) -> None:
    w.h("{{ ind.name }}", level)
    w.each("para in ind.description", "{{ para }}")
    _themes(w, level + 1, "{{r t.form_line }}", scored=False)   # check boxes: report/forms.py


def _review(w: _Writer) -> None:
    """Today's review: the indicators, themes and statements as a form to score."""
    w.chapter(t("report.heading.review"))
    w.p(t("factbase.review.lead"))
    w.p("{{ form.instruction }}", LEAD)
    _by_group(w, _factbase_indicator, group_chapter=False)


FACTBASE_SECTIONS = (_factbase_front, _contents, _agenda, _programme, _since_last, _factbase_figures, _review,
                     _project_list)


def build_factbase_template() -> bytes:
    """The faktagrunnlag: the same context and styles as the report; no scores, no assessment texts."""
    return _build(t("factbase.footer"), t("factbase.property.title"), t("factbase.property.subject"),
                  FACTBASE_SECTIONS)


# --- the report ---------------------------------------------------------------------------------------

def _report_front(w: _Writer) -> None:
    _front(w, V.written(V.TITLE) + " {{ program.year }}",
           [V.written(V.OWNER) + ": {{ program.owner }}", V.written(V.PERIOD) + ": {{ program.period }}",
            V.written(V.DATE) + ": {{ program.date }}", V.written(V.AUTHOR) + ": {{ program.author }}"])


def _about(w: _Writer) -> None:
    """About the assessment, the participants, the main conclusion and the key figures."""
    w.chapter(V.written(V.ABOUT))
    w.each("para in about", "{{ para }}")
    w.h(V.written(V.PARTICIPANTS), 2)
    w.table(_cols("name", "role"), "x in program.participants", ["{{ x.name }}", "{{ x.role }}"],
            weights=[1, 1.2], numeric=2)
    w.h(V.written(V.MAIN_CONCLUSION))
    w.text("texts.main_conclusion")
    w.h(V.written(V.KEY_FIGURES), 2)
    _key_figures_table(w)


def _score_table(w: _Writer) -> None:
    """The totals, a bold shaded row per group of indicators (its mean)."""
    group = "{{ r.name }}"
    overall = t("report.score-overview.overall")
    w.p("{%p if scores.has_previous %}")
    w.table(_cols("indicator", "total", "theme-mean", "last-year", "change"), "r in scores.rows",
            ["{{ r.name }}", "{{ r.total }}", "{{ r.mean }}", "{{ r.previous }}", "{{ r.change }}"],
            footer=[overall, "{{ scores.overall }}", "", "", ""], weights=[6, 1, 1, 1, 1],
            group_row=("r.is_group", [group, "{{ r.total }}", "", "", ""]))
    w.p("{%p else %}")
    w.table(_cols("indicator", "total", "theme-mean"), "r in scores.rows",
            ["{{ r.name }}", "{{ r.total }}", "{{ r.mean }}"],
            footer=[overall, "{{ scores.overall }}", ""], weights=[6, 1, 1],
            group_row=("r.is_group", [group, "{{ r.total }}", ""]))
    w.p("{%p endif %}")


def _score_overview(w: _Writer) -> None:
    """The score overview chapter: the table, the pre-scores, the radar and the trend."""
    w.h(V.written(V.OVERVIEW))
    w.p(t("report.score-overview.lead"))
    _score_table(w)
    _prescore_table(w)
    w.p("{%p if charts.radar %}")
    w.p("{{ charts.radar }}", FIGURE)
    w.p(t("report.caption.radar"), NOTE)
    w.p("{%p endif %}")
    w.p("{%p if charts.trend %}")
    w.h(V.written(V.TREND), 2)
    w.p("{{ charts.trend }}", FIGURE)
    w.p(t("report.caption.trend"), NOTE)
    w.table(_cols("indicator", "totals-by-year"), "r in trend.rows", ["{{ r.name }}", "{{ r.totals }}"],
            weights=[2, 3], numeric=2)
    w.p("{%p endif %}")


def _report_follow_up(w: _Writer) -> None:
    w.p("{%p if follow_up %}")
    w.h(V.written(V.FOLLOW_UP))
    _follow_up(w, 2)
    w.p("{%p endif %}")


def _plan_and_recommendations(w: _Writer) -> None:
    w.h(V.written(V.ACTION_PLAN) + " {{ program.year }}")
    _action_plan(w, empty=t("report.empty.text"))
    w.h(V.written(V.RECOMMENDATIONS))
    w.p(V.written(V.LEAD_RECOMMENDATIONS), LEAD)
    w.bullets("texts.recommendations", style="List Number")


def _summaries(w: _Writer) -> None:
    w.h(V.written(V.SUMMARIES))
    w.p("{%p for ind in indicators %}")
    w.h("{{ ind.name }} – {{ ind.total }}", 2)
    w.text("ind.summary")
    w.p("{%p endfor %}")


def _report_indicator(w: _Writer, level: int) -> None:
    _indicator_heading(w, level, new_page=True)
    w.each("para in ind.description", "{{ para }}")
    w.each("para in ind.guidance", "{{ para }}", NOTE)
    _themes(w, level + 1, "{{ t.score_line }}", scored=True)
    w.h(V.written(V.STRENGTHS), level + 1)
    w.bullets("ind.strengths")
    w.h(V.written(V.IMPROVEMENTS), level + 1)
    w.bullets("ind.improvements")
    w.h(V.written(V.ACTIONS), level + 1)
    w.bullets("ind.actions", style=ACTION)
    w.p(V.written(V.TOTAL) + ": {{ ind.total }}", TOTAL)
    w.p("{%p if ind.deviation_note %}")
    w.p("{{ ind.deviation_note }}", NOTE)
    w.p("{%p endif %}")


def _indicators(w: _Writer) -> None:
    """One chapter per indicator (each starts a page), under a heading per group where there are groups."""
    _by_group(w, _report_indicator, group_chapter=True)


def _report_figures(w: _Writer) -> None:
    """The figures flow after the last indicator: portfolio, budget, jobs."""
    w.chapter(V.written(V.PORTFOLIO))
    _portfolio_by_area(w)
    w.h(V.written(V.BUDGET), 2)
    _budget(w, 3)
    w.h(V.written(V.JOBS))
    _jobs_section(w, 2)


def _closing(w: _Writer) -> None:
    w.h(V.written(V.CLOSING))
    w.p(V.written(V.LEAD_CLOSING), LEAD)
    w.h(V.written(V.CRITICAL_FACTORS), 2)
    w.bullets("texts.critical_factors")
    w.h(V.written(V.BIGGEST_CHALLENGES), 2)
    w.bullets("texts.biggest_challenges")
    w.h(V.written(V.USEFULNESS), 2)
    w.text("texts.usefulness")


REPORT_SECTIONS = (_report_front, _contents, _about, _score_overview, _report_follow_up, _plan_and_recommendations,
                   _summaries, _indicators, _report_figures, _closing, _project_list)


def build_report_template() -> bytes:
    return _build(t("report.footer"), t("report.property.title"), t("report.property.subject"), REPORT_SECTIONS)
