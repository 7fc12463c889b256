"""Reading a JSON file a person gives (data format, framework): a regular file of sensible size,
strict JSON (no NaN or Infinity, which Python's json accepts), not nested past what can be read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psvxl.i18n import t

MAX_JSON_BYTES = 64 * 1024 * 1024     # the data format of 10 000 projects is a few MB


class JsonFileError(ValueError):
    """The file cannot be read as JSON; the message (Norwegian) says why."""


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def read_json(path: Path) -> Any:
    from psvxl.errors import InputError
    from psvxl.reading.preflight import check_regular

    try:
        check_regular(path, t("json.a-json-file"))
    except InputError as exc:
        raise JsonFileError(str(exc)) from None
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise JsonFileError(t("json.too-big", file=path.name, limit=MAX_JSON_BYTES // 2**20))
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JsonFileError(t("files.cannot-read", name=path.name, error=exc)) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise JsonFileError(t("json.invalid", file=path.name, line=exc.lineno, column=exc.colno, error=exc.msg)) from None
    except ValueError as exc:
        raise JsonFileError(t("json.not-a-number", file=path.name, value=exc)) from None
    except RecursionError:
        raise JsonFileError(t("json.too-deep", file=path.name)) from None
