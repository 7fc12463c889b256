"""The Word import's public names, where they have always been (the code is in psvxl/wordimport/)."""

from psvxl.wordimport import (
                              ImportResult,
                              ScaleError,
                              YearsResult,
                              import_summary,
                              read_report,
                              read_reports,
                              score_of_line,
)

__all__ = [
                              "ImportResult",
                              "ScaleError",
                              "YearsResult",
                              "import_summary",
                              "read_report",
                              "read_reports",
                              "score_of_line",
]
