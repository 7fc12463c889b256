"""The figures of a PSV: scores, budget and jobs, exactly as the data format defines them.

Pure functions from an `Assessment` to a `Metrics` value; the CLI, the report and the Excel button
all use them. Money is summed as whole kroner (int); means and ratios are exact fractions until
they leave as JSON floats, and are rounded only when printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from collections.abc import Sequence
from typing import Any, cast

from psvxl.framework import round_to_step
from psvxl.prescores import PreScores, compute_prescores
from psvxl.model import (
    ACTION_STATUSES, PHASES, STATUSES, SUPPORTED_STATUSES, Assessment, Framework, Indicator, Project,
    standard_framework,
)

DEVIATION_FLAG = 1            # |total - mean| at or above this is flagged
NO_PROJECT = "uten prosjekt"
UNKNOWN_PROJECT = "ukjent prosjekt"


def indicator_mean(indicator: Indicator) -> Fraction | None:
    """The mean of the indicator's scored themes, exact; None when no theme is scored."""
    scores = [Fraction(t.score).limit_denominator(1000) for t in indicator.themes if t.score is not None]
    return sum(scores, Fraction(0)) / len(scores) if scores else None


def suggested_total(mean: Fraction | None, framework: Framework | None = None) -> Fraction | None:
    """The mean rounded to the nearest total step (0.5 in the standard set), halves up: 4.25 -> 4.5."""
    return round_to_step(framework or standard_framework(), mean)


@dataclass
class IndicatorScore:
    id: str
    name: str | None
    mean: Fraction | None
    suggested_total: Fraction | None
    total: Fraction | None
    deviation: Fraction | None
    flagged: bool
    scored: int
    themes: int
    change: Fraction | None
    previous_total: Fraction | None = None


@dataclass
class GroupScore:
    id: str
    name: str | None
    mean: Fraction | None            # the mean of the group's agreed totals
    indicators: list[str]


@dataclass
class Scores:
    overall: Fraction | None
    indicators: list[IndicatorScore]
    groups: list[GroupScore] = field(default_factory=list)


@dataclass
class Budget:
    frame: int | None
    granted_year: int
    utilisation: Fraction | None
    remaining: int | None
    granted_since_start: int
    paid_since_start: int
    support_share: Fraction | None
    paid_share: Fraction | None
    projects: int
    projects_year: int
    by_phase: dict[str, int]
    by_focus_area: dict[str, int]
    by_status: dict[str, int]
    continued_to_main_project: int


@dataclass
class Jobs:
    target: int | None
    new: int
    secured: int
    total: int
    progress: Fraction | None
    years_left: int | None
    pace_needed: Fraction | None
    on_track: bool | None
    by_year: dict[int, dict[str, int]]
    by_focus_area: dict[str, dict[str, int]]
    expected_new: int
    expected_secured: int
    target_to_date: Fraction | None = None


@dataclass
class Metrics:
    year: int | None
    scores: Scores
    budget: Budget
    jobs: Jobs
    follow_up: dict[str, int] = field(default_factory=dict)
    prescores: PreScores | None = None      # present where the assessment has pre-scores

    def to_json(self) -> dict[str, Any]:
        """The object of the command-line contract (`psvxl compute --format json`)."""
        s, b, j = self.scores, self.budget, self.jobs
        return {
            "year": self.year,
            "scores": {"overall": _f(s.overall), "indicators": [{
                "id": i.id, "name": i.name, "mean": _f(i.mean), "suggested_total": _f(i.suggested_total),
                "total": _f(i.total), "deviation": _f(i.deviation), "flagged": i.flagged, "scored": i.scored,
                "themes": i.themes, "change": _f(i.change)} for i in s.indicators],
                "groups": [{"id": g.id, "name": g.name, "mean": _f(g.mean), "indicators": g.indicators}
                           for g in s.groups]},
            "budget": {
                "frame": b.frame, "granted_year": b.granted_year, "utilisation": _f(b.utilisation),
                "remaining": b.remaining, "granted_since_start": b.granted_since_start,
                "paid_since_start": b.paid_since_start, "support_share": _f(b.support_share),
                "paid_share": _f(b.paid_share), "projects": b.projects, "projects_year": b.projects_year,
                "by_phase": b.by_phase, "by_focus_area": b.by_focus_area, "by_status": b.by_status,
                "continued_to_main_project": b.continued_to_main_project},
            "jobs": {
                "target": j.target, "new": j.new, "secured": j.secured, "total": j.total,
                "progress": _f(j.progress), "years_left": j.years_left, "pace_needed": _f(j.pace_needed),
                "on_track": j.on_track, "by_year": {str(y): v for y, v in j.by_year.items()},
                "by_focus_area": j.by_focus_area, "expected_new": j.expected_new,
                "expected_secured": j.expected_secured},
            "follow_up": self.follow_up,
            **({"prescores": self.prescores.to_json()} if self.prescores is not None else {}),
        }


