"""Hypothesis strategies for valid-shaped assessments (shared by the round-trip and metrics tests)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from psvxl.cells import is_error_value
from psvxl.model import (
    ACTION_STATUSES, PHASES, STATUSES, Assessment, BudgetYear, Framework, Group, HistoryEntry, Indicator,
    JobRegistration, JobTarget, Participant, PreviousAction, Program, Project, Scale, Texts, Theme,
)

# Invisible characters (zero-width, soft hyphen, BOM) are drift, not data: psvxl drops them from ids and
# list values (tests/test_drift_generated.py covers them).
_chars = st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Zl", "Zp"),
                       blacklist_characters="_\u200b\u200c\u200d\u2060\ufeff\u00ad")


def _clean(s: str) -> bool:
    # Excel error values (#I/T, #VALUE!) are never a valid list value: the reader calls them formula errors.
    return bool(s) and s == s.strip() and not s.startswith(("• ", "- ", "– ", "* ")) and not is_error_value(s)


text = st.text(_chars, min_size=1, max_size=30).filter(_clean)
line_text = text
long_text = st.lists(text, min_size=1, max_size=3).map("\n\n".join)
opt_text = st.none() | text
years = st.integers(min_value=2000, max_value=2040)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
amounts = st.integers(min_value=0, max_value=10**12)
counts = st.integers(min_value=0, max_value=10_000)
scores = st.integers(min_value=1, max_value=6)
totals = st.integers(min_value=2, max_value=12).map(lambda n: n / 2)


def opt(strategy):
    return st.none() | strategy


themes = st.builds(Theme, title=text, group=opt_text, questions=st.lists(line_text, max_size=3),
                   statement=opt_text, score=opt(scores), previous_score=opt(scores), comment=opt_text)
group_ids = st.lists(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True), max_size=3, unique=True)


@st.composite
def frameworks(draw):
    low = draw(st.integers(0, 2))
    high = draw(st.integers(low + 1, low + 9))
    labels = draw(st.dictionaries(st.integers(low, high).map(str), text, max_size=3))
    groups = [Group(g, draw(text)) for g in draw(group_ids)]
    return Framework(name=draw(opt_text), scale=Scale(low, high, labels), total_step=draw(st.sampled_from([0.5, 1])),
                     groups=groups)


@st.composite
def indicators(draw, groups: list[str] | None = None):
    ids = draw(st.lists(st.from_regex(r"[a-z]{2,10}", fullmatch=True), min_size=1, max_size=4,
                        unique_by=str.casefold))
    group = st.none() | st.sampled_from(groups) if groups else st.none()
    return [Indicator(id=i, name=draw(opt_text), group=draw(group), description=draw(opt_text), guidance=draw(opt_text),
                      themes=draw(st.lists(themes, max_size=4)), strengths=draw(st.lists(text, max_size=3)),
                      improvements=draw(st.lists(text, max_size=3)), actions=draw(st.lists(text, max_size=3)),
                      total=draw(opt(totals)), previous_total=draw(opt(totals)),
                      deviation_reason=draw(opt_text), summary=draw(opt(long_text)))
            for i in ids]


projects = st.builds(
    Project, id=text, name=opt_text, focus_area=opt_text, phase=opt(st.sampled_from(PHASES)), continues=opt_text,
    owner=opt_text, status=opt(st.sampled_from(STATUSES)), decision_date=opt(dates), total_cost=opt(amounts),
    granted=opt(amounts), paid=opt(amounts), expected_new_jobs=opt(counts), expected_secured_jobs=opt(counts),
    smb_utvikling=opt(st.booleans()), sustainability=opt_text)
jobs = st.builds(JobRegistration, year=years, project_id=opt_text, company=opt_text, new=opt(counts),
                 secured=opt(counts), verified=opt(st.booleans()), source=opt_text, comment=opt_text)
job_targets = st.builds(JobTarget, year=years, focus_area=opt_text, new=opt(counts), secured=opt(counts))
budget = st.builds(BudgetYear, year=years, frame=opt(amounts), admin=opt(amounts), note=opt_text)
previous_actions = st.builds(PreviousAction, indicator_id=opt_text, text=text,
                             status=opt(st.sampled_from(ACTION_STATUSES)), comment=opt_text)
history = st.builds(HistoryEntry, year=years, indicator_id=opt_text, total=opt(totals))
programs = st.builds(
    Program, name=opt_text, owner=opt_text, year=opt(years), assessment_date=opt(dates), period_start=opt(years),
    period_end=opt(years), job_target=opt(counts), job_target_new=opt(counts), job_target_secured=opt(counts),
    participants=st.lists(st.builds(Participant, name=text, role=opt_text), max_size=3), author=opt_text)
texts = st.builds(Texts, main_conclusion=opt(long_text), action_plan=opt(long_text),
                  action_plan_priorities=st.lists(text, max_size=3), recommendations=st.lists(text, max_size=3),
                  critical_factors=st.lists(text, max_size=3), biggest_challenges=st.lists(text, max_size=3),
                  usefulness=opt(long_text))

@st.composite
def assessments(draw):
    framework = draw(st.none() | frameworks())
    groups = [g.id for g in framework.groups] if framework else None
    areas = draw(st.lists(text, max_size=4, unique_by=lambda a: " ".join(a.split()).casefold()))
    portfolio, targets = draw(st.lists(projects, max_size=5)), draw(st.lists(job_targets, max_size=3))
    # A value that matches a focus area but for case or spacing is read as the list spells it (the
    # reader normalises it), so a round trip keeps it only when it is spelled as in the list.
    spelled = {" ".join(a.split()).casefold(): a for a in areas}
    for record in (*portfolio, *targets):
        if record.focus_area is not None:
            record.focus_area = spelled.get(" ".join(record.focus_area.split()).casefold(), record.focus_area)
    return Assessment(
        program=draw(programs), texts=draw(texts), indicators=draw(indicators(groups)),
        portfolio=portfolio, jobs=draw(st.lists(jobs, max_size=5)), job_targets=targets,
        budget=draw(st.lists(budget, max_size=3)), focus_areas=areas,
        previous_actions=draw(st.lists(previous_actions, max_size=3)), history=draw(st.lists(history, max_size=3)),
        framework=framework)
