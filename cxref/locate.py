"""Where definitions live: the one function that finds the data folders and their files.

Order matters: the shipped folder first, then the folders in ``CXREF_DEFINITIONS`` (a path list,
``:``-separated on POSIX), then each ``--definitions DIR`` in the order given. A later folder may
add terms, pairs, shared traits and sources, and replace a source on purpose (``override: true``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from .errors import UsageError
from .safetext import visible

ENV_VAR = "CXREF_DEFINITIONS"
SOURCE_SUFFIXES = (".yaml", ".yml")
# The catalogue files a definitions folder may hold, and the list key inside each.
CATALOGUE_FILES = {"terms.yaml": "terms", "pairs.yaml": "pairs",
                   "shared-traits.yaml": "shared_traits"}


def shipped_dir() -> Path:
    """The definitions that come with cxref: inside the wheel, or beside the package in a
    checkout (editable installs and running from the source tree)."""
    here = Path(__file__).resolve().parent
    packaged = here / "definitions"
    return packaged if packaged.is_dir() else here.parent / "definitions"


def definition_dirs(extra: list[str] | tuple[str, ...] = (), *, shipped: bool = True,
                    environ: dict[str, str] | None = None) -> list[Path]:
    """The shipped folder, then CXREF_DEFINITIONS, then `extra`; each must be a folder."""
    env = os.environ if environ is None else environ
    dirs = [shipped_dir()] if shipped else []
    listed = [(p, ENV_VAR) for p in env.get(ENV_VAR, "").split(os.pathsep) if p]
    listed += [(p, "--definitions") for p in extra]
    for raw, origin in listed:
        path = Path(raw).expanduser()
        if not path.is_dir():
            raise UsageError(f"{origin}: no such folder: '{visible(raw)}'", "no-folder")
        if path.resolve() not in [d.resolve() for d in dirs]:
            dirs.append(path)
    return dirs


class Entry(NamedTuple):
    """One file that belongs to a definitions folder."""

    path: str
    size: int
    mtime_ns: int


def catalogue_file(folder: Path, name: str) -> str | None:
    """The catalogue file `name` (e.g. 'terms.yaml') in `folder`, if it has one."""
    path = folder / name
    return str(path) if path.exists() else None


def source_files(folder: Path) -> list[Entry]:
    """Every ``*.yaml`` / ``*.yml`` entry of ``folder/sources`` (hidden ones left out), sorted,
    with its size and modification time. What kind of file each is, is checked on reading."""
    out = []
    try:
        scan = os.scandir(folder / "sources")
    except FileNotFoundError:
        return out
    with scan:
        for entry in scan:
            name = entry.name
            if name.startswith(".") or not name.lower().endswith(SOURCE_SUFFIXES):
                continue
            try:
                info = entry.stat()
                out.append(Entry(entry.path, info.st_size, info.st_mtime_ns))
            except OSError:  # a dangling link: reading it will say so
                out.append(Entry(entry.path, -1, -1))
    out.sort(key=lambda e: e.path)
    return out
