"""The nynorsk language data (issue 24): the standard indicator set in nynorsk and the glossary in
docs/nynorsk.md. The nn set has the nb set's ids, structure and scale, every text translated and no
bokmål-only form left; a workbook built on it validates and computes exactly like the bokmål one.
The glossary covers every sheet name, header, Program label and list value of layout.py."""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT, col, example, program_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nynorsk_forms import BOKMAAL_ONLY, bokmaal_forms

from psvxl import layout
from psvxl.cli import cli
from psvxl.framework import in_standard_words, is_standard, load_framework, standard
from psvxl.model import Assessment

NB_FILE = ROOT / "psvxl" / "framework" / "standard.json"
NN_FILE = ROOT / "psvxl" / "framework" / "standard-nn.json"
GLOSSARY = ROOT / "docs" / "nynorsk.md"
SLOW = os.environ.get("PSVXL_SLOW") == "1"

NB = json.loads(NB_FILE.read_text("utf-8"))
NN = json.loads(NN_FILE.read_text("utf-8"))


def text_fields(data: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """Every translatable text of a framework file, with its JSON path (None where the field is null)."""
    yield "name", data["name"]
    for key, label in data["scale"]["labels"].items():
        yield f"scale.labels.{key}", label
    for g, group in enumerate(data["groups"]):
        yield f"groups[{g}].name", group["name"]
    for i, ind in enumerate(data["indicators"]):
        at = f"indicators[{i}]"
        for key in ("name", "description", "guidance"):
            yield f"{at}.{key}", ind[key]
        for t, theme in enumerate(ind["themes"]):
            yield f"{at}.themes[{t}].title", theme["title"]
            for q, question in enumerate(theme["questions"]):
                yield f"{at}.themes[{t}].questions[{q}]", question
            yield f"{at}.themes[{t}].statement", theme["statement"]


def shape(data: dict[str, Any]) -> Any:
    """What must not change between målformer: ids, groups, null fields, theme and question counts, scale."""
    return {"format": data["format"], "total_step": data["total_step"],
            "scale": (data["scale"]["min"], data["scale"]["max"], sorted(data["scale"]["labels"])),
            "groups": [g["id"] for g in data["groups"]],
            "indicators": [(i["id"], i["group"], i["guidance"] is None,
                            [(t["group"], len(t["questions"])) for t in i["themes"]]) for i in data["indicators"]]}


def glossary_rows() -> list[tuple[str, str]]:
    """The rows of the glossary's «| nb | nn |» tables."""
    rows, in_table = [], False
    for line in GLOSSARY.read_text("utf-8").splitlines():
        line = line.strip()
        if line == "| nb | nn |":
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert len(cells) == 2, line
            rows.append((cells[0], cells[1]))
    return rows


# --- the nn standard set -------------------------------------------------------------------------

def test_the_nn_set_loads_and_has_the_nb_sets_shape():
    nb_rules, nb_indicators = standard()
    nn_rules, nn_indicators = load_framework(NN_FILE)
    assert shape(NN) == shape(NB)
    assert [i.id for i in nn_indicators] == [i.id for i in nb_indicators]
    assert [len(i.themes) for i in nn_indicators] == [len(i.themes) for i in nb_indicators]
    assert (nn_rules.scale.min, nn_rules.scale.max, nn_rules.total_step) == \
        (nb_rules.scale.min, nb_rules.scale.max, nb_rules.total_step)
    assert sorted(nn_rules.scale.labels) == sorted(nb_rules.scale.labels)
    assert is_standard(nn_rules)        # the standard set in nynorsk: a workbook names it in its own målform


def test_every_nn_text_is_filled_where_the_nb_one_is():
    nb, nn = dict(text_fields(NB)), dict(text_fields(NN))
    assert list(nn) == list(nb)
    for path, text in nn.items():
        assert (text is None) == (nb[path] is None), path
        if text is not None:
            assert isinstance(text, str) and text.strip() == text and text, path


def test_no_bokmaal_only_form_in_the_nn_set():
    found = {path: bokmaal_forms(text) for path, text in text_fields(NN) if text and bokmaal_forms(text)}
    assert found == {}


def test_every_nb_text_with_a_bokmaal_only_form_is_translated():
    nn = dict(text_fields(NN))
    flagged = [path for path, text in text_fields(NB) if text and bokmaal_forms(text)]
    assert len(flagged) > 100                # the word list does catch the bokmål set
    assert [path for path in flagged if nn[path] == dict(text_fields(NB))[path]] == []


# --- the word list -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("Det er ikke gjort.", ["ikke"]),
    ("Ikke, Hva og HVOR!", ["ikke", "hva", "hvor"]),
    ("Det er ikkje gjort; kva og kvar frå berre nokon noko.", []),
    ("fraråde, hvaler, ikkebruk, bareste, tallerken, navnløs", []),      # parts of other words
    ("«Arbeidsplasser» (Deltakere) og tall/navn", ["arbeidsplasser", "deltakere", "tall", "navn"]),
    ("«{labels}» må fyllast ut {ikke}", []),                            # placeholders are not text
    ("mellom, eller, også, gi, igjen, dersom, bedrift", []),             # valid in both
])
def test_bokmaal_forms_are_found_as_whole_words(text, found):
    assert bokmaal_forms(text) == found


NN_WORDS = sorted({w for _, text in text_fields(NN) if text for w in re.findall(r"\w+", text)})


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(derandomize=True, max_examples=500 if SLOW else 60, deadline=None)
@given(st.lists(st.sampled_from(NN_WORDS), max_size=25), st.sampled_from(sorted(BOKMAAL_ONLY)),
       st.integers(0, 25), st.sampled_from([" ", ", ", " «", ". ", "\n", " ("]), st.booleans())
