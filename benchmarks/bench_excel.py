"""Import and run time of each button's entry point (psvxl.excel), each in a fresh Python as a
click on a button starts one. Excel itself is replaced by tests/fake_xlwings.py (openpyxl), so the
run time excludes the time real Excel takes per call; the number of calls into "Excel" is printed.

    python benchmarks/bench_excel.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys, time
t0 = time.perf_counter()
import psvxl.excel as e
t1 = time.perf_counter()
sys.path.insert(0, {tests!r})
from fake_xlwings import FakeBook
book = FakeBook({path!r})
t2 = time.perf_counter()
getattr(e, {entry!r})(book)
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "run": t3 - t2, "calls": book.calls}}))
"""


def main(rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "PSV.xlsm"
        subprocess.run([sys.executable, "-m", "psvxl", "new", "-o", str(book), "--from-json",
                        str(ROOT / "examples" / "fjellvik-2024.json")], check=True, capture_output=True)
        print(f"{'entry point':<16} {'import s':>9} {'run s':>7} {'calls':>6}")
        for entry in ("recompute", "check", "build_report"):
            samples = []
            for _ in range(rounds):
                copy = Path(tmp) / f"{entry}.xlsm"
                shutil.copyfile(book, copy)
                code = CHILD.format(tests=str(ROOT / "tests"), path=str(copy), entry=entry)
                out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
                samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"{entry:<16} {statistics.median(s['import'] for s in samples):>9.3f} "
                  f"{statistics.median(s['run'] for s in samples):>7.3f} {samples[-1]['calls']:>6}")
    print(f"(median of {rounds}; the example workbook; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
