"""The report and the fact base in nynorsk (issue 24, the report side): the Spir-shaped case rendered for a
nynorsk programme has no bokmål-only form in any fixed text (everything that is not the workbook's own
text), the document language is nn-NO, and `import-report` reads the nynorsk report back to what the
bokmål one gives."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from psvxl import api, i18n
from psvxl.cli import cli
from psvxl.metrics import compute
from psvxl.model import ACTION_STATUSES, PHASES, STATUSES
from psvxl.report.context import LABEL
from psvxl.report.render import render_report
from psvxl.report_import import read_report
from psvxl.templates import FACTBASE_TEMPLATE, TEMPLATE_DIR
from tests.nynorsk_forms import bokmaal_forms, forms_outside

ROOT = Path(__file__).resolve().parent.parent
SPIR = ROOT / "tests" / "data" / "spir-2024.json"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def spir(language: str | None = None) -> Any:
    a = api.load_json(SPIR)
    if language:
        a.program.language = language      # the model's field (issue 24); an attribute until it lands
    return a


def model_strings(node: Any) -> Iterator[str]:
    """Every text the assessment holds: what the workbook (the user, the framework it carries) typed."""
    if isinstance(node, str):
        yield node
    elif dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            yield from model_strings(getattr(node, field.name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from model_strings(key)
            yield from model_strings(value)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from model_strings(value)


def document_texts(data: bytes) -> list[str]:
    """What a reader sees: paragraphs (body, tables, headers, footers), alt texts, chart titles and
    series names, and the document properties."""
    texts = []
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(z.read(name))
            if name.startswith("word/charts/"):
                texts += [x.text or "" for x in root.iter(f"{A}t", f"{C}v")]
            elif name.startswith("word/"):
                texts += ["".join(x.text or "" for x in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
                texts += [el.get("descr") or "" for el in root.iter() if el.get("descr")]
            elif name.startswith("docProps/"):
                texts += [x.text or "" for x in root.iter() if isinstance(x.tag, str) and x.text]
    return [t for t in texts if t.strip()]


def typed_strings(a: Any) -> list[str]:
    """What the user typed: every text of the assessment but the words psvxl supplies itself and must
    write in the report's målform: the standard framework (name, scale labels) when the workbook names
    none, and the list values (phases, project and action statuses) the model holds as bokmål words."""
    supplied = {*PHASES, *STATUSES, *ACTION_STATUSES}
    source = [a] if a.framework is None else [a, a.rules]
    return [s for s in model_strings(source) if s not in supplied]


def fixed_text_forms(data: bytes, a: Any) -> dict[str, list[str]]:
    """The bokmål-only forms left in each text once every text the user typed is taken out of it."""
    lines = {line.strip() for s in typed_strings(a) for line in s.splitlines()}
    lines |= {LABEL.sub("", line) for line in lines}          # a description without its «Beskrivelse:»
    typed = sorted((line for line in lines if len(line) >= 2), key=len, reverse=True)
    return forms_outside(document_texts(data), typed)


def language_of(data: bytes) -> tuple[str, str]:
    """(the language of the document defaults in styles.xml, the language property)."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        core = etree.fromstring(z.read("docProps/core.xml"))
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    return lang.get(f"{W}val"), core.findtext("{http://purl.org/dc/elements/1.1/}language")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("nynorsk")
    out = {}
    for lang in ("nb", "nn"):
        a = spir(lang)
        out[lang] = folder / f"PSV-Spir-2024-{lang}.docx"
        out[lang].write_bytes(render_report(a, compute(a)))     # the language from the programme
    return out


def test_the_nynorsk_report_has_no_bokmaal_form_in_its_fixed_text(reports):
    data = reports["nn"].read_bytes()
    assert fixed_text_forms(data, spir("nn")) == {}
    # The check finds what it looks for: the bokmål report of the same case is full of such forms.
    assert len(fixed_text_forms(reports["nb"].read_bytes(), spir("nb"))) > 20


