"""The words of a PSV report, in one place: what the report template writes and what the Word import reads.

Each tuple starts with the word psvxl writes, in bokmål and then in nynorsk (both from the catalogue,
`vocabulary.po`); the rest are the words facilitators type for the same thing, in both målformer. The
importer recognises all of them, with or without a colon and in any case, so a report psvxl writes in
either målform is always read back, and a change of wording in the catalogue changes both.
`written(words)` is the word the report writes in the current language (report/template.py).
"""

from __future__ import annotations

from psvxl.i18n import t


class Words(tuple):
    """The written word (nb, nn) and the synonyms read for one thing; `.written` in the current language."""

    key: str

    def __new__(cls, key: str, *synonyms: str) -> Words:
        written = (t(key, "nb"), t(key, "nn"))
        words = super().__new__(cls, tuple(dict.fromkeys((*written, *synonyms))))
        words.key = key
        return words

    @property
    def written(self) -> str:
        return t(self.key)


def written(words: tuple[str, ...]) -> str:
    """The word the report writes for `words` in the current language (the first word of a plain tuple)."""
    return words.written if isinstance(words, Words) else words[0]


# --- the front page -----------------------------------------------------------------------------------
TITLE = Words("vocabulary.title", "Programstatusvurdering (PSV)", "PSV")
OWNER = Words("vocabulary.owner", "Eier", "Programansvarlig", "Eierkommune", "Eigar", "Eigarkommune")
PERIOD = Words("vocabulary.period", "Periode")
DATE = Words("vocabulary.date", "Dato for gjennomføring", "Dato for PSV", "Møtedato", "Dato", "Gjennomført")
AUTHOR = Words("vocabulary.author", "Skrevet av", "Prosessveileder", "Rapportskriver", "Utarbeidet av",
               "Skriven av", "Prosessrettleiar", "Rapportskrivar", "Utarbeidd av")

# --- chapters ---------------------------------------------------------------------------------------
ABOUT = Words("vocabulary.about")
PARTICIPANTS = Words("vocabulary.participants", "Deltagere", "Til stede")
MAIN_CONCLUSION = Words("vocabulary.main-conclusion", "Hovedkonklusjoner", "Konklusjon", "Hovudkonklusjonar")
KEY_FIGURES = Words("vocabulary.key-figures")
OVERVIEW = Words("vocabulary.overview", "Oversikt over poeng")
TREND = Words("vocabulary.trend")
PRESCORES = Words("vocabulary.prescores", "Egne poeng før møtet", "Eigne poeng før møtet")   # figures
FOLLOW_UP = Words("vocabulary.follow-up", "Oppfølging av fjorårets tiltak", "Oppfølging av tiltaka frå i fjor")
ACTION_PLAN = Words("vocabulary.action-plan")            # also «Handlingsplan 2024»
PRIORITIES = Words("vocabulary.priorities")
RECOMMENDATIONS = Words("vocabulary.recommendations", "Anbefalinger", "Anbefalinger til programmet",
                        "Tilrådingar", "Tilrådingar til programmet")
SUMMARIES = Words("vocabulary.summaries", "Kort vurdering per indikator")
PORTFOLIO = Words("vocabulary.portfolio", "Porteføljeoversikt", "Portefølje", "Per innsatsområde")
BUDGET = Words("vocabulary.budget", t("vocabulary.budget-years", "nb"), t("vocabulary.budget-years", "nn"))
JOBS = Words("vocabulary.jobs", t("vocabulary.jobs-short", "nb"), t("vocabulary.jobs-short", "nn"))
PROJECT_LIST = Words("vocabulary.project-list")
CONTENTS = Words("vocabulary.contents", "Innholdsfortegnelse", "Innhaldsliste")
CLOSING = Words("vocabulary.closing", "Hovedkonklusjoner og avslutning", "Avslutning",
                "Hovudkonklusjonar og avslutning")
CRITICAL_FACTORS = Words("vocabulary.critical-factors", "Mest kritiske faktorer for å nå målene",
                         "Mest kritiske faktorer", "Kritiske suksessfaktorer", "Mest kritiske faktorar for å nå måla",
                         "Mest kritiske faktorar", "Kritiske suksessfaktorar")
