"""The adviser's overview: one row per programme, from many workbooks, for the county or Innovasjon Norge.

Each workbook is read and validated as `psvxl compute` does, so every figure in a row equals that
workbook's `compute --format json`. A workbook that cannot be read, or whose errors block the
figures, gets a row that says why and no figures; the others are summarised all the same.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psvxl.errors import InputError, PsvxlError
from psvxl.findings import ERROR, Finding
from psvxl.i18n import t
from psvxl.metrics import Metrics
from psvxl.model import ACTION_STATUSES, Assessment

NO_STATUS = "uten status"   # metrics.follow_up's key for actions without a status (data, not a header)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Programme:
    """What the overview knows of one workbook."""
    path: Path
    assessment: Assessment | None = None
    metrics: Metrics | None = None
    findings: list[Finding] = field(default_factory=list)
    problem: str | None = None          # why it was left out (unreadable, or errors block the figures)

    @property
    def left_out(self) -> bool:
        return self.metrics is None


def find_workbooks(inputs: list[Path]) -> list[Path]:
    """The workbooks named, and those in the folders named (not in subfolders; Excel's ~$ lock files
    and hidden files left out), in a stable order without duplicates."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            try:
                found += sorted(p for p in item.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES
                                and not p.name.startswith(("~$", ".")) and p.is_file())
            except OSError as exc:
                raise InputError(t("overview.folder-unreadable", folder=item, reason=exc.strerror or exc)) from None
        else:
            found.append(item)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def read_programme(path: Path) -> Programme:
    from psvxl.metrics import compute
    from psvxl.validate import NON_BLOCKING_FOR_FIGURES, figures_blocked, validate_workbook

    try:
        result, report = validate_workbook(path)
    except PsvxlError as exc:
        return Programme(path, problem=str(exc))
    programme = Programme(path, result.assessment, findings=report.findings)
    if figures_blocked(report):
        first = next(f for f in report.errors if f.code not in NON_BLOCKING_FOR_FIGURES)
        where = f"{first.sheet}!{first.cell}" if first.cell else (first.sheet or "")
        programme.problem = t("overview.blocked", errors=len(report.errors), where=where, message=first.message()).strip()
    else:
        programme.metrics = compute(result.assessment)
    return programme


READ_SECONDS = 60           # one workbook's read; PSVXL_READ_TIMEOUT changes it (10 000 projects: ~2 s)


def read_programmes(paths: list[Path], workers: int | None = None) -> list[Programme]:
    """Every workbook read in reader processes of their own (psvxl.isolated): one that makes a reader
    abort, run out of memory or hang gets its row with the reason; the others are read all the same."""
    from psvxl.isolated import map_isolated, workers_default

    seconds = float(os.environ.get("PSVXL_READ_TIMEOUT") or READ_SECONDS)
    outcomes = map_isolated(_read_guarded, paths, workers if workers is not None else workers_default(), seconds,
                            preload=_preload)
    programmes = []
    for path, outcome in zip(paths, outcomes, strict=False):
        if outcome.timed_out:
            outcome.value = Programme(path, problem=t("overview.timed-out", seconds=f"{seconds:.0f}"))
        elif outcome.value is None:
            outcome.value = Programme(path, problem=t("overview.reader-died", code=outcome.died))
        programmes.append(outcome.value)
    return programmes


def _preload() -> None:
    import python_calamine  # noqa: F401 - imported once before the readers fork, not in each

    from psvxl import metrics, validate  # noqa: F401


def _read_guarded(path: Path) -> Programme:
    """`read_programme` in a reader process: whatever a damaged file raises is its row."""
    try:
        return read_programme(path)
    except MemoryError:
        return Programme(path, problem=t("overview.out-of-memory"))
    except Exception as exc:  # noqa: BLE001
        return Programme(path, problem=t("overview.unreadable", error=f"{exc.__class__.__name__}: {exc}"))


# --- the overview's columns ----------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Col:
    key: str                  # the header is overview.column.<key> in the catalogue
    kind: str = "text"        # text, int, amount, score, percent, date, yes_no
    width: float = 12
    text: str | None = None   # a header of its own (an indicator's), not from the catalogue

    @property
    def header(self) -> str:
        return self.text if self.text is not None else t(f"overview.column.{self.key}")


# Frameworks differ in scale (1–6, 1–5): «Skala» names each programme's, and «Snitt i % av skalaen»
# puts the means on one footing ((snitt − laveste) / (høyeste − laveste)), the column to compare by.
FIXED_START = (Col("program", width=34), Col("owner", width=22), Col("year", "int", 7), Col("meeting", "date", 11),
               Col("mean", "score", 9), Col("scale", width=8), Col("mean-share", "percent", 11))
