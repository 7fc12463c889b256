"""The workbook layout in one place: sheets, columns, labels, kinds of value and vocabularies.

The template builder, the reader, the validator's cell addresses and the write-back all read
this module, so renaming a column label is a one-line change here. Readers find columns by
label (see `normalize_label`), never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from psvxl import units
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


@dataclass(frozen=True, eq=False, repr=False)   # identity is enough; cheaper to create
class Column:
    key: str                      # the model field this column fills
    label: str                    # header text in the workbook (Norwegian)
    kind: str = TEXT
    required: bool = False
    width: float = 16
    help: str = ""                # Excel input message (max 255 characters)
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
    intro: str = ""
    nn: str = ""                  # the sheet's name in nynorsk, where it differs (read as its name)

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
    help: str = ""
    long: bool = False            # a long text: a tall, wrapped cell
    choices: str | None = None    # a key of VOCABULARIES: the cell gets a dropdown
    nn: str = ""                  # the label in nynorsk, where it differs (read as the label)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label read for this field: bokmål, then nynorsk."""
        return (self.label, self.nn) if self.nn else (self.label,)


# --- the sheets -------------------------------------------------------------------------------

GUIDE_SHEET = "Veiledning"
PROGRAM_SHEET = "Program"
RESULTS_SHEET = "Resultater"
CONTROL_SHEET = "Kontroll"        # the Kontroller button lists its findings here
PROGRAM_LABEL_COLUMN = 0          # A
PROGRAM_VALUE_COLUMN = 1          # B

PROGRAM_FIELDS: tuple[Field, ...] = (
    Field("program.name", "Programnavn", nn="Programnamn", required=True, help="Navnet på omstillingsprogrammet."),
    Field("program.owner", "Programeier", nn="Programeigar", help="Kommunen eller regionen som eier programmet."),
    Field("program.year", "Vurdert år", INT, required=True, help="Året som vurderes, f.eks. 2024."),
    Field("program.assessment_date", "Dato for PSV-møtet", DATE, required=True,
          help="Datoen for vurderingsmøtet, f.eks. 15.10.2024. «Hittil i år»-tall gjelder per denne datoen."),
    Field("program.period_start", "Første programår", INT, required=True, help="Første år i programperioden."),
    Field("program.period_end", "Siste programår", INT, required=True, help="Siste år i programperioden."),
    Field("program.job_target", "Mål for arbeidsplasser", INT, nn="Mål for arbeidsplassar", required=True,
          help="Brutto antall nye og sikrede arbeidsplasser som er målet for hele perioden."),
    Field("program.job_target_new", "Herav nye arbeidsplasser", INT, nn="Av dette nye arbeidsplassar", help="Valgfritt: delmål for nye arbeidsplasser."),
    Field("program.job_target_secured", "Herav sikrede arbeidsplasser", INT, nn="Av dette sikra arbeidsplassar",
          help="Valgfritt: delmål for sikrede arbeidsplasser."),
    Field("program.author", "Rapporten er skrevet av", nn="Rapporten er skriven av", help="Navn på den som skriver rapporten (prosessveileder)."),
    Field("texts.main_conclusion", "Hovedkonklusjon", nn="Hovudkonklusjon", long=True,
          help="Hovedkonklusjonen i rapporten. Skill avsnitt med en tom linje (Alt+Enter to ganger)."),
    Field("texts.action_plan", "Handlingsplan", long=True,
          help="Det daglig leder presenterte om handlingsplanen. Prioriteringene føres på arket Konklusjoner."),
    Field("texts.action_plan_closing", "Handlingsplan, avslutning", long=True,
          help="Valgfritt: tekst som står etter prioriteringene, f.eks. hva styret tar med seg videre."),
    Field("texts.usefulness", "Nytten av gjennomgangen", long=True,
          help="Avslutningsrunden: var gjennomgangen nyttig?"),
    # The indicator framework: visible here so staff see which scale the PSV uses.
    Field("framework.name", "Rammeverk", help="Navnet på indikatorsettet (rammeverket) som brukes."),
    Field("framework.scale.min", "Laveste poeng", INT, nn="Lågaste poeng", help="Laveste poeng på skalaen, vanligvis 1."),
    Field("framework.scale.max", "Høyeste poeng", INT, nn="Høgaste poeng", help="Høyeste poeng på skalaen, f.eks. 6 eller 5."),
    Field("framework.scale.labels", "Poengskalaen", LINES,
          help="Hva poengene betyr, ett per linje: «1 = stemmer ikke i det hele tatt»."),
    Field("framework.total_step", "Steg for total poengsum", TOTAL,
          help="Totalene settes i steg på dette, f.eks. 0,5 (4 eller 4,5) eller 1."),
    Field("framework.groups", "Indikatorgrupper", LINES,
          help="Valgfritt: grupper av indikatorer, én per linje: «prosess = Prosessindikatorer»."),
    # For the fact base: what it tells the PSV team about the programme and last year.
    Field("program.goals", "Mål for programmet", long=True,
          help="Valgfritt: programmets mål utover arbeidsplassene, slik omstillingsplanen sier dem."),
    Field("program.organisation", "Organisering og bemanning", long=True,
          help="Valgfritt: styret, administrasjonen og stillingene i programmet."),
    Field("texts.previous_main_conclusion", "Fjorårets hovedkonklusjon", nn="Hovudkonklusjonen i fjor", long=True,
          help="Fylles av «psvxl new --from» med fjorårets hovedkonklusjon. Vises i faktagrunnlaget."),
    Field("texts.previous_recommendations", "Fjorårets anbefalinger", LINES, nn="Tilrådingane i fjor", long=True,
          help="Fylles av «psvxl new --from» med fjorårets anbefalinger, én per linje. Vises i faktagrunnlaget."),
    Field("program.language", "Målform", LANGUAGE, choices="language",
          help="bokmål eller nynorsk: språket i rapporten, faktagrunnlaget og meldingene fra psvxl."),
)


