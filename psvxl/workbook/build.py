"""Build a PSV workbook with XlsxWriter: the blank template, or one filled from an `Assessment`.

Everything about where things go comes from layout.py. The workbook is made for staff working in
Excel: Norwegian input messages and dropdowns on every column, required cells highlighted while
empty, frozen headers, real Excel tables, print set-up, and a live mean formula beside each agreed
total. Builds are deterministic (fixed document dates), so the committed template can be compared
with a fresh build.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any, cast

import xlsxwriter
from xlsxwriter.utility import quote_sheetname

from psvxl import i18n, layout
from psvxl.formatting import number as fmt_number
from psvxl.framework import is_standard, rules_in, scores, standard
from psvxl.i18n import t
from psvxl.layout import Column, TableSheet
from psvxl.model import Assessment, Framework, Indicator, Program
from psvxl.results import RESULT_COLUMNS, RESULT_STYLES, STYLE_COLUMN, STYLE_FORMATS
from psvxl.reading import prescore_sheet
from psvxl.workbook import control_sheet

FIXED_CREATED = dt.datetime(2024, 1, 1)
VALIDATION_ROWS = 1000       # data validation and highlighting reach this far below each header
TOP_LEFT = layout.cell_address(0, 0)      # where each sheet opens


def _first_column_rows() -> str:
    """The first column's data rows as an absolute range ($A$2:$A$1001): the lists' defined names."""
    column, first = layout.column_letter(0), 2       # row 1 is the header
    return f"${column}${first}:${column}${VALIDATION_ROWS + 1}"
BLANK_ROWS = {               # empty table rows offered in a blank sheet
    "participants": 12, "focus_areas": 6, "portfolio": 20, "jobs": 20, "job_targets": 10,
    "budget": 6, "previous_actions": 10, "history": 10, "lists": 10,
}
POINT_ROWS_PER_INDICATOR = 3
GUIDE_WIDTH = 95
TITLE_ROW_HEIGHT = 24        # a 16 pt title does not fit Excel's default 15 pt row
# The buttons of the macro-enabled workbook: the catalogue key of the caption and the VBA macro it runs.
BUTTONS = (("button.recompute.name", "Beregn"), ("button.check.name", "Kontroller"), ("button.report.name", "LagRapport"))
# The guide sheet, line by line: the catalogue key and the style. Its fields are the framework's words
# (framework_words) and the sheets' and buttons' names (guide_names).
GUIDE = (
    ("workbook.guide.title", "title"),
    ("workbook.guide.intro", None),
    ("workbook.guide.how", "heading"),
    *((f"workbook.guide.step-{n}", None) for n in range(1, 10)),
    ("workbook.guide.framework", None),
    ("workbook.guide.yellow", "note"),
    ("workbook.guide.check-and-report", "heading"),
    ("workbook.guide.command-line", None),
    ("workbook.guide.buttons", None),
    ("workbook.guide.two-ways", "heading"),
    ("workbook.guide.with-python", None),
    ("workbook.guide.lite", None),
    ("workbook.guide.lite-download", "note"),
    ("workbook.guide.numbers", "note"),
)

def blank_assessment(framework: Framework | None = None, indicators: list[Indicator] | None = None,
                     language: str = "nb") -> Assessment:
    """The template's content: an indicator set (default: the standard one, in målform `language`),
    nothing filled in."""
    if indicators is None:
        framework, indicators = standard(language)
    return Assessment(program=Program(language=language), indicators=indicators,
                      framework=None if framework is None or is_standard(framework) else framework)


def framework_words(framework: Framework) -> dict[str, str]:
    """What help texts and the guide say of the framework: {min}, {max}, {step}, {labels}, {framework}."""
    scale = framework.scale
    labels = "; ".join(f"{k} = {v}" for k, v in sorted(scale.labels.items(), key=lambda kv: int(kv[0])))
    return {"min": str(scale.min), "max": str(scale.max), "step": fmt_number(framework.total_step),
            "labels": labels or t("workbook.scale.ends", min=scale.min, max=scale.max),
            "framework": framework.name or t("workbook.framework.own")}


def guide_names(lang: str = "nb") -> dict[str, str]:
    """The names the guide speaks of, as a workbook in målform `lang` spells them: the sheets (from layout),
    the columns of Vurderingspunkter, the buttons."""
    sheets = {"guide": layout.GUIDE_SHEET, "program": layout.PROGRAM_SHEET, "results": layout.RESULTS_SHEET,
              "control": layout.CONTROL_SHEET, **{spec.key: spec.name for spec in layout.TABLE_SHEETS}}
    sheets = {key: layout.sheet_name(name, lang) for key, name in sheets.items()}
    columns = {key: layout.POINTS.column(key).header(lang) for key in ("strengths", "improvements", "actions")}
    buttons = {key: t(f"button.{key}.name") for key in ("recompute", "check", "report")}
    return {**sheets, **{f"column_{k}": v for k, v in columns.items()}, **{f"button_{k}": v for k, v in buttons.items()}}


def build_workbook(assessment: Assessment | None = None, target: str | Path | io.BytesIO | None = None,
                   *, vba_project: bytes | None = None, buttons: bool = False,
                   notes: list[tuple[str, str, str, str, str]] | None = None) -> bytes | None:
    """Write the workbook to `target` (a path, or returned as bytes when None).

    `vba_project` (a vbaProject.bin) makes a macro-enabled workbook; the target must then be .xlsm.
    `notes` are rows for the Kontroll sheet (type, where, place, message, code): what an import could
    not place, say.
    """
    assessment = assessment or blank_assessment()
    buffer = io.BytesIO() if target is None else target
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}
    # The workbook speaks its målform whatever the language of the messages (--lang en keeps a bokmål book).
    with i18n.using(assessment.program.language), xlsxwriter.Workbook(buffer, options) as book:
        builder = _Builder(book, assessment, notes or [])
        builder.build()
        if vba_project is not None:
            book.add_vba_project(io.BytesIO(vba_project), is_stream=True)
            book.set_vba_name("ThisWorkbook")
            if buttons:
                builder.buttons()
    return cast(io.BytesIO, buffer).getvalue() if target is None else None


class _Builder:
    def __init__(self, book: xlsxwriter.Workbook, assessment: Assessment,
                 notes: list[tuple[str, str, str, str, str]]) -> None:
        self.book = book
        self.a = assessment
        self.notes = notes
        self.lang = assessment.program.language
        self.rules = rules_in(assessment.rules, self.lang)     # the standard set named in the målform
        self.words = framework_words(self.rules)
        book.set_properties({"title": t("workbook.properties.title"), "created": FIXED_CREATED,
                             "author": "psvxl", "comments": t("workbook.properties.comments")})
        book.set_calc_mode("auto")
        f = book.add_format
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.fmt = {
            "header": f({**base, "bold": True, "text_wrap": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF",
                         "border": 1, "valign": "vcenter"}),
            "text": f({**base, "text_wrap": True}),
            "int": f({**base, "num_format": "0"}),
            "number": f({**base, "num_format": "0.0"}),
            "amount": f({**base, "num_format": "#,##0"}),
            "date": f({**base, "num_format": "dd.mm.yyyy", "align": "left"}),
            "label": f({**base, "bold": True, "text_wrap": True}),
            "help": f({**base, "italic": True, "font_color": "#595959", "text_wrap": True}),
            "instruction": f({**base, "italic": True, "font_color": "#595959"}),
            "title": f({**base, "bold": True, "font_size": 16, "font_color": "#1F4E79"}),
            "heading": f({**base, "bold": True, "font_size": 12, "font_color": "#1F4E79"}),
            "note": f({**base, "italic": True, "text_wrap": True, "bg_color": "#FFF2CC"}),
            "missing": f({"bg_color": "#FFE699"}),
            "formula": f({**base, "num_format": "0.0", "bg_color": "#F2F2F2", "italic": True}),
            "result": f({**base, "bg_color": "#E2EFDA"}),
        }

    def build(self) -> None:
        sheets = {name: self.book.add_worksheet(self.sheet(name)) for name in layout.SHEET_ORDER}
        for name, spec in ((layout.FOCUS_AREA_NAME, layout.FOCUS_AREAS), (layout.INDICATOR_ID_NAME, layout.ASSESSMENTS)):
            self.book.define_name(layout.defined_name(name, self.lang),
                                  f"={quote_sheetname(self.sheet(spec.name))}!{_first_column_rows()}")
        self.guide(sheets[layout.GUIDE_SHEET])
        self.program(sheets[layout.PROGRAM_SHEET])
        for spec in layout.TABLE_SHEETS:
            self.table(sheets[spec.name], spec, self.rows_of(spec))
        self.results(sheets[layout.RESULTS_SHEET])
        self.control(sheets[layout.CONTROL_SHEET])
        if self.a.prescores:       # only where there are pre-scores: collect-scores adds the sheet otherwise
            sheets["prescores"] = self.prescores(self.book.add_worksheet(self.sheet(prescore_sheet.SHEET)))
        # It opens on the guide, at its top.
        guide = sheets[layout.GUIDE_SHEET]
        guide.activate()
        guide.set_first_sheet()
        guide.set_selection(TOP_LEFT)
        for ws in sheets.values():
            if ws is not guide:
                ws.set_selection(TOP_LEFT)

    def sheet(self, name: str) -> str:
        """A layout sheet's name in the workbook's målform."""
        return layout.sheet_name(name, self.lang)

    def prescores(self, ws: Any) -> Any:
        """The Forhåndsvurdering sheet, cell for cell as workbook/prescore_write.py writes it."""
        rows = prescore_sheet.sheet_rows(self.a, self.sheet(prescore_sheet.SHEET))
        styles = {0: self.fmt["title"], 1: self.fmt["instruction"], prescore_sheet.HEADER_ROW: self.fmt["header"]}
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if value is not None and value != "":
                    ws.write(r, c, value, styles.get(r))
        for c, width in enumerate(prescore_sheet.WIDTHS):
            ws.set_column(c, c if c < len(prescore_sheet.WIDTHS) - 1 else max(c, len(rows[prescore_sheet.HEADER_ROW]) - 1), width)
        ws.freeze_panes(prescore_sheet.HEADER_ROW + 1, prescore_sheet.FIRST_PARTICIPANT_COLUMN)
        return ws

    def control(self, ws: Any) -> None:
        for col, width in enumerate(control_sheet.WIDTHS):
            ws.set_column(col, col, width, self.fmt["text"] if col == control_sheet.TEXT_COLUMN else None,
                          {"hidden": True} if col == control_sheet.HIDDEN_COLUMN else {})
        ws.write_string(control_sheet.TITLE_ROW, 0, layout.CONTROL_SHEET, self.fmt["title"])
        ws.set_row(control_sheet.TITLE_ROW, TITLE_ROW_HEIGHT)
        # One line that runs on over the empty cells beside it (wrapped in column A it showed «Fylles av»).
        ws.write_string(control_sheet.SUMMARY_ROW, 0, control_sheet.instruction(), self.fmt["instruction"])
        for col, label in enumerate(control_sheet.headers()):
            ws.write_string(control_sheet.HEADER_ROW, col, label, self.fmt["header"])
        for row, note in enumerate(self.notes, start=control_sheet.FIRST_ROW):
            for col, text in enumerate(note):
                ws.write_string(row, col, text, self.fmt["text"])
        self._print(ws, landscape=True)

    def buttons(self) -> None:
        """The Beregn / Kontroller / Lag rapport buttons on the guide and result sheets."""
        # On Resultater right after the result area (column I), where the eye lands on a 1600 px screen.
        for name, row, col in ((layout.GUIDE_SHEET, 1, 1), (layout.RESULTS_SHEET, 0, layout.RESULT_LAST_COLUMN + 1)):
            ws = self.book.get_worksheet_by_name(self.sheet(name))
            for i, (caption, macro) in enumerate(BUTTONS):
                ws.insert_button(row + i * 3, col, {"macro": macro, "caption": t(caption), "width": 150, "height": 36})

    # --- content of each table sheet, as rows of {column key: value} ------------------------

    def rows_of(self, spec: TableSheet) -> list[dict[str, Any]]:
        a = self.a
        if spec is layout.FOCUS_AREAS:
            return [{"focus_area": area} for area in a.focus_areas]
        if spec is layout.ASSESSMENTS:
            return [vars(ind) for ind in a.indicators]
        if spec is layout.INDICATORS:
            return [{"indicator": ind.id, **vars(theme)} for ind in a.indicators for theme in ind.themes]
        if spec is layout.POINTS:
            rows = []
            for ind in a.indicators:
                count = max(len(ind.strengths), len(ind.improvements), len(ind.actions), POINT_ROWS_PER_INDICATOR)
                for i in range(count):
                    rows.append({"indicator": ind.id, **{key: _at(getattr(ind, key), i)
                                                         for key in ("strengths", "improvements", "actions")}})
            return rows
        if spec is layout.CONCLUSIONS:
            keys = [c.key for c in spec.columns]
            count = max(len(getattr(a.texts, key)) for key in keys)
            return [{key: _at(getattr(a.texts, key), i) for key in keys} for i in range(count)]
        records = a.program.participants if spec is layout.PARTICIPANTS else getattr(a, spec.key)
        return [vars(record) for record in records]

    # --- sheets -----------------------------------------------------------------------------

    def guide(self, ws: Any) -> None:
        ws.set_column(0, 0, GUIDE_WIDTH, self.fmt["text"])
        ws.hide_gridlines(2)
        names = guide_names(self.lang)
        for row, (key, style) in enumerate(GUIDE):
            text = t(key, **self.words, **names)
            ws.write_string(row, 0, text, self.fmt[style] if style else self.fmt["text"])
            lines = _lines(text, Column("guide", "", width=GUIDE_WIDTH * 0.9))
            if style == "title":
                ws.set_row(row, TITLE_ROW_HEIGHT)
            elif lines > 1:
                ws.set_row(row, 15 * lines)
        self._print(ws, landscape=False)

    def program(self, ws: Any) -> None:
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 80)
        ws.set_column(2, 2, HELP_WIDTH)
        for col, header in enumerate(("field", "value", "help")):
            ws.write_string(0, col, t(f"workbook.program.header.{header}"), self.fmt["header"])
        ws.freeze_panes(1, 0)
        for i, fld in enumerate(layout.PROGRAM_FIELDS, start=1):
            value = self.program_value(fld.path)
            ws.write_string(i, 0, fld.text(self.lang), self.fmt["label"])
            self._write(ws, i, 1, fld.kind, value)
            ws.write_string(i, 2, fld.help_text.format(**self.words), self.fmt["help"])
            # Rows tall enough for the value and for the help text beside it (else they overlap in print).
            help_lines = _lines(fld.help_text.format(**self.words), Column("help", "", width=HELP_WIDTH))
            if fld.long:
                ws.set_row(i, 120)
            else:
                value_lines = len(value) if fld.kind == layout.LINES and value else 1
                if max(help_lines, value_lines) > 1:
                    ws.set_row(i, 15 * max(help_lines, value_lines))
            self._validate(ws, i, 1, i, 1, fld.kind, fld.choices, fld.text(self.lang), fld.help_text)
            if fld.required:
                ws.conditional_format(i, 1, i, 1, {"type": "blanks", "format": self.fmt["missing"]})
        self._print(ws, landscape=False)

    def program_value(self, path: str) -> Any:
        """The value of a Program field; the framework's as lines where it has several."""
        first, *rest = path.split(".")
        if first != "framework":
            return getattr(getattr(self.a, first), rest[0])
        fw = self.rules
        if path == "framework.scale.labels":
            return [f"{k} = {v}" for k, v in sorted(fw.scale.labels.items(), key=lambda kv: int(kv[0]))]
        if path == "framework.groups":
            return [f"{g.id} = {g.name or g.id}" for g in fw.groups]
        value: Any = fw
        for attr in rest:
            value = getattr(value, attr)
        return value

    def table(self, ws: Any, spec: TableSheet, rows: list[dict[str, Any]]) -> None:
        count = max(len(rows), BLANK_ROWS.get(spec.key, 0), 1)
        last_col = len(spec.columns) - 1
        ws.add_table(0, 0, count, last_col, {
            "name": spec.table_name(self.lang), "style": "Table Style Medium 2", "autofilter": True,
            "columns": [{"header": c.header(self.lang), "header_format": self.fmt["header"]} for c in spec.columns],
        })
        ws.set_row(0, 45)
        ws.freeze_panes(1, 2 if spec is layout.INDICATORS else 1 if spec is layout.PORTFOLIO else 0)
        for col, column in enumerate(spec.columns):
            ws.set_column(col, col, column_width(column, self.lang), self._column_format(column))
            last_row = max(count, VALIDATION_ROWS)
            self._validate(ws, 1, col, last_row, col, column.kind, column.choices, column.header(self.lang), column.help_text,
                           column=column)
            if column.required:
                ref = layout.cell_address(1, col)
                row_start = layout.cell_address(1, 0).replace("A", "$A")
                row_end = "$" + layout.cell_address(1, last_col)
                ws.conditional_format(1, col, last_row, col, {
                    "type": "formula", "format": self.fmt["missing"],
                    "criteria": f"=AND(ISBLANK({ref}),COUNTA({row_start}:{row_end})>0)"})
        for r, values in enumerate(rows, start=1):
            lines = max((_lines(values.get(c.key), c) for c in spec.columns if not (c.formula or c.result)), default=1)
            if lines > 1:
                ws.set_row(r, min(15 * lines, 180))
            for col, column in enumerate(spec.columns):
                if column.formula:
                    self._formula(ws, r, col, column, spec)
                elif not column.result:
                    self._write(ws, r, col, column.kind, self._word(column, values.get(column.key)))
        for r in range(len(rows) + 1, count + 1):
            for col, column in enumerate(spec.columns):
                if column.formula:
                    self._formula(ws, r, col, column, spec)
        self._print(ws, landscape=True)

    def results(self, ws: Any) -> None:
        ws.set_column(0, 0, 46)
        ws.set_column(1, 6, 15)
        ws.set_column(7, 7, 30)
        ws.set_column(layout.RESULT_LAST_COLUMN + 1, layout.RESULT_LAST_COLUMN + 1, 24)
        ws.set_row(0, TITLE_ROW_HEIGHT)
        ws.write_string(0, 0, self.sheet(layout.RESULTS_SHEET), self.fmt["title"])
        ws.write_string(1, 0, t("workbook.results.instruction", button=t("button.recompute.name"),
                                first=layout.column_letter(layout.RESULT_FIRST_COLUMN),
                                last=layout.column_letter(layout.RESULT_LAST_COLUMN)), self.fmt["instruction"])
        # One sample cell per result style in a hidden column: writers reuse these formats.
        f = self.book.add_format
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        for row, name in enumerate(RESULT_STYLES):
            ws.write_string(row, STYLE_COLUMN, f"psvxl:{name}", f({**base, **STYLE_FORMATS[name]}))
        ws.set_column(STYLE_COLUMN, STYLE_COLUMN, 12, None, {"hidden": True})
        ws.print_area(0, 0, 200, RESULT_COLUMNS - 1)
        self._print(ws, landscape=False)

    # --- cells ------------------------------------------------------------------------------

    def _column_format(self, column: Column) -> Any:
        if column.formula:
            return self.fmt["formula"]
        if column.result:
            return self.fmt["result"]
        return {
            layout.AMOUNT: self.fmt["amount"], layout.DATE: self.fmt["date"], layout.INT: self.fmt["int"],
            layout.TOTAL: self.fmt["number"],
        }.get(column.kind, self.fmt["text"])

    def _formula(self, ws: Any, row: int, col: int, column: Column, spec: TableSheet) -> None:
        # The mean of the indicator's scored themes, live in Excel; Python never reads it.
        themes = layout.INDICATORS
        score = layout.column_letter(themes.columns.index(themes.column("score")))
        key = layout.column_letter(themes.columns.index(themes.column("indicator")))
        sheet = quote_sheetname(self.sheet(themes.name))
        own_id = layout.cell_address(row, spec.columns.index(spec.column("id"))).replace("A", "$A", 1)
        ws.write_formula(row, col, f'=IFERROR(AVERAGEIFS({sheet}!${score}:${score},{sheet}!${key}:${key},{own_id}),"")',
                         self.fmt["formula"], "")

    def _word(self, column: Column, value: Any) -> Any:
        """A list value (status, phase) as the workbook's målform writes it: «avslutta» in nynorsk."""
        if column.choices in layout.VOCABULARIES and isinstance(value, str):
            return layout.choice_word(column.choices, value, self.lang)
        return value

    def _write(self, ws: Any, row: int, col: int, kind: str, value: Any) -> None:
        if value is None or value == []:
            return
        if kind == layout.LINES:
            ws.write_string(row, col, "\n".join(value), self.fmt["text"])
        elif kind == layout.DATE:
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.fmt["date"])
        elif kind == layout.BOOL:
            ws.write_string(row, col, layout.VOCABULARIES["yes_no"][0 if value else 1], self.fmt["text"])
        elif kind == layout.LANGUAGE:
            ws.write_string(row, col, layout.MAALFORM_WORDS.get(value, value), self.fmt["text"])
        elif kind == layout.AMOUNT:
            ws.write_number(row, col, value, self.fmt["amount"])
        elif kind in (layout.INT, layout.COUNT, layout.SCORE):
            ws.write_number(row, col, value, self.fmt["int"] if float(value).is_integer() else self.fmt["number"])
        elif kind == layout.TOTAL:
            ws.write_number(row, col, value, self.fmt["number"])
        else:
            ws.write_string(row, col, str(value), self.fmt["text"])

    def _validate(self, ws: Any, r1: int, c1: int, r2: int, c2: int, kind: str, choices: str | None,
                  label: str, help_text: str, column: Column | None = None) -> None:
        title = label[:32]
        message = help_text.format(**self.words)[:255]
        rule: dict[str, Any] = {"input_title": title, "input_message": message, "ignore_blank": True}
        if column is not None and (column.formula or column.result):
            rule["validate"] = "any"
        elif kind == layout.SCORE:
            low, high = self.rules.scale.min, self.rules.scale.max
            rule.update(validate="list", source=[str(n) for n in scores(self.rules)],
                        error_title=t("workbook.invalid.score"), error_message=t("workbook.invalid.score.how", min=low, max=high))
        elif kind == layout.TOTAL and column is not None:
            cell = layout.cell_address(r1, c1)
            low, high, step = self.rules.scale.min, self.rules.scale.max, self.rules.total_step
            per = 1 / step
            multiple = f"{cell}*{int(per)}" if float(per).is_integer() else f"{cell}/{step}"
            rule.update(validate="custom",
                        value=f"=AND(ISNUMBER({cell}),{cell}>={low},{cell}<={high},MOD({multiple},1)=0)",
                        error_title=t("workbook.invalid.total"),
                        error_message=t("workbook.invalid.total.how", min=low, max=high, step=self.words["step"]))
        elif kind == layout.TOTAL:
            rule.update(validate="decimal", criteria=">", value=0, error_title=t("workbook.invalid.number"),
                        error_message=t("workbook.invalid.step.how"))
        elif kind == layout.AMOUNT:
            rule.update(validate="integer", criteria=">=", value=0, error_title=t("workbook.invalid.amount"),
                        error_message=t("workbook.invalid.amount.how"))
        elif kind in (layout.INT, layout.COUNT):
            rule.update(validate="integer", criteria=">=", value=0, error_title=t("workbook.invalid.number"),
                        error_message=t("workbook.invalid.count.how"))
        elif kind == layout.DATE:
            rule.update(validate="date", criteria="between", minimum=dt.date(2000, 1, 1),
                        maximum=dt.date(2100, 12, 31), error_title=t("workbook.invalid.date"),
                        error_message=t("workbook.invalid.date.how"))
        elif choices in layout.VOCABULARIES:
            rule.update(validate="list", source=list(layout.choice_values(choices, self.lang)),
                        error_title=t("workbook.invalid.value"), error_message=t("workbook.invalid.value.how"))
        elif choices:
            rule.update(validate="list", source=f"={layout.defined_name(choices, self.lang)}", error_title=t("workbook.invalid.value"),
                        error_message=t("workbook.invalid.value.how"))
        else:
            rule["validate"] = "any"
        ws.data_validation(r1, c1, r2, c2, rule)

    def _print(self, ws: Any, landscape: bool) -> None:
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.set_footer("&L&A&R" + t("workbook.footer.page", page="&P", pages="&N"))


HELP_WIDTH = 50


def column_width(column: Column, lang: str = "nb") -> float:
    """The column's width, at least wide enough for the longest word of its header (bold, wrapped),
    so no header breaks inside a word («Vedtaksdat|o»). Excel's unit is the width of a digit."""
    longest = max((len(word) for word in column.header(lang).split()), default=0)
    return max(column.width, round(longest * 1.2 + 1.5, 1))


def _lines(value: Any, column: Column) -> int:
    """Roughly how many lines a wrapped cell needs (Excel does not grow rows of a generated file)."""
    if value is None or column.kind not in (layout.TEXT, layout.LINES, layout.CHOICE):
        return 1
    text = "\n".join(value) if isinstance(value, list) else str(value)
    per_line = max(int(column.width * 1.1), 8)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _at(items: list[Any], index: int) -> Any:
    return items[index] if index < len(items) else None
