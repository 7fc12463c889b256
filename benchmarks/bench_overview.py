"""`psvxl overview` of many workbooks, as an adviser following a county's programmes runs it.

    python benchmarks/bench_overview.py                 # 100 workbooks of 60 projects, 3 rounds
    python benchmarks/bench_overview.py --workbooks 20 --rounds 5

Target (issue 14): 100 workbooks of 60 projects in under 10 s on this machine (2 cores).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import workbook  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=100)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "programmer"
        folder.mkdir()
        one = workbook(Path(tmp), args.projects)
        for i in range(args.workbooks):
            shutil.copyfile(one, folder / f"program-{i:03d}.xlsx")
        out = Path(tmp) / "oversikt.xlsx"
        argv = [sys.executable, "-m", "psvxl", "overview", str(folder), "-o", str(out)]
        walls = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls.append(time.perf_counter() - start)
    print(f"psvxl overview of {args.workbooks} workbooks of {args.projects} projects: "
          f"median {statistics.median(walls):.2f} s, min {min(walls):.2f} s ({args.rounds} rounds; target: under 10 s)")


if __name__ == "__main__":
    main()
