"""The psvxl command line: thin commands over the library, one error boundary in `main`.

Exit codes (the command-line contract): 0 success, 1 the workbook has errors or the output cannot
be written, 2 bad usage or an unreadable input file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from psvxl import i18n
from psvxl.errors import PsvxlError
from psvxl.i18n import t
from psvxl.layout import CONTROL_SHEET, HISTORY

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
HELP_KEY = "cli."        # help texts and metavars are catalogue keys, put into words when shown


def choose_language(given: str | None, workbook: Path | None = None) -> str:
    """The language of the messages: --lang when given, else the workbook's målform for a workbook
    command, else bokmål. The one place that decides it."""
    if given:
        return given
    if workbook is not None and workbook.suffix.lower() in (".xlsx", ".xlsm") and workbook.is_file():
        from psvxl.reading.read import read_language

        return read_language(workbook)
    return i18n.DEFAULT


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["psvxl.lang"] = value
        i18n.set_language(choose_language(value))


def lang_option(f: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(i18n.LANGUAGES), callback=_set_language, expose_value=False,
                        is_eager=True, help="cli.option.lang")(f)


def _help_text(key: str) -> str:
    """A command's help from the catalogue; its examples (key.examples) kept line by line (click's \\b)."""
    text, examples = t(key), t(key + ".examples")
    return text if examples == key + ".examples" else f"{text}\n\n\b\n{examples}"


@contextmanager
def _in_words(command: click.Command) -> Iterator[None]:
    """The command's help, its options' help and metavars in the current language while they are shown."""
    saved: list[tuple[Any, str, Any]] = [(command, "help", command.help)]
    saved += [(p, attr, getattr(p, attr, None)) for p in command.params for attr in ("help", "metavar")]
    for owner, attr, value in saved:
        if isinstance(value, str) and value.startswith(HELP_KEY):
            setattr(owner, attr, _help_text(value) if attr == "help" else t(value))
    try:
        yield
    finally:
        for owner, attr, value in saved:
            setattr(owner, attr, value)


class LocalisedCommand(click.Command):
    """A command whose help comes from the catalogue, with --lang (the language of its messages)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang_option(self)

    def get_help(self, ctx: click.Context) -> str:
        with _in_words(self):
            return super().get_help(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        """Without --lang, a workbook command speaks the workbook's målform (`new --from` last year's)."""
        workbook = ctx.params.get("workbook")
        last = [p for p in ctx.params.get("last") or () if p.suffix.lower() in (".xlsx", ".xlsm")]
        workbook = workbook if isinstance(workbook, Path) else (last[0] if last else None)
        if "psvxl.lang" not in ctx.meta and isinstance(workbook, Path):
            i18n.set_language(choose_language(None, workbook))
        return super().invoke(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _in_words(self):
            return super().get_short_help_str(limit)


class Failed(click.ClickException):
    """A `PsvxlError` shown as "Feil: …" with its own exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code   # type: ignore[misc]  # click declares it on the class; ours differ

    def show(self, file: Any = None) -> None:
        click.echo(t("cli.error", error=self.format_message()), err=True)


def _dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_option(f: Callable) -> Callable:
    return click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="cli.option.format")(f)


class PsvxlGroup(click.Group):
    """The one error boundary: a `PsvxlError` becomes "Feil: …" on stderr with its exit code. Each run
    starts in bokmål (a test's runs share the process), and goes back to the language before it."""

    command_class = LocalisedCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with i18n.using(choose_language(None)):
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PsvxlError as exc:
            raise Failed(str(exc), exc.exit_code) from None
        finally:
            _echo_notes()

    def get_help(self, ctx: click.Context) -> str:
        with _in_words(self):
            return super().get_help(ctx)


def _echo_notes() -> None:
    """Where an output went when its name was taken (files.choose_output)."""
    if "psvxl.files" in sys.modules:
        for note in sys.modules["psvxl.files"].take_notes():
            click.echo(t("cli.note", note=note), err=True)


def _year(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and not 1990 <= value <= 2100:
        raise click.BadParameter(t("cli.bad-year", value=value))
    return value


@click.group(cls=PsvxlGroup, help="cli.help.main", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="psvxl")
@lang_option
def cli() -> None:
    """The commands below; their words come from the catalogue (cli.po)."""


@cli.command(help="cli.help.new")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("PSV.xlsx"),
              show_default=True, help="cli.option.new.output")
@click.option("--from-json", "from_json", type=EXISTING_FILE, help="cli.option.new.from-json")
@click.option("--from", "last", type=EXISTING_FILE, multiple=True,
              help="cli.option.new.from")
@click.option("--framework", "framework", type=EXISTING_FILE,
              help="cli.option.new.framework")
@click.option("--year", type=int, callback=_year, help="cli.option.new.year")
@click.option("--force", is_flag=True, help="cli.option.force")
@click.pass_context
def new(ctx: click.Context, output: Path, from_json: Path | None, last: tuple[Path, ...], framework: Path | None,
        year: int | None, force: bool) -> None:
    from psvxl import api

    if sum(1 for given_option in (from_json, last, framework) if given_option) > 1:
        raise click.UsageError(t("cli.new.one-source"))
    if year is not None and not last:
        raise click.UsageError(t("cli.new.year-needs-from"))
    given = ctx.get_parameter_source("output") != click.core.ParameterSource.DEFAULT
    if last:
        target = output if given else None
        if target is not None and target.exists() and not force:
            raise Failed(t("cli.new.exists", path=target), 2)
        reports = [p for p in last if p.suffix.lower() == ".docx"]
        if reports:
            if len(reports) != len(last):
                raise click.UsageError(t("cli.new.reports-only"))
            path, imported = api.carry_forward_report(reports, target, year, overwrite=force)
            _show_import(imported)
            _stop_import(path, imported)
            click.echo(t("cli.made-from", path=path, sources=", ".join(p.name for p in reports)))
            return
        if len(last) > 1:
            raise click.UsageError(t("cli.new.one-workbook"))
        last_book = last[0]
        path, report = api.carry_forward(last_book, target, year, overwrite=force)
        _stop_on_errors(path is None, report, last_book, warnings=False)
        click.echo(t("cli.made-from", path=path, sources=last_book.name))
        return
    if output.exists() and not force:
        raise Failed(t("cli.new.exists", path=output), 2)
    maalform = ctx.meta.get("psvxl.lang")          # --lang nb|nn: the new workbook's målform too
    api.new_workbook(output, from_json=from_json, framework=framework,
                     language=maalform if maalform in ("nb", "nn") else None)
    click.echo(t("cli.made", path=output))


@cli.command(help="cli.help.validate")
@click.argument("workbook", type=EXISTING_FILE)
@format_option
def validate(workbook: Path, output_format: str) -> None:
    from psvxl.text_output import findings_text
    from psvxl.validate import validate_workbook

    _, report = validate_workbook(workbook)
    lang = i18n.language()
    if output_format == "json":
        click.echo(_dump_json(report.to_json(lang)))
    else:
        click.echo(findings_text(report, workbook.name, lang))
    sys.exit(0 if report.valid else 1)


@cli.command("export-json", help="cli.help.export-json")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="cli.option.export-json.output")
@click.option("--force", is_flag=True, help="cli.option.force-own")
def export_json(workbook: Path, output: Path | None, force: bool) -> None:
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
        click.echo(t("cli.wrote", path=output), err=True)


@cli.command(help="cli.help.compute")
@click.argument("workbook", type=EXISTING_FILE)
@format_option
def compute(workbook: Path, output_format: str) -> None:
    from psvxl import api
    from psvxl.text_output import metrics_text

    metrics, report = api.compute_workbook(workbook)
    _stop_on_errors(metrics is None, report, workbook)
    assert metrics is not None   # _stop_on_errors stopped otherwise
    if output_format == "json":
        click.echo(_dump_json(metrics.to_json()))
    else:
        click.echo(metrics_text(metrics, workbook.name))


@cli.command(help="cli.help.recompute")
@click.argument("workbook", type=EXISTING_FILE)
def recompute(workbook: Path) -> None:
    from psvxl import api

    before = workbook.stat().st_mtime_ns, workbook.stat().st_size
    notes, report = api.recompute_workbook(workbook)
    _stop_on_errors(notes is None, report, workbook)
    for note in notes or []:
        click.echo(t("cli.note", note=note), err=True)
    if (workbook.stat().st_mtime_ns, workbook.stat().st_size) == before:
        click.echo(t("cli.recomputed-unchanged", name=workbook.name))     # say what was written: nothing
    else:
        click.echo(t("cli.recomputed", name=workbook.name))


@cli.command("build-report", help="cli.help.build-report")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="cli.option.build-report.output")
@click.option("--template", type=EXISTING_FILE, help="cli.option.build-report.template")
@click.option("--pdf", is_flag=True, help="cli.option.pdf")
@click.option("--force", is_flag=True, help="cli.option.force-own")
@click.option("--check", "check", is_flag=True, help="cli.option.build-report.check")
def build_report(workbook: Path, output: Path | None, template: Path | None, pdf: bool, force: bool,
                 check: bool) -> None:
    from psvxl import api

    path, report = api.build_report(workbook, output, template, force=force)
    _stop_on_errors(path is None, report, workbook, t("cli.report.stopped"))
    assert path is not None   # _stop_on_errors stopped otherwise
    click.echo(t("cli.made", path=path))
    if pdf:
        click.echo(t("cli.made", path=api.convert_to_pdf(path, force=force)))
    if check:
        _check_document(path)


@cli.command("build-factbase", help="cli.help.build-factbase")
@click.argument("workbook", type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="cli.option.build-factbase.output")
@click.option("--template", type=EXISTING_FILE, help="cli.option.build-factbase.template")
@click.option("--pdf", is_flag=True, help="cli.option.pdf")
@click.option("--participant", metavar="cli.metavar.name", help="cli.option.build-factbase.participant")
@click.option("--agenda", is_flag=True, help="cli.option.build-factbase.agenda")
@click.option("--force", is_flag=True, help="cli.option.force-own")
@click.option("--as-of", "as_of", metavar="cli.metavar.date", callback=lambda ctx, param, value: _day(value),
              help="cli.option.build-factbase.as-of")
@click.option("--check", "check", is_flag=True, help="cli.option.build-factbase.check")
def build_factbase(workbook: Path, output: Path | None, template: Path | None, pdf: bool,
                   participant: str | None = None, agenda: bool = False, force: bool = False, as_of: Any = None,
                   check: bool = False) -> None:
    from psvxl import api

    path, report = api.build_factbase(workbook, output, template, participant, force=force, as_of=as_of)
    _stop_on_errors(path is None, report, workbook, t("cli.factbase.stopped"))
    assert path is not None   # _stop_on_errors stopped otherwise
    click.echo(t("cli.made", path=path))
    if pdf:
        click.echo(t("cli.made", path=api.convert_to_pdf(path, force=force)))
    if check:
        _check_document(path)
    if agenda:
        lines, _ = api.agenda_text(workbook)
        click.echo("\n".join(lines or []))


@cli.command("collect-scores", help="cli.help.collect-scores")
@click.argument("workbook", type=EXISTING_FILE)
@click.argument("forms", nargs=-1, required=True, type=EXISTING_FILE)
@click.option("--participant", metavar="cli.metavar.name",
              help="cli.option.collect-scores.participant")
def collect_scores(workbook: Path, forms: tuple[Path, ...], participant: str | None) -> None:
    from psvxl import api

    messages, report = api.collect_scores(workbook, list(forms), participant)
    _stop_on_errors(messages is None, report, workbook, t("cli.collect.stopped"),
                    warnings=False)
    click.echo("\n".join(messages or []))


@cli.command(help="cli.help.overview")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("PSV-oversikt.xlsx"),
              show_default=True, help="cli.option.overview.output")
