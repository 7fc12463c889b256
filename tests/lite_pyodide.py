"""Run psvxl's xlwings Lite scripts inside Pyodide (the npm `pyodide` package under node), from the wheel
`pip wheel` builds, against the tests' stand-in book. Used by tests/test_lite.py and benchmarks/bench_lite.py.

npm's pyodide package holds the core only (no wheels; Pyodide's own packages come from its CDN, which
cannot be reached here), so the pure-Python wheels come from pip (its cache, else PyPI): micropip and
packaging at the versions in Pyodide's lock file, the rest at the versions installed beside the tests.
micropip gets them from a package index served on 127.0.0.1 (local_index).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PYODIDE_ENV = "PSVXL_PYODIDE"          # the folder of the npm package (…/node_modules/pyodide)
# pure Python: what the buttons and the stand-in book import, and psvxl's other dependencies
PURE = ("xlwings", "openpyxl", "et_xmlfile", "XlsxWriter", "defusedxml", "click", "Jinja2", "python-docx",
        "docxtpl", "typing_extensions")
BOOTSTRAP = ("micropip", "packaging")  # unpacked before anything: the installer itself


def unavailable() -> str | None:
    """Why Pyodide cannot be run here, or None."""
    folder = os.environ.get(PYODIDE_ENV)
    if not folder:
        return f"{PYODIDE_ENV} is not set (CI sets it after «npm install pyodide»)"
    if not (Path(folder) / "pyodide.mjs").is_file() or not (Path(folder) / "pyodide-lock.json").is_file():
        return f"{PYODIDE_ENV}={folder} holds no npm pyodide package"
    if shutil.which("node") is None:
        return "node is not on PATH"
    return None


def lock() -> dict:
    return json.loads((Path(os.environ[PYODIDE_ENV]) / "pyodide-lock.json").read_text("utf-8"))


class WheelsUnavailable(RuntimeError):
    """pip could not get a wheel (no network and not in its cache)."""


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], check=False, capture_output=True, text=True)
    if done.returncode != 0:
        error = WheelsUnavailable if args[0] == "download" else RuntimeError
        raise error(f"pip {args[0]} failed:\n{done.stderr[-2000:]}")


def build_wheels(dest: Path) -> tuple[str, list[str], list[str]]:
    """psvxl's wheel (pip wheel --no-deps) and the pure-Python wheels; their file names."""
    dest.mkdir(parents=True, exist_ok=True)
    if not any(dest.glob("psvxl-*.whl")):
        _pip("wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dest), str(ROOT))
    packages = lock()["packages"]
    pins = [f"{name}=={version(name)}" for name in PURE] + \
        [f"{name}=={packages[name]['version']}" for name in BOOTSTRAP]
    _pip("download", "--no-deps", "-q", "--only-binary=:all:", "--platform", "any", "--implementation", "py",
         "--python-version", "3.14", "-d", str(dest), *pins)
    names = sorted(p.name for p in dest.glob("*.whl"))
    psvxl_wheel = next(n for n in names if n.startswith("psvxl-"))
    bootstrap = [n for n in names if n.split("-")[0].lower() in BOOTSTRAP]
    pure = [n for n in names if n not in bootstrap and n != psvxl_wheel]
    return psvxl_wheel, pure, bootstrap


@contextmanager
def local_index(folder: Path) -> Iterator[str]:
    """The wheels in `folder` as a package index (PEP 691 JSON) on 127.0.0.1, for micropip's index_urls:
    micropip then resolves psvxl's whole dependency tree as on PyPI, without the network."""
    files: dict[str, list[str]] = {}
    for wheel in folder.glob("*.whl"):
        files.setdefault(canonicalize_name(wheel.name.split("-")[0]), []).append(wheel.name)

    class Index(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = [p for p in self.path.split("/") if p]
            if len(parts) == 2 and parts[0] == "simple" and canonicalize_name(parts[1]) in files:
                name = canonicalize_name(parts[1])
                base = f"http://127.0.0.1:{self.server.server_address[1]}/files"   # micropip wants absolute URLs
                body = json.dumps({"meta": {"api-version": "1.0"}, "name": name, "files": [
                    {"filename": f, "url": f"{base}/{f}", "hashes": {}} for f in files[name]]}).encode()
                kind = "application/vnd.pypi.simple.v1+json"
            elif len(parts) == 2 and parts[0] == "files" and (folder / parts[1]).is_file():
                body, kind = (folder / parts[1]).read_bytes(), "application/octet-stream"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/{{package_name}}/"
    finally:
        server.shutdown()
        server.server_close()


def run(workbook: Path, host: Path, wheels: Path, rounds: int = 1) -> dict:
    """Copy the workbook into `host`, run beregn and kontroller on it in Pyodide; the driver's report.
    The workbook copy in `host` holds the result of the first round; later rounds (timing) run on copies."""
    psvxl_wheel, pure, bootstrap = build_wheels(wheels) if not (wheels / "built").exists() else \
        json.loads((wheels / "built").read_text("utf-8"))
    (wheels / "built").write_text(json.dumps([psvxl_wheel, pure, bootstrap]), "utf-8")
    host.mkdir(parents=True, exist_ok=True)
    shutil.copytree(wheels, host / "wheels", dirs_exist_ok=True)
    shutil.copy(HERE / "fake_xlwings.py", host / "fake_xlwings.py")
    shutil.copy(workbook, host / workbook.name)
    out = host / "result.json"
    with local_index(wheels) as index_url:
        config = {"psvxl_wheel": psvxl_wheel, "workbook": f"/host/{workbook.name}", "rounds": rounds,
                  "index_url": index_url}
        (host / "config.json").write_text(json.dumps(config), "utf-8")
        done = subprocess.run(["node", str(HERE / "lite" / "run_pyodide.mjs"), os.environ[PYODIDE_ENV],
                               str(host), str(HERE / "lite" / "driver.py"), str(out),
                               *[str(wheels / w) for w in bootstrap]],
                              check=False, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"Pyodide run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(out.read_text("utf-8"))
