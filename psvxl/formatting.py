"""Numbers and dates printed the Norwegian way: 1 250 000 kr, 4,5, 44 %, 15. oktober 2024.

Thousands are separated by a non-breaking space (U+00A0) so a figure never breaks across lines.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NBSP = "\u00a0"
Num = float | int | Decimal | Fraction
MONTH_NAMES = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
               "oktober", "november", "desember")


def _decimal(value: Num) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    # repr: the float as printed (0.445 stays 0.445), so half-up rounding does what a reader expects.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _round(value: Num, decimals: int) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: Num | None, decimals: int | None = None) -> str:
    """1 250 000 / 4,5 / -3. With `decimals`, exactly that many; without, as many as needed (max 2)."""
    if value is None:
        return "–"
    if decimals is None:
        rounded = _round(value, 2).normalize()
        decimals = max(0, -rounded.as_tuple().exponent)  # type: ignore[operator]
    rounded = _round(value, decimals)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):,.{decimals}f}"
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", NBSP)
    return sign + whole + ("," + fraction if fraction else "")


def kroner(value: Num | None) -> str:
    return "–" if value is None else f"{number(value, 0)}{NBSP}kr"


def millions(value: Num | None) -> str:
    """7,5 mill. kr (for tables of large amounts)."""
    if value is None:
        return "–"
    return f"{number(_decimal(value) / 10**6, 1)}{NBSP}mill.{NBSP}kr"


def percent(fraction: Num | None, decimals: int = 0) -> str:
    return "–" if fraction is None else f"{number(fraction * 100, decimals)}{NBSP}%"


def score(value: Num | None) -> str:
    """A total or mean with one decimal: 4,5 / 4,0."""
    return "–" if value is None else number(value, 1)


MINUS = "\u2212"


def signed(value: Num | None, decimals: int = 1) -> str:
    """+0,5 / −1,0 / 0,0, with the real minus sign (U+2212), as Norwegian typography writes it."""
    if value is None:
        return "–"
    text = number(value, decimals)
    if text.startswith("-"):
        return MINUS + text[1:]
    return text if _round(value, decimals) == 0 else "+" + text


def date_short(day: dt.date | None) -> str:
    return "–" if day is None else day.strftime("%d.%m.%Y")


def date_long(day: dt.date | None) -> str:
    return "–" if day is None else f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"
