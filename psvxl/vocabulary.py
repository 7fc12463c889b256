"""The words of a PSV report, in one place: what the report template writes and what the Word import reads.

Each tuple starts with the word psvxl writes (report/template.py takes it from here); the rest are the
words facilitators type for the same thing. The importer recognises all of them, with or without a
colon and in any case, so a report psvxl writes is always read back, and a change of wording here
changes both.
"""

from __future__ import annotations

# --- the front page -----------------------------------------------------------------------------------
TITLE = ("Programstatusvurdering", "Programstatusvurdering (PSV)", "PSV")
OWNER = ("Programeier", "Eier", "Programansvarlig", "Eierkommune")
PERIOD = ("Programperiode", "Periode")
DATE = ("Dato for vurderingen", "Dato for gjennomføring", "Dato for PSV", "Møtedato", "Dato", "Gjennomført")
AUTHOR = ("Rapporten er skrevet av", "Skrevet av", "Prosessveileder", "Rapportskriver", "Utarbeidet av")

# --- chapters ---------------------------------------------------------------------------------------
ABOUT = ("Om vurderingen",)
PARTICIPANTS = ("Deltakere", "Deltagere", "Til stede")
MAIN_CONCLUSION = ("Hovedkonklusjon", "Hovedkonklusjoner", "Konklusjon")
KEY_FIGURES = ("Nøkkeltall",)
OVERVIEW = ("Poengoversikt", "Oversikt over poeng")
TREND = ("Utviklingen over år",)
PRESCORES = ("Forhåndsvurdering", "Egne poeng før møtet")     # the participants' own scores: figures
FOLLOW_UP = ("Oppfølging av fjorårets anbefalinger", "Oppfølging av fjorårets tiltak")
ACTION_PLAN = ("Handlingsplan",)            # also «Handlingsplan 2024»
PRIORITIES = ("Prioriteringer",)
RECOMMENDATIONS = ("Forbedringsområder og anbefalinger", "Anbefalinger", "Anbefalinger til programmet")
SUMMARIES = ("Vurderinger", "Kort vurdering per indikator")
PORTFOLIO = ("Porteføljeoversikt og budsjett", "Porteføljeoversikt", "Portefølje", "Per innsatsområde")
BUDGET = ("Budsjett", "Budsjett per år")
JOBS = ("Utvikling i arbeidsplasser", "Arbeidsplasser")
PROJECT_LIST = ("Vedlegg: Prosjektliste",)
CONTENTS = ("Innhold", "Innholdsfortegnelse")
CLOSING = ("Avsluttende runde", "Hovedkonklusjoner og avslutning", "Avslutning")
CRITICAL_FACTORS = ("Hva er den mest kritiske faktor for måloppnåelse?", "Mest kritiske faktorer for å nå målene",
                    "Mest kritiske faktorer", "Kritiske suksessfaktorer")
BIGGEST_CHALLENGES = ("Hva er den største utfordringen fremover for omstillingsprogrammet?",
                      "Største utfordringer framover", "Største utfordringer fremover", "Største utfordringer")
USEFULNESS = ("Var dette en nyttig gjennomgang og ser man dette som en forbedring?", "Nytten av gjennomgangen")

# --- inside an indicator ----------------------------------------------------------------------------
STRENGTHS = ("Hvor er vi gode", "Hva er vi gode på", "Hvor er vi gode på", "Styrker", "Dette er vi gode på")
IMPROVEMENTS = ("Forbedringsområder", "Forbedringspunkter", "Hva kan vi bli bedre på", "Hvor kan vi bli bedre",
                "Dette kan vi bli bedre på", "Svakheter")
ACTIONS = ("Anbefalte tiltak", "Tiltak", "Anbefalinger", "Forslag til tiltak")
TOTAL = ("Total poengsum", "Samlet karakter", "Samlet poengsum", "Samlet score", "Total karakter", "Total",
         "Totalt")
SCORE = ("Poeng", "Poengsum", "Score")                  # «Poeng: 4» as a theme's score line
COMMENT = ("Kommentar",)
THEME_HEADER = ("Tema", "Temaer", "Påstand")            # the first cell of a score table's header row

# Lead sentences and captions the template writes around the content: known, regenerated from the
# workbook, so not listed as unplaced when read back.
LEAD_RECOMMENDATIONS = "Gjennomgangen av indikatorene ga disse forbedringsområdene og anbefalingene til programmet:"
LEAD_CLOSING = "Stikkord fra en avsluttende runde rundt bordet:"
OWN_TEXT = ("Figur:", "Tabellen viser", "Gjennomgangen av indikatorene ga", "Stikkord fra en avsluttende runde",
            "Ingen punkter registrert", "Ingen tekst registrert", "Alle prosjekter etter status",
            "Støttede prosjekter", "Porteføljen av støttede prosjekter", "Listen viser",
            "Oppdater innholdsfortegnelsen")