PARTICIPANTS = TableSheet("Deltakere", "participants", "Deltakere", (
    Column("name", "Navn", nn="Namn", required=True, width=30, help="Navn på deltakeren i PSV-møtet."),
    Column("role", "Rolle", width=30, help="F.eks. styreleder, daglig leder, observatør fra Innovasjon Norge."),
), intro="Deltakerne i PSV-møtet, én per rad.", nn="Deltakarar")

FOCUS_AREAS = TableSheet("Innsatsområder", "focus_areas", "Innsatsomrader", (
    Column("focus_area", "Innsatsområde", required=True, width=45,
           help="Ett innsatsområde per rad, i rekkefølgen fra omstillingsplanen."),
), intro="Programmets innsatsområder. Listen brukes i nedtrekkslistene på Portefølje og Arbeidsplassmål.", nn="Innsatsområde")

ASSESSMENTS = TableSheet("Vurderinger", "indicators", "Vurderinger", (
    Column("id", "ID", required=True, width=16,
           help="Kort, fast nøkkel for indikatoren (f.eks. profil). Brukes på arkene Indikatorer og Vurderingspunkter."),
    Column("name", "Indikator", required=True, width=30, help="Navnet på indikatoren slik det står i rapporten."),
    Column("total", "Total poengsum", TOTAL, required=True, width=12,
           help="Gruppens omforente karakter, {min}–{max} i steg på {step}. Den overskrives aldri."),
    Column("mean", "Snitt av temaene", nn="Snitt av temaa", width=12, formula=True,
           help="Regnes ut av Excel: snittet av poengene på arket Indikatorer."),
    Column("suggested_total", "Foreslått total", nn="Føreslått total", width=12, result=True,
           help="Fylles av Beregn: snittet avrundet til nærmeste {step}."),
    Column("deviation", "Avvik", width=22, result=True,
           help="Fylles av Beregn: total minus snitt. Avvik på 1 eller mer bør begrunnes i vurderingen."),
    Column("pre_mean", "Snitt før møtet", width=12, result=True,
           help="Fylles av Beregn: snittet av deltakernes egne poeng før møtet (arket Forhåndsvurdering)."),
    Column("pre_spread", "Største sprik før møtet", width=12, result=True,
           help="Fylles av Beregn: største sprik (høyeste minus laveste egne poeng) i et av temaene. "
                "2 eller mer: drøft først."),
    Column("deviation_reason", "Begrunnelse for avvik", nn="Grunngjeving for avvik", width=40,
           help="Valgfritt: hvorfor totalen avviker fra snittet. Rapporten siterer den."),
    Column("previous_total", "Fjorårets total", TOTAL, nn="Total i fjor", width=12, help="Fjorårets omforente karakter, hvis kjent."),
    Column("summary", "Kort vurdering", width=60, help="Kort vurdering av indikatoren til kapitlet Vurderinger."),
    Column("description", "Beskrivelse", nn="Skildring", width=60, help="Hva indikatoren skal vurdere."),
    Column("guidance", "Veiledning", nn="Rettleiing", width=40, help="Valgfri tekst som vises etter beskrivelsen."),
    Column("group", "Gruppe", width=14,
           help="Valgfritt: indikatorgruppen (ID fra «Indikatorgrupper» på arket Program), f.eks. prosess."),
), intro="Én rad per indikator: gruppens omforente total og en kort vurdering.", nn="Vurderingar")

