"""The one error type cxref raises for anything a user can cause, and its exit codes.

Every problem carries where it happened (file, 1-based line and column) and a stable code,
so the CLI can print it as one line, ``FILE:LINE:COL: CODE message``, and `validate` can
list many of them like a linter.
"""

from __future__ import annotations

from typing import NamedTuple

# Exit codes, documented in README.md ("Exit codes").
EXIT_OK = 0
EXIT_DATA = 1  # `validate` found problems; `new` or `edit` did not keep an edit
EXIT_USAGE = 2  # bad option, unknown term / trait / source id
EXIT_OUTPUT = 3  # the --output file could not be written


class Problem(NamedTuple):
    """One thing wrong with one place in one file."""

    code: str
    message: str
    path: str = ""
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        """``FILE:LINE:COL: code message``, with anything that could drive a terminal (from a
        file name or a value) shown as a visible escape."""
        from .safetext import one_line

        where = self.path
        if where and self.line:
            where = f"{where}:{self.line}:{self.col or 1}"
        prefix = f"{where}: " if where else ""
        # One problem, one line: a newline or tab from a key, a value or a file name shows as
        # an escape, so no file can add lines (say, '::error ...') to a CI log.
        return one_line(f"{prefix}{self.code} {self.message}")


class CxrefError(Exception):
    """A failure the user can fix; printed as one line, never as a traceback."""

    exit_code = EXIT_DATA

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class DataError(CxrefError):
    """A definitions file does not parse or does not fit the schema."""

    exit_code = EXIT_DATA


class UsageError(CxrefError):
    """An option or argument names something that does not exist."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, code: str = "usage") -> None:
        super().__init__(Problem(code, message))

    def __str__(self) -> str:
        return self.problem.message


class EditFailed(CxrefError):
    """An edit (`cxref new`, `cxref edit`) that was not taken: its problems were printed."""

    exit_code = EXIT_DATA

    def __init__(self, message: str) -> None:
        super().__init__(Problem("edit", message))

    def __str__(self) -> str:
        return self.problem.message


class OutputError(CxrefError):
    """The output file could not be written."""

    exit_code = EXIT_OUTPUT

    def __init__(self, message: str) -> None:
        super().__init__(Problem("output", message))

    def __str__(self) -> str:
        return self.problem.message
