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
# Excel's «Strict Open XML» save option: the same parts under other namespaces.
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
FORMULA_WITHOUT_VALUE = "formula"
UNCOMPUTED = "uncomputed"      # a formula whose stored value no spreadsheet computed (see `computed_by_a_spreadsheet`)
COLUMN_SUM = "sum"             # =SUM(…)/SUBTOTAL(…) over the cell's own column: the row is a total row
TOTAL_ROW = -1                 # (row, TOTAL_ROW): the row is an Excel table's total row (totalsRowCount)

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")          # the <f> of a cell (not <formula1>, <filter…>)
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)/?>")


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part name of its XML (e.g. "xl/worksheets/sheet15.xml")."""
    workbook = xmlsafe.parse_readonly(package.read("xl/workbook.xml"))
    rels = xmlsafe.parse_readonly(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship")}
    parts = {}
    strict = workbook.tag == f"{{{STRICT_NS}}}workbook"
    ns, rel_ns = (STRICT_NS, STRICT_REL_NS) if strict else (NS, REL_NS)
    for sheet in workbook.iter(f"{{{ns}}}sheet"):
        target = targets.get(sheet.get(f"{{{rel_ns}}}id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name")] = part
    return parts


def is_strict(package: zipfile.ZipFile) -> bool:
    return STRICT_NS.encode() in package.read("xl/workbook.xml")[:4096]


def computed_by_a_spreadsheet(package: zipfile.ZipFile) -> bool:
    """Whether stored formula values can be trusted. A library (xlsxwriter, openpyxl, …) writes
    formulas with a placeholder value or none, asks for a full recalculation on load and writes no
    calculation chain; Excel drops that flag and writes the chain when it saves a workbook with
    formulas, LibreOffice never sets the flag. So: untrusted = fullCalcOnLoad and no calcChain."""
    match = re.search(rb"<(?:\w+:)?calcPr\b[^>]*>", package.read("xl/workbook.xml"))
    full = match is not None and re.search(rb'fullCalcOnLoad="(?:1|true)"', match.group(0)) is not None
    return not full or "xl/calcChain.xml" in package.namelist()


def special_cells(data: bytes, computed: bool = True) -> dict[tuple[int, int], str]:
    """(row, col) (0-based) -> the error text, or FORMULA_WITHOUT_VALUE, for the cells that need it.

    Only the cells with a formula or an error are looked at: a sheet of 10 000 plain rows costs two
    searches, not a parse. Cells without an `r` (the schema allows it) are placed by counting."""
    begin = _SHEET_DATA.search(data)
    if begin is None:
        return {}
    end = data.find(b"sheetData>", begin.end())
    end = len(data) if end < 0 else end
    starts = set()
    prefixed = data[begin.start() + 1:begin.start() + 2] != b"s"       # <x:sheetData>: elements have a prefix
    for needle in (b"<f", b":f", b't="e"') if prefixed else (b"<f", b't="e"'):   # bytes.find: fast
        at = data.find(needle, begin.end(), end)
        while at >= 0:
            if needle == b't="e"' or _FORMULA.match(data, data.rfind(b"<", 0, at + 1)):
                starts.add(_cell_start(data, at, begin.end()))
            at = data.find(needle, at + 2, end)
    found: dict[tuple[int, int], str] = {}
    for start in sorted(starts - {-1}):
        match = _CELL.match(data, start)
        if match is None:
            continue
        ref = _REF.search(match.group(1))
        kind = _special_kind(match.group(1), match.group(2) or b"", computed, ref.group(1) if ref else None)
        if kind is None:
            continue
        if ref is None:
            return _special_cells_counted(data, begin.end(), end, computed)
        position = layout.parse_address(ref.group(1).decode("ascii"))
        if position is not None:
            found[position] = kind
    return found


def _cell_start(data: bytes, position: int, floor: int) -> int:
    """Where the cell element enclosing `position` starts (-1 when there is none)."""
    while True:
        start = data.rfind(b"c", floor, position)
        if start < 1:
            return -1
        opening = data.rfind(b"<", floor, start + 1)
        if opening >= 0 and _CELL_START.match(data, opening):
            return opening
        position = start


def _special_kind(attributes: bytes, body: bytes, computed: bool = True, ref: bytes | None = None) -> str | None:
    error = b't="e"' in attributes
    if not (error or _FORMULA.search(body)):
        return None
    value = _VALUE.search(body)
    text = value.group(1).decode("utf-8", "replace") if value else ""
    if error:
        return text or "#FEIL"
    if _is_column_sum(body, ref):
        return COLUMN_SUM
    if not text and b't="str"' not in attributes:
        return FORMULA_WITHOUT_VALUE      # a text formula's empty result (=IFERROR(…;"")) is just empty
    if not computed and text:
        return UNCOMPUTED
    return None


_SUM = (rb"<(?:\w+:)?f\b[^>]*>\s*=?(?:_xlfn\.)?(?:SUM|SUBTOTAL|AGGREGATE)\((.*?)</")  # with DOTALL, IGNORECASE
_RANGE = (rb"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)")


def _is_column_sum(body: bytes, ref: bytes | None) -> bool:
    """A SUM/SUBTOTAL over a range of the cell's own column (K2:K20), or over a table column
    ([Tilsagn]): the sum of the rows above, not a value. =SUM(Q5:S5) across a row is a value."""
    match = re.search(_SUM, body, re.DOTALL | re.IGNORECASE)
    if match is None:
        return False
    args = match.group(1)
    if b"[" in args:
        return True
    column = re.match(rb"[A-Z]+", ref or b"")
    for first, top, last, bottom in re.findall(_RANGE, args):
        if first == last and top != bottom and (column is None or column.group(0) == first):
            return True
    return False


def _special_cells_counted(data: bytes, begin: int, end: int, computed: bool = True) -> dict[tuple[int, int], str]:
    """The slow path for sheets whose rows or cells leave out `r`: every position counted."""
    found: dict[tuple[int, int], str] = {}
    row, col = -1, -1
    for token in _ROW_OR_CELL.finditer(data, begin, end):
        ref = _REF.search(token.group(2))
        if token.group(1) == b"row":
            number = re.search(rb'\br="(\d+)"', token.group(2))
            row, col = (int(number.group(1)) - 1 if number else row + 1), -1
            continue
        position = layout.parse_address(ref.group(1).decode("ascii")) if ref else None
        col = position[1] if position else col + 1
        match = _CELL.match(data, token.start())
        address = layout.cell_address(position[0] if position else row, col).encode()
        kind = _special_kind(match.group(1), match.group(2) or b"", computed, address) if match else None
        if kind is not None:
            found[(position[0] if position else row, col)] = kind
    return found


def special_cells_by_sheet(package: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], str]]:
    out = {}
    computed = computed_by_a_spreadsheet(package)
    names = set(package.namelist())
    for name, part in sheet_parts(package).items():
        try:
            cells = special_cells(package.read(part), computed)
        except KeyError:
            continue
        for row in _table_total_rows(package, part, names):
            cells[(row, TOTAL_ROW)] = TOTAL_ROW_KIND
        if cells:
            out[name] = cells
    return out


TOTAL_ROW_KIND = "total-row"
_TABLE_REL = (rb'<(?:\w+:)?Relationship\b[^>]*Type="[^"]*/table"[^>]*>')
_TARGET = (rb'Target="([^"]+)"')
_TABLE_REF = (rb'<(?:\w+:)?table\b[^>]*>')


def _table_total_rows(package: zipfile.ZipFile, part: str, names: set[str]) -> list[int]:
    """0-based rows that are the total rows of the sheet's Excel tables (totalsRowCount="1")."""
    folder, file = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", file + ".rels")
    if rels not in names:
        return []
    rows: list[int] = []
    for rel in re.findall(_TABLE_REL, package.read(rels)):
        target = re.search(_TARGET, rel)
        if target is None:
            continue
        path = target.group(1).decode()
        table = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
        if table not in names:
            continue
        head = re.search(_TABLE_REF, package.read(table)[:4096])
        count = re.search(rb'totalsRowCount="(\d+)"', head.group(0)) if head else None
        ref = re.search(rb'\bref="[A-Z]+\d+:[A-Z]+(\d+)"', head.group(0)) if head else None
        if count and ref and int(count.group(1)) > 0:
            last = int(ref.group(1))
            rows += range(last - int(count.group(1)), last)
    return rows


