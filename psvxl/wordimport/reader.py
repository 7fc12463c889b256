"""The walk through a report's blocks: each paragraph or table row goes to one place in the assessment,
or is listed as not placed. Nothing is invented: a theme, a total or a bullet exists only where the
report has one. Lookahead («is a score line coming?») is computed once, backwards, so the walk is linear.
"""

from __future__ import annotations

from psvxl import vocabulary as V
from psvxl.i18n import t
from psvxl.model import (
    Assessment,
    Framework,
    Indicator,
    Participant,
    PreviousAction,
    Program,
    Theme,
)
from psvxl.wordimport.document import Block
from psvxl.wordimport.lines import (
    ScoreLine,
    box_line,
    header_scale,
    heading_key,
    key,
    keys,
    label_rest,
    marked_row,
    score_label_line,
    value,
    year_in,
)
from psvxl.wordimport.result import UNPLACED, UNREADABLE, ImportResult, words

SECTIONS: dict[str, str] = {}
for _section, _words in (("main_conclusion", V.MAIN_CONCLUSION), ("action_plan", V.ACTION_PLAN),
                         ("priorities", V.PRIORITIES), ("recommendations", V.RECOMMENDATIONS),
                         ("summaries", V.SUMMARIES), ("participants", V.PARTICIPANTS), ("follow_up", V.FOLLOW_UP),
                         ("overview", V.OVERVIEW), ("critical_factors", V.CRITICAL_FACTORS),
                         ("biggest_challenges", V.BIGGEST_CHALLENGES), ("usefulness", V.USEFULNESS),
                         ("closing", V.CLOSING), ("about", V.ABOUT), ("contents", V.CONTENTS),
                         ("strengths", V.STRENGTHS), ("improvements", V.IMPROVEMENTS), ("actions", V.ACTIONS)):
    for _key in keys(_words):
        SECTIONS.setdefault(_key, _section)
BOX_CHARS = "☐□☒☑■"
_BOX_SET = frozenset(BOX_CHARS)
FIGURES = keys(V.KEY_FIGURES + V.PORTFOLIO + V.BUDGET + V.JOBS + V.PROJECT_LIST + V.TREND + V.PRESCORES)
LISTS = ("strengths", "improvements", "actions")
OWN_TEXT = tuple(t.casefold() for t in V.OWN_TEXT)
DEVIATION = V.DEVIATION          # the deviation note the report writes, in both målformer
REASON = V.REASON


def section_of(text: str, k: str | None = None) -> str | None:
    """The chapter or list a label names («Styrker:», «Handlingsplan 2024»), None when it names none."""
    if len(text) > 120:
        return None
    k = heading_key(text) if k is None else k
    if k in SECTIONS:
        return SECTIONS[k]
    if k in FIGURES:
        return "figures"
    first, _, rest = k.partition(" ")
    return "action_plan" if first == "handlingsplan" and rest.isdigit() and len(rest) == 4 else None


