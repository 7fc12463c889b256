"""The data model of a programme status assessment: the data format "psvxl/1" as dataclasses.

Field names follow the data format exactly; `to_json` writes every field (null where a value
is missing) and `from_json` accepts fields left out. Amounts are whole kroner (int), dates are
`datetime.date` in Python and ISO strings in JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from psvxl.i18n import t

FORMAT = "psvxl/1"

PHASES = ("forstudie", "forprosjekt", "hovedprosjekt", "tiltak")
STATUSES = ("søkt", "innvilget", "pågår", "avsluttet", "avslått", "trukket")
SUPPORTED_STATUSES = ("innvilget", "pågår", "avsluttet")
MAALFORMER = ("nb", "nn")    # program.language: bokmål (the default) or nynorsk
ACTION_STATUSES = ("gjennomført", "pågår", "ikke startet", "utgår")

Number = int | float


@dataclass
class Participant:
    name: str | None = None
    role: str | None = None


@dataclass
class Program:
    name: str | None = None
    owner: str | None = None
    year: int | None = None
    assessment_date: dt.date | None = None
    period_start: int | None = None
    period_end: int | None = None
    job_target: int | None = None
    job_target_new: int | None = None
    job_target_secured: int | None = None
    participants: list[Participant] = field(default_factory=list)
    author: str | None = None
    goals: str | None = None            # the programme's goals beyond the job target (the omstillingsplan's)
    organisation: str | None = None     # board, staff and positions, as the fact base tells them
    language: str = "nb"                # målform of the workbook, report and fact base: "nb" or "nn"


@dataclass
class Texts:
    main_conclusion: str | None = None
    action_plan: str | None = None
    action_plan_priorities: list[str] = field(default_factory=list)
    action_plan_closing: str | None = None     # text after the priorities ("Dette var synspunkter som …")
    recommendations: list[str] = field(default_factory=list)
    critical_factors: list[str] = field(default_factory=list)
    biggest_challenges: list[str] = field(default_factory=list)
    usefulness: str | None = None
    previous_main_conclusion: str | None = None        # last year's Hovedkonklusjon (carried by `new --from`)
    previous_recommendations: list[str] = field(default_factory=list)   # last year's recommendations


@dataclass
class Theme:
    title: str | None = None
    group: str | None = None          # a sub-heading inside the indicator ("Bostedsattraktivitet …")
    questions: list[str] = field(default_factory=list)
    statement: str | None = None
    # The reader passes numbers through as found (4.5, 7): the validator judges them.
    score: Number | None = None
    previous_score: Number | None = None
    comment: str | None = None


@dataclass
class Indicator:
    id: str
    name: str | None = None
    group: str | None = None          # an id from framework.groups ("prosess", "effekt")
    description: str | None = None
    guidance: str | None = None
    themes: list[Theme] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    total: Number | None = None
    previous_total: Number | None = None
    deviation_reason: str | None = None   # why the agreed total differs from the mean (quoted in the report)
    summary: str | None = None


@dataclass
class Project:
    id: str | None = None
    name: str | None = None
    focus_area: str | None = None
    phase: str | None = None
    continues: str | None = None
    owner: str | None = None
    status: str | None = None
    decision_date: dt.date | None = None
    total_cost: int | None = None
    granted: int | None = None
    paid: int | None = None
    expected_new_jobs: Number | None = None
    expected_secured_jobs: Number | None = None
    smb_utvikling: bool | None = None
    sustainability: str | None = None


@dataclass
class JobRegistration:
    year: int | None = None
    project_id: str | None = None
    company: str | None = None
    new: Number | None = None
    secured: Number | None = None
    verified: bool | None = None
    source: str | None = None
    comment: str | None = None


@dataclass
class JobTarget:
    year: int | None = None
    focus_area: str | None = None
    new: Number | None = None
    secured: Number | None = None


@dataclass
class BudgetYear:
    year: int | None = None
    frame: int | None = None
    admin: int | None = None
    note: str | None = None


@dataclass
class PreviousAction:
    indicator_id: str | None = None
    text: str | None = None
    status: str | None = None
    comment: str | None = None


@dataclass
class PreScore:
    """One participant's own score of one theme, ticked before the meeting (forhåndsvurdering)."""
    participant: str | None = None
    indicator_id: str | None = None
    theme_index: int | None = None     # the theme's position in its indicator, from 0
    score: Number | None = None


@dataclass
class HistoryEntry:
    year: int | None = None
    indicator_id: str | None = None
    total: Number | None = None


DEFAULT_LABELS = {"1": "stemmer ikke i det hele tatt", "6": "stemmer helt"}


@dataclass
class Scale:
    min: int = 1
    max: int = 6
    labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))


@dataclass
class Group:
    id: str
    name: str | None = None


