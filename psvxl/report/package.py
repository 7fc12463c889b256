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

