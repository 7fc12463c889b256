"""The live workbook in Excel, through the subset of the xlwings API psvxl uses.

Reads and writes whole blocks (one call per sheet or per run of rows), never cell by cell where it
can be helped: every call crosses from Python into Excel. The same reader and result plan as the
command line are used, so a button press and `psvxl recompute` give the same cells.

The xlwings subset: book.sheets (iterate, ["name"], .add(name, after=sheet)), book.fullname,
book.app.alert(text, title=…); sheet.name, sheet.used_range.last_cell.row/.column,
sheet.range(address or (row, col)[, (row, col)]) with .options(err_to_str=True), .value, .formula,
.color, .number_format, .font.bold/.italic/.size/.color, .clear_contents().
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from psvxl import layout
from psvxl.findings import ERROR
from psvxl.i18n import t
from psvxl.results import RESULT_COLUMNS, STYLE_FORMATS, ResultCell, ResultPlan
from psvxl.validate import Report
from psvxl.workbook import control_sheet
from psvxl.reading.read import ReadResult, language_in_rows, read_sheets

CONTROL_HEADER_ROW = control_sheet.HEADER_ROW + 1     # 1-based, as xlwings counts
CONTROL_COLUMNS = len(control_sheet.COLUMNS)
ERROR_FILL = (255, 199, 206)
WARNING_FILL = (255, 235, 156)
MAX_ADDRESS = 240                            # Excel refuses range addresses longer than 255 characters


def sheet_values(sheet: Any) -> list[list[Any]]:
    """The sheet's values from A1 to its last used cell, as rows (one call)."""
    last = sheet.used_range.last_cell
    if last.row < 1 or last.column < 1:
        return []
    # err_to_str: a #DIV/0! comes as that text (psvxl reports it) instead of as an empty cell.
    block = sheet.range((1, 1), (last.row, last.column)).options(err_to_str=True).value
    if not isinstance(block, list):
        return [[block]]
    if block and not isinstance(block[0], list):
        block = [block] if last.row == 1 else [[v] for v in block]
    return [["" if v is None else v for v in row] for row in block]


def read_book(book: Any) -> ReadResult:
    return read_sheets({sheet.name: sheet_values(sheet) for sheet in book.sheets})


def book_language(book: Any) -> str:
    """The live workbook's målform (its Målform row on Program): the language its buttons speak."""
    program = _sheet(book, layout.PROGRAM_SHEET)
    try:
        return "nb" if program is None else language_in_rows(sheet_values(program))
    except Exception:  # noqa: BLE001 - the reader says what is wrong; the message is then in bokmål
        return "nb"


def _sheet(book: Any, name: str) -> Any | None:
    """A layout sheet of the live book, named either way («Resultater», «Resultat»)."""
    return next((s for s in book.sheets if layout.same_sheet(s.name, name)), None)


def own_name(book: Any, name: str) -> str:
    """How messages name a layout sheet: as the book does, else in the message's målform."""
    sheet = _sheet(book, name)
    return sheet.name if sheet is not None else layout.sheet_name(name)


def _addresses(cells: list[str]) -> list[str]:
    """Cell addresses joined into as few range addresses as Excel accepts."""
    groups, current = [], ""
    for cell in cells:
        candidate = f"{current},{cell}" if current else cell
        if len(candidate) > MAX_ADDRESS:
            groups.append(current)
            candidate = cell
        current = candidate
    return [*groups, current] if current else groups


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def planned_places(book: Any, plan: ResultPlan) -> tuple[bool, bool]:
    """Where `write_plan` writes: (the result sheet, beside the totals). The button says exactly that,
    or that nothing was written."""
    sheet = _sheet(book, layout.RESULTS_SHEET) is not None
    beside = bool(plan.beside_totals) and _sheet(book, layout.ASSESSMENTS.name) is not None
    return sheet, beside


def write_plan(book: Any, plan: ResultPlan) -> list[str]:
    """Write the planned result cells into the live book. Returns notes for the user."""
    notes = list(plan.notes)
    sheet = _sheet(book, layout.RESULTS_SHEET)
    if sheet is None:
        notes.append(t("workbook.live.no-results-sheet", sheet=layout.sheet_name(layout.RESULTS_SHEET)))
    else:
        _write_result_sheet(sheet, plan.sheet)
    assessment = _sheet(book, layout.ASSESSMENTS.name)
    if assessment is not None and plan.beside_totals:
        notes += _write_cells(assessment, plan.beside_totals)
    return notes


TEXT_FORMAT = "@"


