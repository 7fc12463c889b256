"""PSV reports written in Word, read back into an `Assessment`: the reader beside reading/read.py.

Reports are read as people type them: headings as styles or bold lines, labels with or without a colon
and in the words of psvxl.vocabulary, score lines of boxes, score tables with a mark under the chosen
number, «Poeng: 4», totals on the same line, the next line or a table row, bullets as lists, typed marks
or numbers. Every paragraph and table row ends in one place, read or listed as not placed
(`ImportResult.ledger`). Several yearly reports read together give the latest year with the earlier
ones as history (`read_reports`).
"""

from __future__ import annotations

import copy
import gc
import re
import zlib
from pathlib import Path

from psvxl.errors import InputError, PsvxlError
from psvxl.model import (
    Assessment,
    Framework,
    HistoryEntry,
    Indicator,
    PreviousAction,
    Program,
    Scale,
)
from psvxl.wordimport.lines import box_line, heading_key, key
from psvxl.wordimport.result import UNPLACED, UNREADABLE, ImportResult, YearsResult

__all__ = [
    "UNPLACED",
    "UNREADABLE",
    "ImportResult",
    "ScaleError",
    "YearsResult",
    "import_summary",
    "read_report",
    "read_reports",
    "score_of_line",
]


class ScaleError(PsvxlError):
    """The report's score lines and the framework disagree about the scale, or nothing shows it."""

    exit_code = 1


def score_of_line(text: str) -> tuple[int | None] | None:
    """The score a line of boxes marks: (4,) for «☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6», (None,) when nothing (or
    more than one) is ticked, None when the text is not a score line."""
    line = box_line(text)
    return None if line is None else (line.score,)


def read_report(path: Path, framework: tuple[Framework, list[Indicator]] | None = None,
                program: str | None = None, year: int | None = None) -> ImportResult:
    """Read a PSV report (.docx). Raises `InputError` when the file is not a readable Word document,
    `ScaleError` when its scale cannot be told or contradicts the framework."""
    from psvxl.framework import standard
    from psvxl.wordimport.cover import cover_page
    from psvxl.wordimport.document import read_blocks
    from psvxl.wordimport.reader import Reader
    from psvxl.reading.preflight import preflight_report

    try:
        preflight_report(path)
    except zlib.error:           # damaged deflate data in a part the pre-flight reads
        raise InputError(f"{path.name} er skadet og kan ikke pakkes ut (feil i zip-dataene). Åpne den i Word og "
                         "lagre den på nytt.") from None
    collecting = gc.isenabled()
    gc.disable()          # many small objects and no cycles: the collector's passes cost a third of the time
    try:
        blocks, own = read_blocks(path)
        given = Program(name=program, year=year)
        rules = framework or standard()
        cover = cover_page(blocks, given, {heading_key(i.name or i.id) for i in rules[1]})
        reader = Reader(blocks, rules, own, given, cover)
        result = reader.run()
    finally:
        if collecting:
            gc.enable()
    result.file = path.name
    _year_fallbacks(result, path)
    _scale(result, reader, framework)
    return result


def _year_fallbacks(result: ImportResult, path: Path) -> None:
    """The year from the meeting date, else from the file name (and said so)."""
    p = result.assessment.program
    if p.year is None and p.assessment_date is not None:
        p.year = p.assessment_date.year
    if p.year is None and (m := re.search(r"(?<!\d)(19|20)\d\d(?!\d)", path.stem)):
        p.year, result.year_from_name = int(m.group(0)), True


