"""Getting a corpus, through the parsed-corpus cache: what the CLI calls instead of the loader.

The cache is two files per set of definitions folders, under ``$XDG_CACHE_HOME/cxref``
(``~/.cache/cxref``): ``*.corpus``, the whole parsed corpus in Python's ``marshal`` format, which
commands that need every source read in one go without importing SQLite or JSON; and
``*.sqlite3``, one row per source and a full-text index, which `show` and `search` use. It is keyed by every file's path, size and modification time (and the
cxref version): any change to any file, or a file added or removed, makes it stale, and the next
run reads the YAML again, checks it in full and rewrites the cache. It is written to a temporary
file and renamed into place, so a reader never sees half of one; a corrupt cache is rebuilt; an
unwritable cache folder just means no cache. ``--no-cache`` skips it altogether.

With the cache warm, `show ID` reads one source and `search` reads only the sources its
full-text index names, so both cost about the same with 10,000 sources as with five.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import Problem
from .locate import catalogue_file, definition_dirs, source_files
from .model import (
    Catalogue,
    Contrast,
    Corpus,
    Definition,
    SharedTrait,
    Similarity,
    Source,
    Term,
    TraitPair,
)

if TYPE_CHECKING:
    import sqlite3

    from .queries import SearchHit

# The loader (and with it PyYAML), SQLite and the queries are imported only on the paths that
# use them: with a fresh cache, `compare` reads one marshal file and never parses YAML.

# marshal's format belongs to the Python version, so the version is part of the key.
CACHE_FORMAT = f"4/{__version__}/{sys.implementation.cache_tag}"
CATALOGUE_NAMES = ("terms.yaml", "pairs.yaml", "shared-traits.yaml")  # as schema.CATALOGUE_FILES


# -- public entry points -----------------------------------------------------------------------

def load(definitions: list[str], *, use_cache: bool = True) -> Corpus:
    """The whole corpus of the shipped folder, CXREF_DEFINITIONS and `definitions`."""
    dirs = definition_dirs(definitions)
    if not use_cache:
        from .loader import load_folders

        return load_folders(dirs)
    corpus = _read_blob(dirs)
    return corpus if corpus is not None else _rebuild(dirs)


def load_one(definitions: list[str], source_id: str, *, use_cache: bool = True) -> Corpus:
    """A corpus holding the catalogue and just the source `source_id` (all, if it is unknown,
    so the error can suggest the closest id)."""
    dirs = definition_dirs(definitions)
    if use_cache:
        cache = _Cache.open(dirs)
        if cache is not None:
            with cache:
                found = cache.corpus(ids=[source_id.casefold()])
                if found.sources:
                    return found
                return cache.corpus()
    return load(definitions, use_cache=use_cache)


def search(definitions: list[str], text: str, *, limit: int = 20,
           use_cache: bool = True) -> tuple[Corpus, list[SearchHit]]:
    """`queries.search` over the sources the full-text index says may match; also the
    (partial) corpus it searched, for its notices."""
    from . import queries

    words = queries.search_words(text)
    corpus = None
    if use_cache:
        dirs = definition_dirs(definitions)
        cache = _Cache.open(dirs)
        if cache is None:
            corpus = _rebuild(dirs)
        else:
            with cache:
                corpus = cache.corpus(ids=cache.candidates(words))
    if corpus is None:
        corpus = load(definitions, use_cache=use_cache)
    return corpus, queries.search(corpus, text, limit)


def validate(folders: list[str], definitions: list[str]) -> tuple[list[Problem], int]:
    """Every problem in the shipped folder plus `definitions` and `folders`, and the number of
    files read. Always reads the files: a check must not trust a cache."""
    from .loader import check_folders

    dirs = definition_dirs([*definitions, *folders])
    _, problems = check_folders(dirs)
    files = sum(len(source_files(d)) + sum(1 for name in CATALOGUE_NAMES
                                           if catalogue_file(d, name)) for d in dirs)
    return problems, files


# -- the cache ---------------------------------------------------------------------------------

def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cxref"


def _checksum(data: bytes) -> str:
    # Two independent 32-bit checksums and the length: it tells changed file lists apart, and
    # unlike hashlib it does not load OpenSSL into every run. The text also holds the folders,
    # so a clash of names between two folder sets can only cost a rebuild, never a wrong answer.
    return f"{len(data):x}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def _cache_path(dirs: list[Path], suffix: str = ".sqlite3") -> Path:
    key = "\n".join(str(d.resolve()) for d in dirs)
    return cache_dir() / f"corpus-{_checksum(key.encode('utf-8', 'surrogateescape'))}{suffix}"


def _read_blob(dirs: list[Path]) -> Corpus | None:
    """The whole corpus from the marshal file, if it is there, whole and fresh."""
    try:
        with open(_cache_path(dirs, ".corpus"), "rb") as handle:
            header = marshal.load(handle)
            if header != (CACHE_FORMAT, fingerprint(dirs)):
                return None
            catalogue, notices, rows = marshal.load(handle)
        return Corpus(_catalogue_from(catalogue), tuple(_source_from(r) for r in rows),
                      tuple(notices))
    except (OSError, EOFError, ValueError, TypeError, KeyError):  # missing, cut short, corrupt
        return None


def fingerprint(dirs: list[Path]) -> str:
    """A checksum of every definitions file's path, size and modification time."""
    parts = [CACHE_FORMAT]
    for folder in dirs:
        parts.append(str(folder.resolve()))
        for name in CATALOGUE_NAMES:
            path = catalogue_file(folder, name)
            if path is not None:
                try:
                    info = os.stat(path)
                    parts.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
                except OSError:
                    parts.append(f"{path}\0?")
        parts.extend(f"{e.path}\0{e.size}\0{e.mtime_ns}" for e in source_files(folder))
    return _checksum("\n".join(parts).encode("utf-8", "surrogateescape"))


