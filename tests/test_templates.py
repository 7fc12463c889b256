"""The shipped templates: current with their builder, complete, and inside the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import openpyxl

from psvxl import layout
from psvxl.templates import WORKBOOK_TEMPLATE

from conftest import ROOT


def test_committed_templates_equal_a_fresh_build():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_templates.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workbook_template_has_what_staff_need():
    book = openpyxl.load_workbook(WORKBOOK_TEMPLATE)
    assert book.sheetnames == list(layout.SHEET_ORDER)
    for spec in layout.TABLE_SHEETS:
        ws = book[spec.name]
        assert [c.value for c in ws[1]][: len(spec.columns)] == [c.label for c in spec.columns]
        assert spec.table in ws.tables, spec.name               # a real Excel table
        assert ws.freeze_panes is not None                     # header row frozen
        validations = ws.data_validations.dataValidation
        messages = {str(v.sqref).split(":")[0].rstrip("0123456789") for v in validations if v.prompt}
        for i, column in enumerate(spec.columns):
            assert layout.column_letter(i) in messages, (spec.name, column.label)  # an input message on each column
    themes = book[layout.INDICATORS.name]
    score_col = layout.column_letter(layout.INDICATORS.columns.index(layout.INDICATORS.column("score")))
    score_rule = next(v for v in themes.data_validations.dataValidation if str(v.sqref).startswith(score_col))
    assert score_rule.type == "list" and score_rule.formula1 == '"1,2,3,4,5,6"'
    portfolio = book[layout.PORTFOLIO.name]
    phase_col = layout.column_letter(layout.PORTFOLIO.columns.index(layout.PORTFOLIO.column("phase")))
    phase_rule = next(v for v in portfolio.data_validations.dataValidation if str(v.sqref).startswith(phase_col))
    assert phase_rule.formula1 == '"forstudie,forprosjekt,hovedprosjekt,tiltak"'
    area_col = layout.column_letter(layout.PORTFOLIO.columns.index(layout.PORTFOLIO.column("focus_area")))
    area_rule = next(v for v in portfolio.data_validations.dataValidation if str(v.sqref).startswith(area_col))
    assert area_rule.formula1 == layout.FOCUS_AREA_NAME
    assert layout.FOCUS_AREA_NAME in book.defined_names
    # The live mean beside each agreed total.
    assessments = book[layout.ASSESSMENTS.name]
    mean_col = layout.column_letter(layout.ASSESSMENTS.columns.index(layout.ASSESSMENTS.column("mean")))
    assert assessments[f"{mean_col}2"].value.startswith("=IFERROR(AVERAGEIFS(")
    # Required cells are highlighted while empty.
    assert len(book[layout.PROGRAM_SHEET].conditional_formatting) >= 6


def test_the_installed_wheel_carries_the_templates(tmp_path):
    """Build a wheel, install it in a fresh virtual environment, and make a workbook there."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True)
    [wheel] = dist.glob("psvxl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "psvxl/templates/psv_template.xlsx" in names
    assert "psvxl/framework/standard.json" in names
    env_dir = tmp_path / "venv"
    # A plain venv whose own site-packages hold only the wheel's psvxl. The dependencies come from the
    # running environment (a venv, conda or the base interpreter alike) through a .pth file of plain
    # paths: those are appended after the venv's own site-packages, and the .pth files inside them
    # (such as an editable install of the source tree) are not run.
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    running = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (Path(site) / "running-environment.pth").write_text("\n".join(sorted(running)) + "\n", "utf-8")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = ("import psvxl, pathlib; from psvxl import api; "
            "api.new_workbook(pathlib.Path('ny.xlsx')); print(psvxl.__file__)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(python), "-I", "-c", code], cwd=work, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert str(Path(site)) in out.stdout            # the wheel's copy, not the source tree
    assert (work / "ny.xlsx").read_bytes() == WORKBOOK_TEMPLATE.read_bytes()


def test_defined_names_and_table_names_do_not_clash():
    # Excel keeps both in one namespace: a clash makes it "repair" the workbook on opening.
    tables = {spec.table.casefold() for spec in layout.TABLE_SHEETS}
    names = {layout.FOCUS_AREA_NAME.casefold(), layout.INDICATOR_ID_NAME.casefold()}
    assert not tables & names
    book = openpyxl.load_workbook(WORKBOOK_TEMPLATE)
    assert {n.casefold() for n in book.defined_names} & tables == set()
