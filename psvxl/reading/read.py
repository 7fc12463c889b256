"""From a workbook file to an `Assessment`, plus where each value came from and what could not be read.

Columns are found by their header labels, programme fields by their labels in column A: column
order, case and spacing may differ and extra columns are ignored. Values come from python-calamine
(cached values only; formulas are never evaluated and formula cells are never inputs).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable
from typing import Any, Callable

from psvxl import cells, layout, units
from psvxl.errors import InputError
from psvxl.i18n import t
from psvxl.findings import Finding, spelled
from psvxl.layout import Column, TableSheet
from psvxl.model import (
    Assessment, BudgetYear, HistoryEntry, Indicator, JobRegistration, JobTarget, Participant,
    Framework, Group, PreviousAction, Project, Theme, standard_framework,
)
from psvxl.framework import is_standard
from psvxl.reading.package import (
    COLUMN_SUM, FORMULA_WITHOUT_VALUE, PERCENT_FORMAT, TOTAL_ROW, UNCOMPUTED, formats_by_sheet, special_cells_by_sheet,
)
from psvxl.reading.preflight import MAX_ROWS, preflight

Path_ = tuple  # ("indicators", 0, "themes", 2, "score")


@dataclass(frozen=True)
class Source:
    sheet: str
    cell: str | None
    row: int | None = None   # 1-based Excel row

    @property
    def label(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


class SourceMap:
    """Where each value came from, resolved lazily: a table row is noted once, its cells on demand.

    (Noting 150 000 cell addresses of a 10 000-project portfolio up front cost half a second.)
    """

    def __init__(self) -> None:
        self._cells: dict[Path_, Source] = {}
        self._rows: dict[Path_, tuple[str, int, dict[str, int]]] = {}

    def add(self, path: Path_, source: Source) -> None:
        self._cells[path] = source

    def add_row(self, path: Path_, sheet: str, index: int, columns: dict[str, int]) -> None:
        """A record at `path` read from row `index` (0-based) whose fields sit in `columns`."""
        self._rows[path] = (sheet, index, columns)

    def get(self, path: Path_) -> Source | None:
        if path in self._cells:
            return self._cells[path]
        if path in self._rows:
            sheet, index, _ = self._rows[path]
            return Source(sheet, None, index + 1)
        if path[:-1] in self._rows:
            sheet, index, columns = self._rows[path[:-1]]
            col = columns.get(path[-1])
            return Source(sheet, None if col is None else layout.cell_address(index, col), index + 1)
        return None

    def __contains__(self, path: Path_) -> bool:
        return self.get(path) is not None

    def __getitem__(self, path: Path_) -> Source:
        source = self.get(path)
        if source is None:
            raise KeyError(path)
        return source


@dataclass
class ReadResult:
    assessment: Assessment
    sources: SourceMap = field(default_factory=SourceMap)
    findings: list[Finding] = field(default_factory=list)
    # Values that were present but unreadable, or whose column is missing: the validator does not
    # also call them missing (one finding at the cause, not one per row).
    unreadable: set[Path_] = field(default_factory=set)
    missing_sheets: set[str] = field(default_factory=set)     # layout sheet names not found
    # Layout sheet name -> the workbook's own («Vurderinger» -> «Vurderingar» in a nynorsk workbook).
    sheet_names: dict[str, str] = field(default_factory=dict)
    spelling: str = "nb"          # the målform its sheet names are spelled in: its headers and labels too

    def source(self, *path: Any) -> Source | None:
        return self.sources.get(tuple(path))

    def sheet_name(self, name: str) -> str:
        """A layout sheet as this workbook names it: its own name where it has the sheet, else the name in
        the workbook's spelling (a missing «Vurderinger» of a nynorsk workbook is «Vurderingar»)."""
        return self.sheet_names.get(name, name)


@dataclass(eq=False, repr=False)
class Row:
    """One data row of a table sheet: parsed values by column key, and where they are."""
    index: int                         # 0-based row index (Excel row index + 1)
    values: dict[str, Any]
    columns: dict[str, int]            # key -> 0-based column, shared by all rows of the table
    unreadable: set[str]

    @property
    def number(self) -> int:
        return self.index + 1

    def cell(self, key: str) -> str | None:
        col = self.columns.get(key)
        return None if col is None else layout.cell_address(self.index, col)


def read_workbook(path: str | Path) -> ReadResult:
    """Read a PSV workbook (.xlsx or .xlsm). Raises `InputError` when the file cannot be read at all."""
    path = Path(path)
    preflight(path)
    import python_calamine  # imported late: the CLI's --help should not pay for it

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets: dict[str, list[list[Any]]] = {}
        merged: dict[str, Any] = {}
        for name in book.sheet_names:
            sheets[name], merged[name] = _sheet_rows(book, name)
        with zipfile.ZipFile(path) as package:
            special = special_cells_by_sheet(package)
            formats = formats_by_sheet(package)
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise InputError(t("reader.xlsx.unreadable", name=path.name, error=f"{exc.__class__.__name__}: {exc}")) from None
    return read_sheets(sheets, special, merged, formats)


def read_language(path: str | Path) -> str:
    """The workbook's målform ("nb" or "nn") from the Målform row of Program, read alone: the language
    of a workbook command's messages. Bokmål when the file, the sheet or the row says nothing readable
    (the command itself then reads the workbook and says what is wrong, in bokmål)."""
    import python_calamine

    try:
        preflight(Path(path))       # the guard first: no parser sees a hostile file
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        name = next((n for n in book.sheet_names if layout.same_sheet(n, layout.PROGRAM_SHEET)), None)
        return "nb" if name is None else language_in_rows(book.get_sheet_by_name(name).iter_rows())
    except Exception:  # noqa: BLE001 - any problem is the reader's to report, not the language's
        return "nb"


def language_in_rows(rows: Iterable[list[Any]]) -> str:
    """The målform in the Målform row of the Program sheet's rows; bokmål when no row says so. Raises
    `cells.CellValueError` for a value that is no målform."""
    field = next(f for f in layout.PROGRAM_FIELDS if f.kind == layout.LANGUAGE)
    labels = {layout.normalize_label(label) for label in field.labels}
    for row in rows:
        if len(row) > layout.PROGRAM_VALUE_COLUMN and layout.normalize_label(row[layout.PROGRAM_LABEL_COLUMN]) in labels:
            return _parse_language(row[layout.PROGRAM_VALUE_COLUMN]) or "nb"
    return "nb"


