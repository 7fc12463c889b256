"""Time and peak memory of each hostile case (tests/hostile.py), each command in its own capped
process, against this checkout or another source tree (e.g. the base commit, for a before/after).

    python benchmarks/bench_hostile.py                      # this checkout, 10 s and 1 GB per run
    python benchmarks/bench_hostile.py --source /tmp/base --seconds 30 --megabytes 2048
    python benchmarks/bench_hostile.py --slow               # with the bigger cases

Prints one line per case: class, case, exit code, seconds, peak MB, and whether the run did what a
user must see (ok) or what went wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile import hostile_cases, make_case, problems_of, run_case  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, help="the psvxl source tree to run (default: this checkout)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--slow", action="store_true")
    parser.add_argument("-k", help="only cases whose name holds this")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.source:
        env["PYTHONPATH"] = str(args.source.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        env["PSVXL_CACHE_DIR"] = str(Path(tmp) / "cache")
        env["PSVXL_STATE_DIR"] = os.environ["PSVXL_STATE_DIR"] = str(Path(tmp) / "state")   # cases made here too
        print(f"{'class':<28} {'case':<44} {'exit':>5} {'s':>6} {'MB':>6}  result")
        for number, case in enumerate(hostile_cases(args.slow)):
            if args.k and args.k not in case.name:
                continue
            folder = make_case(case, Path(tmp) / f"{number:02d}")
            r = run_case(case, folder, seconds=args.seconds, megabytes=args.megabytes, env=env)
            problems = problems_of(case, folder, r, args.seconds, args.megabytes)
            peak = f"{r['peak_mb']:.0f}" if r["peak_mb"] is not None else "-"
            verdict = "ok" if not problems else "; ".join(p.splitlines()[0][:90] for p in problems)
            if r["timed_out"]:
                verdict = f"killed after {args.seconds:.0f} s; " + verdict
            print(f"{case.category:<28} {case.name:<44} {r['code']:>5} {r['seconds']:>6.2f} {peak:>6}  {verdict}",
                  flush=True)
            os.system(f"chmod -R u+rwx {folder}")


if __name__ == "__main__":
    main()