@click.option("--force", is_flag=True, help="cli.option.force-own")
def overview(inputs: tuple[Path, ...], output: Path, force: bool) -> None:
    from psvxl import api

    programmes, output = api.overview(list(inputs), output, force=force)
    left_out = [p for p in programmes if p.left_out]
    click.echo(t("cli.overview.made", path=output, summarised=len(programmes) - len(left_out), count=len(programmes)))
    for programme in left_out:
        click.echo(t("cli.overview.left-out", name=programme.path.name, problem=programme.problem), err=True)
    sys.exit(1 if left_out else 0)


@cli.command("import-report", help="cli.help.import-report")
@click.argument("reports", nargs=-1, required=True, type=EXISTING_FILE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="cli.option.import-report.output")
@click.option("--program", help="cli.option.import-report.program")
@click.option("--year", type=int, callback=_year, help="cli.option.import-report.year")
@click.option("--framework", type=EXISTING_FILE, help="cli.option.import-report.framework")
@click.option("--force", is_flag=True, help="cli.option.force")
@click.option("--vis-alt", "show_all", is_flag=True, help="cli.option.import-report.show-all")
def import_report(reports: tuple[Path, ...], output: Path | None, program: str | None, year: int | None,
                  framework: Path | None, force: bool, show_all: bool) -> None:
    from psvxl import api
    from psvxl.wordimport.result import place_name

    path, result = api.import_report(list(reports), output, program, year, framework, overwrite=force)
    if show_all:
        for r in result.reports:
            click.echo(t("cli.import.ledger", file=r.file))
            for number, where, words in r.ledger:
                click.echo(f"  {number:>4}  {place_name(where):<28} «{words}»")
    _show_import(result)
    _stop_import(path, result)
    click.echo(t("cli.made", path=path))


