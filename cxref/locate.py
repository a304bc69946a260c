"""Where definitions live: the one function that finds the data folders, and what is in them.

Order matters: the shipped folder first, then the personal folder (``$XDG_DATA_HOME/cxref``,
by default ``~/.local/share/cxref``, when it exists), then the folders in ``CXREF_DEFINITIONS``
(a path list, ``:``-separated on POSIX), then each ``--definitions DIR`` in the order given. A
later folder may add terms, pairs, shared traits, disputes and sources, and replace a source on
purpose (``override: true``). The personal folder may be missing, empty or half-built at any
time: it is loaded when it is a folder, and whatever it lacks is simply not there.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from .errors import Problem, UsageError
from .safetext import visible

ENV_VAR = "CXREF_DEFINITIONS"
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


def given_dir(raw: str, origin: str) -> Path:
    """A definitions folder the user named (`origin` says where: '--definitions', the
    environment variable, 'validate'), or a usage error that names it as they typed it."""
    if not raw:  # Path('') would be the current folder, which the user did not name
        raise UsageError(f"{origin}: an empty folder name; give a definitions folder",
                         "no-folder")
    path = Path(raw).expanduser()
    if os.path.isfile(path):
        raise UsageError(f"{origin}: '{visible(raw)}' is a file; give the folder that holds "
                         "sources/ (a definitions folder), not a source file", "not-a-folder")
    if not os.path.isdir(path):
        raise UsageError(f"{origin}: no such folder: '{visible(raw)}'", "no-folder")
    return path


def definition_dirs(extra: Sequence[str] = (), *, origin: str = "--definitions",
                    environ: Mapping[str, str] | None = None) -> list[Path]:
    """The shipped folder, the personal folder (if it is one), then CXREF_DEFINITIONS, then
    `extra` (named by `origin` in errors); each one given must be a folder."""
    env = os.environ if environ is None else environ
    dirs = [shipped_dir()]
    personal = personal_dir(env)
    if os.path.isdir(personal):  # False, not an error, when it cannot be looked at
        dirs.append(personal)
    listed = [(p, ENV_VAR) for p in env.get(ENV_VAR, "").split(os.pathsep) if p]
    listed += [(p, origin) for p in extra]
    seen = {os.path.realpath(d) for d in dirs}
    for raw, named in listed:
        path = given_dir(raw, named)
        if os.path.realpath(path) not in seen:
            seen.add(os.path.realpath(path))
            dirs.append(path)
    return dirs


def layout_problems(folder: Path) -> list[Problem]:
    """What is wrong with how a definitions folder is laid out: YAML files but no sources/
    folder, a sources/ that is not a folder, a folder that cannot be listed or searched (so
    nothing in it is read), or one that holds nothing cxref reads. Each says what cxref
    expected. An empty sources/ is no problem, nor an empty folder: a folder may hold only
    catalogue files, and a personal folder may have nothing in it yet."""
    sources = folder / "sources"
    try:
        is_folder = stat.S_ISDIR(os.stat(sources).st_mode)
    except FileNotFoundError:  # no sources/, or a link to nowhere
        is_folder = None
    except OSError as exc:  # the folder cannot be searched (mode 644), or a link that loops
        return [_unreadable(folder if isinstance(exc, PermissionError) else sources, exc)]
    try:
        if is_folder:
            os.listdir(sources)
            if not os.access(sources, os.X_OK):  # listed, but no file in it can be opened
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            return []
        if is_folder is False or os.path.islink(sources):
            return [Problem("no-sources-folder", "sources is not a folder: cxref reads sources "
                            "from sources/*.yaml", visible(str(sources)), 1, 1)]
        names = [n for n in os.listdir(folder) if not ignored(n)]
    except OSError as exc:
        return [_unreadable(sources if is_folder else folder, exc)]
    stray = sorted(n for n in names if n.lower().endswith((".yaml", ".yml"))
                   and n not in CATALOGUE_FILES)
    if stray and os.path.basename(os.path.abspath(folder)) == "sources":
        holder = visible(os.path.normpath(os.path.join(folder, "..")))
        return [Problem("no-sources-folder", f"is a sources/ folder itself: give the folder "
                        f"that holds it ('{holder}')", visible(str(folder)), 1, 1)]
    if stray:
        return [Problem("no-sources-folder", f"holds {visible(stray[0])} but no sources/ "
                        "folder: cxref reads sources from sources/*.yaml; move the source "
                        "files into a sources/ folder", visible(str(folder)), 1, 1)]
    if names and not set(names) & set(CATALOGUE_FILES):
        return [Problem("no-definitions", "holds no sources/ folder and no catalogue file "
                        f"({', '.join(CATALOGUE_FILES)}): nothing in it is a definition; give "
                        "a definitions folder", visible(str(folder)), 1, 1)]
    return []


def _unreadable(folder: Path, exc: OSError) -> Problem:
    return Problem("unreadable-folder", f"cannot read the folder: {exc.strerror}; nothing "
                   "in it was read", visible(str(folder)), 1, 1)


def catalogue_files(folder: Path) -> dict[str, str]:
    """The catalogue files `folder` holds, by name ('terms.yaml': path). A link that dangles
    or loops is listed too: reading it says what is wrong with it."""
    return {name: str(folder / name) for name in CATALOGUE_FILES
            if os.path.lexists(folder / name)}


def ignored(name: str) -> bool:
    """A file in sources/ that is not a source and not a mistake: hidden files, and a README
    or other notes in markdown beside the sources."""
    return name[:1] == "." or name.upper().startswith("README") or name.endswith(".md")


class SourceFile(NamedTuple):
    """A file in a sources/ folder and what the cache keys it by: size, modification and
    change times (ns) and inode, all -1 when it cannot be looked at (a dangling link); and for
    a link, the path it leads to. The change time and inode catch an edit in place that
    keeps the size and modification time; the target, a link that now leads out of the
    folder because a folder on its way was moved (for a file that is no link, where sources/
    really is is part of the cache's catalogue key)."""

    path: str
    size: int
    mtime: int
    ctime: int
    ino: int
    target: bytes

    @property
    def key(self) -> tuple[int, int, int, int, bytes]:
        return (self.size, self.mtime, self.ctime, self.ino, self.target)


def file_key(path: str) -> tuple[int, int, int, int, bytes]:
    """What the cache keys a file by: size, modification and change times (ns), inode (all
    -1 when it cannot be looked at) and, for a link, where it leads (b'' for a file)."""
    target = os.fsencode(os.path.realpath(path)) if os.path.islink(path) else b""
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1, -1, -1, target)
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, target)


