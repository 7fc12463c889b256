"""The library's front door: what the CLI and the Excel buttons call. No click, no xlwings here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psvxl import layout
from psvxl.errors import InputError
from psvxl.findings import ERROR
from psvxl.i18n import t
from psvxl.metrics import Metrics, compute
from psvxl.model import Assessment, FormatError
from psvxl.templates import MACRO_TEMPLATE, WORKBOOK_TEMPLATE
from psvxl.validate import Report, figures_blocked, validate_workbook
from psvxl.reading.prescore_sheet import SHEET as PRESCORE_SHEET
from psvxl.reading.read import ReadResult

# What the meeting itself fills in: before it, the fact base neither needs nor mentions it.
MEETING_OUTCOME = {"score-missing", "total-missing", "indicator-not-assessed"}


def load_json(path: Path) -> Assessment:
    """An assessment from a data-format file. Raises `InputError` with the reason."""
    from psvxl.jsonsafe import JsonFileError, read_json

    try:
        data = read_json(path)
    except JsonFileError as exc:
        raise InputError(str(exc)) from None
    try:
        return Assessment.from_json(data)
    except FormatError as exc:
        raise InputError(t("api.not-psvxl-format", file=path.name, error=exc)) from None


def new_workbook(output: Path, from_json: Path | None = None, assessment: Assessment | None = None,
                 source: Path | None = None, framework: Path | None = None, language: str | None = None) -> None:
    """Write a blank workbook from the template (or for another framework file), or one filled from
    JSON or an assessment. A bad framework file raises `FrameworkError` and writes nothing. `language`
    ("nb", "nn"), when given, is the new workbook's målform."""
    from psvxl.files import atomic_write, check_output
    from psvxl.workbook.build import blank_assessment, build_workbook

    if from_json is not None:
        assessment = load_json(from_json)
    if framework is not None:
        from psvxl.framework import load_framework

        assessment = blank_assessment(*load_framework(framework))
    if language is not None and (assessment is not None or language != "nb"):
        assessment = assessment or blank_assessment(language=language)   # the standard set in its målform
        assessment.program.language = language
    check_output(output, *(p for p in (from_json, source, framework) if p is not None))
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(t("api.workbook-suffix", suffix=output.suffix))
    macro = output.suffix.lower() == ".xlsm"
    data: bytes | None
    if assessment is None:   # the shipped template, as committed
        data = (MACRO_TEMPLATE if macro else WORKBOOK_TEMPLATE).read_bytes()
    else:
        data = build_workbook(assessment, vba_project=_vba_project() if macro else None, buttons=macro)
    assert data is not None
    atomic_write(output, data, remember=False)     # a workbook is a person's file from the start


def carry_forward(last: Path, output: Path | None = None, year: int | None = None,
                  overwrite: bool = False) -> tuple[Path | None, Report]:
    """Next year's workbook from last year's. None (and nothing written) when values in LAST cannot
    be read: they would be lost. LAST itself is only read."""
    from psvxl.carry import next_year

    result, report = validate_workbook(last)
    if (lost := _unreadable(result)) is not None:
        return None, lost
    nxt = next_year(result.assessment, year)
    if output is None:
        name = f"PSV-{nxt.program.year}{last.suffix.lower()}" if nxt.program.year else f"PSV-neste{last.suffix.lower()}"
        output = last.with_name(name)
    if output.exists() and not overwrite:
        raise InputError(t("api.exists", path=output))
    new_workbook(output, assessment=nxt, source=last)
    return output, report


def import_report(reports: Path | list[Path], output: Path | None = None, program: str | None = None,
                  year: int | None = None, framework: Path | None = None, overwrite: bool = False
                  ) -> tuple[Path | None, Any]:
    """PSV reports made in Word into a workbook of the latest year, the earlier years as its history.
    Returns (the workbook, or None when nothing usable was found or a total or score line could not
    be read, and nothing was written; the `YearsResult` with what each report did not place)."""
    from psvxl.report_import import read_reports
    from psvxl.workbook.build import build_workbook

    paths = [reports] if isinstance(reports, Path) else list(reports)
    rules = None
    if framework is not None:
        from psvxl.framework import load_framework

        rules = load_framework(framework)
    result = read_reports(paths, rules, program, year)
    if not result.usable or result.unreadable:
        return None, result
    a = result.assessment
    if output is None:
        latest = paths[-1] if len(paths) == 1 else next(p for p in paths if p.name == result.reports[-1].file)
        output = latest.with_name(f"PSV-{a.program.year}.xlsx" if a.program.year else f"{latest.stem}.xlsx")
    _write_imported(output, a, paths, result, overwrite, build_workbook)
    return output, result