class Reader:
    def __init__(self, blocks: list[Block], framework: tuple[Framework, list[Indicator]], own: bool,
                 program: Program, cover: dict[int, str]) -> None:
        self.blocks = blocks
        self.rules, self.known = framework
        self.own = own
        self.by_name = {heading_key(i.name or i.id): i for i in self.known}
        self.groups = {heading_key(g.name or g.id): g.id for g in self.rules.groups}
        self.a = Assessment(program=program)
        self.result = ImportResult(self.a)
        self.cover = cover
        self.section: str | None = None
        self.indicator: Indicator | None = None
        self.theme: Theme | None = None
        self.theme_lined = False           # the current theme has had its score line
        self.group: str | None = None
        self.theme_group: str | None = None
        self.texts: dict[str, list[str]] = {}
        self.awaiting: Block | None = None     # «Total poengsum» alone, its number expected next
        self.awaiting_at = 0                    # its place in the ledger
        self.summary_for: Indicator | None = None
        self.follow_up_indicator: str | None = None
        self.score_table: tuple[int, int, int, int] | None = None    # (table, offset, low, high)
        self.scales: list[tuple[int, int, int]] = []      # (low, high, paragraph number) of score lines
        self.totals: list[tuple[Indicator, int]] = []        # (indicator, paragraph number)
        self.scored: list[tuple[Theme, int]] = []
        self.figures_chapter: list = [None, 0]
        self.found: dict[str, Indicator] = {}      # indicators read so far, by key
        self.ids: dict[str, int] = {}              # ids given, and how many times a base id was asked for
        self._lookahead()

    # --- lookahead, once ------------------------------------------------------------------------

    def is_score(self, b: Block) -> bool:
        if b.cells is not None:
            return header_scale(b.cells) is not None or box_line(" ".join(b.cells)) is not None or \
                (len(b.cells) > 1 and box_line(" ".join(b.cells[1:])) is not None)
        return box_line(b.text) is not None or score_label_line(b.plain) is not None or _boxed(b.text)

    def _lookahead(self) -> None:
        """score_next[i]: the next block with text is a score line; theme_ahead[i]: a score line comes
        before the next list label, total or top-level heading; score_ahead[i]: one comes before the
        next top-level heading or closing chapter."""
        n = len(self.blocks)
        self.score_next, self.theme_ahead, self.score_ahead = [False] * n, [False] * n, [False] * n
        score = theme = ahead = following_score = False
        for i in range(n - 1, -1, -1):
            self.score_next[i], self.theme_ahead[i], self.score_ahead[i] = following_score, theme, ahead
            b = self.blocks[i]
            if not b.text:
                continue
            score = self.is_score(b)
            section = section_of(b.plain, b.hkey) if b.cells is None else None
            total = b.cells is None and label_rest(b.plain, V.TOTAL) == ""
            top = b.level == 1 or section in ("summaries", "closing", "main_conclusion", "critical_factors")
            theme = score or (theme and not (section in LISTS or total or top or b.hkey in self.by_name))
            ahead = score or (ahead and not top)
            following_score = score

    # --- the walk -------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        for b in self.blocks:
            if b.text:
                where = self.place(b)
                self.result.ledger.append((b.number, where, words(b.text)))
        if self.awaiting is not None:
            self.unreadable(self.awaiting, t("import.why.total-missing"))
            self.mark_unreadable(self.awaiting_at)
        self.close_figures()
        self.finish()
        return self.result

    def place(self, b: Block) -> str:
        if self.awaiting is not None:
            label, self.awaiting = self.awaiting, None
            kind, number, _ = value(b.plain if b.cells is None else " ".join(c for c in b.cells if c))
            if kind != "bad":
                return self.set_total(number, label) or "total"
            self.unreadable(label, t("import.why.no-number", label=words(label.plain), next=words(b.text)))
            self.mark_unreadable(self.awaiting_at)
        if b.index in self.cover:
            return self.cover[b.index]
        if b.style.startswith("toc") or b.style in ("psv innhold", "toc heading"):
            return "contents"
        for step in (self.total_line, self.score_line, self.label, self.heading):
            if (where := step(b)) is not None:
                return where
        return self.content(b)

    def mark_unreadable(self, at: int) -> None:
        number, _, text = self.result.ledger[at]
        self.result.ledger[at] = (number, UNREADABLE, text)

    def unreadable(self, b: Block, why: str) -> str:
        self.result.unreadable.append((b.number, words(b.text), why))
        return UNREADABLE

    # --- totals and score lines -------------------------------------------------------------------

    def total_line(self, b: Block) -> str | None:
        if b.cells is not None:
            filled = [c for c in b.cells if c.strip()]
            rest = label_rest(filled[0], V.TOTAL) if len(filled) in (1, 2) else None
            if rest is None or rest:
                return None
            text_value = filled[1] if len(filled) == 2 else ""
        else:
            rest = label_rest(b.plain, V.TOTAL)
            if rest is None:
                return None
            colon = b.plain[:200].replace(" ", "").casefold().count(":") > 0
            if rest and not (rest[0].isdigit() or rest[0] in "–-—" or colon):
                return None          # «Total poengsum for hver indikator er …»: a sentence, not a total
            if not rest:
                if self.indicator is None:
                    return None
                self.awaiting = b        # the number comes on the next line (bold or not)
                self.awaiting_at = len(self.result.ledger)
                return "total-heading"
            text_value = rest
        if self.indicator is None:
            return UNPLACED               # a total outside any indicator: not invented onto one
        kind, number, _ = value(text_value)
        if kind == "bad":
            return self.unreadable(b, t("import.why.not-a-total", value=words(text_value)))
        return self.set_total(number, b) or "total"

    def set_total(self, number: float | None, b: Block) -> str | None:
        if self.indicator is None:
            return UNPLACED
        if self.indicator.total is not None and number is not None:
            return self.unreadable(b, t("import.why.total-twice", name=self.indicator.name, total=f"{self.indicator.total:g}"))
        self.indicator.total = number
        if number is not None:
            self.totals.append((self.indicator, b.number))
        self.section = "after_total"
        return None

    def score_line(self, b: Block) -> str | None:
        line, title = None, None
        if b.cells is not None:
            table = self.score_table
            if (header := header_scale(b.cells)) is not None:
                self.score_table = (b.table or 0, *header)
                return "score-table-heading"
            if table is not None and table[0] == b.table and len(b.cells) == table[1] + table[3] - table[2] + 1:
                line = marked_row(b.cells, table[1], table[2])
                title = b.cells[0].strip() if table[1] == 1 else None
            if line is None:
                line = box_line(" ".join(b.cells))
            if line is None and len(b.cells) > 1 and (line := box_line(" ".join(b.cells[1:]))) is not None:
                title = b.cells[0].strip()
        else:
            line = box_line(b.text) or score_label_line(b.plain)
        if line is None:
            if self.indicator is not None and _boxed(b.text):
                return self.unreadable(b, t("import.why.score-line-broken"))
            return None
        if title and key(title) in keys(V.SCORE + V.THEME_HEADER):
            title = None
        return self.score(b, line, title or None)

    def score(self, b: Block, line: ScoreLine, title: str | None) -> str:
        if self.indicator is None:
            return UNPLACED
        if line.low is not None and line.high is not None:
            self.scales.append((line.low, line.high, b.number))
        if line.bad:
            return self.unreadable(b, line.bad)
        theme = self.theme
        if title is None and theme is not None and self.theme_lined and self.section == "theme":
            return self.unreadable(b, t("import.why.score-line-again"))
        fits = theme is not None and not self.theme_lined and self.section == "theme" and \
            (title is None or theme.title is None or key(theme.title) == key(title))
        if not fits and title is None:       # a theme named «Tema» would be invented
            return self.unreadable(b, t("import.why.score-without-theme"))
        if not fits:
            self.start_theme(title)
        elif title is not None and theme is not None and theme.title is None:
            theme.title = title
        assert self.theme is not None
        self.theme.score = line.score
        self.theme_lined = True
        if line.score is not None:
            self.scored.append((self.theme, b.number))
        return "score"

    # --- labels and headings ----------------------------------------------------------------------

    def label(self, b: Block) -> str | None:
        if b.cells is not None or b.listed and not b.bold:
            return None
        section = section_of(b.plain, b.hkey)
        if section is None:
            return None
        if section == "figures" and (self.score_ahead[b.index] and b.hkey in self.by_name or
                                     self.indicator is not None and self.theme_ahead[b.index]):
            return None                     # the indicator «Portefølje», the theme «Porteføljeoversikt»
        if section == "recommendations" and self.indicator is not None and key(b.plain) == "anbefalinger":
            section = "actions"             # «Anbefalinger» inside an indicator: its recommended actions
        if section in LISTS and section != "actions" or (section == "actions" and key(b.plain) != "anbefalinger"):
            if self.indicator is None:
                return None if b.level is None and not b.bold and not b.plain.endswith(":") else UNPLACED
            self.section, self.theme = section, None
            return "heading"
        if section == "actions" and self.indicator is not None:        # «Anbefalinger» inside an indicator
            self.section, self.theme = "actions", None
            return "heading"
        if section == "actions":
            section = "recommendations"
        self.close_figures()
        if section == "figures":
            self.figures_chapter = [b.plain, 0]
        self.section, self.indicator, self.theme, self.summary_for = section, None, None, None
        if section == "action_plan" and self.a.program.year is None and (year := year_in(b.plain)):
            self.a.program.year = year
        return "heading"

    def is_heading(self, b: Block) -> bool:
        if b.cells is not None or not b.text:
            return False
        if b.level is not None:
            return b.level > 0 or b.style in ("title", "tittel")
        if b.style == "psv temagruppe":
            return True
        if b.bold and len(b.text) <= 140 and not b.listed:
            return not self.score_next[b.index]        # a bold statement is followed by its score line
        # «1. Profil og kommunikasjon» typed in bold: a numbered heading when the framework knows the name
        return b.bold and b.listed and b.hkey in self.by_name and self.score_ahead[b.index]

    def heading(self, b: Block) -> str | None:
        if not self.is_heading(b):
            return None
        text = b.plain
        k = b.hkey
        if b.style == "psv temagruppe" or (self.indicator is not None and k in self.theme_groups()):
            self.theme_group = text
            return "theme-group"
        if k in self.groups:
            self.close_figures()
            self.group = self.groups[k]
            self.section, self.indicator, self.theme = "group", None, None
            return "indicator-group"
        if self.section in ("summaries", "follow_up") and b.level == 1:
            self.section = None          # a chapter heading ends the list of short assessments
        if self.section == "summaries":
            name, dash, _ = text.rpartition(" – ")
            self.summary_for = self.find_indicator(name if dash else text, create=True)
            return "summary-heading"
        if self.section == "follow_up":
            indicator = self.find_indicator(text, create=False)
            self.follow_up_indicator = indicator.id if indicator else _slug(text)
            return "follow-up-heading"
        return self.indicator_heading(b, text, k)

    def indicator_heading(self, b: Block, text: str, k: str) -> str | None:
        i = b.index
        known = self.find_indicator(text, create=False, k=k)
        top = b.level == 1 or (b.level is None and self.indicator is None)
        if known is not None and known is not self.indicator and self.score_ahead[i]:
            self.close_figures()
            self.start_indicator(known)
            return "indicator"
        if self.indicator is not None and self.section == "after_total" and self.score_ahead[i]:
            self.start_indicator(self.find_indicator(text, create=True))
            return "indicator-own"
        if self.indicator is not None and self.section in ("indicator", "theme") + LISTS:
            if self.theme_ahead[i] and b.level != 1:
                self.start_theme(text)
                return "theme"
            if self.section in LISTS:
                self.section = "unknown"     # a list under a title psvxl does not know: listed, not guessed
            return None
        if (top or self.indicator is None) and self.score_ahead[i] and self.section != "figures":
            self.close_figures()          # an indicator the framework does not know: the programme's own
            self.start_indicator(self.find_indicator(text, create=True))
            return "indicator-own"
        return None

    def theme_groups(self) -> set[str]:
        template = next((k for k in self.known if self.indicator and k.id == self.indicator.id), None)
        return {heading_key(t.group) for t in template.themes if t.group} if template else set()

    def find_indicator(self, name: str, create: bool, k: str | None = None) -> Indicator | None:
        k = heading_key(name) if k is None else k
        existing = self.found.get(k)
        if existing is not None or not create and k not in self.by_name:
            return existing
        template = self.by_name.get(k)
        # The framework's spelling where only the case differs («Profil og Kommunikasjon»).
        spelled = template.name if template and name.strip().casefold() == (template.name or "").casefold() else None
        indicator = Indicator(id=template.id if template else _slug(name), name=spelled or name.strip(),
                              group=template.group if template else self.group)
        base, count = indicator.id, self.ids.get(indicator.id, 0)
        while indicator.id in self.ids:
            count += 1
            indicator.id = f"{base}-{count + 1}"
        self.ids[base] = count
        self.ids.setdefault(indicator.id, 0)
        self.found[k] = indicator
        self.a.indicators.append(indicator)
        return indicator

    def start_indicator(self, indicator: Indicator | None) -> None:
        self.indicator, self.theme, self.section, self.theme_group = indicator, None, "indicator", None
        if indicator is not None and self.group is not None and indicator.group is None:
            indicator.group = self.group

    def start_theme(self, title: str | None) -> None:
        assert self.indicator is not None
        self.theme = Theme(title=title, group=self.theme_group)
        self.indicator.themes.append(self.theme)
        self.section, self.theme_lined = "theme", False

    def close_figures(self) -> None:
        title, count = self.figures_chapter
        if title is not None and self.own:
            self.result.skipped.append((title, count))
        self.figures_chapter = [None, 0]

    # --- content ----------------------------------------------------------------------------------

    def content(self, b: Block) -> str:
        text = b.plain
        if self.own and text[:60].casefold().startswith(OWN_TEXT):
            return "psvxl-text"
        section = self.section
        if section == "figures" and self.own:
            self.figures_chapter[1] += 1
            return "figures"
        if section == "overview" and self.own:
            return self.overview_row(b.cells) if b.cells else "psvxl-text"
        if section in ("participants", "follow_up") and b.cells:
            return self.table_row(section, b.cells)
        if section == "participants" and b.listed:          # «• Kari Nordvik, styreleder»
            name, _, role = b.plain.partition(",") if "," in b.plain else b.plain.partition(" – ")
            self.a.program.participants.append(Participant(name.strip() or None, role.strip() or None))
            return "participant"
        if section in ("about",) and self.own:
            return "psvxl-text"
        if b.level is not None and b.level > 0:
            return UNPLACED                # a heading nothing took is never read as text
        return self.text_content(b, text, section) or UNPLACED

    def table_row(self, section: str, cells: list[str]) -> str:
        """A participant or a followed-up action; every cell with text goes somewhere (extra cells are
        joined into the last field rather than dropped)."""
        if section == "participants":
            if tuple(c.casefold() for c in cells[:2]) in V.PARTICIPANT_HEADERS:
                return "table-heading"
            role = ", ".join(c for c in cells[1:] if c)
            self.a.program.participants.append(Participant(cells[0] or None, role or None))
            return "participant"
        if cells[0].casefold() in V.FOLLOW_UP_HEADERS:
            return "table-heading"
        if len(cells) >= 2 and self.follow_up_indicator:
            comment = " ".join(c for c in cells[2:] if c)
            self.a.previous_actions.append(PreviousAction(
                self.follow_up_indicator, cells[0], cells[1] if cells[1] != "uten status" else None, comment or None))
            return "follow-up"
        return UNPLACED

    def text_content(self, b: Block, text: str, section: str | None) -> str | None:
        if b.cells is not None and section not in LISTS:
            return None
        if section in ("main_conclusion", "usefulness") and not b.listed:
            self.texts.setdefault(section, []).append(text)
            return section
        if section in ("action_plan", "priorities"):
            if b.listed:
                self.a.texts.action_plan_priorities.append(text)
                return "priority"
            closing = self.a.texts.action_plan_priorities or section == "priorities"
            self.texts.setdefault("action_plan_closing" if closing else "action_plan", []).append(text)
            return "action-plan"
        if section in ("recommendations", "critical_factors", "biggest_challenges") and b.listed:
            getattr(self.a.texts, section).append(text)
            return section
        if section == "summaries" and self.summary_for is not None and not b.listed:
            s = self.summary_for
            s.summary = f"{s.summary}\n\n{text}" if s.summary else text
            return "summary"
        if self.indicator is not None:
            return self.indicator_content(b, text)
        return None

    def indicator_content(self, b: Block, text: str) -> str | None:
        ind = self.indicator
        assert ind is not None
        if text.startswith(DEVIATION):
            reason = next((text.partition(r)[2].strip() for r in REASON if r in text), "")
            if reason:
                ind.deviation_reason = reason
            return "deviation"
        if self.section in LISTS:
            if b.listed or b.style == "psv tiltak" or (b.cells is not None and len([c for c in b.cells if c]) == 1):
                getattr(ind, self.section).append(text if b.cells is None else next(c for c in b.cells if c))
                return self.section
            return None
        if self.section == "theme" and self.theme is not None:
            return self.theme_content(b, text, self.theme)
        if self.section == "indicator":
            if (b.listed or b.bold) and self.theme_ahead[b.index]:
                self.start_theme(None)          # a statement or questions before a theme title of its own
                return self.theme_content(b, text, self.theme)
            if b.listed or b.bold:
                return None
            if b.style == "psv merknad" and ind.description:
                ind.guidance = f"{ind.guidance}\n\n{text}" if ind.guidance else text
                return "guidance"
            ind.description = f"{ind.description}\n\n{text}" if ind.description else text
            return "description"
        return None

    def theme_content(self, b: Block, text: str, theme: Theme | None) -> str | None:
        assert theme is not None
        if self.theme_lined:
            if (rest := label_rest(text, V.COMMENT)) is not None and theme.comment is None:
                theme.comment = rest
                return "comment"
            return None
        if b.listed and theme.statement is None:
            theme.questions.append(text)
            return "question"
        if theme.statement is None and self.theme_ahead[b.index]:
            theme.statement = text
            return "statement"
        return None

    def overview_row(self, row: list[str]) -> str:
        """Last year's total from the score overview («I fjor»), where the report shows it."""
        if len(row) >= 4 and row[0] and not row[0].endswith("(snitt)") and row[0] != "Indikator":
            indicator = self.find_indicator(row[0], create=False)
            kind, previous, _ = value(row[3])
            if indicator is not None and kind == "value":
                indicator.previous_total = previous
        return "overview"

    def finish(self) -> None:
        texts = self.a.texts
        for k in ("main_conclusion", "action_plan", "action_plan_closing", "usefulness"):
            if k in self.texts:
                setattr(texts, k, "\n\n".join(self.texts[k]))
        for ind in self.a.indicators:
            for theme in ind.themes:
                if theme.title is None:
                    theme.title = _theme_title(ind, theme, self.known)


def _boxed(text: str) -> bool:
    """Two or more boxes: meant as a score line, even where it cannot be read as one."""
    head = text[:400]
    return not _BOX_SET.isdisjoint(head) and sum(head.count(c) for c in BOX_CHARS) >= 2


def _slug(text: str) -> str:
    return "-".join(key(text).split())[:40].strip("-") or "indikator"


def _theme_title(ind: Indicator, theme: Theme, known: list[Indicator]) -> str:
    """A theme typed without a title: the framework's title for its statement, or the statement (or its
    first question), cut to 60 characters: words of the report, never a made-up name."""
    template = next((k for k in known if k.id == ind.id), None)
    if template is not None and theme.statement:
        match = next((t for t in template.themes if key(t.statement or "") == key(theme.statement)), None)
        if match is not None:
            return match.title or theme.statement
    return (theme.statement or (theme.questions[0] if theme.questions else "Tema"))[:60]
