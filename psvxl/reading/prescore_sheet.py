"""The «Forhåndsvurdering» sheet: each participant's own scores before the meeting, one column each.

Rows are the workbook's themes (indicator id, theme number from 1, title); columns after «Tema» are
the participants, their names in the header row. This sheet is the only place in the workbook that
names who scored what. It is optional: a workbook gets it from `psvxl collect-scores` (or from
`psvxl new --from-json` with pre-scores), and without it the assessment simply has no pre-scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psvxl import cells, layout
from psvxl.i18n import t
from psvxl.model import Assessment, PreScore

SHEET = layout.PRESCORE_SHEET
ID_LABEL, NUMBER_LABEL, TITLE_LABEL = layout.PRESCORE_LABELS   # the sheet's name and labels are layout's;
# its title and note are the catalogue's (workbook.prescores.*).
HEADER_ROW = 3        # 0-based: title, note, blank, header
FIRST_PARTICIPANT_COLUMN = 3
WIDTHS = (16, 9, 34, 16)      # Indikator, Tema nr., Tema, each participant


@dataclass(frozen=True)
class SheetProblem:
    code: str
    cell: str | None
    params: dict[str, Any]


def participants(a: Assessment) -> list[str]:
    """The participants in the order they were first collected."""
    seen: dict[str, None] = {}
    for p in a.prescores:
        seen.setdefault(p.participant or "", None)
    return list(seen)


def sheet_rows(a: Assessment, name: str = SHEET) -> list[list[Any]]:
    """The sheet's cell values, row by row (row 0 = Excel row 1); `name` is the sheet's, as its title."""
    names = participants(a)
    scores = {(p.participant or "", p.indicator_id, p.theme_index): p.score for p in a.prescores}
    rows: list[list[Any]] = [[t("workbook.prescores.title", sheet=name)], [t("workbook.prescores.note")], [],
                              [ID_LABEL, NUMBER_LABEL, TITLE_LABEL, *names]]
    for ind in a.indicators:
        for index, theme in enumerate(ind.themes):
            rows.append([ind.id, index + 1, theme.title or "",
                         *(scores.get((name, ind.id, index)) for name in names)])
    return rows


def read_rows(rows: list[list[Any]], a: Assessment) -> tuple[list[PreScore], list[SheetProblem]]:
    """The pre-scores of the sheet's rows, participant by participant in column order, and what is wrong."""
    header_index = next((i for i, row in enumerate(rows[: layout.HEADER_SEARCH_ROWS])
                         if _labels(row)[:2] == [layout.normalize_label(ID_LABEL), layout.normalize_label(NUMBER_LABEL)]),
                        None)
    if header_index is None:
        if any(not cells.is_empty(v) for row in rows for v in row):
            return [], [SheetProblem("prescore-missing-header", layout.cell_address(0, 0), {"labels": f"«{ID_LABEL}», «{NUMBER_LABEL}», «{TITLE_LABEL}»"})]
        return [], []
    header = rows[header_index]
    problems: list[SheetProblem] = []
    columns: list[tuple[int, str]] = []
    seen: dict[str, str] = {}
    for col in range(FIRST_PARTICIPANT_COLUMN, len(header)):
        name = cells.parse_text(header[col]) if not cells.is_empty(header[col]) else None
        cell = layout.cell_address(header_index, col)
        if name is None:
            if any(col < len(r) and not cells.is_empty(r[col]) for r in rows[header_index + 1:]):
                problems.append(SheetProblem("prescore-no-name", cell, {}))
            continue
        if name.casefold() in seen:
            problems.append(SheetProblem("prescore-duplicate-participant", cell, {"name": name, "other": seen[name.casefold()]}))
            continue
        seen[name.casefold()] = cell
        columns.append((col, name))
    themes = {(ind.id, index) for ind in a.indicators for index in range(len(ind.themes))}
    rules = a.rules
    by_participant: dict[str, list[PreScore]] = {name: [] for _, name in columns}
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        values = [row[col] if col < len(row) else None for col, _ in columns]
        if all(cells.is_empty(v) for v in values):
            continue
        key = _theme_key(row)
        if key not in themes:
            problems.append(SheetProblem("prescore-unknown-theme", layout.cell_address(index, 0),
                                         {"indicator": row[0] if row else "", "number": row[1] if len(row) > 1 else ""}))
            continue
        for (col, name), raw in zip(columns, values, strict=False):
            if cells.is_empty(raw):
                continue
            score = _whole(raw)
            if score is None or not rules.scale.min <= score <= rules.scale.max:
                problems.append(SheetProblem("prescore-invalid", layout.cell_address(index, col),
                                             {"value": cells.parse_text(raw), "min": rules.scale.min, "max": rules.scale.max}))
                continue
            by_participant[name].append(PreScore(name, key[0], key[1], score))
    order = {key: k for k, key in enumerate(sorted(themes, key=_framework_order(a)))}
    out = [p for name in by_participant for p in sorted(by_participant[name],
                                                          key=lambda p: order[(p.indicator_id or "", p.theme_index or 0)])]
    return out, problems


def _labels(row: list[Any]) -> list[str]:
    return [layout.normalize_label(v) if isinstance(v, str) else "" for v in row]


def _theme_key(row: list[Any]) -> tuple[str, int] | None:
    if len(row) < 2 or cells.is_empty(row[0]):
        return None
    number, text = _whole(row[1]), cells.parse_text(row[0])
    return (text, number - 1) if number is not None and text is not None else None


def _whole(raw: Any) -> int | None:
    """A whole number from a cell: 4, 4.0 or "4"; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return int(raw) if float(raw).is_integer() else None
    text = cells.parse_text(raw) if isinstance(raw, str) else None
    return int(text) if text and text.isdigit() else None


def _framework_order(a: Assessment) -> Any:
    positions = {ind.id: k for k, ind in enumerate(a.indicators)}
    return lambda key: (positions.get(key[0], len(positions)), key[1])
