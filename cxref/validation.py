"""`cxref validate`: every problem in the definitions folders, as a linter reports them."""

from __future__ import annotations

import os

from .errors import Problem
from .locate import catalogue_files, definition_dirs, given_dir, source_files
from .report import plural
from .safetext import visible


def validate(folders: list[str], definitions: list[str]) -> tuple[list[Problem], int]:
    """The problems of `folders` (loaded on top of the shipped folder, the personal one and
    `definitions`, whose vocabulary they may use), or of every folder when none is named; and
    the number of files checked. Always reads the files: a check must not trust a cache."""
    from .loader import check_folders

    named = [given_dir(folder, "validate") for folder in folders]  # errors name them as typed
    dirs = definition_dirs(definitions)
    dirs += [d for d in named if os.path.realpath(d) not in map(os.path.realpath, dirs)]
    _, problems = check_folders(dirs)
    scope = named or dirs
    places = tuple(visible(os.path.join(d, "")) for d in scope)
    files = sum(len(source_files(d)) + len(catalogue_files(d)) for d in scope)
    return [p for p in problems if not named or p.path.startswith(places)
            or p.path in {visible(str(d)) for d in scope}], files


def summary(problems: list[Problem], files: int) -> str:
    """'2 problems in 1 file of 3 read', or 'no problems in 3 files read'."""
    if not problems:
        return f"no problems in {plural(files, 'file')} read"
    flawed = len({p.path for p in problems})
    return f"{plural(len(problems), 'problem')} in {plural(flawed, 'file')} of {files} read"
