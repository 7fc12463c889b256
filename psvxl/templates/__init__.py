"""The templates shipped with psvxl (built by scripts/build_templates.py, committed)."""

from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent
WORKBOOK_TEMPLATE = TEMPLATE_DIR / "psv_template.xlsx"
MACRO_TEMPLATE = TEMPLATE_DIR / "psv_template.xlsm"
REPORT_TEMPLATE = TEMPLATE_DIR / "report_template.docx"
FACTBASE_TEMPLATE = TEMPLATE_DIR / "factbase_template.docx"
EXAMPLE_JSON = TEMPLATE_DIR / "example.json"   # the bundled example, for trial renders of templates
