"""Cell values read the Norwegian way: examples worked by hand, then properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from psvxl import cells
from psvxl.cells import CellValueError
from psvxl.formatting import NBSP, number


@pytest.mark.parametrize("text, expected", [
    ("4,5", Decimal("4.5")),
    ("4", Decimal(4)),
    ("1 250 000", Decimal(1250000)),
    ("1\u00a0250\u00a0000", Decimal(1250000)),
    ("1 250 000,50", Decimal("1250000.50")),
    ("kr 1 250 000", Decimal(1250000)),
    ("1 250 000 kr", Decimal(1250000)),
    ("kr 1 250,-", Decimal(1250)),
    ("1,2 mill", Decimal(1200000)),
    ("1,2 mill.", Decimal(1200000)),
    ("7,5 mill. kr", Decimal(7500000)),
    ("44 %", Decimal("0.44")),
    ("44%", Decimal("0.44")),
    ("1.250.000", Decimal(1250000)),
    ("1.250.000,50", Decimal("1250000.50")),
    ("-3", Decimal(-3)),
    ("\u22123", Decimal(-3)),
    ("4.5", Decimal("4.5")),
    ("  12  ", Decimal(12)),
])
def test_number_text_read_the_norwegian_way(text, expected):
    assert cells.parse_number(text) == expected


@pytest.mark.parametrize("text, code", [
    ("1.250", "ambiguous-number"),
    ("ca. 3", "invalid-number"),
    ("fire", "invalid-number"),
    ("1,250,000", "invalid-number"),
    ("#DIV/0!", "formula-error"),
    ("#REF!", "formula-error"),
    ("12 34", "invalid-number"),
])
def test_unclear_number_text_is_an_error(text, code):
    with pytest.raises(CellValueError) as exc:
        cells.parse_number(text)
    assert exc.value.code == code


def test_a_date_where_a_number_belongs_is_an_error_that_says_what_happened():
    # Norwegian Excel turns "4.5" typed in a score cell into 4 May.
    with pytest.raises(CellValueError) as exc:
        cells.parse_number(dt.datetime(2024, 5, 4))
    assert exc.value.code == "date-in-number-cell"
    assert exc.value.params == {"value": "04.05.2024", "typed": "4.5"}


def test_numbers_from_excel_are_exact():
    assert cells.parse_number(0.1) == Decimal("0.1")
    assert cells.parse_amount(1250000.0) == (1250000, False)
    assert cells.parse_amount("1 250 000,50") == (1250001, True)
    assert cells.parse_whole(2024.0) == 2024
    with pytest.raises(CellValueError):
        cells.parse_whole(4.5)
    assert cells.parse_numeric(4.0) == 4 and isinstance(cells.parse_numeric(4.0), int)
    assert cells.parse_numeric("4,5") == 4.5


@pytest.mark.parametrize("value, expected", [
    ("15.10.2024", dt.date(2024, 10, 15)),
    ("15.10.24", dt.date(2024, 10, 15)),
    ("5.3.2024", dt.date(2024, 3, 5)),
    ("15/10/2024", dt.date(2024, 10, 15)),
    ("2024-10-15", dt.date(2024, 10, 15)),
    ("15. oktober 2024", dt.date(2024, 10, 15)),
    ("15 okt 2024", dt.date(2024, 10, 15)),
    ("1. des. 2023", dt.date(2023, 12, 1)),
    (dt.datetime(2024, 10, 15, 0, 0), dt.date(2024, 10, 15)),
    (dt.date(2024, 10, 15), dt.date(2024, 10, 15)),
    (45580.0, dt.date(2024, 10, 15)),   # an Excel serial number
])
def test_dates(value, expected):
    assert cells.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2024", "i høst", "15. oktobr 2024", 12.0, True, "2024"])
def test_bad_dates(value):
    with pytest.raises(CellValueError) as exc:
        cells.parse_date(value)
    assert exc.value.code == "invalid-date"


def test_booleans_and_choices():
    assert cells.parse_bool("Ja") is True
    assert cells.parse_bool("nei") is False
    assert cells.parse_bool(True) is True
    assert cells.parse_bool("") is None
    with pytest.raises(CellValueError):
        cells.parse_bool("kanskje")
    assert cells.parse_choice(" Pågår ", ("pågår", "avsluttet")) == "pågår"
    assert cells.parse_choice("ukjent", ("pågår",)) == "ukjent"


def test_text_and_lines():
    assert cells.parse_text(2024.0) == "2024"
    assert cells.parse_text(4.5) == "4,5"
    assert cells.parse_text("  a\r\nb  ") == "a\nb"
    assert cells.parse_text("   ") is None
    assert cells.parse_lines("• Første?\n\n- Andre?\n") == ["Første?", "Andre?"]


# --- properties ---------------------------------------------------------------------------

@given(st.integers(min_value=-10**12, max_value=10**12))
def test_whole_numbers_printed_the_norwegian_way_read_back(n):
    text = number(n, 0)
    assert cells.parse_number(text) == n
    assert cells.parse_number(text.replace(NBSP, " ") + " kr") == n
    assert cells.parse_number("kr " + text) == n


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_printed_the_norwegian_way_read_back(d):
    assert cells.parse_number(number(d, 2)) == d


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.dates(), st.none()))
def test_parsers_raise_only_cell_value_errors(value):
    for parser in (cells.parse_number, cells.parse_date, cells.parse_bool, cells.parse_whole,
                   cells.parse_amount, cells.parse_text, cells.parse_lines):
        try:
            parser(value)
        except CellValueError as exc:
            assert exc.code
