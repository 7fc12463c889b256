"""Units of amounts: what a header or a note on a sheet says the numbers are counted in.

«Tilsagn (1000 kr)», «Ramme i hele tusen», «Utbetalt, MNOK», or a note «Alle beløp i tusen kroner»
above a table change what every number of the column means. The reader multiplies by the factor
found here, so figures are always kroner; a unit it cannot tell is refused, never dropped.
"""

from __future__ import annotations

import re
import unicodedata

MAX_HEADER = 200   # longer text is no header; unit patterns are not run over it
UNKNOWN = 0     # a unit is written, but not one psvxl knows: the column is refused
# Patterns as text: `re` compiles and caches them on first use, off the start-up path of a click.

_CURRENCY = r"(?:kr\.?|kroner|nok|norske kroner)"
_THOUSAND = r"(?:1\s?000|1\.000|tusen|tusener|tkr|tnok|knok|kkr|t\.?\s?kr\.?|000)"
_MILLION = r"(?:mill\.?|millioner|million|mnok|mkr|mill\.?\s?kr\.?|mio\.?)"
# A whole unit phrase: «kr», «i hele kroner», «1000 kr», «i hele tusen», «tusen kroner», «MNOK».
_PHRASE = (rf"^(?:(?:beløp|tall|alle beløp|verdier)\s+)?(?:(?:oppgitt|angitt|gitt)\s+)?(?:i\s+)?(?:hele\s+)?"
                     rf"(?:(?P<thousand>{_THOUSAND})|(?P<million>{_MILLION}))?\s*(?:{_CURRENCY})?\.?$")
_PARENS = (r"\(([^()]*)\)|\[([^\[\]]*)\]")   # no brackets inside: linear on «((((…»
# A unit phrase at the end of a header: «Tilsagn i 1000 kr», «Tilsagn, tusen kroner», «Ramme MNOK».
_TRAILING = (rf"(?:,\s*|\s+)(?:i\s+)?(?:hele\s+)?(?:(?P<thousand>{_THOUSAND})|(?P<million>{_MILLION}))"
                       rf"(?:\s*{_CURRENCY})?\.?\s*$")
# In a note anywhere on the sheet: «Alle beløp i hele tusen kroner», «Tall i MNOK», «(beløp i 1000 kr)».
_NOTE = (rf"\b(?:beløp|beløpene|tall|tallene|summer|verdier)\b[^.]*?\bi\s+(?:hele\s+)?"
                   rf"(?:(?P<thousand>{_THOUSAND})|(?P<million>{_MILLION})|(?P<one>{_CURRENCY}))\b")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).casefold()
    return " ".join(text.split())


def _factor(match: re.Match) -> int:
    return 1000 if match.group("thousand") else 1_000_000 if match.group("million") else 1


def header_unit(header: object) -> tuple[int, str] | None:
    """The factor to kroner of an amount column's header and the unit as written, or None when the
    header names no unit. (UNKNOWN, text) when it names one psvxl cannot tell («(EUR)», «(se note)»)."""
    if not isinstance(header, str) or len(header) > MAX_HEADER:
        return None     # no header of a PSV sheet is that long; the patterns below stay cheap
    text = _fold(header)
    found: list[tuple[int, str]] = []
    for match in re.finditer(_PARENS, text):
        inner = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        phrase = re.match(_PHRASE, inner)
        if phrase is None or not inner:
            found.append((UNKNOWN, inner))
        else:
            found.append((_factor(phrase), inner))
    rest = re.sub(_PARENS, " ", text).strip()
    if (trailing := re.search(_TRAILING, rest)) is not None:
        found.append((_factor(trailing), trailing.group(0).strip(" ,")))
    if not found:
        return None
    factors = {factor for factor, _ in found}
    if len(factors) > 1:        # «Tilsagn (1000 kr) MNOK»: two units, none can be trusted
        return UNKNOWN, " ".join(unit for _, unit in found)
    return found[0]


def note_unit(text: object) -> tuple[int, str] | None:
    """The factor a note on the sheet gives its amounts («Alle beløp i hele tusen kroner»), or None."""
    if not isinstance(text, str) or len(text) > 300:
        return None
    match = re.search(_NOTE, _fold(text))
    if match is None:
        return None
    return _factor(match), match.group(0)


def strip_unit(label: str) -> str:
    """A header without its trailing unit phrase («Tilsagn i 1000 kr» -> «Tilsagn»), for matching."""
    folded = _fold(label)
    if len(folded) > MAX_HEADER:
        return folded
    return re.sub(_TRAILING, "", folded) or folded
