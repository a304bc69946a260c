"""Getting a corpus, through the parsed-corpus cache: what the CLI calls instead of the loader.

The cache is two files per set of definitions folders, under ``$XDG_CACHE_HOME/cxref``
(``~/.cache/cxref``):

- ``*.corpus``: the whole parsed corpus in Python's ``marshal`` format, which the commands that
  need every source (`compare`, `sources`, ...) read in one go, without SQLite or PyYAML;
- ``*.sqlite3``: one row per source with its file's size and modification time, for `show`,
  and a full-text (trigram) index; written by the first `show` or `search` after a change,
  and the index by the first `search`, so a first `compare` pays for neither.

Freshness: the corpus file and `search` are keyed by every definitions file's path, size and
modification time (and the cxref and Python versions): any edit, new file or removed file
makes the cache stale, and the next run reads and checks all the YAML again and rewrites it.
`show ID` checks only what its answer depends on: the catalogue files, each ``sources/``
folder's modification time (which changes when a file is added, removed or renamed) and the
file of source ID itself; so it costs about the same with 10,000 sources as with five.

Cache files are written to a temporary file and renamed into place, so no reader sees half of
one; a corrupt cache is rebuilt; an unwritable cache folder means no cache, not an error.
``--no-cache`` skips it altogether.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__
from .codec import from_plain, model_signature, paused_gc, to_plain
from .errors import Problem, UsageError
from .locate import CATALOGUE_FILES, catalogue_file, definition_dirs, source_files
from .model import Catalogue, Corpus, Source
from .safetext import visible

if TYPE_CHECKING:
    import sqlite3

    from .queries import SearchHit

# The loader (and with it PyYAML), SQLite and the queries are imported only on the paths that
# use them: with a fresh cache, `compare` reads one marshal file and never parses YAML.

# marshal's format belongs to the Python version, so the version is part of the key.
CACHE_FORMAT = f"7/{__version__}/{model_signature()}/{sys.implementation.cache_tag}"


# -- public entry points -----------------------------------------------------------------------

def load(definitions: list[str], *, use_cache: bool = True) -> Corpus:
    """The whole corpus of the shipped folder, CXREF_DEFINITIONS and `definitions`."""
    dirs = definition_dirs(definitions)
    if not use_cache:
        from .loader import load_folders

        return load_folders(dirs)
    return _load_all(dirs)[0]


def load_one(definitions: list[str], source_id: str, *, use_cache: bool = True) -> Corpus:
    """A corpus holding the catalogue and just the source `source_id`, or every source when
    that one is unknown (so the error can suggest the closest id) or the cache is stale."""
    dirs = definition_dirs(definitions)
    if not use_cache:
        return load(definitions, use_cache=False)
    # The index is trusted only when every definitions file is as it was when the index was
    # written (one stat a file): a sibling file broken since must fail `show` as it fails a
    # run without the cache.
    scanned = scan(dirs)
    index = _Index.open(dirs, scanned.stamp)
    if index is not None:
        with index:
            found = index.fresh_source(source_id.casefold(), dirs)
            if found is not None:
                return found
    corpus, scanned = _load_all(dirs, scanned)
    _save_index(dirs, corpus, scanned)  # so that the next `show` reads one row
    return corpus


def search(definitions: list[str], text: str, *, limit: int = 20,
           use_cache: bool = True) -> tuple[Corpus, list[SearchHit]]:
    """`queries.search` over the sources the full-text index says may match; also the
    (partial) corpus it searched, for its notices."""
    from . import queries

    words = queries.search_words(text)
    corpus = None
    if use_cache:
        dirs = definition_dirs(definitions)
        scanned = scan(dirs)
        index = _Index.open(dirs, scanned.stamp)
        if index is not None:
            with index:
                ids = index.candidates(words)
                if ids is not None:
                    corpus = index.corpus(ids)
        else:  # no fresh index: search everything now, and leave an index for next time
            corpus, scanned = _load_all(dirs, scanned)
            _save_index(dirs, corpus, scanned)
    if corpus is None:
        corpus = load(definitions, use_cache=use_cache)
    return corpus, queries.search(corpus, text, limit)


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


# -- keys --------------------------------------------------------------------------------------

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


def _cache_path(dirs: list[Path], suffix: str) -> Path:
    key = "\n".join(str(d.resolve()) for d in dirs)
    return cache_dir() / f"corpus-{_checksum(key.encode('utf-8', 'surrogateescape'))}{suffix}"


def _stat(path: str) -> tuple[int, int, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1, -1, -1)
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def folder_state(dirs: list[Path]) -> list[Any]:
    """What `show` checks: each folder, its ``sources/`` modification time, and the size and
    modification time of its catalogue files."""
    return [[str(folder.resolve()), _stat(str(folder / "sources"))[1],
             [[name, *_stat(str(folder / name))] for name in CATALOGUE_FILES]]
            for folder in dirs]


class Scan(NamedTuple):
    """One look at the definitions folders: the fingerprint, and each folder's source files
    as (path, size, mtime_ns), handed on so that nothing lists or stats them twice."""

    stamp: str
    files: dict[Path, list[tuple[str, int, int, int, int]]]

    def paths(self) -> dict[Path, list[str]]:
        return {folder: [f[0] for f in found] for folder, found in self.files.items()}

    def stats(self) -> dict[str, tuple[int, int]]:
        return {path: (size, mtime) for found in self.files.values()
                for path, size, mtime, _, _ in found}


def scan(dirs: list[Path]) -> Scan:
    """A checksum of every definitions file's path, size and modification time (and the
    catalogue files and folders), with the file list it was made from."""
    state = folder_state(dirs)
    files = {folder: source_files(folder) for folder in dirs}
    data = marshal.dumps((CACHE_FORMAT, state, [files[folder] for folder in dirs]))
    return Scan(_checksum(data), files)


# -- the corpus file ---------------------------------------------------------------------------

def _trusted(path: Path) -> bool:
    """Whether a cache file may be read at all: a regular file (never a FIFO or a device,
    which could hang the run), owned by this user and writable by no one else. What the
    cache holds is printed as verbatim quotes, so whoever could write it would control them."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and own and not info.st_mode & 0o022