def _show_import(result: Any) -> None:
    """Per report what was not placed and what could not be read; then the ten-second summary."""
    from psvxl.formatting import score as fmt_score
    from psvxl.report_import import import_summary

    for r in result.reports:
        if r.unplaced:
            click.echo(t("cli.import.unplaced", file=r.file, count=len(r.unplaced), sheet=CONTROL_SHEET))
            for number, words in r.unplaced:
                click.echo(t("cli.import.paragraph", number=number, words=words))
        for title, count in r.skipped:
            click.echo(t("cli.import.skipped", file=r.file, title=title, count=count))
        for number, words, why in r.unreadable:
            click.echo(t("cli.import.unreadable", file=r.file, number=number, words=words, why=why))
    for note in result.notes:
        click.echo(note)
    click.echo(t("cli.import.summary"))
    for r in result.reports[:-1]:            # earlier years: what goes into the history
        year = f"{r.assessment.program.year}{t('cli.import.year-from-name') if r.year_from_name else ''}"
        totals = " · ".join(f"{i.name} {fmt_score(i.total)}" for i in r.assessment.indicators if i.total is not None)
        click.echo(import_summary(r)[0])
        click.echo(t("cli.import.year-totals", year=year, totals=totals or t("cli.import.none")))
    for line in import_summary(result.reports[-1]):
        click.echo(line)
    if len(result.reports) > 1:
        a = result.assessment
        earlier = [str(r.assessment.program.year) for r in result.reports[:-1]]
        click.echo(t("cli.import.years", year=a.program.year, earlier=", ".join(earlier), sheet=HISTORY.name,
                     count=sum(i.previous_total is not None for i in a.indicators)))


