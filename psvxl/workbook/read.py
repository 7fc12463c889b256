"""From a workbook file to an `Assessment`, plus where each value came from and what could not be read.

Columns are found by their header labels, programme fields by their labels in column A: column
order, case and spacing may differ and extra columns are ignored. Values come from python-calamine
(cached values only; formulas are never evaluated and formula cells are never inputs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from psvxl import cells, layout
from psvxl.errors import InputError
from psvxl.findings import Finding
from psvxl.layout import Column, TableSheet
from psvxl.model import (
    Assessment, BudgetYear, HistoryEntry, Indicator, JobRegistration, JobTarget, Participant,
    PreviousAction, Project, Theme,
)
from psvxl.workbook.preflight import MAX_ROWS, preflight

Path_ = tuple  # ("indicators", 0, "themes", 2, "score")


@dataclass(frozen=True)
class Source:
    sheet: str
    cell: str | None
    row: int | None = None   # 1-based Excel row

    @property
    def label(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


@dataclass
class ReadResult:
    assessment: Assessment
    sources: dict[Path_, Source] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Values that were present but unreadable: the validator does not also call them missing.
    unreadable: set[Path_] = field(default_factory=set)

    def source(self, *path: Any) -> Source | None:
        return self.sources.get(tuple(path))


@dataclass
class Row:
    """One data row of a table sheet: parsed values by column key, and each value's cell."""
    number: int                        # 1-based Excel row
    values: dict[str, Any]
    cells: dict[str, str]              # key -> A1 address
    unreadable: set[str]


def read_workbook(path: str | Path) -> ReadResult:
    """Read a PSV workbook (.xlsx or .xlsm). Raises `InputError` when the file cannot be read at all."""
    path = Path(path)
    preflight(path)
    import python_calamine  # imported late: the CLI's --help should not pay for it

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = {name: _sheet_rows(book, name) for name in book.sheet_names}
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise InputError(f"{path.name} kan ikke leses som arbeidsbok: {exc}. Lagre den på nytt i Excel.") from None
    return read_sheets(sheets)


def _sheet_rows(book: Any, name: str) -> list[list[Any]]:
    sheet = book.get_sheet_by_name(name)
    if sheet.height > MAX_ROWS:
        raise InputError(f"Arket «{name}» har {sheet.height} rader; psvxl leser høyst {MAX_ROWS}. Slett tomme rader nederst på arket.")
    return sheet.to_python(skip_empty_area=False)


def read_sheets(sheets: dict[str, list[list[Any]]]) -> ReadResult:
    """Build the assessment from sheet name -> rows of cell values (row 0 = Excel row 1).

    Shared by the file reader and the xlwings adapter (which reads the live workbook's values).
    """
    return _Reader(sheets).read()