# One column per action status (model.ACTION_STATUSES, in its order), then the actions without one.
ACTION_COLUMNS = ("actions-done", "actions-ongoing", "actions-not-started", "actions-dropped", "actions-no-status")
FIXED_END = (Col("flagged", "int", 9), Col("flagged-in", width=24), Col("granted-year", "amount", 14),
             Col("frame-share", "percent", 10), Col("granted-since-start", "amount", 15),
             Col("jobs", "int", 11), Col("target", "int", 8), Col("target-share", "percent", 10),
             Col("on-track", "yes_no", 8), Col("needed-per-year", "score", 10),
             *(Col(key, "int", 10) for key in ACTION_COLUMNS),
             Col("errors", "int", 7), Col("warnings", "int", 10), Col("file", width=28), Col("note", width=50))


def indicator_columns(programmes: list[Programme]) -> list[tuple[str, str]]:
    """(id, header) of every indicator, across frameworks, in first-seen order. Headers read
    «Total: <name>» (a table's headers must differ from each other and from the fixed columns)."""
    seen: dict[str, str] = {}
    taken = {c.header.casefold() for c in (*FIXED_START, *FIXED_END)}
    for programme in programmes:
        if programme.assessment is None:
            continue
        for ind in programme.assessment.indicators:
            if ind.id and ind.id.casefold() not in seen:
                header = t("overview.column.total", name=ind.name or ind.id)
                if header.casefold() in taken:
                    header = t("overview.column.total-id", name=ind.name or ind.id, id=ind.id)
                taken.add(header.casefold())
                seen[ind.id.casefold()] = header
    return list(seen.items())


def row_of(programme: Programme, indicators: list[tuple[str, str]]) -> list[Any]:
    """The row's values, as numbers where they are numbers (Excel formats them the Norwegian way)."""
    a, m = programme.assessment, programme.metrics
    errors = sum(1 for f in programme.findings if f.severity == ERROR)
    warnings = len(programme.findings) - errors
    p = a.program if a is not None else None
    scale = a.rules.scale if a is not None else None
    overall = _float(m.scores.overall) if m else None
    common = (overall - scale.min) / (scale.max - scale.min) if overall is not None and scale and scale.max > scale.min \
        else None
    start = [p.name if p else None, p.owner if p else None, p.year if p else None,
             p.assessment_date if p else None, overall, f"{scale.min}–{scale.max}" if scale else None, common]
    totals: list[Any] = []
    for key, _ in indicators:
        score = next((s for s in m.scores.indicators if s.id.casefold() == key), None) if m else None
        totals.append(_float(score.total) if score is not None else None)
    if m is None:
        figures: list[Any] = [None] * (len(FIXED_END) - 4)
    else:
        flagged = [s.name or s.id for s in m.scores.indicators if s.flagged]
        b, j = m.budget, m.jobs
        figures = [len(flagged), ", ".join(flagged) or None, b.granted_year, _float(b.utilisation),
                   b.granted_since_start, j.total, j.target, _float(j.progress),
                   None if j.on_track is None else t("overview.yes" if j.on_track else "overview.no"), _float(j.pace_needed),
                   *(m.follow_up.get(status, 0) for status in (*ACTION_STATUSES, NO_STATUS))]
    return [*start, *totals, *figures, errors, warnings, programme.path.name, programme.problem]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# --- the workbook -------------------------------------------------------------------------------

def build_overview(programmes: list[Programme], made: dt.date | None = None) -> bytes:
    """The adviser's workbook: «Oversikt» (a real Excel table with filters, a frozen header and
    conditional formats where an adviser looks first) and «Funn» (each programme's findings)."""
    import io

    import xlsxwriter

    indicators = indicator_columns(programmes)
    columns = [*FIXED_START, *(Col("total", "score", 10, text=name) for _, name in indicators), *FIXED_END]
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False}) as book:
        book.set_properties({"title": t("overview.title"), "author": "psvxl",
                             "created": dt.datetime.combine(made or dt.date(2024, 1, 1), dt.time())})
        formats, marks = _formats(book)
        _overview_sheet(book, programmes, indicators, columns, formats, marks)
        _findings_sheet(book, programmes, formats["text"], marks["header"])
    return out.getvalue()


