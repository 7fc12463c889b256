"""Word forms that are bokmål only: none of them is a valid nynorsk form (Nynorskordboka), so a
nynorsk text that holds one has a bokmål word left in it. Words that are valid in both (mellom, eller,
også, gi, igjen, dersom, bedrift, helt 'hero', lav 'lichen', høy 'hay') are deliberately left out.

`bokmaal_forms(text)` finds them as whole words, case-insensitively.
"""

from __future__ import annotations

import re

BOKMAAL_ONLY: frozenset[str] = frozenset([
    "ikke", "ennå", "bare", "mye", "mer", "selv",
    "hva", "hvor", "hvordan", "hvorfor", "hvem", "hvilken", "hvilket", "hvilke", "hver", "hvert", "hvis",
    "fra", "uten", "utenfor", "innenfor", "innen", "siden", "fremover",
    "jeg", "noen", "noe", "disse", "deres", "dem", "egen", "eget", "egne", "hele",
    "være", "vært", "ble", "fikk", "ga", "gjøre", "gjør",
    "kommer", "ligger", "gjelder", "trenger", "trengs", "sier", "heter", "skrevet", "mangler",
    "fylles", "vises", "telles", "brukes", "skrives", "samles", "vurderes", "gis",
    "avsluttet", "innvilget", "trukket", "startet", "sikrede", "støttede",
    "tidligere", "mulig", "tydelig", "vanlig", "daglig", "tilstrekkelig", "høyeste", "laveste",
    "arbeidsplasser", "arbeidsplassene", "deltaker", "deltakere", "deltakerne", "innbygger", "innbyggere",
    "indikatorer", "indikatorene", "vurderinger", "prioriteringer", "konklusjoner", "anbefalinger", "anbefalingene",
    "resultater", "prosjekter", "prosjektene", "innsatsområder", "innsatsområdene", "punkter",
    "tall", "tallet", "tallene", "antall", "navn", "navnet", "eier", "eiere",
    "hovedprosjekt", "hovedprosjekter", "hovedkonklusjon", "veiledning", "virksomhet", "virksomheter",
    "måloppnåelse", "forbedring", "forbedringer", "forbedringsområder", "fremdrift",
])

_PATTERN = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, BOKMAAL_ONLY), key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def bokmaal_forms(text: str) -> list[str]:
    """The bokmål-only forms in `text` (lower case, in order), placeholders like {value} ignored."""
    return [m.group(0).casefold() for m in _PATTERN.finditer(_PLACEHOLDER.sub(" ", text))]


def forms_outside(texts: list[str], typed: list[str]) -> dict[str, list[str]]:
    """The bokmål-only forms of each text once every typed text (longest first) is taken out of it: what
    psvxl itself wrote there, by text (its first 160 characters)."""
    found = {}
    for text in texts:
        rest = text
        for s in typed:
            rest = rest.replace(s, " ")
        if forms := bokmaal_forms(rest):
            found[text[:160]] = forms
    return found
