"""The workbook layout in one place: sheets, columns, labels, kinds of value and vocabularies.

The template builder, the reader, the validator's cell addresses and the write-back all read
this module, so renaming a column label is a one-line change here. Readers find columns by
label (see `normalize_label`), never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from psvxl import i18n, units
from psvxl.i18n import t
from psvxl.model import ACTION_STATUSES, PHASES, STATUSES

# Kinds of cell value; cells.py knows how to parse each.
TEXT = "text"          # free text
LINES = "lines"        # one list item per line inside the cell
INT = "int"            # whole number (years, targets)
COUNT = "count"        # a number of jobs: passed through, the validator checks it
SCORE = "score"        # a theme score: passed through, the validator checks it
TOTAL = "total"        # an agreed total: passed through, the validator checks it
AMOUNT = "amount"      # whole kroner
DATE = "date"
BOOL = "bool"          # ja / nei
CHOICE = "choice"      # one of a vocabulary (normalised to its spelling)
LANGUAGE = "language"  # a målform: written «bokmål» or «nynorsk», held as "nb" or "nn"

# Named vocabularies. The dynamic ones are Excel defined names over a column of another sheet.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "phase": PHASES,
    "status": STATUSES,
    "action_status": ACTION_STATUSES,
    "yes_no": ("ja", "nei"),
    "language": ("bokmål", "nynorsk"),
}
# The nynorsk list values, read as the data format's (bokmål) values they stand for: «Avslutta» is
# «avsluttet», so the same data gives the same figures in either målform (keys folded, cells.choice_key).
VOCABULARY_NN: dict[str, dict[str, str]] = {
    "phase": {"hovudprosjekt": "hovedprosjekt"},
    "status": {"innvilga": "innvilget", "i gang": "pågår", "avslutta": "avsluttet", "trekt": "trukket"},
    "action_status": {"i gang": "pågår", "ikkje starta": "ikke startet", "fell bort": "utgår"},
}
# The målform's code (model.MAALFORMER) and the word the workbook writes for it.
MAALFORM_WORDS = {"nb": "bokmål", "nn": "nynorsk"}
# What a Målform cell may hold, folded (cells.choice_key): the words, the codes, «bokmal» without å.
MAALFORM_CODES = {**{word: code for code, word in MAALFORM_WORDS.items()}, "nb": "nb", "nn": "nn", "bokmal": "nb"}
FOCUS_AREA_NAME = "ListeInnsatsomrader"   # defined name: the focus areas column (not a table name:
#                                             Excel keeps table and defined names in one namespace)
INDICATOR_ID_NAME = "ListeIndikatorer"      # defined name: the indicator ids column
# The defined names in a nynorsk workbook (the constants above stay the keys of the lists they name).
DEFINED_NAMES_NN = {FOCUS_AREA_NAME: "ListeInnsatsomrade", INDICATOR_ID_NAME: "ListeIndikatorar"}


def defined_name(name: str, lang: str) -> str:
    """A defined name as a workbook of målform `lang` calls it."""
    return DEFINED_NAMES_NN.get(name, name) if lang == "nn" else name


def ascii_name(text: str) -> str:
    """A name for Excel's name box: æ, ø, å as ae, o, a (the layout's names have them in lower case only);
    no spaces."""
    return "".join(text.translate(_FOLD).split())


@dataclass(frozen=True, eq=False, repr=False)   # identity is enough; cheaper to create
class Column:
    key: str                      # the model field this column fills
    label: str                    # header text in the workbook (Norwegian)
    kind: str = TEXT
    required: bool = False
    width: float = 16
    help: str = ""                # the catalogue key of its Excel input message (max 255 characters); see help_text
    choices: str | None = None    # a key of VOCABULARIES, or a defined name above
    aliases: tuple[str, ...] = ()  # other labels accepted when reading (English, older names)
    result: bool = False          # written by recompute, never read
    formula: bool = False         # a live Excel formula, never read or written by Python
    figure: bool = False          # a text column that still feeds a figure (a project id, say)
    nn: str = ""                  # the header in nynorsk, where it differs (read as the label)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every header read for this column: bokmål, nynorsk, then the aliases."""
        return (self.label, *((self.nn,) if self.nn else ()), *self.aliases)

    def header(self, lang: str) -> str:
        """The header a workbook in målform `lang` is built with."""
        return self.nn if lang == "nn" and self.nn else self.label

    @property
    def help_text(self) -> str:
        """The input message in the current language (fields such as {min} left for the builder)."""
        return t(self.help) if self.help else ""

    @property
    def feeds_figures(self) -> bool:
        """Whether a figure depends on this column: then a missing column is an error, not a warning."""
        return self.required or self.figure or self.kind not in (TEXT, LINES)