def test_one_bokmaal_form_among_nynorsk_words_is_found(words, form, at, gap, upper):
    word = form.upper() if upper else form.capitalize()
    text = gap.join(words[:at] + [word] + words[at:])
    assert bokmaal_forms(text) == [form]
    assert bokmaal_forms(gap.join(words)) == []


# --- the glossary --------------------------------------------------------------------------------

def test_the_glossary_covers_the_workbooks_words():
    nb = {row[0] for row in glossary_rows()}
    sheets = set(layout.SHEET_ORDER)
    headers = {c.label for spec in layout.TABLE_SHEETS for c in spec.columns}
    fields = {f.label for f in layout.PROGRAM_FIELDS}
    values = {v for vocabulary in layout.VOCABULARIES.values() for v in vocabulary}
    assert sorted((sheets | headers | fields | values) - nb) == []


def test_the_glossarys_nn_column_is_nynorsk():
    rows = glossary_rows()
    assert len(rows) > 250
    assert [nb for nb, nn in rows if not nn] == []
    assert {nn: bokmaal_forms(nn) for _, nn in rows if bokmaal_forms(nn)} == {}


def test_nn_sheet_names_and_headers_can_be_read_like_the_nb_ones():
    """Unique sheet names of at most 31 characters, and headers that stay apart on each sheet when
    reduced the way the reader matches them, and distinct list values (so a later reader can accept
    both målformer)."""
    nn = dict(glossary_rows())
    sheet_names = [nn[name] for name in layout.SHEET_ORDER]
    assert len(set(sheet_names)) == len(sheet_names) and max(map(len, sheet_names)) <= 31
    for spec in layout.TABLE_SHEETS:
        labels = [layout.normalize_label(nn[c.label]) for c in spec.columns]
        assert len(set(labels)) == len(labels), spec.name
    fields = [layout.normalize_label(nn[f.label]) for f in layout.PROGRAM_FIELDS]
    assert len(set(fields)) == len(fields)
    for name, vocabulary in layout.VOCABULARIES.items():
        values = [nn[v].casefold() for v in vocabulary]
        assert len(set(values)) == len(values), name


# --- workbooks on the nn set ---------------------------------------------------------------------

def run(*args: str) -> Any:
    return CliRunner().invoke(cli, [*args])


def test_a_blank_nn_workbook(tmp_path):
    path = tmp_path / "nynorsk.xlsx"
    result = run("new", "--lang", "nn", "-o", str(path))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    themes = book[layout.INDICATORS.nn]
    title = col(layout.INDICATORS, "title")
    titles = [themes[f"{title}{r}"].value for r in range(2, 2 + sum(len(i["themes"]) for i in NN["indicators"]))]
    assert titles == [t["title"] for i in NN["indicators"] for t in i["themes"]]
    program = book[layout.PROGRAM_SHEET]
    assert program[program_cell("framework.name")].value == "PSV standard (7 indikatorar)"
    assert "6 = stemmer heilt" in program[program_cell("framework.scale.labels")].value
    validated = run("validate", "--format", "json", str(path))
    assert validated.exit_code == 1                       # nothing is scored yet
    codes = {f["code"] for f in json.loads(validated.stdout)["findings"]}
    assert {"score-missing", "total-missing", "required-missing"} <= codes


def in_nynorsk(assessment: Assessment) -> Assessment:
    """The same assessment on the nn set and in a nynorsk workbook: every text of the framework nynorsk,
    every score kept."""
    rules, _ = load_framework(NN_FILE)
    nn = copy.deepcopy(assessment)
    nn.framework = rules
    nn.program.language = "nn"          # a nynorsk workbook: its sheet names, headers and labels too
    nn.indicators = in_standard_words(nn.indicators, "nn")
    assert [i.name for i in nn.indicators] == [i["name"] for i in NN["indicators"]]
    return nn


def without_names(data: Any) -> Any:
    """The figures of `compute --format json` without the names (which are the målform's)."""
    if isinstance(data, dict):
        return {k: without_names(v) for k, v in data.items() if k != "name"}
    if isinstance(data, list):
        return [without_names(v) for v in data]
    return data


def outcome(path: Path) -> tuple[Any, ...]:
    validated = run("validate", "--format", "json", str(path))
    computed = run("compute", "--format", "json", str(path))
    findings = [(f["code"], f["severity"], f["sheet"] and layout.sheet_key(f["sheet"]), f["cell"])
                for f in json.loads(validated.stdout)["findings"]]
    figures = without_names(json.loads(computed.stdout)) if computed.exit_code == 0 else None
    return validated.exit_code, findings, computed.exit_code, figures


def test_the_nn_workbook_validates_and_computes_like_the_nb_one(make_workbook):
    nb = outcome(make_workbook(example()))
    nn = outcome(make_workbook(in_nynorsk(example())))
    assert nb[2] == 0 and nb[3]["scores"]["overall"] is not None
    assert nn == nb


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(derandomize=True, max_examples=20 if SLOW else 3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_any_scores_give_the_same_figures_in_both(make_workbook, data):
    assessment = example()
    for ind in assessment.indicators:
        for theme in ind.themes:
            theme.score = data.draw(st.one_of(st.none(), st.integers(1, 6)))
        ind.total = data.draw(st.one_of(st.none(), st.sampled_from([x / 2 for x in range(2, 13)])))
    assert outcome(make_workbook(in_nynorsk(assessment))) == outcome(make_workbook(assessment))
