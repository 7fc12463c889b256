"""The figures, each checked against numbers worked out by hand for small crafted assessments."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from psvxl.validate import validate
from psvxl.framework import valid_total
from psvxl.metrics import compute, suggested_total
from psvxl.model import (
    Assessment, BudgetYear, Indicator, JobRegistration, JobTarget, Program, Project, Theme,
)

from conftest import example
from strategies import assessments


def themes(*scores):
    return [Theme(title=f"T{i}", statement="S", score=s) for i, s in enumerate(scores)]


def program(**kw):
    base = dict(name="P", year=2024, assessment_date=dt.date(2024, 10, 15), period_start=2021, period_end=2026,
                job_target=300)
    return Program(**{**base, **kw})


def project(pid, status="pågår", year=2024, granted=100_000, cost=400_000, paid=50_000, phase="forprosjekt",
            area="A", continues=None, new=0, secured=0):
    return Project(id=pid, name=pid, focus_area=area, phase=phase, status=status,
                   decision_date=dt.date(year, 3, 1), total_cost=cost, granted=granted, paid=paid,
                   continues=continues, expected_new_jobs=new, expected_secured_jobs=secured)


# --- scores -----------------------------------------------------------------------------------

def test_suggested_total_rounds_to_halves_with_halves_up():
    assert suggested_total(Fraction(17, 4)) == Fraction(9, 2)      # 4,25 -> 4,5
    assert suggested_total(Fraction(15, 4)) == 4                   # 3,75 -> 4,0
    assert suggested_total(Fraction(21, 5)) == 4                   # 4,2 -> 4,0
    assert suggested_total(Fraction(23, 5)) == Fraction(9, 2)      # 4,6 -> 4,5
    assert suggested_total(Fraction(19, 4)) == 5                   # 4,75 -> 5,0
    assert suggested_total(None) is None


def test_scores_by_hand():
    a = Assessment(program=program(), indicators=[
        Indicator("profil", "Profil", themes=themes(5, 4, 4, 4, 3), total=4.5, previous_total=4.0),   # mean 4,0
        Indicator("org", "Org", themes=themes(2, 2, 3, None), total=4.0),                            # mean 7/3
        Indicator("tom", "Tom", themes=themes(None, None), total=None),                               # nothing scored
    ])
    s = compute(a).scores
    p, o, t = s.indicators
    assert (p.mean, p.suggested_total, p.deviation, p.flagged, p.change) == (4, 4, Fraction(1, 2), False, Fraction(1, 2))
    assert (p.scored, p.themes) == (5, 5)
    assert o.mean == Fraction(7, 3) and o.suggested_total == Fraction(5, 2)
    assert o.deviation == Fraction(5, 3) and o.flagged is True and o.change is None
    assert (o.scored, o.themes) == (3, 4)
    assert (t.mean, t.suggested_total, t.deviation, t.flagged, t.scored) == (None, None, None, False, 0)
    assert s.overall == Fraction(17, 4)                             # (4,5 + 4,0) / 2; the unscored total is left out


def test_deviation_of_exactly_one_is_flagged():
    a = Assessment(program=program(), indicators=[Indicator("x", themes=themes(3, 3), total=4.0)])
    assert compute(a).scores.indicators[0].flagged is True
    a.indicators[0].total = 3.5
    assert compute(a).scores.indicators[0].flagged is False


# --- budget -----------------------------------------------------------------------------------

def budget_assessment():
    return Assessment(
        program=program(),
        focus_areas=["A", "B"],
        portfolio=[
            project("F1", status="avsluttet", year=2022, granted=200_000, cost=500_000, paid=200_000),
            project("H1", status="pågår", year=2024, granted=1_000_000, cost=2_500_000, paid=300_000,
                    phase="hovedprosjekt", continues="F1", area="B"),
            project("H2", status="innvilget", year=2024, granted=760_000, cost=1_900_000, paid=0,
                    phase="hovedprosjekt", continues="F1"),       # the same forprosjekt continued twice
            project("S1", status="søkt", year=2024, granted=500_000, cost=900_000, paid=0),
            project("X1", status="avslått", year=2024, granted=0, cost=300_000, paid=0),
            project("T1", status="trukket", year=2023, granted=150_000, cost=300_000, paid=0),
            project("F2", status="pågår", year=2023, granted=40_000, cost=100_000, paid=10_000, phase="forstudie",
                    continues="H1"),                               # not a forprosjekt continued by a hovedprosjekt
        ],
        budget=[BudgetYear(2023, 3_000_000), BudgetYear(2024, 4_000_000)],
    )


def test_budget_by_hand():
    b = compute(budget_assessment()).budget
    assert b.frame == 4_000_000
    assert b.granted_year == 1_760_000                              # H1 + H2: søkt, avslått do not count
    assert b.utilisation == Fraction(44, 100)
    assert b.remaining == 2_240_000
    assert b.granted_since_start == 2_000_000                       # F1 + H1 + H2 + F2
    assert b.paid_since_start == 510_000
    assert b.support_share == Fraction(2_000_000, 5_000_000)
    assert b.paid_share == Fraction(510_000, 2_000_000)
    assert (b.projects, b.projects_year) == (4, 2)
    assert b.by_phase == {"forstudie": 1, "forprosjekt": 1, "hovedprosjekt": 2}
    assert b.by_focus_area == {"A": 3, "B": 1}
    assert b.by_status == {"søkt": 1, "innvilget": 1, "pågår": 2, "avsluttet": 1, "avslått": 1, "trukket": 1}
    assert b.continued_to_main_project == 1                        # F1, once, however often continued
    assert isinstance(b.granted_year, int) and isinstance(b.paid_since_start, int)


def test_a_year_without_budget_row():
    a = budget_assessment()
    a.budget = [BudgetYear(2023, 3_000_000)]
    b = compute(a).budget
    assert (b.frame, b.utilisation, b.remaining) == (None, None, None)
    assert b.granted_year == 1_760_000


def test_no_supported_projects():
    a = Assessment(program=program(), portfolio=[project("S", status="søkt")], budget=[BudgetYear(2024, 1)])
    b = compute(a).budget
    assert (b.projects, b.granted_since_start, b.support_share, b.paid_share) == (0, 0, None, None)
    assert b.utilisation == 0


# --- jobs -------------------------------------------------------------------------------------

def jobs_assessment(**program_kw):
    return Assessment(
        program=program(**program_kw),
        focus_areas=["A", "B"],
        portfolio=[project("P1", area="A", new=5, secured=2), project("P2", area="B", new=3),
                   project("P3", status="avslått", new=10, secured=10)],
        jobs=[JobRegistration(2021, "P1", "Firma 1", new=10, secured=5),
              JobRegistration(2023, "P2", "Firma 2", new=20, secured=0),
              JobRegistration(2024, None, "Firma 3", new=3, secured=2),
              JobRegistration(2024, "P9", "Firma 4", new=1, secured=0),        # a project not in the portfolio
              JobRegistration(2025, "P1", "Firma 1", new=50, secured=50)],     # after the assessed year
    )


def test_jobs_by_hand():
    j = compute(jobs_assessment()).jobs
    assert (j.new, j.secured, j.total, j.target) == (34, 7, 41, 300)
    assert j.by_year == {2021: {"new": 10, "secured": 5}, 2023: {"new": 20, "secured": 0},
                         2024: {"new": 4, "secured": 2}}
    assert j.by_focus_area == {"A": {"new": 10, "secured": 5}, "B": {"new": 20, "secured": 0},
                               "uten prosjekt": {"new": 3, "secured": 2}, "ukjent prosjekt": {"new": 1, "secured": 0}}
    assert j.progress == Fraction(41, 300)
    assert j.years_left == 2
    assert j.pace_needed == Fraction(259, 2)                          # (300 - 41) / 2
    assert j.target_to_date == 200                                    # 300 * 4 / 6, a straight line
    assert j.on_track is False
    assert (j.expected_new, j.expected_secured) == (8, 2)             # the refused project does not count


def test_periodised_targets_replace_the_straight_line():
    a = jobs_assessment()
    a.job_targets = [JobTarget(2021, None, 5, 5), JobTarget(2022, None, 10, 0), JobTarget(2024, "A", 15, 5),
                     JobTarget(2025, None, 100, 100)]
    j = compute(a).jobs
    assert j.target_to_date == 40 and j.on_track is True             # 41 >= 10 + 10 + 20


def test_first_and_last_programme_year():
    first = compute(jobs_assessment(year=2021)).jobs
    assert (first.total, first.years_left, first.target_to_date) == (15, 5, 50)
    assert first.pace_needed == Fraction(285, 5)
    last = compute(jobs_assessment(year=2026)).jobs
    assert (last.years_left, last.pace_needed) == (0, None)          # no year left: no pace
    assert last.target_to_date == 300 and last.total == 141


def test_pace_is_never_negative():
    j = compute(jobs_assessment(job_target=10)).jobs
    assert j.pace_needed == 0 and j.on_track is True


def test_decisions_after_the_meeting_are_not_this_years_figures():
    a = budget_assessment()                       # H1 and H2 are decided 1 March 2024
    a.program.assessment_date = dt.date(2024, 1, 20)
    b = compute(a).budget
    assert b.frame == 4_000_000 and b.granted_year == 0 and b.projects_year == 0
    assert b.remaining == 4_000_000
    assert b.granted_since_start == 2_000_000     # the year's figures only
    a.program.assessment_date = dt.date(2024, 3, 1)   # decided on the day of the meeting: counted
    assert compute(a).budget.granted_year == 1_760_000
    findings = [f.code for f in validate(budget_assessment_meeting_in_january()).findings]
    assert findings.count("decision-after-assessment") == 2


def budget_assessment_meeting_in_january():
    a = budget_assessment()
    a.program.assessment_date = dt.date(2024, 1, 20)
    return a


def test_programme_targets_and_their_split_count_once():
    a = jobs_assessment()                          # 2021-2026, 300 jobs, assessed 2024
    a.job_targets = [JobTarget(2023, None, 30, 10), JobTarget(2023, "A", 20, 5), JobTarget(2023, "B", 10, 5),
                     JobTarget(2024, "A", 20, 0), JobTarget(2024, "B", 15, 5)]
    j = compute(a).jobs
    # 2021 and 2022 before the first periodised year follow the straight line (50 a year);
    # 2023 counts its programme row (40), not 40 + 40; 2024 has only split rows (40).
    assert j.target_to_date == 50 + 50 + 40 + 40
    assert [f.code for f in validate(a).findings].count("job-target-split-mismatch") == 0
    a.job_targets[1] = JobTarget(2023, "A", 25, 5)
    mismatch = [f for f in validate(a).findings if f.code == "job-target-split-mismatch"]
    assert len(mismatch) == 1 and "2023" in mismatch[0].message() and "45" in mismatch[0].message()
    assert compute(a).jobs.target_to_date == 180   # the programme's row still counts


def test_json_follows_the_contract_key_for_key():
    data = compute(example()).to_json()
    assert list(data) == ["year", "scores", "budget", "jobs", "follow_up"]
    assert list(data["scores"]) == ["overall", "indicators", "groups"]   # groups: the framework's (issue 12)
    assert list(data["scores"]["indicators"][0]) == ["id", "name", "mean", "suggested_total", "total", "deviation",
                                                     "flagged", "scored", "themes", "change"]
    assert list(data["budget"]) == ["frame", "granted_year", "utilisation", "remaining", "granted_since_start",
                                    "paid_since_start", "support_share", "paid_share", "projects", "projects_year",
                                    "by_phase", "by_focus_area", "by_status", "continued_to_main_project"]
    assert list(data["jobs"]) == ["target", "new", "secured", "total", "progress", "years_left", "pace_needed",
                                  "on_track", "by_year", "by_focus_area", "expected_new", "expected_secured"]
    assert data["budget"]["utilisation"] == 0.44 and data["budget"]["granted_year"] == 1_760_000
    assert all(isinstance(k, str) for k in data["jobs"]["by_year"])


# --- properties -------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(assessments())
def test_properties_hold_for_any_assessment(a):
    m = compute(a)   # never raises
    for ind in m.scores.indicators:
        if ind.mean is not None:
            rules = a.rules
            half_step = Fraction(rules.total_step).limit_denominator(1000) / 2
            if rules.scale.min <= ind.mean <= rules.scale.max:     # else it is clamped into the scale
                assert abs(ind.suggested_total - ind.mean) <= half_step
            assert valid_total(rules, ind.suggested_total)
    b, j = m.budget, m.jobs
    if b.utilisation is not None:
        assert b.utilisation * b.frame == b.granted_year
    assert j.total == j.new + j.secured
    assert j.new == sum(v["new"] for v in j.by_year.values())
    assert j.secured == sum(v["secured"] for v in j.by_year.values())
    assert j.total == sum(v["new"] + v["secured"] for v in j.by_focus_area.values())
    assert b.projects == sum(b.by_phase.values()) + sum(1 for p in a.portfolio
                                                        if p.status in ("innvilget", "pågår", "avsluttet") and p.phase is None)
    assert sum(b.by_status.values()) == sum(1 for p in a.portfolio if p.status is not None)
    assert m.to_json()  # serialisable


@given(st.lists(st.integers(1, 6), min_size=1, max_size=12))
def test_suggested_total_is_within_a_quarter_of_the_mean(scores):
    mean = Fraction(sum(scores), len(scores))
    assert abs(suggested_total(mean) - mean) <= Fraction(1, 4)