@dataclass(frozen=True, eq=False, repr=False)
class TableSheet:
    name: str                     # sheet name
    key: str                      # what it holds, e.g. "portfolio"
    table: str                    # Excel table name
    columns: tuple[Column, ...]
    intro: str = ""               # the catalogue key of what the sheet is for
    nn: str = ""                  # the sheet's name in nynorsk, where it differs (read as its name)

    def table_name(self, lang: str) -> str:
        """The Excel table's name in a workbook of målform `lang` (letters a–z only: «Innsatsomrade»).
        Only the builder writes it: nothing reads a table by its name."""
        return ascii_name(self.nn) if lang == "nn" and self.nn else self.table

    def column(self, key: str) -> Column:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @cached_property
    def read_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not (c.result or c.formula))


@dataclass(frozen=True, eq=False, repr=False)
class Field:
    """One labelled value of the Program sheet (label in column A, value in column B)."""
    path: str                     # "program.name", "texts.main_conclusion"
    label: str
    kind: str = TEXT
    required: bool = False
    help: str = ""                # the catalogue key of its help text; see help_text
    long: bool = False            # a long text: a tall, wrapped cell
    choices: str | None = None    # a key of VOCABULARIES: the cell gets a dropdown
    nn: str = ""                  # the label in nynorsk, where it differs (read as the label)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label read for this field: bokmål, then nynorsk."""
        return (self.label, self.nn) if self.nn else (self.label,)

    def text(self, lang: str) -> str:
        """The label a workbook in målform `lang` is built with."""
        return self.nn if lang == "nn" and self.nn else self.label

    @property
    def help_text(self) -> str:
        """The help text in the current language (fields such as {min} left for the builder)."""
        return t(self.help) if self.help else ""


# --- the sheets -------------------------------------------------------------------------------

GUIDE_SHEET = "Veiledning"
PROGRAM_SHEET = "Program"
RESULTS_SHEET = "Resultater"
CONTROL_SHEET = "Kontroll"        # the Kontroller button lists its findings here
PRESCORE_SHEET = "Forhåndsvurdering"   # optional: collect-scores adds it (reading/prescore_sheet.py reads it)
PRESCORE_SHEET_NN = "Førehandsvurdering"
# Its fixed columns, then one column per participant: indicator id, theme number, theme title.
PRESCORE_LABELS = ("Indikator", "Tema nr.", "Tema")
PROGRAM_LABEL_COLUMN = 0          # A
PROGRAM_VALUE_COLUMN = 1          # B

