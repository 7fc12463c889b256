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
from psvxl.i18n import t
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
    done.append(t("excel-setup.wrote", config=config, python=python))
    if platform.system() == "Darwin":
        done.append(_install_applescript())
    return done


def check_excel_setup(system: str | None = None) -> tuple[bool, list[str]]:
    """Whether a button would work on this machine, found the way xlwings' VBA module finds Python:
    its config file, the interpreter named there (INTERPRETER_WIN or INTERPRETER_MAC, then
    INTERPRETER, then «pythonw»/«python» on PATH), and that this interpreter imports psvxl.excel with
    the xlwings version the workbook's VBA module was made for. Returns (ok, lines for the user)."""
    system = system or platform.system()
    lines: list[str] = []
    python = _configured_python(system, lines)
    if python is None:
        return False, lines
    runner = python
    if system == "Windows" and Path(python).name.lower() == "pythonw.exe" and Path(python).with_name("python.exe").exists():
        runner = str(Path(python).with_name("python.exe"))       # the same installation, with its output
    version = _xlwings_version(python, runner, lines)
    if version is None:
        return False, lines
    if version != XLWINGS_VERSION:
        lines.append(t("excel-setup.wrong-xlwings", python=python, version=version, wanted=XLWINGS_VERSION,
                       runner=runner))
        return False, lines
    if system == "Darwin":
        script = Path.home() / "Library" / "Application Scripts" / "com.microsoft.Excel" / f"xlwings-{XLWINGS_VERSION}.applescript"
        if not script.exists():
            lines.append(t("excel-setup.no-applescript", name=script.name, folder=script.parent, fix=_fix()))
            return False, lines
    lines.append(t("excel-setup.ok", python=python, version=version))
    return True, lines


def _fix() -> str:
    return t("excel-setup.fix")


def _configured_python(system: str, lines: list[str]) -> str | None:
    """The Python the buttons will start, as xlwings' settings (or PATH) name it; None when there is none."""
    config = xlwings_config_path()
    if not config.exists():
        lines.append(t("excel-setup.no-config", config=config, fix=_fix()))
        return None
    settings = _read_config(config)
    key = "INTERPRETER_MAC" if system == "Darwin" else "INTERPRETER_WIN"
    python = settings.get(key) or settings.get("INTERPRETER") or ""
    if not python:
        default = "python" if system == "Darwin" else "pythonw"
        found = shutil.which(default)
        if found is None:
            lines.append(t("excel-setup.no-python-on-path", config=config, key=key, default=default, fix=_fix()))
            return None
        python = found
        lines.append(t("excel-setup.python-from-path", config=config, default=default, found=found))
    else:
        lines.append(t("excel-setup.python", python=python, config=config))
    if not Path(python).exists() and shutil.which(python) is None:
        lines.append(t("excel-setup.python-gone", python=python, fix=_fix()))
        return None
    return python


def _xlwings_version(python: str, runner: str, lines: list[str]) -> str | None:
    """The xlwings version `runner` has, when it imports psvxl.excel too; None (and why, in lines) if not."""
    import subprocess

    code = "import psvxl.excel, xlwings; print(xlwings.__version__)"
    try:
        # From the home folder, not from here: a psvxl source tree in the working folder would be found.
        done = subprocess.run([runner, "-c", code], check=False, capture_output=True, text=True, timeout=120, cwd=Path.home())
    except (OSError, subprocess.SubprocessError) as exc:
        lines.append(t("excel-setup.cannot-start", python=python, error=exc, fix=_fix()))
        return None
    if done.returncode != 0:
        missing = "psvxl" if "psvxl" in done.stderr else "xlwings" if "xlwings" in done.stderr else None
        if missing:
            fix = _fix()
            lines.append(t("excel-setup.missing", python=python, missing=missing, runner=runner,
                           fix=fix[0].lower() + fix[1:]))
        else:
            last = done.stderr.strip().splitlines()[-1:] or [t("excel-setup.unknown-error")]
            lines.append(t("excel-setup.import-failed", python=python, error=last))
        return None
    return done.stdout.strip()


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
        raise PsvxlError(t("excel-setup.install-failed", name=name, folder=folder, error=exc)) from None
    return t("excel-setup.installed", name=name, folder=folder)