# --- number formats that change what a cell's value means ---------------------------------------
PERCENT_FORMAT = "percent"          # 0 %, 0,0 %: the value 0,4 is shown as 40 %
THOUSANDS_FORMAT = 1000             # #,##0, : the value 4 000 000 is shown as 4 000
MILLIONS_FORMAT = 1_000_000         # #,##0,, : shown as 4
_BUILTIN_PERCENT = {9, 10}
_NUM_FMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_XF_FORMAT = re.compile(rb'numFmtId="(\d+)"')
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_SCALING = re.compile(r"[0#?](,+)(?![0#?])")


def format_kind(code: str) -> str | int | None:
    """PERCENT_FORMAT, THOUSANDS_FORMAT or MILLIONS_FORMAT for a format code that changes what the
    shown number means (looked at in its first section, the one positive numbers use); else None."""
    import html

    bare = _QUOTED.sub("", html.unescape(code)).split(";")[0]
    if "%" in bare:
        return PERCENT_FORMAT
    match = _SCALING.search(bare)
    if match is None:
        return None
    return THOUSANDS_FORMAT if len(match.group(1)) == 1 else MILLIONS_FORMAT


def style_kinds(styles: bytes) -> dict[int, str | int]:
    """Style index (a cell's s="…") -> format kind, for the styles whose format changes the meaning."""
    codes = {int(i): code.decode("utf-8", "replace") for i, code in _NUM_FMT.findall(styles)}
    xfs = _CELL_XFS.search(styles)
    out: dict[int, str | int] = {}
    for index, xf in enumerate(_XF.findall(xfs.group(0)) if xfs else []):
        found = _XF_FORMAT.search(xf)
        number = int(found.group(1)) if found else 0
        kind = PERCENT_FORMAT if number in _BUILTIN_PERCENT else format_kind(codes[number]) if number in codes else None
        if kind is not None:
            out[index] = kind
    return out