PROGRAM_FIELDS: tuple[Field, ...] = (
    Field("program.name", "Programnavn", nn="Programnamn", required=True, help="layout.help.program.name"),
    Field("program.owner", "Programeier", nn="Programeigar", help="layout.help.program.owner"),
    Field("program.year", "Vurdert år", INT, required=True, help="layout.help.program.year"),
    Field("program.assessment_date", "Dato for PSV-møtet", DATE, required=True,
          help="layout.help.program.assessment-date"),
    Field("program.period_start", "Første programår", INT, required=True, help="layout.help.program.period-start"),
    Field("program.period_end", "Siste programår", INT, required=True, help="layout.help.program.period-end"),
    Field("program.job_target", "Mål for arbeidsplasser", INT, nn="Mål for arbeidsplassar", required=True,
          help="layout.help.program.job-target"),
    Field("program.job_target_new", "Herav nye arbeidsplasser", INT, nn="Av dette nye arbeidsplassar", help="layout.help.program.job-target-new"),
    Field("program.job_target_secured", "Herav sikrede arbeidsplasser", INT, nn="Av dette sikra arbeidsplassar",
          help="layout.help.program.job-target-secured"),
    Field("program.author", "Rapporten er skrevet av", nn="Rapporten er skriven av", help="layout.help.program.author"),
    Field("texts.main_conclusion", "Hovedkonklusjon", nn="Hovudkonklusjon", long=True,
          help="layout.help.texts.main-conclusion"),
    Field("texts.action_plan", "Handlingsplan", long=True,
          help="layout.help.texts.action-plan"),
    Field("texts.action_plan_closing", "Handlingsplan, avslutning", long=True,
          help="layout.help.texts.action-plan-closing"),
    Field("texts.usefulness", "Nytten av gjennomgangen", long=True,
          help="layout.help.texts.usefulness"),
    # The indicator framework: visible here so staff see which scale the PSV uses.
    Field("framework.name", "Rammeverk", help="layout.help.framework.name"),
    Field("framework.scale.min", "Laveste poeng", INT, nn="Lågaste poeng", help="layout.help.framework.scale.min"),
    Field("framework.scale.max", "Høyeste poeng", INT, nn="Høgaste poeng", help="layout.help.framework.scale.max"),
    Field("framework.scale.labels", "Poengskalaen", LINES,
          help="layout.help.framework.scale.labels"),
    Field("framework.total_step", "Steg for total poengsum", TOTAL,
          help="layout.help.framework.total-step"),
    Field("framework.groups", "Indikatorgrupper", LINES,
          help="layout.help.framework.groups"),
    # For the fact base: what it tells the PSV team about the programme and last year.
    Field("program.goals", "Mål for programmet", long=True,
          help="layout.help.program.goals"),
    Field("program.organisation", "Organisering og bemanning", long=True,
          help="layout.help.program.organisation"),
    Field("texts.previous_main_conclusion", "Fjorårets hovedkonklusjon", nn="Hovudkonklusjonen i fjor", long=True,
          help="layout.help.texts.previous-main-conclusion"),
    Field("texts.previous_recommendations", "Fjorårets anbefalinger", LINES, nn="Tilrådingane i fjor", long=True,
          help="layout.help.texts.previous-recommendations"),
    Field("program.language", "Målform", LANGUAGE, choices="language",
          help="layout.help.program.language"),
)


PARTICIPANTS = TableSheet("Deltakere", "participants", "Deltakere", (
    Column("name", "Navn", nn="Namn", required=True, width=30, help="layout.help.participants.name"),
    Column("role", "Rolle", width=30, help="layout.help.participants.role"),
), intro="layout.intro.participants", nn="Deltakarar")

FOCUS_AREAS = TableSheet("Innsatsområder", "focus_areas", "Innsatsomrader", (
    Column("focus_area", "Innsatsområde", required=True, width=45,
           help="layout.help.focus-areas.focus-area"),
), intro="layout.intro.focus-areas", nn="Innsatsområde")

ASSESSMENTS = TableSheet("Vurderinger", "indicators", "Vurderinger", (
    Column("id", "ID", required=True, width=16,
           help="layout.help.indicators.id"),
    Column("name", "Indikator", required=True, width=30, help="layout.help.indicators.name"),
    Column("total", "Total poengsum", TOTAL, required=True, width=12,
           help="layout.help.indicators.total"),
    Column("mean", "Snitt av temaene", nn="Snitt av temaa", width=12, formula=True,
           help="layout.help.indicators.mean"),
    Column("suggested_total", "Foreslått total", nn="Føreslått total", width=12, result=True,
           help="layout.help.indicators.suggested-total"),
    Column("deviation", "Avvik", width=22, result=True,
           help="layout.help.indicators.deviation"),
    Column("pre_mean", "Snitt før møtet", width=12, result=True,
           help="layout.help.indicators.pre-mean"),
    Column("pre_spread", "Største sprik før møtet", width=12, result=True,
           help="layout.help.indicators.pre-spread"),
    Column("deviation_reason", "Begrunnelse for avvik", nn="Grunngjeving for avvik", width=40,
           help="layout.help.indicators.deviation-reason"),
    Column("previous_total", "Fjorårets total", TOTAL, nn="Total i fjor", width=12, help="layout.help.indicators.previous-total"),
    Column("summary", "Kort vurdering", width=60, help="layout.help.indicators.summary"),
    Column("description", "Beskrivelse", nn="Skildring", width=60, help="layout.help.indicators.description"),
    Column("guidance", "Veiledning", nn="Rettleiing", width=40, help="layout.help.indicators.guidance"),
    Column("group", "Gruppe", width=14,
           help="layout.help.indicators.group"),
), intro="layout.intro.indicators", nn="Vurderingar")

