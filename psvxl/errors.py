"""Exceptions for "cannot continue". Problems in the data are findings (findings.py), not exceptions."""


class PsvxlError(Exception):
    """Base of psvxl's errors; the message is for the user (Norwegian)."""

    exit_code = 1


class InputError(PsvxlError):
    """The input file cannot be read at all (not a workbook, encrypted, hostile, missing)."""

    exit_code = 2


class OutputError(PsvxlError):
    """The output cannot be written (folder missing, file locked by Excel or Word, same as input)."""

    exit_code = 1


class TemplateError(PsvxlError):
    """A report template that cannot be used."""

    exit_code = 1
