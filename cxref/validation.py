"""`cxref validate`: every problem in the definitions folders, as a linter reports them."""

from __future__ import annotations

import os

from .errors import Problem
from .locate import catalogue_files, definition_dirs, given_dir, source_files
from .report import plural
from .safetext import visible

# The problems of a folder's layout, not of a file in it.
FOLDER_CODES = frozenset({"no-sources-folder", "unreadable-folder", "no-definitions"})


def validate(folders: list[str], definitions: list[str]) -> tuple[list[Problem], int]:
    """The problems of `folders` (loaded on top of the shipped folder, the personal one and
    `definitions`, whose vocabulary they may use), or of every folder when none is named; and
    the number of files checked. Always reads the files: a check must not trust a cache."""
    from .loader import check_folders

    named = [given_dir(folder, "validate") for folder in folders]  # errors name them as typed
    # A named folder also loaded under another spelling (the personal folder as '.') is read
    # under the name typed, so that its problems are found under that name.
    typed = {os.path.realpath(d): d for d in named}
    dirs = [typed.pop(os.path.realpath(d), d) for d in definition_dirs(definitions)]
    _, problems = check_folders(dirs + list(typed.values()))
    files = sum(len(source_files(d)) + len(catalogue_files(d)) for d in named or dirs)
    if named:
        places = {os.path.normpath(visible(str(d))) for d in named}
        places |= {os.path.normpath(os.path.join(d, "sources")) for d in places}
        problems = [p for p in problems if places & {
            os.path.normpath(p.path), os.path.normpath(os.path.dirname(p.path))}]
    return problems, files


def summary(problems: list[Problem], files: int) -> str:
    """'cxref: 2 problems in 1 file of 3 read', 'cxref: 1 problem in 1 folder, 0 files read',
    or 'cxref: no problems in 3 files read'."""
    if not problems:
        return f"cxref: no problems in {plural(files, 'file')} read"
    flawed = {p.path for p in problems if p.code not in FOLDER_CODES}
    folders = {p.path for p in problems} - flawed
    where = [plural(len(folders), "folder")] if folders else []
    if flawed:
        where.append(f"{plural(len(flawed), 'file')} of {files} read")
    text = f"cxref: {plural(len(problems), 'problem')} in {' and '.join(where)}"
    return text if flawed else f"{text}, {plural(files, 'file')} read"
