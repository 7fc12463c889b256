"""The data format survives a workbook: JSON -> `new --from-json` -> `export-json` gives the same JSON."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

from psvxl.model import Assessment
from psvxl.workbook.build import build_workbook
from psvxl.reading.read import read_workbook

from conftest import EXAMPLE_JSON, example
from strategies import assessments


def through_workbook(assessment: Assessment, tmp_path) -> dict:
    path = tmp_path / "rt.xlsx"
    build_workbook(assessment, path)
    result = read_workbook(path)
    assert [f for f in result.findings if f.severity == "error"] == []
    return result.assessment.to_json()


def test_the_example_round_trips(tmp_path):
    original = json.loads(EXAMPLE_JSON.read_text("utf-8"))
    assert through_workbook(example(), tmp_path) == original


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(assessments())
def test_any_assessment_round_trips(tmp_path, assessment):
    expected = Assessment.from_json(json.loads(json.dumps(assessment.to_json()))).to_json()
    assert through_workbook(assessment, tmp_path) == expected


def test_json_round_trip_of_the_model():
    data = json.loads(EXAMPLE_JSON.read_text("utf-8"))
    assert Assessment.from_json(data).to_json() == data


def test_optional_fields_may_be_left_out():
    a = Assessment.from_json({"format": "psvxl/1", "program": {"name": "X", "year": 2024},
                              "indicators": [{"id": "profil", "themes": [{"title": "T", "score": 4}]}]})
    assert a.program.name == "X" and a.indicators[0].themes[0].score == 4
    assert a.program.job_target is None and a.portfolio == []
    assert a.to_json()["program"]["job_target"] is None


def test_wrong_shapes_are_refused_with_the_place():
    import pytest

    from psvxl.model import FormatError

    for data, where in [({"program": {"year": "2024"}}, "program.year"),
                        ({"portfolio": [{"granted": 1.5}]}, "portfolio[0].granted"),
                        ({"program": {"assessment_date": "15.10.2024"}}, "program.assessment_date"),
                        ({"format": "psvxl/9"}, "psvxl/9"),
                        ({"programme": {}}, "programme")]:
        with pytest.raises(FormatError) as exc:
            Assessment.from_json(data)
        assert where in str(exc.value)
