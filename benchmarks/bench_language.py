"""What finding a workbook's målform costs a workbook command (cli.choose_language → read_language):
the guard and the Program sheet alone, before the command reads the whole workbook. And what a nynorsk
workbook costs against a bokmål one of the same data (names by either spelling, findings respelled).

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
        maalformer(Path(folder))


def maalformer(folder: Path) -> None:
    """The example in bokmål and in nynorsk: validate (read and check) each."""
    import json

    from psvxl.model import Assessment
    from psvxl.validate import validate_workbook
    from psvxl.workbook.build import build_workbook

    for lang in ("nb", "nn"):
        a = Assessment.from_json(json.loads((ROOT / "examples" / "fjellvik-2024.json").read_text("utf-8")))
        a.program.language = lang
        path = folder / f"example-{lang}.xlsx"
        build_workbook(a, path)
        print(f"{'example, ' + lang:>16}: validate_workbook {median_ms(validate_workbook, path, 9):7.1f} ms")


if __name__ == "__main__":
    main()
