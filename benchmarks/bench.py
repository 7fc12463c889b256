"""Wall time and peak memory of psvxl commands, each a whole process, as a user's click or command costs.

    python benchmarks/bench.py                 # validate, compute, ... on the example and a 10 000-project workbook
    python benchmarks/bench.py --rounds 7 --commands validate,compute

Each round runs every measured process once, alternating them, so drift of the machine hits all alike.
The figures printed are the median wall time and the largest peak RSS over the rounds.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXAMPLE = ROOT / "examples" / "fjellvik-2024.xlsx"
OPENPYXL_READ = ("import openpyxl, sys\n"
                 "book = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
                 "rows = sum(1 for ws in book.worksheets for _ in ws.iter_rows(values_only=True))\n")
CALAMINE_READ = ("import python_calamine, sys\n"
                 "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
                 "rows = sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)\n")


def big_workbook(folder: Path, projects: int = 10_000) -> Path:
    """The example with its portfolio grown to `projects` rows (built in this process: call it from a child)."""
    import json

    sys.path.insert(0, str(ROOT))
    from psvxl.model import Assessment
    from psvxl.workbook.build import build_workbook

    a = Assessment.from_json(json.loads((ROOT / "examples" / "fjellvik-2024.json").read_text("utf-8")))
    base = a.portfolio
    extra = []
    for i in range(projects - len(base)):
        p = copy.copy(base[i % len(base)])
        p.id = f"X-{i:05d}"
        p.continues = None
        p.decision_date = dt.date(2021 + i % 4, 1 + i % 12, 1 + i % 28)
        extra.append(p)
    a.portfolio = base + extra
    # Frames grown with the portfolio, so its figures stay plausible (validate's plausibility checks).
    for budget in a.budget:
        budget.frame = budget.frame * projects // len(base) if budget.frame else budget.frame
    path = folder / "portefolje-10000.xlsx"
    build_workbook(a, path)
    return path


def measure(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--commands", default="validate,compute,recompute,build-report")
    parser.add_argument("--make-big", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_big:
        big_workbook(Path(args.make_big))
        return
    commands = [c for c in args.commands.split(",") if c]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Built in a child process: this one stays small, so a forked child's peak RSS is its own.
        subprocess.run([sys.executable, __file__, "--make-big", str(folder)], check=True)
        big = folder / "portefolje-10000.xlsx"
        inputs = {"example": EXAMPLE, "10 000 projects": big}
        runs: dict[str, list[str]] = {}
        for label, path in inputs.items():
            runs[f"openpyxl read-only, {label}"] = [sys.executable, "-c", OPENPYXL_READ, str(path)]
            runs[f"bare calamine read, {label}"] = [sys.executable, "-c", CALAMINE_READ, str(path)]
            for command in commands:
                argv = [sys.executable, "-m", "psvxl", command, str(path)]
                if command == "build-report":
                    argv += ["-o", str(folder / f"{label}.docx")]
                if command == "recompute":
                    copy_path = folder / f"recompute-{path.name}"
                    copy_path.write_bytes(path.read_bytes())
                    argv[-1] = str(copy_path)
                runs[f"psvxl {command}, {label}"] = argv
        runs["python -c pass (interpreter start)"] = [sys.executable, "-c", "pass"]
        runs["import psvxl.cli (CLI start-up)"] = [sys.executable, "-c", "import psvxl.cli"]
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, argv in runs.items():
                results[name].append(measure(argv))
    print(f"{'process':<48} {'median s':>9} {'min s':>7} {'peak MB':>8} {'exit':>5}")
    for name, samples in results.items():
        walls = [s[0] for s in samples]
        print(f"{name:<48} {statistics.median(walls):>9.3f} {min(walls):>7.3f} "
              f"{max(s[1] for s in samples):>8.1f} {samples[-1][2]:>5}")
    medians = {name: statistics.median(s[0] for s in samples) for name, samples in results.items()}
    for label in inputs:
        for command in commands:
            mine = medians.get(f"psvxl {command}, {label}")
            if mine:
                print(f"psvxl {command}, {label}: {mine / medians[f'openpyxl read-only, {label}']:.2f}x openpyxl "
                      f"read-only, {mine / medians[f'bare calamine read, {label}']:.2f}x bare calamine")
    print(f"({args.rounds} rounds, alternating; Python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
