"""A nynorsk programme end to end (issue 24, done when): the Spir-shaped case with målform nynorsk gives a
workbook, findings, results, button messages, fact base and report whose fixed text is nynorsk — no
bokmål-only form (tests/nynorsk_forms.py) anywhere outside what the user typed — and the same figures as
the bokmål workbook of the same data.

Everything goes the way a user goes: `psvxl new --from-json` makes the workbook, the checks edit it as
someone in Excel would (openpyxl), and the commands and buttons run on it.
"""

from __future__ import annotations

import copy
import io
import re
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fake_xlwings import FakeBook
from psvxl import excel, layout
from psvxl.cli import cli
from psvxl.model import Assessment
from tests.conftest import col, program_cell
from tests.nynorsk_forms import bokmaal_forms, forms_outside
from tests.test_nynorsk_data import in_nynorsk
from tests.test_report_nynorsk import fixed_text_forms, language_of, spir, typed_strings

NN = "nn"


def spir_in_nynorsk() -> Assessment:
    """The Spir case as a nynorsk programme runs it: målform nynorsk and the standard set in nynorsk (its
    indicators' and themes' texts); every score, project, job and krone as in the bokmål case."""
    return in_nynorsk(spir(NN))


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, [*args])


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> dict[str, Any]:
    """The nynorsk Spir workbook (and its bokmål twin of the same data), made with `psvxl new --from-json`."""
    folder = tmp_path_factory.mktemp("spir-nn")
    out: dict[str, Any] = {"folder": folder, "assessment": spir_in_nynorsk()}
    for name, a in (("nn", out["assessment"]), ("nb-data", spir("nb")), ("nn-data", spir(NN))):
        source = folder / f"{name}.json"
        source.write_text(json.dumps(a.to_json(), ensure_ascii=False), "utf-8")
        out[name] = folder / f"Spir-{name}.xlsx"
        made = run("new", "--from-json", str(source), "-o", str(out[name]))
        assert made.exit_code == 0, made.output
    return out


def fresh(case: dict[str, Any], name: str) -> Path:
    """A copy of the nynorsk workbook to change."""
    path = case["folder"] / name
    shutil.copyfile(case["nn"], path)
    return path


def typed_lines(a: Assessment) -> list[str]:
    """The user's texts as lines, longest first, to take out of what the workbook shows."""
    lines = {line.strip() for s in typed_strings(a) for line in s.splitlines()}
    return sorted((line for line in lines if len(line) >= 2), key=len, reverse=True)


def workbook_texts(path: Path) -> list[str]:
    """What a user of the workbook reads: sheet names, table names and defined names (Excel's name box),
    every text cell, the tables' headers, every input message and error message of the cells' rules, the
    print footers and the document properties."""
    book = openpyxl.load_workbook(path)
    texts = list(book.sheetnames) + list(book.defined_names)
    texts += [name for ws in book.worksheets for name in ws.tables]
    for ws in book.worksheets:
        texts += [c.value for row in ws.iter_rows() for c in row
                  if isinstance(c.value, str) and not c.value.startswith("=")]
        for table in ws.tables.values():
            texts += [column.name for column in table.tableColumns]
        for rule in ws.data_validations.dataValidation:
            texts += [x for x in (rule.promptTitle, rule.prompt, rule.errorTitle, rule.error, rule.formula1) if x]
        texts += [part.text for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right) if part.text]
    texts += [x for x in (book.properties.title, book.properties.description) if x]
    return [t for t in texts if t.strip()]


# --- the workbook ----------------------------------------------------------------------------------------

def test_the_nynorsk_workbook_has_no_bokmaal_form_outside_what_the_user_typed(case):
    texts = workbook_texts(case["nn"])
    assert forms_outside(texts, typed_lines(case["assessment"])) == {}
    # The check finds what it looks for: the bokmål workbook of the same case is full of such forms.
    assert len(forms_outside(workbook_texts(case["nb-data"]), typed_lines(spir("nb")))) > 50


