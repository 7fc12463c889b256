"""The workbook's buttons: Beregn, Kontroller and Lag rapport (xlwings RunPython entry points).

Each runs in a fresh Python started by Excel, so this module imports little: xlwings when called,
the report machinery (docxtpl) only when Lag rapport is pressed. What the buttons do is in
psvxl.buttons (shared with the xlwings Lite scripts in psvxl.lite); every outcome, also an
unexpected error, ends as a readable message box, never a traceback dialog.

    Sub Beregn(): RunPython "import psvxl.excel as e; e.recompute()"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psvxl import buttons
from psvxl.buttons import TITLE  # noqa: F401  (the message boxes' title, as before)
from psvxl.i18n import t


def _caller() -> Any:
    import xlwings as xw

    return xw.Book.caller()


def _unexpected(details: str, exc: Exception) -> str:
    _log(details)
    return buttons.unexpected(exc, t("button.where.log"))


def _log(text: str) -> None:
    try:
        (Path.home() / "psvxl-feil.log").write_text(text, encoding="utf-8")
    except OSError:
        pass


def recompute(book: Any = None) -> str:
    """Beregn: the figures into the result sheet and beside each agreed total."""
    return buttons.press(buttons.recompute, book if book is not None else _caller(), _unexpected)


def check(book: Any = None) -> str:
    """Kontroller: the findings on the control sheet, their cells coloured."""
    return buttons.press(buttons.check, book if book is not None else _caller(), _unexpected)


def build_report(book: Any = None) -> str:
    """Lag rapport: the Word report next to the workbook, from the values on screen."""
    return buttons.press(_report_beside_workbook, book if book is not None else _caller(), _unexpected)


def _report_beside_workbook(book: Any) -> str:
    from psvxl.files import take_notes   # e.g. the report went beside an edited one, under a new name

    path = buttons.build_report(book)
    return path if isinstance(path, str) else "\n\n".join([t("button.report.saved", path=path), *take_notes()])
