"""The report's content as plain data: formatted Norwegian strings and lists, no Word concerns.

Its fixed sentences and labels come from the catalogue (psvxl.i18n) in the current language, so the
context of a nynorsk report is built inside `i18n.using("nn")`.

Everything the template shows comes from here, computed from the assessment and the same
`Metrics` that `psvxl compute` prints, so the report and the command agree figure for figure.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any, cast

from psvxl import formatting as fmt
from psvxl.framework import rules_in, scale_label, scores as scale_scores
from psvxl.i18n import language, t
from psvxl.metrics import NO_PROJECT, Metrics, granted_by_year, target_rows_by_year, target_sum
from psvxl.model import ACTION_STATUSES, PHASES, STATUSES, SUPPORTED_STATUSES, Assessment, Framework, standard_framework
from psvxl.report.forms import add_form_context
from psvxl.last_year import disagreements, totals_by_year
from psvxl.report.prescore_context import prescore_context
from psvxl.xmlsafe import legal_text

BOX_EMPTY, BOX_CHECKED = "\u2610", "\u2612"
NBSP = fmt.NBSP


def phase_name(phase: str | None) -> str:
    """A project's phase as the report writes it (Forstudie …), or the cell's own word for another."""
    return t(f"report.phase.{phase}") if phase in PHASES else clean(phase)


# The list values psvxl knows (the model's bokmål words) -> their catalogue ids: the report writes them
# in its own målform; a word of the user's own is written as typed.
STATUS_IDS = dict(zip(STATUSES, ("applied", "granted", "ongoing", "finished", "rejected", "withdrawn"), strict=True))
ACTION_STATUS_IDS = dict(zip(ACTION_STATUSES, ("done", "ongoing", "not-started", "dropped"), strict=True))


def status_name(status: str | None) -> str:
    """A project's status (innvilget …) in the report's målform."""
    return t(f"report.status.{STATUS_IDS[status]}") if status in STATUS_IDS else clean(status)


def action_status_name(status: str | None) -> str:
    """A recommended action's status (gjennomført …) in the report's målform."""
    return t(f"report.action-status.{ACTION_STATUS_IDS[status]}") if status in ACTION_STATUS_IDS else clean(status)


def report_rules(a: Assessment) -> Framework:
    """The framework the report names: the assessment's own, or the standard set in the report's målform
    (its name and scale labels from standard-nn.json in a nynorsk report)."""
    return rules_in(a.rules, language())


def clean(text: str | None) -> str:
    """Text from a cell made safe for Word: characters XML cannot hold are removed."""
    return legal_text(text or "").strip()


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs separated by blank lines; single line breaks stay inside a paragraph."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", clean(text)) if p.strip()]


LABEL = re.compile(r"^(beskrivelse|skildring)\s*:\s*", re.IGNORECASE)


def description(text: str | None) -> list[str]:
    """An indicator's description without the «Beskrivelse:» label a report imported from Word may keep."""
    found = paragraphs(text)
    if found:
        found[0] = LABEL.sub("", found[0], count=1)
    return [p for p in found if p]


def items(values: list[str]) -> list[str]:
    return [clean(v) for v in values if clean(v)]


def score_line(score: int | float | None, framework: Framework | None = None) -> str:
    """☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6, one box per score of the framework's scale (non-breaking spaces keep
    each box with its number)."""
    rules = framework or standard_framework()
    return "   ".join(f"{BOX_CHECKED if score == n else BOX_EMPTY}{NBSP}{n}" for n in scale_scores(rules))


def arrow(change: Any) -> str:
    if change is None:
        return ""
    return "▲" if change > 0 else "▼" if change < 0 else "="