def _import_notes(result: Any) -> list[tuple[str, str, str, str, str]]:
    """What each report did not place, for the Kontroll sheet."""
    return [(t("workbook.control.unplaced"), r.file, t("workbook.control.unplaced.where", number=number),
             t("workbook.control.unplaced.message", words=words), "import-unplaced")
            for r in result.reports for number, words in r.unplaced]


def _write_imported(output: Path, a: Assessment, sources: list[Path], result: Any, overwrite: bool,
                    build: Any) -> None:
    from psvxl.files import atomic_write, check_output

    if output.exists() and not overwrite:
        raise InputError(t("api.exists", path=output))
    check_output(output, *sources)
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(t("api.workbook-suffix", suffix=output.suffix))
    macro = output.suffix.lower() == ".xlsm"
    data = build(a, vba_project=_vba_project() if macro else None, buttons=macro, notes=_import_notes(result))
    assert data is not None
    atomic_write(output, data, remember=False)


def carry_forward_report(lasts: Path | list[Path], output: Path | None = None, year: int | None = None,
                         overwrite: bool = False) -> tuple[Path | None, Any]:
    """Next year's workbook from last year's Word report (or several yearly reports): import, then carry
    forward as from a workbook; what the reports did not place goes on the Kontroll sheet."""
    from psvxl.carry import next_year
    from psvxl.report_import import read_reports
    from psvxl.workbook.build import build_workbook

    paths = [lasts] if isinstance(lasts, Path) else list(lasts)
    result = read_reports(paths)
    if not result.usable or result.unreadable:
        return None, result
    nxt = next_year(result.assessment, year)
    if output is None:
        output = paths[-1].with_name(f"PSV-{nxt.program.year}.xlsx" if nxt.program.year else "PSV-neste.xlsx")
    _write_imported(output, nxt, paths, result, overwrite, build_workbook)
    return output, result


def _vba_project() -> bytes:
    from psvxl.workbook.macros import vba_project

    return vba_project()


def export(workbook: Path) -> tuple[dict[str, Any] | None, Report]:
    """The data format of a workbook, or None when values could not be read (they would be lost)."""
    result, report = validate_workbook(workbook)
    if (lost := _unreadable(result)) is not None:
        return None, lost
    return result.assessment.to_json(), report


def _unreadable(result: ReadResult) -> Report | None:
    """The reader's errors (values or columns it could not read), which would be lost if we went on."""
    errors = [f for f in result.findings if f.severity == ERROR]
    return Report(sorted(errors, key=lambda f: f.sort_key())) if errors else None


def compute_workbook(workbook: Path) -> tuple[Metrics | None, Report]:
    """The figures, or None when errors make them meaningless (the report says which)."""
    result, report = validate_workbook(workbook)
    if figures_blocked(report):
        return None, report
    return compute(result.assessment), report


def recompute_workbook(workbook: Path) -> tuple[list[str] | None, Report]:
    """Write the figures into the workbook's result cells. None when errors block the figures."""
    from psvxl.metrics import compute as compute_metrics
    from psvxl.results import plan_results
    from psvxl.workbook.writeback import check_writable_workbook, write_results

    check_writable_workbook(workbook)     # what stops the write, before the whole read
    result, report = validate_workbook(workbook)
    if figures_blocked(report):
        return None, report
    plan = plan_results(result, compute_metrics(result.assessment))
    return write_results(workbook, plan), report


MAX_NAME_BYTES = 150


