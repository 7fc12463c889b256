"""Plain-text renderings of a validation report and of the figures, for the terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psvxl import formatting as fmt
from psvxl import i18n
from psvxl.findings import ERROR
from psvxl.i18n import t
from psvxl.metrics import Metrics
from psvxl.results import budget_rows, count_tables, shown_counts
from psvxl.validate import Report


def findings_text(report: Report, name: str, lang: str | None = None) -> str:
    """The findings as «psvxl validate» prints them, in `lang` (default: the current language)."""
    with i18n.using(lang or i18n.language()):
        n_err, n_warn = len(report.errors), len(report.warnings)
        title = "text.findings.title-one-warning" if n_warn == 1 else "text.findings.title"
        lines = [t(title, name=name, errors=n_err, warnings=n_warn)]
        if not report.findings:
            lines.append(t("text.findings.clean"))
        width = max((len(_where(f.sheet, f.cell)) for f in report.findings), default=0)
        for f in report.findings:
            label = t("text.findings.error") if f.severity == ERROR else t("text.findings.warning")
            lines.append(f"{label:<9} {_where(f.sheet, f.cell):<{width}}  {f.message(i18n.language())}  [{f.code}]")
    return "\n".join(lines)


def _where(sheet: str | None, cell: str | None) -> str:
    if sheet and cell:
        return f"{sheet}!{cell}"
    return sheet or "Arbeidsboken"


def _table(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def metrics_text(m: Metrics, name: str) -> str:
    """The key figures as «psvxl compute» prints them."""
    out = [t("text.metrics.title", name=name, year=m.year if m.year is not None else "–"), ""]
    return "\n".join(out + _scores_text(m) + _budget_text(m) + _jobs_text(m))


def _scores_text(m: Metrics) -> list[str]:
    out = [t("figures.scores")]
    rows = [[i.name or i.id, fmt.score(i.total), fmt.score(i.mean), fmt.score(i.suggested_total),
             fmt.signed(i.deviation) + (" !" if i.flagged else ""), f"{i.scored}/{i.themes}", fmt.signed(i.change)]
            for i in m.scores.indicators]
    header = [t(key) for key in ("figures.indicator", "text.metrics.total", "figures.mean", "text.metrics.suggested",
                                 "figures.deviation", "text.metrics.scored", "text.metrics.change")]
    out += _table(header, rows, right=frozenset({1, 2, 3, 4, 5, 6}))
    for group in m.scores.groups:
        out.append(t("text.metrics.group", group=group.name or group.id, mean=fmt.score(group.mean),
                     count=len(group.indicators)))
    out.append(t("text.metrics.overall", mean=fmt.score(m.scores.overall)))
    if any(i.flagged for i in m.scores.indicators):
        out.append(t("text.metrics.flag"))
    return out


_SHOW: dict[str, Callable[[Any], str]] = {"amount": fmt.kroner, "percent": fmt.percent, "int": fmt.number}


def _budget_text(m: Metrics) -> list[str]:
    out = ["", t("figures.budget")]
    out += _table(["", t("figures.value")], [[label, _SHOW[style](value)] for label, value, style in budget_rows(m)],
                  right=frozenset({1}))
    out += [f"{title}: {_counts(counts)}" for title, counts in count_tables(m)]
    return out


def _jobs_text(m: Metrics) -> list[str]:
    j = m.jobs
    out = ["", t("figures.jobs")]
    out += _table([t(key) for key in ("figures.year", "figures.new", "figures.secured", "figures.sum")], [
        [str(y), fmt.number(v["new"]), fmt.number(v["secured"]), fmt.number(v["new"] + v["secured"])]
        for y, v in j.by_year.items()] + [[t("figures.sum"), fmt.number(j.new), fmt.number(j.secured),
                                           fmt.number(j.total)]], right=frozenset({1, 2, 3}))
    track = {True: t("text.metrics.on-track"), False: t("text.metrics.behind"), None: "–"}[j.on_track]
    out.append(t("text.metrics.target", target=fmt.number(j.target), progress=fmt.percent(j.progress), track=track,
                 to_date=fmt.number(j.target_to_date, 0) if j.target_to_date is not None else "–", year=m.year))
    if j.years_left:
        whole = j.pace_needed is not None and float(j.pace_needed).is_integer()     # «74», not «74,0» jobs
        out.append(t("text.metrics.years-left", years=j.years_left, pace=fmt.number(j.pace_needed, 0 if whole else 1)))
    out.append(t("text.metrics.expected", new=fmt.number(j.expected_new), secured=fmt.number(j.expected_secured)))
    if m.follow_up:
        out += ["", f"{t('figures.follow-up')}: {_counts(shown_counts(m.follow_up, 'action_status'))}"]
    return out


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "–"
