"""From folders to a :class:`~cxref.model.Corpus`: read every file, check it, merge the folders.

`check_folders` gathers every problem (for `cxref validate`); `load_folders` raises a
:class:`~cxref.errors.DataError` carrying them all when there is any. The catalogues are read
before the sources, so a source's references can be checked where they stand in its file.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import schema, scripts, yamlfile
from .codec import from_plain, paused_gc, to_plain
from .errors import DataError, Problem
from .locate import catalogue_file, layout_problems, source_files
from .model import Catalogue, Corpus, Source, Term, TraitPair
from .safetext import visible

Listing = dict[Path, list[str]]  # each folder's source file paths, when the caller has them
# Given a file's path, its source in marshal form and its search text (UTF-8).
Sink = Callable[[str, bytes, bytes], None]


def load_folders(dirs: list[Path], listing: Listing | None = None,
                 sink: Sink | None = None, *, quotes: bool = True) -> Corpus:
    """The merged corpus of `dirs`, or a DataError naming every problem. `sink`, if given, is
    handed the marshal form and the search text of each source that worker processes
    produced (with the path of its file), for the cache to write without encoding them again.
    With ``quotes=False``, sources read by workers come without their quotes (see
    codec.from_plain); sources read here keep them."""
    corpus, problems = check_folders(dirs, listing, sink, quotes=quotes)
    if problems:
        raise DataError(problems[0], tuple(problems[1:]))
    return corpus


def check_folders(dirs: list[Path], listing: Listing | None = None, sink: Sink | None = None,
                  *, quotes: bool = True) -> tuple[Corpus, list[Problem]]:
    problems: list[Problem] = [p for folder in dirs for p in layout_problems(folder)]
    with paused_gc():
        vocabulary = _catalogue(dirs, problems)
        sources, notices = _sources(dirs, vocabulary, problems, listing, sink, quotes)
    return Corpus(vocabulary, sources, tuple(notices)), problems


def read_source(path: str, vocabulary: schema.Vocabulary) -> tuple[Source | None, list[Problem]]:
    """One source file, checked against `vocabulary`."""
    name = os.path.basename(path)
    if not name.endswith(".yaml"):
        stem = os.path.splitext(name)[0]
        hint = (f"rename it to {stem}.yaml" if name.lower().endswith((".yml", ".yaml"))
                else "move it out of sources/")
        return None, [Problem("wrong-extension", f"cxref reads only .yaml files in sources/: "
                              f"{hint}", visible(path), 1, 1)]
    try:
        doc = yamlfile.load(path)
    except DataError as exc:
        return None, list(exc.problems)
    stem = os.path.splitext(os.path.basename(path))[0]  # not pathlib: 20 us a file, measured
    return schema.source(path, stem, doc, vocabulary)


def _catalogue(dirs: list[Path], problems: list[Problem]) -> Catalogue:
    """The catalogue files of every folder, merged in folder order; each kind is checked
    against the kinds read before it (a pair's sides name terms)."""
    merged = Catalogue()
    for name, (kind, record) in schema.CATALOGUES.items():
        entries: list[Any] = []
        seen: dict[str, str] = {}
        places: dict[str, tuple[str, tuple[int, int]]] = {}
        vocabulary = schema.Vocabulary(merged)
        for folder in dirs:
            path = catalogue_file(folder, name)
            if path is None:
                continue
            try:
                doc = yamlfile.load(path)
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            found, found_problems = schema.catalogue(path, kind, record, doc, vocabulary)
            problems.extend(found_problems)
            for entry, (line, col) in found:
                if entry.id in seen:
                    problems.append(Problem(
                        "duplicate-id", f"{record.what[2:]} '{entry.id}' is already defined "
                        f"in {seen[entry.id]}", visible(path), line, col))
                    continue
                seen[entry.id] = path
                places[entry.id] = (visible(path), (line, col))
                entries.append(entry)
        if kind == "terms":
            _check_term_names(entries, places, problems)
        if kind == "pairs":
            _check_trait_names(entries, places, problems)
        merged = merged._replace(**{kind: tuple(entries)})
    return merged


def _check_trait_names(pairs: list[TraitPair], places: dict[str, tuple[str, tuple[int, int]]],
                       problems: list[Problem]) -> None:
    """A trait name (one side of a pair) must name one pair only: `why` looks pairs up by it."""
    owner: dict[str, str] = {}
    for pair in pairs:
        for _, trait in pair.sides:
            key = schema.fold(trait)
            if key in owner and owner[key] != pair.id:
                path, (line, col) = places[pair.id]
                problems.append(Problem("duplicate-trait", f"trait '{trait}' of pair "
                                        f"'{pair.id}' is already a side of '{owner[key]}'",
                                        path, line, col))
            owner.setdefault(key, pair.id)


def _check_term_names(terms: list[Term], places: dict[str, tuple[str, tuple[int, int]]],
                      problems: list[Problem]) -> None:
    """Every name and alias answers to one term only, and reads as itself: a name that mixes
    scripts (a Cyrillic 'е' among Latin letters), or that looks like another term's name once
    such look-alike letters are read as Latin, would resolve silently to the wrong term."""
    owner: dict[str, str] = {}
    for term in terms:
        path, (line, col) = places[term.id]
        for name in dict.fromkeys((term.id, term.name, *term.aliases)):
            if scripts.mixed(name):
                problems.append(Problem("mixed-script", f"name '{visible(name)}' of term "
                                        f"'{term.id}' mixes letters of {scripts.mixed(name)}",
                                        path, line, col))
                continue
            key = scripts.skeleton(schema.fold(name))
            if key in owner and owner[key] != term.id:
                problems.append(Problem("duplicate-name", f"name '{visible(name)}' of term "
                                        f"'{term.id}' is already a name of '{owner[key]}'",
                                        path, line, col))
            owner.setdefault(key, term.id)


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the process that started it dies (SIGTERM, SIGKILL,
    the OOM killer): without it, workers of a killed cxref would run on for good. Elsewhere,
    the pool's own shutdown is all there is."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


PARALLEL_FROM = 400  # files; below this, starting worker processes costs more than it saves

_worker_vocabulary: schema.Vocabulary | None = None
_worker_texts = False  # whether a worker sends back search texts (only when they are kept)


def _init_worker(vocabulary: Catalogue, texts: bool = False) -> None:
    global _worker_vocabulary, _worker_texts
    _worker_vocabulary = schema.Vocabulary(vocabulary)
    _worker_texts = texts
    _die_with_parent()
    import gc

    gc.disable()  # a worker builds values without cycles and exits when the pool closes


def _read_in_worker(path: str) -> tuple[bytes | None, bytes, list[Problem]]:
    from .searching import search_text

    assert _worker_vocabulary is not None
    source, problems = read_source(path, _worker_vocabulary)
    if source is None:
        return None, b"", problems
    # Sent back as marshal bytes: unpickling 10,000 sources' named tuples costs more than
    # the parsing the workers save. The search text too, when the cache will keep it: made
    # here, on every core, and from the whole source (the parent may keep it without quotes).
    text = search_text(source).encode("utf-8", "surrogatepass") if _worker_texts else b""
    return marshal.dumps(to_plain(source)), text, problems


def read_sources(paths: list[str], vocabulary: Catalogue, sink: Sink | None = None,
                 quotes: bool = True
                 ) -> list[tuple[Source | None, list[Problem]]]:
    """Each file read and checked, in order; large folders on every core (parsing YAML is
    what a first run over thousands of sources spends its time on)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [read_source(p, schema.Vocabulary(vocabulary)) for p in paths]
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(workers, initializer=_init_worker,
                                 initargs=(vocabulary, sink is not None)) as pool:
            chunk = max(16, len(paths) // (workers * 8))
            # Results are turned back into sources as each chunk arrives, while the workers
            # go on with the next ones.
            results = []
            for data, text, problems in pool.map(_read_in_worker, paths, chunksize=chunk):
                source = (from_plain(Source, marshal.loads(data), quotes=quotes)
                          if data is not None else None)
                if data is not None and source is not None and sink is not None:
                    sink(source.path, data, text)
                results.append((source, problems))
            return results
    except (OSError, ImportError, RuntimeError):  # no processes here (e.g. a sandbox): one core
        return [read_source(p, schema.Vocabulary(vocabulary)) for p in paths]


def _sources(dirs: list[Path], vocabulary: Catalogue, problems: list[Problem],
             listing: Listing | None, sink: Sink | None,
             quotes: bool) -> tuple[tuple[Source, ...], list[str]]:
    by_id: dict[str, Source] = {}
    notices: list[str] = []
    paths: list[str] = []
    for folder in dirs:
        inside = os.path.realpath(folder) + os.sep
        for path in (listing[folder] if listing else [e[0] for e in source_files(folder)]):
            # A link that leads out of the definitions folder is never read: it could make
            # cxref echo any readable file (its lines as 'unknown key' errors).
            if not os.path.realpath(path).startswith(inside):
                problems.append(Problem("link-outside", "is a link to a file outside the "
                                        "definitions folder; cxref reads only files inside "
                                        "it (copy the file in instead)", visible(path), 1, 1))
            else:
                paths.append(path)
    results = read_sources(paths, vocabulary, sink, quotes)
    for path, (source, found) in zip(paths, results):
        problems.extend(found)
        if source is None:
            continue
        earlier = by_id.get(source.id)
        if earlier is not None:
            if not source.override:
                problems.append(Problem(
                    "duplicate-id", f"source '{source.id}' is already defined in "
                    f"{earlier.path}; add 'override: true' to replace it on purpose",
                    path, 1, 1))
                continue
            notices.append(f"{path}: source '{source.id}' overrides {earlier.path}")
        by_id[source.id] = source
    return tuple(sorted(by_id.values(), key=lambda s: s.id)), notices
