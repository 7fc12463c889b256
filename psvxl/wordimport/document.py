"""A .docx as a flat list of blocks: one per paragraph, one per table row, in reading order.

Every part is read with a bound on its inflated size, every XML goes through xmlsafe (defusedxml, then
lxml), and lxml's own limits (a text node over 10 MB, nesting deeper than 256) become a refusal that
says so. The walk is linear in the size of the document.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from psvxl import xmlsafe
from psvxl.errors import InputError
from psvxl.i18n import t
from psvxl.opc import main_document_name, styles_name

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_PART = 32 * 1024 * 1024          # inflated bytes of document.xml or styles.xml (a long report: a few MB)
_BULLET_START = "•·▪◦‣*-–—"
_HEADING_NAME = re.compile(r"(?:heading|overskrift)\s?(\d)")


@dataclass
class Block:
    """One paragraph, or one table row with the texts of its cells."""
    index: int                  # 0-based position in the list
    number: int                 # 1-based paragraph number, counting every paragraph (what the user is told)
    text: str
    style: str = ""             # the style's name, lower case ("heading 1", "psv påstand")
    level: int | None = None    # heading level from the style (1, 2, 3), 0 for the title
    bold: bool = False          # every run with text is bold
    listed: bool = False        # a Word list paragraph, or a typed bullet or number
    cells: list[str] | None = None   # a table row's cells
    table: int | None = None    # which table (a running number), for rows
    row: int = 0                # the row's position in its table
    page_end: bool = False      # a page break or section break ends this paragraph
    page_start: bool = False    # the paragraph starts a new page

    @cached_property
    def plain(self) -> str:
        """The text without a typed bullet or number."""
        return strip_bullet(self.text) if self.listed else self.text.strip()

    @cached_property
    def hkey(self) -> str:
        """The key of the text as a heading (see lines.heading_key)."""
        from psvxl.wordimport.lines import heading_key

        return heading_key(self.plain)


def typed_bullet(text: str) -> int:
    """The length of a typed bullet or number at the start («• », «- », «1. », «2) »), 0 when none."""
    s = text.lstrip()
    lead = len(text) - len(s)
    if len(s) >= 2 and s[0] in _BULLET_START and s[1] in " \t":
        return lead + 2
    digits = 0
    while digits < len(s) and digits < 2 and s[digits].isdigit():
        digits += 1
    if digits and len(s) > digits + 1 and s[digits] in ".)" and s[digits + 1] in " \t":
        return lead + digits + 2
    return 0


def strip_bullet(text: str) -> str:
    return text[typed_bullet(text):].strip()


def read_blocks(path: Path) -> tuple[list[Block], bool, str | None]:
    """The blocks of a checked .docx, whether psvxl wrote it (its own styles are there) and the målform
    the document declares for its text ("nn", "nb", None: see `declared_maalform`)."""
    try:
        with zipfile.ZipFile(path) as package:
            main = main_document_name(package)         # by the package's relationships, not by name
            styles_part = styles_name(package, main)
            document_xml = _read_part(package, main, path.name)
            styles_xml = _read_part(package, styles_part, path.name) if styles_part else None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        raise InputError(t("import.damaged-zip", name=path.name)) from None
    document = _parse(document_xml, path.name)
    for fallback in list(document.iter(f"{MC}Fallback")):     # the same text box again, for old readers
        fallback.getparent().remove(fallback)
    styles = _styles(_parse(styles_xml, path.name)) if styles_xml is not None else {}
    own = any(s.name == "psv påstand" for s in styles.values())
    return list(_walk(document, styles)), own, declared_maalform(document_xml, styles_xml or b"")


_LANG = re.compile(rb'<(?:\w+:)?lang\b[^>]*?\b(?:\w+:)?val="(nn|nb|no)\b', re.IGNORECASE)


def declared_maalform(document_xml: bytes, styles_xml: bytes) -> str | None:
    """The målform the document's language settings give its text: what most runs are marked with
    (Word's proofing language), else the document default (styles.xml); None when neither is Norwegian."""
    runs = [m.group(1).lower() for m in _LANG.finditer(document_xml)]
    if runs:
        nynorsk = sum(code == b"nn" for code in runs)
        return "nn" if nynorsk * 2 > len(runs) else "nb"
    default = _LANG.search(styles_xml)
    return None if default is None else ("nn" if default.group(1).lower() == b"nn" else "nb")


def _read_part(package: zipfile.ZipFile, name: str, file: str) -> bytes:
    """A part, inflated no further than MAX_PART whatever its header says."""
    with package.open(name) as handle:
        data = handle.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise InputError(t("import.part-too-large", file=file, part=name, mb=MAX_PART // (1024 * 1024)))
    return data


def _parse(data: bytes, file: str) -> Any:
    return xmlsafe.parse(data, where=file, app="Word")     # lxml's limits become a refusal naming the file


@dataclass
class _Style:
    name: str
    based_on: str | None
    level: int | None
    bold: bool


def _styles(root: Any) -> dict[str, _Style]:
    found = {}
    for style in root.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        name_el = style.find(f"{W}name")
        name = (name_el.get(f"{W}val") if name_el is not None else sid or "").casefold()[:100]
        based = style.find(f"{W}basedOn")
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        bold = style.find(f"{W}rPr/{W}b")
        level = None
        if match := _HEADING_NAME.fullmatch(name):
            level = int(match.group(1))
        elif name in ("title", "tittel"):
            level = 0
        elif outline is not None and (outline.get(f"{W}val") or "").isdigit() and int(outline.get(f"{W}val")) < 9:
            level = int(outline.get(f"{W}val")) + 1
        found[sid] = _Style(name, based.get(f"{W}val") if based is not None else None, level,
                            bold is not None and bold.get(f"{W}val") not in ("0", "false"))
    for style in found.values():           # a style based on a heading is a heading (PSV Kapittel)
        seen, parent = 0, style.based_on
        while style.level is None and parent in found and seen < 10:
            style.level = found[parent].level if not found[parent].name.startswith("toc") else None
            parent, seen = found[parent].based_on, seen + 1
    return found


_T, _TAB, _BR, _CR, _NBH, _SYM, _RPR = (f"{W}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen", "sym", "rPr"))


def _run_text(run: Any) -> str:
    """A run's text: its direct children (text sits only there; text boxes are taken out before)."""
    parts = []
    for node in run:
        tag = node.tag
        if tag == _T:
            parts.append(node.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _NBH:
            parts.append("-")
        elif tag == _SYM:
            parts.append(_symbol(node.get(f"{W}char") or ""))
        elif (tag == _BR and node.get(f"{W}type") != "page") or tag == _CR:
            parts.append("\n")
    return "".join(parts)


def _text(element: Any) -> str:
    return "".join(_run_text(run) for run in element.iter(f"{W}r")).replace("\u00a0", " ")


def _symbol(code: str) -> str:
    """A Wingdings box typed with Insert > Symbol: ticked (0xFE, 0x78, 0xFD) or empty (0xA8, 0x6F)."""
    code = code.upper()[-2:]
    return "☒" if code in ("FE", "78", "FD", "FC") else "☐" if code in ("A8", "6F", "71") else ""


def _paragraph(p: Any, index: int, number: int, styles: dict[str, _Style]) -> Block:
    props = p.find(f"{W}pPr")
    style_el = props.find(f"{W}pStyle") if props is not None else None
    style = styles.get(style_el.get(f"{W}val")) if style_el is not None else None
    style_bold = bool(style and style.bold)
    parts: list[str] = []
    bold, any_text = True, False
    for run in p.iter(f"{W}r"):          # one pass: the text, and whether every run with text is bold
        run_text = _run_text(run)
        parts.append(run_text)
        if not bold or not run_text.strip():
            continue
        any_text = True
        bold = _run_bold(run, styles, style_bold)
    text = "".join(parts).replace("\u00a0", " ").strip()
    name = style.name if style else ""
    numbered = props is not None and props.find(f"{W}numPr") is not None
    listed = numbered or "list" in name or "liste" in name or typed_bullet(text) > 0
    page_end = any(br.get(f"{W}type") == "page" for br in p.iter(f"{W}br")) or \
        (props is not None and props.find(f"{W}sectPr") is not None)
    return Block(index, number, text, name, style.level if style else None, any_text and bold, listed,
                 page_end=page_end)


def _run_bold(run: Any, styles: dict[str, _Style], style_bold: bool) -> bool:
    props = run.find(_RPR)
    if props is None:
        return style_bold
    b = props.find(f"{W}b")
    if b is None and (rstyle := props.find(f"{W}rStyle")) is not None:    # «Sterk» / «Strong»
        character = styles.get(rstyle.get(f"{W}val"))
        return bool(character and character.bold) or style_bold
    return b.get(f"{W}val") not in ("0", "false") if b is not None else style_bold


def _walk(document: Any, styles: dict[str, _Style]) -> Iterator[Block]:
    """Paragraphs in reading order; a table gives one block per row (its cells' texts)."""
    body = document.find(f"{W}body")
    if body is None:
        return
    counter = {"index": 0, "number": 0, "table": 0}
    yield from _children(body, styles, counter)


def _children(parent: Any, styles: dict[str, _Style], counter: dict[str, int]) -> Iterator[Block]:
    for child in parent:
        if child.tag == f"{W}p":
            # Text boxes (a cover page's title is often one): their paragraphs are blocks of their own.
            while (box := child.find(f".//{W}txbxContent")) is not None:
                yield from _children(box, styles, counter)
                box.getparent().remove(box)
            counter["number"] += 1
            block = _paragraph(child, counter["index"], counter["number"], styles)
            block.page_start = child.find(f"{W}pPr/{W}pageBreakBefore") is not None
            yield block
            counter["index"] += 1
        elif child.tag == f"{W}tbl":
            counter["table"] += 1
            table = counter["table"]
            for row_number, row in enumerate(child.iter(f"{W}tr")):
                texts = []
                for cell in row.findall(f"{W}tc"):
                    paragraphs = cell.findall(f"{W}p")
                    counter["number"] += len(paragraphs)
                    texts.append("\n".join(_text(p).strip() for p in paragraphs).strip())
                yield Block(counter["index"], counter["number"], " | ".join(t for t in texts if t), "table",
                            cells=texts, table=table, row=row_number)
                counter["index"] += 1
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
            yield from _children(child, styles, counter)
