"""Getting a corpus: :func:`load`, the one loading function every command calls, and the cache
behind it, rebuilt file by file.

The cache is one file per set of definitions folders,
``$XDG_CACHE_HOME/cxref/corpus-KEY.msgpack`` (``~/.cache/cxref``): a header line (the format
and a checksum of the rest), then a run of msgpack records, each after its length (four bytes,
little-endian):

    head       the key the catalogue was read under (cxref's version and code, every folder,
               and each catalogue file's size, times, inode and link target), the merged
               catalogue, the problems found in it, and how many entries follow
    entries    one for each source file that loaded without a problem: its path, the key it
               was read under (size, modification and change times, inode, link target) and
               the source

It is read and written a record at a time, so the file's bytes are never held whole beside
the corpus they decode to (64 MB at 10,000 sources).

A run lists and stats the source files (it must, to know what is there), and reads the cache.
When the catalogue's key matches, it reuses the catalogue and every source whose file's key
matches, and reads the YAML of the rest; when the catalogue changed, it reads every file (each
source is checked against the catalogue). The cache is written again when a source was read
and loaded or an entry is no longer kept (not for a file that fails, which is never cached):
the records kept are copied from the old file as they are, and only what was read is encoded.
The sources are then merged as they always are. So after one edit among 1,000 files the next
command reads one file and encodes one record; and a command answers the same with a warm
cache, a cold one or ``--no-cache`` (a file with a problem is never cached: it is read, and
reported, every time).

Trust: the file is read only if it is a regular file, owned by this user and writable by no
one else (checked on the open handle: a FIFO, a device or a link at its place is never read);
its checksum must match, and msgspec checks every value against the model's types as it
decodes; anything else means the YAML is read again, never a wrong answer. Text in it was
made safe when the YAML was read, and the terminal renderer makes text safe again as it
prints. The file is written under a temporary name and renamed into place, so no reader sees
half of one; an unwritable cache folder means no cache, not an error.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import IO, NamedTuple

import msgspec

from . import __version__
from .errors import Problem
from .locate import catalogue_files, definition_dirs, file_key, layout_problems, source_files
from .model import Catalogue, Corpus, Record, Source


def model_signature() -> str:
    """A short text that changes whenever a record of :mod:`cxref.model` gains, loses or
    renames a field: part of the format, so a cache written by another model is never read
    (msgspec would fill a field missing from an old cache with its default)."""
    from . import model

    names = sorted(f"{cls.__name__}({','.join(cls.__struct_fields__)})"
                   for cls in vars(model).values()
                   if isinstance(cls, type) and issubclass(cls, model.Record))
    return f"{zlib.crc32(';'.join(names).encode()):08x}"


FORMAT = f"cxref-cache/3/{__version__}/{model_signature()}/{sys.implementation.cache_tag}"


class Entry(Record, frozen=True):
    """A source as the cache keeps it, with the key of the file it was read from."""

    path: str
    key: tuple[int, int, int, int, str]
    source: Source


class Head(Record, frozen=True):
    """The first record of a cache file (see the module's docstring)."""

    catalogue_key: str
    catalogue: Catalogue
    catalogue_problems: tuple[Problem, ...]
    entries: int  # how many Entry records follow


def load(definitions: list[str], *, use_cache: bool = True) -> Corpus:
    """The corpus of the shipped folder, the personal one, CXREF_DEFINITIONS and
    `definitions`: every source that loads, with the problems of the files left out."""
    from . import loader

    dirs = definition_dirs(definitions)
    files = [(folder, entry) for folder in dirs for entry in source_files(folder)]
    catalogue_key = _catalogue_key(dirs)
    path = _cache_path(dirs)
    stored = _read(path, catalogue_key) if use_cache else None
    with stored.file if stored is not None else contextlib.nullcontext():
        if stored is not None:
            catalogue = stored.head.catalogue
            catalogue_problems = list(stored.head.catalogue_problems)
            cached = {e.path: (e, span) for e, span in zip(stored.entries, stored.spans)}
        else:
            catalogue, catalogue_problems = loader.read_catalogue(dirs)
            cached = {}
        problems: list[Problem] = []
        vocabulary = None
        entries: list[Entry] = []
        reused: dict[int, tuple[int, int]] = {}  # entry number: its record in the cache file
        for folder, entry in files:
            hit, span = cached.get(entry.path, (None, (0, 0)))
            if hit is not None and hit.key == entry.key:
                reused[len(entries)] = span
                entries.append(hit)
                continue
            if vocabulary is None:
                from .schema import Vocabulary

                vocabulary = Vocabulary(catalogue)
            source, source_problems = loader.read_source(entry.path, vocabulary, folder)
            problems += source_problems
            if source is not None:
                entries.append(Entry(entry.path, entry.key, source))
        # Written again when there was no cache to trust, a source was read and loaded, or an
        # entry is no longer kept (its file gone, or failing now): not for a file that fails
        # (never cached) while every other entry is kept.
        if use_cache and (stored is None or len(reused) != len(entries) or
                          len(entries) != len(cached)):
            _write(path, Head(catalogue_key, catalogue, tuple(catalogue_problems), len(entries)),
                   entries, reused, stored.file if stored is not None else None)
    sources, notices, clashes = loader.merge([e.source for e in entries])
    layout = [p for folder in dirs for p in layout_problems(folder)]
    skipped = layout + catalogue_problems + problems + clashes
    return Corpus(catalogue, sources, tuple(notices), tuple(skipped))


# -- keys --------------------------------------------------------------------------------------

def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG spec says ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cxref"


def _cache_path(dirs: list[Path]) -> Path:
    key = "\n".join(os.path.realpath(d) for d in dirs).encode("utf-8", "surrogateescape")
    return cache_dir() / f"corpus-{len(key):x}-{zlib.crc32(key):08x}.msgpack"


def _catalogue_key(dirs: list[Path]) -> str:
    """What the catalogue and every source's checks depend on, besides each source's own
    file: cxref's version and code (an edited check on an editable install), the folders,
    and each catalogue file."""
    return repr((FORMAT, _code_stamp(),
                 [(os.path.realpath(folder), sorted(
                     (name, *file_key(p)) for name, p in catalogue_files(folder).items()))
                  for folder in dirs]))


def _code_stamp() -> list[int]:
    """When cxref's own modules last changed."""
    here = os.path.dirname(__file__)
    with os.scandir(here) as listing:
        return sorted(e.stat().st_mtime_ns for e in listing if e.name.endswith(".py"))


# -- reading -----------------------------------------------------------------------------------

_HEAD = msgspec.msgpack.Decoder(Head)
_ENTRY = msgspec.msgpack.Decoder(Entry)
_SIZE = 4  # bytes of a record's length


def _header(checksum: int) -> bytes:
    return f"{FORMAT} {checksum:08x}\n".encode()


class Stored(NamedTuple):
    """A cache file that may be trusted, read: its head, its entries, where each entry's
    record is in the file (its start and length, with the length before it), and the file,
    still open, to copy the records that are reused when the cache is written again."""

    head: Head
    entries: list[Entry]
    spans: list[tuple[int, int]]
    file: io.BufferedReader


def _read(path: Path, catalogue_key: str) -> Stored | None:
    """The cache, or None when there is none that may be trusted (missing, not ours, damaged,
    or of another format) or when it was written under another catalogue, which makes every
    entry stale. The caller closes the file."""
    handle = _open_trusted(path)
    if handle is None:
        return None
    checksum = 0
    end = os.fstat(handle.fileno()).st_size
    buffer = bytearray(1 << 16)  # one buffer for every record: no 10,000 short-lived bytes

    def record() -> memoryview:
        nonlocal checksum, buffer
        size = handle.read(_SIZE)
        length = int.from_bytes(size, "little")
        if len(size) != _SIZE or length > end - handle.tell():  # a damaged length
            raise EOFError
        if length > len(buffer):
            buffer = bytearray(length)
        data = memoryview(buffer)[:length]
        if handle.readinto(data) != length:
            raise EOFError
        checksum = zlib.crc32(data, zlib.crc32(size, checksum))
        return data

    try:
        header = handle.readline(200)
        if header.startswith(f"{FORMAT} ".encode()):
            head = _HEAD.decode(record())
            if head.catalogue_key == catalogue_key:
                entries, spans = [], []
                for _ in range(head.entries):
                    start = handle.tell()
                    entries.append(_ENTRY.decode(record()))
                    spans.append((start, handle.tell() - start))
                if not handle.read(1) and header == _header(checksum):
                    return Stored(head, entries, spans, handle)
    except (OSError, EOFError, msgspec.DecodeError, ValueError, TypeError):
        pass  # damaged, cut short, or a forged file of another shape
    except BaseException:  # an interrupt: the file is closed all the same
        handle.close()
        raise
    handle.close()
    return None


def _open_trusted(path: Path) -> io.BufferedReader | None:
    """The cache file opened for reading, if it may be read at all: a regular file (never a
    FIFO or a device, which could hang the run, nor a link), owned by this user and writable by
    no one else. What the cache holds is printed as verbatim quotes, so whoever could write it
    would control them. Checked on the open handle, so nothing can be swapped in between."""
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


# -- writing -----------------------------------------------------------------------------------

TEMP_PREFIX = ".corpus-"
ABANDONED_AFTER_S = 3600  # no write takes an hour: a temporary file this old has no writer


def _write(path: Path, head: Head, entries: list[Entry], reused: dict[int, tuple[int, int]],
           old: IO[bytes] | None) -> None:
    """Write the cache a record at a time under a temporary name and rename it into place
    (output.replace_file); an interrupt or any failure leaves no file behind, and an
    unwritable folder means no cache.

    The records `reused` names are copied from the `old` file as they are. Each entry read
    from its YAML is encoded, and replaced in `entries` by the entry decoded from its record:
    encoding text gives a string outside Latin-1 a UTF-8 copy of itself for as long as it
    lives (CPython keeps it), and a corpus written that way was 24 MB larger at 10,000
    sources. Decoding at 1,000 sources takes some 20 ms, copying instead of encoding saves
    about 10."""
    from .output import replace_file

    name = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}.tmp"

    def write(handle: IO[bytes]) -> None:
        handle.write(_header(0))  # the checksum is written over it at the end
        checksum = _put(handle, msgspec.msgpack.encode(head), 0)
        run: list[int] = []  # reused records back to back in the old file: its start, end
        for number, entry in enumerate(entries):
            span = reused.get(number)
            if span is not None and run and run[1] == span[0]:
                run[1] += span[1]
                continue
            checksum = _copy(old, run, handle, checksum)
            run = []
            if span is not None:
                run = [span[0], span[0] + span[1]]
                continue
            data = msgspec.msgpack.encode(entry)
            checksum = _put(handle, data, checksum)
            entries[number] = _ENTRY.decode(data)
        checksum = _copy(old, run, handle, checksum)
        if old is not None:
            old.close()  # before the new file is renamed over it, which Windows refuses
        handle.seek(0)
        handle.write(_header(checksum))

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _remove_abandoned(path.parent)
        replace_file(path, name, write, mode=0o600, flags=getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        pass


def _put(handle: IO[bytes], data: bytes, checksum: int) -> int:
    """Write a record, its length first; the checksum carried on over both."""
    size = len(data).to_bytes(_SIZE, "little")
    handle.write(size)
    handle.write(data)
    return zlib.crc32(data, zlib.crc32(size, checksum))


def _copy(old: IO[bytes] | None, run: list[int], handle: IO[bytes], checksum: int) -> int:
    """Copy the bytes `run` (start, end) of the `old` file as they are, a MiB at a time; the
    checksum carried on over them."""
    if not run:
        return checksum
    assert old is not None  # records are reused only from a file that was read
    start, end = run
    old.seek(start)
    while start < end:
        chunk = old.read(min(end - start, 1 << 20))
        if not chunk:
            raise OSError("the cache file was cut short while it was copied")
        handle.write(chunk)
        checksum = zlib.crc32(chunk, checksum)
        start += len(chunk)
    return checksum


def _remove_abandoned(folder: Path) -> None:
    """Delete the temporary files of writers that were killed (SIGKILL, the OOM killer, a
    power cut) before they could: each can be as large as a cache."""
    import time

    now = time.time()
    for entry in os.scandir(folder):
        if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > ABANDONED_AFTER_S:
                    os.unlink(entry.path)


