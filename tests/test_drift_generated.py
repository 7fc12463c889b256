"""Drift as a class: random compositions of the edits staff and other tools make to a workbook.

Each example copies the bundled workbook, applies one to three edits drawn at random (renamed sheets,
units in headers with values scaled to match, notes about units, reordered and added columns, sum
and note rows, copies of sheets, re-cased ids, invisible characters, formulas no spreadsheet
computed, a re-save by openpyxl) and checks ONE property:

    `compute --format json` gives the figures of the untouched workbook (values in thousands under a
    «(1000 kr)» header are the same data in kroner), or exits 1 with a first finding that names the
    cause (its code, sheet and cell). Never exit 0 with other figures.

A fixed seed runs in CI (derandomize); PSVXL_SLOW=1 runs many more examples.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_XLSX, col, program_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psvxl import layout
from psvxl.cli import cli
from psvxl.layout import BUDGET, JOBS, PORTFOLIO

SLOW = bool(os.environ.get("PSVXL_SLOW"))


@dataclass(frozen=True)
class Cause:
    """What the first finding must say when an edit makes the workbook refused."""
    code: str
    sheet: str | None
    cell: str | None


@dataclass
class Edit:
    name: str
    apply: object            # (openpyxl Workbook) -> None
    cause: Cause | None = None
    after_save: object = None   # (path) -> None: byte-level edits after openpyxl saved
    touches: tuple[str, ...] = ()   # "Sheet:column" (or "Sheet:*") whose meaning it changes
    late: int = 0                    # order: 1 after the others (an inserted column moves their cells),
    #                                  2 last (a rename: the others find sheets by name; Strict: a re-save)


def _last_row(ws) -> int:
    row = ws.max_row
    while row > 1 and all(c.value is None for c in ws[row]):
        row -= 1
    return row


def _header(spec: layout.TableSheet, key: str) -> str:
    return f"{col(spec, key)}1"


def _rename(sheet: str, new: str) -> Edit:
    def apply(book):
        book[sheet].title = new
    return Edit(f"ark «{sheet}» heter «{new}»", apply, late=2)


def _unit(spec: layout.TableSheet, key: str, header: str, factor: int) -> Edit:
    """A header with a unit, and every value of the column in that unit (the same data)."""
    def apply(book):
        ws = book[spec.name]
        letter = col(spec, key)
        ws[f"{letter}1"] = header
        for row in range(2, _last_row(ws) + 1):
            value = ws[f"{letter}{row}"].value
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                scaled = value / factor
                ws[f"{letter}{row}"] = int(scaled) if float(scaled).is_integer() else scaled
    return Edit(f"{spec.name}: «{header}»", apply, touches=(f"{spec.name}:{key}", f"{spec.name}:unit"))


def _note_unit(spec: layout.TableSheet, note: str) -> Edit:
    """Every amount column of a sheet in thousands, said by a note beside the table."""
    def apply(book):
        for column in spec.read_columns:
            if column.kind == layout.AMOUNT:
                _unit(spec, column.key, column.label, 1000).apply(book)   # type: ignore[operator]
        book[spec.name]["Z1"] = note
    return Edit(f"{spec.name}: merknad «{note}»", apply, touches=(f"{spec.name}:*", f"{spec.name}:unit"))


def _unknown_unit(spec: layout.TableSheet, key: str, unit: str) -> Edit:
    def apply(book):
        book[spec.name][_header(spec, key)] = f"{spec.column(key).label} ({unit})"
    return Edit(f"{spec.name}: enhet «{unit}»", apply, Cause("unknown-unit", spec.name, _header(spec, key)),
                touches=(f"{spec.name}:{key}", f"{spec.name}:unit"))


def _sum_row(spec: layout.TableSheet, label: str, formula: bool) -> Edit:
    """A total row typed under the data: a «Sum» label and sums of the number columns."""
    def apply(book):
        ws = book[spec.name]
        last = _last_row(ws)
        row = last + 1
        ws[f"A{row}"] = label
        for column in spec.read_columns:
            if column.kind in (layout.COUNT, layout.AMOUNT):
                letter = col(spec, column.key)
                if formula:
                    ws[f"{letter}{row}"] = f"=SUM({letter}2:{letter}{last})"
                else:
                    ws[f"{letter}{row}"] = sum(c.value for c in ws[letter][1:last]
                                               if isinstance(c.value, (int, float)) and not isinstance(c.value, bool))
    return Edit(f"{spec.name}: sumrad «{label}»{' med SUM' if formula else ''}", apply, touches=(f"{spec.name}:sum",))


def _unlabelled_sum_row(spec: layout.TableSheet, first: dict[str, object]) -> Edit:
    """A total typed under the data with no label: the sums of the number columns, and `first`."""
    def apply(book):
        ws = book[spec.name]
        last = _last_row(ws)
        for key, value in first.items():
            ws[f"{col(spec, key)}{last + 1}"] = value
        for column in spec.read_columns:
            if column.kind in (layout.COUNT, layout.AMOUNT):
                letter = col(spec, column.key)
                ws[f"{letter}{last + 1}"] = sum(c.value for c in ws[letter][1:last] if isinstance(c.value, (int, float))
                                                and not isinstance(c.value, bool))
    return Edit(f"{spec.name}: sumrad uten etikett", apply, touches=(f"{spec.name}:bottom", f"{spec.name}:*"))


def _note_row(spec: layout.TableSheet, text: str) -> Edit:
    def apply(book):
        ws = book[spec.name]
        ws[f"A{_last_row(ws) + 2}"] = text
    return Edit(f"{spec.name}: merknad under tabellen", apply, touches=(f"{spec.name}:note",))


def _copy(spec_name: str, title: str) -> Edit:
    def apply(book):
        copy = book.copy_worksheet(book[spec_name])
        copy.title = title
    return Edit(f"kopi «{title}»", apply, Cause("duplicate-sheet", spec_name, None))


def _recase_job_ids(style: str) -> Edit:
    """Project ids on Arbeidsplasser typed in other case, or with invisible or no-break spaces."""
    def apply(book):
        ws = book[JOBS.name]
        letter = col(JOBS, "project_id")
        for row in range(2, _last_row(ws) + 1):
            value = ws[f"{letter}{row}"].value
            if isinstance(value, str):
                ws[f"{letter}{row}"] = {"lower": value.lower(), "zw": value[:2] + "\u200b" + value[2:],
                                        "nbsp": "\u00a0" + value + " ", "nfd": value}[style]
    return Edit(f"prosjekt-ID på arbeidsplasser: {style}", apply)


def _invisible_focus_areas(book) -> None:
    ws = book[PORTFOLIO.name]
    letter = col(PORTFOLIO, "focus_area")
    for row in range(2, _last_row(ws) + 1):
        value = ws[f"{letter}{row}"].value
        if isinstance(value, str):
            ws[f"{letter}{row}"] = "\ufeff" + value.upper().replace(" ", "\u00a0 ")


def _duplicate_id(book) -> None:
    ws = book[PORTFOLIO.name]
    letter = col(PORTFOLIO, "id")
    ws[f"{letter}4"] = " " + str(ws[f"{letter}3"].value).lower() + "\u200b"


def _swap_columns(spec: layout.TableSheet, a: str, b: str) -> Edit:
    def apply(book):
        ws = book[spec.name]
        la, lb = col(spec, a), col(spec, b)
        for row in range(1, _last_row(ws) + 1):
            ws[f"{la}{row}"].value, ws[f"{lb}{row}"].value = ws[f"{lb}{row}"].value, ws[f"{la}{row}"].value
    return Edit(f"{spec.name}: {a} og {b} bytter plass", apply, touches=(f"{spec.name}:{a}", f"{spec.name}:{b}"))


def _extra_column(spec: layout.TableSheet) -> Edit:
    def apply(book):
        ws = book[spec.name]
        letter = layout.column_letter(len(spec.columns) + 1)
        ws[f"{letter}1"] = "Notat (1000 kr)"
        for row in range(2, _last_row(ws) + 1):
            if ws[f"B{row}"].value is not None:          # the data rows, not a note under them
                ws[f"{letter}{row}"] = row * 7
    return Edit(f"{spec.name}: ekstra kolonne", apply)


def _library_formula(sheet: str, ref: str, formula: str) -> Edit:
    """A formula with a placeholder value, as a library writes it (no spreadsheet computed it)."""
    def after_save(path: Path) -> None:
        from psvxl.reading.package import sheet_parts

        with zipfile.ZipFile(path) as z:
            part = next(part for name, part in sheet_parts(z).items()      # renamed or not
                        if layout.normalize_label(name) == layout.normalize_label(sheet))
            parts = {i.filename: z.read(i) for i in z.infolist()}
        data = parts[part].decode("utf-8")
        data, n = re.subn(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', rf'<c r="{ref}"\1><f>{formula}</f><v>0</v></c>',
                          data, count=1, flags=re.DOTALL)
        assert n == 1
        parts[part] = re.sub(rf'<c r="{ref}"[^>]*>', f'<c r="{ref}">', data).encode("utf-8")
        workbook = parts["xl/workbook.xml"].decode("utf-8")
        if "fullCalcOnLoad" not in workbook:
            workbook = re.sub(r"<calcPr([^>]*?)/>", r'<calcPr\1 fullCalcOnLoad="1"/>', workbook)
        parts["xl/workbook.xml"] = workbook.encode("utf-8")
        parts.pop("xl/calcChain.xml", None)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in parts.items():
                z.writestr(name, content)
    return Edit(f"formel med plassholderverdi i {sheet}!{ref}", lambda book: None,
                Cause("formula-not-computed", sheet, ref), after_save, touches=(f"{sheet}:cell {ref}",))


def _insert_column(spec: layout.TableSheet, before: str) -> Edit:
    """A column inserted inside the table (Excel's «Sett inn kolonne»), with a header and notes."""
    def apply(book):
        ws = book[spec.name]
        at = spec.columns.index(spec.column(before)) + 1
        ws.insert_cols(at)
        ws.cell(1, at, "Kommentar fra økonomi")
        ws.cell(2, at, "sjekket")
    return Edit(f"{spec.name}: kolonne satt inn foran {before}", apply, touches=(f"{spec.name}:*",), late=1)


def _strict(path: Path) -> None:
    copy = path.with_name("strict-" + path.name)
    _to_strict(path, copy)
    copy.replace(path)


def _merge_header(spec: layout.TableSheet, first: str, last: str) -> Edit:
    """Two headers merged into one cell (Excel keeps the first text): the second column is hidden."""
    def apply(book):
        ws = book[spec.name]
        ws[f"{col(spec, first)}1"] = f"{spec.column(first).label} og {spec.column(last).label.lower()}"
        ws.merge_cells(f"{col(spec, first)}1:{col(spec, last)}1")
    return Edit(f"{spec.name}: sammenslått overskrift", apply, Cause("merged-header", spec.name, f"{col(spec, first)}1"),
                touches=(f"{spec.name}:{first}", f"{spec.name}:{last}"))


def _line_broken_header(spec: layout.TableSheet, key: str, text: str) -> Edit:
    def apply(book):
        book[spec.name][_header(spec, key)] = text
    return Edit(f"{spec.name}: overskrift med linjeskift", apply, touches=(f"{spec.name}:{key}",))


EDITS: list[Edit] = [
    _rename(PORTFOLIO.name, "PORTEFØLJE "),
    _rename(JOBS.name, "ARBEIDS\u00adPLASSER "),     # a soft hyphen: invisible
    _rename(BUDGET.name, "Budsjett\u00a0"),
    _unit(PORTFOLIO, "granted", "Tilsagn (1000 kr)", 1000),
    _unit(PORTFOLIO, "paid", "Utbetalt i hele tusen", 1000),
    _unit(PORTFOLIO, "total_cost", "Totalkostnad, tusen kroner", 1000),
    _unit(PORTFOLIO, "granted", "Tilsagn (MNOK)", 1_000_000),
    _unit(PORTFOLIO, "paid", "Utbetalt (kr)", 1),
    _unit(BUDGET, "frame", "Ramme (1000 kr)", 1000),
    _unit(BUDGET, "frame", "Ramme\n(mill. kr)", 1_000_000),
    _note_unit(BUDGET, "Alle beløp i hele tusen kroner"),
    _note_unit(PORTFOLIO, "Beløp i 1000 kr"),
    _unknown_unit(PORTFOLIO, "granted", "EUR"),
    _unknown_unit(BUDGET, "frame", "se note"),
    _sum_row(JOBS, "Sum", formula=False),
    _sum_row(JOBS, "Totalt", formula=True),
    _sum_row(PORTFOLIO, "Sum 2024", formula=True),
    _sum_row(BUDGET, "Sum", formula=False),
    _unlabelled_sum_row(JOBS, {"year": 2024}),
    _unlabelled_sum_row(PORTFOLIO, {}),
    _note_row(PORTFOLIO, "Merk: tallene er hentet fra regnskapet per 30.09."),
    _note_row(JOBS, "* Tall fra ringerunden i september"),
    _copy(PORTFOLIO.name, "Portefølje (2)"),
    _copy(JOBS.name, "Kopi av Arbeidsplasser"),
    _copy(BUDGET.name, "Budsjett 2023"),
    _recase_job_ids("lower"),
    _recase_job_ids("zw"),
    _recase_job_ids("nbsp"),
    Edit("innsatsområder med BOM, store bokstaver og hardt mellomrom", _invisible_focus_areas),
    Edit("samme prosjekt-ID to ganger, i annen skrift", _duplicate_id,
         Cause("duplicate-project-id", PORTFOLIO.name, f"{col(PORTFOLIO, 'id')}4")),
    _swap_columns(PORTFOLIO, "granted", "paid"),
    _swap_columns(JOBS, "new", "company"),
    _extra_column(PORTFOLIO),
    _insert_column(PORTFOLIO, "granted"),
    _insert_column(JOBS, "new"),
    Edit("lagret som Strict Open XML", lambda book: None, after_save=_strict, late=2),
    _merge_header(JOBS, "new", "secured"),
    _line_broken_header(PORTFOLIO, "expected_new_jobs", "Forventede nye\narbeids-\nplasser"),
    _line_broken_header(PORTFOLIO, "total_cost", "Total-\nkostnad"),
    _extra_column(BUDGET),
    _library_formula(PORTFOLIO.name, f"{col(PORTFOLIO, 'granted')}3", "1000*107"),
    _library_formula(layout.PROGRAM_SHEET, program_cell("program.job_target"), "100*3"),
]


def _compatible(edits: list[Edit]) -> bool:
    """Edits that change the meaning of the same column (two units, a unit and a swap), or an
    unlabelled total with anything else under the same table, would not compose into one known
    meaning: such draws are left out. Everything else composes."""
    bottoms = [t.split(":")[0] for e in edits for t in e.touches if t.split(":")[1] in ("bottom", "note", "sum")]
    unlabelled = [t.split(":")[0] for e in edits for t in e.touches if t.endswith(":bottom")]
    if any(bottoms.count(sheet) > 1 for sheet in unlabelled):
        return False      # an unlabelled total under a note or a labelled total: not one known meaning
    seen: set[str] = set()
    for edit in edits:
        touched = set(edit.touches)
        wild = {t.split(":")[0] for t in touched if t.endswith(":*")}
        if touched & seen or any(t.split(":")[0] in wild for t in seen) \
                or any(s.endswith(":*") and t.split(":")[0] == s.split(":")[0] for s in seen for t in touched):
            return False
        seen |= touched
    return len({e.name for e in edits}) == len(edits)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    result = CliRunner().invoke(cli, ["compute", "--format", "json", str(EXAMPLE_XLSX)], catch_exceptions=False)
    assert result.exit_code == 0
    return json.loads(result.stdout)


def _make(edits: list[Edit], path: Path) -> None:
    shutil.copyfile(EXAMPLE_XLSX, path)
    book = openpyxl.load_workbook(path)
    for edit in sorted(edits, key=lambda e: e.late):
        edit.apply(book)      # type: ignore[operator]
    book.save(path)           # every draw is also a re-save by another writer (openpyxl)
    for edit in sorted(edits, key=lambda e: e.late):
        if edit.after_save is not None:
            edit.after_save(path)  # type: ignore[operator]


def check(edits: list[Edit], folder: Path, reference: dict) -> dict:
    """The property for one composition; returns what compute said, for the cross-command check."""
    path = folder / "drift.xlsx"
    _make(edits, path)
    result = CliRunner().invoke(cli, ["compute", "--format", "json", str(path)])
    assert "Traceback" not in result.output, result.output
    causes = [e.cause for e in edits if e.cause is not None]
    names = [e.name for e in edits]
    if result.exit_code == 0:
        assert not causes, (names, "exit 0, but the workbook should be refused")
        assert json.loads(result.stdout) == reference, (names, "exit 0 with other figures")
        return {"path": path, "refused": None}
    assert result.exit_code == 1, (names, result.output)
    validate = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    first = json.loads(validate.stdout)["findings"][0]
    assert first["severity"] == "error", (names, first)
    assert causes, (names, "refused without a cause", first)
    assert Cause(first["code"], first["sheet"], first["cell"]) in causes, (names, first)
    assert "None" not in first["message"], first
    return {"path": path, "refused": first}


composition = st.lists(st.sampled_from(EDITS), min_size=1, max_size=3).filter(_compatible)


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(max_examples=400 if SLOW else 30, derandomize=not SLOW, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(edits=composition)
def test_figures_equal_the_reference_or_the_first_finding_names_the_cause(edits, reference, tmp_path_factory):
    check(edits, tmp_path_factory.mktemp("g"), reference)


@pytest.mark.parametrize("edit", EDITS, ids=[e.name for e in EDITS])
def test_every_edit_alone_holds_the_property(edit, reference, tmp_path):
    check([edit], tmp_path, reference)


# --- the four commands agree: compute, Resultater after recompute, the report, validate ----------

def _results_sheet(path: Path) -> list[tuple]:
    """The result area's values as a spreadsheet reader sees them (calamine: Strict files too)."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    name = next(n for n in book.sheet_names if layout.normalize_label(n) == layout.normalize_label(layout.RESULTS_SHEET))
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return [tuple(row[:layout.RESULT_LAST_COLUMN + 1]) for row in rows]


def _report_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def reference_outputs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("ref")
    path = folder / "drift.xlsx"
    _make([], path)
    runner = CliRunner()
    assert runner.invoke(cli, ["recompute", str(path)]).exit_code == 0
    report = folder / "rapport.docx"
    assert runner.invoke(cli, ["build-report", str(path), "-o", str(report)]).exit_code == 0
    return {"results": _results_sheet(path), "report": _report_text(report)}


SAMPLE = [e for e in EDITS if e.name.startswith(("Portefølje: «Tilsagn (1000 kr)", "Budsjett: «Ramme (1000", "Budsjett: merknad",
                                                  "Portefølje: enhet «EUR", "Arbeidsplasser: sumrad «Totalt",
                                                  "kopi «Portefølje (2)", "prosjekt-ID på arbeidsplasser: lower",
                                                  "samme prosjekt-ID", "formel med plassholderverdi i Portefølje",
                                                  "Arbeidsplasser: sammenslått"))]


@pytest.mark.parametrize("edit", SAMPLE, ids=[e.name for e in SAMPLE])
def test_compute_recompute_and_the_report_agree(edit, reference, reference_outputs, tmp_path):
    _agree([edit], tmp_path, reference, reference_outputs)


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(max_examples=60 if SLOW else 4, derandomize=not SLOW, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(edits=composition)
def test_the_four_commands_agree_on_compositions(edits, reference, reference_outputs, tmp_path_factory):
    _agree(edits, tmp_path_factory.mktemp("a"), reference, reference_outputs)


def _agree(edits: list[Edit], tmp_path: Path, reference: dict, reference_outputs: dict) -> None:
    outcome = check(edits, tmp_path, reference)
    path = outcome["path"]
    runner = CliRunner()
    report = tmp_path / "rapport.docx"
    built = runner.invoke(cli, ["build-report", str(path), "-o", str(report)])
    recompute = runner.invoke(cli, ["recompute", str(path)])
    if outcome["refused"] is not None:
        first = outcome["refused"]
        for result in (built, recompute):
            assert result.exit_code == 1 and first["message"] in result.output, result.output
        assert not report.exists()
        return
    assert built.exit_code == 0 and recompute.exit_code == 0, (built.output, recompute.output)
    assert _results_sheet(path) == reference_outputs["results"]
    assert _report_text(report) == reference_outputs["report"]


def test_strict_open_xml_is_read_like_the_ordinary_kind(reference, tmp_path):
    """Excel's «Strict Open XML» save: the same parts under the purl.oclc.org namespaces."""
    path = tmp_path / "strict.xlsx"
    _to_strict(EXAMPLE_XLSX, path)
    runner = CliRunner()
    result = runner.invoke(cli, ["compute", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == reference
    before = path.read_bytes()
    recompute = runner.invoke(cli, ["recompute", str(path)])
    if recompute.exit_code == 0:
        assert path.read_bytes() != before            # «updated» only when something was written
        assert _results_sheet_strict(path)
    else:
        assert path.read_bytes() == before and "Strict" in recompute.output, recompute.output


def _to_strict(source: Path, target: Path) -> None:
    pairs = [("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"),
             ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
              "http://purl.oclc.org/ooxml/officeDocument/relationships")]
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for old, new in pairs:
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            out.writestr(info, data)


def _results_sheet_strict(path: Path) -> bool:
    from psvxl.reading.package import sheet_parts

    with zipfile.ZipFile(path) as z:
        part = sheet_parts(z)[layout.RESULTS_SHEET]
        return b"<c " in z.read(part) or b"<x:c " in z.read(part)


def test_a_workbook_that_is_not_a_psv_workbook_gets_one_message(tmp_path):
    path = tmp_path / "regnskap.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Regnskap"
    book.active["A1"] = "Konto"
    book.create_sheet("Ark2")
    book.save(path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1 and [f["code"] for f in findings] == ["not-psv-workbook"]
    assert "psvxl new" in findings[0]["message"] and "import-report" in findings[0]["message"]
    text = CliRunner().invoke(cli, ["validate", str(path)]).output
    assert "None" not in text and " – " not in text


def test_a_column_inserted_on_program_names_the_cell(tmp_path):
    path = tmp_path / "program.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    book = openpyxl.load_workbook(path)
    book[layout.PROGRAM_SHEET].insert_cols(1)
    book.save(path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    first = json.loads(result.stdout)["findings"][0]
    assert result.exit_code == 1 and first["code"] == "program-column-shifted"
    assert first["sheet"] == layout.PROGRAM_SHEET and first["cell"].startswith("B")


def test_an_excel_table_total_row_is_left_out(reference, tmp_path):
    """Excel's «Total row» of a table (totalsRowCount) holds sums, never data."""
    path = tmp_path / "total.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    book = openpyxl.load_workbook(path)
    ws = book[JOBS.name]
    table = ws.tables[JOBS.table]
    last = _last_row(ws)
    ws[f"A{last + 1}"] = "Totalt"
    for key in ("new", "secured"):
        ws[f"{col(JOBS, key)}{last + 1}"] = f"=SUBTOTAL(109,{JOBS.table}[{JOBS.column(key).label}])"
    start, _ = table.ref.split(":")
    table.ref = f"{start}:{layout.column_letter(len(JOBS.columns) - 1)}{last + 1}"
    table.totalsRowCount = 1
    book.save(path)
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as z:
        assert any(b'totalsRowCount="1"' in z.read(n) for n in z.namelist() if n.startswith("xl/tables/"))
    result = CliRunner().invoke(cli, ["compute", "--format", "json", str(path)])
    assert result.exit_code == 0 and json.loads(result.stdout) == reference


# --- plausibility: figures no programme has stop the report, with the cell named -----------------

def _scaled_without_unit(spec: layout.TableSheet, key: str) -> Edit:
    """Values typed in thousands, the header still saying nothing: the unit error slipped through."""
    edit = _unit(spec, key, spec.column(key).label, 1000)
    return Edit(f"{spec.name}: {key} i tusen uten enhet", edit.apply)


def _first_supported_granted_row() -> int:
    from conftest import example

    from psvxl.metrics import is_supported

    return next(i for i, p in enumerate(example().portfolio) if is_supported(p) and p.granted) + 2


def _budget_row(year: int) -> int:
    from conftest import example

    return next(i for i, b in enumerate(example().budget) if b.year == year) + 2


@pytest.mark.parametrize("edit, cause", [
    (_scaled_without_unit(BUDGET, "frame"), Cause("frame-implausible", BUDGET.name, f"{col(BUDGET, 'frame')}{_budget_row(2024)}")),
    (_scaled_without_unit(PORTFOLIO, "granted"),
     Cause("grants-implausible", PORTFOLIO.name, f"{col(PORTFOLIO, 'granted')}{_first_supported_granted_row()}")),
], ids=["ramme i tusen", "tilsagn i tusen"])
def test_a_unit_error_that_slips_past_the_header_stops_the_figures(edit, cause, reference, tmp_path):
    check([Edit(edit.name, edit.apply, cause)], tmp_path, reference)


def test_jobs_far_above_the_target_and_granted_many_times_the_frame_are_findings(tmp_path):
    from conftest import example, program_cell

    from psvxl.validate import validate

    a = example()
    a.program.job_target = 10
    frame = next(b for b in a.budget if b.year == a.program.year)
    frame.frame = 100_000
    codes = {f.code: f for f in validate(a).findings}
    assert codes["jobs-far-above-target"].severity == "error"
    assert codes["granted-many-times-frame"].severity == "error"
    path = tmp_path / "mål.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    book = openpyxl.load_workbook(path)
    book[layout.PROGRAM_SHEET][program_cell("program.job_target")] = 10
    book.save(path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "jobs-far-above-target"]
    assert result.exit_code == 1 and found[0]["cell"] == program_cell("program.job_target")


def test_the_row_cap_names_the_sheet_and_the_rows_the_user_sees(monkeypatch):
    from psvxl.reading import read

    monkeypatch.setattr(read, "MAX_ROWS", 5)
    real = [["P-1", 1]] * 8                           # 8 filled rows: real data, too many
    message = read._too_many_rows("Portefølje", real)
    assert "«Portefølje»" in message and "8 utfylte rader" in message and "rad 8" in message
    assert "Slett" not in message
    padded = [["P-1", 1]] * 3 + [[None, None]] * 20      # 3 filled, formatting down to row 23
    message = read._too_many_rows("Portefølje", padded)
    assert "rad 23" in message and "3 utfylte rader" in message and "under rad 3" in message


def test_recompute_says_updated_only_when_it_wrote(tmp_path):
    path = tmp_path / "psv.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    runner = CliRunner()
    first = runner.invoke(cli, ["recompute", str(path)])
    assert first.exit_code == 0 and "Oppdaterte" in first.stdout
    written = path.read_bytes()
    second = runner.invoke(cli, ["recompute", str(path)])
    assert second.exit_code == 0 and "ingenting ble skrevet" in second.stdout and "Oppdaterte" not in second.stdout
    assert path.read_bytes() == written


def test_the_beregn_button_says_where_it_wrote(tmp_path):
    from fake_xlwings import FakeBook

    from psvxl import excel

    path = tmp_path / "uten-resultater.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    book = openpyxl.load_workbook(path)
    del book[layout.RESULTS_SHEET]
    book.save(path)
    message = excel.recompute(FakeBook(path))
    assert message.startswith("Resultatene er oppdatert (ved siden av totalene).")
    assert f"arket {layout.RESULTS_SHEET})" not in message
