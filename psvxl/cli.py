"""The psvxl command line: thin commands over the library, one error boundary in `main`.

Exit codes (the command-line contract): 0 success, 1 the workbook has errors or the output cannot
be written, 2 bad usage or an unreadable input file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

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
@click.option("--from", "last", type=EXISTING_FILE,
              help="Neste års arbeidsbok fra fjorårets (.xlsx, .xlsm eller Word-rapporten .docx): temaer, portefølje og "
                   "budsjett følger med, poeng og totaler blir «fjorårets», anbefalte tiltak listes til oppfølging.")
@click.option("--framework", "framework", type=EXISTING_FILE,
              help="En tom arbeidsbok for et annet indikatorsett (en rammeverksfil, se docs/rammeverk.md).")
@click.option("--year", type=int, help="Året som skal vurderes (med --from; standard: fjorårets år + 1).")
@click.option("--force", is_flag=True, help="Skriv over utfilen hvis den finnes.")
@click.pass_context
def new(ctx: click.Context, output: Path, from_json: Path | None, last: Path | None, framework: Path | None,
        year: int | None, force: bool) -> None:
    """Lag en ny arbeidsbok fra malen, tom, fylt fra JSON eller videreført fra fjorårets.

    \b
    Eksempel: psvxl new -o PSV-2024.xlsx
    Eksempel: psvxl new --framework examples/rammeverk-12-indikatorer.json -o PSV-2024.xlsx
    Eksempel: psvxl new --from PSV-2024.xlsm -o PSV-2025.xlsm
    """
    from psvxl import api

    if sum(1 for given_option in (from_json, last, framework) if given_option) > 1:
        raise click.UsageError("Bruk bare én av --from-json, --from og --framework.")
    if year is not None and last is None:
        raise click.UsageError("--year hører sammen med --from.")
    given = ctx.get_parameter_source("output") != click.core.ParameterSource.DEFAULT
    if last is not None:
        target = output if given else None
        if target is not None and target.exists() and not force:
            raise Failed(f"{target} finnes allerede. Velg et annet navn, eller bruk --force for å skrive over.", 2)
        if last.suffix.lower() == ".docx":
            path, imported = api.carry_forward_report(last, target, year, overwrite=force)
            _show_import(imported)
            if path is None:
                raise Failed(f"Fant verken poeng eller totaler i {last.name}; ingen arbeidsbok ble laget.", 1)
            click.echo(f"Lagde {path} (fra {last.name})")
            return
        path, report = api.carry_forward(last, target, year, overwrite=force)
        _stop_on_errors(path is None, report, last, warnings=False)
        click.echo(f"Lagde {path} (fra {last.name})")
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
def export_json(workbook: Path, output: Path | None) -> None:
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
        from psvxl.files import atomic_write, check_output

        check_output(output, workbook)
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

    before = workbook.stat().st_mtime_ns, workbook.stat().st_size
    notes, report = api.recompute_workbook(workbook)
    _stop_on_errors(notes is None, report, workbook)
    for note in notes:
        click.echo(f"Merk: {note}", err=True)
    if (workbook.stat().st_mtime_ns, workbook.stat().st_size) == before:
        # Say what was written: nothing, when the results already stood there.
        click.echo(f"Resultatene i {workbook.name} var allerede oppdatert; ingenting ble skrevet.")
    else:
        click.echo(f"Oppdaterte resultatene i {workbook.name}")


@cli.command("build-report")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Rapportfilen (.docx). Standard: PSV-<program>-<år>.docx ved siden av arbeidsboken.")
@click.option("--template", type=EXISTING_FILE, help="En egen Word-mal (se «psvxl check-template»).")
@click.option("--pdf", is_flag=True, help="Lag også en PDF (krever LibreOffice).")
def build_report(workbook: Path, output: Path | None, template: Path | None, pdf: bool) -> None:
    """Lag Word-rapporten fra arbeidsboken.

    Arbeidsboken kontrolleres først: feil stopper rapporten (kode 1, ingen fil skrives), advarsler
    skrives ut og rapporten lages.

    Eksempel: psvxl build-report PSV-2024.xlsx -o rapport.docx --pdf
    """
    from psvxl import api

    path, report = api.build_report(workbook, output, template)
    _stop_on_errors(path is None, report, workbook, "Rapporten ble ikke laget. Rett feilene over og prøv igjen.")
    click.echo(f"Lagde {path}")
    if pdf:
        click.echo(f"Lagde {api.convert_to_pdf(path)}")


@cli.command("build-factbase")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Faktagrunnlaget (.docx). Standard: Faktagrunnlag-<program>-<år>.docx ved siden av arbeidsboken.")
@click.option("--template", type=EXISTING_FILE, help="En egen Word-mal for faktagrunnlaget.")
@click.option("--pdf", is_flag=True, help="Lag også en PDF (krever LibreOffice).")
def build_factbase(workbook: Path, output: Path | None, template: Path | None, pdf: bool) -> None:
    """Lag faktagrunnlaget som sendes til PSV-teamet før møtet.

    Trenger ingen poeng eller vurderinger: nøkkeltall, portefølje, budsjett, arbeidsplasser mot målet,
    fjorårets totaler og oppfølging, og dagens indikatorer med tomme poenglinjer. Stopper (kode 1,
    ingen fil) bare når tallene selv ikke kan regnes ut.

    Eksempel: psvxl build-factbase PSV-2024.xlsx --pdf
    """
    from psvxl import api

    path, report = api.build_factbase(workbook, output, template)
    _stop_on_errors(path is None, report, workbook, "Faktagrunnlaget ble ikke laget. Rett feilene over og prøv igjen.")
    click.echo(f"Lagde {path}")
    if pdf:
        click.echo(f"Lagde {api.convert_to_pdf(path)}")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("PSV-oversikt.xlsx"),
              show_default=True, help="Oversikten som lages (.xlsx).")
def overview(inputs: tuple[Path, ...], output: Path) -> None:
    """Én rad per program for fylkeskommunen eller Innovasjon Norge, fra mange arbeidsbøker.

    Gi arbeidsbøker eller mapper (mapper gjennomsøkes for .xlsx og .xlsm). En arbeidsbok som ikke kan
    leses, eller som har feil, står med grunnen, og de andre oppsummeres likevel (kode 1).

    Eksempel: psvxl overview PSV-2024/ -o oversikt-2024.xlsx
    """
    from psvxl import api

    programmes = api.overview(list(inputs), output)
    left_out = [p for p in programmes if p.left_out]
    click.echo(f"Lagde {output}: {len(programmes) - len(left_out)} av {len(programmes)} programmer oppsummert.")
    for programme in left_out:
        click.echo(f"Utelatt: {programme.path.name}: {programme.problem}", err=True)
    sys.exit(1 if left_out else 0)


@cli.command("import-report")
@click.argument("report", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Arbeidsboken som lages (.xlsx, eller .xlsm med knapper). Standard: PSV-<år>.xlsx ved siden av rapporten.")
@click.option("--program", help="Programmets navn, når rapporten ikke sier det.")
@click.option("--year", type=int, help="Året som ble vurdert, når rapporten ikke sier det.")
@click.option("--framework", type=EXISTING_FILE, help="Rammeverket rapporten bygger på (standard: standardsettet).")
@click.option("--force", is_flag=True, help="Skriv over utfilen hvis den finnes.")
def import_report(report: Path, output: Path | None, program: str | None, year: int | None,
                  framework: Path | None, force: bool) -> None:
    """Les en PSV-rapport skrevet i Word inn i en arbeidsbok for det året.

    Overskrifter som Word-stiler eller fete avsnitt, punkter som lister eller «•»/«-», poenglinjer
    i avsnitt eller tabellrader. Det som ikke kunne plasseres, listes her og på arket Kontroll.
    Kode 0 når poeng eller totaler ble funnet, 1 når ingenting brukbart ble funnet, 2 når filen
    ikke kan leses.

    Eksempel: psvxl import-report PSV-rapport-2023.docx -o PSV-2023.xlsx
    """
    from psvxl import api

    path, result = api.import_report(report, output, program, year, framework, overwrite=force)
    _show_import(result)
    if path is None:
        raise Failed(f"Fant verken poeng eller totaler i {report.name}; ingen arbeidsbok ble laget. Er det en "
                     "PSV-rapport? Indikatorene må ha poenglinjer («☐ 1 ☐ 2 ☒ 3 …») eller «Total poengsum».", 1)
    click.echo(f"Lagde {path}")


def _show_import(result: Any) -> None:
    from psvxl.report_import import import_summary

    for line in import_summary(result):
        click.echo(line)
    if result.unplaced:
        click.echo(f"{len(result.unplaced)} avsnitt ble ikke plassert (de står også på arket Kontroll):")
        for number, words in result.unplaced:
            click.echo(f"  avsnitt {number}: «{words}»")


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
    from psvxl.workbook.macros import check_excel_setup, excel_setup as setup

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
    """The console script."""
    cli(prog_name="psvxl")
