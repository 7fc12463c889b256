"""What python-calamine does not tell: where each sheet lives in the package, and which cells hold
a formula error (#DIV/0!, #REF!…) or a formula without a stored value. Calamine reads both as empty
(python-calamine issue #105), which would silently turn "#DIV/0!" in an amount into "no amount"."""

from __future__ import annotations

import posixpath
import re
import zipfile

from psvxl import layout, xmlsafe

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
FORMULA_WITHOUT_VALUE = "formula"

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part name of its XML (e.g. "xl/worksheets/sheet15.xml")."""
    workbook = xmlsafe.parse(package.read("xl/workbook.xml"))
    rels = xmlsafe.parse(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL_NS}}}id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name")] = part
    return parts


def special_cells(data: bytes) -> dict[tuple[int, int], str]:
    """(row, col) (0-based) -> the error text, or FORMULA_WITHOUT_VALUE, for the cells that need it."""
    if b't="e"' not in data and b"<f" not in data and b":f" not in data:
        return {}
    found: dict[tuple[int, int], str] = {}
    for match in _CELL.finditer(data):
        attributes, body = match.group(1), match.group(2) or b""
        error = b't="e"' in attributes
        formula = b"<f" in body or b":f" in body
        if not (error or formula):
            continue
        ref = _REF.search(attributes)
        if ref is None:
            continue
        value = _VALUE.search(body)
        text = value.group(1).decode("utf-8", "replace") if value else ""
        if error:
            kind = text or "#FEIL"
        elif not text:
            kind = FORMULA_WITHOUT_VALUE
        else:
            continue
        position = layout.parse_address(ref.group(1).decode("ascii"))
        if position is not None:
            found[position] = kind
    return found


def special_cells_by_sheet(package: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], str]]:
    out = {}
    for name, part in sheet_parts(package).items():
        try:
            cells = special_cells(package.read(part))
        except KeyError:
            continue
        if cells:
            out[name] = cells
    return out
