"""`cxref validate`: every problem in the definitions folders, as a linter reports them."""

from __future__ import annotations

import os

from .errors import Problem, UsageError
from .locate import CATALOGUE_FILES, catalogue_file, definition_dirs, source_files
from .safetext import visible


def validate(folders: list[str], definitions: list[str]) -> tuple[list[Problem], int]:
    """Every problem in the shipped folder plus `definitions` and `folders`, and the number of
    files read. Always reads the files: a check must not trust a cache."""
    from .loader import check_folders

    for folder in folders:
        if os.path.isfile(folder):
            raise UsageError(f"validate: '{visible(folder)}' is a file; give the definitions "
                             "folder that holds its sources/ folder")
    dirs = definition_dirs([*definitions, *folders])
    _, problems = check_folders(dirs)
    files = sum(len(source_files(d)) + sum(1 for name in CATALOGUE_FILES
                                           if catalogue_file(d, name)) for d in dirs)
    return problems, files
