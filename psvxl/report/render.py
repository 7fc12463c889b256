"""Render the Word report: the context and charts into a docxtpl template, safely and reproducibly.

Jinja runs sandboxed with autoescaping and strict undefined variables: text typed in a cell
(`Bygg & Anlegg <AS> {{ 7*7 }}`) appears exactly as typed, a template cannot run code, and a
template naming an unknown field fails with a message that names it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError as JinjaTemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from psvxl import i18n
from psvxl.errors import TemplateError
from psvxl.i18n import t
from psvxl.metrics import Metrics
from psvxl.model import Assessment
from psvxl.report import charts
from psvxl.report.context import build_context
from psvxl.report.package import docx_bytes, fixed_dates
from psvxl.templates import REPORT_TEMPLATE

MAX_PROPERTY = 255        # characters in a document property (title, subject…)
MAX_PROJECT_ROWS = 500    # the appendix lists at most this many projects (a PSV has well under 100)


class _CompiledOnce(SandboxedEnvironment):
    """The sandbox, with each template's compiled code kept in the user's cache folder: compiling the
    report's XML costs about 0.07 s of every build (a button click starts a new Python each time).
    The key is the source and everything that shapes its code; a cache that cannot be read or written
    is simply not used."""

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        code = _cached_code(self, source)
        return (template_class or self.template_class).from_code(self, code, self.make_globals(globals), None)


def _cached_code(env: SandboxedEnvironment, source: str) -> Any:
    import marshal

    import jinja2

    key = [jinja2.__version__, type(env).__name__, repr(env.autoescape), env.undefined.__name__, source]
    return _cached("jinja", key, lambda: marshal.dumps(env.compile(source)), marshal.loads)


def _cached(kind: str, key: list[str], make: Any, load: Any) -> Any:
    """`load(bytes)` of what `make()` gave for this key, kept in the cache folder between runs."""
    import hashlib
    import importlib.util

    from psvxl.report.cache import cached

    digest = hashlib.sha256("\0".join([importlib.util.MAGIC_NUMBER.hex(), *key]).encode("utf-8", "surrogatepass"))
    return cached(kind, digest.hexdigest(), make, load)


def _template_class() -> Any:
    """docxtpl's template, with its rewriting of the template XML into Jinja kept in the cache too."""
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            import docxtpl

            make = lambda: DocxTemplate.patch_xml(self, src_xml).encode("utf-8")  # noqa: E731
            return _cached("docxtpl", [docxtpl.__version__, src_xml], make, lambda data: data.decode("utf-8"))

        def render_properties(self, context: Any, jinja_env: Any = None) -> None:
            # docxtpl's own, with each property cut to the 255 characters python-docx accepts
            # (a long programme name in the title would end in a ValueError).
            for prop in ("author", "comments", "identifier", "language", "subject", "title"):
                initial = getattr(self.docx.core_properties, prop)
                rendered = (jinja_env or SandboxedEnvironment()).from_string(initial).render(context)
                setattr(self.docx.core_properties, prop, rendered[:MAX_PROPERTY])

    return Template


def jinja_environment() -> SandboxedEnvironment:
    return _CompiledOnce(autoescape=True, undefined=StrictUndefined)


def report_context(assessment: Assessment, metrics: Metrics, template: Any,
                   as_of: dt.date | None = None) -> dict[str, Any]:
    """The full context, charts included (as native Word charts bound to `template`)."""
    context = build_context(assessment, metrics, as_of)
    specs = charts.chart_specs(assessment, metrics)
    context["charts"] = {key: charts.NativeChart(template, spec) if spec else None for key, spec in specs.items()}
    context["charts"]["radar_previous"] = any(s.previous_total is not None for s in metrics.scores.indicators)
    projects = context["portfolio"]["projects"]
    context["portfolio"].update(count=len(projects), truncated=len(projects) > MAX_PROJECT_ROWS,
                                projects=projects[:MAX_PROJECT_ROWS])
    return context


def program_language(assessment: Assessment) -> str:
    """The programme's målform ("nb" or "nn"): bokmål where the workbook names none."""
    lang = getattr(assessment.program, "language", "nb") or "nb"
    return lang if lang in LANGUAGES else "nb"


LANGUAGES = ("nb", "nn")     # the målformer psvxl ships report and fact base templates in


def shipped_template(path: Path, lang: str) -> Path:
    """psvxl's own template in `lang` (report_template-nn.docx beside report_template.docx); a template
    of the user's own is used as it is, whatever the language."""
    if lang == "nb" or path.parent != REPORT_TEMPLATE.parent or path.name not in _SHIPPED:
        return path
    return path.with_name(f"{path.stem}-{lang}{path.suffix}")


_SHIPPED = ("report_template.docx", "factbase_template.docx")


def render_report(assessment: Assessment, metrics: Metrics, template: Path | None = None,
                  as_of: dt.date | None = None, language: str | None = None) -> bytes:
    """The report as .docx bytes, in `language` (default: the programme's målform, else bokmål): the
    shipped template of that målform, and the context's sentences in it. Raises `TemplateError` for a
    template that cannot be used."""
    lang = language or program_language(assessment)
    path = shipped_template(Path(template or REPORT_TEMPLATE), lang)
    with i18n.using(lang):
        tpl = open_template(path, checked=template is None)
        context = report_context(assessment, metrics, tpl, as_of)
        _render(tpl, context, path.name)
        finish(tpl.docx, path.name)
    day = assessment.program.assessment_date or dt.date(assessment.program.year or 2000, 1, 1)
    fixed_dates(tpl.docx, dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc))
    return docx_bytes(tpl.docx)


