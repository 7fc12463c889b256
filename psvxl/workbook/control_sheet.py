"""The Kontroll sheet, defined once: the template builder (workbook/build.py) lays it out and the
Kontroller button (workbook/live.py) fills it, so both agree on where the list starts and what its
columns are. Its words come from the catalogue (workbook.control.*); its name from layout.
"""

from __future__ import annotations

import datetime as dt

from psvxl.i18n import t

TITLE_ROW = 0                    # 0-based rows, as XlsxWriter counts
SUMMARY_ROW = 1                  # the instruction in a new book; the last check's summary after a check
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1       # the first finding
COLUMNS = ("type", "sheet", "cell", "message", "code", "previous")
WIDTHS = (10, 16, 16, 90, 26, 14)
TEXT_COLUMN = COLUMNS.index("message")     # wrapped text
HIDDEN_COLUMN = COLUMNS.index("previous")  # the colour a cell had before the check coloured it
# Written into the hidden column for a cell that had no colour, and read back on the next check: a
# marker, kept the same in every language so a book checked in one language is restored in another.
NO_COLOUR = "ingen"


def headers() -> tuple[str, ...]:
    return tuple(t(f"workbook.control.header.{column}") for column in COLUMNS)


def instruction() -> str:
    return t("workbook.control.instruction", button=t("button.check.name"))


def kind(error: bool) -> str:
    return t("workbook.control.error") if error else t("workbook.control.warning")


def clean_row() -> list[str]:
    """The one row shown when a check finds nothing."""
    row = [""] * len(COLUMNS)
    row[TEXT_COLUMN] = t("workbook.control.clean")
    return row


def summary(when: dt.datetime, errors: int, warnings: int) -> str:
    return t("workbook.control.summary", date=f"{when:%d.%m.%Y}", time=f"{when:%H.%M}", errors=errors,
             warnings=warnings)
