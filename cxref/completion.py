"""Shell completion: what a term, trait or source argument completes to, and the bash script.

Typer's bash script inserts names unquoted (``customer care`` as two words), so cxref prints
its own, :data:`BASH_SCRIPT`, which quotes each with ``printf %q``.
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