class _Reader:
    def __init__(self, sheets: dict[str, list[list[Any]]]) -> None:
        # Sheet names matched like labels, so "portefølje" or "Portefølje " still count.
        self.sheets = {layout.normalize_label(name): (name, rows) for name, rows in sheets.items()}
        self.result = ReadResult(Assessment())

    # --- plumbing ---------------------------------------------------------------------------

    def finding(self, code: str, at_sheet: str | None, at_cell: str | None, /, **params: Any) -> None:
        self.result.findings.append(Finding(code, at_sheet, at_cell, params))

    def sheet(self, name: str) -> list[list[Any]] | None:
        found = self.sheets.get(layout.normalize_label(name))
        if found is None:
            if name in layout.REQUIRED_SHEETS:
                self.finding("missing-sheet", name, None, sheet=name)
            return None
        return found[1]

    def parse(self, kind: str, raw: Any, sheet: str, cell: str, choices: str | None = None) -> tuple[Any, bool]:
        """Parse a cell; on failure record the finding and return (None, False)."""
        try:
            if kind == layout.AMOUNT:
                value, rounded = cells.parse_amount(raw)
                if rounded:
                    self.finding("amount-rounded", sheet, cell, value=cells.parse_text(raw), rounded=value)
                return value, True
            return _PARSERS[kind](raw, choices), True
        except cells.CellValueError as exc:
            self.finding(exc.code, sheet, cell, **exc.params)
            return None, False

    # --- sheets -----------------------------------------------------------------------------

    def read(self) -> ReadResult:
        a = self.result.assessment
        self.read_program()
        a.focus_areas = [r.values["focus_area"] for r in self.table(layout.FOCUS_AREAS) if r.values["focus_area"]]
        for i, row in enumerate(self.table(layout.FOCUS_AREAS)):
            self.result.sources[("focus_areas", i)] = Source(layout.FOCUS_AREAS.name, row.cells["focus_area"], row.number)
        a.program.participants = self.records(layout.PARTICIPANTS, Participant, ("program", "participants"))
        self.read_indicators()
        self.read_conclusions()
        a.portfolio = self.records(layout.PORTFOLIO, Project, ("portfolio",))
        a.jobs = self.records(layout.JOBS, JobRegistration, ("jobs",))
        a.job_targets = self.records(layout.JOB_TARGETS, JobTarget, ("job_targets",))
        a.budget = self.records(layout.BUDGET, BudgetYear, ("budget",))
        a.previous_actions = self.records(layout.PREVIOUS_ACTIONS, PreviousAction, ("previous_actions",))
        a.history = self.records(layout.HISTORY, HistoryEntry, ("history",))
        return self.result

    def read_program(self) -> None:
        rows = self.sheet(layout.PROGRAM_SHEET)
        if rows is None:
            return
        sheet = layout.PROGRAM_SHEET
        by_label: dict[str, int] = {}
        for index, row in enumerate(rows):
            if len(row) > layout.PROGRAM_LABEL_COLUMN and not cells.is_empty(row[layout.PROGRAM_LABEL_COLUMN]):
                by_label.setdefault(layout.normalize_label(row[layout.PROGRAM_LABEL_COLUMN]), index)
        for fld in layout.PROGRAM_FIELDS:
            index = by_label.get(layout.normalize_label(fld.label))
            if index is None:
                if fld.required:
                    self.finding("missing-field", sheet, None, label=fld.label)
                continue
            row = rows[index]
            raw = row[layout.PROGRAM_VALUE_COLUMN] if len(row) > layout.PROGRAM_VALUE_COLUMN else None
            cell = layout.cell_address(index, layout.PROGRAM_VALUE_COLUMN)
            path = tuple(fld.path.split("."))
            value, ok = self.parse(fld.kind, raw, sheet, cell)
            self.result.sources[path] = Source(sheet, cell, index + 1)
            if not ok:
                self.result.unreadable.add(path)
            setattr(getattr(self.result.assessment, path[0]), path[1], value)

    def table(self, spec: TableSheet) -> list[Row]:
        """The non-empty data rows of a table sheet (parsed), or [] when the sheet is absent."""
        cache = self.__dict__.setdefault("_tables", {})
        if spec.name not in cache:
            cache[spec.name] = self._read_table(spec)
        return cache[spec.name]

    def _read_table(self, spec: TableSheet) -> list[Row]:
        rows = self.sheet(spec.name)
        if rows is None:
            return []
        header_index, columns = self.find_header(spec, rows)
        if header_index is None:
            return []
        result = []
        for index in range(header_index + 1, len(rows)):
            raw_row = rows[index]
            raws = {key: raw_row[col] if col < len(raw_row) else None for key, col in columns.items()}
            if all(cells.is_empty(v) for v in raws.values()):
                continue
            row = Row(index + 1, {}, {}, set())
            for column in spec.read_columns:
                if column.key not in columns:
                    row.values[column.key] = [] if column.kind == layout.LINES else None
                    continue
                cell = layout.cell_address(index, columns[column.key])
                row.cells[column.key] = cell
                value, ok = self.parse(column.kind, raws[column.key], spec.name, cell, column.choices)
                row.values[column.key] = value
                if not ok:
                    row.unreadable.add(column.key)
            result.append(row)
        return result

    def find_header(self, spec: TableSheet, rows: list[list[Any]]) -> tuple[int | None, dict[str, int]]:
        """The header row (the one among the first rows that matches most labels) and key -> column."""
        wanted: dict[str, Column] = {}
        for column in spec.columns:
            for label in (column.label, *column.aliases):
                wanted[layout.normalize_label(label)] = column
        best_index, best_hits = None, 0
        for index, row in enumerate(rows[: layout.HEADER_SEARCH_ROWS]):
            hits = sum(1 for v in row if isinstance(v, str) and layout.normalize_label(v) in wanted)
            if hits > best_hits:
                best_index, best_hits = index, hits
        if best_index is None:
            for column in spec.read_columns:
                if column.required:
                    self.finding("missing-column", spec.name, "A1", label=column.label)
            return None, {}
        columns: dict[str, int] = {}
        header = rows[best_index]
        for col, value in enumerate(header):
            if not isinstance(value, str):
                continue
            column = wanted.get(layout.normalize_label(value))
            if column is None:
                continue
            if column.key in columns:
                self.finding("duplicate-column", spec.name, layout.cell_address(best_index, col),
                             label=column.label, other=layout.cell_address(best_index, columns[column.key]))
                continue
            columns[column.key] = col
        next_free = len(header)
        while next_free > 0 and cells.is_empty(header[next_free - 1]):
            next_free -= 1
        for column in spec.read_columns:
            if column.required and column.key not in columns:
                self.finding("missing-column", spec.name, layout.cell_address(best_index, next_free),
                             label=column.label)
        return best_index, columns

    def records(self, spec: TableSheet, cls: type, prefix: tuple) -> list[Any]:
        """Rows of a table sheet as model records, with each field's source."""
        out = []
        for row in self.table(spec):
            path = (*prefix, len(out))
            self._note_sources(spec, row, path)
            out.append(cls(**row.values))
        return out

    def _note_sources(self, spec: TableSheet, row: Row, path: tuple, keys: Iterable[str] | None = None,
                      rename: Callable[[str], str] = lambda k: k) -> None:
        for key in keys or row.values:
            cell = row.cells.get(key)
            self.result.sources[(*path, rename(key))] = Source(spec.name, cell, row.number)
            if key in row.unreadable:
                self.result.unreadable.add((*path, rename(key)))
        self.result.sources[path] = Source(spec.name, None, row.number)

    def read_indicators(self) -> None:
        a = self.result.assessment
        by_id: dict[str, Indicator] = {}
        for row in self.table(layout.ASSESSMENTS):
            values = dict(row.values)
            ind_id = values.pop("id") or ""
            indicator = Indicator(id=ind_id, **values)
            path = ("indicators", len(a.indicators))
            self._note_sources(layout.ASSESSMENTS, row, path)
            a.indicators.append(indicator)
            by_id.setdefault(ind_id.casefold(), indicator)
        index_of = {id(ind): i for i, ind in enumerate(a.indicators)}
        known = ", ".join(i.id for i in a.indicators if i.id) or "ingen"

        def owner(spec: TableSheet, row: Row, key: str) -> Indicator | None:
            ind_id = row.values[key]
            if ind_id is None:
                self.finding("required-missing", spec.name, row.cells.get(key) or f"A{row.number}",
                             label=spec.column(key).label)
                return None
            indicator = by_id.get(ind_id.casefold())
            if indicator is None:
                self.finding("unknown-indicator", spec.name, row.cells.get(key), id=ind_id, known=known)
            return indicator

        for row in self.table(layout.INDICATORS):
            indicator = owner(layout.INDICATORS, row, "indicator")
            if indicator is None:
                continue
            values = {k: v for k, v in row.values.items() if k != "indicator"}
            path = ("indicators", index_of[id(indicator)], "themes", len(indicator.themes))
            self._note_sources(layout.INDICATORS, row, path, keys=values)
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
                    self.result.sources[("indicators", i, key, len(items))] = Source(
                        layout.POINTS.name, row.cells.get(key), row.number)
                    items.append(row.values[key])

    def read_conclusions(self) -> None:
        texts = self.result.assessment.texts
        for row in self.table(layout.CONCLUSIONS):
            for key, value in row.values.items():
                if value is not None:
                    items = getattr(texts, key)
                    self.result.sources[("texts", key, len(items))] = Source(
                        layout.CONCLUSIONS.name, row.cells.get(key), row.number)
                    items.append(value)


def _vocabulary(choices: str | None) -> tuple[str, ...] | None:
    return layout.VOCABULARIES.get(choices or "")


_PARSERS: dict[str, Callable[[Any, str | None], Any]] = {
    layout.TEXT: lambda raw, _: cells.parse_text(raw),
    layout.LINES: lambda raw, _: cells.parse_lines(raw),
    layout.INT: lambda raw, _: cells.parse_whole(raw),
    layout.COUNT: lambda raw, _: cells.parse_numeric(raw),
    layout.SCORE: lambda raw, _: cells.parse_numeric(raw),
    layout.TOTAL: lambda raw, _: cells.parse_numeric(raw),
    layout.DATE: lambda raw, _: cells.parse_date(raw),
    layout.BOOL: lambda raw, _: cells.parse_bool(raw),
    layout.CHOICE: lambda raw, choices: cells.parse_choice(raw, _vocabulary(choices)),
}
