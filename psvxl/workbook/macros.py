"""The macro-enabled workbook's VBA project and the machine set-up the buttons need.

The VBA project (xlwings' standalone module plus psvxl's Beregn/Kontroller/LagRapport macros) is
made at build time by scripts/vba_project.py and lives in the committed psv_template.xlsm; here it
is only copied out. xlwings is pinned to the version of the module inside it.
"""

from __future__ import annotations

import io
import platform
import shutil
import sys
import zipfile
from importlib import resources
from pathlib import Path

from psvxl.errors import PsvxlError
from psvxl.templates import MACRO_TEMPLATE

XLWINGS_VERSION = "0.37.8"   # must equal the pin in pyproject.toml and the VBA module's XLWINGS_VERSION


def vba_project() -> bytes:
    with zipfile.ZipFile(io.BytesIO(MACRO_TEMPLATE.read_bytes())) as package:
        return package.read("xl/vbaProject.bin")


def xlwings_config_path() -> Path:
    """Where xlwings' VBA module looks for the user's settings (GetConfigFilePath in xlwings.bas)."""
    if platform.system() == "Darwin":   # Excel for Mac is sandboxed: its $HOME is its container
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
    return Path.home() / ".xlwings" / "xlwings.conf"


def excel_setup(python: str | None = None) -> list[str]:
    """Make this machine ready for the buttons. Returns what was done, as sentences for the user."""
    python = python or sys.executable
    done = []
    config = xlwings_config_path()
    settings = _read_config(config)
    key = "INTERPRETER_MAC" if platform.system() == "Darwin" else "INTERPRETER_WIN"
    if platform.system() == "Windows":
        pythonw = Path(python).with_name("pythonw.exe")
        python = str(pythonw) if pythonw.exists() else python
    settings[key] = python
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("".join(f'"{k}","{v}"\n' for k, v in settings.items()), encoding="utf-8")
    done.append(f"Skrev {config}: knappene bruker Python i {python}.")
    if platform.system() == "Darwin":
        done.append(_install_applescript())
    return done


def _read_config(path: Path) -> dict[str, str]:
    settings: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = [p.strip().strip('"') for p in line.split('","')]
            if len(parts) == 2:
                settings[parts[0].strip('"')] = parts[1].strip('"')
    return settings


def _install_applescript() -> str:
    """Excel on macOS may only run AppleScripts from its own sandbox folder."""
    name = f"xlwings-{XLWINGS_VERSION}.applescript"
    folder = Path.home() / "Library" / "Application Scripts" / "com.microsoft.Excel"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with resources.as_file(resources.files("xlwings").joinpath(name)) as source:
            shutil.copyfile(source, folder / name)
    except (OSError, FileNotFoundError) as exc:
        raise PsvxlError(f"Kunne ikke installere {name} i {folder}: {exc}.") from None
    return f"Installerte {name} i {folder}, slik at Excel for Mac kan starte Python."