def source_files(folder: Path) -> list[SourceFile]:
    """Every file of ``folder/sources`` but the ignored ones, sorted, with what the cache keys
    it by; none when there is no sources/ or it cannot be read (layout_problems says so).
    What kind of file each is, and whether its name ends in .yaml, is checked on reading.

    Every run of cxref stats these files, so this is kept lean: each stat relative to one
    open handle on the folder."""
    sources = os.path.join(folder, "sources")
    if not os.access(sources, os.X_OK):  # layout_problems says so, once
        return []
    try:
        with os.scandir(sources) as listing:
            entries = sorted((e.name, e.is_symlink()) for e in listing if not ignored(e.name))
        relative = os.stat in os.supports_dir_fd
        fd = os.open(sources, os.O_RDONLY) if relative else None
    except OSError:
        return []
    base = sources + os.sep
    out = []
    try:
        for name, link in entries:
            target = os.fsencode(os.path.realpath(base + name)) if link else b""
            try:
                info = os.stat(name, dir_fd=fd) if relative else os.stat(base + name)
                out.append(SourceFile(base + name, info.st_size, info.st_mtime_ns,
                                      info.st_ctime_ns, info.st_ino, target))
            except OSError:  # a dangling link: reading it will say so
                out.append(SourceFile(base + name, -1, -1, -1, -1, target))
    finally:
        if fd is not None:
            os.close(fd)
    return out
