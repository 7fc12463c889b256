"""The report's charts as PNG bytes: matplotlib with the Agg backend, imported only here and only
when a report is built. Same figures, same bytes (no timestamps or software tags in the files)."""

from __future__ import annotations

import io
import math
from typing import Any

from psvxl.metrics import Metrics
from psvxl.model import Assessment

BLUE, GREY, GREEN, ORANGE = "#1F4E79", "#8C8C8C", "#70AD47", "#ED7D31"
WIDTH_CM = 16
DPI = 150


def _figure(width_cm: float, height_cm: float) -> Any:
    """A bare Agg figure (no pyplot: its import and global state cost a button click time)."""
    import matplotlib

    matplotlib.rcParams.update({"font.size": 9, "font.family": "DejaVu Sans",
                                "axes.spines.top": False, "axes.spines.right": False})
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _comma(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _wrap(label: str, width: int = 16) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def radar_chart(m: Metrics, low: int = 1, high: int = 6) -> bytes | None:
    """The agreed totals per indicator, last year's as a dashed second line where known.

    Drawn on plain axes (a polar projection takes twice as long to draw, on every click)."""
    rows = [s for s in m.scores.indicators if s.total is not None]
    if len(rows) < 3:
        return None
    fig = _figure(WIDTH_CM, 10)
    ax = fig.add_axes((0.18, 0.04, 0.56, 0.92))
    ax.set_aspect("equal")
    ax.axis("off")
    count = len(rows)
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]

    def point(angle: float, radius: float) -> tuple[float, float]:
        return radius * math.cos(angle), radius * math.sin(angle)

    for level in range(low, high + 1):   # the web: one ring per score
        ring = [point(a, level) for a in (*angles, angles[0])]
        ax.plot([x for x, _ in ring], [y for _, y in ring], color="#D9D9D9", linewidth=0.8, zorder=1)
        ax.text(0.15, level, str(level), color=GREY, fontsize=7, va="center")
    for angle, s in zip(angles, rows):
        x, y = point(angle, high)
        ax.plot([0, x], [0, y], color="#D9D9D9", linewidth=0.8, zorder=1)
        lx, ly = point(angle, high + 0.55)
        ha = "center" if abs(lx) < 0.5 else "left" if lx > 0 else "right"
        ax.text(lx, ly, _wrap(s.name or s.id), ha=ha, va="center", fontsize=8.5)

    def polygon(values: list[float]) -> tuple[list[float], list[float]]:
        points = [point(a, v) for a, v in zip((*angles, angles[0]), (*values, values[0]))]
        return [x for x, _ in points], [y for _, y in points]

    xs, ys = polygon([float(s.total) for s in rows])
    ax.fill(xs, ys, color=BLUE, alpha=0.15, zorder=2)
    ax.plot(xs, ys, color=BLUE, linewidth=2, marker="o", markersize=3, label="Total i år", zorder=3)
    if all(s.previous_total is not None for s in rows):
        xs, ys = polygon([float(s.previous_total) for s in rows])
        ax.plot(xs, ys, color=GREY, linewidth=1.5, linestyle="--", label="Total i fjor", zorder=3)
    limit = high + 1.6
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.legend(loc="upper left", bbox_to_anchor=(0.98, 1.0), frameon=False)
    return _png(fig)


def jobs_chart(a: Assessment, m: Metrics) -> bytes | None:
    """New and secured jobs per year as stacked bars, with the running total against the target."""
    j = m.jobs
    if not j.by_year:
        return None
    years = list(j.by_year)
    new = [j.by_year[y]["new"] for y in years]
    secured = [j.by_year[y]["secured"] for y in years]
    fig = _figure(WIDTH_CM, 8)
    ax = fig.add_axes((0.1, 0.25, 0.88, 0.7))
    positions = range(len(years))
    ax.bar(positions, new, color=BLUE, label="Nye")
    ax.bar(positions, secured, bottom=new, color=GREEN, label="Sikrede")
    running, cumulative = 0, []
    for n, s in zip(new, secured):
        running += n + s
        cumulative.append(running)
    ax.plot(positions, cumulative, color=ORANGE, marker="o", linewidth=2, label="Sum hittil")
    line, label = target_line(a, years)
    if line:
        ax.plot(positions, line, color=GREY, linestyle="--", linewidth=1.5, label=label)
    ax.set_xticks(list(positions))
    ax.set_xticklabels([str(y) for y in years])
    ax.set_ylabel("Arbeidsplasser")
    ax.yaxis.set_major_formatter(lambda v, _: _comma(v))
    ax.legend(frameon=False, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.13))
    return _png(fig)


def target_line(a: Assessment, years: list[int]) -> tuple[list[float], str]:
    """The target reached by the end of each year: the periodised targets summed where they exist,
    otherwise the period target spread evenly (the same rule as `on_track`)."""
    p = a.program
    periodised = [t for t in a.job_targets if t.year is not None]
    if periodised:
        return [float(sum(int(t.new or 0) + int(t.secured or 0) for t in periodised if t.year <= y)) for y in years], \
            "Mål (periodisert)"
    if p.job_target and p.period_start is not None and p.period_end is not None and p.period_end >= p.period_start:
        span = p.period_end - p.period_start + 1
        return [p.job_target * (y - p.period_start + 1) / span for y in years], "Mål (jevn fordeling)"
    return [], ""


def trend_chart(a: Assessment) -> bytes | None:
    """The agreed totals per indicator over the years (history plus this year), when two or more
    earlier years are known."""
    earlier = sorted({h.year for h in a.history if h.year is not None and h.total is not None})
    if len(earlier) < 2 or a.program.year is None:
        return None
    years = [*earlier, a.program.year]
    low, high = a.rules.scale.min, a.rules.scale.max
    fig = _figure(WIDTH_CM, 8)
    ax = fig.add_axes((0.09, 0.12, 0.6, 0.83))
    for ind in a.indicators:
        by_year = {h.year: float(h.total) for h in a.history
                   if h.indicator_id and h.indicator_id.casefold() == ind.id.casefold() and h.total is not None}
        if ind.total is not None:
            by_year[a.program.year] = float(ind.total)
        points = [(i, by_year[y]) for i, y in enumerate(years) if y in by_year]
        if points:
            ax.plot([x for x, _ in points], [v for _, v in points], marker="o", linewidth=1.5,
                    label=ind.name or ind.id)
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y) for y in years])
    ax.set_ylim(low - 0.2, high + 0.2)
    ax.set_ylabel("Total poengsum")
    ax.yaxis.set_major_formatter(lambda v, _: _comma(v))
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _png(fig)


def draw_charts(assessment: Assessment, metrics: Metrics) -> dict[str, bytes | None]:
    scale = assessment.rules.scale
    return {"radar": radar_chart(metrics, scale.min, scale.max), "jobs": jobs_chart(assessment, metrics), "trend": trend_chart(assessment)}