def test_the_nynorsk_fact_base_has_no_bokmaal_form_in_its_fixed_text():
    a = spir()
    data = render_report(a, compute(a), FACTBASE_TEMPLATE, language="nn")
    assert fixed_text_forms(data, a) == {}
    assert language_of(data) == ("nn-NO", "nn-NO")


@pytest.mark.parametrize("name", ["report_template-nn.docx", "factbase_template-nn.docx"])
def test_every_fixed_paragraph_of_the_nynorsk_templates_is_nynorsk(name):
    """Fixed text the Spir case does not show (empty notes, pre-scores) is in the templates themselves."""
    texts = [JINJA.sub(" ", text) for text in document_texts((TEMPLATE_DIR / name).read_bytes())]
    assert len(texts) > 40
    assert {text: bokmaal_forms(text) for text in texts if bokmaal_forms(text)} == {}


def test_the_document_language_follows_the_maalform(reports):
    assert language_of(reports["nn"].read_bytes()) == ("nn-NO", "nn-NO")
    assert language_of(reports["nb"].read_bytes()) == ("nb-NO", "nb-NO")
    a = spir()                                   # no målform given: bokmål
    assert language_of(render_report(a, compute(a))) == ("nb-NO", "nb-NO")
    assert i18n.language() == "nb"               # rendering in nynorsk leaves the messages' language be


def test_import_report_reads_the_nynorsk_report_like_the_bokmaal_one(reports):
    source = spir()
    got = {lang: read_report(path) for lang, path in reports.items()}
    nn, nb = got["nn"].assessment, got["nb"].assessment
    assert [i.total for i in nn.indicators] == [i.total for i in source.indicators]
    assert [[t.score for t in i.themes] for i in nn.indicators] == [[t.score for t in i.themes]
                                                                     for i in source.indicators]
    for read, want in zip(nn.indicators, source.indicators, strict=True):
        assert (read.strengths, read.improvements, read.actions) == (want.strengths, want.improvements, want.actions)
    assert (nn.program.language, nb.program.language) == ("nn", "nb")     # the report's målform, read
    nn.program.language = "nb"
    assert (nn.indicators, nn.texts, nn.program) == (nb.indicators, nb.texts, nb.program)
    assert got["nn"].unreadable == [] and len(got["nn"].unplaced) == len(got["nb"].unplaced)


