"""Hostile files that stay under the first limits, and a person's files: every command in a process
of its own capped at 10 s and 1 GB, with a clear refusal or the right result, the input unchanged
and nothing left behind (tests/hostile.py makes the cases). Then the pieces one by one: what a
package declares, write-back and formula kinds, never over a person's file, the overview's
isolation, the template cache.

PSVXL_SLOW=1 adds the bigger cases (a sheet that inflates to 380 MB).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from concurrent.futures import ThreadPoolExecutor

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from psvxl.cli import cli
from psvxl.errors import InputError, OutputError

from conftest import EXAMPLE_XLSX, ROOT
from hostile import (
    ARRAY_ACROSS, RESULT_MASTER_INSIDE, RESULT_WITH_SHARED, hostile_cases, make_case, problems_of, rezip, run_case,
    sheet_part,
)

SLOW = bool(os.environ.get("PSVXL_SLOW"))
SECONDS, MEGABYTES = 10, 1024
LO_FORMULAS = ROOT / "tests" / "data" / "results-formulas-saved-by-libreoffice-nb.xlsx"


@pytest.fixture
def runner():
    return CliRunner()


# --- the corpus ----------------------------------------------------------------------------------

@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
def test_every_hostile_case_is_refused_clearly_or_read_right(tmp_path):
    cases = hostile_cases(slow=SLOW)
    assert len(cases) >= 30
    assert {c.category for c in cases} >= {"oppgitte størrelser", "overskriving", "låser og lenker", "formeltyper",
                                           "oversikt", "lxml-grenser", "mønstre", "tidligere tilbakesporinger"}
    env = dict(os.environ, PSVXL_CACHE_DIR=str(tmp_path / "cache"), PSVXL_STATE_DIR=str(tmp_path / "state"))
    os.environ["PSVXL_STATE_DIR"] = env["PSVXL_STATE_DIR"]     # the cases that run psvxl to make their files
    try:
        folders = [make_case(case, tmp_path / f"{n:02d}") for n, case in enumerate(cases)]
    finally:
        os.environ["PSVXL_STATE_DIR"] = env["PSVXL_STATE_DIR"]

    def one(item):
        case, folder = item
        result = run_case(case, folder, seconds=SECONDS, megabytes=MEGABYTES, env=env)
        return case, problems_of(case, folder, result, SECONDS, MEGABYTES)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(one, zip(cases, folders)))
    failures = [f"{case.name}: {'; '.join(found)}" for case, found in results if found]
    assert not failures, "\n\n".join(failures)


# --- what a package declares -------------------------------------------------------------------------

@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.integers(1, 16384), row=st.integers(1, 1_048_576))
def test_a_far_cell_is_refused_exactly_when_a_reader_would_allocate_too_much(tmp_path, column, row):
    from psvxl import layout
    from psvxl.reading.preflight import MAX_CELLS, MAX_COLUMNS_CHEAP, MAX_ROWS, preflight

    address = layout.cell_address(row - 1, column - 1).encode()
    path = rezip(EXAMPLE_XLSX, tmp_path / f"far-{column}-{row}.xlsx", lambda n, d: d.replace(
        b"</sheetData>", b'<row r="%d"><c r="%s"><v>1</v></c></row></sheetData>' % (row, address))
        if n == sheet_part("Portefølje") else d)
    rows = max(row, 12)       # the example's portfolio reaches row 12
    too_much = row >= MAX_ROWS or (column > MAX_COLUMNS_CHEAP and rows * column > MAX_CELLS)
    if too_much:
        with pytest.raises(InputError, match=address.decode()):
            preflight(path)
    else:
        preflight(path)


def test_non_regular_files_are_refused_without_opening_them(tmp_path, runner):
    fifo = tmp_path / "PSV.xlsx"
    os.mkfifo(fifo)
    result = runner.invoke(cli, ["validate", str(fifo)])
    assert result.exit_code == 2
    assert "ikke en vanlig fil" in result.stderr


def test_json_with_nan_infinity_or_deep_nesting_is_refused(tmp_path):
    from psvxl.api import load_json

    for text, words in (('{"a": NaN}', "NaN"), ('{"a": -Infinity}', "-Infinity"), ("[" * 100_000 + "]" * 100_000, "dypt")):
        path = tmp_path / "data.json"
        path.write_text(text, "utf-8")
        with pytest.raises(InputError, match=words):
            load_json(path)


# --- header matching: the class of inputs that made patterns backtrack ----------------------------------

@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.text(alphabet="( )krnoi", max_size=60))
def test_header_words_are_those_of_the_old_rules_on_ordinary_headers(text):
    from psvxl.layout import label_words

    header = "Tilsagn " + text
    words = label_words(header)
    # what the rules promise: no brackets, no trailing unit words, never empty for a non-empty header
    assert words and words[0] == "tilsagn"
    assert all("(" not in w and ")" not in w for w in words)
    assert len(words) == 1 or words[-1] not in ("kr", "nok", "kroner")


# --- write-back and formula kinds ---------------------------------------------------------------------

def _recompute(path):
    from psvxl.api import recompute_workbook

    notes, report = recompute_workbook(path)
    assert notes is not None, report.findings
    return notes


def _openpyxl_formulas(path, sheet, cells):
    ws = openpyxl.load_workbook(path)[sheet]
    return {ref: ws[ref].value for ref in cells}


def test_a_shared_formula_whose_master_is_in_the_result_area_is_written_out_in_each_cell(tmp_path):
    path = tmp_path / "PSV.xlsx"
    rezip(EXAMPLE_XLSX, path, lambda n, d: re.sub(rb'<row r="([3-9]|10)"[^>]*>.*?</row>', b"", d).replace(
        b"</sheetData>", RESULT_MASTER_INSIDE + b"</sheetData>") if n == sheet_part("Resultater") else d)
    before = _openpyxl_formulas(path, "Resultater", ("I3", "J3", "K3"))   # openpyxl expands shared formulas
    assert before == {"I3": "=SUM(G$1:G$2)", "J3": "=SUM(H$1:H$2)", "K3": "=SUM(I$1:I$2)"}
    _recompute(path)
    assert _openpyxl_formulas(path, "Resultater", ("I3", "J3", "K3")) == before
    with zipfile.ZipFile(path) as z:
        xml = z.read(sheet_part("Resultater")).decode()
    assert 'si="0"' not in xml          # no dependent left without its master


def test_excel_shared_formulas_outside_the_area_keep_their_master(tmp_path):
    path = tmp_path / "PSV.xlsx"
    rezip(EXAMPLE_XLSX, path, lambda n, d: re.sub(rb'<row r="([3-9]|10)"[^>]*>.*?</row>', b"", d).replace(
        b"</sheetData>", RESULT_WITH_SHARED + b"</sheetData>") if n == sheet_part("Resultater") else d)
    before = _openpyxl_formulas(path, "Resultater", ("I3", "I4", "I5"))
    _recompute(path)
    assert _openpyxl_formulas(path, "Resultater", ("I3", "I4", "I5")) == before == {
        "I3": "=B3+1", "I4": "=B4+1", "I5": "=B5+1"}


def test_an_array_formula_across_the_result_area_is_refused_and_the_file_unchanged(tmp_path):
    from psvxl.workbook.writeback import write_results

    path = tmp_path / "PSV.xlsx"
    rezip(EXAMPLE_XLSX, path, lambda n, d: re.sub(rb'<row r="([3-9]|10)"[^>]*>.*?</row>', b"", d).replace(
        b"</sheetData>", ARRAY_ACROSS + b"</sheetData>") if n == sheet_part("Resultater") else d)
    data = path.read_bytes()
    from psvxl.api import recompute_workbook

    with pytest.raises(OutputError, match="matriseformel i H3:I4"):
        recompute_workbook(path)
    assert path.read_bytes() == data
    assert write_results  # the same refusal whatever calls it


def test_a_workbook_saved_by_libreoffice_with_an_array_formula_in_the_result_area(tmp_path):
    """Made by editing the example with openpyxl (formulas in C3:C6 and J3:K6, an array formula over
    H8:I9) and saving it with scripts/save_with_libreoffice.py (LibreOffice Calc, nb-NO)."""
    path = tmp_path / "PSV.xlsx"
    path.write_bytes(LO_FORMULAS.read_bytes())
    from psvxl.api import recompute_workbook

    with pytest.raises(OutputError, match="H8:I9"):
        recompute_workbook(path)
    assert path.read_bytes() == LO_FORMULAS.read_bytes()
    # Without the array formula the write goes ahead; formulas beside the area stay as they were.
    rezip(LO_FORMULAS, path, lambda n, d: re.sub(rb'<c r="H8"[^>]*><f [^>]*t="array"[^>]*>[^<]*</f>', b'<c r="H8"><f>1</f>',
                                                 d) if n == sheet_part("Resultater") else d)
    before = _openpyxl_formulas(path, "Resultater", ("J3", "K6"))
    _recompute(path)
    assert _openpyxl_formulas(path, "Resultater", ("J3", "K6")) == before == {"J3": "=C3+1", "K6": "=J6+C6"}


def test_a_cell_beside_a_total_inside_an_array_formula_is_left_alone_with_a_note(tmp_path):
    """The suggested total beside each total (Vurderinger!E2…) is written in place, unless an array formula the
    user made covers it (here E2:E3, as LibreOffice writes one): then that range stays whole."""
    array = b'<c r="E2"><f t="array" ref="E2:E3" aca="false">1</f><v>1</v></c>'
    path = rezip(EXAMPLE_XLSX, tmp_path / "PSV.xlsx", lambda n, d: d.replace(b'<c r="J2" ', array + b'<c r="J2" ', 1)
                 if n == sheet_part("Vurderinger") else d)
    notes = _recompute(path)
    assert [n for n in notes if "matriseformel" in n] == [
        "Vurderinger!E2 ligger i en matriseformel (E2:E3) og ble ikke overskrevet.",
        "Vurderinger!E3 ligger i en matriseformel (E2:E3) og ble ikke overskrevet."]
    assert _openpyxl_formulas(path, "Vurderinger", ("E2",))["E2"].text == "=1"


def test_formula_translation_agrees_with_openpyxl():
    from openpyxl.formula.translate import Translator, TranslatorError

    from psvxl.workbook.formulas import translate

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(parts=st.lists(st.sampled_from(["A1", "$B$2", "C$3", "$D4", "SUM(A1:B2)", "Ark2!E5", "'Mitt ark'!F6",
                                           '"A1"', "LOG10(G7)", "A:C", "$A:B", "3:5", "Tabell1[Q1]", "1.5E3", "H8%"]),
                          min_size=1, max_size=5),
           origin=st.sampled_from(["A1", "B3", "C3"]), target=st.sampled_from(["B4", "J3", "K9", "C3"]))
    def check(parts, origin, target):
        formula = "+".join(parts)
        try:
            expected = Translator("=" + formula, origin=origin).translate_formula(target)[1:]
        except TranslatorError:      # moved off the sheet: Excel shows #REF! there
            assert "#REF!" in translate(formula, origin, target)
            return
        assert translate(formula, origin, target) == expected

    check()


def test_a_chart_sheet_named_resultater_is_refused_by_name(tmp_path):
    from hostile import _chart_sheet
    from psvxl.api import recompute_workbook

    _chart_sheet(tmp_path)
    path = tmp_path / "PSV.xlsx"
    data = path.read_bytes()
    with pytest.raises(OutputError, match="«Resultater».*diagramark"):
        recompute_workbook(path)
    assert path.read_bytes() == data


# --- never over a person's file -------------------------------------------------------------------------

def test_build_report_replaces_its_own_output_and_writes_beside_an_edited_one(tmp_path, runner):
    workbook = tmp_path / "PSV.xlsx"
    workbook.write_bytes(EXAMPLE_XLSX.read_bytes())
    first = runner.invoke(cli, ["build-report", str(workbook), "-o", str(tmp_path / "r.docx")])
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, ["build-report", str(workbook), "-o", str(tmp_path / "r.docx")])
    assert again.exit_code == 0 and "Merk" not in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["PSV.xlsx", "r.docx"]
    edited = (tmp_path / "r.docx").read_bytes() + b""    # the facilitator's edit: saved again by Word
    rezip(edited, tmp_path / "r.docx", lambda n, d: d.replace(b"</w:body>", b"<w:p/></w:body>")
          if n == "word/document.xml" else d)
    mine = (tmp_path / "r.docx").read_bytes()
    third = runner.invoke(cli, ["build-report", str(workbook), "-o", str(tmp_path / "r.docx")])
    assert third.exit_code == 0
    assert "r (2).docx" in third.stderr and "--force" in third.stderr
    assert (tmp_path / "r.docx").read_bytes() == mine
    forced = runner.invoke(cli, ["build-report", str(workbook), "-o", str(tmp_path / "r.docx"), "--force"])
    assert forced.exit_code == 0 and (tmp_path / "r.docx").read_bytes() != mine


def test_overview_never_writes_over_a_workbook_it_reads(tmp_path, runner):
    folder = tmp_path / "inn"
    folder.mkdir()
    for name in ("a.xlsx", "other.xlsx"):
        (folder / name).write_bytes(EXAMPLE_XLSX.read_bytes())
    result = runner.invoke(cli, ["overview", str(folder), "-o", str(folder / "other.xlsx")])
    assert result.exit_code == 1 and "samme som innfilen" in result.stderr
    assert (folder / "other.xlsx").read_bytes() == EXAMPLE_XLSX.read_bytes()
    # Its own overview in the folder is replaced (and not read as a workbook) the next time.
    made = runner.invoke(cli, ["overview", str(folder), "-o", str(folder / "oversikt.xlsx")])
    again = runner.invoke(cli, ["overview", str(folder), "-o", str(folder / "oversikt.xlsx")])
    assert made.exit_code == again.exit_code == 0, again.output
    assert "2 av 2" in again.stdout and "Merk" not in again.stderr


def test_recompute_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "PSV.xlsx"
    target.write_bytes(EXAMPLE_XLSX.read_bytes())
    link = tmp_path / "lenke.xlsx"
    link.symlink_to(target.name)
    _recompute(link)
    assert link.is_symlink() and target.read_bytes() != EXAMPLE_XLSX.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["PSV.xlsx", "lenke.xlsx"]


def test_lock_files_of_excel_and_libreoffice_and_read_only_files_stop_recompute(tmp_path):
    from psvxl.api import recompute_workbook

    path = tmp_path / "PSV.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes())
    for lock, program in (("~$PSV.xlsx", "Excel"), (".~lock.PSV.xlsx#", "LibreOffice")):
        (tmp_path / lock).write_text("Kari")
        with pytest.raises(OutputError, match=program):
            recompute_workbook(path)
        (tmp_path / lock).unlink()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    with pytest.raises(OutputError, match="skrivebeskyttet"):
        recompute_workbook(path)
    assert path.read_bytes() == EXAMPLE_XLSX.read_bytes()


def test_a_long_programme_name_gives_a_file_name_the_file_system_takes(tmp_path):
    from psvxl.api import MAX_NAME_BYTES, default_report_name

    from conftest import example

    a = example()
    a.program.name = "Omstillingsprogrammet for Åfjord og Ørland " * 20
    name = default_report_name(a, tmp_path / "PSV.xlsx").name
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES + len("PSV--2024.docx")
    assert name.startswith("PSV-Omstillingsprogrammet-for-Åfjord")


def test_a_year_outside_any_programme_is_a_usage_error(tmp_path, runner):
    for year in ("-5", "0", "99999"):
        result = runner.invoke(cli, ["new", "--from", str(EXAMPLE_XLSX), "--year", year, "-o", str(tmp_path / "n.xlsx")])
        assert result.exit_code == 2 and year in result.stderr
    assert not (tmp_path / "n.xlsx").exists()


# --- the overview isolates each workbook -------------------------------------------------------------

def test_a_reader_that_aborts_or_hangs_costs_only_its_own_row(tmp_path, monkeypatch):
    from psvxl import overview

    good = tmp_path / "a.xlsx"
    good.write_bytes(EXAMPLE_XLSX.read_bytes())
    crash, hang = tmp_path / "krasj.xlsx", tmp_path / "heng.xlsx"
    crash.write_bytes(EXAMPLE_XLSX.read_bytes())
    hang.write_bytes(EXAMPLE_XLSX.read_bytes())
    real = overview.read_programme

    def reader(path):      # stands for a native reader: abort() on one file, an endless loop on another
        if path.name == "krasj.xlsx":
            os.abort()
        if path.name == "heng.xlsx":
            while True:
                pass
        return real(path)

    monkeypatch.setattr(overview, "read_programme", reader)
    monkeypatch.setenv("PSVXL_READ_TIMEOUT", "2")
    after = tmp_path / "b.xlsx"
    after.write_bytes(EXAMPLE_XLSX.read_bytes())
    # One reader: the crash and the hang each cost it, and a new one reads what comes after.
    programmes = overview.read_programmes([good, crash, hang, after], workers=1)
    assert [p.path.name for p in programmes] == ["a.xlsx", "krasj.xlsx", "heng.xlsx", "b.xlsx"]
    assert not programmes[0].left_out and not programmes[3].left_out
    assert "stoppet uventet" in programmes[1].problem
    assert "2 sekunder" in programmes[2].problem


# --- the template cache -------------------------------------------------------------------------------

def test_the_template_cache_is_private_capped_and_pruned(tmp_path, monkeypatch):
    from psvxl.report import cache

    monkeypatch.setenv("PSVXL_CACHE_DIR", str(tmp_path / "c"))
    made = []
    value = cache.cached("jinja", "k1", lambda: made.append(1) or b"one", bytes.decode)
    assert value == "one" and cache.cached("jinja", "k1", lambda: made.append(1) or b"x", bytes.decode) == "one"
    assert len(made) == 1
    entry = tmp_path / "c" / "jinja" / "k1"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    # Writable by others: not trusted, made anew (and not read).
    entry.write_bytes(b"someone else's code")
    entry.chmod(0o666)
    assert cache.cached("jinja", "k1", lambda: b"fresh", bytes.decode) == "fresh"
    (tmp_path / "c").chmod(0o777)
    assert cache.cached("jinja", "k2", lambda: b"two", bytes.decode) == "two"
    assert not (tmp_path / "c" / "jinja" / "k2").exists()
    (tmp_path / "c").chmod(0o700)
    for number in range(10):
        (tmp_path / "c" / "jinja" / f"old{number}").write_bytes(b"x" * 1000)
        os.utime(tmp_path / "c" / "jinja" / f"old{number}", (number, number))
    cache.prune(tmp_path / "c", limit=5000)
    left = {p.name for p in (tmp_path / "c" / "jinja").iterdir()}
    assert "old0" not in left and "old9" in left
    assert sum(p.stat().st_size for p in (tmp_path / "c" / "jinja").iterdir()) <= 5000


# --- temporary files on every way out -----------------------------------------------------------------

def test_a_write_stopped_halfway_leaves_no_temporary_file(tmp_path, monkeypatch):
    from psvxl import files

    target = tmp_path / "r.docx"
    target.write_bytes(b"before")
    for stop in (OSError(28, "No space left on device"), SystemExit(143), KeyboardInterrupt()):
        def fail(_fd, stop=stop):
            raise stop
        monkeypatch.setattr(files.os, "fsync", fail)
        with pytest.raises((OutputError, SystemExit, KeyboardInterrupt)):
            files.atomic_write(target, b"after")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]
        assert target.read_bytes() == b"before"


def test_sigterm_during_a_run_removes_its_temporary_file(tmp_path):
    """psvxl's own entry point, stopped by SIGTERM while it writes: the temporary file goes too."""
    import signal
    import subprocess
    import sys
    import time

    code = ("import os, sys, time, psvxl.files as f, psvxl.cli as c\n"
            "os.fsync = lambda fd: (print('writing', flush=True), time.sleep(30))\n"
            "c.cli.command('slow')(lambda: f.atomic_write(__import__('pathlib').Path('out.docx'), b'x'))\n"
            "sys.argv = ['psvxl', 'slow']\n"
            "c.main()\n")
    with subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout.readline().strip() == "writing"
        assert any(p.name.startswith(".psvxl-") for p in tmp_path.iterdir())
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 128 + signal.SIGTERM
    time.sleep(0.1)
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_left_by_a_killed_run_are_removed_the_next_day(tmp_path):
    from psvxl import files

    old, new = tmp_path / ".psvxl-abc.docx", tmp_path / ".psvxl-def.docx"
    old.write_bytes(b"half")
    new.write_bytes(b"half, of a run still going")
    os.utime(old, (1, 1))
    files.atomic_write(tmp_path / "r.docx", b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".psvxl-def.docx", "r.docx"]


