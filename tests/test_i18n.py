"""The catalogue of user-facing words: compiled and current, complete in nynorsk, the same fields in
every language, every key the code asks for present, and nynorsk free of bokmål-only forms."""

from __future__ import annotations

import ast
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from psvxl import i18n
from tests.nynorsk_forms import bokmaal_forms

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "psvxl" / "locale"


def messages(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as f:
            out.update({m.id: m.string for m in read_po(f) if m.id})
    return out


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_in_code() -> set[str]:
    """Every literal key passed to i18n.t in psvxl/."""
    keys = set()
    for path in (ROOT / "psvxl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                keys.add(node.args[0].value)
    return keys


def test_compiled_catalogues_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_catalogues.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nynorsk_has_every_key_and_english_no_stray_one():
    nb, nn, en = messages("nb"), messages("nn"), messages("en")
    assert set(nn) == set(nb)
    assert set(en) <= set(nb)


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_every_translation_has_the_same_fields(lang):
    nb = messages("nb")
    for key, text in messages(lang).items():
        assert fields(text) == fields(nb[key]), key


def test_every_key_the_code_asks_for_exists():
    assert keys_in_code() - set(messages("nb")) == set()


def test_nynorsk_texts_hold_no_bokmaal_only_form():
    found = {key: bokmaal_forms(text) for key, text in messages("nn").items() if bokmaal_forms(text)}
    assert found == {}


def test_t_fills_fields_and_falls_back_to_bokmaal():
    assert i18n.t("button.check.found", errors=2, warnings=1, sheet="Kontroll").startswith("2 feil og 1 advarsler")
    assert i18n.t("button.check.found", "nn", errors=2, warnings=1, sheet="Kontroll").startswith("2 feil og 1 åtvaringar")
    assert i18n.t("button.recompute.name", "en") == "Beregn"       # English keeps the buttons' names
    with i18n.using("nn"):
        assert i18n.t("button.check.clean") == "Ingen feil eller åtvaringar."
    assert i18n.language() == "nb"
    with pytest.raises(ValueError):
        i18n.set_language("sv")
