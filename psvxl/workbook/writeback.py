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
from psvxl.errors import InputError, OutputError
from psvxl.files import atomic_write, check_writable, is_locked, locked_message
from psvxl.i18n import t
from psvxl.results import RESULT_STYLES, STYLE_COLUMN, ResultCell, ResultPlan
from psvxl.workbook.formulas import parse_range, translate
from psvxl.reading.package import NS, STRICT_NS, is_strict, sheet_parts

MAX_PATCHED_PART = 16 * 1024 * 1024   # a sheet parsed whole with lxml (the result sheet is a few kB)
RANGE_KINDS = ("array", "dataTable")      # formulas over a range: what each is called is writeback.kind.<kind>


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def check_writable_workbook(path: Path) -> None:
    """What stops a write-back, checked before anything is read: the workbook is open (a lock file),
    read-only, or its sheets to patch are chart sheets or too big. Raises `OutputError`/`InputError`."""
    if is_locked(path):
        raise OutputError(locked_message(path) + t("writeback.or-press", button=t("button.recompute.name")))
    check_writable(path)
    try:
        with zipfile.ZipFile(path) as package:
            parts = sheet_parts(package)
            for sheet in (layout.RESULTS_SHEET, layout.ASSESSMENTS.name):
                if (part := _find(parts, sheet)) is not None and part in package.namelist():
                    _check_part(package, part, path, own_name(parts, sheet))
    except (zipfile.BadZipFile, KeyError, OSError):
        return            # the reader says what is wrong with the package itself


def write_results(path: Path, plan: ResultPlan) -> list[str]:
    """Patch the plan into the workbook at `path`. Returns notes for the user (cells left alone)."""
    check_writable_workbook(path)
    notes = list(plan.notes)
    source = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        parts = sheet_parts(package)
        changed: dict[str, bytes] = {}
        dropped: set[str] = set()
        results_part, results = _find(parts, layout.RESULTS_SHEET), own_name(parts, layout.RESULTS_SHEET)
        if results_part is None:
            notes.append(t("workbook.live.no-results-sheet", sheet=results))
        else:
            xml = _read_part(package, results_part, path, results)
            changed[results_part], removed_formula = _rewrite_result_sheet(xml, plan.sheet, _where(path, results))
            if removed_formula:
                # calcChain lists formula cells; one naming a removed cell makes Excel "repair" the
                # file. Excel rebuilds the chain itself (fullCalcOnLoad is set below).
                dropped |= _drop_calc_chain(package, changed)
        assessment_part, assessments = _find(parts, layout.ASSESSMENTS.name), own_name(parts, layout.ASSESSMENTS.name)
        if assessment_part is not None and plan.beside_totals:
            xml = _read_part(package, assessment_part, path, assessments)
            data, skipped = _patch_cells(xml, plan.beside_totals, _where(path, assessments))
            changed[assessment_part] = data
            notes += [t("writeback.left-alone", cell=f"{assessments}!{ref}", why=why) for ref, why in skipped]
        if is_strict(package):     # Strict Open XML: patched as the ordinary kind, written back as Strict
            changed = {part: data.replace(NS.encode(), STRICT_NS.encode()) for part, data in changed.items()}
        changed["xl/workbook.xml"] = _full_calc_on_load(package.read("xl/workbook.xml"))
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as target:
            for info in package.infolist():
                if info.filename in dropped:
                    continue
                new = changed.get(info.filename)
                target.writestr(info, package.read(info) if new is None else new,
                                compress_type=info.compress_type)
    new = output.getvalue()
    if new != source:
        atomic_write(path, new, remember=False)     # the workbook stays the person's file
    return notes


def _where(path: Path, sheet: str) -> str:
    """How a message names a sheet of the file: «PSV.xlsx, arket «Resultater»»."""
    return t("writeback.where", file=path.name, sheet=sheet)


def _read_part(package: zipfile.ZipFile, part: str, path: Path, sheet: str) -> bytes:
    """A sheet's XML to patch: refused when it is no worksheet (a chart sheet) or too big to parse."""
    _check_part(package, part, path, sheet)
    return package.read(part).replace(STRICT_NS.encode(), NS.encode())   # Strict: the same elements


