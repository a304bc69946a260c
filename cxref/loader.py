"""From files to model values: the catalogue of every folder, each source file on its own, and
the merge of the sources into one list. Each function gathers every problem it finds, so that
`validate` lists them all and the commands leave out only the files that are broken.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from .errors import DataError, Problem
from .locate import catalogue_files, layout_problems, source_files
from .model import Catalogue, Corpus, Source, Term, TraitPair, fold
from .safetext import visible

# The schema and PyYAML (through yamlfile) are imported by the functions that read YAML: a
# warm run only merges cached sources.
if TYPE_CHECKING:
    from .schema import Vocabulary

Place = tuple[str, int, int]  # a file, as printed, and a line and column in it


def check_folders(dirs: list[Path]) -> tuple[Corpus, list[Problem]]:
    """Every folder read afresh: the corpus of what loads, and every problem found."""
    from .schema import Vocabulary

    catalogue, problems = read_catalogue(dirs)
    vocabulary = Vocabulary(catalogue)
    found = []
    for folder in dirs:
        problems += layout_problems(folder)
        for path, _ in source_files(folder):
            source, source_problems = read_source(path, vocabulary, folder)
            problems += source_problems
            if source is not None:
                found.append(source)
    sources, notices, clashes = merge(found)
    problems += clashes
    return Corpus(catalogue, sources, tuple(notices), tuple(problems)), problems


def read_source(path: str, vocabulary: Vocabulary,
                folder: Path) -> tuple[Source | None, list[Problem]]:
    """One source file of the definitions folder `folder`, checked against `vocabulary`: its
    source, or None and its problems. A file with any problem gives no source."""
    from . import schema, yamlfile

    name = os.path.basename(path)
    if not name.endswith(".yaml"):
        stem = os.path.splitext(name)[0]
        hint = (f"rename it to {stem}.yaml" if name.lower().endswith((".yml", ".yaml"))
                else "move it out of sources/ (a README or *.md file may stay)")
        return None, [Problem("wrong-extension", f"cxref reads only .yaml files in sources/: "
                              f"{hint}", visible(path), 1, 1)]
    try:
        doc = yamlfile.load(path, folder)
    except DataError as exc:
        return None, [exc.problem]
    source, problems = schema.source(path, name[:-len(".yaml")], doc, vocabulary)
    return (source if not problems else None), problems


def read_catalogue(dirs: list[Path]) -> tuple[Catalogue, list[Problem]]:
    """The catalogue files of every folder, merged in folder order; each kind is checked
    against the kinds read before it (a pair's sides name terms). An entry with a problem is
    left out; the rest of its file is kept."""
    from . import schema, yamlfile

    problems: list[Problem] = []
    merged = Catalogue()
    files = {folder: catalogue_files(folder) for folder in dirs}
    for name, (kind, record) in schema.CATALOGUES.items():
        entries: list[Any] = []
        places: dict[str, Place] = {}  # where each id was first given
        vocabulary = schema.Vocabulary(merged)
        for folder in dirs:
            path = files[folder].get(name)
            if path is None:
                continue
            try:
                doc = yamlfile.load(path, folder)
            except DataError as exc:
                problems.append(exc.problem)
                continue
            found, found_problems = schema.catalogue(path, kind, record, doc, vocabulary)
            problems.extend(found_problems)
            for entry, (line, col) in found:
                if entry.id in places:
                    problems.append(Problem(
                        "duplicate-id", f"{record.what[2:]} '{entry.id}' is already defined "
                        f"in {places[entry.id][0]}", visible(path), line, col))
                    continue
                places[entry.id] = (visible(path), line, col)
                entries.append(entry)
        if kind == "terms":
            entries = _distinct_term_names(entries, places, problems)
        if kind == "pairs":
            entries = _distinct_trait_names(entries, places, problems)
        merged = msgspec.structs.replace(merged, **{kind: tuple(entries)})
    return merged, problems


def _distinct_trait_names(pairs: list[TraitPair], places: dict[str, Place],
                          problems: list[Problem]) -> list[TraitPair]:
    """A trait name (one side of a pair) names one pair only: `why` looks pairs up by it. A
    pair whose trait is already another's is left out."""
    owner: dict[str, str] = {}
    kept = []
    for pair in pairs:
        clash = next((trait for _, trait in pair.sides
                      if owner.get(fold(trait), pair.id) != pair.id), None)
        if clash is not None:
            problems.append(Problem("duplicate-trait", f"trait '{clash}' of pair '{pair.id}' "
                                    f"is already a side of '{owner[fold(clash)]}'",
                                    *places[pair.id]))
            continue
        for _, trait in pair.sides:
            owner[fold(trait)] = pair.id
        kept.append(pair)
    return kept


def _distinct_term_names(terms: list[Term], places: dict[str, Place],
                         problems: list[Problem]) -> list[Term]:
    """Every name and alias answers to one term only and reads as itself: a term with a name
    that mixes scripts, or looks like another term's name, is left out."""
    from . import scripts

    owner: dict[str, str] = {}
    kept = []
    for term in terms:
        before = len(problems)
        for name in dict.fromkeys((term.id, term.name, *term.aliases)):
            if scripts.mixed(name):
                problems.append(Problem("mixed-script", f"name '{visible(name)}' of term "
                                        f"'{term.id}' mixes letters of {scripts.mixed(name)}",
                                        *places[term.id]))
                continue
            key = scripts.skeleton(fold(name))
            if owner.get(key, term.id) != term.id:
                problems.append(Problem("duplicate-name", f"name '{visible(name)}' of term "
                                        f"'{term.id}' is already a name of '{owner[key]}'",
                                        *places[term.id]))
        if len(problems) == before:
            for name in (term.id, term.name, *term.aliases):
                owner.setdefault(scripts.skeleton(fold(name)), term.id)
            kept.append(term)
    return kept


def merge(found: list[Source]) -> tuple[tuple[Source, ...], list[str], list[Problem]]:
    """The sources of every folder, in folder order, as one list in id order: a later source
    of an id already given replaces it only with ``override: true`` (a notice says so);
    without it, the later one is left out, with a problem."""
    by_id: dict[str, Source] = {}
    notices: list[str] = []
    problems: list[Problem] = []
    for source in found:
        earlier = by_id.get(source.id)
        if earlier is not None:
            if not source.override:
                problems.append(Problem(
                    "duplicate-id", f"source '{source.id}' is already defined in "
                    f"{visible(earlier.path)}; add 'override: true' to replace it on purpose",
                    visible(source.path), 1, 1))
                continue
            notices.append(f"{visible(source.path)}: source '{source.id}' overrides "
                           f"{visible(earlier.path)}")
        by_id[source.id] = source
    return tuple(sorted(by_id.values(), key=lambda s: s.id)), notices, problems
