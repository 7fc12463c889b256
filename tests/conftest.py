"""Shared helpers: the bundled example, and real workbooks built and edited on disk."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from psvxl import layout
from psvxl.model import Assessment
from psvxl.workbook.build import build_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_JSON = ROOT / "examples" / "fjellvik-2024.json"
EXAMPLE_XLSX = ROOT / "examples" / "fjellvik-2024.xlsx"

_EXAMPLE = Assessment.from_json(json.loads(EXAMPLE_JSON.read_text("utf-8")))


def example() -> Assessment:
    """A fresh copy of the bundled example assessment."""
    return copy.deepcopy(_EXAMPLE)


def col(spec: layout.TableSheet, key: str) -> str:
    """The column letter of a column in a workbook psvxl built."""
    return layout.column_letter(spec.columns.index(spec.column(key)))


def program_cell(path: str) -> str:
    index = next(i for i, f in enumerate(layout.PROGRAM_FIELDS) if f.path == path)
    return layout.cell_address(index + 1, layout.PROGRAM_VALUE_COLUMN)


def edit(path: Path, edits: dict[tuple[str, str], Any]) -> Path:
    """Change cells of a workbook with openpyxl ({(sheet, "E2"): value}), as a user would in Excel."""
    book = openpyxl.load_workbook(path)
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
    book.save(path)
    return path


@pytest.fixture(autouse=True, scope="session")
def _private_state_folder(tmp_path_factory):
    """psvxl's fingerprints of the files it wrote (files.py) go to a folder of the test run's own."""
    import os

    os.environ.setdefault("PSVXL_STATE_DIR", str(tmp_path_factory.mktemp("psvxl-state")))


@pytest.fixture
def example_assessment() -> Assessment:
    return example()


@pytest.fixture
def make_workbook(tmp_path: Path):
    """Build a workbook from an assessment (default: the example) and apply cell edits."""
    counter = iter(range(10_000))

    def make(assessment: Assessment | None = None, edits: dict | None = None, name: str | None = None) -> Path:
        path = tmp_path / (name or f"wb{next(counter)}.xlsx")
        build_workbook(assessment if assessment is not None else example(), path)
        if edits:
            edit(path, edits)
        return path

    return make


def findings_by_code(report: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for f in report.findings:
        out.setdefault(f.code, []).append(f)
    return out


@pytest.fixture
def codes():
    return findings_by_code
