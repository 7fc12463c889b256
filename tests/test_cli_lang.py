"""--lang (issue 24): the CLI's own words, its help and the findings' frame in bokmål, nynorsk or English;
every run starts in bokmål; the workbook builder speaks the language asked. The words come from the
catalogue (issue 22), so these tests read what a user sees, not the catalogue."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from psvxl import i18n, layout
from psvxl.cli import cli
from psvxl.workbook import control_sheet
from psvxl.workbook.build import blank_assessment, build_workbook

from conftest import col
from nynorsk_forms import bokmaal_forms

COMMANDS = sorted(cli.commands)


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], **kwargs)

    return invoke


@pytest.fixture
def bad_workbook(make_workbook):
    """One error (a score off the scale) and the example's warning: the same file in every language."""
    return make_workbook(edits={(layout.INDICATORS.name, f"{col(layout.INDICATORS, 'score')}2"): 9})


@pytest.mark.parametrize("where", ["group", "command"])
def test_the_same_bad_workbook_in_each_language(run, bad_workbook, where):
    said = {}
    for lang in i18n.LANGUAGES:
        args = ["--lang", lang, "validate", bad_workbook] if where == "group" else ["validate", bad_workbook, "--lang", lang]
        result = run(*args)
        assert result.exit_code == 1, result.output
        said[lang] = result.stdout.splitlines()
    name = bad_workbook.name
    assert said["nb"][0] == f"Kontroll av {name}: 1 feil, 1 advarsel"
    assert said["nn"][0] == f"Kontroll av {name}: 1 feil, 1 åtvaring"
    assert said["en"][0] == f"Check of {name}: 1 errors, 1 warning"
    assert [line.split()[0] for line in said["nb"][1:]] == ["FEIL", "ADVARSEL"]
    assert [line.split()[0] for line in said["nn"][1:]] == ["FEIL", "ÅTVARING"]
    assert [line.split()[0] for line in said["en"][1:]] == ["ERROR", "WARNING"]
    assert "must be a whole number from 1 to 6" in said["en"][1]     # the finding itself, English already


def test_the_cli_own_refusal_in_each_language(run, tmp_path):
    out = tmp_path / "PSV.xlsx"
    out.write_bytes(b"mine")
    words = {"nb": "finnes allerede", "nn": "finst allereie", "en": "already exists"}
    for lang, expected in words.items():
        result = run("--lang", lang, "new", "-o", out)
        assert result.exit_code == 2
        assert expected in result.stderr, result.stderr
        assert result.stderr.startswith({"nb": "Feil: ", "nn": "Feil: ", "en": "Error: "}[lang])
    assert out.read_bytes() == b"mine"


def test_each_run_starts_in_bokmaal(run, tmp_path):
    out = tmp_path / "PSV.xlsx"
    out.write_bytes(b"mine")
    assert "finst allereie" in run("--lang", "nn", "new", "-o", out).stderr
    assert "finnes allerede" in run("new", "-o", out).stderr
    assert i18n.language() == "nb"


def test_a_bad_language_is_refused(run):
    result = run("--lang", "sv", "--help")
    assert result.exit_code == 2
    assert "sv" in result.stderr


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_is_in_words_in_every_language(run, command, lang):
    """No catalogue key shows through; nynorsk help holds no bokmål-only form (bar names of sheets, files
    and commands, which are not the catalogue's); examples stay one per line."""
    result = run("--lang", lang, *([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "cli." not in text and "cli.metavar" not in text
    assert "--lang [nb|nn|en]" in text
    if lang == "nn":
        words = text.replace("Resultater", "").replace("rammeverk-12-indikatorer", "")
        assert bokmaal_forms(words) == []
    if command in ("new", "import-report", "excel-setup"):
        example = {"nb": "Eksempel: psvxl", "nn": "Døme: psvxl", "en": "Example: psvxl"}[lang]
        lines = [line for line in text.splitlines() if example in line]
        assert len(lines) >= 2 and all(line.strip().startswith(example) for line in lines)


def test_help_defaults_to_bokmaal(run):
    text = run("new", "--help").stdout
    assert "Lag en ny arbeidsbok fra malen" in text and "NAVN" not in text
    assert "--participant NAVN" in run("build-factbase", "--help").stdout
    assert "--participant NAMN" in run("--lang", "nn", "build-factbase", "--help").stdout


def _sheet_text(data: bytes, sheet: str) -> list[str]:
    import io

    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    return [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_workbook_builder_speaks_the_workbooks_maalform():
    """A workbook is written in its målform whatever the messages' language: every text psvxl writes in a
    nynorsk workbook is nynorsk (the whole workbook is checked in test_nynorsk_workbook.py)."""
    with i18n.using("en"):                      # --lang en: English messages, the workbook stays nynorsk
        data = build_workbook(blank_assessment(language="nn"))
    guide = _sheet_text(data, layout.SHEET_NAMES_NN[layout.GUIDE_SHEET])
    assert guide[1].startswith("Denne arbeidsboka samlar alt")
    assert [line for line in guide if bokmaal_forms(line)] == []
    control = _sheet_text(data, layout.CONTROL_SHEET)
    assert control[2:] == ["Type", "Ark", "Celle", "Melding", "Kode", "Tidlegare farge"]
    with i18n.using("nn"):
        assert list(control_sheet.headers()) == control[2:]
    with i18n.using("nn"):                      # a bokmål workbook stays bokmål under nynorsk messages
        bokmaal = _sheet_text(build_workbook(), layout.CONTROL_SHEET)
    assert bokmaal[2:][-1] == "Tidligere farge"


def test_the_kontroll_sheet_is_laid_out_where_the_button_writes():
    """One definition (workbook/control_sheet.py): the committed template's header row is the row the
    Kontroller button writes below, with the same columns."""
    from psvxl.templates import WORKBOOK_TEMPLATE
    from psvxl.workbook import live

    ws = openpyxl.load_workbook(WORKBOOK_TEMPLATE)[layout.CONTROL_SHEET]
    header = [c.value for c in ws[live.CONTROL_HEADER_ROW]][:live.CONTROL_COLUMNS]
    assert header == list(control_sheet.headers())
    assert ws.cell(control_sheet.SUMMARY_ROW + 1, 1).value == control_sheet.instruction()
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(control_sheet.HIDDEN_COLUMN + 1)].hidden
