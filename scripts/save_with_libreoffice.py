"""Save a workbook the way a LibreOffice user with Norwegian settings would: open it in LibreOffice
Calc with the locale nb-NO and save it as .xlsx again. Makes the test fixtures that stand for files
staff edit in LibreOffice (number formats, styles and the package as LibreOffice writes them).

    python scripts/save_with_libreoffice.py examples/fjellvik-2024.xlsx tests/data/fjellvik-saved-by-libreoffice-nb.xlsx

Needs LibreOffice (soffice) on PATH; a maintenance script, not used by psvxl or its tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>nb-NO</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>nb-NO</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>nb-NO</value></prop></item>
</oor:items>
"""


def save_norwegian(source: Path, target: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed.")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, "utf-8")
        work = Path(tmp) / "in"
        work.mkdir()
        shutil.copyfile(source, work / "book.xlsx")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", str(Path(tmp) / "out"), str(work / "book.xlsx")],
                       check=True, capture_output=True, timeout=300)
        shutil.copyfile(Path(tmp) / "out" / "book.xlsx", target)


if __name__ == "__main__":
    save_norwegian(Path(sys.argv[1]), Path(sys.argv[2]))
