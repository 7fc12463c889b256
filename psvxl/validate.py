"""Validation: the rules a PSV workbook must satisfy, as findings (never exceptions).

`validate(read_result)` runs every rule over the assessment and returns a `Report` that the CLI
prints as text or JSON, the Excel button shows in the workbook and build-report checks first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from psvxl import layout
from psvxl.cells import fold
from psvxl.findings import spelled, ERROR, WARNING, Finding
from psvxl.framework import MAX_SCALE_STEPS, valid_score, valid_total
from psvxl.metrics import DEVIATION_FLAG, indicator_mean, is_supported, target_rows_by_year
from psvxl.metrics import target_sum as _target_sum
from psvxl.model import ACTION_STATUSES, PHASES, STATUSES, SUPPORTED_STATUSES, Assessment
from psvxl.reading.read import ReadResult, Source, read_workbook

if TYPE_CHECKING:   # for mypy only: typing has TypeIs from Python 3.13
    from typing_extensions import TypeIs

# Plausibility: a frame under 100 000 kr, grants whose median is under 1 000 kr, granted this year more
# than 3 times the frame or jobs more than 5 times the target are no real programme's figures: amounts
# in thousands or millions, or a sum row, that slipped past the headers.
MIN_FRAME = 100_000
MIN_GRANT = 1_000
# And the other way (a header or note saying thousands over kroner): a frame over 100 MNOK a year (and
# over 100 times what any year granted: a big programme's frame has grants to match), a
# project costing over 1 000 MNOK, or a total cost over 1 000 times its grant (a support share under 0,1 %).
MAX_FRAME = 100_000_000
MAX_COST = 1_000_000_000
COST_MULTIPLE = 1_000
FRAME_OVER_GRANTS = 100
# The ends of an id that are no part of it: a full stop, comma, dash or space typed after it.
_STRAY = re.compile(r"^[\W_]+|[\W_]+$")
FRAME_MULTIPLE = 3
JOB_MULTIPLE = 5
# The assessment date may lie this long after the assessed year (a PSV of 2024 held in January 2025).
LATE_MEETING = dt.timedelta(days=120)

# Errors that leave the figures meaningful: the meeting is still scoring, and the Beregn button
# must show means and suggested totals before the agreed totals are set.
NON_BLOCKING_FOR_FIGURES = {"score-missing", "total-missing"}


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_json(self, lang: str = "nb") -> dict[str, Any]:
        return {"errors": len(self.errors), "warnings": len(self.warnings),
                "findings": [f.to_json(lang) for f in self.findings]}


def figures_blocked(report: Report) -> bool:
    """Whether an error makes the figures meaningless (the meeting's own gaps do not)."""
    return any(f.code not in NON_BLOCKING_FOR_FIGURES for f in report.errors)


def validate_workbook(path: str | Path) -> tuple[ReadResult, Report]:
    """Read and validate a workbook. Raises `InputError` only when the file cannot be read at all."""
    result = read_workbook(path)
    return result, validate(result)


# Rules that compare against another sheet: while that sheet is missing, its one finding says so
# and these follow-on findings (every project id "unknown", say) are not shown.
_NEEDS_SHEET: dict[str, str] = {
    "unknown-project": layout.PORTFOLIO.name,
    "unknown-continued-project": layout.PORTFOLIO.name,
    "unknown-focus-area": layout.FOCUS_AREAS.name,
    "unknown-indicator": layout.ASSESSMENTS.name,
    "indicator-without-themes": layout.INDICATORS.name,
    "indicator-not-assessed": layout.POINTS.name,
    "budget-frame-missing": layout.BUDGET.name,
    "total-deviates": layout.INDICATORS.name,
    "previous-total-disagrees": layout.HISTORY.name,
}


def validate(result: ReadResult | Assessment) -> Report:
    if isinstance(result, Assessment):
        result = ReadResult(result)
    not_psv = [f for f in result.findings if f.code == "not-psv-workbook"]
    if not_psv:
        return Report(not_psv)
    checker = _Checker(result)
    checker.run()
    missing = result.missing_sheets
    shown = [f for f in result.findings + checker.findings if _NEEDS_SHEET.get(f.code) not in missing]
    findings = sorted(shown, key=Finding.sort_key)
    return Report(findings)


class _Checker:
    def __init__(self, result: ReadResult) -> None:
        self.r = result
        self.a = result.assessment
        self.rules = result.assessment.rules
        scale = self.rules.scale
        # The parameters every score and total message shows: «fra 1 til 5», «i steg på 0,5».
        self.scale = {"min": scale.min, "max": scale.max, "step": self.rules.total_step}
        self.findings: list[Finding] = []
        self.stray_reported: set[int] = set()
        # The sheets messages name ({ASSESSMENTS} …) as the workbook read spells them (none for an assessment
        # from JSON: the message's målform names them).
        self.sheet_words = {key: result.sheet_names[name] for key, name in layout.MESSAGE_SHEETS.items()
                            if name in result.sheet_names}

    def add(self, code: str, path: tuple, **params: Any) -> None:
        source = self.r.sources.get(path) or self._nearest(path)
        params = {**self.sheet_words, **spelled(params, self.r.spelling)}
        self.findings.append(Finding(code, source.sheet if source else None, source.cell if source else None, params))

    def _nearest(self, path: tuple) -> Source | None:
        while path:
            path = path[:-1]
            if (source := self.r.sources.get(path)) is not None:
                return source
        return None

    def row_of(self, path: tuple) -> int | str:
        source = self.r.sources.get(path)
        return source.row if source and source.row else "?"

    def missing(self, value: Any, path: tuple, label: str) -> TypeIs[Literal[""] | None]:
        """Report a required value left empty; True when it is missing (or unreadable)."""
        if value is not None and value != "":
            return False
        if path not in self.r.unreadable:
            self.add("required-missing", path, label=label)
        return True

    def run(self) -> None:
        self.framework()
        self.program()
        self.indicators()
        self.focus_areas()
        self.portfolio()
        self.jobs()
        self.budget()
        self.plausibility()
        self.follow_up()

    # --- the framework (scale, step, groups) ----------------------------------------------

    def framework(self) -> None:
        scale = self.rules.scale
        if scale.min >= scale.max or scale.max - scale.min > MAX_SCALE_STEPS:
            self.add("scale-invalid", ("framework", "scale", "max"), min=scale.min, max=scale.max)
        elif self.rules.total_step <= 0 or not valid_total(self.rules, scale.max) \
                or not valid_total(self.rules, scale.min):
            self.add("total-step-invalid", ("framework", "total_step"), step=self.rules.total_step,
                     min=scale.min, max=scale.max)
        known = {g.id for g in self.rules.groups}
        for i, ind in enumerate(self.a.indicators):
            if ind.group is not None and ind.group not in known:
                self.add("unknown-group", ("indicators", i, "group"), group=ind.group,
                         known=", ".join(g.id for g in self.rules.groups) or "ingen")

    # --- programme ------------------------------------------------------------------------

    def program(self) -> None:
        p = self.a.program
        for fld in layout.PROGRAM_FIELDS:
            if fld.required:
                obj, attr = fld.path.split(".")
                self.missing(getattr(getattr(self.a, obj), attr), (obj, attr), fld.label)
        start, end = p.period_start, p.period_end
        if start is not None and end is not None and start > end:
            self.add("period-invalid", ("program", "period_end"), start=start, end=end)
        elif p.year is not None and start is not None and end is not None and not start <= p.year <= end:
            self.add("year-outside-period", ("program", "year"), year=p.year, start=start, end=end)
        if p.year is not None and dt.MINYEAR < p.year < dt.MAXYEAR and p.assessment_date is not None:
            first = dt.date(p.year, 1, 1)
            last = dt.date(p.year, 12, 31) + LATE_MEETING
            if not first <= p.assessment_date <= last:
                self.add("assessment-date-outside-year", ("program", "assessment_date"),
                         date=p.assessment_date.strftime("%d.%m.%Y"), year=p.year)
        if p.job_target is not None and p.job_target <= 0:
            self.add("job-target-invalid", ("program", "job_target"), value=p.job_target)
        if p.job_target and p.job_target_new is not None and p.job_target_secured is not None:
            total = p.job_target_new + p.job_target_secured
            if total != p.job_target:
                self.add("job-target-split", ("program", "job_target_new"), new=p.job_target_new,
                         secured=p.job_target_secured, sum=total, target=p.job_target)

    def in_period(self, year: int) -> bool:
        p = self.a.program
        return p.period_start is None or p.period_end is None or p.period_start <= year <= p.period_end

    # --- indicators and scores ------------------------------------------------------------

    def indicators(self) -> None:
        cols = layout.ASSESSMENTS
        seen: Counter[str] = Counter()
        for i, ind in enumerate(self.a.indicators):
            path = ("indicators", i)
            if not self.missing(ind.id or None, (*path, "id"), cols.column("id").label):
                seen[fold(ind.id)] += 1
                if seen[fold(ind.id)] == 2:
                    self.add("duplicate-indicator", (*path, "id"), id=ind.id)
            self.missing(ind.name, (*path, "name"), cols.column("name").label)
            label = ind.name or ind.id or str(i + 1)     # what the user sees: «Berekraft», not «baerekraft»
            if not ind.themes:
                self.add("indicator-without-themes", (*path, "id"), id=label)
            self.themes(i, ind.id or label)     # a theme row shows its indicator's id (column A)
            if ind.total is None:
                if (*path, "total") not in self.r.unreadable:
                    self.add("total-missing", (*path, "total"), id=label, **self.scale)
            elif not valid_total(self.rules, ind.total):
                self.add("total-invalid", (*path, "total"), value=ind.total, id=label, **self.scale)
            else:
                mean = indicator_mean(ind)
                if mean is not None and abs(ind.total - mean) >= DEVIATION_FLAG:  # type: ignore[operator]  # float - Fraction is a float
                    self.add("total-deviates", (*path, "total"), total=float(ind.total), id=label,
                             mean=round(float(mean), 2), deviation=round(float(abs(ind.total - mean)), 2))  # type: ignore[arg-type]
            if ind.previous_total is not None and not valid_total(self.rules, ind.previous_total):
                self.add("total-invalid", (*path, "previous_total"), value=ind.previous_total, id=label,
                         **self.scale)
            if not (ind.strengths or ind.improvements or ind.actions):
                self.add("indicator-not-assessed", (*path, "id"), id=label)
        self.last_year_agrees()

    def last_year_agrees(self) -> None:
        """Last year's total given twice (Vurderinger and Historikk) and different: the report shows the
        previous total (psvxl.last_year); say so at its cell, so two figures never pass silently."""
        from psvxl.last_year import disagreements

        index = {ind.id: i for i, ind in enumerate(self.a.indicators)}
        for d in disagreements(self.a):
            self.add("previous-total-disagrees", ("indicators", index[d["id"]], "previous_total"), name=d["name"],
                     year=d["year"], previous=d["previous_total"], history=d["history"])

    def themes(self, i: int, label: str) -> None:
        titles: dict[str, tuple] = {}
        cols = layout.INDICATORS
        for t, theme in enumerate(self.a.indicators[i].themes):
            path = ("indicators", i, "themes", t)
            if not self.missing(theme.title, (*path, "title"), cols.column("title").label):
                key = fold(theme.title)
                if key in titles:
                    self.add("duplicate-theme", (*path, "title"), title=theme.title, id=label,
                             other=self.row_of(titles[key]))
                else:
                    titles[key] = (*path, "title")
            self.missing(theme.statement, (*path, "statement"), cols.column("statement").label)
            name = theme.title or str(t + 1)
            if theme.score is None:
                if (*path, "score") not in self.r.unreadable:
                    self.add("score-missing", (*path, "score"), title=name, id=label, **self.scale)
            elif not valid_score(self.rules, theme.score):
                self.add("score-out-of-range", (*path, "score"), value=theme.score, title=name, id=label,
                         **self.scale)
            if theme.previous_score is not None and not valid_score(self.rules, theme.previous_score):
                self.add("score-out-of-range", (*path, "previous_score"), value=theme.previous_score,
                         title=name, id=label, **self.scale)

    # --- portfolio --------------------------------------------------------------------------

    def focus_areas(self) -> None:
        seen: set[str] = set()
        for i, area in enumerate(self.a.focus_areas):
            key = fold(area)
            if key in seen:
                self.add("duplicate-focus-area", ("focus_areas", i), value=area)
            seen.add(key)

    @cached_property
    def known_focus_areas(self) -> set[str]:
        return {fold(a) for a in self.a.focus_areas}

    def focus_area(self, value: str | None, path: tuple) -> None:
        if value is not None and fold(value) not in self.known_focus_areas:
            self.add("unknown-focus-area", path, value=value)

    def choice(self, value: str | None, vocabulary: tuple[str, ...], path: tuple, label: str) -> None:
        if value is not None and value not in vocabulary:
            self.add("invalid-choice", path, value=value, label=label, choices=", ".join(vocabulary))

    def count(self, value: Any, path: tuple) -> None:
        if value is not None and (value < 0 or not float(value).is_integer()):
            self.add("invalid-count", path, value=value)

    def portfolio(self) -> None:
        # The checks run for every project (10 000 in the benchmark): labels are looked up once, and
        # the helpers are called only where a value is off.
        cols = layout.PORTFOLIO
        label = {key: cols.column(key).label for key in ("id", "name", "focus_area", "phase", "status",
                                                          "decision_date")}
        ids: dict[str, tuple] = {}
        p = self.a.program
        known_areas = self.known_focus_areas
        exact_areas = set(self.a.focus_areas)       # most cells spell the list's words exactly: no folding
        meeting = p.assessment_date
        for i, project in enumerate(self.a.portfolio):
            path = ("portfolio", i)
            if not self.missing(project.id, (*path, "id"), label["id"]):
                key = fold(project.id)
                if key in ids:
                    self.add("duplicate-project-id", (*path, "id"), id=project.id, other=self.row_of(ids[key]))
                else:
                    ids[key] = (*path, "id")
            for key in ("name", "focus_area", "phase", "status", "decision_date"):
                value = getattr(project, key)
                if value is None or value == "":
                    self.missing(value, (*path, key), label[key])
            if project.focus_area is not None and project.focus_area not in exact_areas \
                    and fold(project.focus_area) not in known_areas:
                self.focus_area(project.focus_area, (*path, "focus_area"))
            if project.phase is not None and project.phase not in PHASES:
                self.choice(project.phase, PHASES, (*path, "phase"), label["phase"])
            if project.status is not None and project.status not in STATUSES:
                self.choice(project.status, STATUSES, (*path, "status"), label["status"])
            self.amounts(project, path)
            for key in ("expected_new_jobs", "expected_secured_jobs"):
                value = getattr(project, key)
                if value is not None and (value < 0 or not float(value).is_integer()):
                    self.count(value, (*path, key))
            day = project.decision_date
            if day is None:
                continue
            if not self.in_period(day.year):
                self.add("decision-date-outside-period", (*path, "decision_date"),
                         date=day.strftime("%d.%m.%Y"), start=p.period_start, end=p.period_end)
            elif meeting is not None and day > meeting and day.year == p.year and is_supported(project):
                self.add("decision-after-assessment", (*path, "decision_date"),
                         date=day.strftime("%d.%m.%Y"), meeting=meeting.strftime("%d.%m.%Y"))
        for i, project in enumerate(self.a.portfolio):
            if project.continues is not None and fold(project.continues) not in ids:
                self.stray_id(project.continues)
                self.add("unknown-continued-project", ("portfolio", i, "continues"), value=project.continues)

    @cached_property
    def stray_ids(self) -> dict[str, int]:
        """Project ids with a stray character at an end («P-2023-06.»): the id without it -> project."""
        out: dict[str, int] = {}
        for i, project in enumerate(self.a.portfolio):
            ident = (project.id or "").strip()
            if ident and not (ident[0].isalnum() and ident[-1].isalnum()):
                out.setdefault(fold(_STRAY.sub("", ident)), i)
        return out

    def stray_id(self, used: str) -> None:
        """An id that names no project, where a project's own id differs only by a stray character:
        the finding on that project's id cell (the cause), once."""
        i = self.stray_ids.get(fold(_STRAY.sub("", used)))
        if i is not None and i not in self.stray_reported:
            self.stray_reported.add(i)
            self.add("project-id-stray-character", ("portfolio", i, "id"), id=self.a.portfolio[i].id, used=used)

    # --- jobs and budget ------------------------------------------------------------------

    def jobs(self) -> None:
        p = self.a.program
        project_ids = {fold(project.id) for project in self.a.portfolio if project.id}
        seen: dict[tuple, tuple] = {}
        for i, job in enumerate(self.a.jobs):
            path = ("jobs", i)
            if not self.missing(job.year, (*path, "year"), layout.JOBS.column("year").label):
                if not self.in_period(job.year):
                    self.add("job-year-outside-period", (*path, "year"), year=job.year, start=p.period_start,
                             end=p.period_end)
                elif p.year is not None and job.year > p.year:
                    self.add("job-year-after-assessment", (*path, "year"), year=job.year, assessed=p.year)
            self.count(job.new, (*path, "new"))
            self.count(job.secured, (*path, "secured"))
            if not job.new and not job.secured and {(*path, "new"), (*path, "secured")}.isdisjoint(self.r.unreadable):
                self.add("job-registration-empty", (*path, "new"))
            if job.project_id is not None and fold(job.project_id) not in project_ids:
                self.stray_id(job.project_id)
                self.add("unknown-project", (*path, "project_id"), value=job.project_id)
            if job.company:
                key = (fold(job.company), fold(job.project_id or ""), job.year)
                if key in seen:
                    self.add("duplicate-job-registration", (*path, "company"), company=job.company,
                             project=job.project_id or "uten prosjekt", year=job.year, other=self.row_of(seen[key]))
                else:
                    seen[key] = (*path, "company")
        for i, target in enumerate(self.a.job_targets):
            path = ("job_targets", i)
            if not self.missing(target.year, (*path, "year"), layout.JOB_TARGETS.column("year").label):
                if not self.in_period(target.year):
                    self.add("job-year-outside-period", (*path, "year"), year=target.year,
                             start=p.period_start, end=p.period_end)
            self.focus_area(target.focus_area, (*path, "focus_area"))
            self.count(target.new, (*path, "new"))
            self.count(target.secured, (*path, "secured"))
        for year, (programme, split) in target_rows_by_year(self.a).items():
            if programme is not None and split:
                expected, total = _target_sum([programme]), _target_sum(split)
                if total != expected:
                    i = self.a.job_targets.index(split[0])
                    self.add("job-target-split-mismatch", ("job_targets", i, "new"), year=year, sum=total,
                             target=expected)

    def budget(self) -> None:
        years: dict[int, tuple] = {}
        cols = layout.BUDGET
        for i, row in enumerate(self.a.budget):
            path = ("budget", i)
            if not self.missing(row.year, (*path, "year"), cols.column("year").label):
                if row.year in years:
                    self.add("duplicate-budget-year", (*path, "year"), year=row.year, other=self.row_of(years[row.year]))
                else:
                    years[row.year] = (*path, "year")
            self.missing(row.frame, (*path, "frame"), cols.column("frame").label)
            for key in ("frame", "admin"):
                value = getattr(row, key)
                if value is not None and value < 0:
                    self.add("negative-amount", (*path, key), value=value)
        year = self.a.program.year
        if year is not None:
            frame = next((b.frame for b in self.a.budget if b.year == year), None)
            if not frame or frame <= 0:
                where = years.get(year, ("budget", 0, "year") if self.a.budget else ("budget",))
                self.add("budget-frame-missing", where, year=year)

    def amounts(self, project: Any, path: tuple) -> None:
        """A project's amounts: none negative, paid within granted within cost, a cost a programme
        can have, and a grant where the row says money was granted or paid."""
        cost, granted, paid = project.total_cost, project.granted, project.paid
        for key, value in (("total_cost", cost), ("granted", granted), ("paid", paid)):
            if value is not None and value < 0:
                self.add("negative-amount", (*path, key), value=value)
        if granted is not None and cost is not None and granted >= 0 and granted > cost >= 0:
            self.add("granted-exceeds-cost", (*path, "granted"), granted=granted, cost=cost)
        if paid is not None and granted is not None and granted >= 0 and paid > granted:
            self.add("paid-exceeds-granted", (*path, "paid"), paid=paid, granted=granted)
        if cost is not None and cost > MAX_COST:
            self.add("cost-implausible", (*path, "total_cost"), cost=cost)
        elif cost is not None and granted and granted >= MIN_GRANT and cost > COST_MULTIPLE * granted:
            self.add("cost-far-above-grant", (*path, "total_cost"), cost=cost, granted=granted, times=COST_MULTIPLE)
        if granted is None and (project.status in SUPPORTED_STATUSES or paid):
            self.grant_missing(project.status, paid, path)

    def grant_missing(self, status: str | None, paid: int | None, path: tuple) -> None:
        """A blank Tilsagn where the row says money was granted or paid: the figures need it (a blank
        is no 0 kr). Not when the cell was unreadable: its own finding says why."""
        if (*path, "granted") in self.r.unreadable:
            return
        if paid:
            self.add("granted-missing-paid", (*path, "granted"), paid=paid)
        else:
            self.add("granted-missing", (*path, "granted"), status=status)

    # --- plausibility: figures that cannot be true (a unit error that slipped past the headers) ----

    def plausibility(self) -> None:
        a = self.a
        year, meeting = a.program.year, a.program.assessment_date
        # One pass over the portfolio (10 000 projects in the benchmark), with the metrics' rules:
        # supported projects; this year's grants are decided in the year, by the meeting.
        grants: list[int] = []
        first_grant = first_paid = None
        granted_total = paid_total = granted_year = 0
        by_year: dict[int, int] = {}
        for i, p in enumerate(a.portfolio):
            if p.status not in SUPPORTED_STATUSES:
                continue
            if p.granted and p.granted > 0:
                grants.append(p.granted)
                granted_total += p.granted
                first_grant = i if first_grant is None else first_grant
                day = p.decision_date
                if day is not None:
                    by_year[day.year] = by_year.get(day.year, 0) + p.granted
                if day is not None and day.year == year and (meeting is None or day <= meeting):
                    granted_year += p.granted
            if p.paid:
                paid_total += p.paid
                first_paid = i if first_paid is None else first_paid
        frame_at = next((i for i, b in enumerate(a.budget) if b.year == year and b.frame), None)
        if frame_at is not None and (frame := a.budget[frame_at].frame or 0) > 0:
            if frame < MIN_FRAME:
                self.add("frame-implausible", ("budget", frame_at, "frame"), frame=frame, year=year)
            elif granted_year > FRAME_MULTIPLE * frame:
                self.add("granted-many-times-frame", ("budget", frame_at, "frame"), granted=granted_year,
                         frame=frame, times=round(granted_year / frame, 1), year=year)
        self.frames_too_large(max(by_year.values(), default=0))
        if grants and sorted(grants)[len(grants) // 2] < MIN_GRANT:
            self.add("grants-implausible", ("portfolio", first_grant, "granted"), median=sorted(grants)[len(grants) // 2])
        if paid_total > granted_total > 0:
            self.add("paid-exceeds-granted-total", ("portfolio", first_paid, "paid"), paid=paid_total,
                     granted=granted_total)
        target = a.program.job_target
        if target and target > 0:
            total = sum(int(j.new or 0) + int(j.secured or 0) for j in a.jobs
                        if j.year is not None and (year is None or j.year <= year))
            if total > JOB_MULTIPLE * target:
                self.add("jobs-far-above-target", ("program", "job_target"), total=total, target=target,
                         times=round(total / target, 1))

    def frames_too_large(self, most_granted: int) -> None:
        """Frames over 100 MNOK a year that the grants of no year come near (over 100 times the most
        granted in one year): kroner under a header or note that says thousands."""
        for i, row in enumerate(self.a.budget):
            if row.frame is not None and row.frame > MAX_FRAME and row.frame > FRAME_OVER_GRANTS * most_granted:
                self.add("frame-too-large", ("budget", i, "frame"), frame=row.frame, year=row.year)

    # --- follow-up and history (carried from last year) -----------------------------------

    def follow_up(self) -> None:
        known = {fold(ind.id) for ind in self.a.indicators if ind.id}
        known_list = ", ".join(ind.id for ind in self.a.indicators if ind.id) or "ingen"
        for i, action in enumerate(self.a.previous_actions):
            path = ("previous_actions", i)
            if not self.missing(action.indicator_id, (*path, "indicator_id"),
                            layout.PREVIOUS_ACTIONS.column("indicator_id").label):
                if fold(action.indicator_id) not in known:
                    self.add("unknown-indicator", (*path, "indicator_id"), id=action.indicator_id, known=known_list)
            self.missing(action.text, (*path, "text"), layout.PREVIOUS_ACTIONS.column("text").label)
            if action.status is None:
                self.add("action-status-missing", (*path, "status"), text=_short(action.text or ""))
            else:
                self.choice(action.status, ACTION_STATUSES, (*path, "status"),
                            layout.PREVIOUS_ACTIONS.column("status").label)
        seen: dict[tuple, tuple] = {}
        assessed = self.a.program.year
        for i, entry in enumerate(self.a.history):
            path = ("history", i)
            self.missing(entry.year, (*path, "year"), layout.HISTORY.column("year").label)
            if not self.missing(entry.indicator_id, (*path, "indicator_id"), layout.HISTORY.column("indicator_id").label):
                if fold(entry.indicator_id) not in known:
                    self.add("unknown-indicator", (*path, "indicator_id"), id=entry.indicator_id, known=known_list)
            if not self.missing(entry.total, (*path, "total"), layout.HISTORY.column("total").label) and not valid_total(self.rules, entry.total):
                self.add("total-invalid", (*path, "total"), value=entry.total, id=entry.indicator_id or "?",
                         **self.scale)
            if entry.year is not None and assessed is not None and entry.year >= assessed:
                self.add("history-not-before-year", (*path, "year"), year=entry.year, assessed=assessed)
            if entry.year is not None and entry.indicator_id:
                key = (entry.year, fold(entry.indicator_id))
                if key in seen:
                    self.add("duplicate-history", (*path, "year"), id=entry.indicator_id, year=entry.year,
                             other=self.row_of(seen[key]))
                else:
                    seen[key] = (*path, "year")
        for i, participant in enumerate(self.a.program.participants):
            self.missing(participant.name, ("program", "participants", i, "name"),
                         layout.PARTICIPANTS.column("name").label)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
