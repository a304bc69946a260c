"""From folders to a :class:`~cxref.model.Corpus`: read every file, check it, merge the folders.

`check_folders` gathers every problem (for `cxref validate`); `load_folders` raises a
:class:`~cxref.errors.DataError` carrying them all when there is any. The catalogues are read
before the sources, so a source's references can be checked where they stand in its file.
"""

from __future__ import annotations

from pathlib import Path

from . import schema, yamlfile
from .errors import DataError, Problem
from .locate import catalogue_file, source_files
from .model import Catalogue, Corpus, Source


def load_folders(dirs: list[Path]) -> Corpus:
    """The merged corpus of `dirs`, or a DataError naming every problem."""
    corpus, problems = check_folders(dirs)
    if problems:
        raise DataError(problems[0], tuple(problems[1:]))
    return corpus


def check_folders(dirs: list[Path]) -> tuple[Corpus, list[Problem]]:
    problems: list[Problem] = []
    vocabulary = _catalogue(dirs, problems)
    sources, notices = _sources(dirs, vocabulary, problems)
    return Corpus(vocabulary, sources, tuple(notices)), problems


def read_source(path: str, vocabulary: Catalogue) -> tuple[Source | None, list[Problem]]:
    """One source file, checked against `vocabulary`."""
    try:
        doc = yamlfile.load(path)
    except DataError as exc:
        return None, list(exc.problems)
    stem = Path(path).stem
    return schema.source(path, stem, doc, vocabulary)


def _catalogue(dirs: list[Path], problems: list[Problem]) -> Catalogue:
    merged: dict[str, list] = {"terms": [], "pairs": [], "shared_traits": []}
    for name, kind in schema.CATALOGUE_FILES.items():
        seen: dict[str, str] = {}
        term_ids = frozenset(t.id for t in merged["terms"])
        for folder in dirs:
            path = catalogue_file(folder, name)
            if path is None:
                continue
            try:
                doc = yamlfile.load(path)
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            part, found = schema.catalogue(path, kind, doc, term_ids)
            problems.extend(found)
            for entry in getattr(part, kind):
                if entry.id in seen:
                    problems.append(Problem(
                        "duplicate-id", f"{kind[:-1].replace('_', ' ')} '{entry.id}' is "
                        f"already defined in {seen[entry.id]}", path))
                    continue
                seen[entry.id] = path
                merged[kind].append(entry)
    _check_trait_names(merged["pairs"], problems)
    return Catalogue(tuple(merged["terms"]), tuple(merged["pairs"]),
                     tuple(merged["shared_traits"]))


def _check_trait_names(pairs: list, problems: list[Problem]) -> None:
    """A trait name (one side of a pair) must name one pair only: `why` looks pairs up by it."""
    owner: dict[str, str] = {}
    for pair in pairs:
        for _, trait in pair.sides:
            key = trait.casefold()
            if key in owner and owner[key] != pair.id:
                problems.append(Problem("duplicate-trait", f"trait '{trait}' of pair "
                                        f"'{pair.id}' is already a side of '{owner[key]}'"))
            owner.setdefault(key, pair.id)


def _sources(dirs: list[Path], vocabulary: Catalogue,
             problems: list[Problem]) -> tuple[tuple[Source, ...], list[str]]:
    by_id: dict[str, Source] = {}
    notices: list[str] = []
    for folder in dirs:
        for entry in source_files(folder):
            source, found = read_source(entry.path, vocabulary)
            problems.extend(found)
            if source is None:
                continue
            earlier = by_id.get(source.id)
            if earlier is not None:
                if not source.override:
                    problems.append(Problem(
                        "duplicate-id", f"source '{source.id}' is already defined in "
                        f"{earlier.path}; add 'override: true' to replace it on purpose",
                        entry.path, 1, 1))
                    continue
                notices.append(f"{entry.path}: source '{source.id}' overrides {earlier.path}")
            by_id[source.id] = source
    return tuple(sorted(by_id.values(), key=lambda s: s.id)), notices
