"""Indicator frameworks as data: framework files (`psvxl-framework/1`) and the rules of a scale.

A framework file describes an indicator set before anything is scored: its scale and labels, the
step of the agreed totals, optional groups of indicators, and the indicators with their themes. The
shipped standard set (7 indicators, 29 themes, 1–6, steps of 0,5) is one such file. Nothing else in
psvxl assumes 7 indicators or a top score of 6: it asks the assessment's framework (`Assessment.rules`).
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from psvxl.errors import InputError
from psvxl.i18n import t
from psvxl.model import Framework, Group, Indicator, Scale, Theme

FORMAT = "psvxl-framework/1"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_SCALE_STEPS = 20         # a scale of 1–21 would be a typo, not a PSV


class FrameworkError(InputError):
    """A framework file that cannot be used; the message names the JSON path."""


# --- the standard set --------------------------------------------------------------------------

# The standard set in each målform: the same ids, scale and step; names, questions and statements in its words.
STANDARD_FILES = {"nb": "standard.json", "nn": "standard-nn.json"}


@cache
def _standard_raw(lang: str = "nb") -> dict[str, Any]:
    return json.loads((Path(__file__).parent / STANDARD_FILES[lang]).read_text("utf-8"))


def standard_indicators() -> list[Indicator]:
    """A fresh, unscored copy of the standard indicator set."""
    return parse_framework(_standard_raw(), "standard.json")[1]


def standard(lang: str = "nb") -> tuple[Framework, list[Indicator]]:
    """The standard set (a fresh copy) in målform `lang` ("nb", "nn")."""
    return parse_framework(_standard_raw(lang), STANDARD_FILES[lang])


def in_standard_words(indicators: list[Indicator], lang: str) -> list[Indicator]:
    """Indicators that follow the standard set (its ids, its themes in order) with the set's words in
    målform `lang`: names, descriptions, guidance, theme titles, questions and statements. Scores and every
    text the user wrote (summaries, points, comments) stay. Indicators of another set come back as they are."""
    import copy

    _, words = standard(lang)
    if [(i.id, len(i.themes)) for i in indicators] != [(w.id, len(w.themes)) for w in words]:
        return indicators
    out = copy.deepcopy(indicators)
    for ind, source in zip(out, words, strict=True):
        ind.name, ind.description, ind.guidance = source.name, source.description, source.guidance
        for theme, text in zip(ind.themes, source.themes, strict=True):
            theme.title, theme.questions, theme.statement = text.title, list(text.questions), text.statement
    return out


@cache
def _standard_rules(lang: str = "nb") -> Framework:
    return standard(lang)[0]


def is_standard(framework: Framework) -> bool:
    """Whether a framework's rules are the standard set's, in either målform (an assessment then needs no
    framework key)."""
    return any(framework == _standard_rules(lang) for lang in STANDARD_FILES)


def rules_in(framework: Framework, lang: str) -> Framework:
    """The rules as a workbook or report in målform `lang` names them: the standard set's name and scale
    labels in that målform; any other framework as it is written."""
    return _standard_rules(lang if lang in STANDARD_FILES else "nb") if is_standard(framework) else framework


# --- framework files ---------------------------------------------------------------------------

def load_framework(path: Path) -> tuple[Framework, list[Indicator]]:
    """Read and check a framework file. Raises `FrameworkError` naming the JSON path at fault."""
    from psvxl.jsonsafe import JsonFileError, read_json

    try:
        data = read_json(path)
    except JsonFileError as exc:
        raise FrameworkError(str(exc)) from None
    return parse_framework(data, path.name)


def parse_framework(data: Any, name: str | None = None) -> tuple[Framework, list[Indicator]]:
    check = _Check(name or t("framework.the-framework"))
    check.object(data, "")
    if data.get("format") != FORMAT:
        check.fail("format", t("framework.format", format=FORMAT, value=json.dumps(data.get('format'), ensure_ascii=False)))
    check.known(data, "", {"format", "name", "scale", "total_step", "groups", "indicators"})
    low, high, labels = _scale(check, data.get("scale", {"min": 1, "max": 6}))
    step = data.get("total_step", 0.5)
    if isinstance(step, bool) or not isinstance(step, (int, float)) or step <= 0 or step > high - low:
        check.fail("total_step", t("framework.step-positive", value=json.dumps(step)))
    if not _fits(Fraction(step).limit_denominator(1000), low, high):
        check.fail("total_step", t("framework.step-fits", step=step, min=low, max=high))
    groups = _groups(check, data.get("groups", []))
    indicators = _indicators(check, data.get("indicators"), {g.id for g in groups})
    framework = Framework(name=check.text(data.get("name"), "name"), scale=Scale(low, high, dict(labels)),
                          total_step=int(step) if float(step).is_integer() else step, groups=groups)
    return framework, indicators


def _scale(check: _Check, scale_data: Any) -> tuple[int, int, dict[str, Any]]:
    check.object(scale_data, "scale")
    check.known(scale_data, "scale", {"min", "max", "labels"})
    low, high = check.whole(scale_data.get("min"), "scale.min"), check.whole(scale_data.get("max"), "scale.max")
    if low >= high:
        check.fail("scale", t("framework.min-below-max", min=low, max=high))
    if high - low > MAX_SCALE_STEPS:
        check.fail("scale", t("framework.scale-too-long", min=low, max=high, most=MAX_SCALE_STEPS))
    labels = scale_data.get("labels") or {}
    check.object(labels, "scale.labels")
    for key, text in labels.items():
        if not (key.lstrip("-").isdigit() and low <= int(key) <= high):
            check.fail(f"scale.labels.{key}", t("framework.label-key", min=low, max=high))
        check.text(text, f"scale.labels.{key}")
    return low, high, labels


def _groups(check: _Check, raw_groups: Any) -> list[Group]:
    groups = []
    for i, raw in enumerate(check.array(raw_groups, "groups")):
        where = f"groups[{i}]"
        check.object(raw, where)
        check.known(raw, where, {"id", "name"})
        groups.append(Group(id=check.ident(raw.get("id"), f"{where}.id"), name=check.text(raw.get("name"), f"{where}.name")))
    check.unique([g.id for g in groups], "groups", "id")
    return groups


def _indicators(check: _Check, raw_indicators: Any, group_ids: set[str]) -> list[Indicator]:
    indicators = []
    raw_indicators = check.array(raw_indicators, "indicators")
    if not raw_indicators:
        check.fail("indicators", t("framework.no-indicator"))
    for i, raw in enumerate(raw_indicators):
        where = f"indicators[{i}]"
        check.object(raw, where)
        check.known(raw, where, {"id", "name", "group", "description", "guidance", "themes"})
        group = raw.get("group")
        if group is not None and group not in group_ids:
            known = ", ".join(sorted(group_ids)) or t("framework.no-groups")
            check.fail(f"{where}.group", t("framework.unknown-group", group=group, known=known))
        indicators.append(Indicator(id=check.ident(raw.get("id"), f"{where}.id"),
                                    name=check.text(raw.get("name"), f"{where}.name", required=True),
                                    group=group, description=check.text(raw.get("description"), f"{where}.description"),
                                    guidance=check.text(raw.get("guidance"), f"{where}.guidance"),
                                    themes=_themes(check, raw.get("themes"), where)))
    check.unique([i.id for i in indicators], "indicators", "id")
    return indicators


def _themes(check: _Check, raw_themes: Any, where: str) -> list[Theme]:
    themes = []
    raw_themes = check.array(raw_themes, f"{where}.themes")
    if not raw_themes:
        check.fail(f"{where}.themes", t("framework.no-theme"))
    for n, theme in enumerate(raw_themes):
        at = f"{where}.themes[{n}]"
        check.object(theme, at)
        check.known(theme, at, {"title", "group", "questions", "statement"})
        if not isinstance(theme.get("statement"), str) or not theme["statement"].strip():
            check.fail(f"{at}.statement", t("framework.no-statement"))
        themes.append(Theme(title=check.text(theme.get("title"), f"{at}.title", required=True),
                            group=check.text(theme.get("group"), f"{at}.group"),
                            questions=[check.text(q, f"{at}.questions[{k}]", required=True)  # type: ignore[misc]  # required: never None
                                       for k, q in enumerate(check.array(theme.get("questions", []), f"{at}.questions"))],
                            statement=theme["statement"].strip()))
    return themes


class _Check:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, what: str) -> None:
        raise FrameworkError(t("framework.fail", name=self.name, where=where or t("data.top"), what=what))

    def object(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            self.fail(where, t("framework.object"))

    def array(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, t("framework.list"))
        return value

    def known(self, value: dict[str, Any], where: str, fields: set[str]) -> None:
        unknown = sorted(set(value) - fields)
        if unknown:
            self.fail(f"{where}.{unknown[0]}" if where else unknown[0], t("framework.unknown-field"))

    def whole(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
            self.fail(where, t("framework.whole", value=json.dumps(value)))
        return int(value)

    def text(self, value: Any, where: str, required: bool = False) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, t("framework.text-required" if required else "framework.text"))
        return value.strip() or None

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.fail(where, t("framework.ident", value=json.dumps(value, ensure_ascii=False)))
        return value

    def unique(self, ids: list[str], where: str, key: str) -> None:
        seen: dict[str, int] = {}
        for i, value in enumerate(ids):
            if value in seen:
                self.fail(f"{where}[{i}].{key}", t("framework.used-before", value=value, other=f"{where}[{seen[value]}]"))
            seen[value] = i


# --- the rules of a scale ------------------------------------------------------------------------

def _fits(step: Fraction, low: int, high: int) -> bool:
    return step > 0 and ((high - low) / step).denominator == 1 and (Fraction(low) / step).denominator == 1


def scores(framework: Framework) -> range:
    """The theme scores of the scale: 1, 2, … 6."""
    return range(framework.scale.min, framework.scale.max + 1)


def valid_score(framework: Framework, value: Any) -> bool:
    return float(value).is_integer() and framework.scale.min <= value <= framework.scale.max


def valid_total(framework: Framework, value: Any) -> bool:
    """A multiple of the total step within the scale."""
    step = Fraction(framework.total_step).limit_denominator(1000)
    exact = Fraction(value).limit_denominator(1000)
    if step <= 0:      # a broken step (typed 0 on Program) is its own finding; no total is valid then
        return False
    return framework.scale.min <= exact <= framework.scale.max and (exact / step).denominator == 1


def round_to_step(framework: Framework, mean: Fraction | None) -> Fraction | None:
    """The mean rounded to the nearest multiple of the total step, halves up (4.25 -> 4.5 for 0,5)."""
    if mean is None:
        return None
    step = Fraction(framework.total_step).limit_denominator(1000)
    if step <= 0:
        return None
    rounded = Fraction(math.floor(mean / step + Fraction(1, 2))) * step
    return min(max(rounded, Fraction(framework.scale.min)), Fraction(framework.scale.max))


def scale_label(framework: Framework, score: int) -> str | None:
    return framework.scale.labels.get(str(score))