INDICATORS = TableSheet("Indikatorer", "themes", "Indikatorer", (
    Column("indicator", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="Indikatorens ID fra arket Vurderinger."),
    Column("title", "Tema", required=True, width=24, help="Temaets tittel."),
    Column("questions", "Veiledende spørsmål", LINES, nn="Rettleiande spørsmål", width=60,
           help="Ett spørsmål per linje (Alt+Enter gir ny linje i cellen)."),
    Column("statement", "Påstand", required=True, width=45, help="Påstanden som gis poeng."),
    Column("score", "Poeng", SCORE, required=True, width=10, help="Poeng {min}–{max}: {labels}."),
    Column("previous_score", "Fjorårets poeng", SCORE, nn="Poeng i fjor", width=10, help="Fjorårets poeng, hvis kjent ({min}–{max})."),
    Column("comment", "Kommentar", width=40, help="Valgfri kommentar til poengsummen."),
    Column("group", "Temagruppe", width=18, help="Valgfritt: en underoverskrift som samler temaer i kapitlet."),
), intro="Én rad per tema. Gi hver påstand poeng fra {min} til {max}.", nn="Indikatorar")

POINTS = TableSheet("Vurderingspunkter", "points", "Vurderingspunkter", (
    Column("indicator", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="Indikatorens ID fra arket Vurderinger."),
    Column("strengths", "Hvor er vi gode", nn="Kvar er vi gode", width=50, help="Ett punkt per rad: hva fungerer godt."),
    Column("improvements", "Forbedringsområder", nn="Forbetringsområde", width=50, help="Ett punkt per rad: hva kan bli bedre."),
    Column("actions", "Anbefalte tiltak", nn="Tilrådde tiltak", width=50, help="Ett punkt per rad: tiltak gruppen anbefaler."),
), intro="Punktlister per indikator, ett punkt per celle. Sett inn flere rader ved behov.", nn="Vurderingspunkt")

CONCLUSIONS = TableSheet("Konklusjoner", "lists", "Konklusjoner", (
    Column("action_plan_priorities", "Prioriteringer i handlingsplanen", nn="Prioriteringar i handlingsplanen", width=45,
           help="Ett punkt per rad: prioriteringene i handlingsplanen."),
    Column("recommendations", "Forbedringsområder og anbefalinger", nn="Forbetringsområde og tilrådingar", width=45,
           help="Ett punkt per rad: gruppens anbefalinger til programmet."),
    Column("critical_factors", "Mest kritiske faktorer", nn="Mest kritiske faktorar", width=45,
           help="Avslutningsrunden: den mest kritiske faktoren for å nå målene."),
    Column("biggest_challenges", "Største utfordringer", nn="Største utfordringar", width=45,
           help="Avslutningsrunden: den største utfordringen framover."),
), intro="Punktlister til rapportens konklusjoner, ett punkt per celle.", nn="Konklusjonar")

PORTFOLIO = TableSheet("Portefølje", "portfolio", "Portefolje", (
    Column("id", "Prosjekt-ID", required=True, width=13, help="Unik ID for prosjektet, f.eks. P-2024-03."),
    Column("name", "Prosjektnavn", nn="Prosjektnamn", required=True, width=36, help="Prosjektets navn slik det skal stå i rapporten."),
    Column("focus_area", "Innsatsområde", CHOICE, required=True, width=24, choices=FOCUS_AREA_NAME,
           help="Velg et av programmets innsatsområder (arket Innsatsområder)."),
    Column("phase", "Fase", CHOICE, required=True, width=14, choices="phase",
           help="forstudie, forprosjekt, hovedprosjekt eller tiltak."),
    Column("continues", "Viderefører prosjekt", nn="Vidarefører prosjekt", width=13, figure=True,
           help="ID-en til prosjektet dette viderefører (f.eks. forprosjektet til et hovedprosjekt)."),
    Column("owner", "Prosjekteier", nn="Prosjekteigar", width=24, help="Organisasjonen som eier prosjektet (A-eier)."),
    Column("status", "Status", CHOICE, required=True, width=12, choices="status",
           help="søkt, innvilget, pågår, avsluttet, avslått eller trukket."),
    Column("decision_date", "Vedtaksdato", DATE, required=True, width=12,
           help="Dato for tilsagnet (vedtaket), f.eks. 12.03.2024."),
    Column("total_cost", "Totalkostnad", AMOUNT, width=14, help="Prosjektets totale budsjett i hele kroner."),
    Column("granted", "Tilsagn", AMOUNT, nn="Tilsegn", width=14, help="Tilsagn fra programmet i hele kroner."),
    Column("paid", "Utbetalt", AMOUNT, width=14, help="Utbetalt hittil i hele kroner."),
    Column("expected_new_jobs", "Forventede nye arbeidsplasser", COUNT, nn="Venta nye arbeidsplassar", width=12,
           help="Nye arbeidsplasser som oppgitt i søknaden."),
    Column("expected_secured_jobs", "Forventede sikrede arbeidsplasser", COUNT, nn="Venta sikra arbeidsplassar", width=12,
           help="Sikrede arbeidsplasser som oppgitt i søknaden."),
    Column("smb_utvikling", "SMB Utvikling", BOOL, width=9, choices="yes_no",
           help="ja hvis prosjektet er del av SMB Utvikling."),
    Column("sustainability", "Bærekraft", nn="Berekraft", width=36, help="Valgfritt: hvordan prosjektet bidrar til bærekraft."),
), intro="Én rad per prosjekt i porteføljen.")