def _stop_import(path: Path | None, result: Any) -> None:
    if result.unreadable:
        raise Failed(t("cli.import.unreadable-stop"), 1)
    if path is None:
        raise Failed(t("cli.import.nothing", file=result.reports[-1].file), 1)


@cli.command("check-template", help="cli.help.check-template")
@click.argument("template", type=EXISTING_FILE)
def check_template(template: Path) -> None:
    from psvxl.report.check import check_template as check

    _show_problems(check(template), template)


@cli.command("check-report", help="cli.help.check-report")
@click.argument("report", type=EXISTING_FILE)
def check_report(report: Path) -> None:
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
    raise click.BadParameter(t("cli.bad-date", value=text))


def _check_document(report: Path) -> None:
    from psvxl.report.check_report import check_report as check

    _show_problems(check(report), report)


def _show_problems(problems: Sequence[object], document: Path) -> None:
    """What check-template and check-report found in `document`, one line each; exit code 1 if anything."""
    if not problems:
        click.echo(t("cli.check.clean", name=document.name))
        return
    click.echo(t("cli.check.found", count=len(problems), name=document.name))
    for problem in problems:
        click.echo(f"  {problem}")
    sys.exit(1)


@cli.command("excel-setup", help="cli.help.excel-setup")
@click.option("--check", is_flag=True, help="cli.option.excel-setup.check")
def excel_setup(check: bool) -> None:
    from psvxl.workbook.macros import check_excel_setup
    from psvxl.workbook.macros import excel_setup as setup

    if check:
        ok, lines = check_excel_setup()
        for line in lines:
            click.echo(line)
        sys.exit(0 if ok else 1)

    for line in setup():
        click.echo(line)
    click.echo(t("cli.excel-setup.done"))


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