def test_the_import_command_reads_a_nynorsk_report(reports, tmp_path):
    out = tmp_path / "PSV-2024.xlsx"
    result = CliRunner().invoke(cli, ["import-report", str(reports["nn"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "7 totaler" in result.output
    exported = json.loads(CliRunner().invoke(cli, ["export-json", str(out)]).stdout)
    assert [i["total"] for i in exported["indicators"]] == [i.total for i in spir().indicators]


# --- parts by relationship (issue 22 point 6) ------------------------------------------------------------

def renamed_main_part(source: Path, target: Path) -> Path:
    """The same report with its main document in word/body.xml: found only through the relationships."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data, name = z.read(info), info.filename
            if name == "word/document.xml":
                name = "word/body.xml"
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/body.xml.rels"
            elif name in ("[Content_Types].xml", "_rels/.rels"):
                data = data.replace(b"word/document.xml", b"word/body.xml")
            out.writestr(name, data)
    return target


def test_the_importer_finds_the_main_document_by_its_relationship(reports, tmp_path):
    """The importer's reading of the package, and the preflight in front of it, by relationship."""
    from psvxl.report.check_report import check_report
    from psvxl.wordimport.document import read_blocks

    moved = renamed_main_part(reports["nn"], tmp_path / "flyttet.docx")
    with zipfile.ZipFile(moved) as z:
        assert "word/document.xml" not in z.namelist() and "word/body.xml" in z.namelist()
    blocks, own, _ = read_blocks(moved)
    assert own and len(blocks) > 300
    assert [(b.text, b.style, b.level) for b in blocks] == [(b.text, b.style, b.level)
                                                             for b in read_blocks(reports["nn"])[0]]
    assert check_report(moved) == check_report(reports["nn"])     # core properties by relationship too


def test_import_report_takes_a_report_whose_main_document_has_another_name(reports, tmp_path):
    from click.testing import CliRunner

    from psvxl.cli import cli

    moved = renamed_main_part(reports["nn"], tmp_path / "flyttet.docx")
    result = CliRunner().invoke(cli, ["import-report", str(moved), "-o", str(tmp_path / "PSV.xlsx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "PSV.xlsx").exists()


# --- what psvxl itself supplies, in nynorsk (the facilitator's review of the nynorsk Spir documents) ----

def table_column(data: bytes, header: str) -> list[str]:
    """The cells under `header` in every table of the document that has that column."""
    from docx import Document

    values = []
    for table in Document(__import__("io").BytesIO(data)).tables:
        head = [c.text.strip() for c in table.rows[0].cells]
        if header in head:
            values += [row.cells[head.index(header)].text.strip() for row in table.rows[1:]]
    return values


@pytest.fixture(scope="module")
def nynorsk_documents() -> dict[str, bytes]:
    a = spir()
    m = compute(a)
    return {"report": render_report(a, m, language="nn"),
            "factbase": render_report(a, m, FACTBASE_TEMPLATE, as_of=__import__("datetime").date(2024, 10, 1),
                                      language="nn")}


@pytest.mark.parametrize("kind", ["report", "factbase"])
def test_the_standard_set_is_named_and_scaled_in_nynorsk(nynorsk_documents, kind):
    """The Spir case names no framework: the standard set's nynorsk name and scale labels
    (framework/standard-nn.json), never the bokmål ones."""
    text = "\n".join(document_texts(nynorsk_documents[kind]))
    nn = json.loads((ROOT / "psvxl" / "framework" / "standard-nn.json").read_text("utf-8"))
    nb = json.loads((ROOT / "psvxl" / "framework" / "standard.json").read_text("utf-8"))
    for label in nn["scale"]["labels"].values():
        assert f"({label})" in text
    for label in nb["scale"]["labels"].values():
        assert label not in text
    assert nb["name"] not in text
    if kind == "report":
        assert f"«{nn['name']}»" in text


@pytest.mark.parametrize("kind", ["report", "factbase"])
def test_list_values_psvxl_writes_are_nynorsk(nynorsk_documents, kind):
    """Project statuses (the count sentence and the project list's Status column), phases and the
    follow-up's action statuses in the glossary's nynorsk (docs/nynorsk.md)."""
    data = nynorsk_documents[kind]
    glossary = {"innvilget": "innvilga", "pågår": "i gang", "avsluttet": "avslutta", "trukket": "trekt",
                "søkt": "søkt", "avslått": "avslått"}
    a = spir()
    want = {glossary[p.status] for p in a.portfolio}
    status_column = table_column(data, i18n.t("report.column.status", "nn"))
    assert want <= set(status_column)
    assert not {"innvilget", "avsluttet", "trukket", "pågår", "ikke startet", "utgår"} & set(status_column)
    counts = next(x for x in document_texts(data) if x.startswith("Alle prosjekt etter status:"))
    by_status = compute(a).budget.by_status
    assert counts == "Alle prosjekt etter status: " + ", ".join(
        f"{glossary[k]} {v}" for k, v in by_status.items()) + "."
    phases = set(table_column(data, i18n.t("report.column.phase", "nn")))
    assert "Hovudprosjekt" in phases and "Hovedprosjekt" not in phases
    actions = {"gjennomført": "gjennomført", "pågår": "i gang", "ikke startet": "ikkje starta", "utgår": "fell bort"}
    assert {actions[x.status] for x in a.previous_actions if x.status} <= set(status_column)
