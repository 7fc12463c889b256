"""check-report and the --pdf export on the Spir-shaped case: time and pages.

    python benchmarks/bench_publish.py            # 3 rounds of check-report; one PDF each way
    python benchmarks/bench_publish.py --rounds 5

Prints the seconds check-report takes on the rendered report (in-process, after imports), the time of
the PDF export with the indexes updated through uno and with plain --convert-to, and the page counts.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psvxl import api
from psvxl.metrics import compute
from psvxl.report import pdf
from psvxl.report.check_report import check_report
from psvxl.report.render import render_report


def pages(path: Path) -> str:
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return found.group(1) if found else "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    a = api.load_json(ROOT / "tests" / "data" / "spir-2024.json")
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "spir.docx"
        docx.write_bytes(render_report(a, compute(a)))
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            problems = check_report(docx)
            times.append(time.perf_counter() - start)
        print(f"check-report: median {statistics.median(times):.3f} s over {args.rounds} rounds, "
              f"{len(problems)} problem(s)")
        if pdf.find_soffice() is None:
            print("PDF: LibreOffice is not installed")
            return
        for label, python in (("uno (indexes updated)", pdf.uno_python(pdf.find_soffice() or "")),
                              ("--convert-to", None)):
            if label.startswith("uno") and python is None:
                print("PDF via uno: no Python with uno here")
                continue
            original = pdf.uno_python
            pdf.uno_python = lambda soffice, chosen=python: chosen  # type: ignore[assignment]
            start = time.perf_counter()
            target = Path(tmp) / f"spir-{len(label)}.pdf"
            pdf.export_pdf(docx, target)
            pdf.uno_python = original  # type: ignore[assignment]
            print(f"PDF via {label}: {time.perf_counter() - start:.1f} s, {pages(target)} pages")


if __name__ == "__main__":
    main()
