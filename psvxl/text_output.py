"""Plain-text renderings of a validation report and of the figures, for the terminal."""

from __future__ import annotations

from psvxl import formatting as fmt
from psvxl.findings import ERROR
from psvxl.metrics import Metrics
from psvxl.validate import Report

WORDS = {
    "nb": {"error": "FEIL", "warning": "ADVARSEL", "errors": "feil", "warnings": "advarsler",
           "warning1": "advarsel", "ok": "Ingen feil eller advarsler.", "check": "Kontroll av"},
    "en": {"error": "ERROR", "warning": "WARNING", "errors": "errors", "warnings": "warnings",
           "warning1": "warning", "ok": "No errors or warnings.", "check": "Check of"},
}


def findings_text(report: Report, name: str, lang: str = "nb") -> str:
    w = WORDS["en" if lang == "en" else "nb"]
    n_err, n_warn = len(report.errors), len(report.warnings)
    lines = [f"{w['check']} {name}: {n_err} {w['errors']}, {n_warn} {w['warning1'] if n_warn == 1 else w['warnings']}"]
    if not report.findings:
        lines.append(w["ok"])
    width = max((len(_where(f.sheet, f.cell)) for f in report.findings), default=0)
    for f in report.findings:
        label = w["error"] if f.severity == ERROR else w["warning"]
        lines.append(f"{label:<9} {_where(f.sheet, f.cell):<{width}}  {f.message(lang)}  [{f.code}]")
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
    out = [f"Nøkkeltall for {name}, vurdert år {m.year if m.year is not None else '–'}", ""]
    out.append("Poeng per indikator")
    rows = [[i.name or i.id, fmt.score(i.total), fmt.score(i.mean), fmt.score(i.suggested_total),
             fmt.signed(i.deviation) + (" !" if i.flagged else ""), f"{i.scored}/{i.themes}", fmt.signed(i.change)]
            for i in m.scores.indicators]
    out += _table(["Indikator", "Total", "Snitt", "Foreslått", "Avvik", "Poeng gitt", "Endring"], rows,
                  right=frozenset({1, 2, 3, 4, 5, 6}))
    for group in m.scores.groups:
        out.append(f"{group.name or group.id}: snitt av totalene {fmt.score(group.mean)} "
                   f"({len(group.indicators)} indikatorer)")
    out.append(f"Samlet snitt av totalene: {fmt.score(m.scores.overall)}")
    if any(i.flagged for i in m.scores.indicators):
        out.append("! = totalen avviker 1 eller mer fra snittet av temaene")
    b = m.budget
    out += ["", "Budsjett og portefølje"]
    out += _table(["", "Verdi"], [
        [f"Ramme {m.year}", fmt.kroner(b.frame)],
        [f"Tilsagn {m.year}", fmt.kroner(b.granted_year)],
        ["Disponert av årets ramme", fmt.percent(b.utilisation)],
        ["Gjenstår av årets ramme", fmt.kroner(b.remaining)],
        ["Tilsagn siden start", fmt.kroner(b.granted_since_start)],
        ["Utbetalt siden start", fmt.kroner(b.paid_since_start)],
        ["Programmets andel av prosjektkostnad", fmt.percent(b.support_share)],
        ["Utbetalt av tilsagn", fmt.percent(b.paid_share)],
        ["Prosjekter støttet siden start", fmt.number(b.projects)],
        [f"Prosjekter støttet i {m.year}", fmt.number(b.projects_year)],
        ["Forprosjekter videreført til hovedprosjekt", fmt.number(b.continued_to_main_project)],
    ], right=frozenset({1}))
    out.append("Støttede prosjekter per fase: " + _counts(b.by_phase))
    out.append("Støttede prosjekter per innsatsområde: " + _counts(b.by_focus_area))
    out.append("Alle prosjekter per status: " + _counts(b.by_status))
    j = m.jobs
    out += ["", "Arbeidsplasser (brutto)"]
    out += _table(["År", "Nye", "Sikrede", "Sum"], [
        [str(y), fmt.number(v["new"]), fmt.number(v["secured"]), fmt.number(v["new"] + v["secured"])]
        for y, v in j.by_year.items()] + [["Sum", fmt.number(j.new), fmt.number(j.secured), fmt.number(j.total)]],
        right=frozenset({1, 2, 3}))
    track = {True: "i rute", False: "bak skjema", None: "–"}[j.on_track]
    out.append(f"Mål for perioden: {fmt.number(j.target)} – nådd {fmt.percent(j.progress)} ({track}; "
               f"skulle vært {fmt.number(j.target_to_date, 0) if j.target_to_date is not None else '–'} ved utgangen av {m.year})")
    if j.years_left:
        out.append(f"År igjen: {j.years_left} – trengs {fmt.number(j.pace_needed, 1)} arbeidsplasser per år")
    out.append(f"Forventet i porteføljen: {fmt.number(j.expected_new)} nye og {fmt.number(j.expected_secured)} sikrede")
    if m.follow_up:
        out += ["", "Oppfølging av fjorårets anbefalinger: " + _counts(m.follow_up)]
    return "\n".join(out)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "–"
