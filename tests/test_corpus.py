"""Every command over every case of the corpus, each in a process of its own, as a user runs it:
a clear message and exit code, no traceback, no hang, no half-written output, the input unchanged."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from corpus import Case, build_corpus

pytestmark = pytest.mark.slow   # the whole corpus, every command on every case

TIME_LIMIT = 10          # seconds, each command
MEMORY_LIMIT = 500       # MB, each command
# Runs psvxl as `python -m psvxl` does, and reports the process's own peak memory when it exits:
# VmHWM of /proc/self/status (getrusage would include the forking parent's memory before exec).
MEASURED = ("import atexit, resource, runpy, sys\n"
            "def peak():\n"
            "    try:\n"
            "        line = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "        return int(line.split()[1])\n"
            "    except OSError:\n"
            "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "atexit.register(lambda: sys.stderr.write(f'\\nPSVXL-PEAK-KB {peak()}\\n'))\n"
            "sys.argv = ['psvxl', *sys.argv[1:]]\n"
"runpy.run_module('psvxl', run_name='__main__')\n")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> list[Case]:
    return build_corpus(tmp_path_factory.mktemp("corpus"))


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _run(case: Case, command: str) -> dict:
    folder = case.path.parent
    args = [a.format(folder=folder, path=case.path, name=case.path.name) for a in case.extra.get(command, [])]
    if command == "build-report" and case.outcome == "tolerated" and not args:
        args = ["-o", str(folder / f"rapport-{command}.docx")]
    before_hash = hashlib.sha256(case.path.read_bytes()).hexdigest()
    before_files = _files(folder)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", MEASURED, command, str(case.path), *args], cwd=folder,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    peak = re.search(r"\nPSVXL-PEAK-KB (\d+)\n?$", stderr)
    stderr = stderr[: peak.start()] if peak else stderr
    return {"code": proc.returncode, "out": stdout, "err": stderr, "seconds": elapsed,
            "peak_mb": int(peak.group(1)) / 1024 if peak else None,
            "hash_same": hashlib.sha256(case.path.read_bytes()).hexdigest() == before_hash,
            "new_files": _files(folder) - before_files}


def test_the_corpus_is_large_enough(corpus):
    assert len(corpus) >= 40
    assert len({c.name for c in corpus}) == len(corpus)


def test_every_command_on_every_case(corpus):
    for case in corpus:
        if case.setup:
            case.setup(case)

    def run_case(case: Case) -> list:
        # The commands of one case run one after the other (recompute last: it may change the file).
        order = sorted(case.commands, key=lambda c: c == "recompute")
        return [((case, command), _run(case, command)) for command in order]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [item for items in pool.map(run_case, corpus) for item in items]
    problems = []
    for (case, command), r in results:
        where = f"{case.name} / {command}"
        text = r["out"] + r["err"]
        if "Traceback" in text:
            problems.append(f"{where}: traceback\n{text[-800:]}")
        if r["seconds"] > TIME_LIMIT:
            problems.append(f"{where}: took {r['seconds']:.1f} s")
        if r["peak_mb"] is None or r["peak_mb"] > MEMORY_LIMIT:
            problems.append(f"{where}: peak memory {r['peak_mb']} MB")
        if case.outcome == "refused":
            if r["code"] not in (1, 2):
                problems.append(f"{where}: exit {r['code']}, expected 1 or 2\n{text[-500:]}")
            if case.expect and case.expect not in text:
                problems.append(f"{where}: message lacks «{case.expect}»: {text[-500:]}")
            if case.cell and case.cell not in text:
                problems.append(f"{where}: message does not name {case.cell}: {text[-500:]}")
            if r["new_files"]:
                problems.append(f"{where}: left files behind: {r['new_files']}")
            if not r["hash_same"]:
                problems.append(f"{where}: the input changed")
        else:
            if r["code"] != 0:
                problems.append(f"{where}: exit {r['code']} for a workbook psvxl should read\n{text[-800:]}")
            if command != "recompute" and not r["hash_same"]:
                problems.append(f"{where}: the input changed")
    assert not problems, "\n\n".join(problems)


def test_the_documentation_counts_the_corpus(corpus):
    from conftest import ROOT

    text = (ROOT / "docs" / "hva-psvxl-taler.md").read_text("utf-8")
    assert f"I alt **{len(corpus)} filer**" in text
    for case in corpus:
        assert f"`{case.name}`" in text


def test_tolerated_layouts_read_as_the_example(corpus):
    from conftest import example
    from corpus import LAYOUT
    from psvxl.reading.read import read_workbook

    tolerated = [c for c in corpus if c.category == LAYOUT and c.outcome == "tolerated"]
    assert len(tolerated) == 4
    for case in tolerated:
        assert read_workbook(case.path).assessment == example(), case.name
