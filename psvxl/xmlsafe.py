"""Every XML psvxl parses goes through here: defusedxml refuses DTDs and entities, lxml keeps the tree.

defusedxml (over the standard library's expat) is the gatekeeper: a document with a DOCTYPE, an
entity declaration or an external reference is refused before lxml sees it. lxml then parses with
entity resolution and network access off, because its serialisation keeps namespace prefixes as
Office expects them (ElementTree renames them, which Excel reports as a damaged file).
"""

from __future__ import annotations

import re

from defusedxml import ElementTree as defused
from defusedxml.common import DefusedXmlException
from lxml import etree

from psvxl.errors import InputError

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_blank_text=False)
# Characters XML 1.0 forbids (control characters pasted from other programs).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse(data: bytes) -> etree._Element:
    try:
        defused.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, defused.ParseError) as exc:
        raise InputError(f"Ugyldig eller farlig XML i filen ({exc.__class__.__name__}). Filen avvises.") from None
    return etree.fromstring(data, _PARSER)


def legal_text(text: str) -> str:
    """Text with the characters XML cannot hold removed."""
    return _ILLEGAL.sub("", text)
