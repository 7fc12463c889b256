"""The library's front door: what the CLI and the Excel buttons call. No click, no xlwings here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psvxl.errors import InputError
from psvxl.findings import ERROR
from psvxl.metrics import Metrics, compute
from psvxl.model import Assessment, FormatError
from psvxl.templates import MACRO_TEMPLATE, WORKBOOK_TEMPLATE
from psvxl.validate import Report, validate_workbook
from psvxl.workbook.read import ReadResult

# Errors that leave the figures meaningful: the meeting is still scoring, and the Beregn button
# must show means and suggested totals before the agreed totals are set.
NON_BLOCKING_FOR_FIGURES = {"score-missing", "total-missing"}
# What the meeting itself fills in: before it, the fact base neither needs nor mentions it.
MEETING_OUTCOME = {"score-missing", "total-missing", "indicator-not-assessed"}


def load_json(path: Path) -> Assessment:
    """An assessment from a data-format file. Raises `InputError` with the reason."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Kan ikke lese {path.name}: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}): {exc.msg}.") from None
    try:
        return Assessment.from_json(data)
    except FormatError as exc:
        raise InputError(f"{path.name} følger ikke psvxl-formatet: {exc}") from None


def new_workbook(output: Path, from_json: Path | None = None, assessment: Assessment | None = None,
                 source: Path | None = None, framework: Path | None = None) -> None:
    """Write a blank workbook from the template (or for another framework file), or one filled from
    JSON or an assessment. A bad framework file raises `FrameworkError` and writes nothing."""
    from psvxl.files import atomic_write, check_output
    from psvxl.workbook.build import blank_assessment, build_workbook

    if from_json is not None:
        assessment = load_json(from_json)
    if framework is not None:
        from psvxl.framework import load_framework

        assessment = blank_assessment(*load_framework(framework))
    check_output(output, *(p for p in (from_json, source, framework) if p is not None))
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(f"Utfilen må slutte på .xlsx eller .xlsm, ikke «{output.suffix}».")
    macro = output.suffix.lower() == ".xlsm"
    if assessment is None:   # the shipped template, as committed
        data = (MACRO_TEMPLATE if macro else WORKBOOK_TEMPLATE).read_bytes()
    else:
        data = build_workbook(assessment, vba_project=_vba_project() if macro else None, buttons=macro)
    assert data is not None
    atomic_write(output, data)


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
        raise InputError(f"{output} finnes allerede. Velg et annet navn med -o, eller bruk --force.")
    new_workbook(output, assessment=nxt, source=last)
    return output, report


def import_report(report: Path, output: Path | None = None, program: str | None = None, year: int | None = None,
                  framework: Path | None = None, overwrite: bool = False) -> tuple[Path | None, Any]:
    """A PSV report made in Word into a workbook of that year. Returns (the workbook, or None when
    nothing usable was found and nothing was written; the import result with what was not placed)."""
    from psvxl.files import atomic_write, check_output
    from psvxl.report_import import read_report
    from psvxl.workbook.build import build_workbook

    rules = None
    if framework is not None:
        from psvxl.framework import load_framework

        rules = load_framework(framework)
    result = read_report(report, rules, program, year)
    if not result.usable:
        return None, result
    a = result.assessment
    if output is None:
        output = report.with_name(f"PSV-{a.program.year}.xlsx" if a.program.year else f"{report.stem}.xlsx")
    if output.exists() and not overwrite:
        raise InputError(f"{output} finnes allerede. Velg et annet navn med -o, eller bruk --force.")
    check_output(output, report)
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(f"Utfilen må slutte på .xlsx eller .xlsm, ikke «{output.suffix}».")
    notes = [("ikke plassert", report.name, f"avsnitt {number}",
              f"«{words}» ble ikke plassert. Før det inn på riktig ark hvis det hører med.", "import-unplaced")
             for number, words in result.unplaced]
    macro = output.suffix.lower() == ".xlsm"
    data = build_workbook(a, vba_project=_vba_project() if macro else None, buttons=macro, notes=notes)
    assert data is not None
    atomic_write(output, data)
    return output, result


def carry_forward_report(last: Path, output: Path | None = None, year: int | None = None,
                         overwrite: bool = False) -> tuple[Path | None, Any]:
    """Next year's workbook from last year's Word report: import, then carry forward as from a workbook."""
    from psvxl.carry import next_year
    from psvxl.report_import import read_report

    result = read_report(last)
    if not result.usable:
        return None, result
    nxt = next_year(result.assessment, year)
    if output is None:
        output = last.with_name(f"PSV-{nxt.program.year}.xlsx" if nxt.program.year else "PSV-neste.xlsx")
    if output.exists() and not overwrite:
        raise InputError(f"{output} finnes allerede. Velg et annet navn med -o, eller bruk --force.")
    new_workbook(output, assessment=nxt, source=last)
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


