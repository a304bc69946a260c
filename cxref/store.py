"""Loading with the parsed-corpus cache: the entry points the CLI uses to get a corpus.

(Cache to come; for now every call reads the YAML files.)
"""

from __future__ import annotations

from . import loader, queries
from .locate import definition_dirs, source_files
from .model import Corpus
from .errors import Problem


def load(definitions: list[str], *, use_cache: bool = True) -> Corpus:
    return loader.load_folders(definition_dirs(definitions))


def load_one(definitions: list[str], source_id: str, *, use_cache: bool = True) -> Corpus:
    return load(definitions, use_cache=use_cache)


def search(definitions: list[str], text: str, *, limit: int = 20,
           use_cache: bool = True) -> list[queries.SearchHit]:
    return queries.search(load(definitions, use_cache=use_cache), text, limit)


def validate(folders: list[str], definitions: list[str]) -> tuple[list[Problem], int]:
    dirs = definition_dirs([*definitions, *folders])
    _, problems = loader.check_folders(dirs)
    files = sum(len(source_files(d)) for d in dirs)
    return problems, files
