"""The report's charts as native Word charts: a DrawingML chart part with its embedded workbook, so
the facilitator can restyle it and use «Rediger data» in Word.

The chart XML and the workbook both come from XlsxWriter, which psvxl already uses for workbooks:
it writes the same DrawingML chart parts for Excel, with explicit colours and with the cached values
LibreOffice (and so `--pdf`) needs to draw them. We build one small workbook per chart: its first
sheet holds the chart's data (what «Rediger data» shows), a hidden second sheet holds the chart, and
its chart part becomes the Word chart; the workbook itself is embedded.
python-pptx can write chart parts too, but importing it costs about 0.1 s: a third of the time a
whole report may take. Word wants three things XlsxWriter's part does not say, added here: the link
to the embedded workbook (`c:externalData`), the language, and the inline drawing that shows it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, cast

from psvxl.i18n import t
from psvxl.metrics import (
    Metrics,
    granted_by_year,
    target_by_end_of,
    target_rows_by_year,
)
from psvxl.model import Assessment
from psvxl.last_year import totals_by_year
from psvxl.xmlsafe import legal_text

BLUE, GREY, GREEN, ORANGE, LIGHT_BLUE = "#1F4E79", "#7F7F7F", "#70AD47", "#ED7D31", "#9DC3E6"
FONT = "Calibri"
WIDTH_EMU = 5_760_000        # 16 cm
HEIGHT_EMU = 3_240_000       # 9 cm
SHEET = "Data"

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
_FIXED = dt.datetime(2024, 1, 1)
# Number formats that carry their locale ([$-414] is nb-NO): LibreOffice then prints «7 000 000» and «6,0»
# with Norwegian separators on any machine. In the format code itself «,» is the thousands separator and
# «.» the decimal point, whatever the locale (a literal space would print «7000 000»).
LOCALE = "[$-414]"
WHOLE = LOCALE + "#,##0"
ONE_DECIMAL = LOCALE + "0.0"
MARKERS = ("circle", "square", "diamond", "triangle", "x", "star", "plus", "dash")
DASHES = ("solid", "dash", "round_dot", "long_dash", "dash_dot", "long_dash_dot")


@dataclass(eq=False)
class Series:
    name: str
    values: Sequence[float | int | None]
    kind: str                     # "column", "line", "radar"
    color: str
    dashed: bool = False
    stacked: bool = False
    labels: bool = False          # the values written at the points
    marker: str = "circle"
    dash: str | None = None       # a dash type of its own, so lines differ by more than colour
    label_positions: list[str] | None = None   # a label position per point («above», «below»)
    width: float = 2.25           # a line's width (pt)
    marker_size: int = 6


@dataclass(eq=False)
class ChartSpec:
    """What a chart shows: categories, series, and the value axis."""
    key: str
    title: str
    categories: list[str]
    series: list[Series]
    y_min: float | None = None
    y_max: float | None = None
    y_unit: float | None = None
    number_format: str = WHOLE
    y_title: str | None = None
    height_emu: int = HEIGHT_EMU
    unit: str = ""                # printed after each value in the alternative text («kr»)
    decimals: int = 0

    def value_text(self, value: float | None) -> str:
        from psvxl import formatting as fmt

        if value is None:
            return t("report.chart.no-value")
        return fmt.number(value, self.decimals) + (fmt.NBSP + self.unit if self.unit else "")

    def description(self) -> str:
        """The alternative text: what the chart shows, then its figures, category by category."""
        parts = []
        for i, category in enumerate(self.categories):
            values = ", ".join(f"{s.name} {self.value_text(s.values[i])}" for s in self.series)
            parts.append(f"{category}: {values}")
        return f"{self.title}. " + "; ".join(parts) + "."

    def data_rows(self) -> list[list[Any]]:
        """The embedded workbook's cells: a header row, then one row per category."""
        rows: list[list[Any]] = [["", *(s.name for s in self.series)]]
        for i, category in enumerate(self.categories):
            rows.append([category, *(s.values[i] for s in self.series)])
        return rows


# --- what each chart shows ----------------------------------------------------------------------

def radar_spec(a: Assessment, m: Metrics) -> ChartSpec | None:
    """The agreed totals per indicator on the framework's scale, last year's beside them where known."""
    rows = [s for s in m.scores.indicators if s.total is not None]
    if len(rows) < 3:
        return None
    scale = a.rules.scale
    year = a.program.year
    series = [Series(t("report.chart.total-year", year=year) if year else t("report.chart.total"),
                     [float(cast(Fraction, s.total)) for s in rows], "radar", BLUE,
                     labels=True)]
    if any(s.previous_total is not None for s in rows):
        series.append(Series(t("report.chart.total-year", year=year - 1) if year else t("report.chart.last-year"),
                             [float(s.previous_total) if s.previous_total is not None else None for s in rows],
                             "radar", GREY, dashed=True, marker="square"))
    title = t("report.chart.radar-title", year=f" {year}" if year else "", low=scale.min, high=scale.max)
    return ChartSpec("radar", title, [s.name or s.id for s in rows], series,
                     y_min=scale.min, y_max=scale.max, y_unit=_unit(scale.min, scale.max),
                     number_format=LOCALE + "0", height_emu=4_680_000, decimals=1)


