"""Page images of the reports for the docs: PDF by LibreOffice, then PNG pages by pdftoppm.

    python scripts/report_pages.py            # writes docs/report/*.png (needs soffice and pdftoppm)

Which pages are kept is found by their text (pdftotext), so the images follow the report as it grows.
A maintenance script: psvxl and its tests do not use it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psvxl import api  # noqa: E402
from psvxl.carry import next_year  # noqa: E402
from psvxl.metrics import compute  # noqa: E402
from psvxl.model import Assessment  # noqa: E402
from psvxl.report.render import render_report  # noqa: E402

OUT = ROOT / "docs" / "report"
DPI = 60


def pdf_of(docx: Path) -> Path:
    """The PDF as `--pdf` makes it: indexes updated (TOC page numbers), tagged."""
    from psvxl.report.pdf import export_pdf

    for note in export_pdf(docx, docx.with_suffix(".pdf")):
        print(note)
    return docx.with_suffix(".pdf")


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


def save_page(pdf: Path, page: int, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf),
                        f"{tmp}/p"], check=True)
        [png] = Path(tmp).glob("p*.png")
        shutil.copyfile(png, OUT / f"{name}.png")
    print(f"wrote docs/report/{name}.png (page {page})")


def first_page_with(pages: list[str], words: str, after: int = 0) -> int:
    return next(i + 1 for i, text in enumerate(pages) if i >= after and words in text)


def three_years() -> Assessment:
    """The example carried to 2025 and filled in, then to 2026: follow-up and the trend."""
    a = api.load_json(ROOT / "examples" / "fjellvik-2024.json")
    for year, shift in ((2025, 1), (2026, 0)):
        a = next_year(a)
        a.program.assessment_date = dt.date(year, 10, 10)
        for ind in a.indicators:
            for t in ind.themes:
                t.score = max(1, min(6, (t.previous_score or 3) + shift))
            ind.total = max(1.0, min(6.0, (ind.previous_total or 3.0) + shift * 0.5))
            ind.strengths, ind.actions, ind.summary = [f"Styrke {year}"], [f"Tiltak {year}"], f"Vurdering {year}"
        for action, status in zip(a.previous_actions, ["gjennomført", "pågår", "ikke startet", "utgår"] * 10, strict=False):
            action.status, action.comment = status, f"Fulgt opp i {year}"
    return a


def rendered(folder: Path, name: str, a: Assessment, template: Path | None = None, as_of: dt.date | None = None,
             language: str | None = None) -> tuple[Path, list[str]]:
    """The PDF of `a`'s report (or fact base) and the text of each of its pages."""
    docx = folder / f"{name}.docx"
    docx.write_bytes(render_report(a, compute(a), template, as_of, language))
    pdf = pdf_of(docx)
    return pdf, page_texts(pdf)


def report_pages(folder: Path) -> None:
    example = api.load_json(ROOT / "examples" / "fjellvik-2024.json")
    pdf, pages = rendered(folder, "fjellvik", example)
    chosen = {"side-forside": 1, "side-innhold": first_page_with(pages, "Innhold"),
              "side-om-vurderingen": first_page_with(pages, "Deltakere", 2),
              "side-poengoversikt": first_page_with(pages, "Tabellen viser gruppens omforente"),
              "side-indikator": first_page_with(pages, "Omstillingsplanen er akseptert og forankret", 4),
              "side-portefolje-og-budsjett": first_page_with(pages, "Porteføljeoversikt og budsjett", 4),
              "side-arbeidsplasser": first_page_with(pages, "Utvikling i arbeidsplasser", 4),
              "side-avslutning": first_page_with(pages, "Stikkord fra en avsluttende runde"),
              "side-vedlegg": first_page_with(pages, "Vedlegg: Prosjektliste", 4)}
    for name, page in chosen.items():
        save_page(pdf, page, name)
    pdf, pages = rendered(folder, "tre-aar", three_years())
    save_page(pdf, first_page_with(pages, "Av 7 anbefalte tiltak"), "oppfolging")    # the trend is there too


def factbase_pages(folder: Path) -> None:
    """The fact base, a week before the meeting: nothing scored yet."""
    from psvxl.templates import FACTBASE_TEMPLATE

    before = api.load_json(ROOT / "tests" / "data" / "spir-2024.json")     # the Spir-shaped case: last year too
    for ind in before.indicators:
        ind.total, ind.summary, ind.strengths, ind.improvements, ind.actions = None, None, [], [], []
        for t in ind.themes:
            t.score = None
    pdf, pages = rendered(folder, "fakta", before, FACTBASE_TEMPLATE, dt.date(2024, 10, 1))
    for name, words, after in (("faktagrunnlag-forside", "Til PSV-teamet", 0),
                               ("faktagrunnlag-programmet", "Organisering og bemanning", 2),
                               ("faktagrunnlag-nokkeltall", "Budsjett per år", 2),
                               ("faktagrunnlag-arbeidsplasser", "Sum hittil", 2),
                               ("faktagrunnlag-dagens-gjennomgang", "Dagens gjennomgang", 2)):
        save_page(pdf, first_page_with(pages, words, after), name)


def other_cases(folder: Path) -> None:
    """The 12-indicator example's groups; the Spir-shaped case's handlingsplan and score overview."""
    pdf, pages = rendered(folder, "tolv", api.load_json(ROOT / "examples" / "eksempel-12-indikatorer-2024.json"))
    save_page(pdf, first_page_with(pages, "Tabellen viser gruppens omforente"), "tolv-indikatorer-poengoversikt")
    save_page(pdf, first_page_with(pages, "Bostedsattraktivitet", 4), "tolv-indikatorer-temagrupper")
    pdf, pages = rendered(folder, "spir", api.load_json(ROOT / "tests" / "data" / "spir-2024.json"))
    save_page(pdf, first_page_with(pages, "hvor hun fremhevet:", 2), "spir-handlingsplan")
    save_page(pdf, first_page_with(pages, "Tabellen viser gruppens omforente"), "spir-poengoversikt")


def nynorsk_pages(folder: Path) -> None:
    """The Spir-shaped case as a nynorsk programme's report: målform nynorsk, the standard set in nynorsk,
    its fixed text in nynorsk (the programme's own text is the case's)."""
    from psvxl.framework import in_standard_words

    a = api.load_json(ROOT / "tests" / "data" / "spir-2024.json")
    a.program.language = "nn"
    a.indicators = in_standard_words(a.indicators, "nn")
    pdf, pages = rendered(folder, "spir-nn", a)
    for name, words, after in (("nynorsk-forside", "Programeigar", 0), ("nynorsk-om-vurderinga", "Deltakarar", 2),
                               ("nynorsk-poengoversikt", "Tabellen viser den omforente totalen", 2),
                               ("nynorsk-indikator", "Det skal vurderast kva profil", 4),
                               ("nynorsk-arbeidsplassar", "Utvikling i arbeidsplassar", 4)):
        save_page(pdf, first_page_with(pages, words, after), name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for pages in (report_pages, factbase_pages, other_cases, nynorsk_pages):
            pages(Path(tmp))


if __name__ == "__main__":
    main()
