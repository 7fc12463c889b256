"""A standard-library check of a workbook file before any parser sees it.

Some hostile files make native parsers abort the whole process, which no try/except can catch,
so this check is the guard: it rejects what is not a plain OOXML workbook, and packages whose
sizes, compression or XML would hurt.
"""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path

from psvxl.errors import InputError
from psvxl.i18n import t
from psvxl.opc import main_document_name

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # old .xls, and encrypted (password-protected) .xlsx
ZIP_MAGIC = b"PK\x03\x04"
MAX_TOTAL_UNCOMPRESSED = 400 * 1024 * 1024          # a PSV workbook is a few MB; 10 000 projects ~ 10 MB
MAX_PART_RATIO = 200                                 # deflate of repetitive XML reaches ~20-100x
RATIO_CHECK_FROM = 8 * 1024 * 1024                   # small parts may compress arbitrarily well
MAX_ROWS = 100_000                                   # far beyond any PSV (10 000 projects is the benchmark)
MAX_PARTS = 10_000
MAX_XML_PART = 64 * 1024 * 1024                      # one sheet's XML; 10 000 projects take 5 MB
MAX_XML_TOTAL = 160 * 1024 * 1024                    # all XML parts: what a reader holds at once
MAX_CELLS = 4_000_000                                # rows x columns a reader allocates for one sheet
MAX_STRINGS = 5_000_000                              # distinct texts in sharedStrings
MAX_COLUMNS_CHEAP = 64                               # narrower sheets cannot exceed MAX_CELLS under MAX_ROWS
PROLOG_BYTES = 64 * 1024
_ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_PROLOG_NOISE = re.compile(rb"^(\s|<\?.*?\?>|<!--.*?-->)*", re.S)
_UNIQUE_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="(\d+)"')
# Cell addresses that matter for what a reader allocates: a row of 6 digits or more (beyond
# MAX_ROWS), and columns of two or three letters (AA and beyond).
_FAR_ROW = re.compile(rb'\sr="([A-Z]{1,3}\d{6,})"')
_WIDE = re.compile(rb'\sr="([A-Z]{2,3})(\d+)"')
_CELL_ROW = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="[A-Z]{1,3}(\d+)"')


def _head(path: Path, what: str, empty: str) -> bytes:
    """The file's first bytes, after the checks every input shares (it exists, is a file, is not empty).
    `what` and `empty` are catalogue keys: what the file should be, and the advice for an empty one."""
    what = t(what)
    if not path.exists():
        raise InputError(t("reader.file.not-found", path=path))
    if path.is_dir():
        raise InputError(t("reader.file.is-folder", path=path, what=what))
    check_regular(path, what)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(t("reader.file.unreadable", name=path.name, reason=_reason(exc))) from None
    if not head:
        raise InputError(t("reader.file.empty", name=path.name, advice=t(empty)))
    return head