INDICATORS = TableSheet("Indikatorer", "themes", "Indikatorer", (
    Column("indicator", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="layout.help.themes.indicator"),
    Column("title", "Tema", required=True, width=24, help="layout.help.themes.title"),
    Column("questions", "Veiledende spørsmål", LINES, nn="Rettleiande spørsmål", width=60,
           help="layout.help.themes.questions"),
    Column("statement", "Påstand", required=True, width=45, help="layout.help.themes.statement"),
    Column("score", "Poeng", SCORE, required=True, width=10, help="layout.help.themes.score"),
    Column("previous_score", "Fjorårets poeng", SCORE, nn="Poeng i fjor", width=10, help="layout.help.themes.previous-score"),
    Column("comment", "Kommentar", width=40, help="layout.help.themes.comment"),
    Column("group", "Temagruppe", width=18, help="layout.help.themes.group"),
), intro="layout.intro.themes", nn="Indikatorar")

POINTS = TableSheet("Vurderingspunkter", "points", "Vurderingspunkter", (
    Column("indicator", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="layout.help.points.indicator"),
    Column("strengths", "Hvor er vi gode", nn="Kvar er vi gode", width=50, help="layout.help.points.strengths"),
    Column("improvements", "Forbedringsområder", nn="Forbetringsområde", width=50, help="layout.help.points.improvements"),
    Column("actions", "Anbefalte tiltak", nn="Tilrådde tiltak", width=50, help="layout.help.points.actions"),
), intro="layout.intro.points", nn="Vurderingspunkt")

CONCLUSIONS = TableSheet("Konklusjoner", "lists", "Konklusjoner", (
    Column("action_plan_priorities", "Prioriteringer i handlingsplanen", nn="Prioriteringar i handlingsplanen", width=45,
           help="layout.help.lists.action-plan-priorities"),
    Column("recommendations", "Forbedringsområder og anbefalinger", nn="Forbetringsområde og tilrådingar", width=45,
           help="layout.help.lists.recommendations"),
    Column("critical_factors", "Mest kritiske faktorer", nn="Mest kritiske faktorar", width=45,
           help="layout.help.lists.critical-factors"),
    Column("biggest_challenges", "Største utfordringer", nn="Største utfordringar", width=45,
           help="layout.help.lists.biggest-challenges"),
), intro="layout.intro.lists", nn="Konklusjonar")

