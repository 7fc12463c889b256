"""Every XML psvxl parses itself goes through defusedxml (psvxl.xmlsafe)."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from psvxl import xmlsafe
from psvxl.cli import cli
from psvxl.errors import InputError

from conftest import EXAMPLE_XLSX, ROOT

PARSERS = re.compile(r"etree\.(fromstring|parse|XML|iterparse)\(|ElementTree|minidom|expat|sax\b")


def test_no_module_parses_xml_around_xmlsafe():
    offenders = []
    for path in (ROOT / "psvxl").rglob("*.py"):
        if path.name == "xmlsafe.py":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if PARSERS.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_parses_of_a_recompute_all_pass_defusedxml(monkeypatch, tmp_path):
    import defusedxml.ElementTree as defused

    checked = []
    original = defused.fromstring

    def counting(data, *args, **kwargs):
        checked.append(data[:60])
        return original(data, *args, **kwargs)

    monkeypatch.setattr(defused, "fromstring", counting)
    calls = []
    parse, readonly = xmlsafe.parse, xmlsafe.parse_readonly
    monkeypatch.setattr(xmlsafe, "parse", lambda data, *where: calls.append(1) or parse(data, *where))
    monkeypatch.setattr(xmlsafe, "parse_readonly", lambda data: calls.append(1) or readonly(data))
    path = tmp_path / "PSV.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, path)
    assert CliRunner().invoke(cli, ["recompute", str(path)]).exit_code == 0
    assert len(calls) >= 4 and len(checked) == len(calls)   # workbook, rels, two sheets (at least)


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>',
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b SYSTEM "file:///etc/passwd">]><a>&b;</a>',
    b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>',
])
def test_dtds_and_entities_are_refused(xml):
    with pytest.raises(InputError):
        xmlsafe.parse(xml)
    with pytest.raises(InputError):
        xmlsafe.parse_readonly(xml)
