"""Run psvxl.lite's beregn and kontroller on xlwings' remote engine, the one xlwings Lite runs (a JSON
book in, actions out): python remote_engine.py WORKBOOK. Prints JSON: per script its message and the
actions it sent. Needs XLWINGS_LICENSE_KEY (e.g. noncommercial) set before xlwings is imported.

Only the two awaited getters that need Excel itself are stood in for (formulas as the values, no fills)."""

import asyncio
import datetime as dt
import json
import sys

import python_calamine
import xlwings as xw

from psvxl import lite


async def get_formula(self):
    return [["" if v is None else str(v) for v in row] for row in self.options(ndim=2).value]


async def get_colors(self):
    return [[None] * self.shape[1] for _ in range(self.shape[0])]


def payload(path: str) -> dict:
    source = python_calamine.CalamineWorkbook.from_path(path)

    def cell(v):
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else (None if v == "" else v)
    return {"client": "Office.js", "version": xw.__version__, "names": [],
            "book": {"name": path.rsplit("/", 1)[-1], "active_sheet_index": 0, "selection": "A1"},
            "sheets": [{"name": n, "values": [[cell(v) for v in row] for row in
                                              source.get_sheet_by_name(n).to_python()] or [[None]],
                        "pictures": [], "tables": []} for n in source.sheet_names]}


def main(path: str) -> None:
    xw.main.Range.get_formula = get_formula
    xw.main.Range.get_colors = get_colors
    out = {"sheets": python_calamine.CalamineWorkbook.from_path(path).sheet_names}
    for name in ("beregn", "kontroller"):
        live = xw.Book(json=payload(path))
        message = asyncio.run(getattr(lite, name)(live))
        out[name] = {"message": message, "actions": live.json()["actions"]}
    sys.stdout.write(json.dumps(out, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