PORTFOLIO = TableSheet("Portefølje", "portfolio", "Portefolje", (
    Column("id", "Prosjekt-ID", required=True, width=13, help="layout.help.portfolio.id"),
    Column("name", "Prosjektnavn", nn="Prosjektnamn", required=True, width=36, help="layout.help.portfolio.name"),
    Column("focus_area", "Innsatsområde", CHOICE, required=True, width=24, choices=FOCUS_AREA_NAME,
           help="layout.help.portfolio.focus-area"),
    Column("phase", "Fase", CHOICE, required=True, width=14, choices="phase",
           help="layout.help.portfolio.phase"),
    Column("continues", "Viderefører prosjekt", nn="Vidarefører prosjekt", width=13, figure=True,
           help="layout.help.portfolio.continues"),
    Column("owner", "Prosjekteier", nn="Prosjekteigar", width=24, help="layout.help.portfolio.owner"),
    Column("status", "Status", CHOICE, required=True, width=12, choices="status",
           help="layout.help.portfolio.status"),
    Column("decision_date", "Vedtaksdato", DATE, required=True, width=12,
           help="layout.help.portfolio.decision-date"),
    Column("total_cost", "Totalkostnad", AMOUNT, width=14, help="layout.help.portfolio.total-cost"),
    Column("granted", "Tilsagn", AMOUNT, nn="Tilsegn", width=14, help="layout.help.portfolio.granted"),
    Column("paid", "Utbetalt", AMOUNT, width=14, help="layout.help.portfolio.paid"),
    Column("expected_new_jobs", "Forventede nye arbeidsplasser", COUNT, nn="Venta nye arbeidsplassar", width=12,
           help="layout.help.portfolio.expected-new-jobs"),
    Column("expected_secured_jobs", "Forventede sikrede arbeidsplasser", COUNT, nn="Venta sikra arbeidsplassar", width=12,
           help="layout.help.portfolio.expected-secured-jobs"),
    Column("smb_utvikling", "SMB Utvikling", BOOL, width=9, choices="yes_no",
           help="layout.help.portfolio.smb-utvikling"),
    Column("sustainability", "Bærekraft", nn="Berekraft", width=36, help="layout.help.portfolio.sustainability"),
), intro="layout.intro.portfolio")

JOBS = TableSheet("Arbeidsplasser", "jobs", "Arbeidsplasser", (
    Column("year", "År", INT, required=True, width=8, help="layout.help.jobs.year"),
    Column("project_id", "Prosjekt-ID", width=13, figure=True, help="layout.help.jobs.project-id"),
    Column("company", "Bedrift", width=30, help="layout.help.jobs.company"),
    Column("new", "Nye", COUNT, width=8, help="layout.help.jobs.new"),
    Column("secured", "Sikrede", COUNT, nn="Sikra", width=8, help="layout.help.jobs.secured"),
    Column("verified", "Verifisert", BOOL, width=10, choices="yes_no", help="layout.help.jobs.verified"),
    Column("source", "Kilde", nn="Kjelde", width=16, help="layout.help.jobs.source"),
    Column("comment", "Kommentar", width=36, help="layout.help.jobs.comment"),
), intro="layout.intro.jobs", nn="Arbeidsplassar")

JOB_TARGETS = TableSheet("Arbeidsplassmål", "job_targets", "Arbeidsplassmal", (
    Column("year", "År", INT, required=True, width=8, help="layout.help.job-targets.year"),
    Column("focus_area", "Innsatsområde", CHOICE, width=24, choices=FOCUS_AREA_NAME,
           help="layout.help.job-targets.focus-area"),
    Column("new", "Nye", COUNT, width=8, help="layout.help.job-targets.new"),
    Column("secured", "Sikrede", COUNT, nn="Sikra", width=8, help="layout.help.job-targets.secured"),
), intro="layout.intro.job-targets")

BUDGET = TableSheet("Budsjett", "budget", "Budsjett", (
    Column("year", "År", INT, required=True, width=8, help="layout.help.budget.year"),
    Column("frame", "Ramme", AMOUNT, required=True, width=15,
           help="layout.help.budget.frame"),
    Column("admin", "Administrasjon", AMOUNT, width=15, help="layout.help.budget.admin"),
    Column("note", "Merknad", width=40, help="layout.help.budget.note"),
), intro="layout.intro.budget")

PREVIOUS_ACTIONS = TableSheet("Oppfølging", "previous_actions", "Oppfolging", (
    Column("indicator_id", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="layout.help.previous-actions.indicator-id"),
    Column("text", "Fjorårets anbefalte tiltak", nn="Tilrådde tiltak i fjor", required=True, width=60, help="layout.help.previous-actions.text"),
    Column("status", "Status", CHOICE, width=14, choices="action_status",
           help="layout.help.previous-actions.status"),
    Column("comment", "Kommentar", width=40, help="layout.help.previous-actions.comment"),
), intro="layout.intro.previous-actions")