JOBS = TableSheet("Arbeidsplasser", "jobs", "Arbeidsplasser", (
    Column("year", "År", INT, required=True, width=8, help="Året arbeidsplassene ble registrert."),
    Column("project_id", "Prosjekt-ID", width=13, figure=True, help="Prosjektet som ga arbeidsplassene (tom hvis uten prosjekt)."),
    Column("company", "Bedrift", width=30, help="Bedriften der arbeidsplassene er skapt eller sikret."),
    Column("new", "Nye", COUNT, width=8, help="Antall nye arbeidsplasser (helt tall)."),
    Column("secured", "Sikrede", COUNT, nn="Sikra", width=8, help="Antall sikrede arbeidsplasser (helt tall)."),
    Column("verified", "Verifisert", BOOL, width=10, choices="yes_no", help="ja hvis tallet er bekreftet av bedriften."),
    Column("source", "Kilde", nn="Kjelde", width=16, help="F.eks. ringerunde, sluttrapport, spørreundersøkelse."),
    Column("comment", "Kommentar", width=36, help="Valgfri kommentar til registreringen."),
), intro="Brutto registreringer: en arbeidsplass som er telt, forblir telt.", nn="Arbeidsplassar")

JOB_TARGETS = TableSheet("Arbeidsplassmål", "job_targets", "Arbeidsplassmal", (
    Column("year", "År", INT, required=True, width=8, help="Året målet gjelder."),
    Column("focus_area", "Innsatsområde", CHOICE, width=24, choices=FOCUS_AREA_NAME,
           help="Valgfritt: innsatsområdet målet gjelder."),
    Column("new", "Nye", COUNT, width=8, help="Mål for nye arbeidsplasser dette året."),
    Column("secured", "Sikrede", COUNT, nn="Sikra", width=8, help="Mål for sikrede arbeidsplasser dette året."),
), intro="Valgfritt: periodiserte mål for arbeidsplasser per år.")

BUDGET = TableSheet("Budsjett", "budget", "Budsjett", (
    Column("year", "År", INT, required=True, width=8, help="Programåret raden gjelder. Én rad per år."),
    Column("frame", "Ramme", AMOUNT, required=True, width=15,
           help="Prosjektmidler til disposisjon dette året, i hele kroner."),
    Column("admin", "Administrasjon", AMOUNT, width=15, help="Midler til administrasjon dette året, i hele kroner."),
    Column("note", "Merknad", width=40, help="Valgfri merknad til årets budsjett."),
), intro="Én rad per programår.")

PREVIOUS_ACTIONS = TableSheet("Oppfølging", "previous_actions", "Oppfolging", (
    Column("indicator_id", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="Indikatoren tiltaket hørte til (ID fra arket Vurderinger)."),
    Column("text", "Fjorårets anbefalte tiltak", nn="Tilrådde tiltak i fjor", required=True, width=60, help="Tiltaket slik det ble anbefalt i fjor."),
    Column("status", "Status", CHOICE, width=14, choices="action_status",
           help="gjennomført, pågår, ikke startet eller utgår."),
    Column("comment", "Kommentar", width=40, help="Hva er gjort, og hva gjenstår?"),
), intro="Oppfølging av fjorårets anbefalte tiltak.")

HISTORY = TableSheet("Historikk", "history", "Historikk", (
    Column("year", "År", INT, required=True, width=8, help="Året totalen ble satt."),
    Column("indicator_id", "Indikator", CHOICE, required=True, width=16, choices=INDICATOR_ID_NAME,
           help="Indikatorens ID fra arket Vurderinger."),
    Column("total", "Total poengsum", TOTAL, required=True, width=12,
           help="Den omforente totalen det året ({min}–{max})."),
), intro="Omforente totaler fra tidligere år, eldste først.")

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
# The sheets' names in nynorsk (table sheets carry theirs as `nn`): a sheet named either way is the sheet.
SHEET_NAMES_NN: dict[str, str] = {GUIDE_SHEET: "Rettleiing", RESULTS_SHEET: "Resultat",
                                  **{spec.name: spec.nn for spec in TABLE_SHEETS if spec.nn}}

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