REQUIRED_STYLES = {"List Number": "Nummerert liste"}    # style name -> what Word calls it in Norwegian


def _render(tpl: Any, context: dict[str, Any], name: str) -> None:
    try:
        tpl.render(context, jinja_env=jinja_environment(), autoescape=True)
    except UndefinedError as exc:
        raise TemplateError(t("report.template.unknown-field", name=name, error=exc.message)) from None
    except JinjaTemplateError as exc:
        raise TemplateError(t("report.template.syntax", name=name, error=exc)) from None


def open_template(path: Path, checked: bool = False) -> Any:
    """The docxtpl template at `path`, after the package checks every input gets (a template with a
    DOCTYPE would render to XML that is not well-formed). Raises `TemplateError`."""
    from psvxl.errors import InputError
    from psvxl.reading.preflight import preflight_report

    if not checked:
        try:
            preflight_report(path)
        except InputError as exc:
            raise TemplateError(t("report.template.cannot-open", error=exc)) from None
    try:
        tpl = _template_class()(str(path))
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several types for a file that is not a Word document
        raise TemplateError(t("report.template.not-docx", name=path.name, error=exc)) from None
    return tpl


def finish(doc: Any, name: str) -> None:
    """What follows the fill-in: numbered lists restarted, the table of contents filled. Raises
    `TemplateError` when the template lacks a style this needs."""
    for style, norwegian in REQUIRED_STYLES.items():
        if style not in doc.styles:
            raise TemplateError(t("report.template.missing-style", name=name, style=style, norwegian=norwegian))
    styled = paragraph_styles(doc)
    restart_numbered_lists(doc, styled)
    fill_table_of_contents(doc, styled)


TOC_STYLES = {"Heading 1": 1, "PSV Kapittel": 1, "PSV Indikator": 2,
              "PSV Indikator ny side": 2}   # what the table of contents lists


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph_styles(doc: Any) -> list[tuple[Any, str | None]]:
    """Every paragraph of the body with its style id, in one pass of plain lxml (python-docx's
    proxies cost a third of a build here)."""
    out = []
    for p in doc.element.body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append((p, style.get(f"{W}val") if style is not None else None))
    return out


def fill_table_of_contents(doc: Any, styled: list[tuple[Any, str | None]]) -> None:
    """Put a TOC field where the template has its placeholder, with the chapters already listed as its
    result (so a PDF shows them); Word brings it up to date, page numbers too, when it opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if "PSV Innhold" not in doc.styles:
        return          # a restyled template without a table of contents
    placeholder_id = doc.styles["PSV Innhold"].style_id
    at = next((i for i, (_, style) in enumerate(styled) if style == placeholder_id), None)
    if at is None:
        return
    place = styled[at][0]
    ids = {doc.styles[name].style_id: level for name, level in TOC_STYLES.items() if name in doc.styles}
    entries = []
    for p, style in styled[at + 1:]:
        level = ids.get(style)
        text = "".join(x.text or "" for x in p.iter(f"{W}t")).strip() if level else ""
        if text:
            entries.append((level, text))
    if not entries:
        entries = [(1, t("report.toc.update"))]

    def run(child: Any) -> Any:
        r = OxmlElement("w:r")
        r.append(child)
        return r

    def field_char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return run(element)

    toc_ids: dict[int | None, Any] = {level: doc.styles[f"toc {level}"].style_id for level in (1, 2) if f"toc {level}" in doc.styles}
    made = []
    for i, (level, text) in enumerate(entries):
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), toc_ids.get(level, placeholder_id))
        ppr.append(style)
        p.append(ppr)
        if i == 0:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = ' TOC \\o "1-1" \\h \\z \\u \\t "PSV Kapittel;1;PSV Indikator;2;PSV Indikator ny side;2" '
            p.extend([field_char("begin"), run(instruction), field_char("separate")])
        wt = OxmlElement("w:t")
        wt.text = text
        p.append(run(wt))
        if i == len(entries) - 1:
            p.append(field_char("end"))
        made.append(p)
    for p in made:
        place.addprevious(p)
    place.getparent().remove(place)


def restart_numbered_lists(doc: Any, styled: list[tuple[Any, str | None]]) -> None:
    """Each run of consecutive numbered paragraphs ("List Number", and the recommended actions'
    style based on it) becomes its own list starting at 1."""

    style = doc.styles["List Number"]
    numbered_ids = {style.style_id, *(doc.styles[n].style_id for n in ("PSV Tiltak",) if n in doc.styles)}
    num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return
    numbering = doc.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    groups: list[list[Any]] = []
    previous = None
    for paragraph, p_style in styled:
        if p_style in numbered_ids:
            if previous is not None and paragraph.getprevious() is previous:
                groups[-1].append(paragraph)
            else:
                groups.append([paragraph])
            previous = paragraph
        else:
            previous = None
    for group in groups:
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        for paragraph in group:
            pr = paragraph.get_or_add_pPr().get_or_add_numPr()
            pr.get_or_add_ilvl().val = 0
            pr.get_or_add_numId().val = num.numId
