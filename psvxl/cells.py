"""Cell values read the Norwegian way.

Values arrive from the reader as Python values (float, str, bool, date, datetime…). Numbers and
dates typed as text are accepted when they read unambiguously the Norwegian way ("4,5",
"1 250 000", "kr 1 250 000", "1,2 mill", "44 %", "15.10.2024", "15. oktober 2024"). Anything
else raises `CellValueError` with a stable code, so the reader can name the cell: a date where a
number belongs (Norwegian Excel turns "4.5" into 4 May) is never converted silently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers of 1.1.1990 and 31.12.2100: a plain number in a date cell is read as an Excel
# date serial only in this range.
SERIAL_MIN, SERIAL_MAX = 32874, 73415
# Error values as Excel shows them in English and in Norwegian (a file stores the English ones; a
# value pasted as text or saved by LibreOffice with Norwegian settings may carry either).
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!",
                "#I/T", "#NAVN?", "#VERDI!", "#SØL!", "#BEREGNING!", "#FELT!", "#BLOKKERT!", "#UKJENT!",
                "#TILKOBLE!", "#OPPTATT!", "#HENTER_DATA", "ERR:502", "ERR:504", "ERR:508", "ERR:522")

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "desember": 12, "des": 12,
}
TRUE_WORDS = {"ja", "j", "x", "sann", "true", "yes", "y", "1"}
FALSE_WORDS = {"nei", "n", "usann", "false", "no", "0"}


class CellValueError(ValueError):
    """A value that cannot be read as the kind the cell holds. `code` is a finding code."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- text -------------------------------------------------------------------------------------

