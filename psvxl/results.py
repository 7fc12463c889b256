"""What the recompute writes where: the figures as cells of the result sheet and beside each agreed total.

This module only plans the cells; `workbook/writeback.py` writes them into a file on disk and the
Excel button writes them into the live workbook, so both give the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

from psvxl import formatting as fmt
from psvxl import layout
from psvxl.i18n import language, t
from psvxl.metrics import NO_PROJECT, Metrics
from psvxl.reading.read import ReadResult

# Cell styles of the result sheet. The template carries one sample cell of each, in a hidden
# column of the result sheet, so writers can reuse the workbook's own formats.
# Each style's look, shared by the template builder (XlsxWriter formats) and the live Excel writer.
STYLE_FORMATS: dict[str, dict[str, object]] = {
    "title": {"bold": True, "font_size": 16, "font_color": "#1F4E79"},
    "heading": {"bold": True, "font_size": 12, "font_color": "#1F4E79"},
    "header": {"bold": True, "bottom": 1, "text_wrap": True},
    "text": {"text_wrap": True},
    "score": {"num_format": "0.0"},
    "amount": {"num_format": '#,##0" kr"'},
    "percent": {"num_format": '0" "%'},   # not «0 %»: a Norwegian save makes that per mille
    "int": {"num_format": "#,##0"},
    "note": {"italic": True, "font_color": "#595959"},
    "flag": {"bold": True, "font_color": "#C00000"},
}
RESULT_STYLES = tuple(STYLE_FORMATS)
STYLE_COLUMN = layout.STYLE_COLUMN        # the hidden column with the style samples, rows 1..len(RESULT_STYLES)
RESULT_COLUMNS = layout.RESULT_LAST_COLUMN - layout.RESULT_FIRST_COLUMN + 1   # A..H: the result area


@dataclass(frozen=True)
class ResultCell:
    row: int                             # 0-based
    col: int                             # 0-based
    value: str | int | float | None
    style: str = "text"

    @property
    def address(self) -> str:
        return layout.cell_address(self.row, self.col)


@dataclass
class ResultPlan:
    sheet: list[ResultCell] = field(default_factory=list)           # the whole result sheet
    beside_totals: list[ResultCell] = field(default_factory=list)   # on the assessment sheet
    notes: list[str] = field(default_factory=list)                  # what could not be placed, for the user


def _num(value: Fraction | float | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 6)


class _Sheet:
    def __init__(self) -> None:
        self.cells: list[ResultCell] = []
        self.row = 0

    def line(self, *values: tuple[Any, str] | None, skip: int = 1) -> None:
        for col, item in enumerate(values):
            if item is not None and item[0] is not None:
                value, style = item
                self.cells.append(ResultCell(self.row, col, value if isinstance(value, str) else _num(value), style))
        self.row += skip

    def blank(self) -> None:
        self.row += 1


def plan_results(read: ReadResult, metrics: Metrics) -> ResultPlan:
    """The result sheet, section by section, and the figures beside each agreed total."""
    s = _Sheet()
    _title(s, read, metrics)
    _scores(s, metrics)
    _budget(s, metrics)
    _jobs(s, metrics)
    _follow_up(s, metrics)
    _prescores(s, metrics)
    plan = ResultPlan(sheet=s.cells)
    _beside_totals(plan, read, metrics)
    _prescores_beside_totals(plan, read, metrics)
    return plan


def _year(metrics: Metrics) -> str | int:
    return metrics.year if metrics.year is not None else "–"


def _title(s: _Sheet, read: ReadResult, metrics: Metrics) -> None:
    name = read.assessment.program.name or t("results.the-programme")
    s.line((t("results.title", sheet=read.sheet_name(layout.RESULTS_SHEET), name=name, year=_year(metrics)), "title"))
    s.line((t("results.note", button=t("button.recompute.name")), "note"))
    s.blank()


def _headers(s: _Sheet, *keys: str) -> None:
    s.line(*((t(key), "header") for key in keys))


def _scores(s: _Sheet, metrics: Metrics) -> None:
    s.line((t("figures.scores"), "heading"))
    # The first five are the columns of Vurderinger the figures belong to; their labels come from layout.
    labels = [_label(key) for key in ("name", "total", "mean", "suggested_total", "deviation")]
    s.line(*((label, "header") for label in [*labels, *map(t, ("results.scored", "results.change", "results.remark"))]))
    for ind in metrics.scores.indicators:
        s.line((ind.name or ind.id, "text"), (ind.total, "score"), (ind.mean, "score"), (ind.suggested_total, "score"),
               (ind.deviation, "score"), (t("results.scored-of", scored=ind.scored, themes=ind.themes), "text"),
               (ind.change, "score"), (t("results.flag"), "flag") if ind.flagged else None)
    s.line((t("results.overall"), "header"), (metrics.scores.overall, "score"))
    s.blank()


def budget_rows(metrics: Metrics) -> list[tuple[str, object, str]]:
    """The budget's key figures as (label, value, style): for the result sheet and «psvxl compute»."""
    b, y = metrics.budget, _year(metrics)
    return [
        (t("figures.frame", year=y), b.frame, "amount"), (t("figures.granted-year", year=y), b.granted_year, "amount"),
        (t("figures.utilisation"), b.utilisation, "percent"), (t("figures.remaining"), b.remaining, "amount"),
        (t("figures.granted-since-start"), b.granted_since_start, "amount"),
        (t("figures.paid-since-start"), b.paid_since_start, "amount"),
        (t("figures.support-share"), b.support_share, "percent"), (t("figures.paid-share"), b.paid_share, "percent"),
        (t("figures.projects"), b.projects, "int"), (t("figures.projects-year", year=y), b.projects_year, "int"),
        (t("figures.continued"), b.continued_to_main_project, "int")]