def build_context(a: Assessment, m: Metrics, as_of: dt.date | None = None) -> dict[str, Any]:
    """The context of the report or the fact base. `as_of`: the day the figures are as of (the fact
    base's day it is made, or a day the user gives); the meeting's day when not given."""
    p = a.program
    as_of = as_of or p.assessment_date
    rules = report_rules(a)
    scores = {s.id: s for s in m.scores.indicators}
    year = p.year
    context: dict[str, Any] = {
        "program": {
            "name": clean(p.name), "owner": clean(p.owner), "year": str(year) if year is not None else "",
            "date": fmt.date_long(p.assessment_date), "date_short": fmt.date_short(p.assessment_date),
            "period": f"{p.period_start}–{p.period_end}" if p.period_start and p.period_end else "",
            "author": clean(p.author), "job_target": fmt.number(p.job_target),
            "as_of": fmt.date_long(as_of), "as_of_short": fmt.date_short(as_of),
            "goals": paragraphs(p.goals), "organisation": paragraphs(p.organisation),
            "participants": [{"name": clean(x.name), "role": clean(x.role)} for x in p.participants],
        },
        "texts": {
            "main_conclusion": paragraphs(a.texts.main_conclusion),
            "action_plan": paragraphs(a.texts.action_plan),
            "action_plan_priorities": items(a.texts.action_plan_priorities),
            "action_plan_closing": paragraphs(a.texts.action_plan_closing),
            "recommendations": items(a.texts.recommendations),
            "critical_factors": items(a.texts.critical_factors),
            "biggest_challenges": items(a.texts.biggest_challenges),
            "usefulness": paragraphs(a.texts.usefulness),
            "previous_main_conclusion": paragraphs(a.texts.previous_main_conclusion),
            "previous_recommendations": items(a.texts.previous_recommendations),
        },
        "key_figures": key_figures(m, year),
        "key_figures_apart": [k for k in key_figures(m, year) if k["id"] not in BUDGET_FIGURES],
        "framework": _framework(rules),
        "scores": {
            "rows": _score_rows(a, m),
            "groups": [{"name": clean(g.name or g.id), "mean": fmt.score(g.mean), "count": len(g.indicators)}
                       for g in m.scores.groups],
            "overall": fmt.score(m.scores.overall),
            "flagged": [clean(s.name or s.id) for s in m.scores.indicators if s.flagged],
        },
        "portfolio": _portfolio(a, m, as_of),
        "jobs": _jobs(a, m),
        "follow_up": _follow_up(a, m),
    }
    context["indicators"] = [_indicator(ind, scores[ind.id], rules) for ind in a.indicators]
    _add_more(context, a, m, as_of)
    return context


def key_figures(m: Metrics, year: int | None) -> list[dict[str, str]]:
    """The key figures table of the report and the fact base (each with the id of its figure)."""
    b, j = m.budget, m.jobs
    return [
        {"id": "projects-since-start", "label": t("report.figure.projects-since-start"), "value": fmt.number(b.projects)},
        {"id": "granted-since-start", "label": t("report.figure.granted-since-start"),
         "value": fmt.kroner(b.granted_since_start)},
        {"id": "frame", "label": t("report.figure.frame", year=year), "value": fmt.kroner(b.frame)},
        {"id": "granted-year", "label": t("report.figure.granted-year", year=year), "value": fmt.kroner(b.granted_year)},
        {"id": "utilisation", "label": t("report.figure.utilisation"), "value": fmt.percent(b.utilisation)},
        {"id": "jobs", "label": t("report.figure.jobs"),
         "value": f"{fmt.number(j.total)} ({fmt.number(j.new)} + {fmt.number(j.secured)})"},
        {"id": "job-target", "label": t("report.figure.job-target"), "value": fmt.number(j.target)},
        {"id": "job-progress", "label": t("report.figure.job-progress"), "value": fmt.percent(j.progress)},
    ]


# The key figures the budget table under them shows too: the fact base's «Nøkkeltall» leaves them out.
BUDGET_FIGURES = ("granted-since-start", "frame", "granted-year", "utilisation")


