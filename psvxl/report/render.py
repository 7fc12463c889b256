"""Render the Word report: the context and charts into a docxtpl template, safely and reproducibly.

Jinja runs sandboxed with autoescaping and strict undefined variables: text typed in a cell
(`Bygg & Anlegg <AS> {{ 7*7 }}`) appears exactly as typed, a template cannot run code, and a
template naming an unknown field fails with a message that names it.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError as JinjaTemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from psvxl.errors import TemplateError
from psvxl.metrics import Metrics
from psvxl.model import Assessment
from psvxl.report import charts
from psvxl.report.context import build_context
from psvxl.report.package import fixed_dates, normalize_docx
from psvxl.templates import REPORT_TEMPLATE

CHART_WIDTH_MM = 150
MAX_PROJECT_ROWS = 500    # the appendix lists at most this many projects (a PSV has well under 100)


def jinja_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def report_context(assessment: Assessment, metrics: Metrics, template: Any) -> dict[str, Any]:
    """The full context, charts included (as docxtpl images bound to `template`)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    context = build_context(assessment, metrics)

    def image(png: bytes | None) -> Any:
        return InlineImage(template, io.BytesIO(png), width=Mm(CHART_WIDTH_MM)) if png else None

    drawn = charts.draw_charts(assessment, metrics)
    context["charts"] = {
        "radar": image(drawn["radar"]),
        "radar_previous": all(s.previous_total is not None for s in metrics.scores.indicators),
        "jobs": image(drawn["jobs"]),
        "trend": image(drawn["trend"]),
    }
    projects = context["portfolio"]["projects"]
    context["portfolio"].update(count=len(projects), truncated=len(projects) > MAX_PROJECT_ROWS,
                                projects=projects[:MAX_PROJECT_ROWS])
    return context


def render_report(assessment: Assessment, metrics: Metrics, template: Path | None = None) -> bytes:
    """The report as .docx bytes. Raises `TemplateError` for a template that cannot be used."""
    from docxtpl import DocxTemplate

    path = template or REPORT_TEMPLATE
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several types for a file that is not a Word document
        raise TemplateError(f"{Path(path).name} kan ikke åpnes som Word-mal (.docx): {exc}") from None
    context = report_context(assessment, metrics, tpl)
    try:
        tpl.render(context, jinja_env=jinja_environment(), autoescape=True)
    except UndefinedError as exc:
        raise TemplateError(f"Malen {Path(path).name} bruker et felt som ikke finnes: {exc.message}. "
                            "Kjør «psvxl check-template» for å se hvor.") from None
    except JinjaTemplateError as exc:
        raise TemplateError(f"Malen {Path(path).name} har en feil i en mal-kode: {exc}. "
                            "Kjør «psvxl check-template» for å se hvor.") from None
    restart_numbered_lists(tpl.docx)
    day = assessment.program.assessment_date or dt.date(assessment.program.year or 2000, 1, 1)
    fixed_dates(tpl.docx, dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc))
    out = io.BytesIO()
    tpl.save(out)
    return normalize_docx(out.getvalue())


def restart_numbered_lists(doc: Any) -> None:
    """Each run of consecutive "List Number" paragraphs becomes its own list starting at 1."""
    from docx.oxml.ns import qn

    style = doc.styles["List Number"]
    num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return
    numbering = doc.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    groups: list[list[Any]] = []
    previous = None
    for paragraph in doc.element.body.iter(qn("w:p")):
        p_style = paragraph.pPr.pStyle.val if paragraph.pPr is not None and paragraph.pPr.pStyle is not None else None
        if p_style == style.style_id:
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
