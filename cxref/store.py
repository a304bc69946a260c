"""Getting a corpus: :func:`load`, the one loading function every command calls, and the cache
behind it.

The cache is one file per set of definitions folders, ``$XDG_CACHE_HOME/cxref/corpus-KEY.cache``
(``~/.cache/cxref``), written whenever the YAML has been read and checked with no problem:

    header   one line of fixed width: format, fingerprint, the table's place, length, checksum
    sources  each source in marshal form, as :mod:`cxref.codec` derives it from the model
    texts    each source's search text (:func:`cxref.searching.search_text`), UTF-8
    table    in marshal form: the catalogue, the notices, the source ids in order (one text),
             five numbers a source (offset, length and CRC-32 of its bytes, offset and
             length of its text; one array), and where the texts start

Fresh or stale: the fingerprint is a checksum of the folders, the catalogue files and every
source file's path, size, modification and change times and inode (and of the cxref, model and
Python versions), taken *before* any file is read. When any of them differs the YAML is read
and checked again, raising on a problem exactly as without the cache, and the cache is
rewritten. So a command answers the same with a warm cache, a cold one or ``--no-cache``.

Each command reads only what it needs: `compare`, `sources` and the others the table and every
source; `show ID` the table and the bytes of source ID; `search` the table, the texts and the
sources whose text holds every word.

Trust: the file is read only if it is a regular file, owned by this user and writable by no
one else (checked on the open handle: a FIFO, a device or a link at its place is never read);
every length is bounded by the file's size; the table and each source's bytes are checked
against their checksums before they are unmarshalled, and the decoder checks every value's
type and makes text safe again: damage there costs a rebuild, not a wrong answer. The texts
carry no checksum (checking one would cost `search` 20 ms at 10,000 sources): they only
choose which sources `search` ranks, so damage inside them could hide a source from a search,
never show text that is not in the YAML. The file is written
under a temporary name and renamed into place, so no reader sees half of one; an unwritable
cache folder means no cache, not an error.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import zlib
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, NamedTuple

from . import __version__
from .codec import from_plain, model_signature, paused_gc, to_plain
from .locate import CATALOGUE_FILES, definition_dirs, source_files
from .model import Catalogue, Corpus, Source

# The loader (and with it PyYAML) is imported only when the YAML must be read: with a fresh
# cache, `compare` reads one file and never parses YAML.

# marshal's format belongs to the Python version, so the version is part of the key.
CACHE_FORMAT = f"8/{__version__}/{model_signature()}/{sys.implementation.cache_tag}"
HEADER_BYTES = 256
MAX_TABLE_BYTES = 1 << 28  # 256 MiB: far above 10,000 sources' table (about 0.5 MB)


def load(definitions: list[str], *, use_cache: bool = True, source: str | None = None,
         words: list[str] | None = None, quotes: bool = True) -> Corpus:
    """The corpus of the shipped folder, CXREF_DEFINITIONS and `definitions`.

    With `source`, a fresh cache gives only the catalogue and that source (or every source,
    when it has none of that id, so that the error can suggest the closest); with `words`
    (case-folded), only the sources whose search text holds every word. Otherwise, and
    whenever the YAML is read, every source: a caller must not rely on getting fewer.

    With ``quotes=False``, for a command that prints no quote, sources may come without
    their quotes (codec.from_plain): at 10,000 sources, a warm `compare` peaks at 150 MB
    instead of 233, and a first one at 178 MB instead of 251 (measured). A caller must
    not rely on getting them either way."""
    dirs = definition_dirs(definitions)
    if not use_cache:
        from .loader import load_folders

        return load_folders(dirs, quotes=quotes)
    scanned = scan(dirs)
    path = _cache_path(dirs)
    handle = _open_trusted(path)
    if handle is not None:
        with handle:
            corpus = _Reader(handle, scanned.stamp).corpus(source, words, quotes)
        if corpus is not None:
            return corpus
    return _load_and_save(dirs, scanned, path, quotes)


# -- the fingerprint ---------------------------------------------------------------------------

def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG spec says ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cxref"


def _checksum(data: bytes) -> str:
    # Two independent 32-bit checksums and the length: it tells changed file lists apart, and
    # unlike hashlib it does not load OpenSSL into every run. The text also holds the folders,
    # so a clash of names between two folder sets can only cost a rebuild, never a wrong answer.
    return f"{len(data):x}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def _cache_path(dirs: list[Path]) -> Path:
    key = "\n".join(str(d.resolve()) for d in dirs)
    return cache_dir() / f"corpus-{_checksum(key.encode('utf-8', 'surrogateescape'))}.cache"


def _stat(path: str) -> tuple[int, int, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1, -1, -1)
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class Scan(NamedTuple):
    """One look at the definitions folders: the fingerprint, and each folder's source files
    as source_files lists them, handed on so that nothing lists or stats them twice."""

    stamp: str
    files: dict[Path, list[tuple[str, int, int, int, int, str]]]

    def paths(self) -> dict[Path, list[str]]:
        return {folder: [f[0] for f in found] for folder, found in self.files.items()}


def scan(dirs: list[Path]) -> Scan:
    """The fingerprint of what an answer can depend on: each folder (its own entries too: a
    stray source file beside a missing sources/ is a problem), where its sources/ leads, its
    catalogue files and every source file."""
    state = [[str(folder.resolve()), _stat(str(folder)),
              os.path.realpath(folder / "sources"), _stat(str(folder / "sources")),
              [[name, *_stat(str(folder / name))] for name in CATALOGUE_FILES]]
             for folder in dirs]
    files = {folder: source_files(folder) for folder in dirs}
    data = marshal.dumps((CACHE_FORMAT, _code_stamp(), state, [files[folder] for folder in dirs]))
    return Scan(_checksum(data), files)


def _code_stamp() -> list[int]:
    """When cxref's own modules last changed: an edit to a check or to what search looks in
    makes the cache stale even without a new version number (an editable install)."""
    here = os.path.dirname(__file__)
    with os.scandir(here) as listing:
        return sorted(e.stat().st_mtime_ns for e in listing if e.name.endswith(".py"))


# -- reading -----------------------------------------------------------------------------------

def _open_trusted(path: Path) -> IO[bytes] | None:
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


class _Reader:
    """A cache file open for reading, checked against the fingerprint of this run.

    The table is kept in columns: the ids as one text, and five numbers a source (offset,
    length and CRC-32 of its bytes, offset and length of its text) as one array. Measured at
    10,000 sources: 8 ms to load a list of rows, 1 ms this way; `show` and `search` pay it."""

    def __init__(self, handle: IO[bytes], stamp: str) -> None:
        self.handle = handle
        self.stamp = stamp
        self.ids: list[str] = []
        self.places = array("q")
        self.texts_start = self.texts_end = 0

    def corpus(self, source: str | None, words: list[str] | None,
               quotes: bool = True) -> Corpus | None:
        """What :func:`load` asked for, or None when the file is stale, damaged or from
        another version (then the caller reads the YAML)."""
        try:
            table = self._table()
            if table is None:
                return None
            plain_catalogue, notices = table
            every = range(len(self.ids))
            if source is not None:
                wanted: Iterable[int] = ([self.ids.index(source.casefold())]
                                         if source.casefold() in self.ids else every)
            elif words is not None:
                wanted = self._matching(words)
            else:
                wanted = every
            with paused_gc():
                return Corpus(from_plain(Catalogue, plain_catalogue),
                              tuple([self._source(i, quotes) for i in wanted]),
                              from_plain(tuple[str, ...], notices))
        except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError,
                AttributeError):  # whatever a damaged or forged table holds: a rebuild
            return None

    def _table(self) -> tuple[Any, Any] | None:
        head = self.handle.read(HEADER_BYTES)
        fields = head.decode("ascii", "replace").split()
        if len(fields) != 6 or fields[:3] != ["cxref", CACHE_FORMAT, self.stamp]:
            return None
        start, length, crc = int(fields[3]), int(fields[4]), int(fields[5], 16)
        size = os.fstat(self.handle.fileno()).st_size
        if not (start >= HEADER_BYTES and start + length == size and length <= MAX_TABLE_BYTES):
            return None
        self.handle.seek(start)
        data = self.handle.read(length)
        if zlib.crc32(data) != crc:
            return None
        catalogue, notices, ids, places, self.texts_start = marshal.loads(data)
        self.ids = ids.split("\n") if ids else []
        self.places.frombytes(places)
        self.texts_end = start
        if len(self.places) != 5 * len(self.ids) or not \
                HEADER_BYTES <= self.texts_start <= self.texts_end:
            return None
        return catalogue, notices

    def _matching(self, words: list[str]) -> list[int]:
        """The sources whose search text holds every word: each word is looked for in all the
        texts at once (mapped, not read: one pass in C for a rare word), and after a hit, from
        the next source's text on. The texts carry no checksum: they only choose which sources
        `search` then ranks from their checked bytes. Measured at 10,000 sources: 60 ms to
        read the texts and look in each source's in turn, 33 ms this way."""
        import bisect
        import mmap

        starts = self.places[3::5]
        ends = [begin + length for begin, length in zip(starts, self.places[4::5])]
        if ends and not (self.texts_start <= starts[0] and ends[-1] <= self.texts_end and
                         all(a <= b for a, b in zip(ends, starts[1:]))):
            raise ValueError("the texts are out of place")
        chosen: set[int] | None = None
        with mmap.mmap(self.handle.fileno(), 0, access=mmap.ACCESS_READ) as texts:
            for word in words:
                needle = word.encode("utf-8", "surrogatepass")
                found: set[int] = set()
                at = texts.find(needle, self.texts_start, self.texts_end)
                while at != -1:
                    index = bisect.bisect_right(starts, at) - 1
                    if index >= 0 and at + len(needle) <= ends[index]:
                        found.add(index)
                        at = texts.find(needle, ends[index], self.texts_end)
                    else:  # across the end of one source's text: not a match
                        at = texts.find(needle, at + 1, self.texts_end)
                chosen = found if chosen is None else chosen & found
        return sorted(chosen or ())

    def _source(self, index: int, quotes: bool = True) -> Source:
        offset, length, crc = self.places[5 * index:5 * index + 3]
        if not (offset >= HEADER_BYTES and offset + length <= self.texts_start):
            raise ValueError("a source is out of place")
        self.handle.seek(offset)
        data = self.handle.read(length)
        if zlib.crc32(data) != crc:
            raise ValueError(f"source {self.ids[index]} is damaged in the cache")
        source = from_plain(Source, marshal.loads(data), quotes=quotes)
        if source.id != self.ids[index]:
            raise ValueError(f"the cache's table names {self.ids[index]} for {source.id}")
        return source


