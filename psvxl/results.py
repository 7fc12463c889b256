"""What the recompute writes where: the figures as cells of the result sheet and beside each agreed total.

This module only plans the cells; `workbook/writeback.py` writes them into a file on disk and the
Excel button writes them into the live workbook, so both give the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from psvxl import formatting as fmt
from psvxl import layout
from psvxl.metrics import Metrics
from psvxl.workbook.read import ReadResult

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


def _num(value: Fraction | int | float | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 6)


class _Sheet:
    def __init__(self) -> None:
        self.cells: list[ResultCell] = []
        self.row = 0

    def line(self, *values: tuple[object, str] | None, skip: int = 1) -> None:
        for col, item in enumerate(values):
            if item is not None and item[0] is not None:
                value, style = item
                self.cells.append(ResultCell(self.row, col, value if isinstance(value, str) else _num(value), style))
        self.row += skip

    def blank(self) -> None:
        self.row += 1


def plan_results(read: ReadResult, metrics: Metrics) -> ResultPlan:
    plan = ResultPlan()
    a = read.assessment
    s = _Sheet()
    y = metrics.year
    s.line((f"Resultater – {a.program.name or 'programmet'}, vurdert år {y if y is not None else '–'}", "title"))
    s.line(("Beregnet av psvxl fra verdiene i arbeidsboken. Innholdet erstattes hver gang du trykker Beregn "
            "eller kjører «psvxl recompute».", "note"))
    s.blank()
    s.line(("Poeng per indikator", "heading"))
    s.line(*((h, "header") for h in ("Indikator", "Total poengsum", "Snitt av temaene", "Foreslått total", "Avvik",
                                      "Poeng gitt", "Endring fra i fjor", "Merknad")))
    for ind in metrics.scores.indicators:
        s.line((ind.name or ind.id, "text"), (ind.total, "score"), (ind.mean, "score"), (ind.suggested_total, "score"),
               (ind.deviation, "score"), (f"{ind.scored} av {ind.themes}", "text"), (ind.change, "score"),
               ("Avvik ≥ 1: begrunn", "flag") if ind.flagged else None)
    s.line(("Samlet (snitt av totalene)", "header"), (metrics.scores.overall, "score"))
    s.blank()

    b = metrics.budget
    s.line(("Budsjett og portefølje", "heading"))
    s.line(("Nøkkeltall", "header"), ("Verdi", "header"))
    for label, value, style in (
            (f"Ramme {y}", b.frame, "amount"), (f"Tilsagn {y}", b.granted_year, "amount"),
            ("Disponert av årets ramme", b.utilisation, "percent"), ("Gjenstår av årets ramme", b.remaining, "amount"),
            ("Tilsagn siden start", b.granted_since_start, "amount"),
            ("Utbetalt siden start", b.paid_since_start, "amount"),
            ("Programmets andel av prosjektkostnad", b.support_share, "percent"),
            ("Utbetalt av tilsagn", b.paid_share, "percent"),
            ("Prosjekter støttet siden start", b.projects, "int"), (f"Prosjekter støttet i {y}", b.projects_year, "int"),
            ("Forprosjekter videreført til hovedprosjekt", b.continued_to_main_project, "int")):
        s.line((label, "text"), (value if value is not None else "–", style if value is not None else "text"))
    for title, counts in (("Støttede prosjekter per fase", b.by_phase),
                          ("Støttede prosjekter per innsatsområde", b.by_focus_area),
                          ("Alle prosjekter per status", b.by_status)):
        s.blank()
        s.line((title, "header"), ("Antall", "header"))
        for key, count in counts.items():
            s.line((key, "text"), (count, "int"))
    s.blank()

    j = metrics.jobs
    s.line(("Arbeidsplasser (brutto)", "heading"))
    s.line(("År", "header"), ("Nye", "header"), ("Sikrede", "header"), ("Sum", "header"))
    for year, v in j.by_year.items():
        s.line((str(year), "text"), (v["new"], "int"), (v["secured"], "int"), (v["new"] + v["secured"], "int"))
    s.line(("Sum", "header"), (j.new, "int"), (j.secured, "int"), (j.total, "int"))
    s.blank()
    s.line(("Nøkkeltall", "header"), ("Verdi", "header"))
    on_track = {True: "ja", False: "nei", None: "–"}[j.on_track]
    for label, value, style in (
            ("Mål for perioden", j.target, "int"), ("Registrert hittil", j.total, "int"),
            ("Andel av målet", j.progress, "percent"),
            (f"Skulle vært nådd ved utgangen av {y}", j.target_to_date, "score"), ("I rute", on_track, "text"),
            ("År igjen av perioden", j.years_left, "int"), ("Trengs per år for å nå målet", j.pace_needed, "score"),
            ("Forventede nye arbeidsplasser i porteføljen", j.expected_new, "int"),
            ("Forventede sikrede arbeidsplasser i porteføljen", j.expected_secured, "int")):
        s.line((label, "text"), (value if value is not None else "–", style if value is not None else "text"))
    s.blank()
    s.line(("Per innsatsområde", "header"), ("Nye", "header"), ("Sikrede", "header"))
    for area, v in j.by_focus_area.items():
        s.line((area, "text"), (v["new"], "int"), (v["secured"], "int"))
    if metrics.follow_up:
        s.blank()
        s.line(("Oppfølging av fjorårets anbefalinger", "heading"))
        s.line(("Status", "header"), ("Antall", "header"))
        for status, count in metrics.follow_up.items():
            s.line((status, "text"), (count, "int"))
    _prescores(s, metrics)
    plan.sheet = s.cells

    for i, ind in enumerate(metrics.scores.indicators):
        suggested = read.sources.get(("indicators", i, "suggested_total"))
        deviation = read.sources.get(("indicators", i, "deviation"))
        if suggested is None or suggested.cell is None or deviation is None or deviation.cell is None:
            plan.notes.append(f"Kolonnene «Foreslått total» og «Avvik» mangler på arket {layout.ASSESSMENTS.name}; "
                              "tallene står bare på arket Resultater.")
            break
        row = suggested.row - 1
        plan.beside_totals.append(ResultCell(row, _col(suggested.cell), _num(ind.suggested_total), "score"))
        plan.beside_totals.append(ResultCell(row, _col(deviation.cell), deviation_text(ind.deviation, ind.flagged)))
    _prescores_beside_totals(plan, read, metrics)
    return plan


def _prescores(s: _Sheet, metrics: Metrics) -> None:
    """The pre-scores in the meeting's order (widest spread first); counted, never named."""
    p = metrics.prescores
    if p is None:
        return
    names = {i.id: i.name or i.id for i in metrics.scores.indicators}
    s.blank()
    s.line((f"Forhåndsvurdering: {p.participants} deltakere, i rekkefølgen for møtet (størst sprik først)", "heading"))
    s.line(*((h, "header") for h in ("Indikator", "Tema", "Svar", "Snitt", "Lavest", "Høyest", "Sprik", "Merknad")))
    for t in p.agenda():
        s.line((names.get(t.indicator_id, t.indicator_id), "text"), (t.title or f"Tema {t.theme_index + 1}", "text"),
               (t.n, "int"), (t.mean, "score"), (t.min, "int"), (t.max, "int"), (t.spread, "int"),
               ("Drøft først", "flag") if t.discuss else None)