def compute(assessment: Assessment) -> Metrics:
    return Metrics(
        year=assessment.program.year,
        scores=compute_scores(assessment),
        budget=compute_budget(assessment),
        jobs=compute_jobs(assessment),
        follow_up=compute_follow_up(assessment),
        prescores=compute_prescores(assessment),
    )


# --- scores -----------------------------------------------------------------------------------

def compute_scores(a: Assessment) -> Scores:
    rules = a.rules
    rows = []
    for ind in a.indicators:
        mean = indicator_mean(ind)
        total = _frac(ind.total)
        previous = _frac(ind.previous_total)
        deviation = total - mean if total is not None and mean is not None else None
        rows.append(IndicatorScore(
            id=ind.id, name=ind.name, mean=mean, suggested_total=suggested_total(mean, rules), total=total,
            deviation=deviation, flagged=deviation is not None and abs(deviation) >= DEVIATION_FLAG,
            scored=sum(1 for t in ind.themes if t.score is not None), themes=len(ind.themes),
            change=total - previous if total is not None and previous is not None else None,
            previous_total=previous))
    groups = []
    for group in rules.groups:
        members = [(ind, row) for ind, row in zip(a.indicators, rows, strict=False) if ind.group == group.id]
        groups.append(GroupScore(group.id, group.name, _mean([row.total for _, row in members]),
                                 [ind.id for ind, _ in members]))
    return Scores(_mean([r.total for r in rows]), rows, groups)


def _mean(values: list[Fraction | None]) -> Fraction | None:
    known = [v for v in values if v is not None]
    return sum(known, Fraction(0)) / len(known) if known else None


# --- budget -----------------------------------------------------------------------------------

def is_supported(project: Project) -> bool:
    return project.status in SUPPORTED_STATUSES


def compute_budget(a: Assessment) -> Budget:
    year = a.program.year
    meeting = a.program.assessment_date
    supported = [p for p in a.portfolio if is_supported(p)]
    # "Hittil i år": decisions dated after the meeting are planned, not made, and left out of the year.
    this_year = [p for p in supported if p.decision_date is not None and p.decision_date.year == year
                 and (meeting is None or p.decision_date <= meeting)]
    granted_year = sum(p.granted or 0 for p in this_year)
    frame = next((b.frame for b in a.budget if b.year == year and b.frame is not None), None) \
        if year is not None else None
    granted = sum(p.granted or 0 for p in supported)
    paid = sum(p.paid or 0 for p in supported)
    costed = [p for p in supported if p.total_cost]
    cost = sum(p.total_cost or 0 for p in costed)
    phase_ids = {p.id: p.phase for p in a.portfolio if p.id}
    continued = {p.continues for p in a.portfolio
                 if p.phase == "hovedprosjekt" and p.continues and phase_ids.get(p.continues) == "forprosjekt"}
    return Budget(
        frame=frame,
        granted_year=granted_year,
        utilisation=Fraction(granted_year, frame) if frame else None,
        remaining=frame - granted_year if frame is not None else None,
        granted_since_start=granted,
        paid_since_start=paid,
        support_share=Fraction(sum(p.granted or 0 for p in costed), cost) if cost else None,
        paid_share=Fraction(paid, granted) if granted else None,
        projects=len(supported),
        projects_year=len(this_year),
        by_phase=_count([p.phase for p in supported], PHASES),
        by_focus_area=_count([p.focus_area for p in supported], tuple(a.focus_areas)),
        by_status=_count([p.status for p in a.portfolio], STATUSES),
        continued_to_main_project=len(continued),
    )


def _count(values: Sequence[str | None], order: tuple[str, ...]) -> dict[str, int]:
    """Counts keyed in the vocabulary's order, then any other values as they come; empty keys left out."""
    counts: dict[str, int] = {}
    for key in (*order, *values):
        if key is not None and key not in counts and key in values:
            counts[key] = values.count(key)
    return counts


# --- jobs -------------------------------------------------------------------------------------

