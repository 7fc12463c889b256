"""Make the fixture of a PSV report typed in LibreOffice Writer: the report of tests/wordreports.py's
LIBREOFFICE_SHAPE, opened in Writer with Norwegian settings, saved as .odt (Writer's own format, as a
user typing there would), and that saved again as .docx. The .docx is the package as LibreOffice writes
it (its styles, lists, tables and runs), which the import must read as well as Word's.

    python scripts/save_report_with_libreoffice.py tests/data/psv-rapport-2023-libreoffice.docx

Needs LibreOffice (soffice) on PATH; a maintenance script, not used by psvxl or its tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from save_with_libreoffice import PROFILE


def convert(soffice: str, profile: Path, source: Path, target_filter: str, outdir: Path) -> Path:
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", target_filter,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=300)
    return outdir / f"{source.stem}.{target_filter.split(':')[0]}"


def main(target: Path) -> None:
    from wordreports import LIBREOFFICE_SHAPE, build

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed.")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, "utf-8")
        typed = Path(tmp) / "rapport.docx"
        build(LIBREOFFICE_SHAPE, typed)
        odt = convert(soffice, profile, typed, "odt", Path(tmp) / "odt")
        saved = convert(soffice, profile, odt, "docx:MS Word 2007 XML", Path(tmp) / "docx")
        shutil.copyfile(saved, target)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(Path(sys.argv[1]))
