"""Pre-scores (forhåndsvurdering): the fact base as a form, ticked the ways people tick it, collected
into the workbook, and the figures per theme and indicator, checked against a reference."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import zipfile
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from psvxl import layout
from psvxl.cli import cli
from psvxl.model import Assessment, Indicator, PreScore, Theme
from psvxl.prescores import compute_prescores
from psvxl.workbook.build import build_workbook
from psvxl.reading.package import sheet_parts
from tests.conftest import example

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
NS = {"w": W, "w14": W14}

# Participants whose names appear nowhere else in the example (so a name in the report is a leak).
KARI, OLA, INGRID, PER = "Astrid Forhånd", "Bjørn Kryss", "Cecilie Boks", "Dag Skriver"

# What each of the four ticks: (indicator id, theme index) -> score. Per types X by hand.
TICKS = {
    KARI: {("profil", 0): 4, ("profil", 1): 5, ("organisering", 0): 2, ("baerekraft", 2): 6},
    OLA: {("profil", 0): 5, ("profil", 1): 5, ("organisering", 0): 5, ("baerekraft", 2): 3},
    INGRID: {("profil", 0): 4, ("profil", 1): 4, ("organisering", 0): 3},
    PER: {("profil", 0): 6, ("profil", 1): 5, ("organisering", 0): 4, ("baerekraft", 2): 6},
}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# --- editing a form as Word and as a person would ---------------------------------------------

def _edit_part(path: Path, out: Path, part: str, change) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out


def _box(root, indicator_id: str, index: int, score: int):
    tag = f"psvxl|{indicator_id}|{index}|{score}"
    found = root.xpath(f'//w:sdt[w:sdtPr/w:tag/@w:val="{tag}"]', namespaces=NS)
    assert len(found) == 1, tag
    return found[0]


def word_ticks(form: Path, out: Path, ticks: dict, saved_by: str | None = None) -> Path:
    """Click the boxes as Word does: w14:checked becomes 1 and the glyph ☒; Word's save sets
    cp:lastModifiedBy to the user."""
    def click(root):
        for (indicator_id, index), score in ticks.items():
            sdt = _box(root, indicator_id, index, score)
            sdt.find(f"w:sdtPr/{{{W14}}}checkbox/{{{W14}}}checked", NS).set(f"{{{W14}}}val", "1")
            for t in sdt.iter(f"{{{W}}}t"):
                t.text = t.text.replace("\u2610", "\u2612")

    _edit_part(form, out.with_suffix(".tmp"), "word/document.xml", click)
    if saved_by is None:
        out.with_suffix(".tmp").rename(out)
        return out

    def saved(root):
        root.find(f"{{{CP}}}lastModifiedBy").text = saved_by

    _edit_part(out.with_suffix(".tmp"), out, "docProps/core.xml", saved)
    out.with_suffix(".tmp").unlink()
    return out


def typed_ticks(form: Path, out: Path, ticks: dict) -> Path:
    """Select the box and type X over it: the content control is gone, an X run stands in its place."""
    def type_x(root):
        for (indicator_id, index), score in ticks.items():
            sdt = _box(root, indicator_id, index, score)
            run_ = etree.SubElement(etree.Element(f"{{{W}}}dummy"), f"{{{W}}}r")
            etree.SubElement(run_, f"{{{W}}}t").text = "X"
            sdt.addprevious(run_)
            sdt.getparent().remove(sdt)

    return _edit_part(form, out, "word/document.xml", type_x)


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


# --- the fixture: a workbook, its fact base and four ticked copies ----------------------------

@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forhand")
    workbook = folder / "PSV-2024.xlsx"
    build_workbook(example(), workbook)
    form = folder / "Faktagrunnlag.docx"
    assert run("build-factbase", workbook, "-o", form).exit_code == 0
    named = folder / "Faktagrunnlag-Astrid.docx"
    assert run("build-factbase", workbook, "-o", named, "--participant", KARI).exit_code == 0
    forms = [
        word_ticks(named, folder / "svar-1.docx", TICKS[KARI]),                       # name on the form
        word_ticks(form, folder / "svar-2.docx", TICKS[OLA], saved_by=OLA),           # saved by Ola in Word
        word_ticks(form, folder / "svar-3.docx", TICKS[INGRID], saved_by=INGRID),
        typed_ticks(form, folder / f"{PER}.docx", TICKS[PER]),                       # X typed; the file's name
    ]
    return folder, workbook, form, forms


@pytest.fixture(scope="module")
def collected(setup):
    """A copy of the workbook with the four forms collected, and what collect-scores said."""
    folder, workbook, _, forms = setup
    path = folder / "PSV-2024-samlet.xlsx"
    shutil.copy(workbook, path)
    result = run("collect-scores", path, *forms)
    assert result.exit_code == 0, result.output
    return path, result.output


def reference(ticks: dict) -> dict:
    by_theme: dict = {}
    for scores in ticks.values():
        for key, score in scores.items():
            by_theme.setdefault(key, []).append(score)
    return {key: {"n": len(v), "mean": statistics.fmean(v), "min": min(v), "max": max(v),
                  "spread": max(v) - min(v), "discuss": max(v) - min(v) >= 2} for key, v in by_theme.items()}


def figures(workbook: Path) -> dict:
    import json

    result = run("compute", workbook, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_form_has_word_check_boxes(setup):
    _, _, form, _ = setup
    with zipfile.ZipFile(form) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        custom = z.read("docProps/custom.xml").decode("utf-8")
    boxes = root.xpath("//w:sdt[w:sdtPr/w14:checkbox]", namespaces=NS)
    themes = sum(len(ind.themes) for ind in example().indicators)
    assert len(boxes) == themes * 6
    first = boxes[0]
    props = first.find("w:sdtPr", NS)
    assert props.find("w:tag", NS).get(f"{{{W}}}val") == "psvxl|profil|0|1"
    assert props.find("w14:checkbox/w14:checked", NS).get(f"{{{W14}}}val") == "0"
    assert props.find("w14:checkbox/w14:checkedState", NS).get(f"{{{W14}}}val") == "2612"
    assert props.find("w14:checkbox/w14:uncheckedState", NS).get(f"{{{W14}}}font") == "MS Gothic"
    assert "".join(first.itertext()) == "\u2610"                          # the glyph prints without Word
    assert "Omstillingsprogrammet for Fjellvik" in custom and "2024" in custom
    text = document_text(form)
    assert "klikk i én boks per påstand" in text and "send det som vedlegg til Anne Vik" in text
    named = docx.Document(str(setup[0] / "Faktagrunnlag-Astrid.docx"))
    assert f"Skjema for: {KARI}" in [p.text for p in named.paragraphs[:5]]


def test_collect_four_forms_and_every_figure(collected):
    workbook, output = collected
    assert output.count("lagt til") == 4 and "har nå 4 deltakere" in output
    pre = figures(workbook)["prescores"]
    assert pre["participants"] == 4
    expected = reference(TICKS)
    got = {(t["indicator_id"], t["theme_index"]): t for t in pre["themes"]}
    assert set(got) == set(expected)
    for key, want in expected.items():
        theme = got[key]
        assert theme["n"] == want["n"], key
        assert theme["mean"] == pytest.approx(want["mean"]), key
        assert (theme["min"], theme["max"], theme["spread"], theme["discuss"]) == \
            (want["min"], want["max"], want["spread"], want["discuss"]), key
    assert got[("organisering", 0)]["discuss"] and not got[("profil", 1)]["discuss"]
    profil = next(i for i in pre["indicators"] if i["id"] == "profil")
    assert profil["mean"] == pytest.approx((expected[("profil", 0)]["mean"] + expected[("profil", 1)]["mean"]) / 2)
    # The sheet: one column per participant, named; the typed X counted for Per (named by the file).
    sheet = openpyxl.load_workbook(workbook)["Forhåndsvurdering"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][:7] == ("Indikator", "Tema nr.", "Tema", KARI, OLA, INGRID, PER)
    assert rows[4][:7] == ("profil", 1, "Omstillingsplanen", 4, 5, 4, 6)


def test_collecting_again_changes_nothing(setup, collected):
    forms, workbook = setup[3], collected[0]
    before = workbook.read_bytes()
    result = run("collect-scores", workbook, *forms)
    assert result.exit_code == 0, result.output
    assert result.output.count("uendret") == 4
    assert workbook.read_bytes() == before


def test_a_theme_ticked_twice_is_refused_naming_it(setup):
    folder, workbook, form, _ = setup
    twice = word_ticks(form, folder / "dobbel.docx", {("profil", 0): 3}, saved_by="Eva")
    twice = word_ticks(twice, folder / "dobbel2.docx", {("profil", 0): 5})
    before = workbook.read_bytes()
    result = run("collect-scores", workbook, twice)
    assert result.exit_code == 1
    assert "dobbel2.docx" in result.output and "«Omstillingsplanen»" in result.output
    assert "krysset av to ganger (3 og 5)" in result.output
    assert workbook.read_bytes() == before


def test_a_form_for_another_programme_or_year_is_refused(setup, tmp_path):
    _, workbook, _, _ = setup
    other = example()
    other.program.name = "Omstillingsprogrammet for Nabobygda"
    other.program.year = 2023
    other.program.assessment_date = other.program.assessment_date.replace(year=2023)
    other.history = []
    other_book = tmp_path / "annen.xlsx"
    build_workbook(other, other_book)
    made = run("build-factbase", other_book, "-o", tmp_path / "annen.docx")
    assert made.exit_code == 0, made.output
    ticked = word_ticks(tmp_path / "annen.docx", tmp_path / "feil-program.docx", {("profil", 0): 4}, saved_by="Eva")
    before = workbook.read_bytes()
    result = run("collect-scores", workbook, ticked)
    assert result.exit_code == 1
    assert "feil-program.docx er et skjema for programmet «Omstillingsprogrammet for Nabobygda»" in result.output
    assert "for året «2023»" in result.output
    assert workbook.read_bytes() == before


def test_the_same_person_twice_in_one_run_is_refused(setup, tmp_path):
    _, workbook, form, _ = setup
    a = word_ticks(form, tmp_path / "a.docx", {("profil", 0): 2}, saved_by="Eva")
    b = word_ticks(form, tmp_path / "b.docx", {("profil", 0): 3}, saved_by="Eva")
    result = run("collect-scores", workbook, a, b)
    assert result.exit_code == 1 and "a.docx og b.docx gjelder begge deltakeren «Eva»" in result.output


def test_the_same_file_under_two_names_is_refused(setup, tmp_path):
    form = setup[2]
    a = word_ticks(form, tmp_path / "Eva.docx", {("profil", 0): 2})
    b = tmp_path / "Eva-kopi.docx"
    shutil.copy(a, b)
    book = tmp_path / "PSV.xlsx"
    build_workbook(example(), book)
    result = run("collect-scores", book, a, b)
    assert result.exit_code == 1 and "Eva.docx og Eva-kopi.docx er samme fil" in result.output
    assert "Forhåndsvurdering" not in openpyxl.load_workbook(book).sheetnames


def test_a_new_form_replaces_a_participant_with_a_message(setup, collected, tmp_path):
    _, workbook, form, _ = setup
    workbook = collected[0]
    copy = tmp_path / "PSV.xlsx"
    shutil.copy(workbook, copy)
    changed = word_ticks(form, tmp_path / "ny.docx", {("profil", 0): 1}, saved_by=OLA)
    result = run("collect-scores", copy, changed)
    assert result.exit_code == 0 and "erstatter de gamle" in result.output
    pre = figures(copy)["prescores"]
    assert pre["participants"] == 4
    theme = next(t for t in pre["themes"] if (t["indicator_id"], t["theme_index"]) == ("profil", 0))
    assert (theme["min"], theme["max"], theme["n"]) == (1, 6, 4)
    assert not any(t["indicator_id"] == "baerekraft" and t["n"] == 2 and t["min"] == 3 for t in pre["themes"])


def test_only_the_new_sheet_is_added(setup, tmp_path):
    """collect-scores on a workbook without the sheet: every other part stays byte for byte."""
    _, _, _, forms = setup
    book = tmp_path / "PSV.xlsx"
    build_workbook(example(), book)
    with zipfile.ZipFile(book) as z:
        before = {n: z.read(n) for n in z.namelist()}
    assert run("collect-scores", book, forms[1]).exit_code == 0
    with zipfile.ZipFile(book) as z:
        after = {n: z.read(n) for n in z.namelist()}
        parts = sheet_parts(z)
    new = set(after) - set(before)
    assert new == {parts["Forhåndsvurdering"]}
    for name, data in before.items():
        if name not in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            assert after[name] == data, name
    assert openpyxl.load_workbook(book).sheetnames[-1] == "Forhåndsvurdering"


def test_recompute_writes_the_figures_beside_the_totals(setup, collected, tmp_path):
    _, workbook, _, _ = setup
    workbook = collected[0]
    book = tmp_path / "PSV.xlsx"
    shutil.copy(workbook, book)
    result = run("recompute", book)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    sheet = wb[layout.ASSESSMENTS.name]
    header = [c.value for c in sheet[1]]
    mean_col, spread_col = header.index("Snitt før møtet"), header.index("Største sprik før møtet")
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    expected = reference(TICKS)
    assert rows["profil"][mean_col] == pytest.approx((expected[("profil", 0)]["mean"] + expected[("profil", 1)]["mean"]) / 2)
    assert rows["organisering"][spread_col] == 3
    assert rows["portefolje"][mean_col] is None
    results = [c for row in wb[layout.RESULTS_SHEET].iter_rows(values_only=True) for c in row if c is not None]
    assert "Drøft først" in results
    at = results.index("Forhåndsvurdering: 4 deltakere, i rekkefølgen for møtet (størst sprik først)")
    assert results[at + 9] == example().indicator("organisering").name      # widest spread, lower mean first
    assert results[at + 1: at + 9] == ["Indikator", "Tema", "Svar", "Snitt", "Lavest", "Høyest", "Sprik", "Merknad"]


def test_names_stay_on_the_sheet(setup, collected, tmp_path):
    """Privacy: the report, the fact base and the overview count participants, never name them."""
    _, workbook, _, _ = setup
    workbook = collected[0]
    report, factbase, overview = tmp_path / "rapport.docx", tmp_path / "fakta.docx", tmp_path / "oversikt.xlsx"
    assert run("build-report", workbook, "-o", report).exit_code in (0, 1)
    assert run("build-factbase", workbook, "-o", factbase).exit_code == 0
    assert run("overview", workbook, "-o", overview).exit_code in (0, 1)
    assert report.exists() and overview.exists()
    for path in (report, factbase, overview):
        text = document_text(path)
        for name in (KARI, OLA, INGRID, PER):
            assert name not in text, (path.name, name)
    report_text = document_text(report)
    assert "Før møtet ga 4 deltakere sine egne poeng" in report_text and "Største sprik" in report_text
    assert "Rekkefølge i møtet" in document_text(factbase)


def test_the_agenda_lists_the_widest_spread_first(setup, collected):
    _, workbook, _, _ = setup
    workbook = collected[0]
    result = run("build-factbase", workbook, "-o", workbook.with_name("agenda.docx"), "--agenda")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()[:3].strip(". ").isdigit()]
    assert "Organisering" in lines[0] and "drøft først" in lines[0]          # spread 3
    spreads = [int(line.split("(sprik ")[1].split(",")[0]) for line in lines]
    assert spreads == [3, 3, 2, 1]                      # ties: the lower mean (more doubt) first
    assert "Bærekraft" in lines[1] or "baerekraft" in lines[1].lower()
    for name in (KARI, OLA, INGRID, PER):
        assert name not in result.output


def test_the_sheet_edited_by_hand_is_read_and_checked(setup, collected, tmp_path):
    _, workbook, _, _ = setup
    workbook = collected[0]
    book = tmp_path / "PSV.xlsx"
    shutil.copy(workbook, book)
    wb = openpyxl.load_workbook(book)
    sheet = wb["Forhåndsvurdering"]
    sheet["H4"] = "Eirik For Hånd"
    sheet["H5"] = 2
    sheet["H6"] = 7
    wb.save(book)
    result = run("validate", book, "--format", "json")
    assert result.exit_code == 1
    import json

    found = json.loads(result.stdout)["findings"]
    assert {"code": "prescore-invalid", "cell": "H6"}.items() <= next(f for f in found if f["code"] == "prescore-invalid").items()
    wb = openpyxl.load_workbook(book)
    wb["Forhåndsvurdering"]["H6"] = None
    wb.save(book)
    pre = figures(book)["prescores"]
    assert pre["participants"] == 5
    assert next(t for t in pre["themes"] if (t["indicator_id"], t["theme_index"]) == ("profil", 0))["min"] == 2


def test_export_and_import_keep_the_prescores(setup, collected, tmp_path):
    _, workbook, _, _ = setup
    workbook = collected[0]
    out = tmp_path / "a.json"
    assert run("export-json", workbook, "-o", out).exit_code in (0, 1)
    again = tmp_path / "b.xlsx"
    assert run("new", "--from-json", out, "-o", again).exit_code == 0
    out2 = tmp_path / "b.json"
    run("export-json", again, "-o", out2)
    assert out.read_text("utf-8") == out2.read_text("utf-8")
    import json

    prescores = json.loads(out.read_text("utf-8"))["prescores"]
    assert {"participant": PER, "indicator_id": "profil", "theme_index": 0, "score": 6} in prescores


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_form_saved_by_libreoffice(setup, tmp_path):
    """LibreOffice 7.4 drops the boxes' tags and aliases but keeps the state, the glyph, the custom
    properties and the score lines' bookmarks: the ticks are still placed by theme."""
    form = setup[2]
    ticked = word_ticks(form, tmp_path / "lo-svar.docx", {("profil", 0): 2, ("baerekraft", 2): 5}, saved_by="Frida")
    outdir = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "docx", "--outdir", str(outdir), str(ticked)], check=True, capture_output=True, timeout=240)
    converted = outdir / "lo-svar.docx"
    book = tmp_path / "PSV.xlsx"
    build_workbook(example(), book)
    result = run("collect-scores", book, converted, "--participant", "Frida")
    assert result.exit_code == 0, result.output
    pre = figures(book)["prescores"]
    assert {(t["indicator_id"], t["theme_index"], t["min"]) for t in pre["themes"]} == {("profil", 0, 2), ("baerekraft", 2, 5)}


