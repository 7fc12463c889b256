"""Wall time of `psvxl collect-scores` as a whole process: the example workbook and N ticked forms.

    python benchmarks/bench_collect.py            # 12 forms, 5 rounds
    python benchmarks/bench_collect.py --forms 30 --rounds 3

Prints the median wall time of collecting all forms into a fresh copy of the workbook (the sheet is
added), of collecting them again (nothing changes), and of `psvxl compute` with the pre-scores.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from prescore_pages import tick_like_word  # noqa: E402

from psvxl import api  # noqa: E402


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "psvxl", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbook = folder / "PSV.xlsx"
        shutil.copy(ROOT / "examples" / "fjellvik-2024.xlsx", workbook)
        form = folder / "skjema.docx"
        api.build_factbase(workbook, form)
        a = api.load_json(ROOT / "examples" / "fjellvik-2024.json")
        rng = random.Random(1)
        forms = []
        for n in range(options.forms):
            ticks = {(ind.id, k): rng.randint(1, 6) for ind in a.indicators for k in range(len(ind.themes))}
            path = folder / f"Deltaker {n + 1}.docx"
            path.write_bytes(tick_like_word(form.read_bytes(), ticks))
            forms.append(str(path))
        first, again, compute = [], [], []
        for _ in range(options.rounds):
            copy = folder / "kopi.xlsx"
            shutil.copy(workbook, copy)
            first.append(timed("collect-scores", str(copy), *forms))
            again.append(timed("collect-scores", str(copy), *forms))
            compute.append(timed("compute", str(copy), "--format", "json"))
    print(f"{options.forms} forms x 29 themes, median of {options.rounds} rounds:")
    print(f"  collect-scores, sheet added:   {statistics.median(first):.2f} s")
    print(f"  collect-scores, again (no-op): {statistics.median(again):.2f} s")
    print(f"  compute --format json:          {statistics.median(compute):.2f} s")


if __name__ == "__main__":
    main()
