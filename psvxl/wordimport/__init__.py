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
from psvxl.i18n import t
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
        raise InputError(t("import.damaged-zip", name=path.name)) from None
    collecting = gc.isenabled()
    gc.disable()          # many small objects and no cycles: the collector's passes cost a third of the time
    try:
        blocks, own, declared = read_blocks(path)
        given = Program(name=program, year=year)
        rules = framework or standard()
        cover = cover_page(blocks, given, {heading_key(i.name or i.id) for i in rules[1]})
        reader = Reader(blocks, rules, own, given, cover)
        result = reader.run()
    finally:
        if collecting:
            gc.enable()
    result.file = path.name
    result.assessment.program.language = maalform_of(blocks, declared)
    _year_fallbacks(result, path)
    _scale(result, reader, framework)
    return result


def maalform_of(blocks: list, declared: str | None = None) -> str:
    """The report's målform: nynorsk where the document declares it (Word is set to nynorsk only by
    choice), else where the small words only nynorsk has («ikkje», «frå») outnumber bokmål's («ikke»,
    «fra»): a nynorsk text in a Word set to bokmål is still nynorsk. Otherwise bokmål."""
    from psvxl.vocabulary import BOKMAAL_MARKERS, NYNORSK_MARKERS

    if declared == "nn":
        return "nn"
    words = re.findall(r"[^\W\d_]+", " ".join(" ".join(b.cells) if b.cells else b.text for b in blocks).casefold())
    nb, nn = set(BOKMAAL_MARKERS), set(NYNORSK_MARKERS)
    return "nn" if sum(w in nn for w in words) > sum(w in nb for w in words) else "nb"


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
    where = ", ".join(t("import.paragraph", number=n) for _, _, n in reader.scales[:3])
    if len(shown) > 1:
        raise ScaleError(t("import.scales-differ", file=result.file, scales=_scales(shown), where=where))
    if framework is not None:
        if shown and shown[0] != (rules.scale.min, rules.scale.max):
            raise ScaleError(t("import.scale-not-framework", file=result.file, low=shown[0][0], high=shown[0][1],
                               framework=rules.name, min=rules.scale.min, max=rules.scale.max))
        result.assessment.framework = None if _is_standard(rules) else rules
    elif not shown:
        if not result.unreadable and any(i.total is not None for i in result.assessment.indicators) or reader.scored:
            raise ScaleError(t("import.scale-unknown", file=result.file))
    elif shown[0] != (rules.scale.min, rules.scale.max):
        own = copy.deepcopy(rules)
        low, high = shown[0]
        own.scale = Scale(low, high, {str(low): rules.scale.labels.get(str(rules.scale.min), ""),
                                      str(high): rules.scale.labels.get(str(rules.scale.max), "")})
        own.name = t("import.framework-from-report", low=low, high=high)
        result.assessment.framework = own
        result.scale_note = t("import.scale-from-lines", low=low, high=high)
    else:
        result.scale_note = t("import.scale-as-standard", low=shown[0][0], high=shown[0][1])
    _check_range(result, reader)


def _is_standard(rules: Framework) -> bool:
    from psvxl.framework import is_standard

    return is_standard(rules)


def _scales(shown: list[tuple[int, int]]) -> str:
    return t("import.and").join(f"{low}–{high}" for low, high in shown)


def _check_range(result: ImportResult, reader) -> None:
    """A total or score outside the scale was found but cannot be right: listed as not readable."""
    scale = (result.assessment.framework or reader.rules).scale
    for ind, number in reader.totals:
        if ind.total is not None and not scale.min <= ind.total <= scale.max:
            result.unreadable.append((number, f"{ind.name}: {ind.total:g}",
                                      t("import.total-outside-scale", min=scale.min, max=scale.max)))
    for theme, number in reader.scored:
        if theme.score is not None and not scale.min <= theme.score <= scale.max:
            result.unreadable.append((number, f"{theme.title}: {theme.score}",
                                      t("import.score-outside-scale", min=scale.min, max=scale.max)))


# --- several years -------------------------------------------------------------------------------------

def read_reports(paths: list[Path], framework: tuple[Framework, list[Indicator]] | None = None,
                 program: str | None = None, year: int | None = None) -> YearsResult:
    """Yearly reports read together, ordered by year: the latest is the assessment, the earlier ones'
    agreed totals its history, the year before it last year's totals and scores."""
    if len(paths) > 1 and year is not None:
        raise PsvxlError(t("import.year-with-several"))
    results = [read_report(p, framework, program, year) for p in paths]
    if len(results) == 1:
        return YearsResult(results[0].assessment, results)
    for r in results:
        if r.assessment.program.year is None:
            raise PsvxlError(t("import.year-not-found", file=r.file))
    years = [r.assessment.program.year or 0 for r in results]
    if len(set(years)) != len(years):
        twice = sorted({y for y in years if years.count(y) > 1})
        raise PsvxlError(t("import.same-year", years=", ".join(map(str, twice)),
                           files=", ".join(r.file for r in results if r.assessment.program.year in twice)))
    results.sort(key=lambda r: r.assessment.program.year or 0)
    scales = {_scale_of(r) for r in results}
    if len(scales) > 1:
        raise ScaleError(t("import.reports-scales-differ", scales=", ".join(
            f"{r.file}: {_scale_of(r)[0]}–{_scale_of(r)[1]}" for r in results)))
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
                notes.append(t("import.not-in-latest", file=r.file, name=ind.name, year=year))
                continue
            if ind.total is not None:
                entries.append(HistoryEntry(a.program.year, match.id, ind.total))
            if a.program.year == year - 1:
                _last_year(match, ind)
        if a.program.year == year - 1 and not latest.previous_actions:
            latest.previous_actions = _actions(a, by_id, by_key)
    if earlier and earlier[-1].assessment.program.year != year - 1:
        notes.append(t("import.no-last-year", year=year - 1))
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
    titles = {key(theme.title or ""): theme for theme in then.themes}
    for theme in now.themes:
        old = titles.get(key(theme.title or ""))
        if old is not None:
            theme.previous_score = old.score


# --- what the user is told ------------------------------------------------------------------------------

def import_summary(result: ImportResult) -> list[str]:
    """The ten-second check: per indicator, themes scored, total found or not, bullets per list."""
    from psvxl.formatting import score as fmt_score

    a = result.assessment
    scored = sum(1 for i in a.indicators for theme in i.themes if theme.score is not None)
    themes = sum(len(i.themes) for i in a.indicators)
    totals = sum(1 for i in a.indicators if i.total is not None)
    lines = [t("import.summary", file=result.file, indicators=len(a.indicators), themes=themes, scored=scored,
               totals=totals)]
    for ind in a.indicators:
        total = t("import.summary.total", total=fmt_score(ind.total)) if ind.total is not None \
            else t("import.summary.no-total")
        lists = t("import.summary.lists", strengths=len(ind.strengths), improvements=len(ind.improvements),
                  actions=len(ind.actions))
        lines.append(t("import.summary.indicator", name=ind.name, scored=sum(th.score is not None for th in ind.themes),
                       themes=len(ind.themes), total=total, lists=lists))
    p = a.program
    unknown = t("import.summary.unknown")
    year = t("import.summary.year-from-name", year=p.year) if result.year_from_name else (p.year or unknown)
    lines.append(t("import.summary.program", name=p.name or unknown, owner=p.owner or unknown, year=year)
                 + (t("import.summary.date", date=f"{p.assessment_date:%d.%m.%Y}") if p.assessment_date else ""))
    if result.scale_note:
        lines.append(f"  {result.scale_note}")
    return lines
