"""Time of reading Word reports that try to make the importer slow: many short bold paragraphs (each a
heading candidate that looks ahead), bold lines before score lines, a heading of 100 000 «(», and
«Total poengsum» alone many times. The figures show whether the time grows with the size (linear)
or with its square.

    python benchmarks/bench_import.py            # 4 000 and 100 000 paragraphs
    python benchmarks/bench_import.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
                 'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
                 'main+xml"/></Types>')


def paragraph(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:p><w:r>{props}<w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def docx(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(paragraphs)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
                                        f"{body}</w:body></w:document>")
    return path


def cases(n: int) -> dict[str, list[str]]:
    return {
        f"{n} korte fete avsnitt": [paragraph(f"Punkt {i}", bold=True) for i in range(n)],
        f"{n} fete avsnitt med poenglinje til slutt": [paragraph("Profil og kommunikasjon", True)]
        + [paragraph(f"Tema {i}", bold=True) for i in range(n)] + [paragraph("☐ 1 ☐ 2 ☒ 3 ☐ 4 ☐ 5 ☐ 6")],
        f"{n} × «Total poengsum» alene": [paragraph("Profil og kommunikasjon", True), paragraph("Tema", True),
                                          paragraph("☒ 1 ☐ 2 ☐ 3")]
        + [paragraph("Total poengsum", bold=True) for _ in range(n)],
        f"overskrift av {n} «(»": [paragraph("(" * n, bold=True), paragraph("☒ 1 ☐ 2 ☐ 3")],
        f"{n} nummererte linjer": [paragraph(f"{i % 99 + 1}. punkt") for i in range(n)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="4000,100000")
    args = parser.parse_args()
    from psvxl.errors import PsvxlError
    from psvxl.report_import import read_report

    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            for name, paragraphs in cases(n).items():
                path = docx(Path(tmp) / "r.docx", paragraphs)
                start = time.perf_counter()
                try:
                    result = read_report(path)
                    outcome = f"{len(result.ledger)} avsnitt i regnskapet, {len(result.unreadable)} ikke lesbare"
                except PsvxlError as exc:
                    outcome = f"avvist: {str(exc)[:70]}"
                print(f"{name:50} {time.perf_counter() - start:7.2f} s   {outcome}")


if __name__ == "__main__":
    main()