def _indicator(ind: Any, s: Any, rules: Framework) -> dict[str, Any]:
    """One indicator of the context: its texts, its themes with their score lines, its total."""
    themes, previous_group = [], None
    for th in ind.themes:
        heading = clean(th.group) if th.group and th.group != previous_group else ""
        previous_group = th.group
        themes.append({"title": clean(th.title), "group_heading": heading, "questions": items(th.questions),
                       "statement": clean(th.statement),
                       "score": fmt.number(th.score) if th.score is not None else "–",
                       "score_line": score_line(th.score, rules), "comment": clean(th.comment)})
    group = rules.group(ind.group)
    return {
        "id": ind.id, "name": clean(ind.name or ind.id),
        "description": description(ind.description), "guidance": paragraphs(ind.guidance),
        "theme_groups": any(th.group for th in ind.themes),
        "group": clean(group.name or group.id) if group else "",
        "themes": themes,
        "strengths": items(ind.strengths), "improvements": items(ind.improvements), "actions": items(ind.actions),
        "total": fmt.score(s.total), "mean": fmt.score(s.mean), "summary": paragraphs(ind.summary),
        "flagged": s.flagged,
        "deviation_note": deviation_note(s, ind.deviation_reason),
    }


def _add_more(context: dict[str, Any], a: Assessment, m: Metrics, as_of: dt.date | None) -> None:
    """The parts of the context that build on its first parts (chapters, follow-up, forms…)."""
    p, rules = a.program, report_rules(a)
    context["chapters"] = _chapters(context["indicators"])
    context["about"] = about(a, rules)
    context["empty_score_line"] = score_line(None, rules)
    context["focus_areas"] = items(a.focus_areas)
    context["targets"] = _targets(a)
    context["budget_years"] = _budget_years(a, m)
    context["last_year"] = [{"name": clean(s.name or s.id), "total": fmt.score(s.previous_total)}
                            for s in m.scores.indicators if s.previous_total is not None]
    context["scores"]["has_previous"] = any(s.previous_total is not None for s in m.scores.indicators)
    add_form_context(context, a)
    context["prescores"] = prescore_context(a, m)
    known = [s.previous_total for s in m.scores.indicators if s.previous_total is not None]
    context["last_year_mean"] = fmt.score(sum(known) / len(known)) if known else ""
    context["trend"] = _trend(a)
    context["last_year_disagreements"] = disagreements(a)      # for a warning; the report shows one figure
    context["goals"] = goals(a, m)
    context["organisation"] = organisation(a)
    context["since_last"] = since_last(a, m, as_of, context["follow_up"])
    context["projects_this_year"] = _projects_in(a, p.year)


def deviation_note(s: Any, reason: str | None) -> str:
    """What the report says of a total that differs from the mean: the reason where the group gave
    one, otherwise only the fact (never a claim that a reason is written somewhere)."""
    reason = clean(reason)
    if not s.flagged and not (reason and s.deviation):
        return ""
    fact = t("report.deviation.fact", mean=fmt.score(s.mean), total=fmt.score(s.total),
             deviation=fmt.signed(s.deviation))
    return t("report.deviation.reason", fact=fact, reason=reason) if reason else fact


def about(a: Assessment, rules: Framework) -> list[str]:
    """«Om vurderingen»: when and with whom, what the scale's ends mean, what the total is."""
    p = a.program
    low, high = rules.scale.min, rules.scale.max
    low_label, high_label = scale_label(rules, low), scale_label(rules, high)
    when = (t("report.about.when-date", date=fmt.date_long(p.assessment_date)) if p.assessment_date
            else t("report.about.when"))
    who = t("report.about.who", count=len(p.participants)) if p.participants else ""
    scale = (t("report.about.scale-low", low=low) + (f" ({clean(low_label)})" if low_label else "") +
             t("report.about.scale-high", high=high) + (f" ({clean(high_label)})" if high_label else "") + ".")
    name = t("report.about.framework", name=clean(rules.name)) if rules.name else ""
    return [
        t("report.about.done", year=p.year, when=when, who=who, framework=name),
        t("report.about.themes", scale=scale),
        t("report.about.total", step=fmt.number(rules.total_step), one=fmt.number(1)),
    ]


