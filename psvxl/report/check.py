"""Problems in a (customised) report template, with where they are, so staff can fix them in Word.

Checks: the template opens; text beside a `{%p %}`/`{%tr %}` tag (it would be lost); Jinja syntax
(unbalanced blocks, broken tags); fields the report does not know (a trial render with the
bundled example under strict undefined variables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, UndefinedError

BLOCK_TAG = re.compile(r"\{%\s*(p|tr|tc|r)\s")


@dataclass(frozen=True)
class TemplateProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _paragraphs(document) -> list[tuple[str, str]]:
    """(where, text) of every paragraph: the body (also inside tables), headers and footers."""
    from docx.oxml.ns import qn

    found = []
    for number, p in enumerate(document.element.body.iter(qn("w:p")), start=1):
        found.append((f"avsnitt {number}", "".join(t.text or "" for t in p.iter(qn("w:t")))))
    for section in document.sections:
        for label, part in (("topptekst", section.header), ("bunntekst", section.footer)):
            for number, p in enumerate(part.paragraphs, start=1):
                found.append((f"{label}, avsnitt {number}", p.text))
    return found


def _block_tags(text: str) -> list[tuple[int, int]]:
    """(start, end) of each {%p …%}/{%tr …%}/{%tc …%}/{%r …%} tag, found with str.find: one pass over
    the text (a pattern «{%….*?%}» rescans to the end from every unclosed «{%»)."""
    found = []
    at = text.find("{%")
    while at >= 0:
        close = text.find("%}", at + 2)
        if close < 0:
            break
        if BLOCK_TAG.match(text, at, close):
            found.append((at, close + 2))
        at = text.find("{%", close + 2)
    return found


def _snippet(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


def check_template(path: Path) -> list[TemplateProblem]:
    from psvxl.errors import TemplateError
    from psvxl.i18n import t
    from psvxl.report.render import finish, jinja_environment, open_template, report_context

    try:
        template = open_template(path)
        paragraphs = _paragraphs(template.docx)
    except TemplateError as exc:
        return [TemplateProblem(path.name, str(exc))]
    except Exception as exc:  # not a Word document at all
        return [TemplateProblem(path.name, t("check-template.not-docx", error=exc))]
    problems = []
    for where, text in paragraphs:
        for start, end in _block_tags(text):
            rest = (text[:start] + text[end:]).strip()
            if rest:
                problems.append(TemplateProblem(
                    where, t("check-template.text-beside-tag", text=_snippet(rest), tag=text[start:end])))
    env = jinja_environment()
    try:
        xml = template.patch_xml(template.get_xml())
        env.parse(xml)
    except TemplateSyntaxError as exc:
        problems.append(TemplateProblem(_locate(paragraphs, exc.message or "", xml, exc.lineno),
                                        t("check-template.syntax", error=exc.message)))
        return problems
    from psvxl.metrics import compute
    from psvxl.model import Assessment
    from psvxl.templates import EXAMPLE_JSON

    import json

    assessment = Assessment.from_json(json.loads(EXAMPLE_JSON.read_text("utf-8")))
    try:
        template.render(report_context(assessment, compute(assessment), template), jinja_env=env, autoescape=True)
        finish(template.docx, path.name)
    except TemplateError as exc:
        problems.append(TemplateProblem(path.name, str(exc)))
    except UndefinedError as exc:
        name = _field_name(exc.message or "")
        where = next((w for w, text in paragraphs if name and name in text), path.name)
        problems.append(TemplateProblem(where, t("check-template.unknown-field", error=exc.message)))
    except Exception as exc:  # a template error only a render shows
        problems.append(TemplateProblem(path.name, t("check-template.cannot-render", error=exc)))
    return problems


def _field_name(message: str) -> str:
    match = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    return match.group(1) if match else ""


def _locate(paragraphs: list[tuple[str, str]], message: str, xml: str, lineno: int | None) -> str:
    """The paragraph nearest to a syntax error: the one holding the tag named in the message."""
    tag = re.search(r"'(end\w+|\w+)'", message)
    if tag:
        word = tag.group(1)
        for where, text in reversed(paragraphs):
            if re.search(r"\{%-?\s*[a-z]*\s*" + re.escape(word) + r"\b", text):
                return where
    if lineno is not None:
        line = xml.splitlines()[max(lineno - 1, 0)] if xml else ""
        text = re.sub(r"<[^>]+>", "", line).strip()
        for where, paragraph_text in paragraphs:
            if text and text in paragraph_text:
                return where
    return "malen"
