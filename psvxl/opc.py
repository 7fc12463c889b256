"""Parts of an Office package found by relationship, as python-docx's `main_document_part` finds them:
never by a part's name, which only Word's habit fixes."""

from __future__ import annotations

import zipfile


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