def _scale(result: ImportResult, reader, framework: tuple[Framework, list[Indicator]] | None) -> None:
    """The scale: the framework file's, checked against the score lines; without one, the score lines'."""
    rules = reader.rules
    shown = sorted({(low, high) for low, high, _ in reader.scales})
    where = ", ".join(f"avsnitt {n}" for _, _, n in reader.scales[:3])
    if len(shown) > 1:
        raise ScaleError(f"{result.file}: poenglinjene har ulike skalaer ({_scales(shown)}; {where}). "
                         "Rett poenglinjene slik at alle har samme antall bokser.")
    if framework is not None:
        if shown and shown[0] != (rules.scale.min, rules.scale.max):
            raise ScaleError(f"{result.file}: poenglinjene går fra {shown[0][0]} til {shown[0][1]}, men rammeverket "
                             f"«{rules.name}» har skalaen {rules.scale.min}–{rules.scale.max}. Velg rammeverket "
                             "rapporten bygger på med --framework.")
        result.assessment.framework = None if _is_standard(rules) else rules
    elif not shown:
        if not result.unreadable and any(i.total is not None for i in result.assessment.indicators) or reader.scored:
            raise ScaleError(f"{result.file}: rapporten viser ikke skalaen (ingen poenglinjer med bokser eller "
                             "poengtabell). Oppgi rammeverket med --framework (en rammeverksfil, se docs/rammeverk.md).")
    elif shown[0] != (rules.scale.min, rules.scale.max):
        own = copy.deepcopy(rules)
        low, high = shown[0]
        own.scale = Scale(low, high, {str(low): rules.scale.labels.get(str(rules.scale.min), ""),
                                      str(high): rules.scale.labels.get(str(rules.scale.max), "")})
        own.name = f"Fra rapporten (skala {low}–{high})"
        result.assessment.framework = own
        result.scale_note = (f"Skalaen {low}–{high} er tatt fra poenglinjene i rapporten (ingen --framework); "
                             f"indikatorene er lest mot standardsettet.")
    else:
        result.scale_note = f"Skalaen {shown[0][0]}–{shown[0][1]} er tatt fra poenglinjene (som standardsettet)."
    _check_range(result, reader)


def _is_standard(rules: Framework) -> bool:
    from psvxl.framework import is_standard

    return is_standard(rules)


def _scales(shown: list[tuple[int, int]]) -> str:
    return " og ".join(f"{low}–{high}" for low, high in shown)


def _check_range(result: ImportResult, reader) -> None:
    """A total or score outside the scale was found but cannot be right: listed as not readable."""
    scale = (result.assessment.framework or reader.rules).scale
    for ind, number in reader.totals:
        if ind.total is not None and not scale.min <= ind.total <= scale.max:
            result.unreadable.append((number, f"{ind.name}: {ind.total:g}",
                                      f"totalen er utenfor skalaen {scale.min}–{scale.max}"))
    for theme, number in reader.scored:
        if theme.score is not None and not scale.min <= theme.score <= scale.max:
            result.unreadable.append((number, f"{theme.title}: {theme.score}",
                                      f"poenget er utenfor skalaen {scale.min}–{scale.max}"))


# --- several years -------------------------------------------------------------------------------------

def read_reports(paths: list[Path], framework: tuple[Framework, list[Indicator]] | None = None,
                 program: str | None = None, year: int | None = None) -> YearsResult:
    """Yearly reports read together, ordered by year: the latest is the assessment, the earlier ones'
    agreed totals its history, the year before it last year's totals and scores."""
    if len(paths) > 1 and year is not None:
        raise PsvxlError("--year kan bare brukes med én rapport; med flere leses året fra hver rapport.")
    results = [read_report(p, framework, program, year) for p in paths]
    if len(results) == 1:
        return YearsResult(results[0].assessment, results)
    for r in results:
        if r.assessment.program.year is None:
            raise PsvxlError(f"Fant ikke året i {r.file} (verken på forsiden, i overskriftene eller i filnavnet). "
                             "Skriv året i filnavnet, f.eks. PSV-2022.docx.")
    years = [r.assessment.program.year or 0 for r in results]
    if len(set(years)) != len(years):
        twice = sorted({y for y in years if years.count(y) > 1})
        raise PsvxlError(f"To rapporter gjelder samme år ({', '.join(map(str, twice))}): "
                         f"{', '.join(r.file for r in results if r.assessment.program.year in twice)}.")
    results.sort(key=lambda r: r.assessment.program.year or 0)
    scales = {_scale_of(r) for r in results}
    if len(scales) > 1:
        raise ScaleError("Rapportene har ulike skalaer (" + ", ".join(
            f"{r.file}: {_scale_of(r)[0]}–{_scale_of(r)[1]}" for r in results) + "); totalene kan ikke stå i samme historikk.")
    latest = copy.deepcopy(results[-1].assessment)
    notes = _history(latest, results[:-1])
    return YearsResult(latest, results, notes)