# -- writing -----------------------------------------------------------------------------------

def _load_and_save(dirs: list[Path], scanned: Scan, path: Path, quotes: bool) -> Corpus:
    """The corpus read from the YAML (raising on any problem), saved as the cache if the cache
    folder allows. The loader's worker processes hand each source's marshal bytes over as they
    arrive, and they go straight into the file (a source that a later one overrides leaves
    unused bytes behind)."""
    from .loader import load_folders

    writer = _Writer.start(path)
    try:
        corpus = load_folders(dirs, scanned.paths(), writer.add if writer else None,
                              quotes=quotes)
        if writer:
            writer.finish(corpus, scanned.stamp)
    except BaseException:  # a problem in the YAML, or an interrupt: no cache file, no litter
        if writer:
            writer.discard()
        raise
    return corpus


TEMP_PREFIX = ".corpus-"
ABANDONED_AFTER_S = 3600  # no write takes an hour: a temporary file this old has no writer


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


class _Writer:
    """A cache file being written under a temporary name. Any failure (a full disk, an
    unwritable folder) drops it quietly: the answer needs no cache."""

    def __init__(self, handle: IO[bytes], temp: str, path: Path) -> None:
        self.handle = handle
        self.temp = temp
        self.path = path
        self.written: dict[str, tuple[int, int, int]] = {}  # file path -> offset, length, crc
        self.texts: dict[str, bytes] = {}  # file path -> search text, from the workers
        self.failed = False

    @classmethod
    def start(cls, path: Path) -> _Writer | None:
        import tempfile

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _remove_abandoned(path.parent)
            fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=path.parent)
        except OSError:
            return None
        writer = cls(os.fdopen(fd, "wb"), temp, path)
        try:
            writer._write(b" " * HEADER_BYTES)  # the header's place, filled in by finish
        except BaseException:  # an interrupt
            writer.discard()
            raise
        return writer

    def _write(self, data: bytes) -> int:
        """Append `data`; its offset, or -1 once anything failed."""
        if self.failed:
            return -1
        try:
            offset = self.handle.tell()
            self.handle.write(data)
            return offset
        except OSError:
            self.failed = True
            return -1

    def add(self, file_path: str, data: bytes, text: bytes) -> None:
        """The marshal form and the search text of the source read from `file_path`."""
        offset = self._write(data)
        self.written[file_path] = (offset, len(data), zlib.crc32(data))
        self.texts[file_path] = text

    def finish(self, corpus: Corpus, stamp: str) -> None:
        from .searching import search_text

        places: list[int] = []  # five numbers a source, as _Reader reads them
        for source in corpus.sources:
            place = self.written.get(source.path)
            if place is None:  # read in this process, not by a worker
                data = marshal.dumps(to_plain(source))
                place = (self._write(data), len(data), zlib.crc32(data))
            places += [*place, 0, 0]
        texts_start = self._write(b"")
        for index, source in enumerate(corpus.sources):
            # A worker's text was made from the whole source; one read here has its quotes.
            text = self.texts.get(source.path)
            if text is None:
                text = search_text(source).encode("utf-8", "surrogatepass")
            places[5 * index + 3:5 * index + 5] = [self._write(text), len(text)]
        table = marshal.dumps((to_plain(corpus.catalogue), list(corpus.notices),
                               "\n".join(s.id for s in corpus.sources),
                               array("q", places).tobytes(), texts_start))
        start = self._write(table)
        header = f"cxref {CACHE_FORMAT} {stamp} {start} {len(table)} {zlib.crc32(table):08x}"
        try:
            if self.failed or len(header) >= HEADER_BYTES:
                raise OSError("cache not written")
            self.handle.seek(0)
            self.handle.write(header.encode("ascii").ljust(HEADER_BYTES - 1) + b"\n")
            self.handle.close()
            os.replace(self.temp, self.path)
        except OSError:
            self.discard()
            return
        for old in (".corpus", ".sqlite3"):  # what earlier versions of cxref left
            with contextlib.suppress(OSError):
                os.unlink(self.path.with_suffix(old))

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)

