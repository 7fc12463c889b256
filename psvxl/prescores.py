"""Pre-scores (forhåndsvurdering): each participant's own scores before the meeting, as figures.

The definitions are the data format's: per theme `n` (participants who scored it), `mean`, `min`,
`max`, `spread` (= max - min) and `discuss` (spread >= 2); per indicator the mean of its themes'
pre-score means. Participants are counted here, never named: nothing in this module's output
carries a name, so the report and the overview cannot show one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from psvxl.model import Assessment

DISCUSS_SPREAD = 2       # a theme whose pre-scores lie this far apart is taken first in the meeting


@dataclass(frozen=True)
class ThemePreScore:
    indicator_id: str
    theme_index: int
    title: str | None
    n: int
    mean: Fraction
    min: Fraction
    max: Fraction

    @property
    def spread(self) -> Fraction:
        return self.max - self.min

    @property
    def discuss(self) -> bool:
        return self.spread >= DISCUSS_SPREAD


@dataclass(frozen=True)
class IndicatorPreScore:
    id: str
    name: str | None
    mean: Fraction | None           # the mean of its themes' pre-score means
    max_spread: Fraction | None     # the widest spread among its themes (the report's «største sprik»)
    discuss: int                    # how many of its themes to discuss first


@dataclass(frozen=True)
class PreScores:
    participants: int
    themes: list[ThemePreScore]
    indicators: list[IndicatorPreScore]

    def theme(self, indicator_id: str, theme_index: int) -> ThemePreScore | None:
        return next((t for t in self.themes if (t.indicator_id, t.theme_index) == (indicator_id, theme_index)), None)

    def indicator(self, indicator_id: str) -> IndicatorPreScore | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def agenda(self) -> list[ThemePreScore]:
        """The themes in the order to discuss them: widest spread first, then the lower mean (more
        doubt), then the framework's order."""
        order = {(t.indicator_id, t.theme_index): k for k, t in enumerate(self.themes)}
        return sorted(self.themes, key=lambda t: (-t.spread, t.mean, order[(t.indicator_id, t.theme_index)]))

    def to_json(self) -> dict[str, Any]:
        """The `prescores` object of `compute --format json`."""
        return {
            "participants": self.participants,
            "themes": [{"indicator_id": t.indicator_id, "theme_index": t.theme_index, "n": t.n,
                        "mean": float(t.mean), "min": _number(t.min), "max": _number(t.max),
                        "spread": _number(t.spread), "discuss": t.discuss} for t in self.themes],
            "indicators": [{"id": i.id, "mean": None if i.mean is None else float(i.mean),
                            "max_spread": None if i.max_spread is None else _number(i.max_spread),
                            "discuss": i.discuss} for i in self.indicators],
        }


def compute_prescores(a: Assessment) -> PreScores | None:
    """The pre-score figures, or None when the assessment has no pre-scores. Pre-scores without a
    score, or for a theme the assessment does not have, are left out (the validator names them)."""
    if not a.prescores:
        return None
    by_theme: dict[tuple[str, int], list[Fraction]] = {}
    participants = set()
    for p in a.prescores:
        if p.score is None or p.indicator_id is None or p.theme_index is None:
            continue
        by_theme.setdefault((p.indicator_id, p.theme_index), []).append(Fraction(p.score).limit_denominator(1000))
        participants.add(p.participant)
    themes, indicators = [], []
    for ind in a.indicators:
        own = []
        for index, theme in enumerate(ind.themes):
            scores = by_theme.get((ind.id, index))
            if scores:
                own.append(ThemePreScore(ind.id, index, theme.title, len(scores), sum(scores, Fraction(0)) / len(scores),
                                         min(scores), max(scores)))
        themes += own
        indicators.append(IndicatorPreScore(
            ind.id, ind.name, sum((t.mean for t in own), Fraction(0)) / len(own) if own else None,
            max((t.spread for t in own), default=None), sum(1 for t in own if t.discuss)))
    return PreScores(len(participants), themes, indicators)


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)
