"""build-report against a bare `import docxtpl`, side by side in one run (whole processes).

    python benchmarks/bench_report.py             # a 60-project workbook, 7 rounds
    python benchmarks/bench_report.py --projects 200 --rounds 5

The target (issue 13): build-report of a 60-project workbook within 3x a bare `python -c "import docxtpl"`.
Each round runs every process once, alternating, so drift of the machine hits all alike.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def workbook(folder: Path, projects: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from psvxl.model import Assessment
    from psvxl.workbook.build import build_workbook

    a = Assessment.from_json(json.loads((ROOT / "examples" / "fjellvik-2024.json").read_text("utf-8")))
    base = list(a.portfolio)
    for i in range(projects - len(base)):
        p = copy.copy(base[i % len(base)])
        p.id, p.continues = f"X-{i:04d}", None
        p.decision_date = dt.date(2021 + i % 4, 1 + i % 9, 1 + i % 28)
        a.portfolio.append(p)
    a.portfolio = a.portfolio[:projects]
    path = folder / f"portefolje-{projects}.xlsx"
    build_workbook(a, path)
    return path


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = workbook(folder, args.projects)
        runs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import docxtpl'": [sys.executable, "-c", "import docxtpl"],
            f"psvxl build-report ({args.projects} projects)": [sys.executable, "-m", "psvxl", "build-report", str(path),
                                                               "-o", str(folder / "r.docx")],
        }
        samples: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, argv in runs.items():
                samples[name].append(timed(argv))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name:<40} {value:7.3f} s (min {min(samples[name]):.3f})")
    names = list(medians)
    print(f"build-report / import docxtpl: {medians[names[2]] / medians[names[1]]:.2f}x of the medians, "
          f"{min(samples[names[2]]) / min(samples[names[1]]):.2f}x of the fastest runs (target: at most 3x)")
    print(f"({args.rounds} rounds, alternating; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
