"""Build the templates shipped in psvxl/templates/ from layout.py and the standard indicator set; the report
and the fact base in each målform (report_template.docx in bokmål, report_template-nn.docx in nynorsk).

    python scripts/build_templates.py          # rebuild every template
    python scripts/build_templates.py --check  # exit 1 when a committed template is out of date

The committed files must equal a fresh build; tests/test_templates.py checks that.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from psvxl.templates import TEMPLATE_DIR  # noqa: E402


def workbook_template() -> bytes:
    from psvxl.workbook.build import build_workbook

    data = build_workbook()
    assert data is not None
    return data


def macro_template() -> bytes:
    from psvxl.workbook.build import build_workbook
    from vba_project import build_vba_project

    data = build_workbook(vba_project=build_vba_project(), buttons=True)
    assert data is not None
    return data


def report_template(lang: str = "nb") -> bytes:
    from psvxl import i18n
    from psvxl.report.template import build_report_template

    with i18n.using(lang):
        return build_report_template()


def factbase_template(lang: str = "nb") -> bytes:
    from psvxl import i18n
    from psvxl.report.template import build_factbase_template

    with i18n.using(lang):
        return build_factbase_template()


BUILDERS: dict[str, Callable[[], bytes]] = {
    "factbase_template.docx": factbase_template,
    "factbase_template-nn.docx": lambda: factbase_template("nn"),
    "psv_template.xlsx": workbook_template,
    "psv_template.xlsm": macro_template,
    "report_template.docx": report_template,
    "report_template-nn.docx": lambda: report_template("nn"),
}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, builder in BUILDERS.items():
        path = TEMPLATE_DIR / name
        data = builder()
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python scripts/build_templates.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
