"""The fact base as a form: each theme's score line is a row of Word check box content controls.

A participant clicks one box per theme in Word (or LibreOffice), or replaces a box with ☒ or X typed
by hand, and sends the file back; `psvxl collect-scores` reads it (see `psvxl.collect`). Each box
carries its theme in its tag (``psvxl|<indicator id>|<theme index>|<score>``), so the boxes are found
however the text around them is edited; the form carries its programme, year and framework as custom
document properties, so a form for another assessment is refused instead of mixed in.

The controls are written as Word 2010+ writes them: ``w:sdt`` with ``w14:checkbox``, the state in
``w14:checked`` and the glyph (☐ U+2610 / ☒ U+2612 in MS Gothic) as the content, so the boxes print
and show in any program that ignores content controls.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from html import escape
from typing import Any

from psvxl.framework import rules_in, scores as scale_scores
from psvxl.i18n import language, t
from psvxl.model import Assessment, Framework
from psvxl.xmlsafe import legal_text

TAG_PREFIX = "psvxl"
BOX_EMPTY, BOX_CHECKED = "\u2610", "\u2612"
BOX_FONT = "MS Gothic"                   # Word's own choice for the check box glyphs
SCORE_STYLE = "PSVPoeng"                 # the character style of the score line (report/template.py)
NBSP = "\u00a0"

# Custom document properties that tie a form to its assessment.
PROP_FORM, PROP_PROGRAM, PROP_YEAR, PROP_FRAMEWORK, PROP_PARTICIPANT = (
    "psvxl-skjema", "psvxl-program", "psvxl-år", "psvxl-rammeverk", "psvxl-deltaker")
FORM_VERSION = "1"
CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def quoteattr(text: str) -> str:
    return f'"{escape(text, quote=True)}"'


def box_tag(indicator_id: str, theme_index: int, score: int) -> str:
    return f"{TAG_PREFIX}|{indicator_id}|{theme_index}|{score}"


def parse_tag(tag: str | None) -> tuple[str, int, int] | None:
    """(indicator id, theme index, score) from a box's tag; None for any other content control."""
    parts = (tag or "").split("|")
    if len(parts) != 4 or parts[0] != TAG_PREFIX or not parts[2].isdigit() or not parts[3].lstrip("-").isdigit():
        return None
    return parts[1], int(parts[2]), int(parts[3])


def box_alias(indicator_id: str, theme_index: int, score: int, title: str | None) -> str:
    """The box's title in Word; it names the theme too, for programs that keep the alias but drop the
    tag (LibreOffice 7.4 keeps one alias per score line)."""
    short = " ".join(legal_text(title or "").split())[:120]
    return f"{short} ({indicator_id}, tema {theme_index + 1}): {score}".strip()


_ALIAS = re.compile(r"\((?P<id>[A-Za-z0-9_\-]+), tema (?P<n>\d+)\): (?P<score>-?\d+)$")


def parse_alias(alias: str | None) -> tuple[str, int, int] | None:
    """(indicator id, theme index, score) from a box's alias."""
    match = _ALIAS.search(alias or "")
    if match is None or int(match.group("n")) < 1:
        return None
    return match.group("id"), int(match.group("n")) - 1, int(match.group("score"))


class Markup(str):
    """Run-level WordprocessingML that Jinja inserts unescaped (docxtpl's ``{{r … }}``)."""

    def __html__(self) -> str:
        return str(self)