def _framework(rules: Framework) -> dict[str, Any]:
    low, high = rules.scale.min, rules.scale.max
    return {"name": clean(rules.name), "min": str(low), "max": str(high), "step": fmt.number(rules.total_step),
            "low_label": clean(scale_label(rules, low)), "high_label": clean(scale_label(rules, high)),
            "groups": [clean(g.name or g.id) for g in rules.groups]}


def _score_rows(a: Assessment, m: Metrics) -> list[dict[str, Any]]:
    """The score overview: one row per indicator, under a row per group (with the group's mean) when
    the framework groups its indicators."""
    def row(s: Any) -> dict[str, Any]:
        return {"name": clean(s.name or s.id), "total": fmt.score(s.total), "mean": fmt.score(s.mean),
                "previous": fmt.score(s.previous_total) if s.previous_total is not None else "–",
                "change": (f"{arrow(s.change)} {fmt.signed(s.change)}" if s.change is not None else "–"),
                "is_group": False}

    by_id = {s.id: s for s in m.scores.indicators}
    if not m.scores.groups:
        return [row(s) for s in m.scores.indicators]
    rows, placed = [], set()
    for g in m.scores.groups:
        rows.append({"name": t("report.score.group-mean", name=clean(g.name or g.id)), "total": fmt.score(g.mean), "mean": "",
                     "previous": "", "change": "", "is_group": True})
        for ind_id in g.indicators:
            rows.append(row(by_id[ind_id]))
            placed.add(ind_id)
    rows += [row(s) for s in m.scores.indicators if s.id not in placed]
    return rows


