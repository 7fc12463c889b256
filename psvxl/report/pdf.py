"""The PDF of a report or fact base, made by LibreOffice: tagged, titled, with its TOC page numbers.

`--convert-to pdf` alone leaves the table of contents as the .docx has it (titles, no page
numbers: Word fills those in when it opens the file). So where a Python with LibreOffice's `uno`
module is at hand (LibreOffice's own on Windows and macOS, python3-uno on Linux), lo_export.py
opens the document in the same headless LibreOffice, updates its indexes and exports. Without
one, the PDF is made by `--convert-to` with the same export options, and the caller is told
that the contents lack page numbers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from psvxl.errors import OutputError
from psvxl.i18n import t

EXPORT_SCRIPT = Path(__file__).with_name("lo_export.py")
PDF_FILTER = {"UseTaggedPDF": True, "PDFUACompliance": True, "DisplayPDFDocumentTitle": True,
              "ExportBookmarks": True}


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_pythons(soffice: str) -> list[str]:
    """Pythons that may have LibreOffice's uno module: its own first, then the system's."""
    program = Path(os.path.realpath(soffice)).parent
    candidates: list[Path | str] = [program / "python.exe", program / "python", program.parent / "Resources" / "python",
                  Path("/usr/bin/python3"), shutil.which("python3") or "", sys.executable]
    return list(dict.fromkeys(str(c) for c in candidates if str(c) and Path(c).is_file()))


def uno_python(soffice: str) -> str | None:
    for python in uno_pythons(soffice):
        try:
            done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return python
    return None


def _filter_options() -> str:
    options = {k: {"type": "boolean", "value": "true" if v else "false"} for k, v in PDF_FILTER.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


LO_CODE = "psvxl-lo:"           # lo_export.py's failures on stderr: psvxl-lo:<code>:<detail>
LO_CODES = ("stopped", "timeout", "cannot-open", "terminated")


def lo_message(line: str) -> str:
    """A line lo_export.py printed, in the user's words: its codes from the catalogue, anything else
    (LibreOffice's or Python's own words) as it stands."""
    if not line.startswith(LO_CODE):
        return line
    code, _, detail = line[len(LO_CODE):].partition(":")
    return t(f"pdf.lo.{code}", detail=detail) if code in LO_CODES else line


def export_pdf(docx: Path, target: Path) -> list[str]:
    """Write `target` (a PDF of `docx`). Returns notes for the user; raises `OutputError` when
    LibreOffice is missing or fails."""
    from psvxl.files import atomic_write

    soffice = find_soffice()
    if soffice is None:
        raise OutputError(t("pdf.no-libreoffice"))
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        made = Path(tmp) / (docx.stem + ".pdf")
        python = uno_python(soffice)
        if python is not None:
            command = [python, str(EXPORT_SCRIPT), soffice, str(docx), str(made), profile]
        else:
            notes.append(t("pdf.no-page-numbers"))
            command = [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to",
                       _filter_options(), "--outdir", tmp, str(docx)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=600, check=False)
        except (subprocess.SubprocessError, OSError) as exc:
            raise OutputError(t("pdf.failed", error=exc)) from None
        if not made.exists():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if done.stderr else []
            raise OutputError(t("pdf.none-made", detail=f" ({lo_message(detail[0])})" if detail else ""))
        atomic_write(target, made.read_bytes())
    return notes


def __getattr__(name: str) -> str:
    """NO_PAGE_NUMBERS: the note when LibreOffice has no Python, in the current language."""
    if name == "NO_PAGE_NUMBERS":
        return t("pdf.no-page-numbers")
    raise AttributeError(name)
