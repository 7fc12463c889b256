"""Word packages that are the same bytes for the same content: fixed zip timestamps and dates."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def fixed_dates(doc: Any, when: dt.datetime = FIXED_DATE) -> None:
    """Core properties that do not depend on the clock."""
    props = doc.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.last_modified_by = "psvxl"


class _FixedZip:
    """What python-docx's package writer writes to, giving every entry a fixed timestamp."""

    def __init__(self, target: Any) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def docx_bytes(doc: Any) -> bytes:
    """A python-docx document as the same bytes for the same content, compressed once (saving and
    then `normalize_docx` compresses every part twice: a noticeable share of a build)."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedZip(out)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)   # type: ignore[arg-type]  # _FixedZip writes as PhysPkgWriter does
    writer.close()
    return out.getvalue()


def normalize_docx(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry timestamps, keeping the order and content of every part."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info))
    return out.getvalue()


# --- parts by relationship, as python-docx's `main_document_part` finds them -------------------------------

RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/"     # Strict Open XML's relationship types


def rels_name(part: str) -> str:
    """The relationships part of `part` ("" for the package): word/document.xml -> word/_rels/document.xml.rels."""
    folder, _, name = part.rpartition("/")
    return f"{folder + '/' if folder else ''}_rels/{name}.rels"


def related(package: zipfile.ZipFile, part: str, reltype: str) -> list[str]:
    """The zip names of the internal parts `part` ("" for the package) relates to by `reltype`, in order."""
    import posixpath

    from psvxl.xmlsafe import parse_readonly

    name = rels_name(part)
    if name not in package.namelist():
        return []
    wanted = {reltype, _STRICT + reltype.rsplit("/", 1)[-1]}
    base = part.rpartition("/")[0]
    found = []
    for rel in parse_readonly(package.read(name)).iter(_RELS):
        if rel.get("Type") not in wanted or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        found.append(path)
    return found


def main_document_name(package: zipfile.ZipFile) -> str:
    """The main document's part, by the package's officeDocument relationship; word/document.xml (where
    Word puts it) for a package without one, so what follows names the missing part as before."""
    found = [name for name in related(package, "", RT_OFFICE_DOCUMENT) if name in package.namelist()]
    return found[0] if found else "word/document.xml"


def styles_name(package: zipfile.ZipFile, document: str) -> str | None:
    """The styles part of the main document `document`, by its relationship; for a document without one,
    word/styles.xml where it is there (a hand-made package); None when there is none."""
    names = package.namelist()
    found = [name for name in related(package, document, RT_STYLES) if name in names]
    return found[0] if found else "word/styles.xml" if "word/styles.xml" in names else None
