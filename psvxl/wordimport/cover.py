"""The cover page: programme, owner, year, period, meeting date and author from the first page's lines.

The first page ends at a page break, a table of contents or the first chapter the report has; only
the first 40 paragraphs are looked at. A line is read when it says what it is («Programeier: …»,
«Programstatusvurdering 2024», «Omstillingsprogrammet X – Y kommune», a Title or Subtitle style);
every other line on the cover is left for the walk, which lists it as not placed.
"""

from __future__ import annotations

from psvxl import cells
from psvxl import vocabulary as V
from psvxl.model import Program
from psvxl.wordimport.document import Block
from psvxl.wordimport.lines import box_line, label_rest, year_in
from psvxl.wordimport.reader import section_of

COVER_LINES = 40
NAME_WORDS = ("omstillingsprogram",)
OWNER_WORDS = ("kommune", "fylkeskommune", "regionråd", "region", "kommuner")


def cover_page(blocks: list[Block], program: Program, indicators: set[str]) -> dict[int, str]:
    """Fill `program` from the cover (what was given on the command line stays) and return the
    blocks read: {index: what it gave}. `indicators`: the framework's indicator names (as keys),
    which start the assessment, not the cover."""
    first = _first_page(blocks, indicators)
    used: dict[int, str] = {}
    for b in first:
        if (what := _labelled(b.plain, program)) is not None:
            used[b.index] = what
    for b in first:
        if b.index in used:
            continue
        if (what := _title_or_name(b, program)) is not None:
            used[b.index] = what
    return used


def _first_page(blocks: list[Block], indicators: set[str]) -> list[Block]:
    page: list[Block] = []
    for b in blocks[:COVER_LINES]:
        if b.page_start and page:
            break
        if b.style.startswith("toc") or b.cells is not None or (b.level == 1 and page) or \
                (page and section_of(b.plain, b.hkey) is not None) or b.hkey in indicators or box_line(b.text):
            break
        page.append(b)
        if b.page_end:
            break
    return [b for b in page if b.text]


def _labelled(text: str, program: Program) -> str | None:
    for words, field in ((V.OWNER, "owner"), (V.PERIOD, "period"), (V.DATE, "date"), (V.AUTHOR, "author")):
        rest = label_rest(text, words)
        if rest is None or ":" not in text[:60] or not rest:
            continue
        if field == "owner":
            program.owner = program.owner or rest
        elif field == "author":
            program.author = program.author or rest
        elif field == "period":
            years = [y for y in (year_in(part) for part in rest.replace("–", "-").split("-")) if y]
            if not years:
                return None
            program.period_start, program.period_end = years[0], years[-1]
        else:
            date = _date(rest)
            if date is None:
                return None
            program.assessment_date = program.assessment_date or date
        return f"cover-{field}"
    return None


def _date(text: str):
    try:
        return cells.parse_date(text.strip().rstrip("."))
    except cells.CellValueError:
        return None


def _title_or_name(b: Block, program: Program) -> str | None:
    text = b.plain
    low = text.casefold()
    if label_rest(text, V.TITLE) is not None:
        year = year_in(text)
        if year is not None and program.year is None:
            program.year = year
        rest = label_rest(text, V.TITLE) or ""
        rest = rest.replace(str(year), "", 1).strip(" –-:") if year else rest
        if rest and program.name is None:
            _name_and_owner(rest, program)
        return "cover-title"
    if b.style in ("subtitle", "undertittel") or b.level == 0 or any(w in low for w in NAME_WORDS):
        if program.name is None:
            _name_and_owner(text, program)
            return "cover-program"
        return None
    if (date := _date(text)) is not None and program.assessment_date is None:
        program.assessment_date = date
        return "cover-date"
    return None


def _name_and_owner(text: str, program: Program) -> None:
    """«Omstillingsprogrammet X – Y kommune»: the name, and the owner when the cover names none."""
    name, dash, owner = text.partition(" – ")
    if not dash:
        name, dash, owner = text.partition(" - ")
    if dash and program.owner is None and any(w in owner.casefold() for w in OWNER_WORDS):
        program.name, program.owner = name.strip(), owner.strip()
    else:
        program.name = text.strip()
