"""Frameworks as data: another indicator set (12 indicators in two groups on a 1–5 scale) all the way
through, bad framework files refused with the JSON path, and the rules of any scale."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import given, strategies as st

from psvxl import layout
from psvxl.cli import cli
from psvxl.framework import (
    FORMAT, load_framework, parse_framework, round_to_step, scores, standard, valid_total,
)
from psvxl.model import Framework, Scale

from conftest import ROOT, col

FRAMEWORK_12 = ROOT / "examples" / "rammeverk-12-indikatorer.json"
EXAMPLE_12 = ROOT / "examples" / "eksempel-12-indikatorer-2024.json"


def run(*args: str):
    return CliRunner().invoke(cli, [*args])


@pytest.fixture(scope="module")
def filled_12(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tolv") / "PSV-12.xlsx"
    assert run("new", "--from-json", str(EXAMPLE_12), "-o", str(path)).exit_code == 0
    return path


def test_a_blank_workbook_for_another_framework(tmp_path):
    path = tmp_path / "tom.xlsx"
    result = run("new", "--framework", str(FRAMEWORK_12), "-o", str(path))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assessments = book[layout.ASSESSMENTS.name]
    ids = [assessments[f"A{r}"].value for r in range(2, 14)]
    assert ids[:2] == ["forankring", "organisering"] and len([i for i in ids if i]) == 12
    group_col = col(layout.ASSESSMENTS, "group")
    assert assessments[f"{group_col}2"].value == "prosess" and assessments[f"{group_col}13"].value == "effekt"
    themes = book[layout.INDICATORS.name]
    score_col = col(layout.INDICATORS, "score")
    rule = next(v for v in themes.data_validations.dataValidation if str(v.sqref).startswith(score_col))
    assert rule.formula1 == '"1,2,3,4,5"' and "1 til 5" in rule.error
    assert "Poeng 1–5" in rule.prompt and "5 = stemmer helt" in rule.prompt
    theme_group = col(layout.INDICATORS, "group")
    assert "Bostedsattraktivitet" in [themes[f"{theme_group}{r}"].value for r in range(2, 30)]
    # The framework where staff see it: on Program, with the scale, its labels, the step and the groups.
    program = {book[layout.PROGRAM_SHEET][f"A{r}"].value: book[layout.PROGRAM_SHEET][f"B{r}"].value
               for r in range(2, 40)}
    assert program["Laveste poeng"] == 1 and program["Høyeste poeng"] == 5
    assert program["Steg for total poengsum"] == 0.5
    assert "5 = stemmer helt" in program["Poengskalaen"]
    assert program["Indikatorgrupper"] == "prosess = Prosessindikatorer\neffekt = Effektindikatorer"
    guide = " ".join(str(c.value) for c in book[layout.GUIDE_SHEET]["A"] if c.value)
    assert "fra 1 til 5" in guide and "PSV med 12 indikatorer" in guide


def test_the_12_indicator_example_round_trips(filled_12, tmp_path):
    out = tmp_path / "tilbake.json"
    result = run("export-json", str(filled_12), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8")) == json.loads(EXAMPLE_12.read_text("utf-8"))


def test_a_6_is_refused_on_a_1_to_5_scale_with_its_cell(filled_12, tmp_path):
    path = tmp_path / "seks.xlsx"
    path.write_bytes(filled_12.read_bytes())
    book = openpyxl.load_workbook(path)
    cell = f"{col(layout.INDICATORS, 'score')}3"
    book[layout.INDICATORS.name][cell] = 6
    book.save(path)
    result = run("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    [error] = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert (error["code"], error["sheet"], error["cell"]) == ("score-out-of-range", layout.INDICATORS.name, cell)
    assert "fra 1 til 5" in error["message"]


def test_compute_follows_the_framework(filled_12):
    result = run("compute", "--format", "json", str(filled_12))
    assert result.exit_code == 0, result.output
    scores_json = json.loads(result.stdout)["scores"]
    groups = {g["id"]: g for g in scores_json["groups"]}
    assert list(groups) == ["prosess", "effekt"]
    assert groups["prosess"]["name"] == "Prosessindikatorer"
    assert groups["prosess"]["indicators"][0] == "forankring" and len(groups["effekt"]["indicators"]) == 6
    assert groups["prosess"]["mean"] == pytest.approx((4 + 3.5 + 3.5 + 3 + 4.5 + 3) / 6)
    by_id = {i["id"]: i for i in scores_json["indicators"]}
    assert by_id["attraktivitet"]["mean"] == 3.0 and by_id["attraktivitet"]["themes"] == 3
    assert by_id["utviklingsevne"]["suggested_total"] == 2.5


def test_the_report_follows_the_framework(filled_12, tmp_path):
    out = tmp_path / "rapport.docx"
    result = run("build-report", str(filled_12), "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    texts = [(p.style.name, p.text) for p in doc.paragraphs]
    lines = [t for _, t in texts if "\u2610" in t or "\u2612" in t]
    assert len(lines) == 25                                           # one per theme
    assert all(line.count("\u2610") + line.count("\u2612") == 5 for line in lines)
    assert all(line.count("\u2612") == 1 for line in lines)
    assert "\u2612\u00a04" in lines[0] and "6" not in lines[0]
    headings = [t for style, t in texts if style in ("Heading 1", "PSV Kapittel")]   # level 1, with or without a page break
    indicators = [t for style, t in texts if style.startswith("PSV Indikator")]     # level 2, under their group
    assert headings.index("Prosessindikatorer") < headings.index("Effektindikatorer")
    assert indicators.index("Forankring og eierskap") < indicators.index("Nye arbeidsplasser")
    assert "Forankring og eierskap" not in headings
    assert "Bostedsattraktivitet" in [t for _, t in texts] and "Næringsattraktivitet" in [t for _, t in texts]
    overview = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indikator")
    first_column = [row.cells[0].text for row in overview.rows]
    assert first_column[1] == "Prosessindikatorer (snitt)" and "Effektindikatorer (snitt)" in first_column
    assert overview.rows[1].cells[1].text == "3,6"


def test_next_year_keeps_the_framework(filled_12, tmp_path):
    nxt = tmp_path / "PSV-2025.xlsx"
    assert run("new", "--from", str(filled_12), "-o", str(nxt)).exit_code == 0
    out = tmp_path / "neste.json"
    assert run("export-json", str(nxt), "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["framework"] == json.loads(EXAMPLE_12.read_text("utf-8"))["framework"]
    assert data["indicators"][0]["previous_total"] == 4.0 and data["indicators"][0]["group"] == "prosess"


def test_the_standard_set_is_a_framework_file_and_needs_no_framework_key():
    framework, indicators = standard()
    assert (framework.scale.min, framework.scale.max, framework.total_step) == (1, 6, 0.5)
    assert len(indicators) == 7 and sum(len(i.themes) for i in indicators) == 29
    example = json.loads((ROOT / "examples" / "fjellvik-2024.json").read_text("utf-8"))
    assert example["framework"] is None


# --- bad framework files: exit 2, the JSON path named, nothing written --------------------------

def _good() -> dict:
    return json.loads(FRAMEWORK_12.read_text("utf-8"))


def _broken(change) -> dict:
    data = copy.deepcopy(_good())
    change(data)
    return data


BAD = [
    ("ikke JSON", "{ dette er ikke json", "linje 1"),
    ("feil format", _broken(lambda d: d.update(format="psvxl/1")), "format"),
    ("dobbel ID", _broken(lambda d: d["indicators"][3].update(id="forankring")), "indicators[3].id"),
    ("min lik max", _broken(lambda d: d["scale"].update(min=5)), "scale"),
    ("tema uten påstand", _broken(lambda d: d["indicators"][3]["themes"][0].pop("statement")),
     "indicators[3].themes[0].statement"),
    ("ukjent gruppe", _broken(lambda d: d["indicators"][2].update(group="resultat")), "indicators[2].group"),
    ("ugyldig ID", _broken(lambda d: d["indicators"][0].update(id="Profil og mer")), "indicators[0].id"),
    ("steg som ikke går opp", _broken(lambda d: d.update(total_step=0.3)), "total_step"),
]


@pytest.mark.parametrize("name,content,where", BAD, ids=[b[0] for b in BAD])
def test_a_bad_framework_file_is_refused_with_its_path(name, content, where, tmp_path):
    source = tmp_path / "rammeverk.json"
    source.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), "utf-8")
    out = tmp_path / "ny.xlsx"
    result = run("new", "--framework", str(source), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert where in result.stderr and "Traceback" not in result.output
    assert not out.exists()


# --- the rules of any scale ----------------------------------------------------------------------

@st.composite
def scales(draw):
    low = draw(st.integers(-2, 3))
    high = draw(st.integers(low + 1, low + 10))
    step = draw(st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(1, 4)]))
    return Framework(scale=Scale(low, high, {}), total_step=float(step))


@given(scales(), st.fractions(min_value=-5, max_value=15, max_denominator=60))
def test_a_suggested_total_is_always_a_valid_total(framework, mean):
    suggested = round_to_step(framework, mean)
    assert valid_total(framework, suggested)
    if framework.scale.min <= mean <= framework.scale.max:
        assert abs(suggested - mean) <= Fraction(framework.total_step) / 2


@given(st.integers(1, 3), st.integers(2, 12), st.sampled_from([0.5, 1]))
def test_any_sound_framework_file_parses_to_its_scale(low, span, step):
    data = _good()
    data["scale"] = {"min": low, "max": low + span, "labels": {str(low): "lavest"}}
    data["total_step"] = step
    framework, indicators = parse_framework(data)
    assert list(scores(framework)) == list(range(low, low + span + 1))
    assert len(indicators) == 12 and data["format"] == FORMAT


def test_the_shipped_example_loads():
    framework, indicators = load_framework(FRAMEWORK_12)
    assert [g.id for g in framework.groups] == ["prosess", "effekt"]
    assert sum(1 for i in indicators if i.group == "prosess") == 6