def _scale_of(r: ImportResult) -> tuple[int, int]:
    from psvxl.framework import standard

    scale = (r.assessment.framework or standard()[0]).scale
    return scale.min, scale.max


def _history(latest: Assessment, earlier: list[ImportResult]) -> list[str]:
    """Earlier years' totals into the history; the year before the latest into last year's figures."""
    notes: list[str] = []
    year = latest.program.year
    assert year is not None
    by_key = {heading_key(i.name or i.id): i for i in latest.indicators}
    by_id = {i.id: i for i in latest.indicators}
    entries: list[HistoryEntry] = []
    for r in earlier:
        a = r.assessment
        for ind in a.indicators:
            match = by_id.get(ind.id) or by_key.get(heading_key(ind.name or ind.id))
            if match is None:
                notes.append(f"{r.file}: «{ind.name}» finnes ikke i {year}-rapporten; totalen er ikke tatt med.")
                continue
            if ind.total is not None:
                entries.append(HistoryEntry(a.program.year, match.id, ind.total))
            if a.program.year == year - 1:
                _last_year(match, ind)
        if a.program.year == year - 1 and not latest.previous_actions:
            latest.previous_actions = _actions(a, by_id, by_key)
    if earlier and earlier[-1].assessment.program.year != year - 1:
        notes.append(f"Ingen rapport for {year - 1}: fjorårets totaler er ikke fylt inn.")
    latest.history = sorted(entries, key=lambda h: (h.year or 0))
    return notes


def _actions(last: Assessment, by_id: dict[str, Indicator], by_key: dict[str, Indicator]) -> list[PreviousAction]:
    """Last year's recommended actions, for follow-up this year (when this year's report has none)."""
    actions = []
    for ind in last.indicators:
        match = by_id.get(ind.id) or by_key.get(heading_key(ind.name or ind.id))
        if match is not None:
            actions += [PreviousAction(indicator_id=match.id, text=text) for text in ind.actions]
    return actions


def _last_year(now: Indicator, then: Indicator) -> None:
    now.previous_total = then.total
    titles = {key(t.title or ""): t for t in then.themes}
    for theme in now.themes:
        old = titles.get(key(theme.title or ""))
        if old is not None:
            theme.previous_score = old.score


# --- what the user is told ------------------------------------------------------------------------------

def import_summary(result: ImportResult) -> list[str]:
    """The ten-second check: per indicator, themes scored, total found or not, bullets per list."""
    from psvxl.formatting import score as fmt_score

    a = result.assessment
    scored = sum(1 for i in a.indicators for t in i.themes if t.score is not None)
    themes = sum(len(i.themes) for i in a.indicators)
    totals = sum(1 for i in a.indicators if i.total is not None)
    lines = [f"{result.file}: {len(a.indicators)} indikatorer, {themes} temaer ({scored} med poeng), {totals} totaler."]
    for ind in a.indicators:
        total = f"total {fmt_score(ind.total)}" if ind.total is not None else "INGEN TOTAL"
        lists = f"styrker {len(ind.strengths)}, forbedringer {len(ind.improvements)}, tiltak {len(ind.actions)}"
        lines.append(f"  {ind.name}: {sum(t.score is not None for t in ind.themes)}/{len(ind.themes)} temaer med "
                     f"poeng, {total}; {lists}")
    p = a.program
    year = f"{p.year} (fra filnavnet)" if result.year_from_name else (p.year or "ukjent")
    lines.append(f"  Program: {p.name or 'ukjent'}; eier: {p.owner or 'ukjent'}; år: {year}"
                 + (f"; dato: {p.assessment_date:%d.%m.%Y}" if p.assessment_date else ""))
    if result.scale_note:
        lines.append(f"  {result.scale_note}")
    return lines
