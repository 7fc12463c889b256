"""Read the participants' ticked forms (their copies of the fact base) into the assessment's pre-scores.

A form's score lines are paragraphs of check box content controls made by `psvxl.report.forms`. In
each paragraph a box counts as ticked when Word's state says so (``w14:checked``) or its glyph is ☒;
a box replaced by ☒, X or ✓ typed by hand counts for the number after it. The theme of a paragraph
comes from its boxes' tags (or, where a program dropped the tags, their aliases), so the lines are
found however the text around them is edited.

Who the participant is: the name `--participant` gives (one form at a time), else the name on the
form (`build-factbase --participant`), else the person who last saved the file (``cp:lastModifiedBy``
in docProps/core.xml, which Word and LibreOffice set on saving), else the file name. The document's
creator (``dc:creator``) is not used: every copy of the fact base carries the programme's author there.

Nothing is ever half collected: every problem of every form is listed and nothing is written, or
all the forms are taken. A participant collected before is replaced (said so); the same form
collected again leaves the pre-scores as they were.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psvxl import xmlsafe
from psvxl.errors import InputError, PsvxlError
from psvxl.i18n import t
from psvxl.framework import rules_in
from psvxl.model import MAALFORMER, Assessment, PreScore
from psvxl.report import forms

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
TICKED = forms.BOX_CHECKED + "\u2611\u2713\u2714\u2717\u2718Xx"    # ☒ ☑ ✓ ✔ ✗ ✘ X x
_MARK = re.compile(rf"([{TICKED}{forms.BOX_EMPTY}])\s*(\d+)")
NOT_A_PERSON = {"", "psvxl", "python-docx"}     # what a fresh fact base says in lastModifiedBy
MAX_FORM_BYTES = 50 * 1024 * 1024


class CollectError(PsvxlError):
    """Forms that cannot be collected; the message lists every problem, by file and theme."""


@dataclass
class Form:
    path: Path
    properties: dict[str, str]
    last_saved_by: str | None
    ticks: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    participant: str = ""
    named_by: str = ""
    document: Any = None


def read_form(path: Path) -> Form:
    """The ticks of one form, by theme. Raises `InputError` when the file is no Word document."""
    try:
        if path.stat().st_size > MAX_FORM_BYTES:
            raise InputError(t("collect.too-big", file=path.name, limit=MAX_FORM_BYTES // 1024 // 1024))
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            document = xmlsafe.parse(package.read("word/document.xml"))
            core = xmlsafe.parse(package.read("docProps/core.xml")) if "docProps/core.xml" in names else None
            custom = xmlsafe.parse(package.read(forms.CUSTOM_PART)) if forms.CUSTOM_PART in names else None
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise InputError(t("collect.not-docx", file=path.name, error=exc)) from None
    properties = {}
    for prop in custom if custom is not None else []:
        if prop.tag == f"{CUSTOM}property" and prop.get("name"):
            properties[prop.get("name")] = "".join(prop.itertext()).strip()
    saved_by = core.findtext(f"{CP}lastModifiedBy") if core is not None else None
    form = Form(path, properties, (saved_by or "").strip() or None)
    form.document = document
    return form


def read_ticks(form: Form, indicator_ids: list[str]) -> None:
    """The form's ticks by theme; `indicator_ids` decode the score lines' bookmarks."""
    for paragraph in form.document.iter(f"{W}p"):
        _read_line(form, paragraph, indicator_ids)


def _read_line(form: Form, paragraph: Any, indicator_ids: list[str]) -> None:
    """The ticks of one score line (a paragraph with our check boxes); other paragraphs are skipped."""
    themes: set[tuple[str, int]] = set()
    text: list[str] = []
    _walk(paragraph, themes, text)
    for bookmark in paragraph.iter(f"{W}bookmarkStart"):
        found = forms.parse_bookmark(bookmark.get(f"{W}name"), indicator_ids)
        if found is not None:
            themes.add(found)
    if not themes:
        return
    if len(themes) > 1:
        listed = ", ".join(t("collect.theme-of", indicator=i, number=n + 1) for i, n in sorted(themes))
        form.problems.append(t("collect.mixed-line", file=form.path.name, themes=listed))
        return
    theme = themes.pop()
    ticked = form.ticks.setdefault(theme, set())
    for mark, number in _MARK.findall("".join(text)):
        if mark != forms.BOX_EMPTY:
            ticked.add(int(number))


def _walk(element: Any, themes: set[tuple[str, int]], text: list[str]) -> None:
    """The line as text, each check box one glyph (☒ where ticked), in document order."""
    for child in element:
        tag = child.tag
        if tag == f"{W}sdt":
            found = _identities(child)
            themes |= found
            properties = child.find(f"{W}sdtPr")
            if properties is not None and properties.find(f"{W14}checkbox") is not None:
                text.append(forms.BOX_CHECKED if _checked(child) else forms.BOX_EMPTY)
                continue
            _walk(child, themes, text)
        elif tag == f"{W}t":
            text.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}br"):
            text.append(" ")
        elif tag in (f"{W}del", f"{W}delText", f"{W}instrText"):
            continue          # tracked deletions and field codes are no ticks
        else:
            _walk(child, themes, text)


def _identities(sdt: Any) -> set[tuple[str, int]]:
    properties = sdt.find(f"{W}sdtPr")
    if properties is None:
        return set()
    tag = properties.find(f"{W}tag")
    alias = properties.find(f"{W}alias")
    found = forms.parse_tag(tag.get(f"{W}val") if tag is not None else None) or \
        forms.parse_alias(alias.get(f"{W}val") if alias is not None else None)
    return {found[:2]} if found else set()


def _checked(sdt: Any) -> bool:
    """Ticked by its state (Word) or by its glyph (a program that writes only the glyph)."""
    state = sdt.find(f"{W}sdtPr/{W14}checkbox/{W14}checked")
    if state is not None and (state.get(f"{W14}val") or "").strip().lower() in ("1", "true", "on"):
        return True
    content = "".join(node.text or "" for node in sdt.iter(f"{W}t"))
    return any(c in TICKED for c in content)


# --- from forms to pre-scores -------------------------------------------------------------------

@dataclass
class Collected:
    prescores: list[PreScore]
    messages: list[str]
    participants: list[str]


def collect(assessment: Assessment, paths: list[Path], participant: str | None = None) -> Collected:
    """The assessment's pre-scores with the forms at `paths` taken in. Raises `CollectError` listing
    every problem (nothing is taken then) or `InputError` for a file that is no Word document."""
    if participant is not None and len(paths) != 1:
        raise CollectError(t("collect.participant-one-form"))
    unique = list(dict.fromkeys(p.resolve() for p in paths))
    forms_read = [read_form(p) for p in unique]
    problems: list[str] = []
    for form in forms_read:
        read_ticks(form, [ind.id for ind in assessment.indicators])
        _name(form, participant)
        problems += form.problems + _check_identity(form, assessment) + _check_ticks(form, assessment)
    problems += _check_names(forms_read) + _check_copies(forms_read)
    if problems:
        raise CollectError(t("collect.stopped") + "\n" + "\n".join(f"- {p}" for p in problems))
    return _merge(assessment, forms_read)


def _name(form: Form, given: str | None) -> None:
    on_form = form.properties.get(forms.PROP_PARTICIPANT, "").strip()
    if given and given.strip():
        form.participant, form.named_by = given.strip(), "--participant"
    elif on_form:
        form.participant, form.named_by = on_form, t("collect.named-by.form")
    elif form.last_saved_by and form.last_saved_by.casefold() not in NOT_A_PERSON:
        form.participant, form.named_by = form.last_saved_by, t("collect.named-by.saved")
    else:
        form.participant, form.named_by = form.path.stem, t("collect.named-by.file")


def _check_identity(form: Form, a: Assessment) -> list[str]:
    """A form for another programme, year or framework is refused, naming the file and both values."""
    props = form.properties
    if forms.PROP_FORM not in props:
        if not form.ticks:
            return [t("collect.no-form", file=form.path.name)]
        return [t("collect.no-identity", file=form.path.name)]
    # The standard set is named in the form's målform: either name is the same framework.
    frameworks = {_spaced(rules_in(a.rules, lang).name or "") for lang in MAALFORMER}
    wanted = {forms.PROP_PROGRAM: (t("collect.what.programme"), a.program.name or ""),
              forms.PROP_YEAR: (t("collect.what.year"), "" if a.program.year is None else str(a.program.year)),
              forms.PROP_FRAMEWORK: (t("collect.what.framework"), rules_in(a.rules, a.program.language).name or "")}
    out = []
    for key, (what, expected) in wanted.items():
        found = props.get(key, "")
        if _spaced(found) != _spaced(expected) and not (key == forms.PROP_FRAMEWORK and _spaced(found) in frameworks):
            unknown = t("collect.unknown")
            out.append(t("collect.other-form", file=form.path.name, what=what, found=found or unknown,
                         expected=expected or unknown))
    return out


def _spaced(text: str) -> str:
    return " ".join(text.split()).casefold()


def _check_ticks(form: Form, a: Assessment) -> list[str]:
    out = []
    rules = a.rules
    for (indicator_id, index), scores in form.ticks.items():
        ind = a.indicator(indicator_id)
        if ind is None or index >= len(ind.themes):
            out.append(t("collect.unknown-theme", file=form.path.name, indicator=indicator_id, number=index + 1))
            continue
        where = theme_name(a, indicator_id, index)
        if len(scores) > 1:
            listed = t("collect.and").join(str(s) for s in sorted(scores))
            out.append(t("collect.ticked-twice", file=form.path.name, theme=where, scores=listed))
        bad = [s for s in scores if not rules.scale.min <= s <= rules.scale.max]
        if bad:
            out.append(t("collect.off-scale", file=form.path.name, theme=where, score=bad[0], min=rules.scale.min,
                         max=rules.scale.max))
    return out


def theme_name(a: Assessment, indicator_id: str, index: int) -> str:
    ind = a.indicator(indicator_id)
    title = ind.themes[index].title if ind is not None and index < len(ind.themes) else None
    name = (ind.name if ind is not None else None) or indicator_id
    return t("collect.theme", name=name, number=index + 1) + (f" «{title}»" if title else "")


def _check_names(forms_read: list[Form]) -> list[str]:
    seen: dict[str, Form] = {}
    out = []
    for form in forms_read:
        other = seen.setdefault(form.participant.casefold(), form)
        if other is not form:
            out.append(t("collect.same-participant", first=other.path.name, second=form.path.name,
                         participant=form.participant, named_by=form.named_by, metavar=t("cli.metavar.name")))
    return out


def _check_copies(forms_read: list[Form]) -> list[str]:
    """The same file under two names would count one participant twice: refused."""
    import hashlib

    seen: dict[str, Form] = {}
    out = []
    for form in forms_read:
        other = seen.setdefault(hashlib.sha256(form.path.read_bytes()).hexdigest(), form)
        if other is not form and other.participant.casefold() != form.participant.casefold():
            out.append(t("collect.same-file", first=other.path.name, second=form.path.name))
    return out


def _merge(a: Assessment, forms_read: list[Form]) -> Collected:
    """Existing pre-scores with each form's participant replaced by (or added as) the form's ticks."""
    order = {(ind.id, k): n for n, (ind, k) in enumerate((ind, k) for ind in a.indicators for k in range(len(ind.themes)))}
    new: dict[str, list[PreScore]] = {}
    messages = []
    for form in forms_read:
        scores = sorted((PreScore(form.participant, i, n, next(iter(s))) for (i, n), s in form.ticks.items() if s),
                        key=lambda p: order[(p.indicator_id or "", p.theme_index or 0)])
        where = t("collect.form", file=form.path.name, participant=form.participant, named_by=form.named_by,
                  scored=len(scores), themes=len(order))
        if not scores:
            messages.append(t("collect.no-ticks", file=form.path.name, participant=form.participant))
            continue
        new[form.participant.casefold()] = scores
        old = [p for p in a.prescores if (p.participant or "").casefold() == form.participant.casefold()]
        if not old:
            messages.append(t("collect.added", form=where))
        elif _same(old, scores):
            messages.append(t("collect.unchanged", form=where))
        else:
            messages.append(t("collect.replaced", form=where))
    kept: list[PreScore] = []
    done: set[str] = set()
    for p in a.prescores:            # existing participants keep their place; a replaced one its column
        key = (p.participant or "").casefold()
        if key in new:
            if key not in done:
                kept += new[key]
                done.add(key)
        else:
            kept.append(p)
    for key, scores in new.items():
        if key not in done:
            kept += scores
    names = list(dict.fromkeys(p.participant or "" for p in kept))
    return Collected(kept, messages, names)


def _same(old: list[PreScore], new: list[PreScore]) -> bool:
    def key(p: PreScore) -> tuple:
        return (p.indicator_id, p.theme_index, p.score)
    return sorted(map(key, old)) == sorted(map(key, new))
