"""Formula kinds in sheet XML, as Excel and LibreOffice write them, and moving a shared formula.

A shared formula is written once, in its master cell (`<f t="shared" ref="B3:B9" si="0">A3*2</f>`);
the other cells of the group hold only `<f t="shared" si="0"/>` and mean the master's formula moved
to their place. An array formula (`t="array"`) and a data table (`t="dataTable"`) cover a range
whose other cells hold plain values: their range is one thing, and must stay whole.
"""

from __future__ import annotations

import re

from psvxl import layout

MAX_COLUMN, MAX_ROW = 16384, 1048576

# Strings, quoted sheet names and structured references are skipped whole; then a cell reference,
# a range of whole columns (A:C) or of whole rows (3:5). Each alternative is linear: no repetition
# nests inside another, and the lookarounds are of fixed width.
_TOKEN = re.compile(
    r'"[^"]*"|\'[^\']*\'|\[[^\]]*\]'
    r"|(?<![A-Za-z0-9_.$])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(!:])"
    r"|(?<![A-Za-z0-9_.$])(\$?)([A-Z]{1,3})(\$?)(\d+)(?=:)"
    r"|(?<![A-Za-z0-9_.$:])(\$?)([A-Z]{1,3}):(\$?)([A-Z]{1,3})(?![A-Za-z0-9_(])"
    r"|(?<![A-Za-z0-9_.$:])(\$?)(\d+):(\$?)(\d+)(?![A-Za-z0-9_.(])")


def translate(formula: str, origin: str, target: str) -> str:
    """`formula` as written in cell `origin`, moved to cell `target` (relative references shift,
    $-fixed ones stay; a reference moved off the sheet becomes #REF!, as in Excel)."""
    start, end = layout.parse_address(origin), layout.parse_address(target)
    if start is None or end is None:
        raise ValueError(f"not a cell address: {origin!r} or {target!r}")
    rows, cols = end[0] - start[0], end[1] - start[1]
    return _TOKEN.sub(lambda m: _moved(m, rows, cols), formula)


def _moved(m: re.Match[str], rows: int, cols: int) -> str:
    g = m.groups()
    if g[1] is not None or g[5] is not None:       # a cell
        fix_col, col, fix_row, row = g[0:4] if g[1] is not None else g[4:8]
        new_col = _column(col) + (0 if fix_col else cols)
        new_row = int(row) + (0 if fix_row else rows)
        if not (1 <= new_col <= MAX_COLUMN and 1 <= new_row <= MAX_ROW):
            return "#REF!"
        return f"{fix_col}{layout.column_letter(new_col - 1)}{fix_row}{new_row}"
    if g[9] is not None:                           # whole columns
        parts = [(g[8], _column(g[9])), (g[10], _column(g[11]))]
        moved = [(fix, n + (0 if fix else cols)) for fix, n in parts]
        if any(not 1 <= n <= MAX_COLUMN for _, n in moved):
            return "#REF!"
        return ":".join(f"{fix}{layout.column_letter(n - 1)}" for fix, n in moved)
    if g[13] is not None:                          # whole rows
        parts = [(g[12], int(g[13])), (g[14], int(g[15]))]
        moved = [(fix, n + (0 if fix else rows)) for fix, n in parts]
        if any(not 1 <= n <= MAX_ROW for _, n in moved):
            return "#REF!"
        return ":".join(f"{fix}{n}" for fix, n in moved)
    return m.group(0)                              # a string, a quoted name, a structured reference


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """"B3:C9" (or "B3") to 0-based (first row, first col, last row, last col)."""
    first, _, last = ref.partition(":")
    a, b = layout.parse_address(first), layout.parse_address(last or first)
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])
