"""Shell completion: what a term, trait or source argument completes to, and the bash script.

Typer's own scripts serve zsh and fish, which quote a name as they insert it. Typer's bash
script does not: it assigns the names unquoted (``COMPREPLY=( $(...) )``), so bash inserts
``customer care`` as two words and expands a name ``*`` to the files of the current folder.
:data:`BASH_SCRIPT` reads the same names and quotes each with bash's own ``printf %q``; it is
what ``_CXREF_COMPLETE=source_bash cxref`` prints. (Escaping the names in Python instead
cannot work: Typer keeps only the names that start with the word as typed.)
"""

from collections.abc import Callable

import typer

BASH_SCRIPT = """_cxref_completion() {
    local name
    COMPREPLY=()
    while IFS= read -r name; do
        printf -v name %q "$name"
        COMPREPLY+=("$name")
    done < <(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \\
             _CXREF_COMPLETE=complete_bash "$1")
}

complete -o default -F _cxref_completion cxref
"""


def complete(kind: str) -> Callable[[typer.Context, str], list[str]]:
    """Completion of the names of `kind` ("term", "trait", "source", or "own": the sources
    `edit` takes) that start with what was typed, from the folders given before and after the
    command's name."""
    def names_typed(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            folders = [*(ctx.find_root().params.get("definitions") or []),
                       *(ctx.params.get("definitions") or [])]
            low = incomplete.casefold()
            return sorted({n for n in names(kind, folders) if n.casefold().startswith(low)})
        except Exception:  # completion must never print a traceback into the shell
            return []
    return names_typed


def names(kind: str, definitions: list[str]) -> list[str]:
    from . import queries
    from .authoring import own_ids
    from .store import load

    if kind == "own":
        return own_ids(definitions)
    corpus = load(definitions)
    if kind == "term":
        return queries.term_names(corpus)
    if kind == "trait":
        return queries.trait_names(corpus)
    return [s.id for s in corpus.sources]