MAX_CACHE_BYTES = 1 << 30  # 1 GiB: far above 10,000 sources (tens of MB); nothing larger is read


def _header(stamp: str, payload: bytes) -> bytes:
    """The corpus file's first line: format, fingerprint, payload length and checksum, read
    and compared as text before a byte of the payload is unmarshalled."""
    return f"cxref {CACHE_FORMAT} {stamp} {len(payload)} {zlib.crc32(payload):08x}\n".encode()


def _read_blob(dirs: list[Path], stamp: str) -> Corpus | None:
    """The whole corpus from the corpus file, if it is there, trusted, whole and fresh."""
    path = _cache_path(dirs, ".corpus")
    if not _trusted(path):
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.readline(1024)
            fields = head.decode("ascii", "replace").split()
            if len(fields) != 5 or not fields[3].isdigit() or int(fields[3]) > MAX_CACHE_BYTES:
                return None
            data = handle.read(int(fields[3]) + 1)
        if head != _header(stamp, data):  # stale, cut short, or changed since it was written
            return None
        with paused_gc():
            catalogue, notices, encoded = marshal.loads(data)
            loads = marshal.loads
            return Corpus(from_plain(Catalogue, catalogue),
                          tuple([from_plain(Source, loads(e)) for e in encoded]), tuple(notices))
    except (OSError, EOFError, ValueError, TypeError, KeyError):  # missing, cut short, corrupt
        return None


def _write_blob(temp: str, corpus: Corpus, stamp: str, encoded: dict[str, bytes]) -> None:
    """The header (format, fingerprint), then the catalogue, the notices and each source in
    marshal form (as the loader's workers produced it, where they did)."""
    with open(temp, "wb") as handle, paused_gc():
        sources = [encoded.get(s.id) or marshal.dumps(to_plain(s)) for s in corpus.sources]
        payload = marshal.dumps((to_plain(corpus.catalogue), list(corpus.notices), sources))
        handle.write(_header(stamp, payload))
        handle.write(payload)


def _load_all(dirs: list[Path], scanned: Scan | None = None) -> tuple[Corpus, Scan]:
    """The whole corpus from a fresh corpus file, or read from the YAML (raising on any
    problem) and then saved, if the cache folder allows; and the scan it matches."""
    if scanned is None:
        scanned = scan(dirs)
    corpus = _read_blob(dirs, scanned.stamp)
    if corpus is None:
        from .loader import load_folders

        encoded: dict[str, bytes] = {}
        corpus = load_folders(dirs, scanned.paths(), encoded)
        _quietly(_write, _cache_path(dirs, ".corpus"),
                 lambda temp: _write_blob(temp, corpus, scanned.stamp, encoded))
    return corpus, scanned


def _save_index(dirs: list[Path], corpus: Corpus, scanned: Scan) -> None:
    _quietly(_write, _cache_path(dirs, ".sqlite3"),
             lambda temp: _write_index(temp, corpus, scanned, folder_state(dirs)))


def _quietly(write: Any, *args: Any) -> None:
    # OSError, sqlite3.Error, ...: the answer needs no cache, so a failed write is no error.
    with contextlib.suppress(Exception):
        write(*args)