def test_the_nynorsk_workbook_is_named_and_headed_in_nynorsk(case):
    book = openpyxl.load_workbook(case["nn"])
    assert book.sheetnames == [layout.sheet_name(name, NN) for name in layout.SHEET_ORDER]
    for spec in layout.TABLE_SHEETS:
        ws = book[layout.sheet_name(spec.name, NN)]
        assert [c.value for c in ws[1]][:len(spec.columns)] == [c.header(NN) for c in spec.columns]
    program = book[layout.PROGRAM_SHEET]
    assert [program.cell(r, 1).value for r in range(2, 2 + len(layout.PROGRAM_FIELDS))] == \
        [f.text(NN) for f in layout.PROGRAM_FIELDS]
    assert program[program_cell("program.language")].value == "nynorsk"
    # The lists offer, and the cells hold, the nynorsk words: «avslutta», «i gang», «hovudprosjekt».
    portfolio = book[layout.sheet_name(layout.PORTFOLIO.name, NN)]
    statuses = {portfolio[f"{col(layout.PORTFOLIO, 'status')}{r}"].value for r in range(2, portfolio.max_row + 1)}
    assert "avslutta" in statuses and "avsluttet" not in statuses
    lists = [rule.formula1 for rule in portfolio.data_validations.dataValidation if rule.type == "list"]
    assert '"søkt,innvilga,i gang,avslutta,avslått,trekt"' in lists


def test_the_same_data_gives_the_same_figures_in_either_maalform(case):
    """`compute --format json` of the bokmål and the nynorsk workbook of the same data is identical."""
    nb = run("compute", "--format", "json", str(case["nb-data"]))
    nn = run("compute", "--format", "json", str(case["nn-data"]))
    assert nb.exit_code == nn.exit_code == 0, nb.output + nn.output
    assert json.loads(nb.stdout) == json.loads(nn.stdout)
    assert openpyxl.load_workbook(case["nn-data"]).sheetnames[4] == "Indikatorar"
    # and the export reads the nynorsk workbook back to the data it was made from
    exported = run("export-json", str(case["nn-data"]))
    assert json.loads(exported.stdout) == spir(NN).to_json()


# --- findings ----------------------------------------------------------------------------------------------

def _cell(spec: layout.TableSheet, key: str, row: int) -> tuple[str, str]:
    return layout.sheet_name(spec.name, NN), f"{col(spec, key)}{row}"


# What someone may do to a workbook in Excel, each wrong in its own way: the findings that follow name
# sheets, headers, labels and list values, which must all be nynorsk in a nynorsk workbook.
EDITS: dict[str, Any] = {
    "program-name-cleared": ((layout.PROGRAM_SHEET, program_cell("program.name")), None),
    "year-as-text": ((layout.PROGRAM_SHEET, program_cell("program.year")), "i fjor"),
    "score-too-high": (_cell(layout.INDICATORS, "score", 3), 9),
    "score-missing": (_cell(layout.INDICATORS, "score", 4), None),
    "total-off-step": (_cell(layout.ASSESSMENTS, "total", 2), 4.3),
    "status-unknown": (_cell(layout.PORTFOLIO, "status", 2), "ferdig"),
    "phase-unknown": (_cell(layout.PORTFOLIO, "phase", 3), "oppstart"),
    "granted-negative": (_cell(layout.PORTFOLIO, "granted", 2), -5),
    "paid-text": (_cell(layout.PORTFOLIO, "paid", 3), "mykje"),
    "focus-area-unknown": (_cell(layout.PORTFOLIO, "focus_area", 4), "Romfart"),
    "project-id-cleared": (_cell(layout.PORTFOLIO, "id", 5), None),
    "job-year-outside": (_cell(layout.JOBS, "year", 2), 1999),
    "job-project-unknown": (_cell(layout.JOBS, "project_id", 3), "X-99"),
    "job-verified-odd": (_cell(layout.JOBS, "verified", 2), "kanskje"),
    "budget-frame-cleared": (_cell(layout.BUDGET, "frame", 2), None),
    "action-status-unknown": (_cell(layout.PREVIOUS_ACTIONS, "status", 2), "snart"),
    "history-total-odd": (_cell(layout.HISTORY, "total", 2), 7.7),
    "header-renamed": (_cell(layout.JOBS, "source", 1), "Kjeldetekst"),
    "header-cleared": (_cell(layout.PORTFOLIO, "granted", 1), None),
    "participant-cleared": (_cell(layout.PARTICIPANTS, "name", 2), None),
}
# Edits of a whole sheet: the structural findings (a sheet missing, misspelt, copied).
SHEET_EDITS = ("delete", "misspell", "copy")


def apply(path: Path, edits: list[str], sheet_edit: tuple[str, str] | None) -> None:
    book = openpyxl.load_workbook(path)
    for name in edits:
        (sheet, cell), value = EDITS[name]
        book[sheet][cell] = value
    if sheet_edit:
        how, name = sheet_edit
        sheet = layout.sheet_name(name, NN)
        if how == "delete":
            del book[sheet]
        elif how == "misspell":
            book[sheet].title = sheet[:-1] + "x"
        else:
            book.copy_worksheet(book[sheet]).title = f"{sheet} (2)"
    book.save(path)


