"""Write planned result cells into a workbook file, changing nothing else.

Re-saving with openpyxl would drop cached formula values, newer form controls and other parts, so
this patches the sheet XML of the result sheet and the assessment sheet only (lxml, inline strings,
formula cells never touched), sets `fullCalcOnLoad` in the workbook part so Excel refreshes what
depends on them, copies every other part of the zip unchanged and replaces the file atomically.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from psvxl import layout, xmlsafe
from psvxl.errors import OutputError
from psvxl.files import atomic_write, is_locked, lock_file
from psvxl.results import RESULT_STYLES, STYLE_COLUMN, ResultCell, ResultPlan
from psvxl.workbook.package import NS, STRICT_NS, is_strict, sheet_parts



def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def write_results(path: Path, plan: ResultPlan) -> list[str]:
    """Patch the plan into the workbook at `path`. Returns notes for the user (cells left alone)."""
    if is_locked(path):
        raise OutputError(f"{path.name} er åpen i Excel (låsefilen {lock_file(path).name} finnes). Lukk arbeidsboken, "
                          "eller trykk Beregn i Excel, og prøv igjen.")
    notes = list(plan.notes)
    source = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        parts = sheet_parts(package)
        changed: dict[str, bytes] = {}
        dropped: set[str] = set()
        results_part = _find(parts, layout.RESULTS_SHEET)
        if results_part is None:
            notes.append(f"Arket «{layout.RESULTS_SHEET}» mangler; tallene ble bare skrevet ved siden av totalene.")
        else:
            changed[results_part], removed_formula = _rewrite_result_sheet(_read(package, results_part), plan.sheet)
            if removed_formula:
                # calcChain lists formula cells; one naming a removed cell makes Excel "repair" the
                # file. Excel rebuilds the chain itself (fullCalcOnLoad is set below).
                dropped |= _drop_calc_chain(package, changed)
        assessment_part = _find(parts, layout.ASSESSMENTS.name)
        if assessment_part is not None and plan.beside_totals:
            data, skipped = _patch_cells(_read(package, assessment_part), plan.beside_totals)
            changed[assessment_part] = data
            notes += [f"{layout.ASSESSMENTS.name}!{ref} inneholder en formel og ble ikke overskrevet." for ref in skipped]
        if is_strict(package):     # Strict Open XML: patched as the ordinary kind, written back as Strict
            changed = {part: data.replace(NS.encode(), STRICT_NS.encode()) for part, data in changed.items()}
        changed["xl/workbook.xml"] = _full_calc_on_load(package.read("xl/workbook.xml"))
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as target:
            for info in package.infolist():
                if info.filename in dropped:
                    continue
                data = changed.get(info.filename)
                target.writestr(info, package.read(info) if data is None else data,
                                compress_type=info.compress_type)
    new = output.getvalue()
    if new != source:
        atomic_write(path, new)
    return notes


def _read(package: zipfile.ZipFile, part: str) -> bytes:
    """A sheet part; a Strict Open XML one under the ordinary namespace (the same elements)."""
    return package.read(part).replace(STRICT_NS.encode(), NS.encode())


def _drop_calc_chain(package: zipfile.ZipFile, changed: dict[str, bytes]) -> set[str]:
    """Leave out xl/calcChain.xml with its content type and relationship (byte-level edits)."""
    part = "xl/calcChain.xml"
    if part not in package.namelist():
        return set()
    types = package.read("[Content_Types].xml")
    changed["[Content_Types].xml"] = re.sub(rb'<Override[^>]*PartName="/xl/calcChain\.xml"[^>]*/>', b"", types)
    rels_part = "xl/_rels/workbook.xml.rels"
    rels = changed.get(rels_part, package.read(rels_part))
    changed[rels_part] = re.sub(rb'<Relationship[^>]*Target="(?:/xl/)?calcChain\.xml"[^>]*/>', b"", rels)
    return {part}


def _find(parts: dict[str, str], name: str) -> str | None:
    wanted = layout.normalize_label(name)
    return next((part for sheet, part in parts.items() if layout.normalize_label(sheet) == wanted), None)


# --- the result sheet: the result area (columns A..H) is ours, rebuilt each time ----------------

def _rewrite_result_sheet(xml: bytes, cells: list[ResultCell]) -> tuple[bytes, bool]:
    """The result sheet with its result area replaced by `cells`; everything outside the area (the
    user's notes, the style samples in AA) stays. Also says whether formula cells were removed."""
    root = xmlsafe.parse(xml)
    data = root.find(_q("sheetData"))
    if data is None:  # pragma: no cover - every worksheet has sheetData
        data = etree.SubElement(root, _q("sheetData"))
    _number_rows_and_cells(data)
    styles = _style_samples(data)
    first, last = layout.RESULT_FIRST_COLUMN, layout.RESULT_LAST_COLUMN
    removed_formula = False
    rows: dict[int, etree._Element] = {}
    for row in list(data):
        ours = [c for c in row.iter(_q("c")) if first <= _column_of(c.get("r", "")) <= last]
        for cell in ours:
            removed_formula = removed_formula or cell.find(_q("f")) is not None
            row.remove(cell)
        if ours and len(row) == 0:
            data.remove(row)       # a row that held only results
        else:
            rows[int(row.get("r"))] = row
    by_row: dict[int, list[ResultCell]] = {}
    for cell in cells:
        by_row.setdefault(cell.row + 1, []).append(cell)
    for number, planned in by_row.items():
        row = _row(data, rows, number)
        for cell in sorted(planned, key=lambda c: c.col):
            _insert_cell(row, _cell_element(cell.address, cell.value, styles.get(cell.style)), cell.col)
    _update_dimension(root, data)
    return _serialize(root), removed_formula


def _number_rows_and_cells(data: etree._Element) -> None:
    """Give every row and cell its explicit `r` (the schema lets both be left out, meaning "the
    next one"), and drop row `spans`: an optional hint, in any of its legal forms ("1:4 7:10")."""
    row_number = 0
    for row in data.iter(_q("row")):
        row_number = int(row.get("r")) if row.get("r") else row_number + 1
        row.set("r", str(row_number))
        row.attrib.pop("spans", None)
        col = -1
        for cell in row.iter(_q("c")):
            position = layout.parse_address(cell.get("r"))
            col = position[1] if position else col + 1
            cell.set("r", layout.cell_address(row_number - 1, col))


def _row(data: etree._Element, rows: dict[int, etree._Element], number: int) -> etree._Element:
    """The row element of row `number`, made and put in its place when missing."""
    row = rows.get(number)
    if row is None:
        row = etree.Element(_q("row"), r=str(number))
        later = [n for n in rows if n > number]
        if later:
            rows[min(later)].addprevious(row)
        else:
            data.append(row)
        rows[number] = row
    return row


def _insert_cell(row: etree._Element, element: etree._Element, col: int) -> None:
    after = [c for c in row.iter(_q("c")) if _column_of(c.get("r", "")) > col]
    if after:
        after[0].addprevious(element)
    else:
        row.append(element)


def _update_dimension(root: etree._Element, data: etree._Element) -> None:
    dimension = root.find(_q("dimension"))
    if dimension is None:
        return
    positions = [p for c in data.iter(_q("c")) if (p := layout.parse_address(c.get("r")))]
    if positions:
        dimension.set("ref", f"A1:{layout.cell_address(max(p[0] for p in positions), max(p[1] for p in positions))}")


def _style_samples(data: etree._Element) -> dict[str, str]:
    """Style name -> the style index (s) of its sample cell in the hidden column."""
    found = {}
    for cell in data.iter(_q("c")):
        position = layout.parse_address(cell.get("r"))
        if position and position[1] == STYLE_COLUMN:
            index = position[0]
            if index < len(RESULT_STYLES) and cell.get("s") is not None:
                found[RESULT_STYLES[index]] = cell.get("s")
    return found


# --- single cells on another sheet: patched in place -------------------------------------------

def _patch_cells(xml: bytes, cells: list[ResultCell]) -> tuple[bytes, list[str]]:
    root = xmlsafe.parse(xml)
    data = root.find(_q("sheetData"))
    _number_rows_and_cells(data)
    column_styles = _column_styles(root)
    rows = {int(r.get("r")): r for r in data.iter(_q("row"))}
    skipped = []
    for cell in cells:
        row = _row(data, rows, cell.row + 1)
        existing = next((c for c in row.iter(_q("c")) if c.get("r") == cell.address), None)
        if existing is not None and existing.find(_q("f")) is not None:
            skipped.append(cell.address)
            continue
        style = existing.get("s") if existing is not None else column_styles.get(cell.col)
        element = _cell_element(cell.address, cell.value, style)
        if existing is not None:
            existing.addnext(element)
            row.remove(existing)
        else:
            _insert_cell(row, element, cell.col)
    _update_dimension(root, data)
    return _serialize(root), skipped


def _column_styles(root: etree._Element) -> dict[int, str]:
    styles = {}
    cols = root.find(_q("cols"))
    for col in cols if cols is not None else []:
        if col.get("style") is not None:
            for index in range(int(col.get("min")) - 1, min(int(col.get("max")), 16384)):
                styles[index] = col.get("style")
    return styles


# --- helpers ----------------------------------------------------------------------------------

def _cell_element(ref: str, value: object, style: str | None) -> etree._Element:
    cell = etree.Element(_q("c"), r=ref)
    if style is not None:
        cell.set("s", style)
    if value is None:
        return cell
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        etree.SubElement(cell, _q("v")).text = repr(value) if isinstance(value, float) else str(value)
    else:
        cell.set("t", "inlineStr")
        text = etree.SubElement(etree.SubElement(cell, _q("is")), _q("t"))
        text.text = xmlsafe.legal_text(str(value))
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return cell


def _column_of(ref: str) -> int:
    position = layout.parse_address(ref)
    return position[1] if position else -1


def _full_calc_on_load(xml: bytes) -> bytes:
    """Set fullCalcOnLoad="1" on calcPr with a byte-level edit (the rest of the part stays as it was)."""
    match = re.search(rb"<(\w+:)?calcPr\b[^>]*?/?>", xml)
    if match:
        tag = match.group(0)
        if re.search(rb'\bfullCalcOnLoad="(1|true)"', tag):
            return xml
        new = re.sub(rb'\s+fullCalcOnLoad="[^"]*"', b"", tag)
        new = re.sub(rb"(/?>)$", rb' fullCalcOnLoad="1"\1', new)
        return xml[: match.start()] + new + xml[match.end():]
    for anchor in (rb"</definedNames>", rb"</externalReferences>", rb"</sheets>"):
        position = xml.find(anchor)
        if position >= 0:
            position += len(anchor)
            return xml[:position] + b'<calcPr fullCalcOnLoad="1"/>' + xml[position:]
    return xml


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
