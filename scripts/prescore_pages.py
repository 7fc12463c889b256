"""Page images of the pre-score form and the report's pre-score table, for the docs.

    python scripts/prescore_pages.py     # writes docs/report/forhandsvurdering-*.png (needs soffice and pdftoppm)

The example gets five made-up participants' pre-scores (a fixed seed); one copy of its fact base is
ticked the way Word ticks it (state and glyph); LibreOffice makes the PDFs, pdftoppm -r 60 the pages.
A maintenance script: psvxl and its tests do not use it.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psvxl import api  # noqa: E402
from psvxl.metrics import compute  # noqa: E402
from psvxl.model import PreScore  # noqa: E402
from psvxl.report.forms import mark_form  # noqa: E402
from psvxl.report.render import render_report  # noqa: E402
from psvxl.templates import FACTBASE_TEMPLATE  # noqa: E402

OUT = ROOT / "docs" / "report"
DPI = 60


def pdf_pages(docx: Path) -> tuple[Path, list[str]]:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                   check=True, capture_output=True, timeout=300)
    pdf = docx.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return pdf, text.split("\f")


def save_page(pdf: Path, page: int, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf), f"{tmp}/p"],
                       check=True)
        [png] = Path(tmp).glob("p*.png")
        shutil.copyfile(png, OUT / f"{name}.png")
    print(f"wrote docs/report/{name}.png (page {page})")


def tick_like_word(docx: bytes, ticks: dict[tuple[str, int], int]) -> bytes:
    source = zipfile.ZipFile(__import__("io").BytesIO(docx))
    out = __import__("io").BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                for (indicator_id, index), score in ticks.items():
                    tag = re.escape(f"psvxl|{indicator_id}|{index}|{score}")
                    box = re.search(rf"<w:sdt>(?:(?!</w:sdt>).)*?{tag}.*?</w:sdt>", text, re.DOTALL).group(0)
                    text = text.replace(box, box.replace('w14:checked w14:val="0"', 'w14:checked w14:val="1"')
                                        .replace("\u2610", "\u2612"))
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def main() -> None:
    a = api.load_json(ROOT / "examples" / "fjellvik-2024.json")
    rng = random.Random(25)
    people = ["Deltaker A", "Deltaker B", "Deltaker C", "Deltaker D", "Deltaker E"]
    for person in people:
        for ind in a.indicators:
            for index, theme in enumerate(ind.themes):
                base = int(theme.score or 4)
                a.prescores.append(PreScore(person, ind.id, index, min(6, max(1, base + rng.choice([-2, -1, 0, 0, 1])))))
    with tempfile.TemporaryDirectory() as tmp:
        form = Path(tmp) / "faktagrunnlag.docx"
        blank = render_report(a, compute(a), FACTBASE_TEMPLATE)
        mine = {(p.indicator_id, p.theme_index): int(p.score) for p in a.prescores if p.participant == people[0]}
        form.write_bytes(tick_like_word(mark_form(blank, a, "Deltaker A"), {k: v for k, v in mine.items()
                                                                            if k[0] == "profil" and k[1] < 3}))
        pdf, pages = pdf_pages(form)
        at = next(i for i, t in enumerate(pages) if "Dagens gjennomgang" in t and "Omstillingsplanen" in t)
        save_page(pdf, at + 1, "forhandsvurdering-skjema")
        at = next(i for i, t in enumerate(pages) if "Rekkefølge i møtet" in t and "drøft først" in t)
        save_page(pdf, at + 1, "forhandsvurdering-rekkefolge")
        report = Path(tmp) / "rapport.docx"
        report.write_bytes(render_report(a, compute(a)))
        pdf, pages = pdf_pages(report)
        at = next(i for i, t in enumerate(pages) if "Forhåndsvurdering" in t and "Største" in t)
        save_page(pdf, at + 1, "forhandsvurdering-rapport")


if __name__ == "__main__":
    main()
