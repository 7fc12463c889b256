"""`psvxl recompute`: the figures go into the result cells and nothing else in the file changes."""

from __future__ import annotations

import hashlib
import json
import zipfile

import openpyxl
import python_calamine
import pytest
from click.testing import CliRunner

from psvxl import layout
from psvxl.cli import cli
from psvxl.metrics import compute
from psvxl.results import plan_results
from psvxl.workbook.build import build_workbook
from psvxl.reading.read import read_workbook
from psvxl.reading.package import sheet_parts
from psvxl.workbook.writeback import write_results

from conftest import EXAMPLE_XLSX, col, example

FAKE_VBA = b"\xd0\xcf\x11\xe0 a stand-in VBA project: copied, never read"


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def values(path, sheet):
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.fixture
def macro_workbook(tmp_path):
    """The example as .xlsm with a VBA project and form buttons (VML drawings), plus the template's
    styles, data validation, conditional formats, tables and defined names."""
    path = tmp_path / "PSV.xlsm"
    build_workbook(example(), path, vba_project=FAKE_VBA, buttons=True)
    return path


def test_only_result_cells_change(macro_workbook):
    before = parts(macro_workbook)
    assert "xl/vbaProject.bin" in before and any(n.startswith("xl/drawings/vmlDrawing") for n in before)
    result = CliRunner().invoke(cli, ["recompute", str(macro_workbook)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    after = parts(macro_workbook)
    with zipfile.ZipFile(macro_workbook) as z:
        names = sheet_parts(z)
    patched = {names[layout.RESULTS_SHEET], names[layout.ASSESSMENTS.name], "xl/workbook.xml"}
    assert list(after) == list(before)                                   # same parts, same order
    for name in before:
        if name not in patched:
            assert after[name] == before[name], name                     # byte for byte
    # The workbook part differs only by fullCalcOnLoad.
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    strip = b' fullCalcOnLoad="1"'
    assert after["xl/workbook.xml"].replace(strip, b"") == before["xl/workbook.xml"].replace(strip, b"")
    # On the assessment sheet only the two result columns changed, and the formula cells stayed.
    old = openpyxl.load_workbook(EXAMPLE_XLSX)[layout.ASSESSMENTS.name]
    new = openpyxl.load_workbook(macro_workbook, keep_vba=True)[layout.ASSESSMENTS.name]
    result_cols = {col(layout.ASSESSMENTS, "suggested_total"), col(layout.ASSESSMENTS, "deviation")}
    for row_old, row_new in zip(old.iter_rows(), new.iter_rows()):
        for a, b in zip(row_old, row_new):
            if a.column_letter not in result_cols:
                assert (a.value, a.style_id) == (b.value, b.style_id), a.coordinate
    assert new[f"{col(layout.ASSESSMENTS, 'mean')}2"].value.startswith("=IFERROR(AVERAGEIFS(")


def test_recompute_twice_is_unchanged(macro_workbook):
    runner = CliRunner()
    assert runner.invoke(cli, ["recompute", str(macro_workbook)]).exit_code == 0
    once = macro_workbook.read_bytes()
    assert runner.invoke(cli, ["recompute", str(macro_workbook)]).exit_code == 0
    assert macro_workbook.read_bytes() == once


def test_the_result_cells_hold_the_computed_figures(tmp_path):
    path = tmp_path / "PSV.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    read = read_workbook(path)
    metrics = compute(read.assessment)
    write_results(path, plan_results(read, metrics))
    sheet = values(path, layout.RESULTS_SHEET)
    by_label = {row[0]: row[1:] for row in sheet if row and row[0]}
    assert by_label["Ramme 2024"][0] == 4_000_000
    assert by_label["Tilsagn 2024"][0] == 1_760_000
    assert by_label["Disponert av årets ramme"][0] == pytest.approx(0.44)
    assert by_label["Registrert hittil"][0] == metrics.jobs.total
    assert by_label["Bærekraft"][:4] == [3.5, 2.5, 2.5, 1.0]
    assert by_label["Bærekraft"][6] == "Avvik ≥ 1: begrunn"
    assessment = values(path, layout.ASSESSMENTS.name)
    suggested = layout.ASSESSMENTS.columns.index(layout.ASSESSMENTS.column("suggested_total"))
    deviation = suggested + 1
    last = assessment[7]
    assert (last[0], last[suggested], last[deviation]) == ("baerekraft", 2.5, "+1,0 – begrunn avviket")
    assert assessment[3][suggested] == 3.5 and assessment[3][deviation] == "\u22120,2"   # the real minus sign
    # The workbook still reads and validates as before.
    assert read_workbook(path).assessment == read.assessment


def test_recompute_refuses_while_excel_holds_the_file(tmp_path):
    path = tmp_path / "PSV.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    (tmp_path / "~$PSV.xlsx").write_bytes(b"owner")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["recompute", str(path)])
    assert result.exit_code == 1
    assert "åpen i Excel" in result.stderr
    assert path.read_bytes() == before


def test_errors_block_the_recompute_and_nothing_is_written(make_workbook):
    path = make_workbook(edits={(layout.PORTFOLIO.name, f"{col(layout.PORTFOLIO, 'granted')}2"): "mye"})
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = CliRunner().invoke(cli, ["recompute", str(path)])
    assert result.exit_code == 1
    assert "«mye» er ikke et tall" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_scores_do_not_block_the_figures(make_workbook):
    # During the meeting: scores and totals still being filled in, the figures must come.
    path = make_workbook(edits={(layout.INDICATORS.name, f"{col(layout.INDICATORS, 'score')}2"): None,
                                (layout.ASSESSMENTS.name, f"{col(layout.ASSESSMENTS, 'total')}2"): None})
    result = CliRunner().invoke(cli, ["compute", str(path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["scores"]["indicators"][0]["scored"] == 4 and data["scores"]["indicators"][0]["total"] is None
    assert "mangler poeng" in result.stderr


def test_compute_json_matches_the_library(tmp_path):
    result = CliRunner().invoke(cli, ["compute", str(EXAMPLE_XLSX), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(json.dumps(compute(example()).to_json()))


def test_compute_text_reads_the_norwegian_way():
    result = CliRunner().invoke(cli, ["compute", str(EXAMPLE_XLSX)], catch_exceptions=False)
    assert result.exit_code == 0
    out = result.stdout
    assert "Tilsagn 2024" in out and "1\u00a0760\u00a0000\u00a0kr" in out
    assert "Disponert av årets ramme" in out and "44\u00a0%" in out
    assert "Bærekraft" in out and "+1,0 !" in out


def test_full_calc_on_load_is_set_by_a_small_edit():
    from psvxl.workbook.writeback import _full_calc_on_load

    excel = b'<workbook><sheets/><definedNames/><calcPr calcId="191029"/><extLst/></workbook>'
    assert _full_calc_on_load(excel) == excel.replace(b'calcId="191029"/>', b'calcId="191029" fullCalcOnLoad="1"/>')
    bare = b"<workbook><sheets><sheet/></sheets></workbook>"
    assert _full_calc_on_load(bare) == b'<workbook><sheets><sheet/></sheets><calcPr fullCalcOnLoad="1"/></workbook>'
    off = b'<workbook><calcPr fullCalcOnLoad="0" calcId="1"/></workbook>'
    assert _full_calc_on_load(off) == b'<workbook><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'


def test_a_workbook_saved_by_libreoffice_reads_and_recomputes(tmp_path):
    from conftest import ROOT

    saved = ROOT / "tests" / "data" / "fjellvik-saved-by-libreoffice-nb.xlsx"
    assert read_workbook(saved).assessment == example()
    path = tmp_path / "lo.xlsx"
    path.write_bytes(saved.read_bytes())
    result = CliRunner().invoke(cli, ["recompute", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    rows = {row[0]: row[1] for row in values(path, layout.RESULTS_SHEET) if row and row[0]}
    assert rows["Tilsagn 2024"] == 1_760_000
    assert read_workbook(path).assessment == example()


# --- what is not ours stays: user content, calcChain, any sheet XML the schema allows -------------

def _user_content_on_results(path):
    """A user's note in J2, a small table in J5:K6 and a note typed into the result area (C40)."""
    book = openpyxl.load_workbook(path)
    ws = book[layout.RESULTS_SHEET]
    ws["J2"] = "Mine notater: sjekk tallene mot regnskapet"
    ws["J5"], ws["K5"], ws["J6"], ws["K6"] = "Møte", "Dato", "Styret", "12.11.2024"
    ws["C40"] = "=1+1"
    book.save(path)


def _result_area(path):
    rows = values(path, layout.RESULTS_SHEET)
    return [row[layout.RESULT_FIRST_COLUMN:layout.RESULT_LAST_COLUMN + 1] for row in rows]


def test_recompute_and_the_button_leave_the_users_cells_on_the_result_sheet(tmp_path):
    from fake_xlwings import FakeBook
    from psvxl import excel

    by_cli = tmp_path / "cli.xlsx"
    build_workbook(example(), by_cli)
    _user_content_on_results(by_cli)
    by_button = tmp_path / "button.xlsx"
    by_button.write_bytes(by_cli.read_bytes())
    assert CliRunner().invoke(cli, ["recompute", str(by_cli)]).exit_code == 0
    book = FakeBook(by_button)
    excel.recompute(book)
    book.save()
    for path in (by_cli, by_button):
        ws = openpyxl.load_workbook(path)[layout.RESULTS_SHEET]
        assert ws["J2"].value == "Mine notater: sjekk tallene mot regnskapet"
        assert [ws["J5"].value, ws["K5"].value, ws["J6"].value, ws["K6"].value] == ["Møte", "Dato", "Styret", "12.11.2024"]
        assert ws["C40"].value is None                       # inside the result area: ours
        assert str(ws["A1"].value).startswith("Resultater")
    # The two doors leave the same result area.
    assert _result_area(by_cli) == _result_area(by_button)


def test_removed_formula_cells_leave_no_calc_chain_entry(tmp_path):
    path = tmp_path / "chain.xlsx"
    build_workbook(example(), path)
    _user_content_on_results(path)
    with zipfile.ZipFile(path) as z:
        result_part = sheet_parts(z)[layout.RESULTS_SHEET]
        sheet_index = list(sheet_parts(z)).index(layout.RESULTS_SHEET) + 1
        contents = {i.filename: z.read(i) for i in z.infolist()}
    # As Excel saves it: a calcChain part listing the formula cells, with its content type and rel.
    contents["xl/calcChain.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                    f'<calcChain xmlns="{layout_ns()}"><c r="C40" i="{sheet_index}"/></calcChain>').encode()
    contents["[Content_Types].xml"] = contents["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.calcChain+xml"/></Types>')
    contents["xl/_rels/workbook.xml.rels"] = contents["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in contents.items():
            z.writestr(name, data)
    assert CliRunner().invoke(cli, ["recompute", str(path)]).exit_code == 0
    after = parts(path)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"<f>" not in after[result_part]
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    openpyxl.load_workbook(path)                 # the package is still whole


def layout_ns():
    from psvxl.reading.package import NS
    return NS


def _rewrite_sheet(path, sheet, change):
    with zipfile.ZipFile(path) as z:
        part = sheet_parts(z)[sheet]
        contents = {i.filename: z.read(i) for i in z.infolist()}
    contents[part] = change(contents[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in contents.items():
            z.writestr(name, data)


def test_unusual_but_legal_sheet_xml_recomputes_without_duplicates(tmp_path):
    import re

    plain = tmp_path / "plain.xlsx"
    build_workbook(example(), plain)
    odd = tmp_path / "odd.xlsx"
    odd.write_bytes(plain.read_bytes())

    def unusual(xml: str) -> str:
        # Span lists, and cells and rows without `r` (the schema lets both be left out).
        xml = re.sub(r'spans="[^"]*"', 'spans="1:4 7:10"', xml)
        previous = {"col": None}

        def drop_ref(match):       # a cell right after its neighbour needs no `r`: it is the next one
            col = layout.parse_address(match.group(1))[1]
            follows = previous["col"] is not None and col == previous["col"] + 1
            previous["col"] = col
            return "<c" if follows else match.group(0)

        rows = xml.split("<row ")
        for i in range(1, len(rows)):
            previous["col"] = None
            rows[i] = re.sub(r'<c r="([A-Z]+\d+)"', drop_ref, rows[i])
        xml = "<row ".join(rows)
        return re.sub(r'<row r="(\d+)"', lambda m: "<row" if m.group(1) == "3" else m.group(0), xml)

    for sheet in (layout.RESULTS_SHEET, layout.ASSESSMENTS.name):
        _rewrite_sheet(odd, sheet, unusual)
    with zipfile.ZipFile(odd) as z:
        odd_xml = z.read(sheet_parts(z)[layout.ASSESSMENTS.name])
    assert len(re.findall(rb"<c(?! r=)[ >/]", odd_xml)) > 20 and re.search(rb"<row(?! r=)[ >]", odd_xml)
    assert b'spans="1:4 7:10"' in odd_xml
    # Counting places every cell where it was.
    assert values(odd, layout.ASSESSMENTS.name) == values(plain, layout.ASSESSMENTS.name)
    for path in (plain, odd):
        result = CliRunner().invoke(cli, ["recompute", str(path)])
        assert result.exit_code == 0, result.output
    assert values(odd, layout.ASSESSMENTS.name) == values(plain, layout.ASSESSMENTS.name)
    assert _result_area(odd) == _result_area(plain)
    with zipfile.ZipFile(odd) as z:
        xml = z.read(sheet_parts(z)[layout.ASSESSMENTS.name]).decode()
    refs = re.findall(r'<c r="([A-Z]+\d+)"', xml)
    assert len(refs) == len(set(refs))                      # no cell written twice
    openpyxl.load_workbook(odd)


def test_rows_outside_the_dimension_are_handled(tmp_path):
    import re

    path = tmp_path / "dim.xlsx"
    build_workbook(example(), path)
    _rewrite_sheet(path, layout.ASSESSMENTS.name, lambda xml: re.sub(r'<dimension ref="[^"]*"/>',
                                                                    '<dimension ref="A1"/>', xml))
    assert CliRunner().invoke(cli, ["recompute", str(path)]).exit_code == 0
    with zipfile.ZipFile(path) as z:
        xml = z.read(sheet_parts(z)[layout.ASSESSMENTS.name]).decode()
    assert '<dimension ref="A1"/>' not in xml
    suggested = col(layout.ASSESSMENTS, "suggested_total")
    assert openpyxl.load_workbook(path)[layout.ASSESSMENTS.name][f"{suggested}2"].value is not None
