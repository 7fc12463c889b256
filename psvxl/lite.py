"""The workbook's three buttons as xlwings Lite scripts: Python in Excel through Pyodide, with nothing
installed on the PC. The same work as the VBA buttons (psvxl.buttons), Norwegian names in the task pane.

A script in xlwings Lite is a function with xlwings' @script decorator and a parameter typed
xlwings.Book; xlwings Lite lists every such function of the workbook's main.py (it collects them with
xlwings' custom_scripts_meta). The scripts are async: Lite gives formulas and fill colours only through
awaited getters (psvxl.workbook.lite_book fetches them first). Name psvxl in the workbook's
requirements.txt and import the scripts:

    from psvxl.lite import beregn, kontroller, lag_rapport  # noqa: F401

Lite cannot write beside the workbook: Lag rapport writes to /data, which xlwings Lite shows under
Files > Import/Export for download. Converting to PDF (LibreOffice) is not possible there.
"""

from __future__ import annotations

import importlib.util
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from psvxl import buttons
from psvxl.errors import PsvxlError
from psvxl.i18n import t
from psvxl.workbook import lite_book

try:  # in xlwings Lite and beside psvxl.excel; the core and its tests run without it
    import xlwings as xw
    from xlwings import script
except ImportError:  # pragma: no cover - exercised only where xlwings is absent
    xw = None  # type: ignore[assignment]

    def script(f: Any = None, **_: Any) -> Any:  # type: ignore[no-redef]
        return f if f is not None else (lambda g: g)

DOWNLOADS = Path("/data")     # xlwings Lite: files written here can be downloaded (Files > Import/Export)


def _unexpected(details: str, exc: Exception) -> str:
    print(details)              # xlwings Lite shows what a script prints in its Output pane
    return buttons.unexpected(exc, t("button.where.lite-output"))


async def _press(action: Callable[[Any], str], book: Any, formulas: bool = False, colors: bool = False) -> str:
    """Fetch what xlwings Lite gives only on demand, then press the button as psvxl.excel does."""
    try:
        live = await lite_book.prefetch(book, formulas=formulas, colors=colors) if formulas or colors else book
    except PsvxlError as exc:
        message = t("button.error", error=exc)
        book.app.alert(message, title=buttons.TITLE)
    except Exception as exc:  # noqa: BLE001 - a sentence, not a traceback
        message = _unexpected(traceback.format_exc(), exc)
        book.app.alert(message, title=buttons.TITLE)
    else:
        message = buttons.press(action, live, _unexpected)
    print(message)
    return message


@script(name=t("button.recompute.name"))
async def beregn(book: xw.Book) -> str:
    """Beregner tallene: arket Resultater og tallene ved siden av de vedtatte totalene."""
    return await _press(buttons.recompute, book, formulas=True)   # formulas beside the totals are kept


@script(name=t("button.check.name"))
async def kontroller(book: xw.Book) -> str:
    """Kontrollerer arbeidsboken: feil og advarsler på arket Kontroll, cellene det gjelder farget."""
    return await _press(buttons.check, book, colors=True)        # each cell's colour comes back next time


@script(name=t("button.report.name"))
async def lag_rapport(book: xw.Book) -> str:
    """Lager Word-rapporten og legger den til nedlasting i xlwings Lite (Files > Import/Export)."""
    return await _press(_report_for_download, book)


# The same three under their nynorsk names and descriptions, for a nynorsk workbook's main.py:
#     from psvxl.lite import berekn, kontroller_nn, lag_rapport_nn  # noqa: F401
# (what they answer follows the workbook's målform either way).

@script(name=t("button.recompute.name", "nn"))
async def berekn(book: xw.Book) -> str:
    """Bereknar tala: arket Resultat og tala ved sida av dei vedtekne totalane."""
    return await _press(buttons.recompute, book, formulas=True)


@script(name=t("button.check.name", "nn"))
async def kontroller_nn(book: xw.Book) -> str:
    """Kontrollerer arbeidsboka: feil og åtvaringar på arket Kontroll, cellene det gjeld farga."""
    return await _press(buttons.check, book, colors=True)


@script(name=t("button.report.name", "nn"))
async def lag_rapport_nn(book: xw.Book) -> str:
    """Lagar Word-rapporten og legg han klar til nedlasting i xlwings Lite (Files > Import/Export)."""
    return await _press(_report_for_download, book)


def _report_for_download(book: Any) -> str:
    if importlib.util.find_spec("lxml") is None:     # python-docx and docxtpl stand on it
        return t("lite.report.no-lxml")
    if not DOWNLOADS.is_dir():
        return t("lite.report.no-downloads")
    path = buttons.build_report(book, DOWNLOADS)
    if isinstance(path, str):
        return path
    from psvxl.files import take_notes

    return "\n\n".join([t("lite.report.done", name=path.name, place=t("lite.download-place")), *take_notes()])
