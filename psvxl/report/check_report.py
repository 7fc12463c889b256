"""What a finished report or fact base lacks for sending and publishing, found without Word.

`psvxl check-report FILE.docx` reads the document as it is, also after a facilitator edited it in
Word, and names each problem with the heading it sits under (and its page, where Word saved the marks
of its last layout):

- a picture or chart without alternative text (`wp:docPr` descr, or marked decorative);
- a table whose first row is not marked as a header row that repeats (`w:tblHeader`);
- headings that skip a level (a level 3 straight under a level 1) and headings with no text;
- no document language (`w:lang` in the document defaults or the Normal style) or no title;
- a table wider than the text of its page (the sum of its columns against page width minus margins);
- a chart whose cached values (what LibreOffice and PDF show) differ from its embedded workbook
  (what «Rediger data» in Word shows).

Problems are data (code, where, message), as the workbook's findings are.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psvxl.i18n import t

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
WIDTH_TOLERANCE = 1.02      # Word lets a table reach a little into the margin before anyone notices


@dataclass(frozen=True)
class ReportProblem:
    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class _Styles:
    """Paragraph styles' outline levels (1-9), followed through `basedOn`."""

    def __init__(self, styles: Any) -> None:
        self.level: dict[str, int | None] = {}
        self.default: str | None = None
        self.language = ""
        based: dict[str, str] = {}
        own: dict[str, int | None] = {}
        names: dict[str, str] = {}
        for style in styles.iter(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            sid = style.get(f"{W}styleId") or ""
            name = style.find(f"{W}name")
            names[sid] = (name.get(f"{W}val") if name is not None else sid) or sid
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                based[sid] = parent.get(f"{W}val") or ""
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            own[sid] = int(outline.get(f"{W}val") or 9) + 1 if outline is not None else None
            if style.get(f"{W}default") in ("1", "true"):
                self.default = sid
                self.language = _lang(style.find(f"{W}rPr"))
        for sid in names:
            self.level[sid] = self._resolve(sid, own, based, names)
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.language = _lang(defaults) or self.language

    @staticmethod
    def _resolve(sid: str, own: dict[str, int | None], based: dict[str, str], names: dict[str, str]) -> int | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if own.get(sid) is not None:
                level = own[sid]
                return level if level is not None and level <= 9 else None
            match = re.fullmatch(r"heading (\d)", names.get(sid, "").casefold())
            if match:
                return int(match.group(1))
            sid = based.get(sid, "")
        return None


def _lang(rpr: Any) -> str:
    lang = rpr.find(f"{W}lang") if rpr is not None else None
    return (lang.get(f"{W}val") or "") if lang is not None else ""


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t")).strip()


def _heading_level(p: Any, styles: _Styles) -> int | None:
    outline = p.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None:
        level = int(outline.get(f"{W}val") or 9) + 1
        return level if level <= 9 else None
    style = p.find(f"{W}pPr/{W}pStyle")
    sid = style.get(f"{W}val") if style is not None else styles.default
    return styles.level.get(sid or "")


class _Walk:
    """One pass over the body: headings in order, and where each table and drawing sits."""

    def __init__(self, body: Any, styles: _Styles) -> None:
        self.styles = styles
        # Word marks where each page began when it last laid the document out: where those marks are, a
        # problem is named with its page too (psvxl's own documents have none; LibreOffice writes none).
        self.paged = next(body.iter(f"{W}lastRenderedPageBreak"), None) is not None
        self.page = 1
        self.problems: list[ReportProblem] = []
        self.heading = ""          # no heading yet: the beginning of the document
        self.previous_level = 0
        self.tables: list[tuple[Any, str]] = []
        self.drawings: list[tuple[Any, str]] = []
        self.sections: list[Any] = []    # sectPr in document order; each closes the section above it
        self.table_sections: list[tuple[Any, str, int]] = []
        self._visit(body)

    def _where(self) -> str:
        where = t("check-report.where.under", heading=self.heading) if self.heading else t("check-report.where.start")
        return t("check-report.where.page", page=self.page, where=where) if self.paged else where

    def _visit(self, parent: Any) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self._paragraph(child)
            elif child.tag == f"{W}tbl":
                self.table_sections.append((child, self._where(), len(self.sections)))
                self.tables.append((child, self._where()))
                for cell in child.iter(f"{W}tc"):
                    for p in cell.iter(f"{W}p"):
                        self._drawings(p)
            elif child.tag == f"{W}sectPr":
                self.sections.append(child)
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                self._visit(child)

    def _paged(self, where: str) -> str:
        return t("check-report.where.page", page=self.page, where=where) if self.paged else where

    def _paragraph(self, p: Any) -> None:
        if self.paged:
            self.page += sum(1 for _ in p.iter(f"{W}lastRenderedPageBreak"))
        level = _heading_level(p, self.styles)
        if level is not None:
            text = _text(p)
            if not text:
                self.problems.append(ReportProblem("empty-heading", self._paged(t("check-report.where.after",
                                                   heading=self.heading or t("check-report.where.start"))),
                                                   t("check-report.empty-heading", level=level)))
            else:
                if level > self.previous_level + 1 and self.previous_level:
                    self.problems.append(ReportProblem(
                        "heading-skips-level", self._paged(t("check-report.where.quoted", text=text)),
                        t("check-report.heading-skips-level", level=level, heading=self.heading,
                          previous=self.previous_level, next=self.previous_level + 1)))
                self.heading, self.previous_level = text, level
        self._drawings(p)
        section = p.find(f"{W}pPr/{W}sectPr")
        if section is not None:
            self.sections.append(section)

    def _drawings(self, p: Any) -> None:
        for doc_pr in p.iter(f"{WP}docPr"):
            self.drawings.append((doc_pr, self._where()))


def _alt_text(walk: _Walk) -> list[ReportProblem]:
    problems = []
    for doc_pr, where in walk.drawings:
        decorative = any(e.tag == DECORATIVE and e.get("val") in ("1", "true") for e in doc_pr.iter())
        if decorative or (doc_pr.get("descr") or "").strip():
            continue
        kind = t("check-report.kind.chart") if _is_chart(doc_pr) else t("check-report.kind.picture")
        problems.append(ReportProblem("missing-alt-text", where,
                                      t("check-report.missing-alt-text", kind=kind, name=doc_pr.get("name") or "")))
    return problems


def _is_chart(doc_pr: Any) -> bool:
    inline = doc_pr.getparent()
    return any(e.tag == f"{C}chart" for e in inline.iter()) if inline is not None else False


def _header_rows(walk: _Walk) -> list[ReportProblem]:
    problems = []
    for number, (table, where) in enumerate(walk.tables, start=1):
        rows = table.findall(f"{W}tr")
        if not rows:
            continue
        header = rows[0].find(f"{W}trPr/{W}tblHeader")
        if header is None or header.get(f"{W}val", "true") in ("0", "false", "off"):
            first = " | ".join(_text(cell) for cell in rows[0].findall(f"{W}tc"))[:60]
            problems.append(ReportProblem("table-without-header-row", where,
                                          t("check-report.table-without-header-row", number=number, first=first)))
    return problems


def _twips(element: Any, attribute: str) -> int:
    try:
        return int(float(element.get(f"{W}{attribute}") or 0))
    except ValueError:
        return 0


def _table_widths(walk: _Walk) -> list[ReportProblem]:
    from psvxl import formatting as fmt

    problems = []
    for number, (table, where, section_index) in enumerate(walk.table_sections, start=1):
        section = walk.sections[section_index] if section_index < len(walk.sections) else None
        size = section.find(f"{W}pgSz") if section is not None else None
        margins = section.find(f"{W}pgMar") if section is not None else None
        if size is None or margins is None:
            continue
        text_width = _twips(size, "w") - _twips(margins, "left") - _twips(margins, "right")
        grid = table.find(f"{W}tblGrid")
        columns = sum(_twips(col, "w") for col in grid.findall(f"{W}gridCol")) if grid is not None else 0
        preferred = table.find(f"{W}tblPr/{W}tblW")
        if preferred is not None and preferred.get(f"{W}type") == "dxa":
            columns = max(columns, _twips(preferred, "w"))
        if text_width > 0 and columns > text_width * WIDTH_TOLERANCE:
            problems.append(ReportProblem(
                "table-too-wide", where,
                t("check-report.table-too-wide", number=number, width=fmt.number(columns / 567, 1),
                  text_width=fmt.number(text_width / 567, 1))))
    return problems


def _properties(data: zipfile.ZipFile, styles: _Styles) -> list[ReportProblem]:
    from psvxl.opc import RT_CORE_PROPERTIES, related
    from psvxl.xmlsafe import parse_readonly

    problems = []
    title = ""
    core_part = next((name for name in related(data, "", RT_CORE_PROPERTIES) if name in data.namelist()), None)
    if core_part is not None:                  # the core properties, by the package's relationship
        core = parse_readonly(data.read(core_part))
        found = core.find("{http://purl.org/dc/elements/1.1/}title")
        title = (found.text or "").strip() if found is not None else ""
    if not title or "{{" in title:
        problems.append(ReportProblem("missing-title", t("check-report.where.properties"),
                                      t("check-report.missing-title")))
    if not styles.language:
        problems.append(ReportProblem("missing-language", t("check-report.where.properties"),
                                      t("check-report.missing-language")))
    return problems


def _chart_data(doc: Any) -> list[ReportProblem]:
    problems = []
    for number, rel in enumerate((r for r in doc.part.rels.values() if r.reltype == RT_CHART), start=1):
        if rel.is_external:
            continue
        chart = rel.target_part
        embedded = next((r.target_part for r in chart.rels.values() if r.reltype == RT_PACKAGE and not r.is_external),
                        None)
        if embedded is None:
            continue
        for message in _chart_mismatches(chart.blob, embedded.blob):
            problems.append(ReportProblem("chart-data-mismatch",
                                          t("check-report.where.chart", number=number, part=chart.partname), message))
    return problems


def _chart_mismatches(chart_xml: bytes, workbook: bytes) -> list[str]:
    from psvxl.xmlsafe import parse

    root = parse(chart_xml)
    sheets = _workbook_cells(workbook)
    found = []
    for ser in root.iter(f"{C}ser"):
        name = _text_of(ser.find(f"{C}tx")) or t("check-report.a-series")
        for kind in ("val", "yVal"):
            ref = ser.find(f"{C}{kind}/{C}numRef")
            if ref is None or ref.find(f"{C}f") is None:
                continue
            cached = {int(pt.get("idx")): pt.findtext(f"{C}v") for pt in ref.iter(f"{C}pt")}
            cells = _range_values(sheets, ref.findtext(f"{C}f") or "")
            if cells is None:
                found.append(t("check-report.series-missing", name=name, reference=ref.findtext(f"{C}f")))
                continue
            for i, value in enumerate(cells):
                if not _same(cached.get(i), value):
                    found.append(t("check-report.series-mismatch", name=name, point=i + 1,
                                   shown=cached.get(i) or t("check-report.nothing"),
                                   value="" if value is None else value))
                    break
    return found


def _text_of(element: Any) -> str:
    if element is None:
        return ""
    return "".join(v.text or "" for v in element.iter(f"{C}v")).strip()


def _same(cached: str | None, value: Any) -> bool:
    if cached in (None, "") or value in (None, ""):
        return cached in (None, "") and value in (None, "")
    try:
        return abs(float(cached) - float(value)) <= 1e-9 * max(1.0, abs(float(value)))
    except (TypeError, ValueError):
        return str(cached).strip() == str(value).strip()


def _workbook_cells(workbook: bytes) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(workbook))
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except Exception:  # noqa: BLE001 - an embedded workbook calamine cannot read is not comparable
        return {}


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def _range_values(sheets: dict[str, list[list[Any]]], formula: str) -> list[Any] | None:
    match = re.fullmatch(r"'?(.+?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", formula.strip())
    if not match or match.group(1) not in sheets:
        return None
    rows = sheets[match.group(1)]
    c1, r1 = _column(match.group(2)), int(match.group(3)) - 1
    c2, r2 = (_column(match.group(4)), int(match.group(5)) - 1) if match.group(4) else (c1, r1)
    values = []
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            row = rows[r] if r < len(rows) else []
            values.append(row[c] if c < len(row) else None)
    return values


def check_report(path: Path) -> list[ReportProblem]:
    """Every problem found in the document at `path`. Raises `InputError` when it is not a Word document."""
    import docx

    from psvxl.errors import InputError

    try:
        document = docx.Document(str(path))
        data = zipfile.ZipFile(path)
    except Exception as exc:  # noqa: BLE001 - python-docx raises several types for what is not Word
        raise InputError(t("check-report.not-docx", name=path.name, error=exc)) from None
    with data:
        styles = _Styles(document.styles.element)
        walk = _Walk(document.element.body, styles)
        return [*_properties(data, styles), *walk.problems, *_alt_text(walk), *_header_rows(walk),
                *_table_widths(walk), *_chart_data(document)]
