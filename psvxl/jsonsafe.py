"""Reading a JSON file a person gives (data format, framework): a regular file of sensible size,
strict JSON (no NaN or Infinity, which Python's json accepts), not nested past what can be read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MAX_JSON_BYTES = 64 * 1024 * 1024     # the data format of 10 000 projects is a few MB


class JsonFileError(ValueError):
    """The file cannot be read as JSON; the message (Norwegian) says why."""


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def read_json(path: Path) -> Any:
    from psvxl.errors import InputError
    from psvxl.workbook.preflight import check_regular

    try:
        check_regular(path, "en JSON-fil")
    except InputError as exc:
        raise JsonFileError(str(exc)) from None
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise JsonFileError(f"{path.name} er over {MAX_JSON_BYTES // 2**20} MB, mer enn en PSV trenger.")
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JsonFileError(f"Kan ikke lese {path.name}: {exc}.") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise JsonFileError(f"{path.name} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}): {exc.msg}.") from None
    except ValueError as exc:
        raise JsonFileError(f"{path.name} inneholder {exc}, som ikke er et tall i JSON. Skriv tallet, eller la feltet "
                            "stå tomt (null).") from None
    except RecursionError:
        raise JsonFileError(f"{path.name} er nøstet for dypt til å leses.") from None
