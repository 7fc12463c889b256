"""A stand-in for `xw.Book.caller()`: the subset of the xlwings API psvxl uses, backed by a real
workbook file through openpyxl, so the entry points can be tested end to end on Linux."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter


class FakeApp:
    def __init__(self) -> None:
        self.alerts: list[str] = []

    def alert(self, prompt: str, title: str | None = None, **_: Any) -> None:
        self.alerts.append(prompt)


class FakeBook:
    def __init__(self, path: Path, lite: bool = False) -> None:
        self.lite = lite          # as xlwings Lite: formulas and colours only through the async getters
        self.path = Path(path)
        self.wb = openpyxl.load_workbook(self.path, keep_vba=self.path.suffix == ".xlsm")
        self.app = FakeApp()
        self.fullname = str(self.path)
        self.calls = 0            # how many range reads and writes crossed "into Excel"

    @property
    def sheets(self) -> "FakeSheets":
        return FakeSheets(self)

    def save(self) -> None:
        self.wb.save(self.path)


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def __iter__(self):
        return iter(FakeSheet(self.book, ws) for ws in self.book.wb.worksheets)

    def __len__(self) -> int:
        return len(self.book.wb.worksheets)

    def __getitem__(self, key: str | int) -> "FakeSheet":
        ws = self.book.wb.worksheets[key] if isinstance(key, int) else self.book.wb[key]
        return FakeSheet(self.book, ws)

    def add(self, name: str, after: "FakeSheet | None" = None) -> "FakeSheet":
        return FakeSheet(self.book, self.book.wb.create_sheet(name))


class _Last:
    def __init__(self, row: int, column: int) -> None:
        self.row, self.column = row, column


class _Used:
    def __init__(self, ws: Any) -> None:
        self.last_cell = _Last(ws.max_row, ws.max_column)


class FakeSheet:
    def __init__(self, book: FakeBook, ws: Any) -> None:
        self.book, self.ws = book, ws

    @property
    def name(self) -> str:
        return self.ws.title

    @property
    def used_range(self) -> _Used:
        return _Used(self.ws)

    def range(self, first: Any, last: Any = None) -> "FakeRange":
        self.book.calls += 1
        if isinstance(first, tuple):
            last = last or first
            areas = [(first[0], first[1], last[0], last[1])]
        else:
            areas = [_area(part) for part in str(first).split(",")]
        return FakeRange(self, areas)


def _area(text: str) -> tuple[int, int, int, int]:
    refs = [re.match(r"^\$?([A-Z]+)\$?(\d+)$", part.strip()) for part in text.split(":")]
    (c1, r1), (c2, r2) = [(column_index_from_string(m.group(1)), int(m.group(2))) for m in (refs[0], refs[-1])]
    return r1, c1, r2, c2


class _Font:
    def __init__(self, rng: "FakeRange") -> None:
        object.__setattr__(self, "rng", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        key = {"bold": "b", "italic": "i", "size": "sz", "color": "color"}[name]
        for cell in self.rng.cells():
            font = copy.copy(cell.font)
            kwargs = {"b": font.b, "i": font.i, "sz": font.sz, "color": font.color, "name": font.name}
            kwargs[key] = "FF%02X%02X%02X" % value if key == "color" else value
            cell.font = Font(**kwargs)


class FakeRange:
    def __init__(self, sheet: FakeSheet, areas: list[tuple[int, int, int, int]]) -> None:
        self.sheet, self.areas = sheet, areas

    def cells(self):
        for r1, c1, r2, c2 in self.areas:
            for row in range(r1, r2 + 1):
                for col in range(c1, c2 + 1):
                    yield self.sheet.ws.cell(row=row, column=col)

    def _shape(self, values: list[list[Any]]) -> Any:
        # xlwings: a single cell gives a scalar, a single row or column a flat list.
        if len(values) == 1 and len(values[0]) == 1:
            return values[0][0]
        if len(values) == 1:
            return values[0]
        if all(len(row) == 1 for row in values):
            return [row[0] for row in values]
        return values

    def _grid(self, getter) -> Any:
        r1, c1, r2, c2 = self.areas[0]
        return self._shape([[getter(self.sheet.ws.cell(row=r, column=c)) for c in range(c1, c2 + 1)]
                            for r in range(r1, r2 + 1)])

    def options(self, **_: Any) -> "FakeRange":
        return self   # openpyxl already gives error cells as their text ("#DIV/0!")

    @property
    def value(self) -> Any:
        return self._grid(lambda cell: cell.value)

    @value.setter
    def value(self, data: Any) -> None:
        r1, c1, _, _ = self.areas[0]
        rows = data if isinstance(data, list) and data and isinstance(data[0], list) else [[data]] \
            if not isinstance(data, list) else [data]
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = self.sheet.ws.cell(row=r1 + i, column=c1 + j)
                cell.value = excel_reads(value) if cell.number_format == "General" else value

    def _lite_refuses(self, what: str) -> None:
        if self.sheet.book.lite:     # the message of xlwings' remote engine, which xlwings Lite uses
            raise NotImplementedError(f"Reading {what} synchronously isn't supported on this engine.")

    @property
    def formula(self) -> Any:
        self._lite_refuses("formulas")
        return self._grid(_formula)

    @property
    def color(self) -> Any:
        self._lite_refuses("the fill color")
        return _fill(next(self.cells()))

    async def get_formula(self) -> list[list[str]]:   # as psvxl asks for it: options(ndim=2)
        r1, c1, r2, c2 = self.areas[0]
        return [[_formula(self.sheet.ws.cell(row=r, column=c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    async def get_colors(self) -> list[list[Any]]:
        r1, c1, r2, c2 = self.areas[0]
        return [[_fill(self.sheet.ws.cell(row=r, column=c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    @color.setter
    def color(self, value: Any) -> None:
        for cell in self.cells():
            cell.fill = PatternFill() if value is None else PatternFill("solid", fgColor="FF%02X%02X%02X" % tuple(value))

    @property
    def number_format(self) -> str:
        return next(self.cells()).number_format

    @number_format.setter
    def number_format(self, value: str) -> None:
        for cell in self.cells():
            cell.number_format = value

    @property
    def font(self) -> _Font:
        return _Font(self)

    def clear_contents(self) -> None:
        for cell in self.cells():
            cell.value = None


def _formula(cell: Any) -> str:
    return "" if cell.value is None else str(cell.value)


def _fill(cell: Any) -> Any:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.fgColor.rgb
    return tuple(int(rgb[i:i + 2], 16) for i in (2, 4, 6)) if isinstance(rgb, str) else None


def column(letter_or_index: Any) -> str:
    return letter_or_index if isinstance(letter_or_index, str) else get_column_letter(letter_or_index)


_US_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
_US_PERCENT = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?\s*%$")


def excel_reads(value: Any) -> Any:
    """What Excel makes of a string assigned through Range.Value to a General cell: it parses it
    with US rules, whatever the user's locale («2024» -> 2024, «0,0» -> 0, «+1,0» -> 10, «44 %» -> 0.44).
    A cell formatted as text («@») keeps the string."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _US_NUMBER.match(text):
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() else number
    if _US_PERCENT.match(text):
        return float(text.rstrip("%").strip().replace(",", "")) / 100
    return value
