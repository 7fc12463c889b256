"""What an import found: the assessment, and where every paragraph went."""

from __future__ import annotations

from dataclasses import dataclass, field

from psvxl.model import Assessment

UNPLACED = "ikke plassert"
UNREADABLE = "ikke lesbar"
# The reader's names for where a paragraph went, as the user is shown them (`import-report --vis-alt`).
PLACES = {"strengths": "hvor er vi gode", "improvements": "forbedringsområder", "actions": "anbefalte tiltak",
          "main_conclusion": "hovedkonklusjon", "usefulness": "nytten av gjennomgangen",
          "recommendations": "forbedringsområder og anbefalinger", "critical_factors": "mest kritiske faktor",
          "biggest_challenges": "største utfordring", "forside: owner": "forside: programeier",
          "forside: period": "forside: programperiode", "forside: date": "forside: dato",
          "forside: author": "forside: skrevet av"}


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