def _formats(book: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cells' formats by column kind, and the header's and highlights' (in this order: Excel numbers them)."""
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
    formats = {
        "text": book.add_format({**base, "text_wrap": True}),
        "int": book.add_format({**base, "num_format": "0"}),
        "amount": book.add_format({**base, "num_format": '#,##0" kr"'}),
        "score": book.add_format({**base, "num_format": "0.0"}),
        "percent": book.add_format({**base, "num_format": '0" "%'}),
        "date": book.add_format({**base, "num_format": "dd.mm.yyyy", "align": "left"}),
        "yes_no": book.add_format({**base, "align": "center"}),
    }
    header = book.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#1F4E79",
                              "font_color": "#FFFFFF", "valign": "vcenter"})
    red = book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
    orange = book.add_format({"bg_color": "#FFE699"})
    grey = book.add_format({"bg_color": "#E7E6E6", "italic": True})
    return formats, {"header": header, "red": red, "orange": orange, "grey": grey}


def _overview_sheet(book: Any, programmes: list[Programme], indicators: list[tuple[str, str]], columns: list[Col],
                    formats: dict[str, Any], marks: dict[str, Any]) -> None:
    """«Oversikt»: one row per programme in an Excel table, for print on A4 landscape."""
    ws = book.add_worksheet(t("overview.sheet.overview"))
    rows = [row_of(p, indicators) for p in programmes]
    last = max(len(rows), 1)
    ws.add_table(0, 0, last, len(columns) - 1, {
        "name": "Programmer", "style": "Table Style Medium 2", "autofilter": True,
        "columns": [{"header": c.header, "header_format": marks["header"]} for c in columns]})
    for r, values in enumerate(rows, start=1):
        for c, (column, value) in enumerate(zip(columns, values, strict=False)):
            fmt = formats[column.kind]
            if value is None:
                ws.write_blank(r, c, None, fmt)
            elif column.kind == "date":
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
            elif isinstance(value, (int, float)) and column.kind != "text":
                ws.write_number(r, c, value, fmt)
            else:
                ws.write_string(r, c, str(value), fmt)
    for c, column in enumerate(columns):
        ws.set_column(c, c, column.width)
    ws.set_row(0, 48)
    ws.freeze_panes(1, 1)
    _highlights(ws, columns, last, marks)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _highlights(ws: Any, columns: list[Col], last: int, marks: dict[str, Any]) -> None:
    """Where an adviser looks first: not on track, a low share of the frame late in the year,
    flagged totals, and programmes that were left out."""
    from xlsxwriter.utility import xl_col_to_name

    red, orange, grey = marks["red"], marks["orange"], marks["grey"]
    col = {c.key: xl_col_to_name(i) for i, c in enumerate(columns) if c.text is None}
    whole = f"A2:{xl_col_to_name(len(columns) - 1)}{last + 1}"
    ws.conditional_format(f"{col['on-track']}2:{col['on-track']}{last + 1}",
                          {"type": "cell", "criteria": "==", "value": f'"{t("overview.no")}"', "format": red})
    ws.conditional_format(f"{col['frame-share']}2:{col['frame-share']}{last + 1}", {
        "type": "formula", "format": orange,
        "criteria": f"=AND(ISNUMBER(${col['frame-share']}2),${col['frame-share']}2<0.5,"
                    f"ISNUMBER(${col['meeting']}2),MONTH(${col['meeting']}2)>=9)"})
    ws.conditional_format(f"{col['flagged']}2:{col['flagged']}{last + 1}",
                          {"type": "cell", "criteria": ">", "value": 0, "format": orange})
    ws.conditional_format(whole, {"type": "formula", "criteria": f'=${col["note"]}2<>""', "format": grey})


def _findings_sheet(book: Any, programmes: list[Programme], text: Any, header: Any) -> None:
    """«Funn»: each programme's findings, and why a programme could not be read."""
    found = book.add_worksheet(t("overview.sheet.findings"))
    headers = tuple(t(f"overview.findings.{key}") for key in ("program", "file", "type", "sheet", "cell", "message", "code"))
    finding_rows = []
    for p in programmes:
        name = p.assessment.program.name if p.assessment is not None and p.assessment.program.name else p.path.stem
        if p.assessment is None and p.problem:
            finding_rows.append([name, p.path.name, t("overview.error"), None, None, p.problem, "unreadable"])
        for f in p.findings:
            finding_rows.append([name, p.path.name, t("overview.error" if f.severity == ERROR else "overview.warning"), f.sheet, f.cell,
                                 f.message(), f.code])
    found.add_table(0, 0, max(len(finding_rows), 1), len(headers) - 1, {
        "name": "Funn", "style": "Table Style Light 9", "autofilter": True,
        "columns": [{"header": h, "header_format": header} for h in headers]})
    for r, values in enumerate(finding_rows, start=1):
        for c, value in enumerate(values):
            if value is None:
                found.write_blank(r, c, None)
            else:
                found.write_string(r, c, str(value), text)
    for c, width in enumerate((30, 26, 9, 16, 8, 90, 22)):
        found.set_column(c, c, width)
    found.freeze_panes(1, 0)
