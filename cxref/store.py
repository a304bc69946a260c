"""Getting a corpus: :func:`load`, the one loading function every command calls, and its cache.

The cache is one file per set of definitions folders, ``$XDG_CACHE_HOME/cxref/corpus-KEY.msgpack``:
a header line (the format and a CRC-32 of the rest), then a :class:`Cache`, read and written
whole. When its catalogue key matches, the catalogue and every source whose file's key matches
are reused and the rest read from YAML; a file with a problem is never cached. So a warm cache,
a cold one and ``--no-cache`` answer alike: a cache file :func:`_read` does not trust (another
user's, a bad checksum, not the model's types) means the YAML is read again.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import IO

import msgspec

from . import __version__, locate, model
from .errors import Problem
from .locate import catalogue_files, definition_dirs, file_key, layout_problems, source_files
from .model import Catalogue, Corpus, Record, Source


def model_signature() -> str:
    """A short text that changes whenever a record of :mod:`cxref.model` gains, loses or
    renames a field: part of the format, so a cache written by another model is never read
    (msgspec would fill a field missing from an old cache with its default)."""
    names = sorted(f"{cls.__name__}({','.join(cls.__struct_fields__)})"
                   for cls in vars(model).values()
                   if isinstance(cls, type) and issubclass(cls, model.Record))
    return f"{zlib.crc32(';'.join(names).encode()):08x}"


FORMAT = f"cxref-cache/5/{__version__}/{model_signature()}/{sys.implementation.cache_tag}"


Entry = tuple[locate.FileKey, Source]  # a source without its path, after its file's key


class Cache(Record, frozen=True):
    """The cache file after its header line."""

    catalogue_key: str  # see _catalogue_key
    catalogue: Catalogue
    catalogue_problems: tuple[Problem, ...]
    entries: dict[bytes, Entry]  # by the path as the OS gives it: a path need not be UTF-8


def load(definitions: list[str], *, use_cache: bool = True) -> Corpus:
    """The corpus of the shipped folder, the personal one, CXREF_DEFINITIONS and
    `definitions`: every source that loads, with the problems of the files left out."""
    from . import loader

    dirs = definition_dirs(definitions)
    files = [(folder, file, key) for folder in dirs for file, key in source_files(folder)]
    catalogue_key = _catalogue_key(dirs)
    path = _cache_path(dirs)
    stored = _read(path, catalogue_key) if use_cache else None
    changed = stored is None
    if stored is None:
        catalogue, catalogue_problems = loader.read_catalogue(dirs)
        stored = Cache(catalogue_key, catalogue, tuple(catalogue_problems), {})
    problems: list[Problem] = []
    vocabulary = None
    entries: dict[bytes, Entry] = {}
    found = []
    for folder, file, key in files:
        name = os.fsencode(file)
        hit = stored.entries.get(name)
        if hit is not None and hit[0] == key:
            entries[name] = hit
            found.append(msgspec.structs.replace(hit[1], path=file))
            continue
        if vocabulary is None:
            from .schema import Vocabulary

            vocabulary = Vocabulary(stored.catalogue)
        source, source_problems = loader.read_source(file, vocabulary, folder)
        problems += source_problems
        if source is not None:
            entries[name] = (key, msgspec.structs.replace(source, path=""))
            found.append(source)
            changed = True
    # Written again when there was none to trust, a source was loaded or an entry is dropped.
    if use_cache and (changed or len(entries) != len(stored.entries)):
        _write(path, msgspec.structs.replace(stored, entries=entries))
    sources, notices, clashes = loader.merge(found)
    layout = [p for folder in dirs for p in layout_problems(folder)]
    skipped = (*layout, *stored.catalogue_problems, *problems, *clashes)
    return Corpus(stored.catalogue, sources, tuple(notices), skipped)


# -- keys --------------------------------------------------------------------------------------

def _cache_path(dirs: list[Path]) -> Path:
    key = "\n".join(os.path.realpath(d) for d in dirs).encode("utf-8", "surrogateescape")
    name = f"corpus-{len(key):x}-{zlib.crc32(key):08x}.msgpack"
    return locate.xdg_dir("XDG_CACHE_HOME", ".cache") / name


def _catalogue_key(dirs: list[Path]) -> str:
    """What the catalogue and every source's checks depend on, besides each source's own
    file: cxref's version and code (an edited check on an editable install), the folders and
    where their sources/ folders really are (whether a file that is no link is inside its
    folder), and each catalogue file."""
    with os.scandir(os.path.dirname(__file__)) as listing:  # when cxref's modules changed
        code = sorted(e.stat().st_mtime_ns for e in listing if e.name.endswith(".py"))
    return repr((FORMAT, code,
                 [(os.path.realpath(folder), os.path.realpath(folder / "sources"), sorted(
                     (name, *file_key(p)) for name, p in catalogue_files(folder).items()))
                  for folder in dirs]))


# -- reading and writing -----------------------------------------------------------------------

_DECODER = msgspec.msgpack.Decoder(Cache)


def _header(body: bytes) -> bytes:
    return f"{FORMAT} {zlib.crc32(body):08x}\n".encode()


def _read(path: Path, catalogue_key: str) -> Cache | None:
    """The cache, or None when there is none to trust or it was written under another
    catalogue (which makes every entry stale)."""
    handle = _open_trusted(path)
    if handle is None:
        return None
    with handle:
        try:
            header, body = handle.readline(200), handle.read()
            cache = _DECODER.decode(body) if header == _header(body) else None
        except (OSError, msgspec.DecodeError, ValueError, TypeError):  # a forged shape too
            return None
    return cache if cache is not None and cache.catalogue_key == catalogue_key else None


def _open_trusted(path: Path) -> IO[bytes] | None:
    """The cache file opened for reading, if it is a regular file (no FIFO, device or link)
    of this user's that no one else can write (whoever could would control the quotes
    printed). Checked on the open handle, so nothing can be swapped in between."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    info = os.fstat(fd)
    own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if not (stat.S_ISREG(info.st_mode) and own and not info.st_mode & 0o022):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


TEMP_PREFIX = ".corpus-"
ABANDONED_AFTER_S = 3600  # no write takes an hour: a temporary file this old has no writer


def _write(path: Path, cache: Cache) -> None:
    """Write the cache through output.replace_file; an unwritable folder means no cache."""
    from .output import replace_file

    name = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}.tmp"
    body = msgspec.msgpack.encode(cache)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _remove_abandoned(path.parent)
        replace_file(path, name, lambda handle: handle.writelines((_header(body), body)),
                     mode=0o600, flags=getattr(os, "O_NOFOLLOW", 0))


def _remove_abandoned(folder: Path) -> None:
    """Delete the temporary files of writers that were killed before they could."""
    import time

    now = time.time()
    for entry in os.scandir(folder):
        if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > ABANDONED_AFTER_S:
                    os.unlink(entry.path)
