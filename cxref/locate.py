"""Where definitions live: the one function that finds the data folders and their files.

Order matters: the shipped folder first, then the personal folder (``$XDG_DATA_HOME/cxref``,
by default ``~/.local/share/cxref``, when it exists), then the folders in ``CXREF_DEFINITIONS``
(a path list, ``:``-separated on POSIX), then each ``--definitions DIR`` in the order given. A
later folder may add terms, pairs, shared traits, disputes and sources, and replace a source on
purpose (``override: true``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .errors import DataError, Problem, UsageError
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


def personal_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The personal folder: ``$XDG_DATA_HOME/cxref``, or ``~/.local/share/cxref`` when that
    variable is unset, empty or relative (the XDG spec says to ignore a relative one)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "cxref"


def definition_dirs(extra: list[str] | tuple[str, ...] = (), *, shipped: bool = True,
                    environ: Mapping[str, str] | None = None) -> list[Path]:
    """The shipped folder, the personal folder (if there is one), then CXREF_DEFINITIONS,
    then `extra`; each given one must be a folder."""
    env = os.environ if environ is None else environ
    dirs = [shipped_dir()] if shipped else []
    personal = personal_dir(env)
    if shipped and personal.is_dir():
        dirs.append(personal)
    listed = [(p, ENV_VAR) for p in env.get(ENV_VAR, "").split(os.pathsep) if p]
    listed += [(p, "--definitions") for p in extra]
    for raw, origin in listed:
        path = Path(raw).expanduser()
        if path.is_file():
            raise UsageError(f"{origin}: '{visible(raw)}' is a file; give the folder that "
                             "holds sources/ (a definitions folder), not a source file",
                             "not-a-folder")
        if not path.is_dir():
            raise UsageError(f"{origin}: no such folder: '{visible(raw)}'", "no-folder")
        if path.resolve() not in [d.resolve() for d in dirs]:
            dirs.append(path)
    return dirs


def layout_problems(folder: Path) -> list[Problem]:
    """What is wrong with how a definitions folder is laid out: YAML files but no sources/
    folder, a sources/ that is not a folder or is empty. Each says what cxref expected."""
    sources = folder / "sources"
    where = visible(str(folder))
    if sources.is_dir():
        try:
            names = os.listdir(sources)
        except OSError:  # unreadable: source_files says so
            return []
        if not any(n[:1] != "." for n in names):
            return [Problem("empty-sources", "sources/ is empty: cxref expects one .yaml file "
                            "per source there; add one with `cxref new ID`",
                            visible(str(sources)), 1, 1)]
        return []
    if sources.exists():
        return [Problem("no-sources-folder", "sources is not a folder: cxref reads sources "
                        "from sources/*.yaml", visible(str(sources)), 1, 1)]
    stray = sorted(n for n in os.listdir(folder) if n.lower().endswith(SOURCE_SUFFIXES)
                   and n not in CATALOGUE_FILES and n[:1] != ".")
    if stray:
        return [Problem("no-sources-folder", f"holds {visible(stray[0])} but no sources/ "
                        "folder: cxref reads sources from sources/*.yaml; move the source "
                        "files into a sources/ folder", where, 1, 1)]
    return []


def catalogue_file(folder: Path, name: str) -> str | None:
    """The catalogue file `name` (e.g. 'terms.yaml') in `folder`, if it has one."""
    path = folder / name
    return str(path) if path.exists() else None


def source_files(folder: Path) -> list[tuple[str, int, int, int, int, str]]:
    """Every entry of ``folder/sources`` (hidden ones left out), sorted, as (path, size,
    modification time, change time (both in ns), inode, and for a link the path it leads to,
    else ''); a dangling link has -1 for each number. The change time and inode catch an edit
    in place that keeps the size and modification time; the link's target, a link that now
    leads out of the folder because a folder on its way was moved. What kind of file each is,
    and whether its name ends in .yaml, is checked on reading.

    Every run of cxref stats these files (the cache is keyed by them), so this is kept lean:
    plain tuples, the kind of each entry from the listing itself, and each stat relative to
    one open handle on the folder."""
    sources = os.path.join(folder, "sources")
    try:
        with os.scandir(sources) as listing:
            entries = sorted((e.name, e.is_symlink()) for e in listing if e.name[:1] != ".")
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:  # unreadable, or a link that loops
        raise DataError(Problem("unreadable", f"cannot read the folder: {exc.strerror}",
                                visible(sources), 1, 1)) from None
    base = sources + os.sep
    relative = os.stat in os.supports_dir_fd
    fd = os.open(sources, os.O_RDONLY) if relative else None
    out = []
    stat = os.stat
    try:
        for name, link in entries:
            target = os.path.realpath(base + name) if link else ""
            try:
                info = stat(name, dir_fd=fd) if relative else stat(base + name)
                out.append((base + name, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                            info.st_ino, target))
            except OSError:  # a dangling link: reading it will say so
                out.append((base + name, -1, -1, -1, -1, target))
    finally:
        if fd is not None:
            os.close(fd)
    return out
