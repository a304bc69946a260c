"""Where definitions live: the definitions folders, in load order, and the files in them."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import Problem, UsageError
from .safetext import visible

ENV_VAR = "CXREF_DEFINITIONS"
# The catalogue files a definitions folder may hold, and the list key inside each.
CATALOGUE_FILES = {"terms.yaml": "terms", "pairs.yaml": "pairs",
                   "shared-traits.yaml": "shared_traits", "disputes.yaml": "disputes"}


def shipped_dir() -> Path:
    """The definitions that come with cxref: inside the wheel, or beside the package."""
    here = Path(__file__).resolve().parent
    packaged = here / "definitions"
    return packaged if packaged.is_dir() else here.parent / "definitions"


def xdg_dir(variable: str, default: str, environ: Mapping[str, str] | None = None) -> Path:
    """``$variable/cxref``, or ``~/default/cxref`` when the variable is unset, empty or
    relative (the XDG spec says to ignore a relative one)."""
    base = (os.environ if environ is None else environ).get(variable, "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), default)
    return Path(base) / "cxref"


def personal_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The personal folder: ``$XDG_DATA_HOME/cxref``, by default ``~/.local/share/cxref``."""
    return xdg_dir("XDG_DATA_HOME", os.path.join(".local", "share"), environ)


def given_dir(raw: str, origin: str) -> Path:
    """A definitions folder the user named (`origin` says where), or a usage error."""
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


def definition_dirs(extra: Sequence[str] = (), *,
                    environ: Mapping[str, str] | None = None) -> list[Path]:
    """The shipped folder, the personal folder (if it is one), then CXREF_DEFINITIONS, then
    `extra` (the --definitions): a later one adds to the earlier ones; each given must be a
    folder."""
    env = os.environ if environ is None else environ
    dirs = [shipped_dir()]
    personal = personal_dir(env)
    if os.path.isdir(personal):  # False, not an error, when it cannot be looked at
        dirs.append(personal)
    listed = [(p, ENV_VAR) for p in env.get(ENV_VAR, "").split(os.pathsep) if p]
    listed += [(p, "--definitions") for p in extra]
    seen = {os.path.realpath(d) for d in dirs}
    for raw, named in listed:
        path = given_dir(raw, named)
        if os.path.realpath(path) not in seen:
            seen.add(os.path.realpath(path))
            dirs.append(path)
    return dirs


def layout_problems(folder: Path) -> list[Problem]:
    """What is wrong with how a definitions folder is laid out: YAML files but no sources/, a
    sources/ that is no folder, a folder that cannot be read, or one holding nothing cxref
    reads. An empty folder or sources/ is no problem."""
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
    """The catalogue files `folder` holds, by name, a link that dangles or loops too."""
    return {name: str(folder / name) for name in CATALOGUE_FILES
            if os.path.lexists(folder / name)}


def ignored(name: str) -> bool:
    """A file in sources/ that is no source and no mistake: hidden, a README, markdown."""
    return name[:1] == "." or name.upper().startswith("README") or name.endswith(".md")


FileKey = tuple[int, int, int, int, bytes]


def file_key(path: str, link: bool | None = None) -> FileKey:
    """What the cache keys a file by: size, modification and change times (ns), inode (all
    -1 when it cannot be looked at) and, for a link, where it leads (b'' for a file). The
    change time and inode catch an edit that keeps the size and modification time; the
    target, a link that comes to lead out of the folder."""
    if link is None:
        link = os.path.islink(path)
    target = os.fsencode(os.path.realpath(path)) if link else b""
    try:
        info = os.stat(path)
    except OSError:  # a dangling link: reading it will say so
        return (-1, -1, -1, -1, target)
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, target)


def source_files(folder: Path) -> list[tuple[str, FileKey]]:
    """Every file of ``folder/sources`` but the ignored ones, sorted, with what the cache keys
    it by (:func:`file_key`); none when there is no sources/ or it cannot be read
    (layout_problems says so). What kind of file each is, and whether its name ends in .yaml,
    is checked on reading."""
    sources = os.path.join(folder, "sources")
    if not os.access(sources, os.X_OK):
        return []
    try:
        with os.scandir(sources) as listing:
            entries = sorted((e.path, e.is_symlink()) for e in listing if not ignored(e.name))
    except OSError:
        return []
    return [(path, file_key(path, link)) for path, link in entries]
