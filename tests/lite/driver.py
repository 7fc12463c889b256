# ruff: noqa: PLE1142, F704 (top-level await: Pyodide's runPythonAsync)
# Runs INSIDE Pyodide (see run_pyodide.mjs and tests/lite_pyodide.py); /host is the test's folder.
# 1. micropip's own resolver (its Transaction, as micropip.install uses it) resolves psvxl's wheel and
#    its whole dependency tree against the test's package index: each requirement becomes a pure-Python
#    wheel from the index, one of Pyodide's own packages (its lock file), or a failure.
# 2. micropip installs the wheels it chose (Pyodide's own packages cannot be fetched here).
# 3. beregn and kontroller run against the stand-in book, timed; the book is saved for comparison;
#    lag_rapport too (it can only say that lxml is missing where Pyodide's own packages cannot be had).
# The value of the last line is the JSON the test reads.
import importlib.util
import json
import shutil
import sys
import time

import micropip
from micropip.transaction import Transaction
from packaging.markers import default_environment

with open("/host/config.json", encoding="utf-8") as file:
    config = json.load(file)
index = [config["index_url"]]       # the test's wheels served on 127.0.0.1, as PyPI would serve them

manager = micropip._package_manager_singleton
transaction = Transaction(_compat_layer=manager.compat_layer, ctx=default_environment(), ctx_extras=[],
                          keep_going=True, deps=True, pre=False, fetch_kwargs={}, index_urls=index, verbose=False)
psvxl_wheel = f"emfs:/host/wheels/{config['psvxl_wheel']}"
await transaction.gather_requirements([psvxl_wheel])
resolution = {
    "failed": [str(r) for r in transaction.failed],
    "pyodide_packages": sorted({p.name for p in transaction.pyodide_packages}),
    "wheels": sorted(w.name for w in transaction.wheels),
    "wheel_files": sorted(w.filename for w in transaction.wheels),
}
# Install what micropip chose, less Pyodide's own packages (they come from Pyodide's CDN, out of reach
# here); then what xlwings Lite has anyway (xlwings) and the stand-in book needs (openpyxl).
await micropip.install([w.url for w in transaction.wheels], deps=False)
await micropip.install(["xlwings", "openpyxl"], index_urls=index)

sys.path.insert(0, "/host")
from fake_xlwings import FakeBook

started = time.perf_counter()
from psvxl import lite

import_seconds = time.perf_counter() - started
shutil.copy(config["workbook"], "/tmp/pristine.xlsx")
times, messages = {"beregn": [], "kontroller": []}, {}
for round_ in range(config.get("rounds", 1)):   # round 0 on the workbook kept for comparison, then fresh copies
    if round_:
        shutil.copy("/tmp/pristine.xlsx", "/tmp/round.xlsx")
    book = FakeBook("/tmp/round.xlsx" if round_ else config["workbook"], lite=True)
    for name in ("beregn", "kontroller"):
        started = time.perf_counter()
        messages[name] = await getattr(lite, name)(book)
        times[name].append(time.perf_counter() - started)
    if not round_:
        book.save()
        first_book = book
book = first_book

# Lag rapport needs lxml, one of Pyodide's own packages: without it, it must say so and write nothing
from pathlib import Path

lite.DOWNLOADS = Path("/host/data")
lite.DOWNLOADS.mkdir(exist_ok=True)
started = time.perf_counter()
report = {"message": await lite.lag_rapport(book), "files": sorted(p.name for p in lite.DOWNLOADS.iterdir())}
times["lag_rapport"] = [time.perf_counter() - started]

json.dumps({
    "python": sys.version.split()[0], "platform": sys.platform, "load_seconds": PYODIDE_LOAD_SECONDS,  # noqa: F821
    "import_seconds": import_seconds, "times": times, "messages": messages, "resolution": resolution, "report": report,
    "calamine_imported": "python_calamine" in sys.modules,
    "lxml_available": importlib.util.find_spec("lxml") is not None,
    "xlwings": sys.modules["xlwings"].__version__ if "xlwings" in sys.modules else None,
})