def jobs_spec(a: Assessment, m: Metrics) -> ChartSpec | None:
    """New and secured jobs per year as stacked columns, the running total and the target as lines."""
    j = m.jobs
    if not j.by_year:
        return None
    years = list(j.by_year)
    running, cumulative = 0, []
    for y in years:
        running += j.by_year[y]["new"] + j.by_year[y]["secured"]
        cumulative.append(running)
    series = [Series(t("report.chart.new"), [j.by_year[y]["new"] for y in years], "column", BLUE, stacked=True),
              Series(t("report.chart.secured"), [j.by_year[y]["secured"] for y in years], "column", GREEN,
                     stacked=True),
              Series(t("report.chart.cumulative"), cumulative, "line", ORANGE, labels=True)]
    line, label = target_line(a, years)
    if line:
        series.append(Series(label, line, "line", GREY, dashed=True, marker="square"))
        # Each total's label on the side away from the target line, so the line never runs through it.
        series[2].label_positions = ["below" if goal > total else "above" for goal, total in zip(line, cumulative, strict=True)]
    return ChartSpec("jobs", t("report.chart.jobs-title"), [str(y) for y in years],
                     series, y_min=0, y_title=t("report.chart.jobs-axis"))


def budget_spec(a: Assessment, m: Metrics) -> ChartSpec | None:
    """Granted per year (supported projects, by decision year; this year as of the meeting) against
    the year's frame."""
    p = a.program
    frames = {b.year: b.frame for b in a.budget if b.year is not None and b.frame is not None}
    if p.year is None or not frames:
        return None
    first = p.period_start if p.period_start is not None else min(frames)
    years = [y for y in range(first, p.year + 1)]
    if not years:
        return None
    granted = granted_by_year(a)
    series = [Series(t("report.chart.frame"), [frames.get(y) for y in years], "column", LIGHT_BLUE),
              Series(t("report.chart.granted"), [granted.get(y, 0) for y in years], "column", BLUE)]
    return ChartSpec("budget", t("report.chart.budget-title"), [str(y) for y in years], series,
                     y_min=0, y_title=t("report.chart.kroner"), unit="kr")


def trend_spec(a: Assessment) -> ChartSpec | None:
    """The agreed totals per indicator over the years, when two or more earlier years are known."""
    year = a.program.year
    earlier = sorted({h.year for h in a.history if h.year is not None and h.total is not None and h.year != year}
                     | ({year - 1} if year is not None and any(i.previous_total is not None for i in a.indicators)
                        else set()))
    if len(earlier) < 2 or year is None:
        return None
    years = [*earlier, year]
    palette = [BLUE, ORANGE, GREEN, GREY, "#A5A5A5", "#FFC000", "#5B9BD5", "#264478", "#9E480E", "#636363",
               "#997300", "#43682B"]
    series: list[Series] = []
    for ind in a.indicators:
        by_year = {y: float(v) for y, v in totals_by_year(a, ind).items()}     # last year: its previous total
        if by_year:
            i = len(series)
            series.append(Series(ind.name or ind.id, [by_year.get(y) for y in years], "line",
                                 palette[i % len(palette)], marker=MARKERS[i % len(MARKERS)],
                                 dash=DASHES[i % len(DASHES)]))
    if not series:
        return None
    # Indicators with the same totals share a line: each series is drawn a little wider, with a bigger
    # marker, than the ones drawn after it (on top of it), so each shows as a band and a ring around them.
    for i, s in enumerate(series):
        share = (len(series) - 1 - i) / max(len(series) - 1, 1)
        s.width, s.marker_size = round(1.5 + 3.5 * share, 2), round(5 + 7 * share)
    scale = a.rules.scale
    return ChartSpec("trend", t("report.chart.trend-title"), [str(y) for y in years], series,
                     y_min=scale.min, y_max=scale.max, y_unit=_unit(scale.min, scale.max),
                     number_format=LOCALE + "0", height_emu=4_320_000, decimals=1)


def _unit(low: int, high: int) -> int:
    """A tick for every score on short scales, every other one on long ones (at most six ticks)."""
    return 1 if high - low <= 6 else 2