def _write(path: Path, fill: Any) -> None:
    """Write a cache file beside `path` and rename it into place, so no reader sees half."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".corpus-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        fill(temp)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# -- the index ---------------------------------------------------------------------------------

def _write_index(temp: str, corpus: Corpus, scanned: Scan, state: list[Any]) -> None:
    """Each source's row records its file's size and mtime as the scan saw them, before the
    file was read: a file changed since then does not match, and `show` reads it again."""
    import sqlite3

    stats = scanned.stats()
    db = sqlite3.connect(temp)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        db.execute("CREATE TABLE sources (id TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, "
                   "path TEXT, data BLOB NOT NULL)")
        db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?)",
                       ((s.id, *stats.get(s.path, (-1, -1)), s.path,
                         marshal.dumps(to_plain(s)))
                        for s in corpus.sources))
        meta = {"format": CACHE_FORMAT, "fingerprint": scanned.stamp,
                "folders": marshal.dumps(state),
                "catalogue": marshal.dumps(to_plain(corpus.catalogue)),
                "notices": marshal.dumps(list(corpus.notices))}
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
    finally:
        db.close()


class _Index:
    """An open index file whose format (and, when asked, fingerprint) matches."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, dirs: list[Path], stamp: str | None = None) -> _Index | None:
        path = _cache_path(dirs, ".sqlite3")
        if not _trusted(path):
            return None
        import sqlite3

        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN "
                                   "('format', 'fingerprint')").fetchall())
            if meta.get("format") == CACHE_FORMAT and (
                    stamp is None or meta.get("fingerprint") == stamp):
                return cls(db, path)
        except sqlite3.Error:  # corrupt or from another version: rebuilt by the caller
            pass
        db.close()
        return None

    def __enter__(self) -> _Index:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.db.close()

    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return marshal.loads(row[0])

    def fresh_source(self, source_id: str, dirs: list[Path]) -> Corpus | None:
        """The catalogue and source `source_id` (the index was opened against a fresh scan)."""
        import sqlite3

        try:
            row = self.db.execute("SELECT data FROM sources WHERE id = ?",
                                  (source_id,)).fetchone()
            if row is None:
                return None
            return Corpus(from_plain(Catalogue, self._meta("catalogue")),
                          (from_plain(Source, marshal.loads(row[0])),),
                          tuple(self._meta("notices")))
        except (sqlite3.Error, ValueError, EOFError, TypeError):
            return None

    def corpus(self, ids: list[str]) -> Corpus:
        """The catalogue with the sources in `ids`."""
        rows = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"SELECT data FROM sources WHERE id IN ({marks})",
                                    chunk).fetchall()
        sources = sorted((from_plain(Source, marshal.loads(r[0])) for r in rows),
                         key=lambda s: s.id)
        return Corpus(from_plain(Catalogue, self._meta("catalogue")), tuple(sources),
                      tuple(self._meta("notices")))

    def candidates(self, words: list[str]) -> list[str] | None:
        """Ids of the sources whose text holds every word (a superset of the matches), from
        the trigram index, which is built here the first time; None when there is none and
        it cannot be built (then the caller searches everything)."""
        import sqlite3

        if not self._has_text_index() and not self._build_text_index():
            return None
        # The trigram index answers terms of three or more characters; shorter words are
        # checked by the search itself on what this returns.
        usable = [w for w in words if len(w) >= 3]
        if not usable:
            return [r[0] for r in self.db.execute("SELECT id FROM sources").fetchall()]
        query = " AND ".join('"' + w.replace('"', '""') + '"' for w in usable)
        try:
            rows = self.db.execute("SELECT id FROM texts WHERE texts MATCH ?", (query,))
            return [r[0] for r in rows.fetchall()]
        except sqlite3.Error:
            return None

    def _has_text_index(self) -> bool:
        """A text index whose build finished: the marker row is written in the same
        transaction as the index, so a build cut short (Ctrl-C, a full disk, a crash) leaves
        no marker, and the index is built again rather than trusted empty."""
        return self.db.execute("SELECT 1 FROM meta WHERE key = 'text-index'").fetchone() \
            is not None

    def _build_text_index(self) -> bool:
        """Add the trigram index to the index file in ONE transaction. Python's sqlite3 would
        commit before `CREATE VIRTUAL TABLE` on its own, so transactions are managed here by
        hand (isolation_level=None, BEGIN IMMEDIATE ... COMMIT): readers, other searches
        building at the same time among them, see all of it or none. False when SQLite lacks
        FTS5/trigram or the file is not writable."""
        import sqlite3

        from .queries import searchable_fields

        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            try:
                db.execute("BEGIN IMMEDIATE")  # one builder at a time; the others wait
                if db.execute("SELECT 1 FROM meta WHERE key = 'text-index'").fetchone():
                    db.execute("ROLLBACK")  # another process built it while this one waited
                    return True
                db.execute("DROP TABLE IF EXISTS texts")  # what a pre-marker build left
                db.execute("CREATE VIRTUAL TABLE texts USING fts5(id UNINDEXED, body, "
                           "tokenize='trigram')")
                rows = db.execute("SELECT id, data FROM sources").fetchall()
                db.executemany("INSERT INTO texts VALUES (?, ?)", (
                    (sid, "\n".join(text.casefold() for _, text in
                                    searchable_fields(from_plain(Source, marshal.loads(data)))))
                    for sid, data in rows))
                db.execute("INSERT INTO meta VALUES ('text-index', 1)")
                db.execute("COMMIT")
            finally:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                db.close()
        except sqlite3.Error:
            return False
        return True
