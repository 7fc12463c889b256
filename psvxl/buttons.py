"""What the workbook's three buttons do, shared by both ways of pressing them: xlwings with a local
Python (psvxl.excel, through VBA's RunPython) and xlwings Lite in Pyodide (psvxl.lite).

Each action takes the live book (the xlwings subset in psvxl.workbook.live) and returns the sentence
the user sees. `press` turns any failure into such a sentence too and shows it in a message box.
Imports stay inside the functions: a click starts Python, and Lag rapport alone needs docxtpl.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from psvxl import i18n
from psvxl.errors import PsvxlError
from psvxl.i18n import t
from psvxl.layout import CONTROL_SHEET, RESULTS_SHEET

TITLE = "psvxl"


def press(action: Callable[[Any], str], book: Any, on_unexpected: Callable[[str, Exception], str]) -> str:
    """Run a button's action; show its outcome, or the error, in a message box and return it.

    on_unexpected gets the traceback and the exception and returns what the user is told (where the
    details were put differs between a local Python and xlwings Lite). It speaks the workbook's målform."""
    from psvxl.workbook.live import book_language

    with i18n.using(book_language(book)):
        try:
            message = action(book)
        except PsvxlError as exc:
            message = t("button.error", error=exc)
        except Exception as exc:  # noqa: BLE001 - the user must see a sentence, not a traceback dialog
            message = on_unexpected(traceback.format_exc(), exc)
    book.app.alert(message, title=TITLE)
    return message


def unexpected(exc: Exception, where: str) -> str:
    return t("button.unexpected", kind=exc.__class__.__name__, error=exc, where=where)


def _findings_message(report: Any, limit: int = 8) -> str:
    lines = [f"• {f.sheet or ''}{'!' + f.cell if f.cell else ''}: {f.message()}" for f in report.errors[:limit]]
    more = len(report.errors) - limit
    return "\n".join(lines + ([t("button.more-findings", count=more, sheet=CONTROL_SHEET)] if more > 0 else []))


def recompute(book: Any) -> str:
    """Beregn: the figures into the result sheet and beside each agreed total."""
    from psvxl.metrics import compute
    from psvxl.results import plan_results
    from psvxl.validate import figures_blocked, validate
    from psvxl.workbook.live import own_name, planned_places, read_book, write_plan

    result = read_book(book)
    report = validate(result)
    if figures_blocked(report):
        return t("button.recompute.blocked") + "\n\n" + _findings_message(report)
    plan = plan_results(result, compute(result.assessment))
    # say exactly what is written: never «oppdatert» for nothing
    head = _written(*planned_places(book, plan), results=own_name(book, RESULTS_SHEET))
    notes = write_plan(book, plan)
    return head + ("\n\n" + "\n".join(notes) if notes else "")


def _written(sheet: bool, beside: bool, results: str) -> str:
    if sheet and beside:
        return t("button.recompute.done", sheet=results)
    if sheet:
        return t("button.recompute.done-sheet", sheet=results)
    if beside:
        return t("button.recompute.done-beside")
    return t("button.recompute.nothing", sheet=results)


def check(book: Any) -> str:
    """Kontroller: the findings on the control sheet, their cells coloured."""
    from psvxl.validate import validate
    from psvxl.workbook.live import read_book, show_findings

    report = validate(read_book(book))
    show_findings(book, report)
    if not report.findings:
        return t("button.check.clean")
    return t("button.check.found", errors=len(report.errors), warnings=len(report.warnings), sheet=CONTROL_SHEET)


def build_report(book: Any, folder: Path | None = None) -> Path | str:
    """Lag rapport: the Word report from the values on screen, in `folder` (default: beside the workbook).

    Returns the report's path, or the sentence that says why there is none."""
    from psvxl.api import default_report_name, write_report
    from psvxl.validate import validate
    from psvxl.workbook.live import read_book

    result = read_book(book)
    report = validate(result)
    if not report.valid:
        return t("button.report.blocked") + "\n\n" + _findings_message(report)
    workbook = Path(book.fullname)
    if folder is None:
        if not workbook.parent.is_dir():
            raise PsvxlError(t("button.report.save-first"))
        folder = workbook.parent
    output = folder / default_report_name(result.assessment, workbook).name
    return write_report(result.assessment, output, workbook)
