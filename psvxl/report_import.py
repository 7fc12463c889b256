"""A PSV report written in Word, read back into an `Assessment`: the reader beside workbook/read.py.

Reports are typed the way people type them: headings as Heading styles or as bold paragraphs,
bullets as Word lists or as «•», «-», «–» at the start, score lines «☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6» with
any spacing, in a paragraph or a table row, with ☒, ☑, X or x as the mark. Indicators are found by
name (any case) and themes matched to the framework by statement or title; what the framework does
not know is taken in as the programme's own. Everything that could not be placed is listed with its
paragraph number and first words, never dropped in silence. The chapters of figures (portfolio,
budget, jobs) are not read: those figures live in the workbook.

The file passes the same zip pre-flight as a workbook, and its XML goes through defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psvxl import cells, layout, xmlsafe
from psvxl.framework import standard
from psvxl.model import Assessment, Framework, Indicator, Participant, PreviousAction, Program, Theme

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKS = "☒☑■✓✔✗xX"
BOXES = "☐□" + MARKS
_SCORE_TOKEN = re.compile(rf"([{BOXES}])\s*(\d{{1,2}})")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*\-–—]|\d{1,2}[.)])\s+")
_TOTAL = re.compile(r"^total\s*poengsum\s*:?\s*(.*)$", re.I)
_DASH_TOTAL = re.compile(r"^(.*?)\s+[–-]\s+(\d+(?:[.,]\d+)?|–)$")
_YEAR = re.compile(r"(19|20)\d{2}")
_REASON = re.compile(r"\bBegrunnelse:\s*(.+)$", re.S)


@dataclass
class Block:
    """One paragraph of the document (or one table row, as the text of its cells)."""
    number: int                 # 1-based, in reading order (what the user is told)
    text: str
    style: str = ""             # the style's name, lower case ("heading 1", "psv påstand")
    level: int | None = None    # heading level from the style (1, 2, 3), 0 for the title
    bold: bool = False          # every run with text is bold
    listed: bool = False        # a Word list paragraph, or a typed bullet
    cells: list[str] | None = None   # a table row's cells

    @property
    def plain(self) -> str:
        """The text without a typed bullet."""
        return _BULLET.sub("", self.text).strip() if self.listed else self.text.strip()


@dataclass
class ImportResult:
    assessment: Assessment
    unplaced: list[tuple[int, str]] = field(default_factory=list)    # (paragraph number, first words)

    @property
    def usable(self) -> bool:
        return any(t.score is not None for i in self.assessment.indicators for t in i.themes) or \
            any(i.total is not None for i in self.assessment.indicators)


def read_report(path: Path, framework: tuple[Framework, list[Indicator]] | None = None,
                program: str | None = None, year: int | None = None) -> ImportResult:
    """Read a PSV report (.docx). Raises `InputError` when the file is not a readable Word document."""
    from psvxl.workbook.preflight import preflight_report

    preflight_report(path)
    with zipfile.ZipFile(path) as package:
        document = xmlsafe.parse(package.read("word/document.xml"))
        styles = _styles(xmlsafe.parse(package.read("word/styles.xml"))) if "word/styles.xml" in package.namelist() else {}
    blocks = list(_blocks(document, styles))
    return _Importer(blocks, framework or standard(), program, year).run()


# --- the document as blocks -------------------------------------------------------------------------

@dataclass
class _Style:
    name: str
    based_on: str | None
    level: int | None
    bold: bool


def _styles(root: Any) -> dict[str, _Style]:
    found = {}
    for style in root.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        name_el = style.find(f"{W}name")
        name = (name_el.get(f"{W}val") if name_el is not None else sid or "").casefold()
        based = style.find(f"{W}basedOn")
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        bold = style.find(f"{W}rPr/{W}b")
        level = None
        if match := re.fullmatch(r"(?:heading|overskrift)\s*(\d)", name):
            level = int(match.group(1))
        elif name in ("title", "tittel"):
            level = 0
        elif outline is not None and (outline.get(f"{W}val") or "").isdigit() and int(outline.get(f"{W}val")) < 9:
            level = int(outline.get(f"{W}val")) + 1
        found[sid] = _Style(name, based.get(f"{W}val") if based is not None else None, level,
                            bold is not None and bold.get(f"{W}val") not in ("0", "false"))
    for style in found.values():           # a style based on a heading is a heading (PSV Kapittel)
        seen, parent = 0, style.based_on
        while style.level is None and parent in found and seen < 10:
            style.level = found[parent].level if not found[parent].name.startswith("toc") else None
            parent, seen = found[parent].based_on, seen + 1
    return found


def _text(element: Any) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        tag = node.tag
        if tag == f"{W}t":
            parts.append(node.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts).replace("\u00a0", " ")


def _paragraph(p: Any, number: int, styles: dict[str, _Style]) -> Block:
    style_el = p.find(f"{W}pPr/{W}pStyle")
    style = styles.get(style_el.get(f"{W}val")) if style_el is not None else None
    text = _text(p).strip()
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]

    def bold(run: Any) -> bool:
        b = run.find(f"{W}rPr/{W}b")
        if b is not None:
            return b.get(f"{W}val") not in ("0", "false")
        return bool(style and style.bold)

    listed = p.find(f"{W}pPr/{W}numPr") is not None or bool(style and ("list" in style.name or "liste" in style.name)) \
        or bool(_BULLET.match(text))
    return Block(number, text, style.name if style else "", style.level if style else None,
                 bool(runs) and all(bold(r) for r in runs), listed)


def _blocks(document: Any, styles: dict[str, _Style]):
    """Paragraphs in reading order; a table gives one block per row (its cells' texts)."""
    body = document.find(f"{W}body")
    number = 0

    def walk(parent: Any):
        nonlocal number
        for child in parent:
            if child.tag == f"{W}p":
                number += 1
                yield _paragraph(child, number, styles)
            elif child.tag == f"{W}tbl":
                for row in child.iter(f"{W}tr"):
                    texts = []
                    for cell in row.iter(f"{W}tc"):
                        paragraphs = cell.findall(f"{W}p")
                        number += len(paragraphs)
                        texts.append("\n".join(_text(p).strip() for p in paragraphs).strip())
                    yield Block(number, " | ".join(t for t in texts if t), "table", cells=texts)
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
                yield from walk(child)

    yield from walk(body)


def score_of_line(text: str) -> tuple[int | None] | None:
    """The score a score line marks: (4,) for «☐ 1 ☐ 2 ☐ 3 ☒ 4 ☐ 5 ☐ 6», (None,) when nothing is
    ticked, None when the text is not a score line."""
    compact = text.replace("\u00a0", " ").replace("|", " ")
    tokens = _SCORE_TOKEN.findall(compact)
    if len(tokens) < 3 or _SCORE_TOKEN.sub("", compact).strip():
        return None
    numbers = [int(n) for _, n in tokens]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    ticked = [int(n) for box, n in tokens if box in MARKS]
    return (ticked[0] if len(ticked) == 1 else None,)


def _key(text: str) -> str:
    return " ".join(layout.label_words(text))


def _slug(text: str) -> str:
    words = layout.label_words(text)
    return "-".join(words)[:40].strip("-") or "indikator"


def _number(text: str) -> float | None:
    text = text.strip().rstrip(".")
    if not text or text == "–":
        return None
    try:
        number = cells.parse_number(text.replace(".", ",") if re.fullmatch(r"\d+\.\d", text) else text)
    except cells.CellValueError:
        return None
    return None if number is None else cells.as_plain(number)


# --- reading the report ---------------------------------------------------------------------------------

SECTIONS = {
    "hovedkonklusjon": "main_conclusion", "hovedkonklusjoner": "main_conclusion",
    "handlingsplan": "action_plan", "prioriteringer": "priorities",
    "forbedringsomrader og anbefalinger": "recommendations", "anbefalinger": "recommendations",
    "vurderinger": "summaries", "vurdering": "summaries",
    "hvor er vi gode": "strengths", "forbedringsomrader": "improvements", "anbefalte tiltak": "actions",
    "deltakere": "participants", "oppfolging av fjorarets anbefalinger": "follow_up",
    "poengoversikt": "overview",
    "hva er den mest kritiske faktor for maloppnaelse": "critical_factors",
    "mest kritiske faktorer for a na malene": "critical_factors", "mest kritiske faktorer": "critical_factors",
    "hva er den storste utfordringen fremover for omstillingsprogrammet": "biggest_challenges",
    "storste utfordringer framover": "biggest_challenges", "storste utfordringer": "biggest_challenges",
    "var dette en nyttig gjennomgang og ser man dette som en forbedring": "usefulness",
    "nytten av gjennomgangen": "usefulness", "avsluttende runde": "closing",
    "hovedkonklusjoner og avslutning": "closing", "avslutning": "closing",
}
# Chapters of figures and furniture: recognised, not read (the figures come from the workbook).
FIGURES = {_key(s) for s in ("Innhold", "Nøkkeltall", "Porteføljeoversikt og budsjett", "Porteføljeoversikt",
                            "Portefølje", "Budsjett", "Utvikling i arbeidsplasser", "Arbeidsplasser",
                            "Per innsatsområde", "Vedlegg: Prosjektliste", "Utviklingen over år", "Om vurderingen",
                            "Periodiserte mål")}
# Sentences psvxl itself writes around the content: known, so not listed as unplaced.
BOILERPLATE = re.compile(
    r"^(Figur:|Tabellen viser|Gjennomgangen av indikatorene ga|Stikkord fra en avsluttende runde|"
    r"Ingen (punkter|tekst) registrert|Av \d+ anbefalte tiltak fra i fjor|Alle prosjekter etter status|"
    r"Støttede prosjekter|Porteføljen av støttede prosjekter|Listen viser|Oppdater innholdsfortegnelsen)", re.I)


class _Importer:
    def __init__(self, blocks: list[Block], framework: tuple[Framework, list[Indicator]],
                 program: str | None, year: int | None) -> None:
        self.blocks = blocks
        self.rules, self.known = framework
        self.by_name = {_key(i.name or i.id): i for i in self.known}
        self.groups = {_key(g.name or g.id): g.id for g in self.rules.groups}
        self.a = Assessment(program=Program(name=program, year=year))
        self.result = ImportResult(self.a)
        self.section: str | None = None
        self.indicator: Indicator | None = None
        self.theme: Theme | None = None
        self.group: str | None = None
        self.theme_group: str | None = None
        self.texts: dict[str, list[str]] = {}
        self.awaiting_total = False
        self.summary_for: Indicator | None = None
        self.follow_up_indicator: str | None = None

    # --- classification ---------------------------------------------------------------------

    def is_heading(self, i: int, b: Block) -> bool:
        if b.cells is not None or not b.text:
            return False
        if b.level is not None:
            return b.level > 0 or b.style in ("title", "tittel")
        if b.style in ("psv temagruppe",):
            return True
        if b.bold and len(b.text) <= 140 and not b.listed:
            following = self.next_text(i)
            return following is None or score_of_line(following.text) is None    # a statement is followed by its score
        return False

    def next_text(self, i: int) -> Block | None:
        return next((b for b in self.blocks[i + 1:] if b.text), None)

    # --- the walk ---------------------------------------------------------------------------

    def run(self) -> ImportResult:
        used = self.front_page()
        for i, b in enumerate(self.blocks):
            if not b.text or b.style.startswith("toc") or i in used or \
                    b.style in ("title", "subtitle", "tittel", "undertittel", "psv forside"):
                continue
            if self.heading(i, b):
                continue
            self.content(b)
        self.finish()
        return self.result

    def front_page(self) -> set[int]:
        """The programme's name, year, owner, period, date and author, from the first paragraphs.
        Returns the blocks it read."""
        p = self.a.program
        used: set[int] = set()
        for i, b in enumerate(self.blocks[:40]):
            text = b.text
            if b.style in ("title", "tittel") or (b.level == 0):
                if p.year is None and (m := _YEAR.search(text)):
                    p.year = int(m.group(0))
                if not text.lower().startswith(("programstatusvurdering", "faktagrunnlag")) and p.name is None:
                    p.name = text
            elif b.style in ("subtitle", "undertittel") and p.name is None:
                p.name = text
            elif (m := re.match(r"^(Programeier|Eier|Programperiode|Periode|Dato for vurderingen|Dato|"
                                r"Rapporten er skrevet av|Skrevet av|Prosessveileder)\s*:\s*(.+)$", text)):
                label, value = m.group(1).lower(), m.group(2).strip()
                used.add(i)
                if label in ("programeier", "eier"):
                    p.owner = value
                elif label in ("programperiode", "periode") and (years := re.findall(r"(?:19|20)\d{2}", value)):
                    p.period_start, p.period_end = int(years[0]), int(years[-1])
                elif label.startswith("dato"):
                    try:
                        p.assessment_date = cells.parse_date(value)
                    except cells.CellValueError:
                        pass
                else:
                    p.author = value
        return used

    def heading(self, i: int, b: Block) -> bool:
        if not self.is_heading(i, b):
            return False
        text = b.text.strip()
        key = _key(text)
        total = _TOTAL.match(text)
        if total:
            self.total(total.group(1))
            return True
        if b.style == "psv temagruppe" or (self.indicator is not None and key in self.theme_groups()):
            self.theme_group = text
            return True
        section = SECTIONS.get(key) or ("action_plan" if re.fullmatch(r"handlingsplan( (19|20)\d\d)?", key) else None)
        if section in ("strengths", "improvements", "actions") and self.indicator is not None:
            self.section = section
            self.theme = None
            return True
        if section is not None and section not in ("strengths", "improvements", "actions"):
            self.section, self.indicator, self.theme, self.summary_for = section, None, None, None
            return True
        if key in self.groups:
            self.group = self.groups[key]
            self.section, self.indicator, self.theme = "group", None, None
            return True
        if self.section in ("summaries", "follow_up") and b.level == 1:
            self.section = None          # a chapter heading ends the list of short assessments
        if self.section == "summaries":
            match = _DASH_TOTAL.match(text)
            self.summary_for = self.find_indicator(match.group(1) if match else text, create=True)
            return True
        if self.section == "follow_up":
            indicator = self.find_indicator(text, create=False)
            self.follow_up_indicator = indicator.id if indicator else _slug(text)
            return True
        known = self.find_indicator(text, create=False)
        top = b.level in (1,) or (b.level is None and self.indicator is None)
        if known is not None and (top or self.indicator is None or known is not self.indicator) and \
                self.has_score_ahead(i):
            self.start_indicator(known)
            return True
        if (top or self.indicator is None) and key in FIGURES:
            self.section, self.indicator, self.theme = "figures", None, None     # a chapter of figures
            return True
        if self.indicator is not None and self.section in ("indicator", "theme", "strengths", "improvements", "actions"):
            if b.level == 1 and not self.has_score_ahead(i):
                return False
            if b.level == 1:
                self.start_indicator(self.find_indicator(text, create=True))
                return True
            self.start_theme(text)
            return True
        if self.has_score_ahead(i):          # an indicator the framework does not know: the programme's own
            self.start_indicator(self.find_indicator(text, create=True))
            return True
        return False

    def has_score_ahead(self, i: int) -> bool:
        """Whether a score line follows before the next top-level heading."""
        for j in range(i + 1, len(self.blocks)):
            b = self.blocks[j]
            if score_of_line(b.text) is not None:
                return True
            if b.level == 1 or (b.level is None and b.bold and SECTIONS.get(_key(b.text)) in
                                ("summaries", "closing", "main_conclusion")):
                return False
        return False

    def theme_groups(self) -> set[str]:
        template = self.matching_template()
        return {_key(t.group) for t in template.themes if t.group} if template else set()

    def matching_template(self) -> Indicator | None:
        if self.indicator is None:
            return None
        return next((k for k in self.known if k.id == self.indicator.id), None)

    def find_indicator(self, name: str, create: bool) -> Indicator | None:
        key = _key(name)
        existing = next((i for i in self.a.indicators if _key(i.name or i.id) == key), None)
        if existing is not None or not create and key not in self.by_name:
            return existing
        template = self.by_name.get(key)
        # The framework's spelling where only the case differs («Profil og Kommunikasjon»).
        spelled = template.name if template and name.strip().casefold() == (template.name or "").casefold() else None
        indicator = Indicator(id=template.id if template else _slug(name), name=spelled or name.strip(),
                              group=template.group if template else self.group)
        ids = {i.id for i in self.a.indicators}
        while indicator.id in ids:
            indicator.id += "-2"
        self.a.indicators.append(indicator)
        return indicator

    def start_indicator(self, indicator: Indicator | None) -> None:
        self.indicator, self.theme, self.section, self.theme_group = indicator, None, "indicator", None
        if indicator is not None and self.group is not None and indicator.group is None:
            indicator.group = self.group

    def start_theme(self, title: str) -> None:
        assert self.indicator is not None
        self.theme = Theme(title=title, group=self.theme_group)
        self.indicator.themes.append(self.theme)
        self.section = "theme"

    # --- content ------------------------------------------------------------------------------

    def content(self, b: Block) -> None:
        text = b.plain
        if self.awaiting_total and (value := _number(text)) is not None:
            self.indicator_total(value)
            return
        if (total := _TOTAL.match(text)) is not None:
            self.total(total.group(1))
            return
        line = score_of_line(b.text) if b.cells is None else score_of_line(" ".join(b.cells))
        if line is not None:
            self.score(b, line[0])
            return
        if BOILERPLATE.match(text):
            return
        section = self.section
        if section == "figures" or section == "overview":
            if section == "overview" and b.cells:
                self.overview_row(b.cells)
            return
        if section == "participants" and b.cells:
            if [c.casefold() for c in b.cells[:2]] != ["navn", "rolle"]:
                self.a.program.participants.append(Participant(b.cells[0] or None, (b.cells[1] if len(b.cells) > 1 else None) or None))
            return
        if section == "follow_up" and b.cells:
            if b.cells[0].casefold() not in ("tiltak", "status"):
                if len(b.cells) >= 2 and self.follow_up_indicator:
                    self.a.previous_actions.append(PreviousAction(
                        self.follow_up_indicator, b.cells[0], b.cells[1] if b.cells[1] != "uten status" else None,
                        (b.cells[2] if len(b.cells) > 2 else None) or None))
            return
        if section in ("main_conclusion", "usefulness") and not b.listed:
            self.texts.setdefault(section, []).append(text)
            return
        if section == "action_plan":
            if b.listed:
                self.a.texts.action_plan_priorities.append(text)
            elif self.a.texts.action_plan_priorities:
                self.texts.setdefault("action_plan_closing", []).append(text)
            else:
                self.texts.setdefault("action_plan", []).append(text)
            return
        if section == "priorities":
            if b.listed:
                self.a.texts.action_plan_priorities.append(text)
            else:
                self.texts.setdefault("action_plan_closing", []).append(text)
            return
        if section in ("recommendations", "critical_factors", "biggest_challenges") and (b.listed or section != "recommendations"):
            getattr(self.a.texts, section).append(text)
            return
        if section == "summaries" and self.summary_for is not None and not b.listed:
            self.summary_for.summary = f"{self.summary_for.summary}\n\n{text}" if self.summary_for.summary else text
            return
        if self.indicator is not None:
            if self.indicator_content(b, text):
                return
        self.unplaced(b)

    def deviation(self, text: str) -> bool:
        """psvxl's note under a deviating total, with the group's reason where it gave one."""
        if not text.startswith("Snittet av temaene er") or self.indicator is None:
            return False
        if (reason := _REASON.search(text)) is not None:
            self.indicator.deviation_reason = reason.group(1).strip()
        return True

    def indicator_content(self, b: Block, text: str) -> bool:
        ind = self.indicator
        assert ind is not None
        if self.deviation(text):
            return True
        if self.section in ("strengths", "improvements", "actions"):
            if b.listed or b.style.startswith("list") or b.style == "psv tiltak":
                getattr(ind, self.section).append(text)
                return True
            return False
        if self.section == "theme" and self.theme is not None:
            theme = self.theme
            if b.listed and theme.statement is None:
                theme.questions.append(text)
                return True
            if text.lower().startswith("kommentar:"):
                theme.comment = text.split(":", 1)[1].strip()
                return True
            if theme.statement is None:
                theme.statement = text
                return True
            return False
        if self.section == "indicator":
            if b.listed or b.bold:
                # a statement or questions before any theme title: a theme without a title of its own
                self.start_theme(None)          # type: ignore[arg-type]
                return self.indicator_content(b, text)
            if b.style == "psv merknad" and ind.description:
                ind.guidance = f"{ind.guidance}\n\n{text}" if ind.guidance else text
            else:
                ind.description = f"{ind.description}\n\n{text}" if ind.description else text
            return True
        return False

    def score(self, b: Block, value: int | None) -> None:
        if self.indicator is None:
            self.unplaced(b)
            return
        if self.theme is None or self.theme.score is not None or (self.section != "theme"):
            self.start_theme(None)      # type: ignore[arg-type]
        assert self.theme is not None
        self.theme.score = value

    def total(self, rest: str) -> None:
        value = _number(rest)
        if value is None:
            self.awaiting_total = True      # «Total poengsum» with the number on the next line
        else:
            self.indicator_total(value)

    def indicator_total(self, value: float) -> None:
        self.awaiting_total = False
        if self.indicator is not None:
            self.indicator.total = value
            self.section = "after_total"

    def overview_row(self, row: list[str]) -> None:
        """Last year's total from the score overview («I fjor»), where the report shows it."""
        if len(row) >= 4 and row[0] and not row[0].endswith("(snitt)") and row[0] != "Indikator":
            indicator = self.find_indicator(row[0], create=False)
            previous = _number(row[3])
            if indicator is not None and previous is not None:
                indicator.previous_total = previous

    def unplaced(self, b: Block) -> None:
        words = " ".join(b.text.split())
        self.result.unplaced.append((b.number, words if len(words) <= 60 else words[:59] + "…"))

    def finish(self) -> None:
        texts = self.a.texts
        for key in ("main_conclusion", "action_plan", "action_plan_closing", "usefulness"):
            if key in self.texts:
                setattr(texts, key, "\n\n".join(self.texts[key]))
        from psvxl.framework import is_standard

        if not is_standard(self.rules):
            self.a.framework = self.rules          # the report was read against another framework: keep it
        for ind in self.a.indicators:
            for theme in ind.themes:
                if theme.title is None:
                    theme.title = _theme_title(ind, theme, self.known)


def _theme_title(ind: Indicator, theme: Theme, known: list[Indicator]) -> str:
    """A theme typed without a title: the framework's title for its statement, or the statement."""
    template = next((k for k in known if k.id == ind.id), None)
    if template is not None and theme.statement:
        match = next((t for t in template.themes if _key(t.statement or "") == _key(theme.statement)), None)
        if match is not None:
            return match.title or theme.statement
    return (theme.statement or "Tema")[:60]


def import_summary(result: ImportResult) -> list[str]:
    """What was found, in Norwegian lines for the command's output."""
    a = result.assessment
    scored = sum(1 for i in a.indicators for t in i.themes if t.score is not None)
    themes = sum(len(i.themes) for i in a.indicators)
    totals = sum(1 for i in a.indicators if i.total is not None)
    return [f"Fant {len(a.indicators)} indikatorer, {themes} temaer ({scored} med poeng) og {totals} totaler.",
            f"Program: {a.program.name or 'ukjent'}, år {a.program.year or 'ukjent'}."]