class _Cache:
    """An open, fresh cache file."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @classmethod
    def open(cls, dirs: list[Path]) -> _Cache | None:
        """The cache for `dirs` if it exists, is readable and matches the files now."""
        path = _cache_path(dirs)
        if not path.is_file():
            return None
        import sqlite3

        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN "
                                   "('format', 'fingerprint')").fetchall())
            if meta.get("format") == CACHE_FORMAT and meta.get("fingerprint") == fingerprint(dirs):
                return cls(db)
        except sqlite3.Error:  # corrupt or from another version: rebuilt by the caller
            pass
        db.close()
        return None

    def __enter__(self) -> _Cache:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.db.close()

    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return marshal.loads(row[0])

    def corpus(self, ids: list[str] | None = None) -> Corpus:
        """The catalogue with every source, or only those in `ids`."""
        if ids is None:
            rows = self.db.execute("SELECT data FROM sources ORDER BY id").fetchall()
        else:
            rows = []
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(f"SELECT data FROM sources WHERE id IN ({marks}) "
                                        "ORDER BY id", chunk).fetchall()
        sources = tuple(sorted((_source_from(marshal.loads(r[0])) for r in rows),
                               key=lambda s: s.id))
        return Corpus(_catalogue_from(self._meta("catalogue")), sources,
                      tuple(self._meta("notices")))

    def candidates(self, words: list[str]) -> list[str]:
        """Ids of the sources whose text holds every word (a superset of the matches)."""
        clauses = " AND ".join("body LIKE ? ESCAPE '\\'" for _ in words)
        patterns = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                    for w in words]
        rows = self.db.execute(f"SELECT id FROM texts WHERE {clauses}", patterns).fetchall()
        return [r[0] for r in rows]


def _rebuild(dirs: list[Path]) -> Corpus:
    """Read every file (raising on any problem), then write the cache if the folder allows."""
    from .loader import load_folders

    stamp = fingerprint(dirs)
    corpus = load_folders(dirs)
    try:
        _write(_cache_path(dirs, ".corpus"), lambda temp: _write_blob(temp, corpus, stamp))
        _write(_cache_path(dirs), lambda temp: _write_index(temp, corpus, stamp))
    except Exception:  # noqa: BLE001 - OSError, sqlite3.Error, ...: the answer needs no cache
        pass
    return corpus


def _write_blob(temp: str, corpus: Corpus, stamp: str) -> None:
    with open(temp, "wb") as handle:
        marshal.dump((CACHE_FORMAT, stamp), handle)
        marshal.dump((_catalogue_to(corpus.catalogue), list(corpus.notices),
                      [_source_to(s) for s in corpus.sources]), handle)


def _write_index(temp: str, corpus: Corpus, stamp: str) -> None:
    import sqlite3

    db = sqlite3.connect(temp)
    try:
        _fill(db, corpus, stamp)
        db.commit()
    finally:
        db.close()


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
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _fill(db: sqlite3.Connection, corpus: Corpus, stamp: str) -> None:
    import sqlite3

    from .queries import searchable_fields

    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    db.execute("CREATE TABLE sources (id TEXT PRIMARY KEY, data BLOB NOT NULL)")
    try:  # a trigram index answers LIKE '%word%' without reading every row
        db.execute("CREATE VIRTUAL TABLE texts USING fts5(id UNINDEXED, body, "
                   "tokenize='trigram')")
    except sqlite3.Error:  # an SQLite without FTS5 or trigram: a plain table still works
        db.execute("CREATE TABLE texts (id TEXT, body TEXT)")
    db.executemany("INSERT INTO sources VALUES (?, ?)",
                   ((s.id, marshal.dumps(_source_to(s)))
                    for s in corpus.sources))
    db.executemany("INSERT INTO texts VALUES (?, ?)",
                   ((s.id, "\n".join(text.casefold() for _, text in
                                     searchable_fields(s)))
                    for s in corpus.sources))
    meta = {"format": CACHE_FORMAT, "fingerprint": stamp,
            "catalogue": marshal.dumps(_catalogue_to(corpus.catalogue)),
            "notices": marshal.dumps(list(corpus.notices))}
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


# -- model <-> JSON, compact lists in field order ------------------------------------------------

def _source_to(s: Source) -> list[Any]:
    return [s.id, s.title, s.author, s.site, s.url, s.date, s.note, s.path, s.override,
            [[d.term, d.quote, d.attributed_to] for d in s.definitions],
            [[c.pair, c.quote, c.side, c.attributed_to] for c in s.contrasts],
            [[m.trait, m.quote, [list(x) for x in m.descriptions], m.attributed_to]
             for m in s.similarities]]


def _source_from(row: list[Any]) -> Source:
    (sid, title, author, site, url, date, note, path, override,
     definitions, contrasts, similarities) = row
    return Source(sid, title, author, site, url, date, note,
                  tuple(Definition(*d) for d in definitions),
                  tuple(Contrast(*c) for c in contrasts),
                  tuple(Similarity(t, q, tuple(tuple(x) for x in desc), a)
                        for t, q, desc, a in similarities),
                  path, override)


def _catalogue_to(c: Catalogue) -> dict[str, Any]:
    return {"terms": [[t.id, t.name, list(t.aliases)] for t in c.terms],
            "pairs": [[p.id, [list(x) for x in p.sides], p.description] for p in c.pairs],
            "shared_traits": [[t.id, t.name, t.description] for t in c.shared_traits]}


def _catalogue_from(data: dict[str, Any]) -> Catalogue:
    return Catalogue(
        tuple(Term(i, n, tuple(a)) for i, n, a in data["terms"]),
        tuple(TraitPair(i, tuple(tuple(x) for x in sides), d) for i, sides, d in data["pairs"]),
        tuple(SharedTrait(i, n, d) for i, n, d in data["shared_traits"]))
