"""What finding a workbook's målform costs a workbook command (cli.choose_language → read_language):
the guard and the Program sheet alone, before the command reads the whole workbook.

    python benchmarks/bench_language.py            # the example and a 10 000-project workbook

Prints the median of several runs in milliseconds, beside a full read (read_workbook) for scale.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def median_ms(fn, path: Path, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    from bench import EXAMPLE, big_workbook

    from psvxl.reading.read import read_language, read_workbook

    with tempfile.TemporaryDirectory() as folder:
        big = big_workbook(Path(folder))
        for name, path, rounds in (("example", EXAMPLE, 9), ("10 000 projects", big, 3)):
            lang = median_ms(read_language, path, rounds)
            full = median_ms(read_workbook, path, rounds)
            print(f"{name:>16}: read_language {lang:7.1f} ms   read_workbook {full:7.1f} ms")


if __name__ == "__main__":
    main()
