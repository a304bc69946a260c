"""Where definitions live: the one function that finds the data folders and their files.

Order matters: the shipped folder first, then the folders in ``CXREF_DEFINITIONS`` (a path list,
``:``-separated on POSIX), then each ``--definitions DIR`` in the order given. A later folder may
add terms, pairs, shared traits and sources, and replace a source on purpose (``override: true``).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError
from .safetext import visible

ENV_VAR = "CXREF_DEFINITIONS"
SOURCE_SUFFIXES = (".yaml", ".yml")
# The catalogue files a definitions folder may hold, and the list key inside each.
CATALOGUE_FILES = {"terms.yaml": "terms", "pairs.yaml": "pairs",
                   "shared-traits.yaml": "shared_traits", "disputes.yaml": "disputes"}


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


def catalogue_file(folder: Path, name: str) -> str | None:
    """The catalogue file `name` (e.g. 'terms.yaml') in `folder`, if it has one."""
    path = folder / name
    return str(path) if path.exists() else None


def source_files(folder: Path) -> list[tuple[str, int, int]]:
    """Every ``*.yaml`` / ``*.yml`` file of ``folder/sources`` (hidden ones left out), sorted,
    as (path, size, modification time in ns); a dangling link has size and time -1. What kind
    of file each is, is checked on reading.

    Every run of cxref stats these files (the cache is keyed by them), so this is kept lean:
    plain tuples, and each stat relative to one open handle on the folder."""
    sources = os.path.join(folder, "sources")
    try:
        names = sorted(n for n in os.listdir(sources)
                       if n[:1] != "." and n.lower().endswith(SOURCE_SUFFIXES))
    except (FileNotFoundError, NotADirectoryError):
        return []
    base = sources + os.sep
    relative = os.stat in os.supports_dir_fd
    fd = os.open(sources, os.O_RDONLY) if relative else None
    out = []
    stat = os.stat
    try:
        for name in names:
            try:
                info = stat(name, dir_fd=fd) if relative else stat(base + name)
                out.append((base + name, info.st_size, info.st_mtime_ns))
            except OSError:  # a dangling link: reading it will say so
                out.append((base + name, -1, -1))
    finally:
        if fd is not None:
            os.close(fd)
    return out
