"""Every word psvxl shows a user, by id, from gettext catalogues.

The source is `psvxl/locale/<lang>/LC_MESSAGES/*.po`, one file per area (buttons, findings, …), with a
dotted id as msgid and the text as msgstr; `scripts/build_catalogues.py` compiles each language into one
`psvxl.mo` with Babel, and the standard library's gettext reads it here, so running psvxl needs no Babel.
A text may hold named fields ("{errors} feil"), filled by `t`. Bokmål is the default; nynorsk and English
fall back to bokmål for a key they lack (tests/test_i18n.py keeps nynorsk complete; English covers the
messages only).
"""

from __future__ import annotations

import gettext
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from collections.abc import Iterator

DEFAULT = "nb"
LANGUAGES = ("nb", "nn", "en")
_language = DEFAULT


def set_language(lang: str) -> None:
    """Choose the language of what follows (the CLI's --lang, or the workbook's målform)."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    return _language


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Speak `lang` inside the block, then go back (a report in the programme's målform, say)."""
    before = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`, with bokmål behind it for keys it lacks."""
    with (files("psvxl") / "locale" / lang / "LC_MESSAGES" / "psvxl.mo").open("rb") as f:
        translations: gettext.NullTranslations = gettext.GNUTranslations(f)
    if lang != DEFAULT:
        translations.add_fallback(catalogue(DEFAULT))
    return translations


def t(key: str, /, lang: str | None = None, **fields: object) -> str:
    """The text of `key` in `lang` (default: the current language), its named fields filled in."""
    text = catalogue(lang or _language).gettext(key)
    return text.format(**fields) if fields else text