def _sheet_rows(book: Any, name: str) -> tuple[list[list[Any]], Any]:
    """The sheet's rows, and its merged ranges (asked of the same sheet: each lookup parses it)."""
    sheet = book.get_sheet_by_name(name)
    if sheet.height > MAX_ROWS:
        raise InputError(_too_many_rows(name, sheet.to_python(skip_empty_area=False)))
    return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []


def _too_many_rows(name: str, rows: list[list[Any]]) -> str:
    """The row cap's message in the rows the user sees: filled rows and the last one, and advice to
    delete empty rows only when empty rows are what pushes the sheet over the cap."""
    filled = [i for i, row in enumerate(rows) if any(not _blank(v) for v in row)]
    last = filled[-1] + 1 if filled else 0
    if len(filled) > MAX_ROWS:
        return t("reader.sheet.too-many-rows", sheet=name, filled=len(filled), last=last, most=MAX_ROWS)
    return t("reader.sheet.formatted-too-far", sheet=name, rows=len(rows), filled=len(filled), last=last, most=MAX_ROWS)


def read_sheets(sheets: dict[str, list[list[Any]]],
                special: dict[str, dict[tuple[int, int], str]] | None = None,
                merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] | None = None,
                formats: dict[str, dict[tuple[int, int], str | int]] | None = None) -> ReadResult:
    """Build the assessment from sheet name -> rows of cell values (row 0 = Excel row 1).

    `special` marks cells that look empty but hold a formula error or a formula without a stored
    value (sheet -> (row, col) -> "#DIV/0!" or "formula"). Shared by the file reader and the
    xlwings adapter (which reads the live workbook's values).
    """
    reader = _Reader(sheets, special or {})
    reader.merged = {layout.sheet_key(name): ranges for name, ranges in (merged or {}).items() if ranges}
    # Cells whose number format is a percentage or scales the shown number (#,##0,): styles.xml
    reader.formats = {layout.sheet_key(name): found for name, found in (formats or {}).items() if found}
    return reader.read()