def check_regular(path: Path, what: str | None = None) -> None:
    """Refuse what is not a regular file (a pipe, a device, a socket): opening one may block forever.
    `what` names what the file should be (default «en fil»)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(t("reader.file.unreadable", name=path.name, reason=_reason(exc))) from None
    if not stat.S_ISREG(mode):
        raise InputError(t("reader.file.not-regular", name=path.name, what=what or t("reader.what.file")))


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return t("reader.file.no-permission")
    return exc.strerror or exc.__class__.__name__


def preflight(path: Path) -> None:
    """Raise `InputError` with a Norwegian explanation when the file is not a safe workbook."""
    name = path.name
    head = _head(path, "reader.what.workbook", "reader.advice.choose-workbook")
    if head.startswith(CFB_MAGIC):
        if _is_encrypted(path):
            raise InputError(t("reader.xlsx.password", name=name))
        raise InputError(t("reader.xlsx.old-format", name=name))
    if not head.startswith(ZIP_MAGIC):
        raise InputError(t("reader.xlsx.not-excel", name=name))
    try:
        with zipfile.ZipFile(path) as package:
            _check_package(package, name)
    except zipfile.BadZipFile:
        raise InputError(t("reader.xlsx.bad-zip", name=name)) from None
    except PermissionError as exc:
        raise InputError(t("reader.file.unreadable", name=name, reason=_reason(exc))) from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        raise InputError(t("reader.xlsx.damaged", name=name)) from None


SAVE_AS_DOCX = "reader.advice.save-as-docx"   # the key of the advice every refusal of a report ends with


def preflight_report(path: Path) -> None:
    """The same guard for a Word report (.docx): the zip and XML checks of a workbook, and Norwegian
    words for what people send instead (.doc, .pdf, a workbook)."""
    name = path.name
    head = _head(path, "reader.what.report", SAVE_AS_DOCX)
    if head.startswith(CFB_MAGIC):
        if _is_encrypted(path):
            raise InputError(t("reader.docx.password", name=name))
        raise InputError(t("reader.docx.old-format", name=name, advice=t(SAVE_AS_DOCX)))
    if head.startswith(b"%PDF"):
        raise InputError(t("reader.docx.pdf", name=name, advice=t(SAVE_AS_DOCX)))
    if head.startswith(b"{\\rtf"):
        raise InputError(t("reader.docx.rtf", name=name, advice=t(SAVE_AS_DOCX)))
    if not head.startswith(ZIP_MAGIC):
        raise InputError(t("reader.docx.not-word", name=name, advice=t(SAVE_AS_DOCX)))
    try:
        with zipfile.ZipFile(path) as package:
            if main_document_name(package) not in package.namelist():      # by relationship, as the importer
                if "xl/workbook.xml" in package.namelist():
                    raise InputError(t("reader.docx.is-workbook", name=name))
                raise InputError(t("reader.docx.zip-not-word", name=name))
            _check_package(package, name, required=None)
    except zipfile.BadZipFile:
        raise InputError(t("reader.docx.bad-zip", name=name, advice=t(SAVE_AS_DOCX))) from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        raise InputError(t("reader.docx.damaged", name=name, advice=t(SAVE_AS_DOCX))) from None


def _is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        data = handle.read(1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data


def _check_package(package: zipfile.ZipFile, name: str, required: str | None = "xl/workbook.xml") -> None:
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise InputError(t("reader.zip.too-many-parts", name=name, parts=len(infos)))
    names = {info.filename for info in infos}
    if required is not None and required not in names:
        if "word/document.xml" in names:
            raise InputError(t("reader.xlsx.is-word", name=name))
        raise InputError(t("reader.xlsx.zip-not-excel", name=name))
    total = xml_total = 0
    for info in infos:
        if info.compress_type not in _ALLOWED_COMPRESSION:
            raise InputError(t("reader.zip.compression", name=name, part=info.filename))
        if info.flag_bits & 0x1:
            raise InputError(t("reader.zip.encrypted", name=name))
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(t("reader.zip.too-large", name=name, mb=MAX_TOTAL_UNCOMPRESSED // 2**20))
        if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1):
            raise InputError(t("reader.zip.bomb", name=name, times=info.file_size // max(info.compress_size, 1)))
        if info.filename.endswith((".xml", ".rels", ".vml")):
            xml_total += info.file_size
            _check_xml_size(info, xml_total, name)
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _check_xml_part(package, info, name)


def _check_xml_size(info: zipfile.ZipInfo, xml_total: int, name: str) -> None:
    """XML is what readers hold in memory, several times over: one part and all of them are bounded."""
    if info.file_size > MAX_XML_PART:
        raise InputError(t("reader.zip.part-too-large", name=name, part=info.filename, mb=info.file_size // 2**20,
                           most=MAX_XML_PART // 2**20))
    if xml_total > MAX_XML_TOTAL:
        raise InputError(t("reader.zip.xml-too-large", name=name, mb=MAX_XML_TOTAL // 2**20))


def _check_xml_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    with package.open(info) as stream:
        head = stream.read(PROLOG_BYTES)
    rest = head[_PROLOG_NOISE.match(head).end():]  # type: ignore[union-attr]
    if rest.lstrip().upper().startswith(b"<!DOCTYPE") or (not rest and len(head) == PROLOG_BYTES):
        raise InputError(t("reader.xml.doctype", name=name, part=info.filename))
    if rest and not rest.lstrip().startswith(b"<"):
        raise InputError(t("reader.xml.not-xml", name=name, part=info.filename))
    if info.filename.startswith("xl/worksheets/") and (match := _DIMENSION.search(head)):
        rows = int(match.group(1))
        if rows > MAX_ROWS:
            raise InputError(t("reader.sheet.dimension-too-far", name=name, part=info.filename, rows=rows, most=MAX_ROWS))
    if info.filename.startswith("xl/worksheets/"):
        _check_extent(package.read(info), info.filename, name)
    elif info.filename == "xl/sharedStrings.xml" and (match := _UNIQUE_COUNT.search(head)):
        count = int(match.group(1))
        # Each distinct text takes at least "<si/>" (5 bytes): a larger count is a lie a reader
        # would still allocate for.
        if count > min(MAX_STRINGS, info.file_size // 5 + 16):
            raise InputError(t("reader.xml.string-count", name=name, count=count))


def _check_extent(data: bytes, part: str, name: str) -> None:
    """The cells a reader would allocate for this sheet (from the first row and column to the last
    cell's), from the addresses of the cells themselves: a dimension may be left out or lie."""
    if far := _FAR_ROW.search(data):
        address = far.group(1).decode("ascii")
        raise InputError(t("reader.sheet.cell-too-far", name=name, part=part, cell=address, most=MAX_ROWS))
    widest = max(_WIDE.finditer(data), key=lambda m: _column_number(m.group(1)), default=None)
    if widest is None or _column_number(widest.group(1)) <= MAX_COLUMNS_CHEAP:
        return
    columns = _column_number(widest.group(1))
    rows = max((int(m.group(1)) for m in _CELL_ROW.finditer(data)), default=1)
    if rows * columns > MAX_CELLS:
        address = (widest.group(1) + widest.group(2)).decode("ascii")
        raise InputError(t("reader.sheet.too-many-cells", name=name, part=part, column=widest.group(1).decode(),
                           row=rows, cell=address, cells=rows * columns, most=MAX_CELLS))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