HISTORY = TableSheet("Historikk", "history", "Historikk", (
    Column("year", "År", INT, required=True, width=8, help="layout.help.history.year"),
    Column("indicator_id", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="layout.help.history.indicator-id"),
    Column("total", "Total poengsum", TOTAL, required=True, width=12,
           help="layout.help.history.total"),
), intro="layout.intro.history")

TABLE_SHEETS: tuple[TableSheet, ...] = (
    PARTICIPANTS, FOCUS_AREAS, ASSESSMENTS, INDICATORS, POINTS, CONCLUSIONS,
    PORTFOLIO, JOBS, JOB_TARGETS, BUDGET, PREVIOUS_ACTIONS, HISTORY,
)
SHEET_ORDER: tuple[str, ...] = (
    GUIDE_SHEET, PROGRAM_SHEET, PARTICIPANTS.name, FOCUS_AREAS.name, INDICATORS.name, ASSESSMENTS.name,
    POINTS.name, CONCLUSIONS.name, PORTFOLIO.name, JOBS.name, JOB_TARGETS.name, BUDGET.name,
    PREVIOUS_ACTIONS.name, HISTORY.name, RESULTS_SHEET, CONTROL_SHEET,
)
# Every sheet whose data feeds a figure or the report: a workbook must have each of them (a sheet
# that is renamed or deleted is an error, never an empty table and a figure computed from nothing).
DATA_SHEETS: tuple[str, ...] = (PROGRAM_SHEET, *(spec.name for spec in TABLE_SHEETS))
REQUIRED_SHEETS = DATA_SHEETS
# The sheets a message may name by placeholder ({ASSESSMENTS} in the catalogue), and their layout names.
MESSAGE_SHEETS = {"ASSESSMENTS": ASSESSMENTS.name, "INDICATORS": INDICATORS.name, "POINTS": POINTS.name,
                  "FOCUS_AREAS": FOCUS_AREAS.name, "BUDGET": BUDGET.name}
# The sheets' names in nynorsk (table sheets carry theirs as `nn`): a sheet named either way is the sheet.
SHEET_NAMES_NN: dict[str, str] = {GUIDE_SHEET: "Rettleiing", RESULTS_SHEET: "Resultat", PRESCORE_SHEET: PRESCORE_SHEET_NN,
                                  **{spec.name: spec.nn for spec in TABLE_SHEETS if spec.nn}}


def sheet_name(name: str, lang: str | None = None) -> str:
    """A layout sheet's name as a workbook in målform `lang` (default: the current language) spells it:
    «Vurderingar» in nynorsk, «Vurderinger» in bokmål (and in English messages, which name the sheets
    as the bokmål workbook does)."""
    return SHEET_NAMES_NN.get(name, name) if (lang or i18n.language()) == "nn" else name


def word_in(text: str, lang: str) -> str:
    """A column header, Program label or list value of the layout as a workbook in målform `lang` writes
    it: «Programnavn» is «Programnamn» and «avsluttet» «avslutta» in nynorsk; any other text as it is."""
    return _nn_words().get(text, text) if lang == "nn" else text


@lru_cache(maxsize=1)
def _nn_words() -> dict[str, str]:
    words = {c.label: c.nn for spec in TABLE_SHEETS for c in spec.columns if c.nn}
    words |= {f.label: f.nn for f in PROGRAM_FIELDS if f.nn}
    words |= {nb: nn for values in VOCABULARY_NN.values() for nn, nb in values.items()}
    return words


def spelling_of(names: list[str]) -> str:
    """The målform a workbook's sheet names are spelled in: nynorsk when more of its layout sheets have
    their nynorsk name than their bokmål one."""
    spelled = {normalize_label(name) for name in names}
    nynorsk = sum(normalize_label(nn) in spelled for nn in SHEET_NAMES_NN.values())
    bokmaal = sum(normalize_label(nb) in spelled for nb in SHEET_NAMES_NN)
    return "nn" if nynorsk > bokmaal else "nb"