def _chapters(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The indicator chapters, under a heading per group where the framework has groups."""
    chapters: list[dict[str, Any]] = []
    for ind in indicators:
        starts_group = not chapters or chapters[-1]["heading"] != ind["group"]
        if starts_group:
            chapters.append({"heading": ind["group"], "indicators": []})
        # The first chapter under a group heading follows it on the same page; the others start a page.
        ind["new_page"] = not (starts_group and ind["group"])
        chapters[-1]["indicators"].append(ind)
    return chapters


def _portfolio(a: Assessment, m: Metrics, as_of: dt.date | None = None) -> dict[str, Any]:
    supported = [p for p in a.portfolio if p.status in SUPPORTED_STATUSES]
    areas = list(dict.fromkeys([*a.focus_areas, *(p.focus_area for p in supported if p.focus_area)]))
    rows = []
    for area in areas:
        chosen = [p for p in supported if p.focus_area == area]
        rows.append({"area": clean(area), **{ph: fmt.number(sum(1 for p in chosen if p.phase == ph)) for ph in PHASES},
                     "projects": fmt.number(len(chosen)), "granted": _mill(sum(p.granted or 0 for p in chosen)),
                     "paid": _mill(sum(p.paid or 0 for p in chosen))})
    b = m.budget
    total = {"area": t("report.portfolio.sum"), **{ph: fmt.number(b.by_phase.get(ph, 0)) for ph in PHASES},
             "projects": fmt.number(b.projects), "granted": _mill(b.granted_since_start),
             "paid": _mill(b.paid_since_start)}
    year = a.program.year
    projects = sorted(a.portfolio, key=lambda p: (p.decision_date is None, p.decision_date, p.id or ""))
    return {
        "rows": rows, "total": total,
        "budget": _budget_figures(m, year, as_of),
        "status_counts": ", ".join(f"{status_name(k)} {v}" for k, v in b.by_status.items()),
        "projects": [{"id": clean(p.id), "name": clean(p.name), "area": clean(p.focus_area),
                      "phase": phase_name(p.phase), "status": status_name(p.status),
                      "date": fmt.date_short(p.decision_date), "granted": fmt.number(p.granted or 0),
                      "paid": fmt.number(p.paid or 0)} for p in projects],
    }


def _budget_figures(m: Metrics, year: int | None, as_of: dt.date | None) -> list[dict[str, str]]:
    """The budget's key figures: this year's frame and grants, and the figures since the start."""
    b = m.budget
    return [
        {"label": t("report.figure.frame", year=year), "value": fmt.kroner(b.frame)},
        {"label": t("report.figure.granted-year-as-of", year=year, date=fmt.date_short(as_of)),
         "value": fmt.kroner(b.granted_year)},
        {"label": t("report.figure.utilisation"), "value": fmt.percent(b.utilisation)},
        {"label": t("report.figure.remaining"), "value": fmt.kroner(b.remaining)},
        {"label": t("report.figure.granted-since-start"), "value": fmt.kroner(b.granted_since_start)},
        {"label": t("report.figure.paid-since-start"), "value": fmt.kroner(b.paid_since_start)},
        {"label": t("report.figure.support-share"), "value": fmt.percent(b.support_share)},
        {"label": t("report.figure.paid-share"), "value": fmt.percent(b.paid_share)},
        {"label": t("report.figure.projects-year", year=year), "value": fmt.number(b.projects_year)},
        {"label": t("report.figure.continued"), "value": fmt.number(b.continued_to_main_project)},
    ]


def _targets(a: Assessment) -> dict[str, Any]:
    """The job targets: the period's, with its split, and the periodised targets per year."""
    p = a.program
    rows = []
    for year, (programme, split) in target_rows_by_year(a).items():
        counted = [programme] if programme is not None else split
        rows.append({"year": str(year), "new": fmt.number(sum(int(t.new or 0) for t in counted)),
                     "secured": fmt.number(sum(int(t.secured or 0) for t in counted)),
                     "sum": fmt.number(target_sum(counted)),
                     "areas": ", ".join(f"{clean(t.focus_area)} {fmt.number(int(t.new or 0) + int(t.secured or 0))}"
                                        for t in split)})
    split_text = ""
    if p.job_target_new is not None or p.job_target_secured is not None:
        split_text = t("report.targets.split", new=fmt.number(p.job_target_new), secured=fmt.number(p.job_target_secured))
    return {"total": fmt.number(p.job_target), "split": split_text, "rows": rows,
            "split_by_area": any(r["areas"] for r in rows)}


def _budget_years(a: Assessment, m: Metrics) -> list[dict[str, str]]:
    """Each programme year's frame, and what was granted by decisions dated that year (this year
    as of the meeting, like the figures)."""
    p = a.program
    granted = granted_by_year(a)
    rows = []
    for b in sorted((b for b in a.budget if b.year is not None), key=lambda b: cast(int, b.year)):
        year = cast(int, b.year)
        share = Fraction(granted.get(year, 0), b.frame) if b.frame else None
        rows.append({"year": str(year), "frame": fmt.kroner(b.frame), "admin": fmt.kroner(b.admin),
                     "granted": fmt.kroner(granted.get(year, 0)) if p.year is None or year <= p.year else "–",
                     "share": fmt.percent(share) if p.year is None or year <= p.year else "–"})
    return rows


def _mill(kroner: int) -> str:
    """Millions of kroner with one decimal, for table columns headed «mill. kr»: 7,5."""
    return fmt.number(kroner / 1_000_000, 1)


def _jobs(a: Assessment, m: Metrics) -> dict[str, Any]:
    j = m.jobs
    rows, running = [], 0
    # Each year's target counted once: its programme row, else the sum of its split (as on_track counts).
    targets = {year: target_sum([programme] if programme is not None else split)
               for year, (programme, split) in target_rows_by_year(a).items()}
    for year, v in j.by_year.items():
        running += v["new"] + v["secured"]
        rows.append({"year": str(year), "new": fmt.number(v["new"]), "secured": fmt.number(v["secured"]),
                     "sum": fmt.number(v["new"] + v["secured"]), "cumulative": fmt.number(running),
                     "target": fmt.number(targets[year]) if year in targets else "–"})
    summary = _jobs_summary(a, m)
    by_area = [{"area": t("report.jobs.no-project") if k == NO_PROJECT else clean(k), "new": fmt.number(v["new"]), "secured": fmt.number(v["secured"]),
                "sum": fmt.number(v["new"] + v["secured"])} for k, v in j.by_focus_area.items()]
    return {"rows": rows, "has_targets": bool(targets),
            "total": {"new": fmt.number(j.new), "secured": fmt.number(j.secured), "sum": fmt.number(j.total)},
            "summary": summary, "by_area": by_area, "no_project_label": t("report.jobs.no-project"),
            "expected": t("report.jobs.expected", new=fmt.number(j.expected_new),
                          secured=fmt.number(j.expected_secured))}


def _jobs_summary(a: Assessment, m: Metrics) -> str:
    """Jobs registered against the target, whether the programme is on track, and the pace it needs."""
    j = m.jobs
    on_track = {True: t("report.jobs.on-track"), False: t("report.jobs.behind"), None: ""}[j.on_track]
    summary = t("report.jobs.summary", total=fmt.number(j.total), new=fmt.number(j.new),
                secured=fmt.number(j.secured), progress=fmt.percent(j.progress), target=fmt.number(j.target))
    if j.target_to_date is not None:
        summary += t("report.jobs.to-date", on_track=on_track, year=a.program.year,
                     to_date=fmt.number(j.target_to_date, 0))
    if j.years_left:
        summary += t("report.jobs.pace", years=j.years_left, pace=fmt.number(j.pace_needed, 0))
    return summary


def _follow_up(a: Assessment, m: Metrics) -> dict[str, Any] | None:
    if not a.previous_actions:
        return None
    names = {i.id.casefold(): clean(i.name or i.id) for i in a.indicators}
    groups: dict[str, list[dict[str, str]]] = {}
    for action in a.previous_actions:
        key = names.get((action.indicator_id or "").casefold(), clean(action.indicator_id) or t("report.follow-up.no-indicator"))
        groups.setdefault(key, []).append({"text": clean(action.text), "status": action_status_name(action.status) or t("report.follow-up.no-status"),
                                           "comment": clean(action.comment)})
    order = {status: i for i, status in enumerate(ACTION_STATUSES)}
    counts = [{"status": action_status_name(status), "count": fmt.number(count)}
              for status, count in sorted(m.follow_up.items(), key=lambda kv: order.get(kv[0], 99))]
    summary = ", ".join(f"{c['count']} {c['status']}" for c in counts)
    return {"groups": [{"indicator": k, "actions": v} for k, v in groups.items()], "counts": counts,
            "total": fmt.number(len(a.previous_actions)), "summary": summary}


def _trend(a: Assessment) -> dict[str, Any]:
    """The trend chart's figures as text: each indicator's totals, year by year."""
    rows = []
    for ind in a.indicators:
        by_year = totals_by_year(a, ind)        # last year: its previous total, as the score table
        if by_year:
            rows.append({"name": clean(ind.name or ind.id),
                         "totals": " · ".join(f"{y}: {fmt.score(v)}" for y, v in sorted(by_year.items()))})
    return {"rows": rows}


def goals(a: Assessment, m: Metrics) -> list[str]:
    """The programme's targets as the workbook has them: jobs over the period, their split and pace,
    and the project funds of the period."""
    p, j = a.program, m.jobs
    out = []
    if p.job_target is not None:
        split = ""
        if p.job_target_new is not None or p.job_target_secured is not None:
            split = t("report.goals.split", new=fmt.number(p.job_target_new),
                      secured=fmt.number(p.job_target_secured))
        period = (t("report.goals.period", start=p.period_start, end=p.period_end)
                  if p.period_start and p.period_end else "")
        out.append(t("report.goals.jobs", target=fmt.number(p.job_target), period=period, split=split))
        if j.target_to_date is not None and p.year is not None:
            out.append(t("report.goals.to-date", to_date=fmt.number(j.target_to_date, 0), year=p.year,
                         total=fmt.number(j.total)))
    frames = [b for b in a.budget if b.frame is not None]
    if frames:
        total = sum(b.frame or 0 for b in frames)
        years = sorted(b.year for b in frames if b.year is not None)
        span = t("report.goals.span", first=years[0], last=years[-1]) if years else ""
        out.append(t("report.goals.frames", span=span, total=fmt.kroner(total)))
    if target_rows_by_year(a):
        out.append(t("report.goals.per-year"))
    return out


# Who is who, by words in the roles people type (in either målform): the group's catalogue key, the words.
ROLE_GROUPS = (("report.organisation.board", ("styre",)),
               ("report.organisation.observers", ("observatør", "innovasjon norge", "fylkeskommun", "ordfører",
                                                  "rådgiver, ", "rådgjevar, ")),
               ("report.organisation.facilitator", ("prosessveileder", "veileder", "rettleiar")))
ROLE_ORDER = ("report.organisation.board", "report.organisation.administration", "report.organisation.observers",
              "report.organisation.facilitator")


def organisation(a: Assessment) -> dict[str, Any]:
    """Who is who, from the participants' roles: the board, the programme's own staff, the observers
    and advisers, the facilitator; and the year's administration budget."""
    groups: dict[str, list[str]] = {}
    for person in a.program.participants:
        role = clean(person.role).casefold()
        group = next((key for key, words in ROLE_GROUPS if any(w in role for w in words)), ROLE_ORDER[1])
        label = clean(person.name) + (f" ({clean(person.role)})" if clean(person.role) else "")
        groups.setdefault(group, []).append(label)
    rows = [{"role": t(g), "names": ", ".join(groups[g])} for g in ROLE_ORDER if g in groups]
    notes = []
    year = a.program.year
    admin = next((b.admin for b in a.budget if b.year == year and b.admin is not None), None)
    if admin is not None:
        notes.append(t("report.organisation.admin-budget", year=year, amount=fmt.kroner(admin)))
    if not rows:
        notes.append(t("report.organisation.no-roles"))
    return {"groups": rows, "notes": notes}


def since_last(a: Assessment, m: Metrics, as_of: dt.date | None, follow_up: dict[str, Any] | None) -> dict[str, Any]:
    """What happened since last year's review, in the year's figures (as of `as_of`): the sentence on
    the year's grants (the table of those projects follows it), and the sentences after the table."""
    b, j, year = m.budget, m.jobs, a.program.year
    when = t("report.since-last.as-of", date=fmt.date_long(as_of)) if as_of else t("report.since-last.so-far")
    granted = (t("report.since-last.granted", year=year, count=fmt.number(b.projects_year),
                 amount=fmt.kroner(b.granted_year), when=when)
               + (t("report.since-last.of-frame", share=fmt.percent(b.utilisation), frame=fmt.kroner(b.frame))
                  if b.frame else "."))
    more = []
    this_year = j.by_year.get(year, {}) if year is not None else {}
    if this_year:
        more.append(t("report.since-last.jobs", year=year, count=fmt.number(this_year["new"] + this_year["secured"]),
                      new=fmt.number(this_year["new"]), secured=fmt.number(this_year["secured"])))
    last_texts = a.texts.previous_main_conclusion or items(a.texts.previous_recommendations)
    if not a.history and all(s.previous_total is None for s in m.scores.indicators) and not follow_up \
            and not last_texts:
        more.append(t("report.since-last.nothing"))
    return {"granted": granted, "more": more}


def _projects_in(a: Assessment, year: int | None) -> list[dict[str, str]]:
    """Supported projects decided in `year` (up to the meeting), oldest decision first."""
    chosen = [p for p in a.portfolio if p.status in SUPPORTED_STATUSES and p.decision_date is not None
              and p.decision_date.year == year
              and (a.program.assessment_date is None or p.decision_date <= a.program.assessment_date)]
    chosen.sort(key=lambda p: (p.decision_date, p.id or ""))
    return [{"id": clean(p.id), "name": clean(p.name), "phase": phase_name(p.phase),
             "date": fmt.date_short(p.decision_date), "granted": fmt.kroner(p.granted or 0)} for p in chosen]
