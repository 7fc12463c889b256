"""What one line of a report says: a key for matching, a score line, a total, a label. All linear in
the length of the line (no backtracking patterns: a heading of 100 000 «(» is read in one pass)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from psvxl import vocabulary as V
from psvxl.i18n import t

MARKS = "☒☑■✓✔✗xX"
BOXES = "☐□" + MARKS
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ä": "a", "ö": "o", "ü": "u"})
_NON_WORD = re.compile(r"[^\w]+")
_TOKEN = re.compile(rf"[{BOXES}]|\d{{1,2}}|[^\s|]")
_VALUE = re.compile(r"(\d{1,2})(?:[.,](\d{1,2}))?\s*(?:(?:av|/)\s*(\d{1,2})|poeng)?\s*\.?")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MAX_KEY = 2000          # a heading or label longer than this is never one of the framework's words


def key(text: str) -> str:
    """Words for matching: case, punctuation, æ/ø/å and «(…)» hints dropped («Styrker:» is «styrker»)."""
    s = unicodedata.normalize("NFC", text[:MAX_KEY]).casefold().translate(_FOLD)
    return " ".join(_NON_WORD.sub(" ", _without_parentheses(s)).split())


def _without_parentheses(s: str) -> str:
    """«(…)» removed, from each «(» to the next «)», in one pass."""
    out, i = [], 0
    while (start := s.find("(", i)) >= 0:
        end = s.find(")", start)
        if end < 0:
            break
        out.append(s[i:start] + " ")
        i = end + 1
    out.append(s[i:])
    return "".join(out)


def heading_key(text: str) -> str:
    """The key of a heading without its numbering: «1. Profil», «Indikator 1: Profil» are «profil»."""
    words = key(text).split()
    while words and (words[0].isdigit() or (words[0] in ("indikator", "kapittel") and len(words) > 1
                                            and words[1].isdigit())):
        words = words[2:] if not words[0].isdigit() else words[1:]
    return " ".join(words)


def keys(words: tuple[str, ...]) -> set[str]:
    return {key(w) for w in words}


def year_in(text: str) -> int | None:
    match = _YEAR.search(text[:MAX_KEY])
    return int(match.group(0)) if match else None


@dataclass
class ScoreLine:
    score: int | None       # the ticked score; None when nothing is ticked (or more than one)
    marks: int              # how many are ticked
    low: int | None = None  # the scale the line shows (None for «Poeng: 4»)
    high: int | None = None
    bad: str | None = None  # why a line that is a score line cannot be read


def box_line(text: str) -> ScoreLine | None:
    """«☐ 1 ☐ 2 ☒ 3 ☐ 4 ☐ 5», «1 ☐ 2 ☐ 3 ☒», any spacing, «|» between; None when not a score line."""
    if len(text) > 400 or not text or not (text[0] in BOXES or text[0].isdigit()):
        return None
    tokens = _TOKEN.findall(text.replace("\u00a0", " "))
    if len(tokens) < 6 or len(tokens) % 2:
        return None
    box_first = tokens[0] in BOXES and not tokens[0].isdigit()
    boxes, numbers = (tokens[0::2], tokens[1::2]) if box_first else (tokens[1::2], tokens[0::2])
    if not all(b in BOXES for b in boxes) or not all(n.isdigit() for n in numbers):
        return None
    values = [int(n) for n in numbers]
    if values != list(range(values[0], values[0] + len(values))):
        return None
    ticked = [v for b, v in zip(boxes, values, strict=False) if b in MARKS]
    bad = t("import.why.several-ticks", ticks=len(ticked)) if len(ticked) > 1 else None
    return ScoreLine(ticked[0] if len(ticked) == 1 else None, len(ticked), values[0], values[-1], bad)


def label_rest(text: str, words: tuple[str, ...]) -> str | None:
    """The text after one of `words` at the start («Total poengsum: 4,5» → «4,5»), None when the text
    does not start with any of them as whole words."""
    low = text[:200].casefold()
    longest, starts = _longest_first(words)
    if not low.startswith(starts):
        return None
    for w in longest:
        if low.startswith(w) and (len(low) == len(w) or not low[len(w)].isalnum()):
            return text[len(w):].strip().lstrip(":").strip().lstrip("–-").strip() if len(low) > len(w) else ""
    return None


@lru_cache(maxsize=64)
def _longest_first(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    folded = tuple(sorted((w.casefold() for w in words), key=len, reverse=True))
    return folded, tuple({w[:3] for w in folded})


def value(text: str) -> tuple[str, float | None, int | None]:
    """A total or score as typed: ("value", 4.5, top of scale or None), ("none", …) for «–» or nothing,
    ("bad", …) for anything else."""
    s = text.strip().rstrip(".").strip()
    if s in ("", "–", "-", "—"):
        return "none", None, None
    if len(s) > 40 or not (m := _VALUE.fullmatch(s)):
        return "bad", None, None
    number = float(f"{m.group(1)}.{m.group(2)}") if m.group(2) else float(m.group(1))
    return "value", number, int(m.group(3)) if m.group(3) else None


def score_label_line(text: str) -> ScoreLine | None:
    """«Poeng: 4», «Score 3 av 5»: a theme's score as words; None when the text is not one."""
    rest = label_rest(text, V.SCORE)
    if rest is None or len(text) > 60:
        return None
    kind, number, top = value(rest)
    if kind == "none":
        return ScoreLine(None, 0)
    if kind == "bad":
        return ScoreLine(None, 0, bad=t("import.why.not-a-score", value=rest)) if rest[:1].isdigit() else None
    assert number is not None
    if not number.is_integer():
        return ScoreLine(None, 0, bad=t("import.why.not-whole", value=rest))
    return ScoreLine(int(number), 1, 1 if top else None, top)


def header_scale(cells: list[str]) -> tuple[int, int, int] | None:
    """A score table's header row: (first score column, low, high) for «| 1 | 2 | 3 | 4 | 5» with an
    optional first cell («Tema», «»); None otherwise."""
    for offset in (0, 1):
        rest = [c.strip() for c in cells[offset:]]
        if len(rest) >= 3 and all(c.isdigit() and len(c) <= 2 for c in rest):
            values = [int(c) for c in rest]
            labelled = offset == 0 or not cells[0].strip() or key(cells[0]) in keys(V.THEME_HEADER + V.SCORE)
            if labelled and values == list(range(values[0], values[0] + len(values))):
                return offset, values[0], values[-1]
    return None


def marked_row(cells: list[str], offset: int, low: int) -> ScoreLine | None:
    """A row under a score table's header: the score under the one marked cell."""
    marks = [low + n for n, c in enumerate(cells[offset:]) if c.strip()]
    if any(len(c.strip()) > 1 or (c.strip() and c.strip() not in MARKS) for c in cells[offset:]):
        return None
    high = low + len(cells) - offset - 1
    bad = f"{len(marks)} kryss i samme rad" if len(marks) > 1 else None
    return ScoreLine(marks[0] if len(marks) == 1 else None, len(marks), low, high, bad)