def messages(path: Path, lang: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    result = run("validate", "--format", "json", *(("--lang", lang) if lang else ()), str(path))
    return result.exit_code, json.loads(result.stdout)["findings"]


@settings(max_examples=8, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=6, unique=True),
       sheet_edit=st.none() | st.tuples(st.sampled_from(SHEET_EDITS),
                                        st.sampled_from([s.name for s in layout.TABLE_SHEETS])))
def test_every_finding_on_a_nynorsk_workbook_is_nynorsk(case, edits, sheet_edit):
    path = fresh(case, "endra.xlsx")
    apply(path, edits, sheet_edit)
    code, findings = messages(path)
    assert code == 1 and findings
    typed = typed_lines(case["assessment"]) + [str(value) for _, value in EDITS.values() if value is not None]
    said = [f["message"] for f in findings]
    assert forms_outside(said, typed) == {}
    # a finding names the sheet as the workbook does
    names = set(openpyxl.load_workbook(path).sheetnames) | {layout.sheet_name(n, NN) for n in layout.SHEET_ORDER}
    assert {f["sheet"] for f in findings if f["sheet"]} <= names


def test_the_clean_case_warns_in_nynorsk_and_the_cli_speaks_it(case):
    result = run("validate", str(case["nn"]))
    first = result.output.splitlines()[0]
    assert first.startswith("Kontroll av Spir-nn.xlsx:") and "åtvaring" in first
    assert forms_outside(result.output.splitlines(), typed_lines(case["assessment"])) == {}


# --- results, buttons ---------------------------------------------------------------------------------------

def test_recompute_writes_nynorsk_results_on_the_nynorsk_sheet(case):
    path = fresh(case, "berekna.xlsx")
    own = openpyxl.load_workbook(path)
    own[layout.sheet_name(layout.RESULTS_SHEET, NN)]["K3"] = "Mitt eige notat"     # the user's, beside the area
    own.save(path)
    result = run("recompute", str(path))
    assert result.exit_code == 0, result.output
    assert "Oppdaterte resultata" in result.output
    assert forms_outside(result.output.splitlines(), typed_lines(case["assessment"])) == {}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == openpyxl.load_workbook(case["nn"]).sheetnames     # no «Resultater» added
    sheet = book[layout.sheet_name(layout.RESULTS_SHEET, NN)]
    assert sheet["K3"].value == "Mitt eige notat"
    texts = [c.value for row in sheet.iter_rows(max_col=layout.RESULT_LAST_COLUMN + 1) for c in row
             if isinstance(c.value, str)]
    assert len(texts) > 30 and forms_outside(texts, typed_lines(case["assessment"])) == {}
    computed = run("compute", str(path))
    assert forms_outside(computed.output.splitlines(), typed_lines(case["assessment"])) == {}


def test_the_buttons_speak_the_workbooks_maalform(case):
    path = fresh(case, "knappar.xlsx")
    book = openpyxl.load_workbook(path)
    book[layout.sheet_name(layout.INDICATORS.name, NN)][f"{col(layout.INDICATORS, 'score')}3"] = 9
    book.save(path)
    live = FakeBook(path)
    said = [excel.check(live), excel.recompute(live)]
    listed = [str(c.value) for row in live.wb[layout.CONTROL_SHEET].iter_rows(min_row=4) for c in row if c.value]
    assert "Indikatorar" in listed and any("frå 1 til 6" in text for text in listed)
    assert forms_outside(said + listed, typed_lines(case["assessment"]) + ["9"]) == {}
    live.sheets[layout.sheet_name(layout.INDICATORS.name, NN)].range(f"{col(layout.INDICATORS, 'score')}3").value = 4
    done = excel.recompute(live)
    assert "arket Resultat " in done and not bokmaal_forms(done)