def default_report_name(assessment: Assessment, workbook: Path) -> Path:
    """PSV-<programme>-<year>.docx beside the workbook."""
    import re

    name = re.sub(r"[^\w\-]+", "-", assessment.program.name or workbook.stem).strip("-") or "programmet"
    # A file name holds 255 bytes (æ/ø/å take two); room is left for «Faktagrunnlag-», « (2)», the year.
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[: len(name) - 1].rstrip("-")
    year = assessment.program.year
    return workbook.with_name(f"PSV-{name}-{year}.docx" if year else f"PSV-{name}.docx")


def build_report(workbook: Path, output: Path | None = None, template: Path | None = None, force: bool = False
                 ) -> tuple[Path | None, Report]:
    """Validate, then write the Word report. None (and nothing written) when the workbook has errors."""
    result, report = validate_workbook(workbook)
    if not report.valid:
        return None, report
    return write_report(result.assessment, output or default_report_name(result.assessment, workbook),
                        workbook, template, force=force), report


def write_report(assessment: Assessment, output: Path, workbook: Path, template: Path | None = None,
                 default_template: Path | None = None, finish: Any = None, force: bool = False,
                 as_of: Any = None) -> Path:
    """Render an assessment's report (or fact base) to `output` (atomically; never over the workbook,
    nor over a file psvxl did not write or that was edited since: then beside it). `finish` may change
    the .docx bytes before they are written (the fact base's form marks)."""
    from psvxl.files import atomic_write, check_output, choose_output
    from psvxl.metrics import compute as compute_metrics
    from psvxl.report.render import render_report

    inputs = (workbook, *([template] if template else []))
    check_output(output, *inputs)
    data = render_report(assessment, compute_metrics(assessment), template or default_template, as_of)
    output = choose_output(output, *inputs, force=force)
    atomic_write(output, finish(data) if finish is not None else data)
    return output


def build_factbase(workbook: Path, output: Path | None = None, template: Path | None = None,
                   participant: str | None = None, force: bool = False, as_of: Any = None
                   ) -> tuple[Path | None, Report]:
    """The faktagrunnlag before the meeting: needs no scores or texts. None (nothing written) only when
    errors make the figures themselves meaningless. It is also the pre-score form (report/forms.py);
    `participant` puts a name on this copy. Its figures are as of `as_of` (a date; today when not given)."""
    import datetime as dt

    from psvxl.report.forms import mark_form
    from psvxl.templates import FACTBASE_TEMPLATE

    result, full = validate_workbook(workbook)
    report = Report([f for f in full.findings if f.code not in MEETING_OUTCOME])
    if figures_blocked(report):
        return None, report
    name = default_report_name(result.assessment, workbook)
    default = name.with_name("Faktagrunnlag-" + name.name.removeprefix("PSV-"))
    if participant:
        default = default.with_name(f"{default.stem}-{_file_part(participant)}{default.suffix}")
    return write_report(result.assessment, output or default, workbook, template, FACTBASE_TEMPLATE,
                        finish=lambda data: mark_form(data, result.assessment, participant), force=force,
                        as_of=as_of or dt.date.today()), report


def _file_part(text: str) -> str:
    import re

    return re.sub(r"[^\w\-]+", "-", text).strip("-") or "deltaker"


def overview(inputs: list[Path], output: Path, force: bool = False) -> tuple[list[Any], Path]:
    """The adviser's overview of the workbooks (and folders of workbooks) named, written atomically
    to `output`, or beside it when that is a file psvxl did not write (never over an input). Returns
    every programme, those left out with their reason, and where the overview went."""
    from psvxl.files import atomic_write, check_output, choose_output, written_by_psvxl
    from psvxl.overview import build_overview, find_workbooks, read_programmes

    if output.suffix.lower() != ".xlsx":
        raise InputError(t("api.overview-suffix", suffix=output.suffix))
    check_output(output, *(p for p in inputs if p.is_file()))
    paths = find_workbooks(inputs)
    # Last run's overview in the folder is no workbook to summarise; any other file there is one.
    ours = written_by_psvxl(output)
    paths = [p for p in paths if not (ours and _same_file(p, output))]
    if not paths:
        raise InputError(t("api.no-workbooks", inputs=", ".join(str(p) for p in inputs)))
    check_output(output, *paths)
    programmes = read_programmes(paths)
    data = build_overview(programmes)
    output = choose_output(output, *paths, force=force)
    atomic_write(output, data)
    return programmes, output


