"""The one error type cxref raises for anything a user can cause, and its exit codes; a
problem is one line, ``FILE:LINE:COL: CODE message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .safetext import one_line, visible

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
        """``FILE:LINE:COL: code message``, one line, anything unsafe shown as an escape."""
        where = self.path
        if where and self.line:
            where = f"{where}:{self.line}:{self.col or 1}"
        prefix = f"{where}: " if where else ""
        return one_line(f"{prefix}{self.code} {self.message}")


class CxrefError(Exception):
    """A failure the user can fix, printed as one line: a :class:`Problem`, or a message and a
    code (the class's own by default)."""

    exit_code = EXIT_DATA
    code = "error"

    def __init__(self, problem: Problem | str, code: str = "") -> None:
        if isinstance(problem, str):
            problem = Problem(code or self.code, problem)
        super().__init__(problem.message)
        self.problem = problem

    def __str__(self) -> str:
        """A file's problem with its place and code; any other failure, its message."""
        return str(self.problem) if self.problem.path else self.problem.message


class DataError(CxrefError):
    """A definitions file does not parse or does not fit the schema."""


class UsageError(CxrefError):
    """An option or argument names something that does not exist."""

    exit_code = EXIT_USAGE
    code = "usage"


class EditFailed(CxrefError):
    """An edit (`cxref new`, `cxref edit`) that was not taken: its problems were printed."""

    code = "edit"


class OutputError(CxrefError):
    """The output file could not be written."""

    exit_code = EXIT_OUTPUT
    code = "output"


def did_you_mean(given: str, names: Iterable[str], shown: Mapping[str, str] | None = None) -> str:
    """"; did you mean 'x'?" for the name closest to `given` (compared folded), shown as
    `shown` maps it (a term's id by its name), or '' when none is close."""
    import difflib  # only on the error path

    from .model import fold

    by_fold = {fold(name): name for name in reversed(list(names))}
    close = difflib.get_close_matches(fold(given), list(by_fold), n=1, cutoff=0.6)
    if not close:
        return ""
    name = by_fold[close[0]]
    return f"; did you mean '{visible((shown or {}).get(name, name))}'?"