def _prescores_beside_totals(plan: ResultPlan, read: ReadResult, metrics: Metrics) -> None:
    """Pre-score mean and widest spread beside each agreed total, where Vurderinger has the columns."""
    if metrics.prescores is None:
        return
    for i, ind in enumerate(metrics.scores.indicators):
        mean = read.sources.get(("indicators", i, "pre_mean"))
        spread = read.sources.get(("indicators", i, "pre_spread"))
        if mean is None or mean.cell is None or spread is None or spread.cell is None:
            plan.notes.append(f"Kolonnene «Snitt før møtet» og «Største sprik før møtet» mangler på arket "
                              f"{layout.ASSESSMENTS.name}; forhåndsvurderingen står bare på arket Resultater.")
            return
        pre = metrics.prescores.indicator(ind.id)
        row = mean.row - 1
        plan.beside_totals.append(ResultCell(row, _col(mean.cell), _num(pre.mean) if pre else None, "score"))
        plan.beside_totals.append(ResultCell(row, _col(spread.cell), _num(pre.max_spread) if pre else None, "int"))


def deviation_text(deviation: Fraction | None, flagged: bool) -> str | None:
    if deviation is None:
        return None
    text = fmt.signed(deviation)
    return f"{text} – begrunn avviket" if flagged else text


def _col(address: str) -> int:
    position = layout.parse_address(address)
    assert position is not None, address
    return position[1]