def count_tables(metrics: Metrics) -> list[tuple[str, dict[str, int]]]:
    """The portfolio counted by phase, focus area and status, each with its title; the list values in the
    current language's målform («avslutta» in nynorsk)."""
    b = metrics.budget
    return [(t("figures.by-phase"), shown_counts(b.by_phase, "phase")), (t("figures.by-focus-area"), b.by_focus_area),
            (t("figures.by-status"), shown_counts(b.by_status, "status"))]


def shown_counts(counts: dict[str, int], choices: str) -> dict[str, int]:
    """Counts keyed by list values (the data format's bokmål words) keyed by the words the målform writes."""
    return {layout.choice_word(choices, key, language()): count for key, count in counts.items()}


def _area(area: str) -> str:
    return t("figures.no-project") if area == NO_PROJECT else area


def _value_lines(s: _Sheet, rows: list[tuple[str, object, str]]) -> None:
    for label, value, style in rows:
        s.line((label, "text"), (value if value is not None else "–", style if value is not None else "text"))


def _budget(s: _Sheet, metrics: Metrics) -> None:
    s.line((t("figures.budget"), "heading"))
    _headers(s, "results.key-figure", "figures.value")
    _value_lines(s, budget_rows(metrics))
    for title, counts in count_tables(metrics):
        s.blank()
        s.line((title, "header"), (t("results.count"), "header"))
        for key, count in counts.items():
            s.line((key, "text"), (count, "int"))
    s.blank()


def _jobs(s: _Sheet, metrics: Metrics) -> None:
    j, y = metrics.jobs, _year(metrics)
    s.line((t("figures.jobs"), "heading"))
    _headers(s, "figures.year", "figures.new", "figures.secured", "figures.sum")
    for year, v in j.by_year.items():
        s.line((str(year), "text"), (v["new"], "int"), (v["secured"], "int"), (v["new"] + v["secured"], "int"))
    s.line((t("figures.sum"), "header"), (j.new, "int"), (j.secured, "int"), (j.total, "int"))
    s.blank()
    _headers(s, "results.key-figure", "figures.value")
    on_track = {True: t("results.yes"), False: t("results.no"), None: "–"}[j.on_track]
    _value_lines(s, [
        (t("results.jobs.target"), j.target, "int"), (t("results.jobs.total"), j.total, "int"),
        (t("results.jobs.progress"), j.progress, "percent"),
        (t("results.jobs.to-date", year=y), j.target_to_date, "score"), (t("results.jobs.on-track"), on_track, "text"),
        (t("results.jobs.years-left"), j.years_left, "int"), (t("results.jobs.pace"), j.pace_needed, "score"),
        (t("results.jobs.expected-new"), j.expected_new, "int"),
        (t("results.jobs.expected-secured"), j.expected_secured, "int")])
    s.blank()
    _headers(s, "results.per-focus-area", "figures.new", "figures.secured")
    for area, v in j.by_focus_area.items():
        s.line((_area(area), "text"), (v["new"], "int"), (v["secured"], "int"))


