"""Findings: what is wrong with a workbook, as data.

Each code is registered once with its severity; its message is `finding.<code>` in the catalogue
(psvxl/locale/*/LC_MESSAGES/findings.po), in bokmål, nynorsk and English. A finding holds only facts
(code, sheet, cell, parameters); the message is rendered for the language asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, eq=False, repr=False)
class Rule:
    code: str
    severity: str


_RULES: dict[str, Rule] = {}


def _rule(code: str, severity: str) -> None:
    assert code not in _RULES, code
    _RULES[code] = Rule(code, severity)


# Reading: the file and its layout
_rule("missing-sheet", ERROR)
_rule("missing-sheet-similar", ERROR)
_rule("missing-header", ERROR)
_rule("missing-column", ERROR)
_rule("missing-column-similar", ERROR)
_rule("missing-text-column", WARNING)
_rule("missing-text-column-similar", WARNING)
_rule("duplicate-column", ERROR)
_rule("missing-field", ERROR)
_rule("missing-field-similar", ERROR)
# Reading: cell values
_rule("invalid-number", ERROR)
_rule("ambiguous-number", ERROR)
_rule("date-in-number-cell", ERROR)
_rule("ambiguous-amount", ERROR)
_rule("number-as-text", WARNING)
_rule("two-digit-year", WARNING)
_rule("formula-error", ERROR)
_rule("number-too-large", ERROR)
_rule("formula-without-value", ERROR)
# Drift: what a workbook's cells mean (units, rows that are not data, copies, formulas no spreadsheet computed)
_rule("not-psv-workbook", ERROR)
_rule("duplicate-sheet", ERROR)
_rule("program-column-shifted", ERROR)
_rule("merged-header", ERROR)
_rule("unknown-unit", ERROR)
_rule("unit-conflict", ERROR)
_rule("amount-unit-applied", WARNING)
_rule("amount-unit-in-cell", ERROR)
_rule("total-row-skipped", WARNING)
_rule("note-row-skipped", WARNING)
_rule("blank-row-in-table", WARNING)
_rule("formula-not-computed", ERROR)
_rule("sum-formula-in-data", ERROR)
_rule("not-whole-number", ERROR)
_rule("invalid-date", ERROR)
_rule("invalid-boolean", ERROR)
_rule("amount-rounded", WARNING)
_rule("amount-percent", ERROR)
_rule("amount-below-one-krone", ERROR)
_rule("amount-format-scaled", WARNING)
_rule("amount-format-conflict", ERROR)
_rule("merged-data-cells", ERROR)
# Programme
_rule("required-missing", ERROR)
_rule("period-invalid", ERROR)
_rule("year-outside-period", ERROR)
_rule("assessment-date-outside-year", ERROR)
_rule("job-target-invalid", ERROR)
_rule("job-target-split", WARNING)
# The framework
_rule("scale-invalid", ERROR)
_rule("total-step-invalid", ERROR)
_rule("unknown-group", ERROR)
_rule("invalid-scale-line", ERROR)
# Indicators and scores
_rule("duplicate-indicator", ERROR)
_rule("unknown-indicator", ERROR)
_rule("indicator-without-themes", ERROR)
_rule("duplicate-theme", ERROR)
_rule("score-missing", ERROR)
_rule("score-out-of-range", ERROR)
_rule("total-missing", ERROR)
_rule("total-invalid", ERROR)
_rule("total-deviates", WARNING)
_rule("previous-total-disagrees", WARNING)
_rule("indicator-not-assessed", WARNING)
# Portfolio
_rule("duplicate-project-id", ERROR)
_rule("project-id-stray-character", ERROR)
_rule("unknown-focus-area", ERROR)
_rule("invalid-choice", ERROR)
_rule("negative-amount", ERROR)
_rule("granted-exceeds-cost", ERROR)
_rule("paid-exceeds-granted", ERROR)
_rule("granted-missing", ERROR)
_rule("granted-missing-paid", ERROR)
_rule("unknown-continued-project", ERROR)
_rule("decision-after-assessment", WARNING)
_rule("decision-date-outside-period", ERROR)
# Jobs
_rule("invalid-count", ERROR)
_rule("job-year-outside-period", ERROR)
_rule("job-year-after-assessment", WARNING)
_rule("unknown-project", ERROR)
_rule("duplicate-job-registration", WARNING)
_rule("job-registration-empty", WARNING)
_rule("job-target-split-mismatch", WARNING)
# Budget
_rule("duplicate-budget-year", ERROR)
_rule("budget-frame-missing", ERROR)
_rule("duplicate-focus-area", ERROR)
# Plausibility: figures no programme has (a unit or a sum row that slipped through)
_rule("frame-implausible", ERROR)
_rule("frame-too-large", ERROR)
_rule("cost-implausible", ERROR)
_rule("cost-far-above-grant", ERROR)
_rule("granted-many-times-frame", ERROR)
_rule("grants-implausible", ERROR)
_rule("paid-exceeds-granted-total", ERROR)
_rule("jobs-far-above-target", ERROR)
# Follow-up and history
_rule("action-status-missing", WARNING)
_rule("duplicate-history", ERROR)
_rule("history-not-before-year", ERROR)

# Pre-scores (the Forhåndsvurdering sheet)
_rule("prescore-missing-header", ERROR)
_rule("prescore-invalid", ERROR)
_rule("prescore-unknown-theme", ERROR)
_rule("prescore-duplicate-participant", ERROR)
_rule("prescore-no-name", ERROR)


def rule(code: str) -> Rule:
    return _RULES[code]


def all_codes() -> list[str]:
    return sorted(_RULES)


@dataclass(frozen=True)
class Finding:
    code: str
    sheet: str | None = None
    cell: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.code not in _RULES:
            raise KeyError(f"unregistered finding code {self.code!r}")

    @property
    def severity(self) -> str:
        return _RULES[self.code].severity

    def message(self, lang: str | None = None) -> str:
        """The message in `lang` (nb, nn or en; default: the current language)."""
        from psvxl import i18n

        lang = lang or i18n.language()
        return i18n.t(f"finding.{self.code}", lang, **{**_sheet_names(lang),
                                                       **{k: _show(v, lang, k) for k, v in self.params.items()}})

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "message": self.message(lang)}

    def sort_key(self) -> tuple:
        # Structural findings (a sheet or column missing) first: they explain what follows.
        # Then errors before warnings, so the first line is always what blocks; among errors, what
        # is wrong in a cell before what follows from comparing cells (a consequence after its cause).
        return (self.code not in STRUCTURAL, self.severity != ERROR, self.code in CONSEQUENCES,
                _sheet_position(self.sheet), *_cell_position(self.cell), self.code)


STRUCTURAL = frozenset({"not-psv-workbook", "duplicate-sheet", "program-column-shifted", "missing-sheet",
                        "missing-sheet-similar", "missing-header", "missing-column", "missing-column-similar",
                        "missing-field", "missing-field-similar", "duplicate-column", "merged-header", "unknown-unit", "unit-conflict"})
# Findings that compare a cell with other rows, sheets or sums: when a cell they compare is itself
# wrong (unreadable, negative, merged), that cell's finding is the cause and is shown first.
CONSEQUENCES = frozenset({
    "year-outside-period", "assessment-date-outside-year", "job-target-split", "unknown-group",
    "duplicate-indicator", "unknown-indicator", "indicator-without-themes", "duplicate-theme", "total-deviates",
    "indicator-not-assessed", "duplicate-project-id", "unknown-focus-area", "granted-exceeds-cost",
    "paid-exceeds-granted", "granted-missing", "granted-missing-paid", "unknown-continued-project",
    "decision-after-assessment", "decision-date-outside-period", "job-year-outside-period",
    "job-year-after-assessment", "unknown-project", "duplicate-job-registration", "job-target-split-mismatch",
    "duplicate-budget-year", "budget-frame-missing", "duplicate-focus-area", "frame-implausible", "frame-too-large",
    "cost-implausible", "cost-far-above-grant", "granted-many-times-frame", "grants-implausible",
    "paid-exceeds-granted-total", "jobs-far-above-target", "duplicate-history", "history-not-before-year"})
# Parameters that are years or row numbers: printed plain ("2024", "rad 1250"), never "2 024".
_PLAIN_PARAMS = frozenset({"year", "start", "end", "assessed", "other", "row"})


# Parameters that name the workbook's words: a header or label, or a list of them («a», «b») or values (a, b).
_WORD_PARAMS = {"label": "one", "labels": "quoted", "choices": "listed"}


def spelled(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """A finding's parameters with the layout's words spelled as a workbook in målform `lang` spells them:
    a finding on a nynorsk workbook names «Programnamn», not «Programnavn»."""
    if lang != "nn":
        return params
    from psvxl.layout import word_in

    out = dict(params)
    for key, shape in _WORD_PARAMS.items():
        value = out.get(key)
        if not isinstance(value, str):
            continue
        if shape == "one":
            out[key] = word_in(value, lang)
        elif shape == "quoted":
            out[key] = re.sub(r"«([^»]*)»", lambda m: f"«{word_in(m.group(1), lang)}»", value)
        else:
            out[key] = ", ".join(word_in(item, lang) for item in value.split(", "))
    return out


def _show(value: Any, lang: str, name: str = "") -> str:
    # light modules; imported here to keep findings standalone
    from psvxl.formatting import number
    from psvxl.i18n import t

    if value is None:       # never «None» in a message: an empty value is called empty
        return t("finding.empty-value", lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and name in _PLAIN_PARAMS:
        return str(value)
    if isinstance(value, (int, float)):
        if lang != "en":        # nynorsk writes numbers as bokmål does: 4,5 and 1 250 000
            return number(value)
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


def _cell_position(cell: str | None) -> tuple[int, int]:
    from psvxl.layout import parse_address

    return parse_address(cell) or (-1, -1)


def _sheet_names(lang: str) -> dict[str, str]:
    """The sheet names messages mention, from the layout, in the message's målform: {ASSESSMENTS} is
    «Vurderinger», «Vurderingar» in nynorsk (a finding of a workbook that spells it otherwise carries its own)."""
    from psvxl import layout

    return {key: layout.sheet_name(name, lang) for key, name in layout.MESSAGE_SHEETS.items()}


def _sheet_positions() -> dict[str, int]:
    from psvxl.layout import SHEET_ORDER, sheet_key

    return {sheet_key(name): i for i, name in enumerate(SHEET_ORDER)}


_SHEET_POSITION = _sheet_positions()


def _sheet_position(sheet: str | None) -> int:
    """Where a sheet comes in the workbook's order, whichever målform spells its name."""
    from psvxl.layout import sheet_key

    return _SHEET_POSITION.get(sheet_key(sheet), -1) if sheet else -1