def _check_part(package: zipfile.ZipFile, part: str, path: Path, sheet: str) -> None:
    info = package.getinfo(part)
    if info.file_size > MAX_PATCHED_PART:
        raise InputError(t("writeback.too-big", file=path.name, sheet=sheet, size=info.file_size // 2**20,
                           limit=MAX_PATCHED_PART // 2**20))
    with package.open(part) as stream:
        head = stream.read(4096)
    if "chartsheets/" in part or re.search(rb"<(?:\w+:)?(chartsheet|dialogsheet)\b", head):
        raise OutputError(t("writeback.chart-sheet", sheet=sheet, file=path.name))


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
    """The part of a layout sheet, named either way («Resultater», «Resultat»)."""
    return next((part for sheet, part in parts.items() if layout.same_sheet(sheet, name)), None)


def own_name(parts: dict[str, str], name: str) -> str:
    """How messages name a layout sheet: as the workbook does, else in the message's målform."""
    return next((sheet for sheet in parts if layout.same_sheet(sheet, name)), layout.sheet_name(name))


# --- the result sheet: the result area (columns A..H) is ours, rebuilt each time ----------------

def _rewrite_result_sheet(xml: bytes, cells: list[ResultCell], where: str = "") -> tuple[bytes, bool]:
    """The result sheet with its result area replaced by `cells`; everything outside the area (the
    user's notes, the style samples in AA) stays. Also says whether formula cells were removed.
    An array formula or data table in the area is refused (it would be cut or lost); a shared
    formula whose master is in the area is written out in each of its cells outside the area."""
    where = where or t("writeback.the-sheet")
    root = xmlsafe.parse(xml, where)
    data = root.find(_q("sheetData"))
    if data is None:  # pragma: no cover - every worksheet has sheetData
        data = etree.SubElement(root, _q("sheetData"))
    _number_rows_and_cells(data)
    first, last = layout.RESULT_FIRST_COLUMN, layout.RESULT_LAST_COLUMN
    _refuse_ranges_in_area(data, first, last, where)
    styles = _style_samples(data)
    removed_formula = False
    masters: dict[str, tuple[str, str]] = {}      # si -> (master cell, formula) of masters removed
    rows: dict[int, etree._Element] = {}
    for row in list(data):
        ours = [c for c in row.iter(_q("c")) if first <= _column_of(c.get("r", "")) <= last]
        for cell in ours:
            formula = cell.find(_q("f"))
            removed_formula = removed_formula or formula is not None
            if formula is not None and formula.get("t") == "shared" and formula.get("ref") and formula.text:
                masters[formula.get("si", "")] = (cell.get("r"), formula.text)
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
    _expand_orphans(data, masters)
    _update_dimension(root, data)
    return _serialize(root), removed_formula


def _formula_ranges(data: etree._Element) -> list[tuple[str, str, tuple[int, int, int, int]]]:
    """(kind, ref, bounds) of every array formula and data table on the sheet."""
    found = []
    for formula in data.iter(_q("f")):
        kind, ref = formula.get("t"), formula.get("ref")
        if kind in RANGE_KINDS and ref and (bounds := parse_range(ref)) is not None:
            found.append((kind, ref, bounds))
    return found


def _refuse_ranges_in_area(data: etree._Element, first: int, last: int, where: str) -> None:
    for kind, ref, (_, left, _, right) in _formula_ranges(data):
        if left <= last and right >= first:
            raise OutputError(t("writeback.range-in-area", where=where, kind=t(f"writeback.kind.{kind}"), ref=ref,
                                first=layout.column_letter(first), last=layout.column_letter(last),
                                beyond=layout.column_letter(last + 1)))


def _expand_orphans(data: etree._Element, masters: dict[str, tuple[str, str]]) -> None:
    """The cells of a shared formula whose master was removed get the formula written out, moved to
    their own place (as openpyxl's reader reads them): Excel would otherwise drop them."""
    if not masters:
        return
    for formula in data.iter(_q("f")):
        si = formula.get("si")
        if formula.get("t") == "shared" and si in masters and not formula.get("ref"):
            origin, text = masters[si]
            formula.text = translate(text, origin, formula.getparent().get("r"))
            for attribute in ("t", "si", "ref"):
                formula.attrib.pop(attribute, None)


def _number_rows_and_cells(data: etree._Element) -> None:
    """Give every row and cell its explicit `r` (the schema lets both be left out, meaning "the
    next one"), and drop row `spans`: an optional hint, in any of its legal forms ("1:4 7:10")."""
    row_number = 0
    for row in data.iter(_q("row")):
        given = row.get("r", "")
        row_number = int(given) if given.isdigit() and 0 < int(given) <= 1048576 else row_number + 1
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
        dimension.set("ref", f"{layout.cell_address(0, 0)}:{layout.cell_address(max(p[0] for p in positions), max(p[1] for p in positions))}")


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

def _patch_cells(xml: bytes, cells: list[ResultCell], where: str = "") -> tuple[bytes, list[tuple[str, str]]]:
    """The cells written in place; (address, why) of those left alone: formulas, and cells inside an
    array formula's or data table's range."""
    where = where or t("writeback.the-sheet")
    root = xmlsafe.parse(xml, where)
    data = root.find(_q("sheetData"))
    _number_rows_and_cells(data)
    column_styles = _column_styles(root)
    ranges = _formula_ranges(data)
    rows = {int(r.get("r")): r for r in data.iter(_q("row"))}
    skipped = []
    for cell in cells:
        inside = next(((k, ref) for k, ref, (top, left, bottom, right) in ranges
                       if top <= cell.row <= bottom and left <= cell.col <= right), None)
        if inside is not None:
            skipped.append((cell.address, t("writeback.inside-range", kind=t(f"writeback.kind.{inside[0]}"),
                                            ref=inside[1])))
            continue
        row = _row(data, rows, cell.row + 1)
        existing = next((c for c in row.iter(_q("c")) if c.get("r") == cell.address), None)
        if existing is not None and existing.find(_q("f")) is not None:
            skipped.append((cell.address, t("writeback.has-formula")))
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
        low, high = col.get("min", ""), col.get("max", "")
        if col.get("style") is not None and low.isdigit() and high.isdigit():   # «min="x"»: no columns
            for index in range(int(low) - 1, min(int(high), 16384)):
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
