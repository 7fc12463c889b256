"""The live book in xlwings Lite, for the buttons' synchronous code (psvxl.workbook.live).

xlwings Lite hands a script the cell values up front, but reading a range's formulas or fill colour
synchronously raises NotImplementedError there: they come only from `await rng.get_formula()` and
`await rng.get_colors()`. `prefetch` fetches them for each sheet's used range, one call each, and
returns the book wrapped so that `.formula` and `.color` answer from what was fetched; everything else
(values, writes, formats, new sheets) goes to the real book unchanged.
"""

from __future__ import annotations

from typing import Any

from psvxl import layout
from psvxl.errors import PsvxlError
from psvxl.i18n import t
from psvxl.workbook.macros import XLWINGS_VERSION  # the version psvxl is tested with

MAX_CELLS = 100_000            # xlwings: get_colors reads at most this many cells per call


async def prefetch(book: Any, formulas: bool = False, colors: bool = False) -> Any:
    """The book with the formulas and/or fill colours of every sheet's used range fetched."""
    fetched: dict[str, dict[str, list[list[Any]]]] = {}
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        rows, cols = max(last.row, 1), max(last.column, 1)
        _needs(sheet.range((1, 1)), ["get_formula"] * formulas + ["get_colors"] * colors)
        data: dict[str, list[list[Any]]] = {}
        if formulas:
            data["formula"] = _grid(await sheet.range((1, 1), (rows, cols)).options(ndim=2).get_formula())
        if colors:
            data["color"] = []
            step = max(1, MAX_CELLS // cols)
            for first in range(1, rows + 1, step):
                block = sheet.range((first, 1), (min(rows, first + step - 1), cols))
                data["color"] += [list(row) for row in await block.get_colors()]
        fetched[sheet.name] = data
    return _Book(book, fetched)


def _needs(rng: Any, getters: list[str]) -> None:
    """An older xlwings in the workbook's requirements.txt lacks the awaited getters: say how to fix it."""
    if any(not hasattr(rng, g) for g in getters):
        raise PsvxlError(t("workbook.lite.old-xlwings", version=XLWINGS_VERSION))


def _grid(value: Any) -> list[list[Any]]:
    if not isinstance(value, list):
        return [[value]]
    return [list(row) if isinstance(row, list) else [row] for row in value]


class _Delegate:
    """Reads and writes of anything not defined here go to the wrapped object."""

    def __init__(self, real: Any) -> None:
        object.__setattr__(self, "_real", real)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._real, name, value)


class _Book(_Delegate):
    def __init__(self, real: Any, fetched: dict[str, dict[str, list[list[Any]]]]) -> None:
        super().__init__(real)
        object.__setattr__(self, "_fetched", fetched)

    @property
    def sheets(self) -> _Sheets:
        return _Sheets(self._real.sheets, self._fetched)


class _Sheets(_Delegate):
    def __init__(self, real: Any, fetched: dict[str, dict[str, list[list[Any]]]]) -> None:
        super().__init__(real)
        object.__setattr__(self, "_fetched", fetched)

    def __iter__(self):
        return (_Sheet(s, self._fetched.get(s.name, {})) for s in self._real)

    def __len__(self) -> int:
        return len(self._real)

    def __getitem__(self, key: Any) -> _Sheet:
        sheet = self._real[key]
        return _Sheet(sheet, self._fetched.get(sheet.name, {}))

    def add(self, *args: Any, **kwargs: Any) -> _Sheet:
        after = kwargs.get("after")
        if isinstance(after, _Sheet):
            kwargs["after"] = after._real
        return _Sheet(self._real.add(*args, **kwargs), {})


class _Sheet(_Delegate):
    def __init__(self, real: Any, fetched: dict[str, list[list[Any]]]) -> None:
        super().__init__(real)
        object.__setattr__(self, "_fetched", fetched)

    def range(self, first: Any, last: Any = None) -> _Range:
        real = self._real.range(first) if last is None else self._real.range(first, last)
        return _Range(real, _area(first, last), self._fetched)


def _area(first: Any, last: Any) -> tuple[int, int, int, int]:
    """Zero-based (row, col) of the first and last cell of a (row, col) pair or an A1 address."""
    if isinstance(first, tuple):
        end = last or first
        return first[0] - 1, first[1] - 1, end[0] - 1, end[1] - 1
    parts = [layout.parse_address(p.strip().replace("$", "")) for p in str(first).split(",")[0].split(":")]
    if any(p is None for p in parts):
        raise ValueError(f"Ukjent celleadresse: {first}")
    (r1, c1), (r2, c2) = parts[0], parts[-1]  # type: ignore[misc]
    return r1, c1, r2, c2


class _Range(_Delegate):
    def __init__(self, real: Any, area: tuple[int, int, int, int], fetched: dict[str, list[list[Any]]]) -> None:
        super().__init__(real)
        object.__setattr__(self, "_area", area)
        object.__setattr__(self, "_fetched", fetched)

    def options(self, *args: Any, **kwargs: Any) -> _Range:
        return _Range(self._real.options(*args, **kwargs), self._area, self._fetched)

    def _cells(self, kind: str) -> list[list[Any]]:
        if kind not in self._fetched:
            raise NotImplementedError(f"{kind} was not fetched for this sheet (psvxl.workbook.lite_book)")
        grid = self._fetched[kind]
        r1, c1, r2, c2 = self._area

        def at(r: int, c: int) -> Any:
            return grid[r][c] if r < len(grid) and c < len(grid[r]) else (None if kind == "color" else "")
        return [[at(r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    @property
    def formula(self) -> Any:
        rows = self._cells("formula")   # shaped as xlwings shapes .value: a scalar, a flat list, or rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1 or all(len(r) == 1 for r in rows):
            return [v for r in rows for v in r]
        return rows

    @property
    def color(self) -> Any:
        return self._cells("color")[0][0]
