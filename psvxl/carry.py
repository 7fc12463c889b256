"""Next year's assessment from this year's: what is carried, what is moved to "last year", what is cleared.

A programme holds a PSV every autumn and starts from last year's workbook. The themes stay the same
(with the programme's own edits), last year's scores and totals become the yardstick, last year's
recommended actions are listed for follow-up, the agreed totals of every earlier year are kept in
the history, and the portfolio, jobs, targets, budget and focus areas are carried whole.
"""

from __future__ import annotations

import copy

from psvxl.model import Assessment, HistoryEntry, Indicator, PreviousAction, Texts, Theme


def next_year(last: Assessment, year: int | None = None) -> Assessment:
    """A new assessment for `year` (default: last year + 1). `last` is not changed."""
    nxt = copy.deepcopy(last)
    nxt.program.year = year if year is not None else (last.program.year + 1 if last.program.year else None)
    nxt.program.assessment_date = None
    # This year's conclusions are written anew; last year's conclusion and recommendations go to the fact base.
    nxt.texts = Texts(previous_main_conclusion=last.texts.main_conclusion,
                      previous_recommendations=list(last.texts.recommendations))
    nxt.indicators = [_carry_indicator(ind) for ind in last.indicators]
    nxt.previous_actions = [PreviousAction(indicator_id=ind.id, text=action)
                            for ind in last.indicators for action in ind.actions]
    nxt.history = _history(last)
    nxt.prescores = []                      # each year's participants score anew before the meeting
    return nxt


def _carry_indicator(ind: Indicator) -> Indicator:
    return Indicator(
        id=ind.id, name=ind.name, group=ind.group, description=ind.description, guidance=ind.guidance,
        themes=[Theme(title=t.title, group=t.group, questions=list(t.questions), statement=t.statement, score=None,
                      previous_score=t.score, comment=None) for t in ind.themes],
        total=None, previous_total=ind.total,
    )


def _history(last: Assessment) -> list[HistoryEntry]:
    """Earlier years' totals, with last year's agreed totals added (replacing any for that year)."""
    year = last.program.year
    kept = [copy.copy(h) for h in last.history if h.year != year]
    added = [HistoryEntry(year=year, indicator_id=ind.id, total=ind.total)
             for ind in last.indicators if year is not None and ind.total is not None]
    return sorted(kept + added, key=lambda h: (h.year if h.year is not None else 0))