class _Reader:
    def __init__(self, sheets: dict[str, list[list[Any]]], special: dict[str, dict[tuple[int, int], str]]) -> None:
        # Sheet names matched like labels, so "portefølje", "Portefolje" or "Portefølje " still count, and
        # a nynorsk name as the bokmål one («Vurderingar» is Vurderinger).
        self.sheets = {layout.sheet_key(name): (name, rows) for name, rows in sheets.items()}
        self.spelling = layout.spelling_of(list(sheets))
        self.copies = _copies(list(sheets))      # role -> two sheets that could both fill it
        self.merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}   # sheet -> merged ranges
        self.formats: dict[str, dict[tuple[int, int], str | int]] = {}   # sheet -> (row, col) -> format kind
        self._last_data: dict[int, int] = {}      # id(rows of a sheet) -> its last data row
        self.special = {layout.sheet_key(name): cells for name, cells in special.items()}
        self.tables: dict[str, list[Row]] = {}   # each table sheet is parsed once
        self.result = ReadResult(Assessment(), spelling=self.spelling)
        self.vocabularies: dict[str, tuple[str, ...]] = dict(layout.VOCABULARIES)   # + the workbook's own lists

    # --- plumbing ---------------------------------------------------------------------------

    def finding(self, code: str, at_sheet: str | None, at_cell: str | None, /, **params: Any) -> None:
        at_sheet = self.real_name(at_sheet) if at_sheet else at_sheet
        if isinstance(params.get("sheet"), str):
            params["sheet"] = self.real_name(params["sheet"])
        self.result.findings.append(Finding(code, at_sheet, at_cell, spelled(params, self.spelling)))

    def real_name(self, sheet: str) -> str:
        """The workbook's own name of a layout sheet where it is spelled in nynorsk («Vurderingar»), so a
        finding points at the sheet the user sees; a sheet it lacks in the spelling of its other sheets;
        else the layout's name, as always."""
        found = self.sheets.get(layout.sheet_key(sheet))
        if found is None:
            return layout.sheet_name(sheet, self.spelling)
        if layout.normalize_label(found[0]) != layout.normalize_label(sheet):
            return found[0]
        return sheet

    def sheet(self, name: str) -> list[list[Any]] | None:
        key = layout.sheet_key(name)
        found = self.sheets.get(key)
        if key in self.copies and name in layout.REQUIRED_SHEETS:
            if name not in self.result.missing_sheets:
                self.result.missing_sheets.add(name)
                first, second = self.copies[key]
                self.finding("duplicate-sheet", name, None, sheet=name, first=first, second=second)
            return None
        if found is None:
            if name in layout.REQUIRED_SHEETS and name not in self.result.missing_sheets:
                self.result.missing_sheets.add(name)
                similar = self.similar_sheet(name)
                if similar:
                    self.finding("missing-sheet-similar", name, None, sheet=name, similar=similar)
                else:
                    self.finding("missing-sheet", name, None, sheet=name)
            return None
        return found[1]

    def similar_sheet(self, name: str) -> str | None:
        """A sheet of the workbook that is no layout sheet but has a name close to `name`."""
        ours = {layout.sheet_key(n) for n in layout.SHEET_ORDER}
        others = {layout.normalize_label(real): real for key, (real, _) in self.sheets.items() if key not in ours}
        match = difflib.get_close_matches(layout.normalize_label(name), list(others), n=1, cutoff=0.6)
        return others[match[0]] if match else None

    def unmask(self, sheet: str, row: int, col: int, raw: Any, figure: bool = False) -> Any:
        kind = self.special.get(layout.sheet_key(sheet), {}).get((row, col))
        if kind and (cells.is_empty(raw) or (kind == UNCOMPUTED and figure)):
            return _Special(kind)
        return raw

    def parse(self, kind: str, raw: Any, sheet: str, cell: str, choices: str | None = None,
              factor: int = 1) -> tuple[Any, bool]:
        """Parse a cell; on failure record the finding and return (None, False)."""
        if isinstance(raw, _Special):
            if raw.kind == FORMULA_WITHOUT_VALUE:
                self.finding("formula-without-value", sheet, cell)
            elif raw.kind == UNCOMPUTED:
                self.finding("formula-not-computed", sheet, cell)
            elif raw.kind == COLUMN_SUM:
                self.finding("sum-formula-in-data", sheet, cell)
            else:
                self.finding("formula-error", sheet, cell, value=raw.kind)
            return None, False
        value: Any
        try:
            if kind not in (layout.TEXT, layout.LINES) and cells.is_error_value(raw):
                # "#I/T" where a number, date or choice belongs is a broken formula pasted as a value.
                raise cells.CellValueError("formula-error", value=raw.strip())
            if kind == layout.AMOUNT:
                if factor != 1 and isinstance(raw, str) and re.search(r"[^\W\d_]", raw):
                    raise cells.CellValueError("amount-unit-in-cell", value=raw.strip())
                value, rounded = cells.parse_amount(raw, factor)
                if rounded:
                    self.finding("amount-rounded", sheet, cell, value=cells.parse_text(raw), rounded=value)
            elif kind == layout.CHOICE:
                value = cells.parse_choice(raw, self.vocabularies.get(choices or ""))
                if value is not None and choices in layout.VOCABULARY_NN:
                    value = layout.VOCABULARY_NN[choices].get(cells.choice_key(value), value)
            else:
                value = _PARSERS[kind](raw, choices)
        except cells.CellValueError as exc:
            self.finding(exc.code, sheet, cell, **exc.params)
            return None, False
        if isinstance(raw, str) and value is not None:
            if kind in _NUMERIC:
                # Excel's own formulas (the mean on Vurderinger, sums) skip numbers stored as text.
                self.finding("number-as-text", sheet, cell, value=raw.strip())
            elif kind == layout.DATE and cells.has_two_digit_year(raw):
                self.finding("two-digit-year", sheet, cell, value=raw.strip(), date=value.strftime("%d.%m.%Y"))
        return value, True

    # --- sheets -----------------------------------------------------------------------------

    def read(self) -> ReadResult:
        a = self.result.assessment
        self.result.sheet_names = {name: self.real_name(name) for name in (*layout.SHEET_ORDER, layout.PRESCORE_SHEET)}
        present = {_role(name) for name, _ in self.sheets.values()}
        found = [name for name in layout.REQUIRED_SHEETS if layout.sheet_key(name) in present]
        if not set(found) & _CORE_SHEETS:
            # Not a PSV workbook at all: one sentence, not one «missing sheet» per sheet.
            self.finding("not-psv-workbook", None, None, found=len(found), total=len(layout.REQUIRED_SHEETS))
            self.result.missing_sheets.update(layout.REQUIRED_SHEETS)
            self.result.unreadable.update(tuple(f.path.split(".")) for f in layout.PROGRAM_FIELDS)
            return self.result
        self.read_program()
        a.focus_areas = [r.values["focus_area"] for r in self.table(layout.FOCUS_AREAS) if r.values["focus_area"]]
        # Values chosen from the workbook's own lists are spelled as the list spells them
        # («havbruk og sjømat» is «Havbruk og sjømat»), before anything groups by them.
        self.vocabularies[layout.FOCUS_AREA_NAME] = tuple(a.focus_areas)
        for i, row in enumerate(r for r in self.table(layout.FOCUS_AREAS) if r.values["focus_area"]):
            self.result.sources.add(("focus_areas", i), Source(self.real_name(layout.FOCUS_AREAS.name), row.cell("focus_area"), row.number))
        a.program.participants = self.records(layout.PARTICIPANTS, Participant, ("program", "participants"))
        self.read_indicators()
        self.read_conclusions()
        a.portfolio = self.records(layout.PORTFOLIO, Project, ("portfolio",))
        a.jobs = self.records(layout.JOBS, JobRegistration, ("jobs",))
        _spell_project_ids(a)
        a.job_targets = self.records(layout.JOB_TARGETS, JobTarget, ("job_targets",))
        a.budget = self.records(layout.BUDGET, BudgetYear, ("budget",))
        a.previous_actions = self.records(layout.PREVIOUS_ACTIONS, PreviousAction, ("previous_actions",))
        a.history = self.records(layout.HISTORY, HistoryEntry, ("history",))
        self.read_prescores()
        return self.result

    def read_prescores(self) -> None:
        """The optional Forhåndsvurdering sheet (reading/prescore_sheet.py)."""
        from psvxl.reading import prescore_sheet

        found = self.sheets.get(layout.sheet_key(prescore_sheet.SHEET))
        if found is None:
            return
        scores, problems = prescore_sheet.read_rows(found[1], self.result.assessment)
        self.result.assessment.prescores = scores
        for problem in problems:
            self.finding(problem.code, prescore_sheet.SHEET, problem.cell, **problem.params)

    def read_program(self) -> None:
        rows = self.sheet(layout.PROGRAM_SHEET)
        if rows is None:      # its one finding says so; the fields are unknown, not empty
            self.result.unreadable.update(tuple(f.path.split(".")) for f in layout.PROGRAM_FIELDS)
            return
        sheet = layout.PROGRAM_SHEET
        framework_values: dict[tuple, tuple[Any, str]] = {}
        by_label: dict[str, int] = {}
        index: int | None
        for index, row in enumerate(rows):
            if len(row) > layout.PROGRAM_LABEL_COLUMN and not cells.is_empty(row[layout.PROGRAM_LABEL_COLUMN]):
                by_label.setdefault(layout.normalize_label(row[layout.PROGRAM_LABEL_COLUMN]), index)
        if not any(layout.normalize_label(label) in by_label
                   for f in layout.PROGRAM_FIELDS if f.required for label in f.labels):
            shifted = _labels_column(rows)
            if shifted is not None:
                self.finding("program-column-shifted", sheet, shifted, found=shifted.rstrip("0123456789"))
                self.result.unreadable.update(tuple(f.path.split(".")) for f in layout.PROGRAM_FIELDS)
                return
        for fld in layout.PROGRAM_FIELDS:
            index = next((by_label[k] for k in map(layout.normalize_label, fld.labels) if k in by_label), None)
            if index is None:
                if fld.required:
                    self._missing_field(fld, rows, by_label)
                continue
            row = rows[index]
            raw = row[layout.PROGRAM_VALUE_COLUMN] if len(row) > layout.PROGRAM_VALUE_COLUMN else None
            cell = layout.cell_address(index, layout.PROGRAM_VALUE_COLUMN)
            path = tuple(fld.path.split("."))
            raw = self.unmask(sheet, index, layout.PROGRAM_VALUE_COLUMN, raw,
                              fld.kind not in (layout.TEXT, layout.LINES))
            value, ok = self.parse(fld.kind, raw, sheet, cell)
            self.result.sources.add(path, Source(sheet, cell, index + 1))
            if not ok:
                self.result.unreadable.add(path)
            if path[0] == "framework":
                framework_values[path] = (value, cell)
            else:
                setattr(getattr(self.result.assessment, path[0]), path[1], value)
        self.result.assessment.framework = self.framework(framework_values)
        program = self.result.assessment.program
        program.language = program.language or "nb"      # an empty Målform cell is bokmål, the default

    def _missing_field(self, fld: Any, rows: list[list[Any]], by_label: dict[str, int]) -> None:
        """A required Program field not found: name a label in column A that no field has and that is
        close to it («Arbeidsplassmål»), as a missing column names a similar header."""
        known = {layout.normalize_label(label) for f in layout.PROGRAM_FIELDS for label in f.labels}
        strangers = [label for label in by_label if label not in known]
        wanted = layout.normalize_label(fld.label)
        # The label with words around it («Vurdert år for programmet»), or spelled a little otherwise.
        match = [s for s in strangers if wanted in s] or difflib.get_close_matches(wanted, strangers, n=1, cutoff=0.6)
        if not match:
            self.finding("missing-field", layout.PROGRAM_SHEET, None, label=fld.label)
            return
        index = by_label[match[0]]
        self.finding("missing-field-similar", layout.PROGRAM_SHEET,
                     layout.cell_address(index, layout.PROGRAM_LABEL_COLUMN), label=fld.label,
                     similar=_one_line(rows[index][layout.PROGRAM_LABEL_COLUMN]))

    def framework(self, values: dict[tuple, tuple[Any, str]]) -> Framework | None:
        """The framework from its fields on Program; None when they are absent (an older workbook) or
        say what the standard set says."""
        if not any(value not in (None, []) for value, _ in values.values()):
            return None
        fw = standard_framework()

        def get(*path: str) -> Any:
            return values.get(("framework", *path), (None, None))[0]

        fw.name = get("name")
        fw.scale.min = get("scale", "min") if get("scale", "min") is not None else fw.scale.min
        fw.scale.max = get("scale", "max") if get("scale", "max") is not None else fw.scale.max
        if get("total_step") is not None:
            fw.total_step = get("total_step")
        if ("framework", "scale", "labels") in values:
            fw.scale.labels = {}
            _, cell = values[("framework", "scale", "labels")]
            for line in get("scale", "labels") or []:
                match = _SCALE_LINE.match(line)
                if match is None:
                    self.finding("invalid-scale-line", layout.PROGRAM_SHEET, cell, line=line,
                                 example=t("reader.example.scale-line"))
                else:
                    fw.scale.labels[str(int(match.group(1)))] = match.group(2).strip()
        if ("framework", "groups") in values:
            _, cell = values[("framework", "groups")]
            for line in get("groups") or []:
                match = _GROUP_LINE.match(line)
                if match is None:
                    self.finding("invalid-scale-line", layout.PROGRAM_SHEET, cell, line=line,
                                 example=t("reader.example.group-line"))
                else:
                    fw.groups.append(Group(match.group(1), match.group(2).strip()))
        return None if is_standard(fw) else fw

    def table(self, spec: TableSheet) -> list[Row]:
        """The non-empty data rows of a table sheet (parsed), or [] when the sheet is absent."""
        if spec.name not in self.tables:
            self.tables[spec.name] = self._read_table(spec)
        return self.tables[spec.name]

    def _read_table(self, spec: TableSheet) -> list[Row]:
        rows = self.sheet(spec.name)
        if rows is None:
            return []
        header_index, columns, missing = self.find_header(spec, rows)
        if header_index is None:
            return []
        special = self.special.get(layout.sheet_key(spec.name), {})
        positions = [columns[c.key] for c in spec.read_columns if c.key in columns]
        required = [columns[c.key] for c in spec.read_columns if c.required and c.key in columns]
        columns_at = {columns[c.key]: c for c in spec.read_columns if c.key in columns}
        data_rows = self._data_rows(spec, rows, header_index, positions, required, columns_at, special)
        factors = self._units(spec, rows, header_index, columns, missing)
        if formatted := self.formats.get(layout.sheet_key(spec.name), {}):
            factors = self._format_scaled(spec, rows, header_index, columns, factors, data_rows, formatted)
        merged_below = self._merged_data(spec, header_index, columns_at, data_rows)
        result = []
        wanted = [(c, columns[c.key]) for c in spec.read_columns if c.key in columns]
        absent: dict[str, Any] = {c.key: [] if c.kind == layout.LINES else None for c in spec.read_columns if c.key not in columns}
        # Per column once: its fast reader, its unit and the spelling of its list (for choices).
        plan = []
        for column, col in wanted:
            vocabulary = self.vocabularies.get(column.choices or "") if column.kind == layout.CHOICE else None
            factor = factors.get(column.key, 1)
            fast = _FAST[column.kind] if factor == 1 else _fast_never
            ident = column.kind == layout.CHOICE or column.figure or column.key == "id"
            plan.append((column, col, fast, _spelling(vocabulary, column.choices) if vocabulary else None, factor,
                         ident, column.feeds_figures))
        for index in data_rows:
            raw_row = rows[index]
            width = len(raw_row)
            row = Row(index, dict(absent), columns, set(missing))
            values = row.values
            for column, col, fast, spelling, factor, ident, figure in plan:
                raw = raw_row[col] if col < width else None
                if special and (index, col) in special:
                    kind = special[(index, col)]
                    if cells.is_empty(raw) or (kind == UNCOMPUTED and figure):
                        raw = _Special(kind)
                if formatted and column.kind == layout.AMOUNT and (index, col) in formatted:
                    values[column.key] = self._formatted_amount(raw, formatted[(index, col)], factor, spec,
                                                                header_index, row, column.key)
                    continue
                value = fast(raw)
                if value is _SLOW:
                    value, ok = self.parse(column.kind, raw, spec.name, layout.cell_address(index, col),
                                           column.choices, factor)
                    if not ok:
                        row.unreadable.add(column.key)
                elif spelling is not None and value is not None:
                    value = spelling.get(value) or spelling.get(cells.choice_key(value), value)
                if ident and type(value) is str and not value.isascii() and (spelling is None or value not in spelling):
                    value = cells.clean_id(value)
                values[column.key] = value
            for key in merged_below.get(index, ()):      # not empty: the value sits in the merged range's top cell
                values[key] = None
                row.unreadable.add(key)
            result.append(row)
        return result

    def _format_scaled(self, spec: TableSheet, rows: list[list[Any]], header_index: int, columns: dict[str, int],
                       factors: dict[str, int], data_rows: list[int],
                       formatted: dict[tuple[int, int], str | int]) -> dict[str, int]:
        """A column whose header says thousands while every number in it carries a format that shows
        thousands (#,##0,) holds kroner: the header describes what is shown. Read it as kroner."""
        out = dict(factors)
        for key, factor in factors.items():
            col = columns[key]
            numbers = [i for i in data_rows if col < len(rows[i]) and type(rows[i][col]) in (int, float)]
            if numbers and all(formatted.get((i, col)) == factor for i in numbers):
                del out[key]
                cell = layout.cell_address(header_index, col)
                self.result.findings[:] = [f for f in self.result.findings
                                           if not (f.code == "amount-unit-applied" and f.cell == cell)]
                self.finding("amount-format-scaled", spec.name, cell, header=_one_line(rows[header_index][col]))
        return out

    def _formatted_amount(self, raw: Any, kind: str | int, factor: int, spec: TableSheet, header_index: int,
                          row: Row, key: str) -> Any:
        """An amount cell whose format is a percentage (a share, not kroner) or scales what is shown."""
        value, ok = self._formatted_value(raw, kind, factor, spec, header_index, row.index, row.columns[key])
        if not ok:
            row.unreadable.add(key)
        return value

    def _formatted_value(self, raw: Any, kind: str | int, factor: int, spec: TableSheet, header_index: int,
                         index: int, col: int) -> tuple[Any, bool]:
        cell = layout.cell_address(index, col)
        if type(raw) not in (int, float):
            return self.parse(layout.AMOUNT, raw, spec.name, cell, None, factor)
        if kind == PERCENT_FORMAT:
            shown = round(float(raw) * 100, 6)
            self.finding("amount-percent", spec.name, cell, value=f"{shown:g} %".replace(".", ","))
            return None, False
        if factor == 1 or kind == factor:    # the stored value is kroner; the format only shows it scaled
            return self.parse(layout.AMOUNT, raw, spec.name, cell)
        header = self.sheets[layout.sheet_key(spec.name)][1][header_index][col]
        self.finding("amount-format-conflict", spec.name, cell, header=_one_line(header))
        return None, False

    def _merged_data(self, spec: TableSheet, header_index: int, columns_at: dict[int, Column],
                     data_rows: list[int]) -> dict[int, list[str]]:
        """Merged ranges down data rows of a column that feeds the figures: an error on the range, and
        row -> keys whose cells under the top one are unknown (Excel keeps only the top value)."""
        out: dict[int, list[str]] = {}
        ranges = self.merged.get(layout.sheet_key(spec.name))
        if not ranges:
            return out
        rows = set(data_rows)
        for (top, left), (bottom, right) in ranges:
            if bottom <= top or top <= header_index:
                continue
            hit = [columns_at[c] for c in range(left, right + 1) if c in columns_at
                   and (columns_at[c].kind in _NUMERIC or columns_at[c].feeds_figures)]
            if not hit:
                continue
            self.finding("merged-data-cells", spec.name, layout.cell_address(top, left),
                         range=f"{layout.cell_address(top, left)}:{layout.cell_address(bottom, right)}")
            for r in range(top, bottom + 1):
                if r in rows:
                    out.setdefault(r, []).extend(c.key for c in hit)
        return out

    def _data_rows(self, spec: TableSheet, rows: list[list[Any]], header_index: int, positions: list[int],
                   required: list[int], columns_at: dict[int, Column],
                   special: dict[tuple[int, int], str]) -> list[int]:
        """The rows under the header that hold data. Total rows (a «Sum» label, =SUM over the column,
        an Excel table's total row) and notes under the table are left out with a warning naming the
        row; blank rows are skipped, and one warning names a blank row that splits the table."""
        out: list[int] = []
        blank_after_data: int | None = None
        numbers = {col for col, c in columns_at.items() if c.kind not in (layout.TEXT, layout.LINES, layout.CHOICE)}
        req0 = required[0] if required else None
        p0 = positions[0] if positions else -1
        req1 = required[1] if len(required) > 1 else None
        for index in range(header_index + 1, len(rows)):
            raw_row = rows[index]
            width = len(raw_row)
            v0 = raw_row[p0] if 0 <= p0 < width else None     # a data row's first cell is rarely empty: cheap test first
            if (v0 is None or v0 == "" or (type(v0) is str and not v0.strip())) \
                    and all(_blank(raw_row[col]) for col in positions if col < width) and not (
                    special and any((index, col) in special for col in positions)):
                if out and blank_after_data is None:
                    blank_after_data = index
                if (note := _note_text(raw_row)) is not None and not self._later_data(rows, index, positions, special):
                    self.finding("note-row-skipped", spec.name, f"A{index + 1}", row=index + 1, text=_short(note))
                continue
            first = raw_row[0] if width else None
            if (special or first is None or first == "" or (type(first) is str and (
                    first[:1] in _TOTAL_INITIALS or first[:1].isspace()))) \
                    and self._is_total_row(raw_row, index, positions, special):
                self.finding("total-row-skipped", spec.name, f"A{index + 1}", row=index + 1, sheet=spec.name)
                continue
            # Only a row missing a required value can be a note (a full data row never is): a lone
            # value leaves one of the first two required cells empty (or is text in a number cell).
            incomplete = False
            if req0 is not None:
                v = raw_row[req0] if req0 < width else None
                if v is None or v == "" or (type(v) is str and (not v.strip() or (req1 is None and req0 in numbers))):
                    incomplete = True
                elif req1 is not None:
                    w = raw_row[req1] if req1 < width else None
                    incomplete = w is None or w == "" or (type(w) is str and not w.strip())
            note = _note_text(raw_row) if incomplete else None
            if note is not None and self._is_note(raw_row, note, columns_at) \
                    and not self._later_data(rows, index, positions, special):
                self.finding("note-row-skipped", spec.name, f"A{index + 1}", row=index + 1, text=_short(note))
                continue
            if blank_after_data is not None:
                self.finding("blank-row-in-table", spec.name, f"A{blank_after_data + 1}", row=blank_after_data + 1,
                             sheet=spec.name)
                blank_after_data = -1        # one warning per sheet
            out.append(index)
        if len(out) >= 4 and _sums_the_rows_above(rows, out, columns_at):
            last = out.pop()
            self.finding("total-row-skipped", spec.name, f"A{last + 1}", row=last + 1, sheet=spec.name)
        return out

    @staticmethod
    def _is_note(raw_row: list[Any], note: str, columns_at: dict[int, Column]) -> bool:
        """A lone text in a row that lacks a required value reads as a note when it is marked
        («Merk:», «* …», «Kilde:») or sits in a number or date column, or is long prose."""
        at = next(i for i, v in enumerate(raw_row) if not _blank(v))
        column = columns_at.get(at)
        foreign = column is None or column.kind not in (layout.TEXT, layout.LINES, layout.CHOICE)
        folded = cells.fold(note)
        if re.match(_NOTE_MARK, folded) is not None or foreign:
            return True
        return len(folded.split()) >= 6 and len(folded) >= 40

    def _later_data(self, rows: list[list[Any]], index: int, positions: list[int],
                    special: dict[tuple[int, int], str]) -> bool:
        """Whether a row after `index` holds data: two or more values in the table's columns, and no
        total row. The last such row is found once per table, from the bottom."""
        key = id(rows)
        if key not in self._last_data:
            self._last_data[key] = -1
            for later in range(len(rows) - 1, -1, -1):
                row = rows[later]
                if sum(1 for col in positions if col < len(row) and not _blank(row[col])) >= 2 \
                        and not self._is_total_row(row, later, positions, special):
                    self._last_data[key] = later
                    break
        return self._last_data[key] > index

    @staticmethod
    def _is_total_row(raw_row: list[Any], index: int, positions: list[int],
                      special: dict[tuple[int, int], str]) -> bool:
        if special and ((index, TOTAL_ROW) in special
                        or any(special.get((index, col)) == COLUMN_SUM for col in positions)):
            return True
        first = next((v for v in raw_row if not _blank(v)), None)
        if type(first) is not str or first[:1] not in _TOTAL_INITIALS:
            return False
        numbers = any(col < len(raw_row) and type(raw_row[col]) in (int, float) for col in positions)
        return numbers and re.match(_TOTAL_LABEL, cells.fold(first)) is not None

    def _units(self, spec: TableSheet, rows: list[list[Any]], header_index: int, columns: dict[str, int],
               missing: set[str]) -> dict[str, int]:
        """Column key -> the factor to kroner of each amount column with a unit other than kroner.
        A unit psvxl cannot tell, or a header and a note that disagree, refuse the column (its
        values become unknown: missing, not zero)."""
        amounts = [c for c in spec.read_columns if c.kind == layout.AMOUNT and c.key in columns]
        if not amounts:
            return {}
        header = rows[header_index]
        note = self._note_unit(rows, header_index, set(columns.values()))
        factors: dict[str, int] = {}
        for column in amounts:
            col = columns[column.key]
            cell = layout.cell_address(header_index, col)
            found = units.header_unit(header[col])
            if found is not None and found[0] == units.UNKNOWN:
                self.finding("unknown-unit", spec.name, cell, label=column.label, header=_one_line(header[col]),
                             unit=found[1])
            elif found is not None and note is not None and found[0] != note[0]:
                self.finding("unit-conflict", spec.name, cell, header=_one_line(header[col]), note=note[1],
                             note_cell=note[2])
            else:
                factor = found[0] if found is not None else note[0] if note is not None else 1
                if factor != 1:
                    factors[column.key] = factor
                    self.finding("amount-unit-applied", spec.name, cell, header=_one_line(header[col]),
                                 unit="tusen kroner" if factor == 1000 else "millioner kroner")
                continue
            del columns[column.key]
            missing.add(column.key)
        return factors

    def _note_unit(self, rows: list[list[Any]], header_index: int, table_cols: set[int]) -> tuple[int, str, str] | None:
        """A note about the unit of the amounts: above the header, beside the table, or under it."""
        candidates = [(r, c) for r in range(header_index) for c in range(len(rows[r]))]
        candidates += [(r, c) for r in range(header_index, min(len(rows), header_index + layout.HEADER_SEARCH_ROWS))
                       for c in range(len(rows[r])) if c not in table_cols]
        candidates += [(r, c) for r in range(max(header_index + 1, len(rows) - 5), len(rows))
                       if _note_text(rows[r]) is not None for c in range(len(rows[r]))]
        for r, c in candidates:
            value = rows[r][c]
            if type(value) is str and (found := units.note_unit(value)) is not None:
                return found[0], value.strip(), layout.cell_address(r, c)
        return None

    def find_header(self, spec: TableSheet, rows: list[list[Any]]) -> tuple[int | None, dict[str, int], set[str]]:
        """The header row (the one among the first rows that matches most labels), key -> column, and
        the keys of the columns that are missing and reported (their values are not "empty" but unknown)."""
        wanted: dict[str, Column] = {}
        column: Column | None
        for column in spec.columns:
            for label in column.labels:
                wanted[layout.normalize_label(label)] = column
        best_index, best_hits = None, 0
        for index, row in enumerate(rows[: layout.HEADER_SEARCH_ROWS]):
            hits = sum(1 for v in row if isinstance(v, str) and layout.normalize_label(v) in wanted)
            if hits > best_hits:
                best_index, best_hits = index, hits
        if best_index is None:
            if any(not _blank(v) for row in rows for v in row):
                labels = ", ".join(f"«{c.label}»" for c in spec.read_columns)
                self.finding("missing-header", spec.name, "A1", sheet=spec.name, labels=labels)
                return best_index, {}, set()
            return None, {}, set()
        columns: dict[str, int] = {}
        header = rows[best_index]
        strangers: dict[str, int] = {}     # header cells that are no known label
        for col, value in enumerate(header):
            if not isinstance(value, str) or not value.strip():
                continue
            column = wanted.get(layout.normalize_label(value))
            if column is None:
                strangers[value.strip()] = col
                continue
            if column.key in columns:
                self.finding("duplicate-column", spec.name, layout.cell_address(best_index, col),
                             label=column.label, other=layout.cell_address(best_index, columns[column.key]))
                continue
            columns[column.key] = col
        next_free = len(header)
        while next_free > 0 and cells.is_empty(header[next_free - 1]):
            next_free -= 1
        has_rows = any(not _blank(v) for row in rows[best_index + 1:] for v in row)
        missing: set[str] = set()
        lost = [c for c in spec.read_columns if c.key not in columns and (c.required or has_rows)]
        merged = self._merged_header(spec, best_index) if lost else None
        if merged is not None:
            # A header merged over several columns hides the columns under it: the cause, named once.
            self.finding("merged-header", spec.name, merged[0], range=merged[1], text=merged[2],
                         labels=", ".join(f"«{c.label}»" for c in lost))
            missing.update(c.key for c in lost)
            lost = []
        for column in lost:
            missing.add(column.key)
            similar = _similar_header(column, strangers)
            if similar is not None:
                code = "missing-column-similar" if column.feeds_figures else "missing-text-column-similar"
                self.finding(code, spec.name, layout.cell_address(best_index, strangers.pop(similar)),
                             label=column.label, similar=similar)
            else:
                code = "missing-column" if column.feeds_figures else "missing-text-column"
                self.finding(code, spec.name, layout.cell_address(best_index, next_free), label=column.label)
        return best_index, columns, missing

    def _merged_header(self, spec: TableSheet, header_index: int) -> tuple[str, str, str] | None:
        """(first cell, range, text) of a merged range across columns in or next to the header row."""
        found = self.sheets.get(layout.sheet_key(spec.name))
        rows = found[1] if found else []
        for (top, left), (bottom, right) in self.merged.get(layout.sheet_key(spec.name), []):
            if right > left and top <= header_index + 1 and bottom >= header_index:
                text = rows[top][left] if top < len(rows) and left < len(rows[top]) else ""
                return (layout.cell_address(top, left),
                        f"{layout.cell_address(top, left)}:{layout.cell_address(bottom, right)}", _one_line(text or ""))
        return None

    def records(self, spec: TableSheet, cls: type, prefix: tuple) -> list[Any]:
        """Rows of a table sheet as model records, with each field's source."""
        out: list[Any] = []
        for row in self.table(spec):
            path = (*prefix, len(out))
            self._note_sources(spec, row, path)
            out.append(cls(**row.values))
        return out

    def _note_sources(self, spec: TableSheet, row: Row, path: tuple) -> None:
        self.result.sources.add_row(path, self.real_name(spec.name), row.index, row.columns)
        for key in row.unreadable:
            self.result.unreadable.add((*path, key))

    def read_indicators(self) -> None:
        a = self.result.assessment
        by_id: dict[str, Indicator] = {}
        indicator: Indicator | None
        path: tuple[Any, ...]
        for row in self.table(layout.ASSESSMENTS):
            values = dict(row.values)
            ind_id = values.pop("id") or ""
            indicator = Indicator(id=ind_id, **values)
            path = ("indicators", len(a.indicators))
            self._note_sources(layout.ASSESSMENTS, row, path)
            a.indicators.append(indicator)
            by_id.setdefault(cells.fold(ind_id), indicator)
        self.vocabularies[layout.INDICATOR_ID_NAME] = tuple(i.id for i in a.indicators if i.id)
        index_of = {id(ind): i for i, ind in enumerate(a.indicators)}
        known = ", ".join(i.id for i in a.indicators if i.id) or "ingen"

        def owner(spec: TableSheet, row: Row, key: str) -> Indicator | None:
            ind_id = row.values[key]
            if ind_id is None:
                self.finding("required-missing", spec.name, row.cell(key) or f"A{row.number}",
                             label=spec.column(key).label)
                return None
            indicator = by_id.get(cells.fold(ind_id))
            if indicator is None:
                self.finding("unknown-indicator", spec.name, row.cell(key), id=ind_id, known=known)
            return indicator

        for row in self.table(layout.INDICATORS):
            indicator = owner(layout.INDICATORS, row, "indicator")
            if indicator is None:
                continue
            values = {k: v for k, v in row.values.items() if k != "indicator"}
            path = ("indicators", index_of[id(indicator)], "themes", len(indicator.themes))
            self._note_sources(layout.INDICATORS, row, path)
            indicator.themes.append(Theme(**values))

        for row in self.table(layout.POINTS):
            if all(row.values[k] is None for k in ("strengths", "improvements", "actions")):
                continue
            indicator = owner(layout.POINTS, row, "indicator")
            if indicator is None:
                continue
            i = index_of[id(indicator)]
            for key in ("strengths", "improvements", "actions"):
                if row.values[key] is not None:
                    items = getattr(indicator, key)
                    self.result.sources.add(("indicators", i, key, len(items)),
                                            Source(self.real_name(layout.POINTS.name), row.cell(key), row.number))
                    items.append(row.values[key])

    def read_conclusions(self) -> None:
        texts = self.result.assessment.texts
        for row in self.table(layout.CONCLUSIONS):
            for key, value in row.values.items():
                if value is not None:
                    items = getattr(texts, key)
                    self.result.sources.add(("texts", key, len(items)),
                                            Source(self.real_name(layout.CONCLUSIONS.name), row.cell(key), row.number))
                    items.append(value)