def _write_result_sheet(sheet: Any, cells: list[ResultCell]) -> None:
    rows = max((c.row for c in cells), default=0) + 1
    last = max(sheet.used_range.last_cell.row, rows)
    sheet.range((1, 1), (last, RESULT_COLUMNS)).clear_contents()
    # Excel parses a string assigned through Range.Value with US rules («2024» -> 2024, «+1,0» -> 10):
    # cells that hold text get the text format first, so they keep what recompute writes.
    texts = [c.address for c in cells if isinstance(c.value, str)]
    for address in _addresses(texts):
        sheet.range(address).number_format = TEXT_FORMAT
    block: list[list[Any]] = [[None] * RESULT_COLUMNS for _ in range(rows)]
    for cell in cells:
        block[cell.row][cell.col] = cell.value
    sheet.range((1, 1), (rows, RESULT_COLUMNS)).value = block
    by_style: dict[str, list[str]] = {}
    for cell in cells:
        by_style.setdefault(cell.style, []).append(cell.address)
    for style, addresses in by_style.items():
        look = STYLE_FORMATS[style]
        for address in _addresses(addresses):
            target = sheet.range(address)
            if "num_format" in look:
                target.number_format = look["num_format"]
            target.font.bold = bool(look.get("bold"))
            target.font.italic = bool(look.get("italic"))
            if "font_size" in look:
                target.font.size = look["font_size"]
            if "font_color" in look:
                target.font.color = _rgb(str(look["font_color"]))


def _write_cells(sheet: Any, cells: list[ResultCell]) -> list[str]:
    """Cells beside the totals: one block per column and run of rows; formula cells are left alone."""
    notes = []
    by_column: dict[int, dict[int, Any]] = {}
    for cell in cells:
        by_column.setdefault(cell.col, {})[cell.row] = cell.value
    for col, values in by_column.items():
        for run in _runs(sorted(values)):
            target = sheet.range((run[0] + 1, col + 1), (run[-1] + 1, col + 1))
            formulas = [row[0] for row in _as_rows(target.formula, len(run), 1)]
            if any(isinstance(values[row], str) for row in run):
                target.number_format = TEXT_FORMAT      # as on the result sheet: text stays text
            if not any(isinstance(f, str) and f.startswith("=") for f in formulas):
                target.value = [[values[row]] for row in run]
                continue
            for row, formula in zip(run, formulas, strict=False):
                if isinstance(formula, str) and formula.startswith("="):
                    notes.append(t("workbook.live.formula-kept", cell=f"{sheet.name}!{layout.cell_address(row, col)}"))
                else:
                    sheet.range((row + 1, col + 1)).value = values[row]
    return notes


def _runs(rows: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def _as_rows(value: Any, rows: int, cols: int) -> list[list[Any]]:
    if not isinstance(value, (list, tuple)):
        return [[value]]
    if rows == 1 and (not value or not isinstance(value[0], (list, tuple))):
        return [list(value)]
    if cols == 1 and (not value or not isinstance(value[0], (list, tuple))):
        return [[v] for v in value]
    return [list(r) for r in value]


# --- the Kontroller button ---------------------------------------------------------------------

def show_findings(book: Any, report: Report, lang: str | None = None) -> int:
    """List the findings on the control sheet and colour their cells; undo the previous run's
    colours first. Returns the number of cells coloured."""
    control = _sheet(book, layout.CONTROL_SHEET)
    if control is None:
        control = book.sheets.add(layout.CONTROL_SHEET, after=book.sheets[len(book.sheets) - 1])
        control.range((CONTROL_HEADER_ROW, 1)).value = [list(control_sheet.headers())]
    _restore_colours(book, control)
    rows = []
    coloured: dict[tuple[str, tuple[int, int, int]], list[str]] = {}
    for finding in report.findings:
        kind = control_sheet.kind(finding.severity == ERROR)
        previous = ""
        sheet = _sheet(book, finding.sheet) if finding.sheet and finding.cell else None
        if sheet is not None:
            colour = sheet.range(finding.cell).color
            previous = ",".join(str(c) for c in colour) if colour else control_sheet.NO_COLOUR
            fill = ERROR_FILL if finding.severity == ERROR else WARNING_FILL
            coloured.setdefault((sheet.name, fill), []).append(cast(str, finding.cell))
        rows.append([kind, finding.sheet or "", finding.cell or "", finding.message(lang), finding.code, previous])
    for (name, fill), cells in coloured.items():
        for address in _addresses(cells):
            book.sheets[name].range(address).color = fill
    first = CONTROL_HEADER_ROW + 1
    if rows:
        block = control.range((first, 1), (first + len(rows) - 1, CONTROL_COLUMNS))
        block.number_format = TEXT_FORMAT     # «0,176,80» and «E12» stay text (Excel would read a number)
        block.value = rows
    else:
        control.range((first, 1)).value = [control_sheet.clean_row()]
    summary = control_sheet.summary(dt.datetime.now(), len(report.errors), len(report.warnings))
    control.range((control_sheet.SUMMARY_ROW + 1, 1)).value = [[summary]]
    return sum(len(c) for c in coloured.values())


def _restore_colours(book: Any, control: Any) -> None:
    """Give the cells coloured by the last run their colour back, and clear the old list."""
    last = control.used_range.last_cell.row
    first = CONTROL_HEADER_ROW + 1
    if last < first:
        return
    old = _as_rows(control.range((first, 1), (last, CONTROL_COLUMNS)).value, last - first + 1, CONTROL_COLUMNS)
    for _, sheet_name, cell, _, _, previous in old:
        sheet = _sheet(book, sheet_name) if sheet_name and cell else None
        if sheet is None or previous in (None, ""):
            continue
        sheet.range(cell).color = None if previous == control_sheet.NO_COLOUR else tuple(int(x) for x in str(previous).split(","))
    control.range((first, 1), (last, CONTROL_COLUMNS)).clear_contents()