BIGGEST_CHALLENGES = Words("vocabulary.biggest-challenges", "Største utfordringer framover",
                           "Største utfordringer fremover", "Største utfordringer", "Største utfordringar framover",
                           "Største utfordringar")
USEFULNESS = Words("vocabulary.usefulness", "Nytten av gjennomgangen")

# --- inside an indicator ----------------------------------------------------------------------------
STRENGTHS = Words("vocabulary.strengths", "Hva er vi gode på", "Hvor er vi gode på", "Styrker",
                  "Dette er vi gode på", "Kva er vi gode på", "Styrkar")
IMPROVEMENTS = Words("vocabulary.improvements", "Forbedringspunkter", "Hva kan vi bli bedre på",
                     "Hvor kan vi bli bedre", "Dette kan vi bli bedre på", "Svakheter", "Forbetringspunkt",
                     "Kva kan vi bli betre på", "Kvar kan vi bli betre", "Dette kan vi bli betre på", "Svakheiter")
ACTIONS = Words("vocabulary.actions", "Tiltak", "Anbefalinger", "Forslag til tiltak", "Tilrådingar")
TOTAL = Words("vocabulary.total", "Samlet karakter", "Samlet poengsum", "Samlet score", "Total karakter", "Total",
              "Totalt", "Samla karakter", "Samla poengsum", "Samla score")
SCORE = Words("vocabulary.score", "Poengsum", "Score")                  # «Poeng: 4» as a theme's score line
COMMENT = Words("vocabulary.comment")
THEME_HEADER = Words("vocabulary.theme", "Temaer", "Påstand")     # the first cell of a score table's header row

# The header rows of the participants' and the follow-up's tables (cells in lower case), in both målformer.
PARTICIPANT_HEADERS = tuple((t("report.column.name", lang).casefold(), t("report.column.role", lang).casefold())
                            for lang in ("nb", "nn"))
FOLLOW_UP_HEADERS = tuple(dict.fromkeys(t(f"report.column.{column}", lang).casefold()
                                        for column in ("measure", "status") for lang in ("nb", "nn")))

# The note under a total that differs from the mean: «Snittet av temaene er 2,5. … Begrunnelse: …».
DEVIATION = tuple(t("report.deviation.fact", lang).partition("{mean}")[0].strip() for lang in ("nb", "nn"))
REASON = tuple(t("report.deviation.reason", lang).partition("{fact}")[2].partition("{reason}")[0].strip()
               for lang in ("nb", "nn"))

# Lead sentences and captions the template writes around the content: known, regenerated from the
# workbook, so not listed as unplaced when read back.
LEAD_RECOMMENDATIONS = Words("vocabulary.lead.recommendations")
LEAD_CLOSING = Words("vocabulary.lead.closing")
OWN_TEXT = ("Figur:", "Tabellen viser", "Gjennomgangen av indikatorene ga", "Stikkord fra en avsluttende runde",
            "Ingen punkter registrert", "Ingen tekst registrert", "Alle prosjekter etter status",
            "Støttede prosjekter", "Porteføljen av støttede prosjekter", "Listen viser",
            "Oppdater innholdsfortegnelsen",
            "Gjennomgangen av indikatorane gav", "Stikkord frå ein avsluttande runde", "Ingen punkt registrerte",
            "Alle prosjekt etter status", "Støtta prosjekt", "Porteføljen av støtta prosjekt", "Lista viser",
            "Oppdater innhaldslista")

# Small words that tell a report's målform: each form is valid in one målform only. The importer counts
# them over the whole text to choose the new workbook's målform (a nynorsk report gives a nynorsk workbook).
BOKMAAL_MARKERS = ("ikke", "hva", "hvor", "hvordan", "hvem", "fra", "bare", "noen", "noe", "være", "vært", "ble",
                   "mye", "selv", "egen", "egne", "hvis", "hvilke")
NYNORSK_MARKERS = ("ikkje", "kva", "kvar", "korleis", "kven", "frå", "berre", "nokon", "noko", "vere", "vore",
                   "blei", "mykje", "sjølv", "eigen", "eigne", "kvifor", "kvart")
