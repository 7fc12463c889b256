"""A standard-library check of a workbook file before any parser sees it.

Some hostile files make native parsers abort the whole process, which no try/except can catch,
so this check is the guard: it rejects what is not a plain OOXML workbook, and packages whose
sizes, compression or XML would hurt.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from psvxl.errors import InputError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # old .xls, and encrypted (password-protected) .xlsx
ZIP_MAGIC = b"PK\x03\x04"
MAX_TOTAL_UNCOMPRESSED = 400 * 1024 * 1024          # a PSV workbook is a few MB; 10 000 projects ~ 10 MB
MAX_PART_RATIO = 200                                 # deflate of repetitive XML reaches ~20-100x
RATIO_CHECK_FROM = 8 * 1024 * 1024                   # small parts may compress arbitrarily well
MAX_ROWS = 100_000                                   # far beyond any PSV (10 000 projects is the benchmark)
MAX_PARTS = 10_000
PROLOG_BYTES = 64 * 1024
_ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_PROLOG_NOISE = re.compile(rb"^(\s|<\?.*?\?>|<!--.*?-->)*", re.S)


def _head(path: Path, what: str, empty: str) -> bytes:
    """The file's first bytes, after the checks every input shares (it exists, is a file, is not empty)."""
    if not path.exists():
        raise InputError(f"Finner ikke filen {path}.")
    if path.is_dir():
        raise InputError(f"{path} er en mappe, ikke {what}.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise InputError(f"{path.name} er tom (0 byte). {empty}")
    return head


def preflight(path: Path) -> None:
    """Raise `InputError` with a Norwegian explanation when the file is not a safe workbook."""
    name = path.name
    head = _head(path, "en arbeidsbok", "Velg arbeidsboken på nytt, eller lag en ny med «psvxl new».")
    if head.startswith(CFB_MAGIC):
        if _is_encrypted(path):
            raise InputError(f"{name} er passordbeskyttet. Fjern passordet i Excel (Fil > Info > Beskytt arbeidsbok) og prøv igjen.")
        raise InputError(f"{name} er i det gamle Excel-formatet (.xls). Åpne den i Excel og lagre som .xlsx.")
    if not head.startswith(ZIP_MAGIC):
        raise InputError(f"{name} er ikke en Excel-arbeidsbok (.xlsx eller .xlsm). Er det en annen filtype som har fått nytt navn?")
    try:
        with zipfile.ZipFile(path) as package:
            _check_package(package, name)
    except zipfile.BadZipFile:
        raise InputError(f"{name} er skadet (ufullstendig zip-fil). Hent en ny kopi av arbeidsboken.") from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        raise InputError(f"{name} er skadet og kan ikke leses. Hent en ny kopi av arbeidsboken.") from None


SAVE_AS_DOCX = "Lagre rapporten som .docx i Word og prøv igjen."


def preflight_report(path: Path) -> None:
    """The same guard for a Word report (.docx): the zip and XML checks of a workbook, and Norwegian
    words for what people send instead (.doc, .pdf, a workbook)."""
    name = path.name
    head = _head(path, "en Word-rapport", SAVE_AS_DOCX)
    if head.startswith(CFB_MAGIC):
        if _is_encrypted(path):
            raise InputError(f"{name} er passordbeskyttet. Fjern passordet i Word og prøv igjen.")
        raise InputError(f"{name} er i det gamle Word-formatet (.doc). {SAVE_AS_DOCX}")
    if head.startswith(b"%PDF"):
        raise InputError(f"{name} er en PDF, som psvxl ikke kan lese rapporten fra. {SAVE_AS_DOCX}")
    if head.startswith(b"{\\rtf"):
        raise InputError(f"{name} er en RTF-fil. {SAVE_AS_DOCX}")
    if not head.startswith(ZIP_MAGIC):
        raise InputError(f"{name} er ikke et Word-dokument (.docx). {SAVE_AS_DOCX}")
    try:
        with zipfile.ZipFile(path) as package:
            if "word/document.xml" not in package.namelist():
                if "xl/workbook.xml" in package.namelist():
                    raise InputError(f"{name} er en Excel-arbeidsbok, ikke en Word-rapport.")
                raise InputError(f"{name} er en zip-fil, men ikke et Word-dokument (word/document.xml mangler).")
            _check_package(package, name, required=None)
    except zipfile.BadZipFile:
        raise InputError(f"{name} er skadet (ufullstendig zip-fil). {SAVE_AS_DOCX}") from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        raise InputError(f"{name} er skadet og kan ikke leses. {SAVE_AS_DOCX}") from None


def _is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        data = handle.read(1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data


def _check_package(package: zipfile.ZipFile, name: str, required: str | None = "xl/workbook.xml") -> None:
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise InputError(f"{name} har {len(infos)} deler; en arbeidsbok har noen titalls. Filen avvises.")
    names = {info.filename for info in infos}
    if required is not None and required not in names:
        if "word/document.xml" in names:
            raise InputError(f"{name} er et Word-dokument, ikke en Excel-arbeidsbok.")
        raise InputError(f"{name} er en zip-fil, men ikke en Excel-arbeidsbok (xl/workbook.xml mangler).")
    total = 0
    for info in infos:
        if info.compress_type not in _ALLOWED_COMPRESSION:
            raise InputError(f"{name} bruker en uvanlig komprimering i delen {info.filename}. Lagre arbeidsboken på nytt i Excel.")
        if info.flag_bits & 0x1:
            raise InputError(f"{name} har krypterte deler. Fjern passordet i Excel og prøv igjen.")
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(f"{name} pakker seg ut til over {MAX_TOTAL_UNCOMPRESSED // 2**20} MB. Det er ikke en vanlig PSV-arbeidsbok, og filen avvises.")
        if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1):
            raise InputError(f"{name} inneholder en del som pakker seg ut {info.file_size // max(info.compress_size, 1)} ganger (en «zip-bombe»). Filen avvises.")
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _check_xml_part(package, info, name)


def _check_xml_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    with package.open(info) as stream:
        head = stream.read(PROLOG_BYTES)
    rest = head[_PROLOG_NOISE.match(head).end():]  # type: ignore[union-attr]
    if rest.lstrip().upper().startswith(b"<!DOCTYPE") or (not rest and len(head) == PROLOG_BYTES):
        raise InputError(f"{name} inneholder en DOCTYPE-erklæring i {info.filename}, som Excel aldri skriver. Filen avvises av sikkerhetshensyn.")
    if info.filename.startswith("xl/worksheets/") and (match := _DIMENSION.search(head)):
        rows = int(match.group(1))
        if rows > MAX_ROWS:
            raise InputError(f"{name}: arket i {info.filename} strekker seg til rad {rows}; psvxl leser høyst {MAX_ROWS} rader. Slett tomme rader nederst på arket og lagre på nytt.")
