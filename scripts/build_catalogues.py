"""Compile psvxl/locale/<lang>/LC_MESSAGES/*.po into one psvxl.mo per language (Babel).

    python scripts/build_catalogues.py           # write the .mo files
    python scripts/build_catalogues.py --check   # exit 1 when a committed .mo is not what its .po give
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "psvxl" / "locale"


def compiled(folder: Path) -> bytes:
    """One .mo of every .po in a language's folder; a key in two files is an error."""
    fixed = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)    # the same bytes on every build, for --check
    merged = Catalog(locale=folder.parent.name, project="psvxl", version="", fuzzy=False,
                     creation_date=fixed, revision_date=fixed)
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as f:
            for message in read_po(f):
                if not message.id:
                    continue
                if message.id in merged:
                    sys.exit(f"{po}: the key {message.id} is in another .po file of {folder.parent.name} too")
                if not message.string:
                    sys.exit(f"{po}: the key {message.id} has no text")
                merged.add(message.id, message.string)
    out = io.BytesIO()
    write_mo(out, merged)
    return out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for folder in sorted(LOCALE.glob("*/LC_MESSAGES")):
        data, target = compiled(folder), folder / "psvxl.mo"
        if check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(str(target))
        else:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(LOCALE.parent.parent)} ({len(data):,} bytes)")
    if stale:
        print("not current (run python scripts/build_catalogues.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
