"""What an import found: the assessment, and where every paragraph went."""

from __future__ import annotations

from dataclasses import dataclass, field

from psvxl.i18n import t
from psvxl.model import Assessment

# Where a paragraph went, as an id (compared across the importer and cli.py); `place_name` gives the words
# the user is shown (`import-report --vis-alt`, the «ikke plassert» lines on Kontroll) from the catalogue.
UNPLACED = "unplaced"
UNREADABLE = "unreadable"
PLACES = ("unplaced", "unreadable", "strengths", "improvements", "actions", "main_conclusion", "usefulness",
          "recommendations", "critical_factors", "biggest_challenges", "cover-owner", "cover-period",
          "cover-date", "cover-author", "cover-title", "cover-program", "contents", "total", "total-heading",
          "score-table-heading", "score", "heading", "theme-group", "indicator-group", "summary-heading",
          "follow-up-heading", "indicator", "indicator-own", "theme", "psvxl-text", "figures", "participant",
          "table-heading", "follow-up", "priority", "action-plan", "summary", "deviation", "guidance",
          "description", "comment", "question", "statement", "overview")


def place_name(where: str) -> str:
    """The user's words for a place in the ledger."""
    return t(f"import.place.{where}")


@dataclass
class ImportResult:
    assessment: Assessment
    file: str = ""
    # Every paragraph or table row with text, once: (paragraph number, where it went, first words).
    ledger: list[tuple[int, str, str]] = field(default_factory=list)
    unreadable: list[tuple[int, str, str]] = field(default_factory=list)   # (number, first words, why)
    skipped: list[tuple[str, int]] = field(default_factory=list)           # chapters of figures: (title, rows)
    scale_note: str | None = None          # where the scale came from, when not from a framework file
    year_from_name: bool = False           # the year was taken from the file name

    @property
    def unplaced(self) -> list[tuple[int, str]]:
        """Paragraphs listed as not placed: (paragraph number, first words)."""
        return [(number, words) for number, where, words in self.ledger if where == UNPLACED]

    @property
    def usable(self) -> bool:
        return any(t.score is not None for i in self.assessment.indicators for t in i.themes) or \
            any(i.total is not None for i in self.assessment.indicators)


@dataclass
class YearsResult:
    """Several yearly reports read together: the workbook's assessment (the latest year, with the
    earlier years as history) and each report's own result, oldest first."""
    assessment: Assessment
    reports: list[ImportResult]
    notes: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.reports[-1].usable

    @property
    def unreadable(self) -> list[tuple[str, int, str, str]]:
        return [(r.file, *u) for r in self.reports for u in r.unreadable]


def words(text: str) -> str:
    """The first words of a paragraph, as the user is shown them."""
    s = " ".join(text[:200].split())
    return s if len(s) <= 60 else s[:59] + "…"