def formatted_cells(data: bytes, kinds: dict[int, str | int]) -> dict[tuple[int, int], str | int]:
    """(row, col) -> format kind of the cells styled with one of `kinds` (bytes.find per style: fast)."""
    found: dict[tuple[int, int], str | int] = {}
    for index, kind in kinds.items():
        needle = b's="%d"' % index
        at = data.find(needle)
        while at >= 0:
            start = _cell_start(data, at, 0)
            # s="…" inside a cell's own tag (not a row's style: no «>» between the tag's start and it)
            if start >= 0 and data.find(b">", start, at) < 0 and (ref := _REF.search(data, start, at)) is not None:
                position = layout.parse_address(ref.group(1).decode("ascii"))
                if position is not None:
                    found[position] = kind
            at = data.find(needle, at + len(needle))
    return found


def formats_by_sheet(package: zipfile.ZipFile, sheets: set[str] | None = None) -> dict[str, dict[tuple[int, int], str | int]]:
    """Sheet name -> the cells whose number format is a percentage or scales the shown value."""
    try:
        kinds = style_kinds(package.read("xl/styles.xml"))
    except KeyError:
        return {}
    if not kinds:
        return {}
    out = {}
    for name, part in sheet_parts(package).items():
        if sheets is not None and name not in sheets:
            continue
        try:
            cells = formatted_cells(package.read(part), kinds)
        except KeyError:
            continue
        if cells:
            out[name] = cells
    return out