@dataclass
class Framework:
    """The indicator framework's rules: the scale of the theme scores, the step of the agreed
    totals and the groups of indicators. Absent from an assessment means the standard set's."""
    name: str | None = None
    scale: Scale = field(default_factory=Scale)
    total_step: Number = 0.5
    groups: list[Group] = field(default_factory=list)

    def group(self, group_id: str | None) -> Group | None:
        return next((g for g in self.groups if group_id is not None and g.id == group_id), None)


STANDARD_FRAMEWORK_NAME = "PSV standard (7 indikatorer)"


def standard_framework() -> Framework:
    return Framework(name=STANDARD_FRAMEWORK_NAME)


@dataclass
class Assessment:
    program: Program = field(default_factory=Program)
    texts: Texts = field(default_factory=Texts)
    indicators: list[Indicator] = field(default_factory=list)
    portfolio: list[Project] = field(default_factory=list)
    jobs: list[JobRegistration] = field(default_factory=list)
    job_targets: list[JobTarget] = field(default_factory=list)
    budget: list[BudgetYear] = field(default_factory=list)
    focus_areas: list[str] = field(default_factory=list)
    previous_actions: list[PreviousAction] = field(default_factory=list)
    prescores: list[PreScore] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    framework: Framework | None = None

    @property
    def rules(self) -> Framework:
        """The framework in force: the assessment's own, or the standard set's."""
        return self.framework if self.framework is not None else standard_framework()

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def to_json(self) -> dict[str, Any]:
        """The data format as a JSON-ready dict, keys in the order of the spec."""
        return {"format": FORMAT, **_to_json(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Assessment:
        """Build from the data format. Raises `FormatError` on a wrong shape or type."""
        if not isinstance(data, dict):
            raise FormatError(t("data.top-not-object"))
        fmt = data.get("format", FORMAT)
        if fmt != FORMAT:
            raise FormatError(t("data.unknown-format", found=repr(fmt), format=repr(FORMAT)))
        body = {k: v for k, v in data.items() if k != "format"}
        assessment: Assessment = _from_json(cls, body, "")
        if assessment.program.language not in MAALFORMER:
            raise FormatError(t("data.unknown-language", value=repr(assessment.program.language)))
        return assessment


class FormatError(ValueError):
    """The JSON does not have the shape of the data format."""


# --- generic (de)serialisation driven by the dataclass fields -------------------------------

def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _from_json(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise FormatError(t("data.expected-object", where=where or t("data.top")))
    hints = _field_types(cls)
    unknown = set(data) - set(hints)
    if unknown:
        raise FormatError(t("data.unknown-fields", where=where or t("data.top"), fields=sorted(unknown)))
    kwargs = {}
    for name, hint in hints.items():
        if name in data:
            kwargs[name] = _convert(hint, data[name], f"{where}.{name}" if where else name)
    try:
        return cls(**kwargs)
    except TypeError as exc:  # a required field (Indicator.id) left out
        raise FormatError(f"{where or t('data.top')}: {exc}") from None


def _convert(hint: str, value: Any, where: str) -> Any:
    if hint.startswith("dict[str, str]"):
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise FormatError(t("data.expected-texts", where=where))
        return dict(value)
    if hint.startswith("list["):
        if value is None:
            return []
        if not isinstance(value, list):
            raise FormatError(t("data.expected-list", where=where))
        inner = hint[5:-1]
        return [_convert(inner, v, f"{where}[{i}]") for i, v in enumerate(value)]
    optional = hint.endswith("| None")
    base = hint.removesuffix(" | None")
    if value is None:
        if optional:
            return None
        raise FormatError(t("data.missing-value", where=where))
    if base in _DATACLASSES:
        return _from_json(_DATACLASSES[base], value, where)
    if base == "str":
        if not isinstance(value, str):
            raise FormatError(t("data.expected-text", where=where, value=repr(value)))
        return value
    if base == "int":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            raise FormatError(t("data.expected-integer", where=where, value=repr(value)))
        return int(value)
    if base == "Number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormatError(t("data.expected-number", where=where, value=repr(value)))
        return int(value) if float(value).is_integer() else value
    if base == "bool":
        if not isinstance(value, bool):
            raise FormatError(t("data.expected-boolean", where=where, value=repr(value)))
        return value
    if base == "dt.date":
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise FormatError(t("data.expected-date", where=where, value=repr(value))) from None
    raise AssertionError(f"unhandled type {hint}")  # pragma: no cover


def _field_types(cls: type) -> dict[str, str]:
    return {f.name: str(f.type) for f in dataclasses.fields(cls)}


_DATACLASSES = {
    c.__name__: c
    for c in (Participant, Program, Texts, Theme, Indicator, Project, JobRegistration, JobTarget,
              BudgetYear, PreviousAction, PreScore, HistoryEntry, Scale, Group, Framework)
}
