"""Habits that keep the code so: ruff (pyflakes F, bugbear B) and mypy on psvxl/, configured in pyproject.toml.
Each is skipped, with the reason, where the tool is not installed (it is in the [test] extra)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[test]' brings it)")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_in_psvxl():
    result = _run("ruff", "check", "--no-cache", "psvxl")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_psvxl():
    result = _run("mypy")     # files and settings from [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
