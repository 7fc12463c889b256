"""The command line through click's CliRunner: exit codes, stdout and stderr as a user sees them."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from psvxl.cli import cli
from psvxl.layout import INDICATORS

from conftest import EXAMPLE_JSON, EXAMPLE_XLSX, col


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], **kwargs)

    return invoke


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_writes_the_template(run, tmp_path):
    out = tmp_path / "PSV.xlsx"
    result = run("new", "-o", out, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Lagde" in result.stdout
    from psvxl.templates import WORKBOOK_TEMPLATE

    assert out.read_bytes() == WORKBOOK_TEMPLATE.read_bytes()


def test_new_refuses_to_overwrite(run, tmp_path):
    out = tmp_path / "PSV.xlsx"
    out.write_bytes(b"mine")
    result = run("new", "-o", out)
    assert result.exit_code == 2
    assert "finnes allerede" in result.stderr
    assert out.read_bytes() == b"mine"


def test_new_from_json_then_export_gives_the_same_json(run, tmp_path):
    out = tmp_path / "fra-json.xlsx"
    assert run("new", "-o", out, "--from-json", EXAMPLE_JSON, catch_exceptions=False).exit_code == 0
    result = run("export-json", out, catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(EXAMPLE_JSON.read_text("utf-8"))
    target = tmp_path / "ut.json"
    assert run("export-json", out, "-o", target).exit_code == 0
    assert json.loads(target.read_text("utf-8")) == json.loads(EXAMPLE_JSON.read_text("utf-8"))


def test_new_from_bad_json(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"program": {"year": "i år"}}', encoding="utf-8")
    result = run("new", "-o", tmp_path / "x.xlsx", "--from-json", bad)
    assert result.exit_code == 2
    assert "program.year" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
    bad.write_text("{nope", encoding="utf-8")
    result = run("new", "-o", tmp_path / "x.xlsx", "--from-json", bad)
    assert result.exit_code == 2 and "ikke gyldig JSON" in result.stderr


def test_validate_the_example(run):
    before = digest(EXAMPLE_XLSX)
    result = run("validate", EXAMPLE_XLSX)
    assert result.exit_code == 0
    assert "0 feil, 1 advarsel" in result.stdout
    assert "Vurderinger!C8" in result.stdout
    assert digest(EXAMPLE_XLSX) == before


def test_validate_json_names_the_exact_cell(run, make_workbook):
    cell = f"{col(INDICATORS, 'score')}4"
    path = make_workbook(edits={(INDICATORS.name, cell): 9})
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"errors", "warnings", "findings"}
    assert data["errors"] == 1
    [finding] = [f for f in data["findings"] if f["severity"] == "error"]
    assert finding == {"code": "score-out-of-range", "severity": "error", "sheet": INDICATORS.name, "cell": cell,
                       "message": finding["message"]}
    assert "fra 1 til 6" in finding["message"]
    english = json.loads(run("validate", path, "--format", "json", "--lang", "en").stdout)
    assert "from 1 to 6" in english["findings"][-1]["message"] or any(
        "from 1 to 6" in f["message"] for f in english["findings"])


def test_validate_text_lists_errors_with_cell(run, make_workbook):
    path = make_workbook(edits={(INDICATORS.name, f"{col(INDICATORS, 'score')}2"): "fire"})
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"FEIL      Indikatorer!{col(INDICATORS, 'score')}2" in result.stdout
    assert "«fire» er ikke et tall" in result.stdout


def test_unreadable_file_exits_2_without_traceback(run, tmp_path):
    bad = tmp_path / "tekst.xlsx"
    bad.write_text("dette er ikke en arbeidsbok", encoding="utf-8")
    for command in ("validate", "export-json", "compute"):
        result = run(command, bad)
        assert result.exit_code == 2, command
        assert result.stderr.startswith("Feil: tekst.xlsx er ikke en Excel-arbeidsbok")
        assert "Traceback" not in result.output


def test_missing_file_is_a_usage_error(run, tmp_path):
    result = run("validate", tmp_path / "finnes-ikke.xlsx")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr or "finnes ikke" in result.stderr


def test_export_refuses_when_values_cannot_be_read(run, make_workbook, tmp_path):
    path = make_workbook(edits={(INDICATORS.name, f"{col(INDICATORS, 'score')}2"): "fire"})
    target = tmp_path / "ut.json"
    result = run("export-json", path, "-o", target)
    assert result.exit_code == 1
    assert "ikke et tall" in result.stderr
    assert not target.exists()


def test_every_command_has_help_with_an_example(run):
    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Eksempel:" in result.stdout, name