def test_a_read_only_output_is_kept_even_when_psvxl_made_it(tmp_path, runner):
    workbook = tmp_path / "PSV.xlsx"
    workbook.write_bytes(EXAMPLE_XLSX.read_bytes())
    out = tmp_path / "r.docx"
    assert runner.invoke(cli, ["build-report", str(workbook), "-o", str(out)]).exit_code == 0
    out.chmod(0o444)
    kept = out.read_bytes()
    beside = runner.invoke(cli, ["build-report", str(workbook), "-o", str(out)])
    assert beside.exit_code == 0 and "r (2).docx" in beside.stderr
    forced = runner.invoke(cli, ["build-report", str(workbook), "-o", str(out), "--force"])
    assert forced.exit_code == 1 and "skrivebeskyttet" in forced.stderr
    assert out.read_bytes() == kept


def test_check_template_finds_block_tags_in_one_pass_over_unclosed_tags():
    from psvxl.report.check import _block_tags

    text = "Innledning {%p if program.name %} slutt " + "{%p " * 50_000
    assert [text[a:b] for a, b in _block_tags(text)] == ["{%p if program.name %}"]


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(master_col=st.integers(0, 7), width=st.integers(1, 6), height=st.integers(1, 3),
       formula=st.sampled_from(["A30*2", "SUM($A$1:A1)", "AA1&\"x\"", "B$2+$C3", "IF(A30>0,A31,0)"]))
