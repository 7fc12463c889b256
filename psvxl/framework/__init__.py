"""The standard PSV indicator set (7 indicators, 29 themes) shipped with the template."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from psvxl.model import Indicator, Theme

SCALE_MIN = 1
SCALE_MAX = 6


@cache
def _raw() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("standard_indicators.json").read_text("utf-8")
    return json.loads(text)


def standard_indicators() -> list[Indicator]:
    """A fresh, unscored copy of the standard indicator set."""
    return [
        Indicator(
            id=raw["id"],
            name=raw["name"],
            description=raw.get("description"),
            guidance=raw.get("guidance"),
            themes=[
                Theme(title=t["title"], questions=list(t.get("questions", [])), statement=t.get("statement"))
                for t in raw["themes"]
            ],
        )
        for raw in _raw()["indicators"]
    ]