def parse_text(value: object) -> str | None:
    """Any cell as text: numbers without a trailing ".0", dates as 15.10.2024, Windows newlines folded."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float):
        return format_plain_number(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def parse_lines(value: object) -> list[str]:
    """One item per line inside the cell; blank lines and bullet marks dropped."""
    text = parse_text(value)
    if text is None:
        return []
    lines = (re.sub(r"^[•\-–*]\s+", "", line.strip()) for line in text.split("\n"))
    return [line for line in lines if line]


def format_plain_number(value: float | int | Decimal) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",")


# --- numbers ----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_PREFIX = re.compile(r"^(kr\.?|nok)\s*")
# "kr" and "nok" only as words of their own: "mkr" and "mnok" are millions (see _MULTIPLIERS).
_SUFFIX = re.compile(r"(?<![a-zæøå])\s*(kr\.?|nok|kroner|,-|\.-)$")
_MULTIPLIERS = ((re.compile(r"\s*(mrd\.?|milliarder?)$"), Decimal(10**9)),
                (re.compile(r"\s*(mill\.?|millioner|million|mnok|mkr|mill\. kr|mill kr)$"), Decimal(10**6)))
_SPACE_GROUPED = re.compile(r"^-?\d{1,3}( \d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^-?\d+(,\d+)?$")
_DOT_GROUPED_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})+,\d+$")
_DOT_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3}){2,}$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.(\d+)$")
_COMMA_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$")   # "250,000": English thousands or a decimal comma?


MAX_MAGNITUDE = Decimal(10) ** 15   # 1 000 000 000 000 000: far beyond any PSV amount


def parse_number(value: object) -> Decimal | None:
    """A number cell as an exact Decimal, or None when empty."""
    number = _parse_number(value)
    if number is not None and abs(number) >= MAX_MAGNITUDE:
        raise CellValueError("number-too-large", value=parse_text(value) if not isinstance(value, str) else value.strip())
    return number


def _parse_number(value: object) -> Decimal | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellValueError("invalid-number", value="SANN" if value else "USANN")
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        raise CellValueError("date-in-number-cell", value=day.strftime("%d.%m.%Y"),
                             typed=f"{day.day}.{day.month}")
    if isinstance(value, (dt.time, dt.timedelta)):
        raise CellValueError("invalid-number", value=str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellValueError("invalid-number", value=str(value))
        # repr gives the shortest string that round-trips: 0.1 stays 0.1, not 0.1000000000000000055…
        return Decimal(repr(value))
    return _parse_number_text(str(value))


def _parse_number_text(original: str) -> Decimal:
    text = original.strip()
    if text.upper() in EXCEL_ERRORS:
        raise CellValueError("formula-error", value=text)
    s = _SPACES.sub(" ", text.lower()).replace("\u2212", "-").replace("–", "-")
    percent = s.endswith("%")
    s = s.removesuffix("%").strip()
    s = _SUFFIX.sub("", _PREFIX.sub("", s)).strip()
    factor = Decimal(1)
    for pattern, multiplier in _MULTIPLIERS:
        if pattern.search(s):
            s, factor = pattern.sub("", s).strip(), multiplier
            break
    s = _SUFFIX.sub("", _PREFIX.sub("", s)).strip()
    if s.startswith("- "):
        s = "-" + s[2:]
    if _SPACE_GROUPED.match(s) or _PLAIN.match(s):
        number = s.replace(" ", "").replace(",", ".")
    elif _DOT_GROUPED_COMMA.match(s):
        number = s.replace(".", "").replace(",", ".")
    elif _DOT_GROUPED.match(s):
        number = s.replace(".", "")
    elif match := _DOT_DECIMAL.match(s):
        if len(match.group(1)) == 3:
            # "1.250" is 1250 with a thousands point or 1,25 with a decimal point: ask.
            raise CellValueError("ambiguous-number", value=original.strip())
        number = s
    else:
        raise CellValueError("invalid-number", value=original.strip())
    try:
        result = Decimal(number) * factor
    except InvalidOperation:  # pragma: no cover - the patterns above only pass valid numbers
        raise CellValueError("invalid-number", value=original.strip()) from None
    return result / 100 if percent else result


def as_plain(number: Decimal) -> int | float:
    """Whole numbers as int, others as float (for the model and JSON)."""
    return int(number) if number == number.to_integral_value() else float(number)


def parse_numeric(value: object) -> int | float | None:
    """A score, total or count: passed on as read; the validator judges range and wholeness."""
    number = parse_number(value)
    return None if number is None else as_plain(number)


def parse_whole(value: object) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellValueError("not-whole-number", value=format_plain_number(as_plain(number)))
    return int(number)


def is_error_value(value: object) -> bool:
    """Text that is an Excel or LibreOffice error value (#I/T, #VALUE!, Err:502…)."""
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def parse_amount(value: object, factor: int = 1) -> tuple[int | None, bool]:
    """Whole kroner, and whether øre had to be rounded away (half up). `factor` is the column's unit
    (1000 for a «(1000 kr)» header), applied before rounding.

    In a whole-krone cell "250,000" is English for 250 000 or Norwegian for 250: ask, as for "1.250"."""
    if isinstance(value, str):
        text = _SUFFIX.sub("", _PREFIX.sub("", _SPACES.sub(" ", value.strip().lower()))).strip()
        if _COMMA_GROUPED.match(text):
            raise CellValueError("ambiguous-amount", value=value.strip(), digits=text.replace(",", " "))
        if "%" in text:       # «40 %» in a kroner column is a share typed in the wrong cell, never 0,4 kr
            raise CellValueError("amount-percent", value=value.strip())
    number = parse_number(value)
    if number is None:
        return None, False
    number *= factor
    whole = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if 0 < abs(number) < 1:
        # Under 1 kr is no amount: a share or a percentage, which rounding would make a silent 0 or 1 kr.
        raise CellValueError("amount-below-one-krone", value=as_plain(number))
    return int(whole), whole != number


# --- dates ------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_WORDS = re.compile(r"^(\d{1,2})\.?\s*([a-zæøå]+)\.?\s+(\d{4})$")


def has_two_digit_year(value: object) -> bool:
    """Whether a date typed as text gives its year in two digits ("15.10.24"): psvxl reads it as 20xx."""
    return isinstance(value, str) and bool((m := _DMY.match(_SPACES.sub(" ", value.strip().lower())))
                                           and len(m.group(3)) == 2)


def parse_date(value: object) -> dt.date | None:
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellValueError("invalid-date", value=str(value))
    if isinstance(value, (int, float)):
        if float(value).is_integer() and SERIAL_MIN <= value <= SERIAL_MAX:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellValueError("invalid-date", value=parse_text(value))
    if isinstance(value, (dt.time, dt.timedelta)):
        raise CellValueError("invalid-date", value=str(value))
    text = str(value).strip()
    s = _SPACES.sub(" ", text.lower())
    try:
        if m := _DMY.match(s):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return dt.date(year + 2000 if year < 100 else year, month, day)
        if m := _ISO.match(s):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if (m := _WORDS.match(s)) and m.group(2) in MONTHS:
            return dt.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        raise CellValueError("invalid-date", value=text) from None
    raise CellValueError("invalid-date", value=text)


# --- booleans and vocabularies ----------------------------------------------------------------

def parse_bool(value: object) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    text = parse_text(value)
    word = (text or "").casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellValueError("invalid-boolean", value=text)


def parse_choice(value: object, vocabulary: tuple[str, ...] | None) -> str | None:
    """Text, spelled as in the vocabulary when it matches one ignoring case and spacing
    ("Pågår" -> "pågår", "havbruk  og sjømat" -> "Havbruk og sjømat")."""
    text = parse_text(value)
    if text is None or not vocabulary:
        return text
    return spelling(vocabulary).get(choice_key(text), text)


def choice_key(text: str) -> str:
    """The one folding used wherever ids, list values and names are compared: Unicode NFC, invisible
    characters (zero-width, soft hyphen, BOM) dropped, any spacing (no-break too) as one space, case."""
    if text.isascii():
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text.lower()          # the common case, fast: for ASCII, lower() is casefold()
        return " ".join(text.split()).lower()
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return " ".join(text.split()).casefold()


fold = choice_key


def clean_id(text: str | None) -> str | None:
    """An id or list value as typed, without invisible characters (zero-width, soft hyphen, BOM)."""
    if text is None or text.isascii():
        return text
    cleaned = text.translate(_INVISIBLE).strip()
    return cleaned or None


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


_SPELLINGS: dict[tuple[str, ...], dict[str, str]] = {}


def spelling(vocabulary: tuple[str, ...]) -> dict[str, str]:
    """A vocabulary as folded key -> its own spelling (the first word wins), built once."""
    found = _SPELLINGS.get(vocabulary)
    if found is None:
        found = {}
        for word in vocabulary:
            found.setdefault(choice_key(word), word)
        for word in vocabulary:
            found.setdefault(word, word)     # the exact spelling too: most cells hit it without folding
        _SPELLINGS[vocabulary] = found
    return found
