"""Every XML psvxl parses goes through here: defusedxml refuses DTDs and entities, lxml keeps the tree.

defusedxml (over the standard library's expat) is the gatekeeper: a document with a DOCTYPE, an
entity declaration or an external reference is refused before lxml sees it. lxml then parses with
entity resolution and network access off, because its serialisation keeps namespace prefixes as
Office expects them (ElementTree renames them, which Excel reports as a damaged file).
"""

from __future__ import annotations

import re

from typing import Any

from defusedxml import ElementTree as defused
from defusedxml.common import DefusedXmlException

from psvxl.errors import InputError
from psvxl.i18n import t

_PARSER = None   # lxml's parser, made on first use (see parse)
# Characters XML 1.0 forbids (control characters pasted from other programs).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse(data: bytes, where: str | None = None, app: str = "Excel") -> Any:
    """The lxml tree of `data`; `where` names the file and part in messages, `app` the program that saves
    it anew (default: «filen»). lxml's own limits (a text node over 10 MB, elements nested deeper than 256) become refusals
    that say so."""
    global _PARSER
    from lxml import etree

    where = where or t("xml.the-file")
    try:
        defused.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, defused.ParseError) as exc:
        raise InputError(t("xml.unsafe", where=where, error=exc.__class__.__name__)) from None
    if _PARSER is None:
        _PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                  remove_blank_text=False)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise InputError(t("xml.refused", where=where, reason=_limit_reason(str(exc)), app=app)) from None


def _limit_reason(message: str) -> str:
    lowered = message.lower()
    if "depth" in lowered:
        return t("xml.too-deep")
    if "text node" in lowered or "huge" in lowered:
        return t("xml.text-too-long")
    return t("xml.unreadable", error=message)


def parse_readonly(data: bytes) -> Any:
    """The tree defusedxml builds itself (the standard library's), for XML that is only read: the
    same guard, without lxml's import on the way of a button click. Elements answer `iter`, `get`
    and `find` with "{namespace}tag" names as lxml's do."""
    try:
        return defused.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, defused.ParseError) as exc:
        raise InputError(t("xml.unsafe", where=t("xml.the-file"), error=exc.__class__.__name__)) from None


def legal_text(text: str) -> str:
    """Text with the characters XML cannot hold removed."""
    return _ILLEGAL.sub("", text)
