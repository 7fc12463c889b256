"""Findings: what is wrong with a workbook, as data.

Each code is registered once with its severity and a message in bokmål and English. A finding
holds only facts (code, sheet, cell, parameters); the message is rendered for the language asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, eq=False, repr=False)
class Rule:
    code: str
    severity: str
    nb: str
    en: str


_RULES: dict[str, Rule] = {}


def _rule(code: str, severity: str, nb: str, en: str) -> None:
    assert code not in _RULES, code
    _RULES[code] = Rule(code, severity, nb, en)


# Reading: the file and its layout
_rule("missing-sheet", ERROR, "Fant ikke arket «{sheet}». Legg det til igjen med riktige overskrifter (kopier det fra en ny arbeidsbok fra «psvxl new»), eller gi arket som har dataene navnet «{sheet}».",
      "The sheet '{sheet}' was not found. Add it again with the right headers (copy it from a new workbook made by 'psvxl new'), or name the sheet that holds the data '{sheet}'.")
_rule("missing-sheet-similar", ERROR, "Fant ikke arket «{sheet}». Heter det «{similar}»? Gi det navnet «{sheet}».",
      "The sheet '{sheet}' was not found. Is it called '{similar}'? Rename it to '{sheet}'.")
_rule("missing-header", ERROR, "Fant ikke overskriftsraden på arket {sheet}. Øverste rad med data skal ha overskriftene {labels}.",
      "No header row was found on the sheet {sheet}. The first row of the table must hold the headers {labels}.")
_rule("missing-column", ERROR, "Kolonnen «{label}» mangler i overskriftsraden, og tallene trenger den. Legg den til (overskriften må hete «{label}»).",
      "The column '{label}' is missing from the header row, and the figures need it. Add it (the header must read '{label}').")
_rule("missing-column-similar", ERROR, "Kolonnen «{label}» mangler. Overskriften «{similar}» i denne cellen ligner: gi den navnet «{label}», så blir tallene lest.",
      "The column '{label}' is missing. The header '{similar}' in this cell looks like it: rename it to '{label}' so the figures are read.")
_rule("missing-text-column", WARNING, "Kolonnen «{label}» mangler i overskriftsraden; rapporten får ingen tekst derfra. Legg den til hvis du vil ha den med (overskriften må hete «{label}»).",
      "The column '{label}' is missing from the header row; the report gets no text from it. Add it if you want it (the header must read '{label}').")
_rule("missing-text-column-similar", WARNING, "Kolonnen «{label}» mangler. Overskriften «{similar}» i denne cellen ligner: gi den navnet «{label}», så kommer teksten med i rapporten.",
      "The column '{label}' is missing. The header '{similar}' in this cell looks like it: rename it to '{label}' so its text reaches the report.")
_rule("duplicate-column", ERROR, "Overskriften «{label}» finnes to ganger ({other} også). Gi den ene et annet navn eller slett den.",
      "The header '{label}' appears twice ({other} too). Rename or delete one of them.")
_rule("missing-field", ERROR, "Feltet «{label}» mangler i kolonne A. Legg til en rad med «{label}» i kolonne A og verdien i kolonne B.",
      "The field '{label}' is missing from column A. Add a row with '{label}' in column A and the value in column B.")
# Reading: cell values
_rule("invalid-number", ERROR, "«{value}» er ikke et tall. Skriv et tall, f.eks. 4,5 eller 1 250 000.",
      "'{value}' is not a number. Enter a number such as 4.5 or 1250000.")
_rule("ambiguous-number", ERROR, "«{value}» kan bety to ting (tusenskille eller desimaltegn). Skriv tallet uten punktum, f.eks. 1250 eller 1,25.",
      "'{value}' is ambiguous (thousands separator or decimal point). Enter it without the point, e.g. 1250 or 1,25.")
_rule("date-in-number-cell", ERROR, "Cellen inneholder datoen {value}, men skal ha et tall. Excel gjør «{typed}» om til en dato: skriv tallet med komma (f.eks. 4,5) og formater cellen som tall.",
      "The cell holds the date {value} where a number belongs. Excel turns '{typed}' into a date: type the number with a decimal comma and format the cell as a number.")
_rule("ambiguous-amount", ERROR, "«{value}» kan bety {digits} kr (komma som tusenskille) eller et beløp med desimalkomma. Skriv beløpet i hele kroner med mellomrom som tusenskille, f.eks. {digits}.",
      "'{value}' may mean {digits} kr (comma as thousands separator) or an amount with a decimal comma. Enter whole kroner with spaces as thousands separator, e.g. {digits}.")
_rule("number-as-text", WARNING, "Tallet «{value}» er lagret som tekst. psvxl bruker det, men Excels egne formler (snittet på Vurderinger, summer) hopper over det. Skriv tallet inn på nytt, eller velg «Konverter til tall» i Excel.",
      "The number '{value}' is stored as text. psvxl uses it, but Excel's own formulas (the mean on Vurderinger, sums) skip it. Type it again, or choose 'Convert to number' in Excel.")
_rule("two-digit-year", WARNING, "Datoen «{value}» har tosifret år; psvxl leser den som {date}. Skriv året med fire sifre hvis det ikke stemmer.",
      "The date '{value}' has a two-digit year; psvxl reads it as {date}. Write the year with four digits if that is wrong.")
_rule("formula-error", ERROR, "Cellen viser feilen {value}. Rett formelen eller skriv inn verdien direkte.",
      "The cell shows the error {value}. Fix the formula or enter the value directly.")
_rule("number-too-large", ERROR, "«{value}» er et urimelig stort tall. Sjekk verdien (beløp skrives i hele kroner).",
      "'{value}' is an unreasonably large number. Check the value (amounts are in whole kroner).")
_rule("formula-without-value", ERROR, "Cellen har en formel uten lagret verdi (filen er ikke lagret av Excel). Åpne og lagre arbeidsboken i Excel, eller skriv inn verdien.",
      "The cell has a formula without a stored value (the file was not saved by Excel). Open and save it in Excel, or type the value.")
# Drift: what a workbook's cells mean (units, rows that are not data, copies, formulas no spreadsheet computed)
_rule("not-psv-workbook", ERROR, "Dette er ikke en PSV-arbeidsbok: den har ingen av arkene Program, Portefølje, Vurderinger, Indikatorer eller Budsjett ({found} av {total} PSV-ark). Lag en ny med «psvxl new», eller «psvxl import-report» fra en Word-rapport, og flytt dataene dit.",
      "This is not a PSV workbook: it has none of the sheets Program, Portefølje, Vurderinger, Indikatorer or Budsjett ({found} of {total} PSV sheets). Make one with 'psvxl new', or 'psvxl import-report' from a Word report, and move the data there.")
_rule("duplicate-sheet", ERROR, "Arbeidsboken har to ark som begge kan være arket «{sheet}»: «{first}» og «{second}». psvxl velger ikke ett av dem selv: slett kopien eller gi den et navn som ikke ligner (f.eks. «Arkiv 2023»).",
      "The workbook has two sheets that could both be the sheet '{sheet}': '{first}' and '{second}'. psvxl does not pick one: delete the copy or give it a name that is not alike (e.g. 'Arkiv 2023').")
_rule("program-column-shifted", ERROR, "Feltnavnene på arket Program står i kolonne {found}, ikke i kolonne A (verdiene skal stå i kolonne B). Det er trolig satt inn en kolonne: slett den, så feltnavnene står i A og verdiene i B.",
      "The field names on the Program sheet are in column {found}, not column A (values belong in column B). A column was probably inserted: delete it so names are in A and values in B.")
_rule("merged-header", ERROR, "Overskriften «{text}» er slått sammen over flere kolonner ({range}), så psvxl finner ikke kolonnene {labels}. Opphev sammenslåingen (Hjem > Slå sammen og midtstill) og gi hver kolonne sin egen overskrift i én rad.",
      "The header '{text}' is merged across several columns ({range}), so psvxl cannot find the columns {labels}. Unmerge it and give each column its own header in one row.")
_rule("unknown-unit", ERROR, "Overskriften «{header}» oppgir enheten «{unit}», som psvxl ikke kjenner. Skriv beløpene i hele kroner og kall kolonnen «{label}», eller bruk en enhet psvxl kjenner: «(kr)», «(1000 kr)», «(MNOK)».",
      "The header '{header}' gives the unit '{unit}', which psvxl does not know. Enter whole kroner and name the column '{label}', or use a unit psvxl knows: '(kr)', '(1000 kr)', '(MNOK)'.")
_rule("unit-conflict", ERROR, "Overskriften «{header}» og merknaden «{note}» (celle {note_cell}) sier forskjellige enheter for beløpene. Rett den ene så de sier det samme.",
      "The header '{header}' and the note '{note}' (cell {note_cell}) give different units for the amounts. Correct one so they agree.")
_rule("amount-unit-applied", WARNING, "Beløpene i kolonnen «{header}» er lest som {unit} og regnet om til hele kroner.",
      "The amounts in the column '{header}' are read as {unit} and converted to whole kroner.")
_rule("amount-unit-in-cell", ERROR, "Beløpet «{value}» har en egen enhet, men overskriften sier allerede hvilken enhet kolonnen har. Skriv bare tallet.",
      "The amount '{value}' carries its own unit, but the header already gives the column's unit. Enter the number only.")
_rule("total-row-skipped", WARNING, "Rad {row} på arket {sheet} er en sumrad (sum, totalt eller delsum) og er ikke lest som data. Flytt summer ut av tabellen hvis raden skal være med.",
      "Row {row} on the sheet {sheet} is a total row (sum, total or subtotal) and is not read as data. Move sums out of the table if the row belongs.")
_rule("note-row-skipped", WARNING, "Rad {row} er en merknad under tabellen («{text}») og er ikke lest som data.",
      "Row {row} is a note under the table ('{text}') and is not read as data.")
_rule("blank-row-in-table", WARNING, "Rad {row} på arket {sheet} er tom og deler tabellen; radene under den er lest som data. Slett den tomme raden.",
      "Row {row} on the sheet {sheet} is empty and splits the table; the rows below it are read as data. Delete the empty row.")
_rule("formula-not-computed", ERROR, "Cellen har en formel som ingen regneark har regnet ut (arbeidsboken er skrevet av et program, ikke lagret av Excel). Åpne og lagre arbeidsboken i Excel først, eller skriv inn verdien.",
      "The cell holds a formula that no spreadsheet has computed (the workbook was written by a program, not saved by Excel). Open and save the workbook in Excel first, or enter the value.")
_rule("sum-formula-in-data", ERROR, "Cellen summerer kolonnen (SUM eller SUBTOTAL) midt i en datarad. Flytt summen ut av tabellen, eller skriv inn verdien.",
      "The cell sums its column (SUM or SUBTOTAL) inside a data row. Move the sum out of the table, or enter the value.")
_rule("not-whole-number", ERROR, "«{value}» er ikke et helt tall. Skriv et helt tall.",
      "'{value}' is not a whole number. Enter a whole number.")
_rule("invalid-date", ERROR, "«{value}» er ikke en dato. Skriv datoen som 15.10.2024.",
      "'{value}' is not a date. Enter the date as 15.10.2024.")
_rule("invalid-boolean", ERROR, "«{value}» er verken ja eller nei. Skriv ja eller nei.",
      "'{value}' is neither yes nor no. Enter ja or nei.")
_rule("amount-rounded", WARNING, "Beløpet {value} er avrundet til hele kroner ({rounded} kr). Skriv beløp i hele kroner.",
      "The amount {value} was rounded to whole kroner ({rounded} kr). Enter amounts in whole kroner.")
# Programme
_rule("required-missing", ERROR, "«{label}» må fylles ut.", "'{label}' must be filled in.")
_rule("period-invalid", ERROR, "Programperioden {start}–{end} går baklengs. Siste programår må være likt eller etter første.",
      "The programme period {start}–{end} runs backwards. The last year must be on or after the first.")
_rule("year-outside-period", ERROR, "Vurdert år {year} ligger utenfor programperioden {start}–{end}. Rett året eller perioden.",
      "The assessed year {year} lies outside the programme period {start}–{end}. Correct the year or the period.")
_rule("assessment-date-outside-year", ERROR, "Datoen for PSV-møtet ({date}) ligger ikke i vurdert år {year} (eller like etter). Rett datoen eller året.",
      "The assessment date ({date}) is not in the assessed year {year} (or just after). Correct the date or the year.")
_rule("job-target-invalid", ERROR, "Målet for arbeidsplasser må være et helt tall større enn 0, ikke {value}.",
      "The job target must be a whole number above 0, not {value}.")
_rule("job-target-split", WARNING, "Delmålene for nye ({new}) og sikrede ({secured}) arbeidsplasser er til sammen {sum}, ikke {target}. Rett delmålene eller målet.",
      "The targets for new ({new}) and secured ({secured}) jobs add up to {sum}, not {target}. Correct them.")
# The framework
_rule("scale-invalid", ERROR, "Poengskalaen {min}–{max} går ikke opp: laveste poeng må være mindre enn høyeste, og skalaen kan ha høyst 20 trinn.",
      "The scale {min}–{max} does not work: the lowest score must be below the highest, with 20 steps at most.")
_rule("total-step-invalid", ERROR, "Steget for total poengsum ({step}) går ikke opp i skalaen {min}–{max}. Bruk f.eks. 0,5 eller 1.",
      "The total step ({step}) does not fit the scale {min}–{max}. Use e.g. 0.5 or 1.")
_rule("unknown-group", ERROR, "Gruppen «{group}» er ikke en av indikatorgruppene på arket Program ({known}). Rett gruppen, eller legg den til under «Indikatorgrupper».",
      "The group '{group}' is not one of the indicator groups on the Program sheet ({known}). Correct it or add it under 'Indikatorgrupper'.")
_rule("invalid-scale-line", ERROR, "Linjen «{line}» kan ikke leses. Skriv én per linje på formen «{example}».",
      "The line '{line}' cannot be read. Write one per line in the form '{example}'.")
# Indicators and scores
_rule("duplicate-indicator", ERROR, "Indikator-ID-en «{id}» finnes to ganger. Gi hver indikator sin egen ID.",
      "The indicator id '{id}' appears twice. Give each indicator its own id.")
_rule("unknown-indicator", ERROR, "Indikatoren «{id}» finnes ikke på arket {ASSESSMENTS}. Velg en ID fra listen ({known}).",
      "The indicator '{id}' is not on the {ASSESSMENTS} sheet. Choose an id from the list ({known}).")
_rule("indicator-without-themes", ERROR, "Indikatoren «{id}» har ingen temaer på arket {INDICATORS}. Legg til temaene eller fjern indikatoren.",
      "The indicator '{id}' has no themes on the {INDICATORS} sheet. Add its themes or remove the indicator.")
_rule("duplicate-theme", ERROR, "Temaet «{title}» står to ganger under indikatoren «{id}» (også rad {other}). Slå sammen radene eller gi temaene ulike navn.",
      "The theme '{title}' appears twice under '{id}' (row {other} too). Merge the rows or rename one.")
_rule("score-missing", ERROR, "Påstanden under «{title}» ({id}) mangler poeng. Gi poeng fra {min} til {max}.",
      "The statement under '{title}' ({id}) has no score. Score it from {min} to {max}.")
_rule("score-out-of-range", ERROR, "Poengene {value} under «{title}» ({id}) må være et helt tall fra {min} til {max}.",
      "The score {value} under '{title}' ({id}) must be a whole number from {min} to {max}.")
_rule("total-missing", ERROR, "Indikatoren «{id}» mangler total poengsum. Skriv gruppens omforente karakter ({min}–{max} i steg på {step}).",
      "The indicator '{id}' has no total. Enter the group's agreed score ({min}–{max} in steps of {step}).")
_rule("total-invalid", ERROR, "Total poengsum {value} for «{id}» må være fra {min} til {max} i steg på {step}.",
      "The total {value} for '{id}' must be from {min} to {max} in steps of {step}.")
_rule("total-deviates", WARNING, "Total poengsum {total} for «{id}» avviker {deviation} fra snittet av temaene ({mean}). Begrunn avviket i den korte vurderingen.",
      "The total {total} for '{id}' differs by {deviation} from the mean of its themes ({mean}). Explain why in the summary.")
_rule("indicator-not-assessed", WARNING, "Indikatoren «{id}» har ingen punkter under Hvor er vi gode, Forbedringsområder eller Anbefalte tiltak (arket {POINTS}).",
      "The indicator '{id}' has no strengths, improvements or actions (sheet {POINTS}).")
# Portfolio
_rule("duplicate-project-id", ERROR, "Prosjekt-ID-en «{id}» er brukt to ganger (også rad {other}). Gi hvert prosjekt en unik ID.",
      "The project id '{id}' is used twice (row {other} too). Give each project a unique id.")
_rule("unknown-focus-area", ERROR, "«{value}» er ikke et av programmets innsatsområder. Velg fra listen, eller legg det til på arket {FOCUS_AREAS}.",
      "'{value}' is not one of the programme's focus areas. Choose from the list or add it on the {FOCUS_AREAS} sheet.")
_rule("invalid-choice", ERROR, "«{value}» er ikke en gyldig verdi for {label}. Velg en av: {choices}.",
      "'{value}' is not a valid {label}. Choose one of: {choices}.")
_rule("negative-amount", ERROR, "Beløpet {value} kr er negativt. Beløp kan ikke være negative.",
      "The amount {value} kr is negative. Amounts cannot be negative.")
_rule("granted-exceeds-cost", ERROR, "Tilsagnet ({granted} kr) er større enn totalkostnaden ({cost} kr). Rett ett av beløpene.",
      "The grant ({granted} kr) exceeds the total cost ({cost} kr). Correct one of them.")
_rule("paid-exceeds-granted", ERROR, "Utbetalt ({paid} kr) er mer enn tilsagnet ({granted} kr). Rett ett av beløpene.",
      "Paid ({paid} kr) exceeds the grant ({granted} kr). Correct one of them.")
_rule("unknown-continued-project", ERROR, "Prosjektet «{value}» som dette viderefører, finnes ikke i porteføljen. Skriv en prosjekt-ID fra kolonnen Prosjekt-ID.",
      "The continued project '{value}' is not in the portfolio. Enter an id from the Prosjekt-ID column.")
_rule("decision-after-assessment", WARNING, "Vedtaksdatoen {date} er etter PSV-møtet ({meeting}): tilsagnet telles ikke med i årets tall «hittil i år». Rett datoen hvis vedtaket alt er gjort.",
      "The decision date {date} is after the assessment meeting ({meeting}): the grant is left out of this year's figures. Correct the date if the decision has been made.")
_rule("decision-date-outside-period", ERROR, "Vedtaksdatoen {date} ligger utenfor programperioden {start}–{end}. Rett datoen.",
      "The decision date {date} lies outside the programme period {start}–{end}. Correct the date.")
# Jobs
_rule("invalid-count", ERROR, "Antallet {value} må være et helt tall, 0 eller større.",
      "The count {value} must be a whole number, 0 or more.")
_rule("job-year-outside-period", ERROR, "Året {year} ligger utenfor programperioden {start}–{end}. Rett året.",
      "The year {year} lies outside the programme period {start}–{end}. Correct the year.")
_rule("job-year-after-assessment", WARNING, "Året {year} er etter vurdert år {assessed}: registreringen telles ikke med.",
      "The year {year} is after the assessed year {assessed}: the registration is not counted.")
_rule("unknown-project", ERROR, "Prosjekt-ID-en «{value}» finnes ikke i porteføljen. Rett ID-en, eller la cellen stå tom for arbeidsplasser uten prosjekt.",
      "The project id '{value}' is not in the portfolio. Correct it, or leave it empty for jobs without a project.")
_rule("duplicate-job-registration", WARNING, "«{company}» er registrert to ganger for prosjekt {project} i {year} (også rad {other}). Sjekk at arbeidsplassene ikke telles dobbelt.",
      "'{company}' is registered twice for project {project} in {year} (row {other} too). Check for double counting.")
_rule("job-registration-empty", WARNING, "Registreringen har verken nye eller sikrede arbeidsplasser. Fyll inn antall eller slett raden.",
      "The registration has neither new nor secured jobs. Enter the counts or delete the row.")
_rule("job-target-split-mismatch", WARNING, "Målene per innsatsområde for {year} er til sammen {sum}, men programmets mål for {year} er {target}. Programmets mål telles; rett delmålene så de summerer til det.",
      "The focus-area targets for {year} add up to {sum}, but the programme's target for {year} is {target}. The programme's target counts; correct the split so it adds up.")
# Budget
_rule("duplicate-budget-year", ERROR, "Året {year} har to budsjettrader (også rad {other}). Slå dem sammen til én rad.",
      "The year {year} has two budget rows (row {other} too). Merge them into one.")
_rule("budget-frame-missing", ERROR, "Budsjettet mangler en ramme større enn 0 for vurdert år {year}. Legg til en rad for {year} på arket {BUDGET}.",
      "The budget has no frame above 0 for the assessed year {year}. Add a row for {year} on the {BUDGET} sheet.")
_rule("duplicate-focus-area", ERROR, "Innsatsområdet «{value}» står to ganger. Fjern den ene raden.",
      "The focus area '{value}' appears twice. Remove one row.")
# Plausibility: figures no programme has (a unit or a sum row that slipped through)
_rule("frame-implausible", ERROR, "Rammen for {year} er {frame} kr, for lite for et omstillingsprogram. Står beløpene på arket {BUDGET} i tusen eller millioner kroner? Skriv hele kroner, eller oppgi enheten i overskriften («Ramme (1000 kr)»).",
      "The frame for {year} is {frame} kr, too small for a restructuring programme. Are the amounts on the {BUDGET} sheet in thousands or millions? Enter whole kroner, or give the unit in the header ('Ramme (1000 kr)').")
_rule("granted-many-times-frame", ERROR, "Tilsagn i {year} er {granted} kr, {times} ganger rammen på {frame} kr. Står rammen eller tilsagnene i en annen enhet (tusen kroner)? Rett beløpene eller oppgi enheten i overskriften.",
      "Granted in {year} is {granted} kr, {times} times the frame of {frame} kr. Is the frame or are the grants in another unit (thousands)? Correct the amounts or give the unit in the header.")
_rule("grants-implausible", ERROR, "Halvparten av tilsagnene er under {median} kr. Står beløpene i tusen eller millioner kroner? Skriv hele kroner, eller oppgi enheten i overskriften («Tilsagn (1000 kr)»).",
      "Half of the grants are below {median} kr. Are the amounts in thousands or millions? Enter whole kroner, or give the unit in the header ('Tilsagn (1000 kr)').")
_rule("paid-exceeds-granted-total", ERROR, "Utbetalt i alt ({paid} kr) er mer enn tilsagn i alt ({granted} kr) i porteføljen. Sjekk enhetene i kolonnene Utbetalt og Tilsagn.",
      "Paid in total ({paid} kr) exceeds granted in total ({granted} kr). Check the units of the Utbetalt and Tilsagn columns.")
_rule("jobs-far-above-target", ERROR, "Arbeidsplassene er til sammen {total}, {times} ganger målet på {target}. Er en sumrad telt med på arket Arbeidsplasser, eller er målet feil?",
      "The jobs add up to {total}, {times} times the target of {target}. Is a total row counted on the Arbeidsplasser sheet, or is the target wrong?")
# Follow-up and history
_rule("action-status-missing", WARNING, "Fjorårets tiltak «{text}» mangler status. Velg gjennomført, pågår, ikke startet eller utgår.",
      "Last year's action '{text}' has no status. Choose gjennomført, pågår, ikke startet or utgår.")
_rule("duplicate-history", ERROR, "Historikken har to rader for {id} i {year} (også rad {other}). Fjern den ene.",
      "The history has two rows for {id} in {year} (row {other} too). Remove one.")
_rule("history-not-before-year", ERROR, "Historikkåret {year} er ikke før vurdert år {assessed}. Historikken gjelder tidligere år.",
      "The history year {year} is not before the assessed year {assessed}. The history holds earlier years.")

# Pre-scores (the Forhåndsvurdering sheet)
_rule("prescore-missing-header", ERROR, "Fant ikke overskriftsraden på arket Forhåndsvurdering. Den skal ha {labels} og så ett deltakernavn per kolonne.",
      "No header row was found on the sheet Forhåndsvurdering. It must hold {labels} and then one participant's name per column.")
_rule("prescore-invalid", ERROR, "Forhåndspoenget «{value}» må være et helt tall fra {min} til {max}. Rett det eller tøm cellen.",
      "The pre-score '{value}' must be a whole number from {min} to {max}. Correct it or clear the cell.")
_rule("prescore-unknown-theme", ERROR, "Raden gjelder et tema som ikke finnes ({indicator}, tema nr. {number}). Rett indikator og temanummer, eller slett raden.",
      "The row is for a theme that does not exist ({indicator}, theme no. {number}). Correct the indicator and theme number, or delete the row.")
_rule("prescore-duplicate-participant", ERROR, "Deltakeren «{name}» har to kolonner (også {other}). Slå dem sammen til én.",
      "The participant '{name}' has two columns ({other} too). Merge them into one.")
_rule("prescore-no-name", ERROR, "Kolonnen har forhåndspoeng, men ikke noe deltakernavn i overskriften. Skriv navnet.",
      "The column holds pre-scores but no participant's name in its header. Enter the name.")


def rule(code: str) -> Rule:
    return _RULES[code]


def all_codes() -> list[str]:
    return sorted(_RULES)


@dataclass(frozen=True)
class Finding:
    code: str
    sheet: str | None = None
    cell: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.code not in _RULES:
            raise KeyError(f"unregistered finding code {self.code!r}")

    @property
    def severity(self) -> str:
        return _RULES[self.code].severity

    def message(self, lang: str = "nb") -> str:
        template = getattr(_RULES[self.code], "en" if lang == "en" else "nb")
        return template.format(**_sheet_names(), **{k: _show(v, lang, k) for k, v in self.params.items()})

    def to_json(self, lang: str = "nb") -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "message": self.message(lang)}

    def sort_key(self) -> tuple:
        # Structural findings (a sheet or column missing) first: they explain what follows.
        # Then errors before warnings, so the first line is always what blocks.
        return (self.code not in STRUCTURAL, self.severity != ERROR, _SHEET_POSITION.get(self.sheet or "", -1),
                *_cell_position(self.cell), self.code)


STRUCTURAL = frozenset({"not-psv-workbook", "duplicate-sheet", "program-column-shifted", "missing-sheet",
                        "missing-sheet-similar", "missing-header", "missing-column", "missing-column-similar",
                        "missing-field", "duplicate-column", "merged-header", "unknown-unit", "unit-conflict"})
# Parameters that are years or row numbers: printed plain ("2024", "rad 1250"), never "2 024".
_PLAIN_PARAMS = frozenset({"year", "start", "end", "assessed", "other", "row"})


def _show(value: Any, lang: str, name: str = "") -> str:
    from psvxl.formatting import number  # a light module; imported here to keep findings standalone

    if value is None:       # never «None» in a message: an empty value is called empty
        return "(tom)" if lang == "nb" else "(empty)"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and name in _PLAIN_PARAMS:
        return str(value)
    if isinstance(value, (int, float)):
        return number(value) if lang == "nb" else f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


def _cell_position(cell: str | None) -> tuple[int, int]:
    from psvxl.layout import parse_address

    return parse_address(cell) or (-1, -1)


def _sheet_names() -> dict[str, str]:
    """The sheet names messages mention, from the layout: {ASSESSMENTS} is «Vurderinger»."""
    from psvxl import layout

    return {"ASSESSMENTS": layout.ASSESSMENTS.name, "INDICATORS": layout.INDICATORS.name,
            "POINTS": layout.POINTS.name, "FOCUS_AREAS": layout.FOCUS_AREAS.name, "BUDGET": layout.BUDGET.name}


def _sheet_positions() -> dict[str, int]:
    from psvxl.layout import SHEET_ORDER

    return {name: i for i, name in enumerate(SHEET_ORDER)}


_SHEET_POSITION = _sheet_positions()