def test_shared_formulas_across_the_area_edge_read_the_same_after_recompute(tmp_path, master_col, width, height, formula):
    """The class: a shared group whose master is in A..H and whose cells run to its right past H, as
    Excel writes it; after recompute every cell outside the area has the formula openpyxl read before."""
    from psvxl import layout

    last_col = max(master_col + width, 8)           # at least one cell outside (I or further)
    ref = f"{layout.cell_address(29, master_col)}:{layout.cell_address(29 + height - 1, last_col)}"
    rows = []
    for r in range(30, 30 + height):
        cells = []
        for c in range(master_col, last_col + 1):
            address = layout.cell_address(r - 1, c)
            f = f'<f t="shared" ref="{ref}" si="0">{formula.replace("&", "&amp;").replace(chr(34), "&quot;")}</f>' \
                if (r, c) == (30, master_col) else '<f t="shared" si="0"/>'
            cells.append(f'<c r="{address}">{f}<v>0</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    path = rezip(EXAMPLE_XLSX, tmp_path / f"s{master_col}{width}{height}.xlsx", lambda n, d: d.replace(
        b"</sheetData>", "".join(rows).encode() + b"</sheetData>") if n == sheet_part("Resultater") else d)
    outside = [layout.cell_address(r - 1, c) for r in range(30, 30 + height) for c in range(8, last_col + 1)]
    before = _openpyxl_formulas(path, "Resultater", outside)
    assert all(v and v.startswith("=") and len(v) > 1 for v in before.values())
    _recompute(path)
    assert _openpyxl_formulas(path, "Resultater", outside) == before


def test_readers_spawned_as_on_windows_and_macos_read_the_same(tmp_path):
    from psvxl import overview
    from psvxl.isolated import map_isolated

    paths = []
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        (tmp_path / name).write_bytes(EXAMPLE_XLSX.read_bytes())
        paths.append(tmp_path / name)
    (tmp_path / "d.xlsx").write_bytes(b"ikke en arbeidsbok")
    paths.append(tmp_path / "d.xlsx")
    outcomes = map_isolated(overview._read_guarded, paths, 2, 60, start_method="spawn")
    assert [o.value.left_out for o in outcomes] == [False, False, False, True]
    assert outcomes[0].value.metrics == overview.read_programme(paths[0]).metrics
    assert "ikke en Excel-arbeidsbok" in outcomes[3].value.problem
