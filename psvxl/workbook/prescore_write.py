"""Write the «Forhåndsvurdering» sheet into a workbook file, changing nothing else.

The same rules as the result write-back (workbook/writeback.py, whose helpers this uses): the zip is
copied part by part, only the parts named below change, and the file is replaced atomically.
- The sheet exists: its cell data is rebuilt from the pre-scores (it is psvxl's sheet; the column
  widths, frozen panes and anything else outside the cells stay).
- It does not: a new worksheet part is added as the last sheet (last, so the sheet-local defined
  names such as print titles keep pointing at their sheets), with its relationship and content type.
`fullCalcOnLoad` is not needed: no formula reads this sheet.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from psvxl import layout, xmlsafe
from psvxl.errors import OutputError
from psvxl.files import atomic_write, is_locked, lock_file
from psvxl.i18n import t
from psvxl.model import Assessment
from psvxl.reading import prescore_sheet
from psvxl.reading.package import NS, PKG_REL_NS, REL_NS, sheet_parts
from psvxl.workbook.writeback import _cell_element, _find, _serialize, _style_samples, own_name

_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WIDTHS = prescore_sheet.WIDTHS


def write_prescores(path: Path, assessment: Assessment) -> bool:
    """Write the assessment's pre-scores as the sheet. Returns whether the file changed."""
    if is_locked(path):
        raise OutputError(t("workbook.prescores.open", file=path.name, lock=lock_file(path).name))
    source = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        parts = sheet_parts(package)
        styles = _styles(package, parts)
        part = _find(parts, prescore_sheet.SHEET)
        # Its own name, or a new sheet's spelled as the workbook's other sheets are.
        name = own_name(parts, prescore_sheet.SHEET) if part else \
            layout.sheet_name(prescore_sheet.SHEET, layout.spelling_of(list(parts)))
        rows = prescore_sheet.sheet_rows(assessment, name)
        changed: dict[str, bytes] = {}
        if part is None:
            part = _new_part_name(package)
            changed[part] = _new_sheet(rows, styles)
            changed.update(_register_sheet(package, part, name))
        else:
            changed[part] = _replace_cells(package.read(part), rows, styles)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as target:
            for info in package.infolist():
                data = changed.pop(info.filename, None)
                target.writestr(info, package.read(info) if data is None else data, compress_type=info.compress_type)
            for name, data in changed.items():
                target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    new = output.getvalue()
    if new == source:
        return False
    atomic_write(path, new)
    return True


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _styles(package: zipfile.ZipFile, parts: dict[str, str]) -> dict[str, str]:
    """The result styles (title, header, note …) from the samples on the result sheet, where it has them."""
    results = _find(parts, layout.RESULTS_SHEET)
    if results is None:
        return {}
    data = xmlsafe.parse(package.read(results)).find(_q("sheetData"))
    return _style_samples(data) if data is not None else {}


def _sheet_data(rows: list[list[Any]], styles: dict[str, str]) -> etree._Element:
    data = etree.Element(_q("sheetData"))
    for r, values in enumerate(rows):
        row = etree.SubElement(data, _q("row"), r=str(r + 1))
        style = {0: "title", 1: "note", prescore_sheet.HEADER_ROW: "header"}.get(r)
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            row.append(_cell_element(layout.cell_address(r, c), value, styles.get(style) if style else None))
    return data


def _replace_cells(xml: bytes, rows: list[list[Any]], styles: dict[str, str]) -> bytes:
    root = xmlsafe.parse(xml)
    old = root.find(_q("sheetData"))
    new = _sheet_data(rows, styles)
    if old is None:  # pragma: no cover - every worksheet has sheetData
        root.append(new)
    else:
        old.addnext(new)
        root.remove(old)
    dimension = root.find(_q("dimension"))
    if dimension is not None:
        dimension.set("ref", _dimension(rows))
    return _serialize(root)


def _dimension(rows: list[list[Any]]) -> str:
    width = max(len(r) for r in rows)
    return f"{layout.cell_address(0, 0)}:{layout.cell_address(len(rows) - 1, width - 1)}"


def _new_sheet(rows: list[list[Any]], styles: dict[str, str]) -> bytes:
    root = etree.Element(_q("worksheet"), nsmap={None: NS, "r": REL_NS})
    etree.SubElement(root, _q("dimension"), ref=_dimension(rows))
    view = etree.SubElement(etree.SubElement(root, _q("sheetViews")), _q("sheetView"), workbookViewId="0")
    first = prescore_sheet.HEADER_ROW + 2
    etree.SubElement(view, _q("pane"), xSplit="3", ySplit=str(first - 1), topLeftCell=f"D{first}",
                     activePane="bottomRight", state="frozen")
    etree.SubElement(root, _q("sheetFormatPr"), defaultRowHeight="15")
    cols = etree.SubElement(root, _q("cols"))
    for k, width in enumerate(WIDTHS):
        last = 16384 if k == len(WIDTHS) - 1 else k + 1
        etree.SubElement(cols, _q("col"), min=str(k + 1), max=str(last), width=str(width), customWidth="1")
    root.append(_sheet_data(rows, styles))
    etree.SubElement(root, _q("pageMargins"), left="0.7", right="0.7", top="0.75", bottom="0.75",
                     header="0.3", footer="0.3")
    return _serialize(root)


def _new_part_name(package: zipfile.ZipFile) -> str:
    names = set(package.namelist())
    k = 1
    while f"xl/worksheets/sheet{k}.xml" in names:
        k += 1
    return f"xl/worksheets/sheet{k}.xml"


def _register_sheet(package: zipfile.ZipFile, part: str, name: str) -> dict[str, bytes]:
    """The workbook part, its relationships and the content types with the new sheet added last."""
    rels = xmlsafe.parse(package.read("xl/_rels/workbook.xml.rels"))
    ids = {rel.get("Id") for rel in rels}
    rel_id = next(f"rId{k}" for k in range(len(ids) + 1, 10 * len(ids) + 100) if f"rId{k}" not in ids)
    etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship", Id=rel_id, Type=_WORKSHEET_REL,
                     Target=part.removeprefix("xl/"))
    workbook = xmlsafe.parse(package.read("xl/workbook.xml"))
    sheets = workbook.find(_q("sheets"))
    if sheets is None or len(sheets) == 0:
        raise OutputError(t("workbook.prescores.no-sheets", sheet=name))
    sheet = copy.deepcopy(sheets[-1])
    for attribute in list(sheet.attrib):
        if attribute not in ("name", "sheetId") and not attribute.endswith("}id"):
            del sheet.attrib[attribute]          # not hidden, even if the last sheet is
    sheet.set("name", name)
    sheet.set("sheetId", str(max(int(s.get("sheetId", "0")) for s in sheets) + 1))
    sheet.set(f"{{{REL_NS}}}id", rel_id)
    sheets.append(sheet)
    types = xmlsafe.parse(package.read("[Content_Types].xml"))
    etree.SubElement(types, f"{{{_CT_NS}}}Override", PartName="/" + part, ContentType=_WORKSHEET_TYPE)
    return {"xl/workbook.xml": _serialize(workbook), "xl/_rels/workbook.xml.rels": _serialize(rels),
            "[Content_Types].xml": _serialize(types)}