def _run(text: str, font: str | None = None) -> str:
    fonts = (f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:hint="eastAsia"/>'
             if font else "")
    return (f'<w:r><w:rPr><w:rStyle w:val="{SCORE_STYLE}"/>{fonts}</w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def check_box(indicator_id: str, theme_index: int, score: int, title: str | None) -> str:
    """One unchecked check box content control, as Word writes it."""
    tag = box_tag(indicator_id, theme_index, score)
    alias = box_alias(indicator_id, theme_index, score, title)
    control_id = zlib.crc32(tag.encode()) & 0x7FFFFFFF     # unique and stable within the document
    fonts = f'<w:rFonts w:ascii="{BOX_FONT}" w:eastAsia="{BOX_FONT}" w:hAnsi="{BOX_FONT}"/>'
    return (f'<w:sdt><w:sdtPr><w:rPr>{fonts}</w:rPr><w:alias w:val={quoteattr(alias[:200])}/>'
            f'<w:tag w:val={quoteattr(tag)}/><w:id w:val="{control_id}"/>'
            '<w14:checkbox><w14:checked w14:val="0"/>'
            f'<w14:checkedState w14:val="2612" w14:font="{BOX_FONT}"/>'
            f'<w14:uncheckedState w14:val="2610" w14:font="{BOX_FONT}"/></w14:checkbox></w:sdtPr>'
            f'<w:sdtContent>{_run(BOX_EMPTY, BOX_FONT)}</w:sdtContent></w:sdt>')


def bookmark_name(indicator_id: str, theme_index: int) -> str:
    """A hidden bookmark (leading underscore) on the score line. LibreOffice 7.4 drops the boxes' tags
    and aliases when it saves .docx but keeps bookmarks; the indicator id goes in as a checksum, since
    bookmark names allow only letters, digits and _ and at most 40 characters."""
    return f"_psvxl_{theme_index}_{zlib.crc32(indicator_id.encode('utf-8')):08x}"


def parse_bookmark(name: str | None, indicator_ids: list[str]) -> tuple[str, int] | None:
    match = re.fullmatch(r"_psvxl_(\d+)_([0-9a-f]{8})", name or "")
    if match is None:
        return None
    found = next((i for i in indicator_ids if f"{zlib.crc32(i.encode('utf-8')):08x}" == match.group(2)), None)
    return (found, int(match.group(1))) if found is not None else None


def score_boxes(indicator_id: str, theme_index: int, title: str | None, rules: Framework) -> Markup:
    """The score line of one theme: ☐ 1   ☐ 2 … with one check box per score of the scale."""
    mark = zlib.crc32(f"{indicator_id}|{theme_index}".encode()) & 0x7FFFFFFF
    parts = [f'<w:bookmarkStart w:id="{mark}" w:name="{bookmark_name(indicator_id, theme_index)}"/>']
    for k, score in enumerate(scale_scores(rules)):
        gap = "   " if k else ""
        if gap:
            parts.append(_run(gap))
        parts.append(check_box(indicator_id, theme_index, score, title))
        parts.append(_run(f"{NBSP}{score}"))
    parts.append(f'<w:bookmarkEnd w:id="{mark}"/>')
    return Markup("".join(parts))


def instruction(a: Assessment) -> str:
    """The one line that says what to do with the form and how to send it back."""
    to = a.program.author.strip() if a.program.author and a.program.author.strip() else t("factbase.form.facilitator")
    return t("factbase.form.instruction", to=to)


def add_form_context(context: dict[str, Any], a: Assessment) -> None:
    """Give each theme of the context its line of check boxes (`t.form_line`) and the form its instruction."""
    rules = a.rules
    for ind, entry in zip(a.indicators, context.get("indicators", []), strict=False):
        for index, (theme, row) in enumerate(zip(ind.themes, entry["themes"], strict=False)):
            row["form_line"] = score_boxes(ind.id, index, theme.title, rules)
    context["form"] = {"instruction": instruction(a)}


# --- the form's identity: custom document properties ------------------------------------------

def form_properties(a: Assessment, participant: str | None = None) -> dict[str, str]:
    props = {PROP_FORM: FORM_VERSION, PROP_PROGRAM: a.program.name or "",
             PROP_YEAR: "" if a.program.year is None else str(a.program.year), PROP_FRAMEWORK: rules_in(a.rules, language()).name or ""}   # in the form's målform
    if participant:
        props[PROP_PARTICIPANT] = participant
    return props


def mark_form(docx: bytes, a: Assessment, participant: str | None = None) -> bytes:
    """The rendered fact base with the form's identity (and a participant's name) added."""
    from psvxl.opc import main_document_name, related

    props = form_properties(a, participant)
    source = zipfile.ZipFile(io.BytesIO(docx))
    names = source.namelist()
    custom = [name for name in related(source, "", _CUSTOM_REL) if name in names]   # by relationship
    part = custom[0] if custom else CUSTOM_PART
    changed = {part: _custom_xml(props, source.read(part) if custom else None)}
    if not custom:
        types = source.read("[Content_Types].xml").decode("utf-8")
        changed["[Content_Types].xml"] = types.replace(
            "</Types>", f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CUSTOM_TYPE}"/></Types>').encode()
        rels = source.read("_rels/.rels").decode("utf-8")
        changed["_rels/.rels"] = rels.replace(
            "</Relationships>", f'<Relationship Id="rIdPsvxlForm" Type="{_CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
                                "</Relationships>").encode()
    if participant:
        main = main_document_name(source)
        changed[main] = _name_on_form(source.read(main), participant)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = changed.pop(info.filename, None)
            target.writestr(info, data if data is not None else source.read(info))
        for name, data in changed.items():
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _custom_xml(props: dict[str, str], existing: bytes | None) -> bytes:
    """docProps/custom.xml with our properties; another tool's properties are kept."""
    kept = []
    if existing is not None:
        from lxml import etree

        from psvxl import xmlsafe

        root = xmlsafe.parse(existing)
        kept = [etree.tostring(p, encoding="unicode") for p in root if not (p.get("name") or "").startswith("psvxl-")]
        kept = [re.sub(r'\spid="\d+"', "", k) for k in kept]
    ours = [f'<property name={quoteattr(k)}><vt:lpwstr>{escape(legal_text(v))}</vt:lpwstr></property>' for k, v in props.items()]
    body = "".join(ours) + "".join(kept)
    # pid and fmtid on each property, numbered from 2 as Word does.
    k = iter(range(2, 10_000))
    body = re.sub(r"<(\w+:)?property ", lambda m: f'<{m.group(1) or ""}property fmtid="{_FMTID}" pid="{next(k)}" ', body)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_CUSTOM_NS}" '
            f'xmlns:vt="{_VT_NS}">{body}</Properties>').encode()


def _name_on_form(document: bytes, participant: str) -> bytes:
    """A line «Skjema for: NAME» after the subtitle (the programme's name) on the front page."""
    text = document.decode("utf-8")
    match = re.search(r'<w:p\b(?:(?!</w:p>).)*?<w:pStyle w:val="Subtitle"/>.*?</w:p>', text, re.DOTALL)
    line = (f'<w:p><w:pPr><w:pStyle w:val="PSVForside"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(t("factbase.form.for", name=legal_text(participant)))}</w:t></w:r></w:p>')
    if match is None:
        body = text.index("<w:body>") + len("<w:body>")
        return (text[:body] + line + text[body:]).encode()
    return (text[: match.end()] + line + text[match.end():]).encode()