def _same_file(a: Path, b: Path) -> bool:
    import os

    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


REPORT_FONT, METRIC_TWIN = "Calibri", "Carlito"


def report_font_available() -> bool | None:
    """Whether fontconfig has Calibri or its metric-compatible twin Carlito (LibreOffice uses Carlito
    in Calibri's place, so page breaks fall as in Word). None when fontconfig cannot be asked."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        families = subprocess.run([fc_list, ":", "family"], check=False, capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names = {name.strip().casefold() for line in families.splitlines() for name in line.split(",")}
    return REPORT_FONT.casefold() in names or METRIC_TWIN.casefold() in names


_font_warned = False


def _warn_without_report_font() -> None:
    global _font_warned
    if _font_warned or report_font_available() is not False:
        return
    _font_warned = True
    import sys

    print(t("api.no-report-font"), file=sys.stderr)


def convert_to_pdf(docx: Path, force: bool = False) -> Path:
    """A PDF beside the report, made by LibreOffice: tagged, titled, its contents with page numbers.
    Raises `OutputError` with how to get it."""
    import sys

    from psvxl.files import choose_output
    from psvxl.report.pdf import export_pdf

    _warn_without_report_font()
    target = choose_output(docx.with_suffix(".pdf"), docx, force=force)
    for note in export_pdf(docx, target):
        print(t("cli.note", note=note), file=sys.stderr)
    return target


# Sheets whose values the pre-scores depend on: the programme (name, year, framework), the themes.
PRESCORE_SHEETS = {layout.sheet_key(name) for name in
                   (layout.PROGRAM_SHEET, layout.INDICATORS.name, layout.ASSESSMENTS.name, PRESCORE_SHEET)}


def collect_scores(workbook: Path, forms: list[Path], participant: str | None = None
                   ) -> tuple[list[str] | None, Report]:
    """Take the participants' ticked forms into the workbook's Forhåndsvurdering sheet, in place
    (workbook/prescore_write.py: only that sheet changes, atomically). Returns the messages for the user,
    or None (nothing written) when the workbook's own errors stop it. Raises `CollectError` for forms
    that cannot be taken, naming file and theme (nothing written)."""
    from psvxl.collect import collect
    from psvxl.workbook.prescore_write import write_prescores

    result, report = validate_workbook(workbook)
    blocking = [f for f in result.findings if f.severity == ERROR and f.sheet and layout.sheet_key(f.sheet) in PRESCORE_SHEETS]
    if blocking:
        return None, Report(sorted(blocking, key=lambda f: f.sort_key()))
    collected = collect(result.assessment, forms, participant)
    result.assessment.prescores = collected.prescores
    changed = write_prescores(workbook, result.assessment)
    count = len(collected.participants)
    collected.messages.append(t("api.collected" if count == 1 else "api.collected-many", file=workbook.name,
                                sheet=result.sheet_name(PRESCORE_SHEET), count=count) + ("." if changed else t("api.collected-unchanged")))
    return collected.messages, report


def agenda_text(workbook: Path) -> tuple[list[str] | None, Report]:
    """The meeting's order of themes, widest spread of pre-scores first, as lines (no names)."""
    from psvxl.report.prescore_context import prescore_context

    metrics, report = compute_workbook(workbook)
    if metrics is None:
        return None, report
    result, _ = validate_workbook(workbook)
    context = prescore_context(result.assessment, metrics)
    if not context["has"]:
        return [t("api.agenda.none")], report
    lines = [t("api.agenda.title", participants=context["participants"])]
    for x in context["agenda"]:
        flag = t("api.agenda.discuss") if x["discuss"] else ""
        lines.append(f"{x['number']:>3}. " + t("api.agenda.theme", indicator=x["indicator"], theme=x["theme"],
                                                mean=x["mean"], range=x["range"], spread=x["spread"], n=x["n"]) + flag)
    return lines, report
