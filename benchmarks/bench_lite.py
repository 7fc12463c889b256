"""Times of the xlwings Lite scripts beregn and kontroller on the bundled example workbook, under Pyodide
(npm's pyodide package under node, psvxl installed from its wheel, as tests/test_lite.py does) and
under CPython, in the same way: one Python, the scripts imported once, then per round a fresh copy of
the workbook in the stand-in book (tests/fake_xlwings.py, openpyxl), so the figures include the
stand-in's reading and writing, not real Excel's. The first round pays the lazy imports (a first click
in xlwings Lite; later clicks reuse the running Python).

    PSVXL_PYODIDE=/path/to/node_modules/pyodide python benchmarks/bench_lite.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import lite_pyodide
from fake_xlwings import FakeBook

EXAMPLE = ROOT / "examples" / "fjellvik-2024.xlsx"


def cpython(rounds: int, tmp: Path) -> dict[str, list[float]]:
    started = time.perf_counter()
    from psvxl import lite

    imported = time.perf_counter() - started
    times: dict[str, list[float]] = {"beregn": [], "kontroller": []}
    for round_ in range(rounds):
        path = tmp / f"cpython-{round_}.xlsx"
        shutil.copy(EXAMPLE, path)
        book = FakeBook(path, lite=True)
        for name, spent in times.items():
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):   # the scripts print their message
                asyncio.run(getattr(lite, name)(book))
            spent.append(time.perf_counter() - started)
    print(f"CPython {sys.version.split()[0]}: import psvxl.lite {imported:.3f} s")
    return times


def show(label: str, times: dict[str, list[float]]) -> None:
    for name, values in times.items():
        warm = values[1:] or values
        print(f"  {label:<8} {name:<11} first {values[0]:7.3f} s   median of the next {len(warm)}: "
              f"{statistics.median(warm):7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        show("CPython", cpython(rounds, Path(tmp)))
    reason = lite_pyodide.unavailable()
    if reason:
        print(f"Pyodide: not run ({reason})")
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = lite_pyodide.run(EXAMPLE, Path(tmp) / "host", Path(tmp) / "wheels", rounds=rounds)
    print(f"Pyodide (Python {result['python']}, {result['platform']}): start {result['load_seconds']:.2f} s, "
          f"import psvxl.lite {result['import_seconds']:.3f} s")
    show("Pyodide", {k: v for k, v in result["times"].items() if k in ("beregn", "kontroller")})
    resolution = result["resolution"]
    print(f"micropip resolving psvxl's wheel: pure-Python wheels {', '.join(resolution['wheel_files'])}; "
          f"Pyodide's own packages {resolution['pyodide_packages']}; not found {resolution['failed']}")
    if not result["lxml_available"]:
        print("Pyodide: lag_rapport made no report (lxml, one of Pyodide's own packages, is not in npm's pyodide "
              f"package); it answered: {result['report']['message'][:60]}…")


if __name__ == "__main__":
    main()