# --- fact base and report ---------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build-factbase", "build-report"])
def test_the_fact_base_and_report_of_the_nynorsk_workbook_are_nynorsk(case, command):
    output = case["folder"] / f"{command}.docx"
    result = run(command, str(case["nn"]), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert not bokmaal_forms(result.output)
    data = output.read_bytes()
    assert fixed_text_forms(data, case["assessment"]) == {}
    assert language_of(data) == ("nn-NO", "nn-NO")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"Indikatorar" not in z.read("word/document.xml") or command == "build-factbase"


# --- a nynorsk report brought in gives a nynorsk workbook ----------------------------------------------------

def _long_sentences(lang: str) -> list[str]:
    """Real sentences in one målform: the catalogue's longer report and workbook texts, fields left out."""
    from tests.test_i18n import messages

    texts = [text for key, text in messages(lang).items() if key.startswith(("report.", "workbook.", "factbase."))]
    return sorted({re.sub(r"\{[^}]*\}", "", text) for text in texts if len(text) > 80})


def _typed_report(path: Path, paragraphs: list[str], lang_tag: str | None) -> Path:
    """A report as someone types it in Word: headings and paragraphs, the proofing language as Word set it."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Programstatusvurdering 2024", 0)
    for text in paragraphs:
        document.add_paragraph(text)
    for element in document.styles.element.iter(qn("w:lang")):
        if lang_tag:
            element.set(qn("w:val"), lang_tag)
        else:
            element.getparent().remove(element)
    document.save(str(path))
    return path


@settings(max_examples=12, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), lang=st.sampled_from(["nb", NN]), word_set_to=st.sampled_from([None, "nb-NO", "en-US"]))
def test_a_typed_report_is_read_in_its_maalform(tmp_path, data, lang, word_set_to):
    """Whatever Word's language is set to (bokmål, English, nothing), a report typed in nynorsk is read as
    nynorsk and one in bokmål as bokmål, from its own words."""
    from psvxl.report_import import read_report

    paragraphs = data.draw(st.lists(st.sampled_from(_long_sentences(lang)), min_size=6, max_size=12, unique=True))
    path = _typed_report(tmp_path / f"typed-{lang}.docx", paragraphs, word_set_to)
    assert read_report(path).assessment.program.language == lang


def test_word_set_to_nynorsk_is_nynorsk(tmp_path):
    from psvxl.report_import import read_report

    path = _typed_report(tmp_path / "nn.docx", ["Omstillingsprogrammet for Fjellvik."], "nn-NO")
    assert read_report(path).assessment.program.language == NN


def test_import_report_of_a_nynorsk_report_makes_a_nynorsk_workbook(case, tmp_path):
    report = case["folder"] / "build-report.docx"
    if not report.exists():
        assert run("build-report", str(case["nn"]), "-o", str(report)).exit_code == 0
    target = tmp_path / "fra-rapport.xlsx"
    result = run("import-report", str(report), "-o", str(target))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [layout.sheet_name(name, NN) for name in layout.SHEET_ORDER]
    assert book[layout.PROGRAM_SHEET][program_cell("program.language")].value == "nynorsk"


# --- either spelling, anywhere: the class of mixed workbooks, from the nynorsk side ----------------------------

NAMED_SHEETS = [name for name in layout.SHEET_ORDER if layout.sheet_name(name, NN) != name]
NAMED_HEADERS = [(spec, c) for spec in layout.TABLE_SHEETS for c in spec.columns if c.nn]
NAMED_FIELDS = [(i, f) for i, f in enumerate(layout.PROGRAM_FIELDS, start=2) if f.nn]


@settings(max_examples=6, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sheets=st.sets(st.sampled_from(NAMED_SHEETS)), headers=st.sets(st.sampled_from(range(len(NAMED_HEADERS)))),
       fields=st.sets(st.sampled_from(range(len(NAMED_FIELDS)))), values=st.booleans())
def test_a_nynorsk_workbook_with_bokmaal_pasted_in_gives_the_same_figures(case, sheets, headers, fields, values):
    """Someone copies a bokmål sheet, header, label or list value into the nynorsk workbook: the figures stay."""
    path = case["folder"] / "blanda-nn.xlsx"
    shutil.copyfile(case["nn-data"], path)
    book = openpyxl.load_workbook(path)
    for index in headers:
        spec, column = NAMED_HEADERS[index]
        book[layout.sheet_name(spec.name, NN)][f"{col(spec, column.key)}1"] = column.label
    for index in fields:
        row, field = NAMED_FIELDS[index]
        book[layout.PROGRAM_SHEET][f"A{row}"] = field.label
    if values:                       # the list values back to bokmål: «avslutta» is typed «Avsluttet»
        for spec in layout.TABLE_SHEETS:
            for column in spec.columns:
                if column.choices in layout.VOCABULARY_NN:
                    ws = book[layout.sheet_name(spec.name, NN)]
                    for row in range(2, ws.max_row + 1):
                        cell = ws[f"{col(spec, column.key)}{row}"]
                        nb = layout.VOCABULARY_NN[column.choices].get(str(cell.value or "").casefold())
                        if nb:
                            cell.value = nb.capitalize()
    for name in sheets:
        book[layout.sheet_name(name, NN)].title = name
    book.save(path)
    nb = run("compute", "--format", "json", str(case["nb-data"]))
    mixed = run("compute", "--format", "json", str(path))
    assert mixed.exit_code == 0, mixed.output
    assert json.loads(mixed.stdout) == json.loads(nb.stdout)


def test_the_readme_says_how_to_choose_maalform_in_both():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    bokmaal = readme.split("## Bokmål eller nynorsk\n", 1)[1].split("\n## ", 1)[0]
    nynorsk = readme.split("## Bokmål eller nynorsk (på nynorsk)\n", 1)[1].split("\n## ", 1)[0]
    for text in (bokmaal, nynorsk):
        assert "psvxl new --lang nn" in text and "Målform" in text
    quoted = re.sub(r"«[^»]*»", " ", nynorsk)          # the bokmål words it quotes as what is read
    assert bokmaal_forms(quoted) == [] and len(bokmaal_forms(bokmaal)) > 5


def test_next_years_workbook_of_a_nynorsk_one_is_nynorsk(case, tmp_path):
    target = tmp_path / "PSV-2025.xlsx"
    result = run("new", "--from", str(case["nn"]), "-o", str(target))
    assert result.exit_code == 0 and result.output.startswith("Laga ") and "frå" in result.output, result.output
    assert openpyxl.load_workbook(target).sheetnames == [layout.sheet_name(name, NN) for name in layout.SHEET_ORDER]


# --- files others made: LibreOffice (Norwegian settings) and a report saved by LibreOffice ---------------------

DATA = Path(__file__).resolve().parent / "data"


def renamed_in_package(source: Path, target: Path) -> Path:
    """The LibreOffice-saved workbook with its sheets renamed to their nynorsk names inside the package
    (workbook.xml's sheet list and the print titles that name them): every other byte as LibreOffice wrote it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/workbook.xml":
                for nb, nn in layout.SHEET_NAMES_NN.items():
                    data = data.replace(f'name="{nb}"'.encode(), f'name="{nn}"'.encode())
                    data = data.replace(f">{nb}!".encode(), f">{nn}!".encode())
            new.writestr(info, data)
    return target


def test_a_libreoffice_workbook_renamed_to_nynorsk_reads_and_recomputes_the_same(tmp_path):
    source = DATA / "fjellvik-saved-by-libreoffice-nb.xlsx"
    path = renamed_in_package(source, tmp_path / "lo-nn.xlsx")
    assert "Vurderingar" in openpyxl.load_workbook(path, read_only=True).sheetnames
    before = run("compute", "--format", "json", str(source))
    after = run("compute", "--format", "json", str(path))
    assert after.exit_code == before.exit_code == 0, after.output
    assert json.loads(after.stdout) == json.loads(before.stdout)
    _, nb_findings = messages(source)
    _, nn_findings = messages(path)
    assert [(f["code"], layout.sheet_key(f["sheet"]), f["cell"]) for f in nn_findings] == \
        [(f["code"], layout.sheet_key(f["sheet"]), f["cell"]) for f in nb_findings]
    assert {f["sheet"] for f in nn_findings} <= set(openpyxl.load_workbook(path, read_only=True).sheetnames)
    sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert run("recompute", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == sheets                                   # written on «Resultat», nothing added
    assert str(book[layout.sheet_name(layout.RESULTS_SHEET, NN)]["A1"].value).startswith("Resultat ")


def test_a_report_saved_by_libreoffice_is_read_as_bokmaal():
    from psvxl.report_import import read_report

    assert read_report(DATA / "psv-rapport-2023-libreoffice.docx").assessment.program.language == "nb"


def test_pre_scores_go_on_a_nynorsk_sheet_and_nothing_else_changes(tmp_path):
    """collect-scores' writer adds «Førehandsvurdering» to a nynorsk workbook; every other cell stays."""
    from psvxl.workbook.build import build_workbook
    from psvxl.workbook.prescore_write import write_prescores

    from psvxl.model import PreScore

    a = spir_in_nynorsk()
    names = [p.name for p in a.program.participants[:3]]
    a.prescores = [PreScore(name, ind.id, index, 1 + (k + index) % 6) for k, name in enumerate(names)
                   for ind in a.indicators for index in range(len(ind.themes))]
    empty = copy.deepcopy(a)
    empty.prescores = []
    path, reference = tmp_path / "utan.xlsx", tmp_path / "med.xlsx"
    build_workbook(empty, path)
    build_workbook(a, reference)
    before = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in openpyxl.load_workbook(path)}
    assert write_prescores(path, a)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [*before, layout.PRESCORE_SHEET_NN]
    assert {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book if ws.title in before} == before
    figures = [json.loads(run("compute", "--format", "json", str(p)).stdout)["prescores"] for p in (path, reference)]
    assert figures[0] == figures[1] and figures[0]["participants"] > 0
