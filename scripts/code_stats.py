"""Line counts per module and the longest functions of psvxl/ and scripts/ (ast)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def functions(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.end_lineno - node.lineno + 1, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def main() -> None:
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    files = sorted([*(ROOT / "psvxl").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")])
    total = 0
    print("lines  module")
    for path in files:
        n = len(path.read_text(encoding="utf-8").splitlines())
        total += n
        print(f"{n:5}  {path.relative_to(ROOT)}")
    print(f"{total:5}  total ({len(files)} files)")
    found = sorted((f for path in files for f in functions(path)), reverse=True)
    print(f"\nlongest functions (over 60 lines: {sum(1 for n, _ in found if n > 60)})")
    for n, name in found[:top]:
        print(f"{n:5}  {name}")


if __name__ == "__main__":
    main()