def compute_jobs(a: Assessment) -> Jobs:
    p = a.program
    year = p.year
    counted = [j for j in a.jobs if j.year is not None and (year is None or j.year <= year)]
    new = sum(_int(j.new) for j in counted)
    secured = sum(_int(j.secured) for j in counted)
    total = new + secured
    by_year: dict[int, dict[str, int]] = {}
    for j in sorted(counted, key=lambda j: cast(int, j.year)):
        entry = by_year.setdefault(cast(int, j.year), {"new": 0, "secured": 0})
        entry["new"] += _int(j.new)
        entry["secured"] += _int(j.secured)
    area_of = {pr.id: pr.focus_area for pr in a.portfolio if pr.id}
    by_area: dict[str, dict[str, int]] = {area: {"new": 0, "secured": 0} for area in a.focus_areas}
    for j in counted:
        if j.project_id is None:
            key = NO_PROJECT
        else:
            key = area_of.get(j.project_id) or UNKNOWN_PROJECT
        entry = by_area.setdefault(key, {"new": 0, "secured": 0})
        entry["new"] += _int(j.new)
        entry["secured"] += _int(j.secured)
    by_area = {k: v for k, v in by_area.items() if v["new"] or v["secured"] or k in a.focus_areas}
    target = p.job_target
    years_left = p.period_end - year if p.period_end is not None and year is not None else None
    pace = None
    if target is not None and years_left is not None and years_left > 0:
        pace = max(Fraction(0), Fraction(target - total, years_left))
    to_date = _target_to_date(a)
    supported = [pr for pr in a.portfolio if is_supported(pr)]
    return Jobs(
        target=target, new=new, secured=secured, total=total,
        progress=Fraction(total, target) if target else None,
        years_left=years_left, pace_needed=pace,
        on_track=total >= to_date if to_date is not None else None,
        by_year=by_year, by_focus_area=by_area,
        expected_new=sum(_int(pr.expected_new_jobs) for pr in supported),
        expected_secured=sum(_int(pr.expected_secured_jobs) for pr in supported),
        target_to_date=to_date,
    )


def target_rows_by_year(a: Assessment) -> dict[int, tuple[Any, list[Any]]]:
    """Periodised targets per year: (the programme's row without a focus area or None, the split rows)."""
    years: dict[int, tuple[Any, list[Any]]] = {}
    for t in a.job_targets:
        if t.year is None:
            continue
        programme, split = years.get(t.year, (None, []))
        if t.focus_area is None:
            programme = programme or t
        else:
            split = [*split, t]
        years[t.year] = (programme, split)
    return dict(sorted(years.items()))


def target_sum(rows: list[Any]) -> int:
    return sum(_int(t.new) + _int(t.secured) for t in rows)


def _target_to_date(a: Assessment) -> Fraction | None:
    return target_by_end_of(a, a.program.year)


def target_by_end_of(a: Assessment, year: int | None) -> Fraction | None:
    """The share of the job target that should be reached by the end of `year` (the assessed year for
    `on_track`; each year of the jobs chart).

    Each year counts once: its programme-wide row where there is one (a split by focus area must add
    up to it, which the validator checks), else the sum of its split rows. Years before the first
    periodised year follow the straight line, never 0."""
    p = a.program
    if year is None:
        return None
    straight = None
    if p.job_target is not None and p.period_start is not None and p.period_end is not None \
            and p.period_end >= p.period_start:
        straight = Fraction(p.job_target, p.period_end - p.period_start + 1)
    periodised = target_rows_by_year(a)
    if not periodised:
        if straight is None:
            return None
        elapsed = min(max(year - p.period_start + 1, 0), p.period_end - p.period_start + 1)  # type: ignore[operator]  # straight is set only with the period
        return straight * elapsed
    total = Fraction(0)
    first = p.period_start if p.period_start is not None else min(periodised)
    for y in range(min(first, min(periodised)), year + 1):
        if y in periodised:
            programme, split = periodised[y]
            total += target_sum([programme] if programme is not None else split)
        elif y < min(periodised) and straight is not None:
            total += straight
    return total


def granted_by_year(a: Assessment) -> dict[int, int]:
    """Granted to supported projects per decision year; the assessed year as of the meeting (the
    rule of `granted_year`), later years as they stand."""
    p = a.program
    granted: dict[int, int] = {}
    for project in a.portfolio:
        day = project.decision_date
        if not is_supported(project) or day is None:
            continue
        if p.assessment_date is not None and day.year == p.year and day > p.assessment_date:
            continue
        granted[day.year] = granted.get(day.year, 0) + (project.granted or 0)
    return granted


# --- follow-up of last year's actions ---------------------------------------------------------

def compute_follow_up(a: Assessment) -> dict[str, int]:
    """Counts of last year's recommended actions per status ("uten status" for those not set)."""
    statuses = [action.status or "uten status" for action in a.previous_actions]
    return _count(statuses, (*ACTION_STATUSES, "uten status"))


# --- helpers ----------------------------------------------------------------------------------

def _frac(value: int | float | None) -> Fraction | None:
    return None if value is None else Fraction(value).limit_denominator(1000)


def _int(value: int | float | None) -> int:
    # Counts are whole by validation; a stray fraction is truncated rather than breaking the sums.
    return 0 if value is None else int(value)


def _f(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