def _follow_up(s: _Sheet, metrics: Metrics) -> None:
    if metrics.follow_up:
        s.blank()
        s.line((t("figures.follow-up"), "heading"))
        _headers(s, "results.status", "results.count")
        for status, count in shown_counts(metrics.follow_up, "action_status").items():
            s.line((status, "text"), (count, "int"))


def _beside_totals(plan: ResultPlan, read: ReadResult, metrics: Metrics) -> None:
    """The suggested total and the deviation beside each agreed total, where Vurderinger has the columns."""
    for i, ind in enumerate(metrics.scores.indicators):
        if (cells := _cells_beside(plan, read, i, ("suggested_total", "deviation"), "results.no-columns")) is None:
            return
        row, suggested, deviation = cells
        plan.beside_totals.append(ResultCell(row, suggested, _num(ind.suggested_total), "score"))
        plan.beside_totals.append(ResultCell(row, deviation, deviation_text(ind.deviation, ind.flagged)))


def _cells_beside(plan: ResultPlan, read: ReadResult, i: int, keys: tuple[str, str], note: str
                  ) -> tuple[int, int, int] | None:
    """Where two result columns of Vurderinger meet indicator `i`'s row: (row, first column, second column).
    None, and the note that the columns are missing, when the sheet lacks either."""
    first, second = (read.sources.get(("indicators", i, key)) for key in keys)
    if first is None or first.cell is None or second is None or second.cell is None:
        plan.notes.append(t(note, first=_label(keys[0]), second=_label(keys[1]),
                            sheet=read.sheet_name(layout.ASSESSMENTS.name), results=read.sheet_name(layout.RESULTS_SHEET)))
        return None
    return cast(int, first.row) - 1, _col(first.cell), _col(second.cell)


def _label(key: str) -> str:
    return layout.ASSESSMENTS.column(key).header(language())


def _prescores(s: _Sheet, metrics: Metrics) -> None:
    """The pre-scores in the meeting's order (widest spread first); counted, never named."""
    p = metrics.prescores
    if p is None:
        return
    names = {i.id: i.name or i.id for i in metrics.scores.indicators}
    s.blank()
    s.line((t("results.prescores", participants=p.participants), "heading"))
    _headers(s, "figures.indicator", "results.prescores.theme", "results.prescores.answers", "figures.mean",
             "results.prescores.lowest", "results.prescores.highest", "results.prescores.spread", "results.remark")
    for theme in p.agenda():
        s.line((names.get(theme.indicator_id, theme.indicator_id), "text"),
               (theme.title or t("results.prescores.theme-number", number=theme.theme_index + 1), "text"),
               (theme.n, "int"), (theme.mean, "score"), (theme.min, "int"), (theme.max, "int"), (theme.spread, "int"),
               (t("results.prescores.discuss"), "flag") if theme.discuss else None)


def _prescores_beside_totals(plan: ResultPlan, read: ReadResult, metrics: Metrics) -> None:
    """Pre-score mean and widest spread beside each agreed total, where Vurderinger has the columns."""
    if metrics.prescores is None:
        return
    for i, ind in enumerate(metrics.scores.indicators):
        if (cells := _cells_beside(plan, read, i, ("pre_mean", "pre_spread"), "results.no-prescore-columns")) is None:
            return
        row, mean, spread = cells
        pre = metrics.prescores.indicator(ind.id)
        plan.beside_totals.append(ResultCell(row, mean, _num(pre.mean) if pre else None, "score"))
        plan.beside_totals.append(ResultCell(row, spread, _num(pre.max_spread) if pre else None, "int"))


def deviation_text(deviation: Fraction | None, flagged: bool) -> str | None:
    if deviation is None:
        return None
    text = fmt.signed(deviation)
    return t("results.deviation-flagged", deviation=text) if flagged else text


def _col(address: str) -> int:
    position = layout.parse_address(address)
    assert position is not None, address
    return position[1]