class _Special:
    """A cell calamine reads as empty that holds a formula error or an unevaluated formula."""

    def __init__(self, kind: str) -> None:
        self.kind = kind


_SLOW = object()
_SCALE_LINE = re.compile(r"^\s*(-?\d+)\s*[=:–-]\s*(.+)$")
_GROUP_LINE = re.compile(r"^\s*([a-z0-9][a-z0-9_-]*)\s*[=:–]\s*(.+)$")
_NUMERIC = (layout.INT, layout.COUNT, layout.SCORE, layout.TOTAL, layout.AMOUNT)


def _blank(value: Any) -> bool:
    return value == "" or value is None or (type(value) is str and not value.strip())


# The common cases without the general parser, one reader per kind of cell: a number in a number
# cell, plain text in a text cell, a real date, ja/nei, an empty cell. `_SLOW` means the general
# parser must decide (and name the cell when it cannot).

def _fast_text(raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if type(raw) is str and "\r" not in raw:
        return raw.strip() or None
    return _SLOW


def _fast_choice(raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if type(raw) is str and "\r" not in raw and raw[:1] != "#" and raw[:4] != "Err:":   # error values: slow
        return raw.strip() or None
    return _SLOW


def _fast_number(raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if type(raw) is float and raw.is_integer() and abs(raw) < 1e15:
        return int(raw)
    return _SLOW


def _fast_date(raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    kind = type(raw)
    if kind is dt.date:
        return raw
    if kind is dt.datetime:
        return raw.date()
    return _SLOW


def _fast_bool(raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if type(raw) is bool:
        return raw
    if type(raw) is str:
        word = raw.strip().casefold()
        return True if word == "ja" else False if word == "nei" else _SLOW
    return _SLOW


_CORE_SHEETS = frozenset({layout.PROGRAM_SHEET, layout.PORTFOLIO.name, layout.ASSESSMENTS.name,
                          layout.INDICATORS.name, layout.BUDGET.name})
# Words that mark a copy or an archived version of a sheet: «Portefølje (2)», «Kopi av Budsjett»,
# «Portefølje 2023», «Budsjett_gammel».
_COPY_WORDS = frozenset({"kopi", "av", "copy", "of", "backup", "bak", "gammel", "gamle", "old", "arkiv", "ny", "nytt",
                         "new", "versjon", "v", "utkast", "draft", "original", "orig", "fjor", "fjorarets"})


def _role(name: str) -> str:
    """The layout sheet a sheet name could stand for, copy marks and years dropped."""
    name = name.replace("_", " ")
    words = layout.label_words(re.sub(r"[(\[]\s*\d*\s*[)\]]", " ", re.sub(r"[(\[](.*?)[)\]]", r" \1 ", name)))
    kept = [w for w in words if w not in _COPY_WORDS and not w.isdigit()]
    return layout.sheet_key("".join(kept)) if kept else layout.sheet_key(name)


def _copies(names: list[str]) -> dict[str, tuple[str, str]]:
    """Layout sheet key -> the first two sheets that could both be it."""
    ours = {layout.sheet_key(n) for n in layout.REQUIRED_SHEETS}
    seen: dict[str, str] = {}
    out: dict[str, tuple[str, str]] = {}
    for name in names:
        role = _role(name)
        if role not in ours:
            continue
        if role in seen and role not in out:
            out[role] = (seen[role], name)
        seen.setdefault(role, name)
    return out


def _labels_column(rows: list[list[Any]]) -> str | None:
    """The cell where the Program field names start when they are not in column A (a column inserted)."""
    wanted = {layout.normalize_label(label) for f in layout.PROGRAM_FIELDS if f.required for label in f.labels}
    for index, row in enumerate(rows[:60]):
        for col, value in enumerate(row[:10]):
            if col != layout.PROGRAM_LABEL_COLUMN and type(value) is str and layout.normalize_label(value) in wanted:
                return layout.cell_address(index, col)
    return None


def _spell_project_ids(a: Assessment) -> None:
    """Project ids typed elsewhere («p-2021-01 » on Arbeidsplasser) spelled as on Portefølje, so the
    figures group them as one project (the comparison folds case, spacing and invisible characters)."""
    exact = {p.id for p in a.portfolio if p.id}
    spelled: dict[str, str] | None = None        # built only when an id is not spelled exactly
    for record, key in [*((p, "continues") for p in a.portfolio if p.continues), *((j, "project_id") for j in a.jobs)]:
        value = getattr(record, key)
        if value and value not in exact:
            if spelled is None:
                spelled = {}
                for project in a.portfolio:
                    if project.id:
                        spelled.setdefault(cells.fold(project.id), project.id)
            setattr(record, key, spelled.get(cells.fold(value), value))


def _fast_never(raw: Any) -> Any:
    return None if raw is None or raw == "" else _SLOW


_TOTAL_INITIALS = frozenset("sStTiIdDgG")
_TOTAL_LABEL = (r"^(?:sum|summer|summert|totalsum|totalt?|i alt|subtotal|delsum|delsummer|grand total)"
                          r"(?: (?:for|i|alle|totalt|\d{4}|[a-zæøå-]+)){0,3}\s*:?$")
_NOTE_MARK = (r"^(?:\*+\s|merk\b|note\b|nb\b|obs\b|kilde\b|fotnote|forklaring|tall(ene)? (er )?(hentet|fra)|"
                        r"(alle )?beløp(ene)? (er )?i\b)")


def _sums_the_rows_above(rows: list[list[Any]], out: list[int], columns_at: dict[int, Column]) -> bool:
    """Whether the last data row is a total typed without a label: no text at all, and in two or more
    count or amount columns its number is the sum of three or more rows above (none disagrees)."""
    last = rows[out[-1]]
    if any(type(v) is str and v.strip() for v in last):
        return False
    matched = 0
    for col, column in columns_at.items():
        if column.kind not in (layout.COUNT, layout.AMOUNT):
            continue
        value = last[col] if col < len(last) else None
        if type(value) not in (int, float) or not value:
            continue
        above = [v for i in out[:-1] if col < len(rows[i]) and type(v := rows[i][col]) in (int, float) and v]
        if len(above) < 3 or abs(sum(above) - value) > 1e-9 * max(1.0, abs(value)):
            return False
        matched += 1
    return matched >= 2


def _note_text(raw_row: list[Any]) -> str | None:
    """The text of a row that holds one text cell and nothing else (a note), else None."""
    found = None
    for value in raw_row:
        if not _blank(value):
            if found is not None or type(value) is not str:
                return None
            found = value.strip()
    return found


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())


def _short(text: str, limit: int = 60) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fast_lines(raw: Any) -> Any:
    return [] if raw is None or raw == "" else _SLOW


_FAST: dict[str, Callable[[Any], Any]] = {
    layout.TEXT: _fast_text, layout.CHOICE: _fast_choice, layout.LINES: _fast_lines, layout.DATE: _fast_date,
    layout.BOOL: _fast_bool, **{kind: _fast_number for kind in (layout.INT, layout.COUNT, layout.SCORE,
                                                                 layout.TOTAL, layout.AMOUNT)},
}


def _similar_header(column: Column, strangers: dict[str, int]) -> str | None:
    """An unknown header that is probably `column` reworded: «Tilsagt» or «Nye arbeidsplasser» for «Nye»."""
    label = layout.normalize_label(column.label)
    words = set(layout.label_words(column.label))
    best, best_score = None, 0.0
    for text in strangers:
        if len(text) > MAX_HEADER_LENGTH:
            continue             # a paragraph pasted into the header row is no reworded header
        candidate = layout.normalize_label(text)
        score = difflib.SequenceMatcher(None, label, candidate).ratio()
        if words <= set(layout.label_words(text)):
            score = max(score, 0.8)
        if score > best_score:
            best, best_score = text, score
    return best if best_score >= 0.7 else None


MAX_HEADER_LENGTH = 200


def _spelling(vocabulary: tuple[str, ...], choices: str | None) -> dict[str, str]:
    """A list's spelling (cells.spelling), with its nynorsk values read as the bokmål ones."""
    spelled = cells.spelling(vocabulary)
    nynorsk = layout.VOCABULARY_NN.get(choices or "")
    return {**spelled, **nynorsk} if nynorsk else spelled


def _parse_language(raw: Any) -> str | None:
    """A Målform cell: «bokmål» or «nynorsk» (or nb, nn) as "nb" or "nn"; empty is None."""
    text = cells.parse_text(raw)
    if text is None:
        return None
    code = layout.MAALFORM_CODES.get(cells.choice_key(text))
    if code is None:
        field = next(f for f in layout.PROGRAM_FIELDS if f.kind == layout.LANGUAGE)
        raise cells.CellValueError("invalid-choice", value=text, label=field.label,
                                   choices=", ".join(layout.VOCABULARIES["language"]))
    return code


_PARSERS: dict[str, Callable[[Any, str | None], Any]] = {
    layout.TEXT: lambda raw, _: cells.parse_text(raw),
    layout.LINES: lambda raw, _: cells.parse_lines(raw),
    layout.INT: lambda raw, _: cells.parse_whole(raw),
    layout.COUNT: lambda raw, _: cells.parse_numeric(raw),
    layout.SCORE: lambda raw, _: cells.parse_numeric(raw),
    layout.TOTAL: lambda raw, _: cells.parse_numeric(raw),
    layout.DATE: lambda raw, _: cells.parse_date(raw),
    layout.BOOL: lambda raw, _: cells.parse_bool(raw),
    layout.LANGUAGE: lambda raw, _: _parse_language(raw),
}