def figures_blocked(report: Report) -> bool:
    return any(f.code not in NON_BLOCKING_FOR_FIGURES for f in report.errors)


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
    from psvxl.workbook.writeback import write_results

    result, report = validate_workbook(workbook)
    if figures_blocked(report):
        return None, report
    plan = plan_results(result, compute_metrics(result.assessment))
    return write_results(workbook, plan), report


def default_report_name(assessment: Assessment, workbook: Path) -> Path:
    """PSV-<programme>-<year>.docx beside the workbook."""
    import re

    name = re.sub(r"[^\w\-]+", "-", assessment.program.name or workbook.stem).strip("-") or "programmet"
    year = assessment.program.year
    return workbook.with_name(f"PSV-{name}-{year}.docx" if year else f"PSV-{name}.docx")


def build_report(workbook: Path, output: Path | None = None, template: Path | None = None
                 ) -> tuple[Path | None, Report]:
    """Validate, then write the Word report. None (and nothing written) when the workbook has errors."""
    result, report = validate_workbook(workbook)
    if not report.valid:
        return None, report
    return write_report(result.assessment, output or default_report_name(result.assessment, workbook),
                        workbook, template), report


def write_report(assessment: Assessment, output: Path, workbook: Path, template: Path | None = None,
                 default_template: Path | None = None, as_of: Any = None) -> Path:
    """Render an assessment's report (or fact base) to `output` (atomically; never over the workbook)."""
    from psvxl.files import atomic_write, check_output
    from psvxl.metrics import compute as compute_metrics
    from psvxl.report.render import render_report

    check_output(output, workbook, *([template] if template else []))
    atomic_write(output, render_report(assessment, compute_metrics(assessment), template or default_template, as_of))
    return output


def build_factbase(workbook: Path, output: Path | None = None, template: Path | None = None,
                   as_of: Any = None) -> tuple[Path | None, Report]:
    """The faktagrunnlag before the meeting: needs no scores or texts. None (nothing written) only when
    errors make the figures themselves meaningless. Its figures are as of `as_of` (a date; today when
    not given)."""
    import datetime as dt

    from psvxl.templates import FACTBASE_TEMPLATE

    result, full = validate_workbook(workbook)
    report = Report([f for f in full.findings if f.code not in MEETING_OUTCOME])
    if figures_blocked(report):
        return None, report
    name = default_report_name(result.assessment, workbook)
    default = name.with_name("Faktagrunnlag-" + name.name.removeprefix("PSV-"))
    return write_report(result.assessment, output or default, workbook, template, FACTBASE_TEMPLATE,
                        as_of or dt.date.today()), report


def overview(inputs: list[Path], output: Path) -> list[Any]:
    """The adviser's overview of the workbooks (and folders of workbooks) named, written atomically
    to `output` (never over an input). Returns every programme, those left out with their reason."""
    from psvxl.files import atomic_write, check_output
    from psvxl.overview import build_overview, find_workbooks, read_programmes

    check_output(output, *(p for p in inputs if p.is_file()))
    paths = [p for p in find_workbooks(inputs) if p.resolve() != output.resolve()]   # not last run's overview
    if not paths:
        raise InputError("Fant ingen arbeidsbøker (.xlsx eller .xlsm) i " + ", ".join(str(p) for p in inputs) + ".")
    if output.suffix.lower() != ".xlsx":
        raise InputError(f"Oversikten må slutte på .xlsx, ikke «{output.suffix}».")
    check_output(output, *paths)
    programmes = read_programmes(paths)
    atomic_write(output, build_overview(programmes))
    return programmes


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
        families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=20).stdout
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

    print("Advarsel: Verken Calibri eller Carlito er installert, så PDF-en får en annen skrift og andre "
          "sideskift enn i Word. Installer Carlito (Debian/Ubuntu: pakken fonts-crosextra-carlito).",
          file=sys.stderr)


def convert_to_pdf(docx: Path) -> Path:
    """A PDF beside the report, made by LibreOffice: tagged, titled, its contents with page numbers.
    Raises `OutputError` with how to get it."""
    import sys

    from psvxl.files import check_output
    from psvxl.report.pdf import export_pdf

    _warn_without_report_font()
    target = docx.with_suffix(".pdf")
    check_output(target, docx)
    for note in export_pdf(docx, target):
        print(f"Merk: {note}", file=sys.stderr)
    return target