def target_line(a: Assessment, years: list[int]) -> tuple[list[float], str]:
    """The target reached by the end of each year, by the rule of `on_track`."""
    line = [target_by_end_of(a, y) for y in years]
    if any(value is None for value in line):
        return [], ""
    label = t("report.chart.target-periodised") if target_rows_by_year(a) else t("report.chart.target-even")
    return [float(cast(Fraction, v)) for v in line], label


def chart_specs(a: Assessment, m: Metrics) -> dict[str, ChartSpec | None]:
    return {"radar": radar_spec(a, m), "jobs": jobs_spec(a, m), "budget": budget_spec(a, m),
            "trend": trend_spec(a)}


# --- the chart part and its workbook ------------------------------------------------------------

def chart_package(spec: ChartSpec) -> tuple[bytes, bytes]:
    """(chart part XML without its workbook link, the embedded workbook) for a chart."""
    workbook = _workbook(spec)
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        xml = z.read("xl/charts/chart1.xml")
    # Word charts speak the document's language; LibreOffice and Word both keep the cached values.
    xml = re.sub(rb'<c:lang val="[^"]*"/>', b'<c:lang val="nb-NO"/>', xml)
    return _value_labels_only(_straight_lines(xml)), workbook


def _value_labels_only(xml: bytes) -> bytes:
    """Data labels that say «the value» and nothing else: XlsxWriter writes only `c:showVal`, and
    LibreOffice takes the flags left out as «on» (category and series name beside every value)."""
    off = b"".join(b'<c:%s val="0"/>' % flag for flag in (b"showCatName", b"showSerName", b"showPercent",
                                                          b"showBubbleSize"))
    for end in (b"</c:dLbls>", b"</c:dLbl>"):          # the series' labels, and a point's own
        xml = xml.replace(b'<c:showVal val="1"/>' + end, b'<c:showLegendKey val="0"/><c:showVal val="1"/>' + off + end)
    return xml


def _straight_lines(xml: bytes) -> bytes:
    """Say `c:smooth val="0"` on every line series: XlsxWriter leaves it out, as Excel allows, but
    LibreOffice then draws curves between the years."""
    def fix(block: re.Match[bytes]) -> bytes:
        return re.sub(rb"</c:ser>", b'<c:smooth val="0"/></c:ser>', block.group(0))
    return re.sub(rb"<c:lineChart>.*?</c:lineChart>", fix, xml, flags=re.DOTALL)


def _workbook(spec: ChartSpec) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as book:
        book.set_properties({"created": _FIXED, "author": "psvxl"})
        ws = book.add_worksheet(SHEET)
        number = book.add_format({"num_format": ONE_DECIMAL if spec.decimals else WHOLE})   # as the chart shows them
        for r, row in enumerate(spec.data_rows()):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value, number)
        ws.set_column(0, 0, 30)
        ws.set_column(1, len(spec.series), 14)
        drawing = book.add_worksheet("Diagram")
        drawing.hide()
        drawing.insert_chart(0, 0, _xlsx_chart(book, spec))
    return out.getvalue()


AXIS_FONT = {"name": FONT, "size": 9, "color": "#404040"}


def _series_options(spec: ChartSpec, col: int, s: Series) -> dict[str, Any]:
    """xlsxwriter's options for one series: its cells, its colour, line or fill, markers and labels."""
    n, font = len(spec.categories), AXIS_FONT
    options: dict[str, Any] = {"name": [SHEET, 0, col], "categories": [SHEET, 1, 0, n, 0],
                               "values": [SHEET, 1, col, n, col]}
    line = {"color": s.color, "width": s.width if s.kind != "column" else 0.75}
    if s.dashed or s.dash:
        line["dash_type"] = s.dash or "dash"
    if s.kind == "column":
        options["fill"] = {"color": s.color}
        options["border"] = {"color": s.color}
    else:
        options["line"] = line
        options["smooth"] = False      # straight lines between the years, as the figures are
        options["marker"] = {"type": s.marker, "size": s.marker_size, "fill": {"color": s.color},
                             "border": {"color": s.color}}
        if s.kind == "radar" and not s.dashed:
            options["fill"] = {"color": s.color, "transparency": 80}
    if s.labels:
        options["data_labels"] = {"value": True, "num_format": ONE_DECIMAL if spec.decimals else WHOLE,
                                  "font": {**font, "bold": True, "color": s.color},
                                  "position": "above" if s.kind == "line" else None}
        if options["data_labels"]["position"] is None:
            del options["data_labels"]["position"]
        if s.label_positions:
            options["data_labels"]["custom"] = [{"position": where, "font": {**font, "bold": True, "color": s.color}}
                                                for where in s.label_positions]
    return options