def same_sheet(name: object, other: object) -> bool:
    """Whether two sheet names are the same sheet: spacing, case and målform aside."""
    return sheet_key(name) == sheet_key(other)


def choice_values(choices: str, lang: str) -> tuple[str, ...]:
    """A vocabulary's values as a workbook in målform `lang` offers them in its dropdown."""
    return tuple(choice_word(choices, value, lang) for value in VOCABULARIES[choices])


def choice_word(choices: str, value: str, lang: str) -> str:
    """A data-format (bokmål) list value as a workbook in målform `lang` writes it: «avslutta» in nynorsk."""
    if lang != "nn":
        return value
    return next((nn for nn, nb in VOCABULARY_NN.get(choices, {}).items() if nb == value), value)

# The result area of the result sheet: recompute and the Beregn button clear and write exactly these
# columns (A..H, every row); whatever else the user put on the sheet stays. Column AA holds the
# hidden style samples (one cell per style, rows 1..n) that both writers reuse.
RESULT_FIRST_COLUMN = 0   # A
RESULT_LAST_COLUMN = 7    # H
STYLE_COLUMN = 26         # AA

HEADER_SEARCH_ROWS = 10   # the header row of a table sheet is looked for in the first rows

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
# Unit decorations people add to headers: "Tilsagn kr", "Utbetalt, kr", "Ramme (NOK)".
_UNIT_WORDS = (("i", "hele", "kroner"), ("i", "kr"), ("kr",), ("nok",), ("kroner",))
# One bracket pair without brackets inside: linear (".*?" from every "(" of "((((…" was quadratic).
_HINT = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@lru_cache(maxsize=4096, typed=True)     # headers, sheet names and Program labels repeat: each is folded once
def _label_words(text: object) -> tuple[str, ...]:
    return tuple(_words(text))


def label_words(text: object) -> list[str]:
    """See `_words`; cached."""
    try:
        return list(_label_words(text))
    except TypeError:           # an unhashable value (never from a workbook)
        return _words(text)


def _words(text: object) -> list[str]:
    """The words of a header or sheet name: case, punctuation, æ/ø/å as ae/o/a, "(1–6)" hints and
    trailing unit words ("kr", "NOK") dropped, so «Utbetalt, kr» has the words of «Utbetalt»."""
    s = units.strip_unit(str(text)).translate(_FOLD)     # folded: case, invisible characters, spacing
    s = _HINT.sub(" ", s)
    words = re.sub(r"[^\w]+", " ", s).split()
    kept = len(words)
    while kept and (unit := next((u for u in _UNIT_WORDS if tuple(words[max(kept - len(u), 0):kept]) == u), None)):
        kept -= len(unit)       # trailing unit words, one at a time (a pattern with "(…)+$" backtracks)
    return words[:kept] or words


def normalize_label(text: object) -> str:
    """A header or sheet name reduced for matching (see `label_words`); spacing is ignored too, so
    «Total kostnad» is «Totalkostnad» and «Prosjekt ID» is «Prosjekt-ID»."""
    try:
        return _normalized(text)
    except TypeError:
        return "".join(_words(text))


@lru_cache(maxsize=4096, typed=True)
def _normalized(text: object) -> str:
    return "".join(_label_words(text))


def sheet_key(name: object) -> str:
    """A sheet name reduced for matching (`normalize_label`), a nynorsk name as its bokmål one:
    «Vurderingar» has the key of «Vurderinger»."""
    key = normalize_label(name)
    return _NN_SHEET_KEYS().get(key, key)


@lru_cache(maxsize=1)
def _NN_SHEET_KEYS() -> dict[str, str]:
    return {normalize_label(nn): normalize_label(nb) for nb, nn in SHEET_NAMES_NN.items()}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(row: int, col: int) -> str:
    """Zero-based row and column to an A1 address."""
    return f"{column_letter(col)}{row + 1}"


_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def parse_address(address: str | None) -> tuple[int, int] | None:
    """An A1 address to zero-based (row, column): "B3" -> (2, 1). None when it is not one."""
    match = _A1.match(address or "")
    if not match:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1
