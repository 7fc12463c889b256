"""The workbook's buttons: Beregn, Kontroller and Lag rapport (xlwings RunPython entry points).

Each runs in a fresh Python started by Excel, so this module imports little: xlwings when called,
the report machinery (docxtpl) only when Lag rapport is pressed. Every outcome, also
an unexpected error, ends as a readable message box, never a traceback dialog.

    Sub Beregn(): RunPython "import psvxl.excel as e; e.recompute()"
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any, Callable

from psvxl.errors import PsvxlError

TITLE = "psvxl"


def _caller() -> Any:
    import xlwings as xw

    return xw.Book.caller()


def _button(action: Callable[[Any], str]) -> Callable[[Any], str]:
    """Run a button's action and show its outcome, or the error, in a message box."""

    def run(book: Any = None) -> str:
        book = book if book is not None else _caller()
        try:
            message = action(book)
        except PsvxlError as exc:
            message = f"Feil: {exc}"
        except Exception as exc:  # the user must see a sentence, not a traceback dialog
            _log(traceback.format_exc())
            message = (f"Noe gikk galt: {exc.__class__.__name__}: {exc}.\n\nPrøv «psvxl validate» på "
                       "arbeidsboken, eller send filen psvxl-feil.log (i hjemmemappen) til den som støtter deg.")
        book.app.alert(message, title=TITLE)
        return message

    run.__name__ = action.__name__
    run.__doc__ = action.__doc__
    return run


def _log(text: str) -> None:
    try:
        (Path.home() / "psvxl-feil.log").write_text(text, encoding="utf-8")
    except OSError:
        pass


def _findings_message(report: Any, limit: int = 8) -> str:
    lines = [f"• {f.sheet or ''}{'!' + f.cell if f.cell else ''}: {f.message()}" for f in report.errors[:limit]]
    more = len(report.errors) - limit
    return "\n".join(lines + ([f"… og {more} til (se arket Kontroll etter Kontroller)."] if more > 0 else []))


@_button
def recompute(book: Any) -> str:
    """Beregn: the figures into the result sheet and beside each agreed total."""
    from psvxl.api import figures_blocked
    from psvxl.metrics import compute
    from psvxl.results import plan_results
    from psvxl.validate import validate
    from psvxl.workbook.live import planned_places, read_book, write_plan

    result = read_book(book)
    report = validate(result)
    if figures_blocked(report):
        return "Tallene ble ikke beregnet. Rett disse feilene først:\n\n" + _findings_message(report)
    plan = plan_results(result, compute(result.assessment))
    places = planned_places(book, plan)       # say exactly what is written: never «oppdatert» for nothing
    notes = write_plan(book, plan)
    head = (f"Resultatene er oppdatert ({' og '.join(places)})." if places
            else "Ingenting ble skrevet: arbeidsboken har verken arket Resultater eller totaler å skrive ved.")
    return head + ("\n\n" + "\n".join(notes) if notes else "")


@_button
def check(book: Any) -> str:
    """Kontroller: the findings on the control sheet, their cells coloured."""
    from psvxl.validate import validate
    from psvxl.workbook.live import read_book, show_findings

    report = validate(read_book(book))
    show_findings(book, report)
    if not report.findings:
        return "Ingen feil eller advarsler."
    return (f"{len(report.errors)} feil og {len(report.warnings)} advarsler. Se arket Kontroll; cellene det "
            "gjelder er farget (rødt for feil, gult for advarsler).")


@_button
def build_report(book: Any) -> str:
    """Lag rapport: the Word report next to the workbook, from the values on screen."""
    from psvxl.api import default_report_name, write_report
    from psvxl.validate import validate
    from psvxl.workbook.live import read_book

    result = read_book(book)
    report = validate(result)
    if not report.valid:
        return "Rapporten ble ikke laget. Rett disse feilene først:\n\n" + _findings_message(report)
    workbook = Path(book.fullname)
    if not workbook.parent.is_dir():
        raise PsvxlError("Lagre arbeidsboken i en mappe først; rapporten lagres ved siden av den.")
    path = write_report(result.assessment, default_report_name(result.assessment, workbook), workbook)
    return f"Rapporten er lagret:\n{path}"