# --- the figures as a class -------------------------------------------------------------------

SLOW = os.environ.get("PSVXL_SLOW") == "1"


@st.composite
def assessments_with_prescores(draw):
    low = draw(st.integers(0, 2))
    high = draw(st.integers(low + 1, low + 6))
    indicators = []
    for k in range(draw(st.integers(1, 4))):
        indicators.append(Indicator(id=f"i{k}", themes=[Theme(title=f"t{j}") for j in range(draw(st.integers(1, 4)))]))
    people = [f"Deltaker Nr{n}" for n in range(draw(st.integers(1, 8)))]
    prescores = []
    for person in people:
        for ind in indicators:
            for j in range(len(ind.themes)):
                if draw(st.booleans()):
                    prescores.append(PreScore(person, ind.id, j, draw(st.integers(low, high))))
    a = Assessment(indicators=indicators, prescores=prescores)
    return a


@pytest.mark.slow   # PSVXL_SLOW=1 runs it at full size
@settings(max_examples=400 if SLOW else 60, derandomize=not SLOW, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(assessments_with_prescores())
def test_figures_match_a_reference(a):
    figures_ = compute_prescores(a)
    if not a.prescores:
        assert figures_ is None
        return
    by_theme: dict = {}
    for p in a.prescores:
        by_theme.setdefault((p.indicator_id, p.theme_index), []).append(p.score)
    assert figures_.participants == len({p.participant for p in a.prescores})
    assert {(t.indicator_id, t.theme_index) for t in figures_.themes} == set(by_theme)
    for t in figures_.themes:
        scores = by_theme[(t.indicator_id, t.theme_index)]
        assert t.n == len(scores)
        assert t.mean == Fraction(sum(scores), len(scores))
        assert float(t.mean) == pytest.approx(statistics.fmean(scores))
        assert (t.min, t.max, t.spread) == (min(scores), max(scores), max(scores) - min(scores))
        assert t.discuss == (max(scores) - min(scores) >= 2)
    for ind in figures_.indicators:
        means = [Fraction(sum(v), len(v)) for (i, _), v in by_theme.items() if i == ind.id]
        assert ind.mean == (sum(means) / len(means) if means else None)
    agenda = figures_.agenda()
    assert [t.spread for t in agenda] == sorted((t.spread for t in agenda), reverse=True)
    json_ = figures_.to_json()
    assert len(json_["themes"]) == len(figures_.themes)
    assert not any(p.participant in str(json_) for p in a.prescores)        # counted, never named


@pytest.mark.parametrize(("state", "glyph", "ticked"), [
    ("1", "\u2610", True),      # the state says ticked, a program left the glyph
    ("0", "\u2612", True),      # only the glyph says so (a program that writes no state)
    ("true", "\u2612", True),
    ("0", "\u2610", False),
])
def test_a_box_is_ticked_by_its_state_or_its_glyph(setup, tmp_path, state, glyph, ticked):
    from psvxl.collect import read_form, read_ticks

    def change(root):
        sdt = _box(root, "profil", 0, 3)
        sdt.find(f"w:sdtPr/{{{W14}}}checkbox/{{{W14}}}checked", NS).set(f"{{{W14}}}val", state)
        for t in sdt.iter(f"{{{W}}}t"):
            t.text = glyph

    form = read_form(_edit_part(setup[2], tmp_path / "f.docx", "word/document.xml", change))
    read_ticks(form, [ind.id for ind in example().indicators])
    assert form.ticks[("profil", 0)] == ({3} if ticked else set())
