"""The psvxl command line: thin commands over the library, one error boundary in `main`.

Exit codes (the command-line contract): 0 success, 1 the workbook has errors or the output cannot
be written, 2 bad usage or an unreadable input file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from psvxl.errors import PsvxlError

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


class Failed(click.ClickException):
    """A `PsvxlError` shown as "Feil: …" with its own exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"Feil: {self.format_message()}", err=True)


def _dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_option(f: Callable) -> Callable:
    return click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Tekst for mennesker eller JSON for andre programmer.")(f)


def lang_option(f: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True,
                        help="Språk på meldingene: bokmål eller engelsk.")(f)


class PsvxlGroup(click.Group):
    """The one error boundary: a `PsvxlError` becomes "Feil: …" on stderr with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PsvxlError as exc:
            raise Failed(str(exc), exc.exit_code) from None
        finally:
            _echo_notes()


def _echo_notes() -> None:
    """Where an output went when its name was taken (files.choose_output)."""
    if "psvxl.files" in sys.modules:
        for note in sys.modules["psvxl.files"].take_notes():
            click.echo(f"Merk: {note}", err=True)


def _year(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and not 1990 <= value <= 2100:
        raise click.BadParameter(f"{value} er ikke et år psvxl kan bruke; oppgi et år fra 1990 til 2100.")
    return value


FORCE_HELP = ("Skriv over utfilen selv om den ikke er laget av psvxl eller er endret siden (standard: lag et nytt "
              "navn ved siden av).")


@click.group(cls=PsvxlGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="psvxl")
def cli() -> None:
    """psvxl: programstatusvurdering (PSV) fra Excel-arbeidsbok til Word-rapport.

    Start med «psvxl new -o PSV.xlsx», fyll ut arbeidsboken, og lag rapporten med
    «psvxl build-report PSV.xlsx».
    """


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("PSV.xlsx"),
              show_default=True, help="Arbeidsboken som lages (.xlsx, eller .xlsm med knapper).")
@click.option("--from-json", "from_json", type=EXISTING_FILE, help="Fyll arbeidsboken fra en JSON-fil i psvxl-formatet.")
@click.option("--from", "last", type=EXISTING_FILE, multiple=True,
              help="Neste års arbeidsbok fra fjorårets (.xlsx, .xlsm eller Word-rapporten .docx): temaer, portefølje og "
                   "budsjett følger med, poeng og totaler blir «fjorårets», anbefalte tiltak listes til oppfølging. "
                   "Gi --from flere ganger med Word-rapporter fra flere år: de tidligere årene blir historikk.")
@click.option("--framework", "framework", type=EXISTING_FILE,
              help="En tom arbeidsbok for et annet indikatorsett (en rammeverksfil, se docs/rammeverk.md).")
@click.option("--year", type=int, callback=_year, help="Året som skal vurderes (med --from; standard: fjorårets år + 1).")
@click.option("--force", is_flag=True, help="Skriv over utfilen hvis den finnes.")
@click.pass_context
def new(ctx: click.Context, output: Path, from_json: Path | None, last: tuple[Path, ...], framework: Path | None,
        year: int | None, force: bool) -> None:
    """Lag en ny arbeidsbok fra malen, tom, fylt fra JSON eller videreført fra fjorårets.

    \b
    Eksempel: psvxl new -o PSV-2024.xlsx
    Eksempel: psvxl new --framework examples/rammeverk-12-indikatorer.json -o PSV-2024.xlsx
    Eksempel: psvxl new --from PSV-2024.xlsm -o PSV-2025.xlsm
    Eksempel: psvxl new --from PSV-rapport-2023.docx --from PSV-rapport-2024.docx -o PSV-2025.xlsx
    """
    from psvxl import api

    if sum(1 for given_option in (from_json, last, framework) if given_option) > 1:
        raise click.UsageError("Bruk bare én av --from-json, --from og --framework.")
    if year is not None and not last:
        raise click.UsageError("--year hører sammen med --from.")
    given = ctx.get_parameter_source("output") != click.core.ParameterSource.DEFAULT
    if last:
        target = output if given else None
        if target is not None and target.exists() and not force:
            raise Failed(f"{target} finnes allerede. Velg et annet navn, eller bruk --force for å skrive over.", 2)
        reports = [p for p in last if p.suffix.lower() == ".docx"]
        if reports:
            if len(reports) != len(last):
                raise click.UsageError("Med flere --from må alle være Word-rapporter (.docx).")
            path, imported = api.carry_forward_report(reports, target, year, overwrite=force)
            _show_import(imported)
            _stop_import(path, imported)
            click.echo(f"Lagde {path} (fra {', '.join(p.name for p in reports)})")
            return
        if len(last) > 1:
            raise click.UsageError("Bare én arbeidsbok kan gis med --from (flere --from er for Word-rapporter).")
        last_book = last[0]
        path, report = api.carry_forward(last_book, target, year, overwrite=force)
        _stop_on_errors(path is None, report, last_book, warnings=False)
        click.echo(f"Lagde {path} (fra {last_book.name})")
        return
    if output.exists() and not force:
        raise Failed(f"{output} finnes allerede. Velg et annet navn, eller bruk --force for å skrive over.", 2)
    api.new_workbook(output, from_json=from_json, framework=framework)
    click.echo(f"Lagde {output}")


@cli.command()
@click.argument("workbook", type=EXISTING_FILE)
@format_option
@lang_option
def validate(workbook: Path, output_format: str, lang: str) -> None:
    """Kontroller arbeidsboken og list feil og advarsler med celle.

    Avslutter med kode 0 uten feil (advarsler er lov), 1 med feil, 2 når filen ikke kan leses.

    Eksempel: psvxl validate PSV-2024.xlsx --format json
    """
    from psvxl.text_output import findings_text
    from psvxl.validate import validate_workbook

    _, report = validate_workbook(workbook)
    if output_format == "json":
        click.echo(_dump_json(report.to_json(lang)))
    else:
        click.echo(findings_text(report, workbook.name, lang))
    sys.exit(0 if report.valid else 1)


@cli.command("export-json")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON-filen som skrives (standard: skriv til skjermen).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def export_json(workbook: Path, output: Path | None, force: bool) -> None:
    """Skriv arbeidsbokens innhold i psvxl-formatet (JSON).

    Verdier som ikke kan leses, stopper eksporten (kode 1) slik at ingenting går tapt.

    Eksempel: psvxl export-json PSV-2024.xlsx -o psv-2024.json
    """
    from psvxl import api

    data, report = api.export(workbook)
    if data is None:
        _echo_findings(report, workbook)
        sys.exit(1)
    text = _dump_json(data) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        from psvxl.files import atomic_write, choose_output

        output = choose_output(output, workbook, force=force)
        atomic_write(output, text.encode("utf-8"))
        click.echo(f"Skrev {output}", err=True)


@cli.command()
@click.argument("workbook", type=EXISTING_FILE)
@format_option
def compute(workbook: Path, output_format: str) -> None:
    """Regn ut nøkkeltallene: poeng, budsjett og arbeidsplasser.

    Feil som gjør tallene meningsløse, stopper kommandoen (kode 1); advarsler skrives ut og tallene
    kommer likevel.

    Eksempel: psvxl compute PSV-2024.xlsx --format json
    """
    from psvxl import api
    from psvxl.text_output import metrics_text

    metrics, report = api.compute_workbook(workbook)
    _stop_on_errors(metrics is None, report, workbook)
    if output_format == "json":
        click.echo(_dump_json(metrics.to_json()))
    else:
        click.echo(metrics_text(metrics, workbook.name))


@cli.command()
@click.argument("workbook", type=EXISTING_FILE)
def recompute(workbook: Path) -> None:
    """Skriv nøkkeltallene inn i arbeidsboken: arket Resultater og ved siden av hver total.

    Bare resultatcellene endres; alt annet i filen (makroer, knapper, formater) blir som det var.
    Avviser med en melding hvis arbeidsboken er åpen i Excel.

    Eksempel: psvxl recompute PSV-2024.xlsx
    """
    from psvxl import api

    notes, report = api.recompute_workbook(workbook)
    _stop_on_errors(notes is None, report, workbook)
    for note in notes:
        click.echo(f"Merk: {note}", err=True)
    click.echo(f"Oppdaterte resultatene i {workbook.name}")


@cli.command("build-report")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Rapportfilen (.docx). Standard: PSV-<program>-<år>.docx ved siden av arbeidsboken.")
@click.option("--template", type=EXISTING_FILE, help="En egen Word-mal (se «psvxl check-template»).")
@click.option("--pdf", is_flag=True, help="Lag også en PDF (krever LibreOffice).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--check", "check", is_flag=True, help="Sjekk rapporten etterpå som «psvxl check-report» (kode 1 ved funn).")
def build_report(workbook: Path, output: Path | None, template: Path | None, pdf: bool, force: bool,
                 check: bool) -> None:
    """Lag Word-rapporten fra arbeidsboken.

    Arbeidsboken kontrolleres først: feil stopper rapporten (kode 1, ingen fil skrives), advarsler
    skrives ut og rapporten lages.

    Eksempel: psvxl build-report PSV-2024.xlsx -o rapport.docx --pdf
    """
    from psvxl import api

    path, report = api.build_report(workbook, output, template, force=force)
    _stop_on_errors(path is None, report, workbook, "Rapporten ble ikke laget. Rett feilene over og prøv igjen.")
    click.echo(f"Lagde {path}")
    if pdf:
        click.echo(f"Lagde {api.convert_to_pdf(path, force=force)}")
    if check:
        _check_document(path)


@cli.command("build-factbase")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Faktagrunnlaget (.docx). Standard: Faktagrunnlag-<program>-<år>.docx ved siden av arbeidsboken.")
@click.option("--template", type=EXISTING_FILE, help="En egen Word-mal for faktagrunnlaget.")
@click.option("--pdf", is_flag=True, help="Lag også en PDF (krever LibreOffice).")
@click.option("--participant", metavar="NAVN", help="Sett en deltakers navn på denne kopien av skjemaet.")
@click.option("--agenda", is_flag=True, help="Skriv også ut rekkefølgen i møtet: temaene med størst sprik i "
                                             "forhåndsvurderingen først.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--as-of", "as_of", metavar="DATO", callback=lambda ctx, param, value: _day(value),
              help="Datoen tallene gjelder per, f.eks. 01.10.2024. Standard: i dag.")
@click.option("--check", "check", is_flag=True, help="Sjekk faktagrunnlaget etterpå som «psvxl check-report».")
def build_factbase(workbook: Path, output: Path | None, template: Path | None, pdf: bool,
                   participant: str | None = None, agenda: bool = False, force: bool = False, as_of: Any = None,
                   check: bool = False) -> None:
    """Lag faktagrunnlaget som sendes til PSV-teamet før møtet.

    Trenger ingen poeng eller vurderinger: nøkkeltall, portefølje, budsjett, arbeidsplasser mot målet,
    fjorårets totaler og oppfølging, og dagens indikatorer med tomme poenglinjer. Stopper (kode 1,
    ingen fil) bare når tallene selv ikke kan regnes ut.

    Eksempel: psvxl build-factbase PSV-2024.xlsx --pdf
    """
    from psvxl import api

    path, report = api.build_factbase(workbook, output, template, participant, force=force, as_of=as_of)
    _stop_on_errors(path is None, report, workbook, "Faktagrunnlaget ble ikke laget. Rett feilene over og prøv igjen.")
    click.echo(f"Lagde {path}")
    if pdf:
        click.echo(f"Lagde {api.convert_to_pdf(path, force=force)}")
    if check:
        _check_document(path)
    if agenda:
        lines, _ = api.agenda_text(workbook)
        click.echo("\n".join(lines or []))


@cli.command("collect-scores")
@click.argument("workbook", type=EXISTING_FILE)
@click.argument("forms", nargs=-1, required=True, type=EXISTING_FILE)
@click.option("--participant", metavar="NAVN", help="Deltakerens navn, når skjemaet ikke har det (ett skjema om gangen).")
def collect_scores(workbook: Path, forms: tuple[Path, ...], participant: str | None) -> None:
    """Samle deltakernes egne poeng (avkrysset i sin kopi av faktagrunnlaget) i arbeidsboken.

    Poengene skrives på arket Forhåndsvurdering, én kolonne per deltaker; ingenting annet i
    arbeidsboken endres. Deltakeren er navnet på skjemaet (build-factbase --participant), ellers den som
    sist lagret dokumentet, ellers filnavnet. Et tema krysset av to ganger, eller et skjema for et annet
    program, år eller rammeverk, stopper alt (kode 1, ingenting skrevet). En deltaker som er samlet før,
    får de nye poengene i stedet for de gamle; samme skjema to ganger endrer ingenting.

    Eksempel: psvxl collect-scores PSV-2024.xlsx svar/*.docx
    """
    from psvxl import api

    messages, report = api.collect_scores(workbook, list(forms), participant)
    _stop_on_errors(messages is None, report, workbook, "Skjemaene ble ikke samlet. Rett feilene over og prøv igjen.",
                    warnings=False)
    click.echo("\n".join(messages or []))


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("PSV-oversikt.xlsx"),
              show_default=True, help="Oversikten som lages (.xlsx).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def overview(inputs: tuple[Path, ...], output: Path, force: bool) -> None:
    """Én rad per program for fylkeskommunen eller Innovasjon Norge, fra mange arbeidsbøker.

    Gi arbeidsbøker eller mapper (mapper gjennomsøkes for .xlsx og .xlsm). En arbeidsbok som ikke kan
    leses, eller som har feil, står med grunnen, og de andre oppsummeres likevel (kode 1).

    Eksempel: psvxl overview PSV-2024/ -o oversikt-2024.xlsx
    """
    from psvxl import api

    programmes, output = api.overview(list(inputs), output, force=force)
    left_out = [p for p in programmes if p.left_out]
    click.echo(f"Lagde {output}: {len(programmes) - len(left_out)} av {len(programmes)} programmer oppsummert.")
    for programme in left_out:
        click.echo(f"Utelatt: {programme.path.name}: {programme.problem}", err=True)
    sys.exit(1 if left_out else 0)


@cli.command("import-report")
@click.argument("reports", nargs=-1, required=True, type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Arbeidsboken som lages (.xlsx, eller .xlsm med knapper). Standard: PSV-<år>.xlsx ved siden av rapporten.")
@click.option("--program", help="Programmets navn, når rapporten ikke sier det.")
@click.option("--year", type=int, callback=_year, help="Året som ble vurdert, når rapporten ikke sier det (bare med én rapport).")
@click.option("--framework", type=EXISTING_FILE, help="Rammeverket rapporten bygger på (standard: skalaen fra "
                                                      "poenglinjene, indikatorene fra standardsettet).")
@click.option("--force", is_flag=True, help="Skriv over utfilen hvis den finnes.")
@click.option("--vis-alt", "show_all", is_flag=True, help="Vis hvor hvert avsnitt havnet, ikke bare det som ikke ble plassert.")
def import_report(reports: tuple[Path, ...], output: Path | None, program: str | None, year: int | None,
                  framework: Path | None, force: bool, show_all: bool) -> None:
    """Les PSV-rapporter skrevet i Word inn i en arbeidsbok.

    Overskrifter som Word-stiler eller fete avsnitt, punkter som lister, «•»/«-» eller nummer,
    poenglinjer med bokser, poengtabeller med kryss eller «Poeng: 4». Med flere rapporter (ett år
    hver) blir den siste arbeidsbokens år og de tidligere historikk og fjorårets totaler. Alt som
    ikke kunne plasseres, listes her og på arket Kontroll. Kode 0 når poeng eller totaler ble
    funnet, 1 når ingenting brukbart ble funnet eller en total eller poenglinje ikke kunne leses
    (da lages ingen arbeidsbok), 2 når en fil ikke kan leses.

    \b
    Eksempel: psvxl import-report PSV-rapport-2023.docx -o PSV-2023.xlsx
    Eksempel: psvxl import-report R2021.docx R2022.docx R2023.docx -o PSV-2023.xlsx
    """
    from psvxl import api

    path, result = api.import_report(list(reports), output, program, year, framework, overwrite=force)
    if show_all:
        for r in result.reports:
            click.echo(f"{r.file}, avsnitt for avsnitt:")
            for number, where, words in r.ledger:
                click.echo(f"  {number:>4}  {where:<28} «{words}»")
    _show_import(result)
    _stop_import(path, result)
    click.echo(f"Lagde {path}")


def _show_import(result: Any) -> None:
    """Per report what was not placed and what could not be read; then the ten-second summary."""
    from psvxl.formatting import score as fmt_score
    from psvxl.report_import import import_summary

    for r in result.reports:
        if r.unplaced:
            click.echo(f"{r.file}: {len(r.unplaced)} avsnitt ble ikke plassert (de står også på arket Kontroll):")
            for number, words in r.unplaced:
                click.echo(f"  avsnitt {number}: «{words}»")
        for title, count in r.skipped:
            click.echo(f"{r.file}: kapittelet «{title}» ({count} avsnitt) er ikke lest; tallene hentes fra arbeidsboken.")
        for number, words, why in r.unreadable:
            click.echo(f"{r.file}: avsnitt {number}: «{words}» kunne ikke leses: {why}.")
    for note in result.notes:
        click.echo(note)
    click.echo("Oppsummering:")
    for r in result.reports[:-1]:            # earlier years: what goes into the history
        year = f"{r.assessment.program.year}{' (fra filnavnet)' if r.year_from_name else ''}"
        click.echo(import_summary(r)[0])
        click.echo(f"  år: {year}; totaler: " + (" · ".join(f"{i.name} {fmt_score(i.total)}" for i in
                                                         r.assessment.indicators if i.total is not None) or "ingen"))
    for line in import_summary(result.reports[-1]):
        click.echo(line)
    if len(result.reports) > 1:
        a = result.assessment
        earlier = [str(r.assessment.program.year) for r in result.reports[:-1]]
        click.echo(f"Rapportene er lest i årsorden; {a.program.year} er siste år, {', '.join(earlier)} blir historikk "
                   f"(Historikk-arket og utviklingen over år); fjorårets totaler for "
                   f"{sum(i.previous_total is not None for i in a.indicators)} indikatorer.")


def _stop_import(path: Path | None, result: Any) -> None:
    if result.unreadable:
        raise Failed("En total eller poenglinje ble funnet, men kunne ikke leses (se over); ingen arbeidsbok ble "
                     "laget. Rett avsnittene i rapporten og prøv igjen.", 1)
    if path is None:
        raise Failed(f"Fant verken poeng eller totaler i {result.reports[-1].file}; ingen arbeidsbok ble laget. Er "
                     "det en PSV-rapport? Indikatorene må ha poenglinjer («☐ 1 ☐ 2 ☒ 3 …») eller «Total poengsum».", 1)


@cli.command("check-template")
@click.argument("template", type=EXISTING_FILE)
def check_template(template: Path) -> None:
    """Finn feil i en Word-mal for rapporten: ukjente felt, ubalanserte blokker, tekst som går tapt.

    Eksempel: psvxl check-template min_mal.docx
    """
    from psvxl.report.check import check_template as check

    problems = check(template)
    if not problems:
        click.echo(f"Ingen problemer funnet i {template.name}.")
        return
    click.echo(f"{len(problems)} problem(er) i {template.name}:")
    for problem in problems:
        click.echo(f"  {problem}")
    sys.exit(1)


@cli.command("check-report")
@click.argument("report", type=EXISTING_FILE)
def check_report(report: Path) -> None:
    """Finn det en ferdig rapport eller et faktagrunnlag mangler for å sendes og publiseres.

    Sjekker alternativ tekst på bilder og diagrammer, merkede overskriftsrader i tabellene,
    rekkefølgen på overskriftene og tomme overskrifter, dokumentets språk og tittel, tabeller som
    er bredere enn siden, og diagrammer der tallene som vises ikke er de samme som dataene bak.
    Virker også på en rapport som er redigert i Word etterpå. Kode 1 når noe er funnet.

    Eksempel: psvxl check-report PSV-Fjellvik-2024.docx
    """
    _check_document(report)


def _day(text: str | None) -> Any:
    """A day written the Norwegian way (01.10.2024) or as ISO (2024-10-01)."""
    import datetime as dt

    if text is None:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise click.BadParameter(f"«{text}» er ikke en dato. Skriv den som 01.10.2024.")


def _check_document(report: Path) -> None:
    from psvxl.report.check_report import check_report as check

    problems = check(report)
    if not problems:
        click.echo(f"Ingen problemer funnet i {report.name}.")
        return
    click.echo(f"{len(problems)} problem(er) i {report.name}:")
    for problem in problems:
        click.echo(f"  {problem}")
    sys.exit(1)


@cli.command("excel-setup")
@click.option("--check", is_flag=True, help="Bare sjekk om knappene vil virke, og si hva som er galt (kode 0 når alt er i orden).")
def excel_setup(check: bool) -> None:
    """Gjør maskinen klar for knappene i arbeidsboken (.xlsm).

    Skriver xlwings sin brukerinnstilling med denne Python-installasjonen, slik at knappene
    Beregn, Kontroller og Lag rapport finner psvxl. På Mac installeres også skriptet Excel
    trenger for å starte Python. Med --check endres ingenting: psvxl leser innstillingene slik
    knappene gjør, starter den Python-en de vil bruke og sier hva som eventuelt er galt.

    \b
    Eksempel: psvxl excel-setup
    Eksempel: psvxl excel-setup --check
    """
    from psvxl.workbook.macros import check_excel_setup
    from psvxl.workbook.macros import excel_setup as setup

    if check:
        ok, lines = check_excel_setup()
        for line in lines:
            click.echo(line)
        sys.exit(0 if ok else 1)

    for line in setup():
        click.echo(line)
    click.echo("Ferdig. Åpne den makroaktiverte arbeidsboken (psvxl new -o PSV.xlsm), tillat makroer og trykk Beregn.")


def _stop_on_errors(stopped: bool, report: Any, workbook: Path, why: str = "", warnings: bool = True) -> None:
    """Print the findings on stderr: all and exit 1 when the command stopped, else the warnings."""
    if stopped:
        _echo_findings(report, workbook)
        if why:
            click.echo(why, err=True)
        sys.exit(1)
    if warnings and report.warnings:
        _echo_findings(report, workbook)


def _echo_findings(report: Any, workbook: Path) -> None:
    from psvxl.text_output import findings_text

    click.echo(findings_text(report, workbook.name), err=True)


def main() -> None:
    """The console script. A termination request (SIGTERM: a closed terminal, a stopped job) unwinds
    like an error, so half-written temporary files are removed on the way out."""
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    cli(prog_name="psvxl")


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)