def _value_axis(spec: ChartSpec) -> dict[str, Any]:
    font = AXIS_FONT
    axis: dict[str, Any] = {"num_font": font, "num_format": spec.number_format,
                            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                            "line": {"color": "#BFBFBF"}, "major_tick_mark": "none", "minor_tick_mark": "none"}
    if spec.y_min is not None:
        axis["min"] = spec.y_min
    if spec.y_max is not None:
        axis["max"] = spec.y_max
    if spec.y_unit is not None:
        axis["major_unit"] = spec.y_unit
    if spec.key == "radar":
        # The points carry their values: tick labels on the spoke would sit under the top point's label.
        axis["label_position"] = "none"
    if spec.y_title:
        axis["name"] = spec.y_title
        axis["name_font"] = {**font, "bold": False}
    return axis


def _xlsx_chart(book: Any, spec: ChartSpec) -> Any:
    """The chart of the first series' kind, with the series of another kind as lines combined into it."""
    font = AXIS_FONT
    first = spec.series[0]
    if first.kind == "radar":
        main = book.add_chart({"type": "radar", "subtype": "with_markers"})
    elif first.kind == "column":
        main = book.add_chart({"type": "column", "subtype": "stacked" if first.stacked else None})
    else:
        main = book.add_chart({"type": "line"})
    lines = None
    for col, s in enumerate(spec.series, start=1):
        if s.kind == first.kind or (s.kind == "column" and first.kind == "column"):
            main.add_series(_series_options(spec, col, s))
        else:
            lines = lines or book.add_chart({"type": "line"})
            lines.add_series(_series_options(spec, col, s))
    if lines is not None:
        main.combine(lines)
    main.set_y_axis(_value_axis(spec))
    main.set_x_axis({"num_font": font, "line": {"color": "#BFBFBF"}, "major_tick_mark": "none",
                     "minor_tick_mark": "none"})
    if len(spec.series) > 1:
        main.set_legend({"position": "bottom", "font": font})
    else:
        main.set_legend({"none": True})       # one series: the title and the caption say what it is
    main.set_title({"none": True})
    main.set_chartarea({"border": {"none": True}, "fill": {"color": "#FFFFFF"}})
    main.set_plotarea({"fill": {"color": "#FFFFFF"}})
    if first.kind == "column" and not first.stacked:
        main.set_style(2)
    return main


def link_workbook(xml: bytes, rid: str) -> bytes:
    """The chart part with `c:externalData` naming its embedded workbook (schema order: before
    printSettings, userShapes and extLst)."""
    link = f'<c:externalData r:id="{rid}"><c:autoUpdate val="0"/></c:externalData>'.encode()
    for anchor in (b"<c:printSettings", b"<c:userShapes", b"<c:extLst", b"</c:chartSpace>"):
        at = xml.find(anchor)
        if at >= 0:
            return xml[:at] + link + xml[at:]
    raise AssertionError("not a chart part")  # pragma: no cover


def _attribute(text: str) -> str:
    """A value for an XML attribute, quoted (line breaks kept as character references)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def inline_drawing(rid: str, shape_id: int, name: str, width: int, height: int, title: str = "",
                   description: str = "") -> str:
    """The run content that shows a chart part in the text (like a picture, in line with it), with its
    alternative text (title and description, as Word's «Alternativ tekst» writes them)."""
    return (
        f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        f'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name={_attribute(name)} title={_attribute(title)} descr={_attribute(description)}/>'
        f'<wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"/>'
        f'</a:graphicData></a:graphic></wp:inline></w:drawing>'
    )


class NativeChart:
    """A chart in the docxtpl context: rendering it adds the chart part and its workbook to the
    document and puts the drawing where the tag stood (as docxtpl's InlineImage does for pictures)."""

    def __init__(self, template: Any, spec: ChartSpec) -> None:
        self.template, self.spec = template, spec

    def _insert(self) -> str:
        from docx.opc.part import Part

        part = self.template.current_rendering_part
        package = part.package
        # New parts named as python-docx names them: the first free number (chart1.xml, chart2.xml …).
        chart_name = package.next_partname("/word/charts/chart%d.xml")
        number = chart_name.idx or 1
        xml, workbook = chart_package(self.spec)
        chart = Part(chart_name, CT_CHART, b"", package)
        embedded = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT_XLSX,
                        workbook, package)
        chart._blob = link_workbook(xml, chart.relate_to(embedded, RT_PACKAGE))
        rid = part.relate_to(chart, RT_CHART)
        drawing = inline_drawing(rid, 9000 + number, f"Diagram {number}", WIDTH_EMU, self.spec.height_emu,
                                 self.spec.title, legal_text(self.spec.description()))
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    def __html__(self) -> str:
        return self._insert()

    __str__ = __html__


