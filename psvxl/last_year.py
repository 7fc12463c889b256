"""Last year's totals, from one source: an indicator's `previous_total` (the «I fjor» column, the
`change` of `psvxl compute`) wins over the history's entry for the year before; the history gives the
years before that, and last year where no previous total is given. So the score table, the radar and
the trend chart never show two different figures for last year."""

from __future__ import annotations

from typing import Any

from psvxl.model import Assessment, Indicator, Number


def totals_by_year(a: Assessment, ind: Indicator) -> dict[int, Number]:
    """An indicator's agreed totals by year: the history's, last year's previous total, this year's."""
    year = a.program.year
    by_year = {h.year: h.total for h in a.history
               if h.indicator_id and h.indicator_id.casefold() == ind.id.casefold() and h.total is not None
               and h.year is not None}
    if year is not None and ind.previous_total is not None:
        by_year[year - 1] = ind.previous_total
    if year is not None and ind.total is not None:
        by_year[year] = ind.total
    return by_year


def disagreements(a: Assessment) -> list[dict[str, Any]]:
    """Indicators whose previous total differs from the history's total for last year: what
    validation should warn of (the report shows the previous total)."""
    year = a.program.year
    if year is None:
        return []
    out = []
    for ind in a.indicators:
        history = [h.total for h in a.history if h.year == year - 1 and h.total is not None
                   and h.indicator_id and h.indicator_id.casefold() == ind.id.casefold()]
        if ind.previous_total is not None and history and any(h != ind.previous_total for h in history):
            out.append({"id": ind.id, "name": ind.name or ind.id, "year": year - 1,
                        "previous_total": ind.previous_total, "history": history[0]})
    return out
