"""`cxref new` and `cxref edit`: a source of your own, written from the template and checked
when the editor closes, as `crontab -e` and `git commit` do.

The editor works on a copy in a temporary folder; the file in your folder changes only when
the copy is valid, or when you choose to keep it as a draft (a draft is left out of every
answer, with one line saying so, so cxref keeps working). An editor that exits with an error
changes nothing. Without a terminal, `new` writes the template (a draft) and `edit` needs
$VISUAL or $EDITOR to be a command that edits the file in place.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import EditFailed as Failed
from .errors import OutputError, Problem, UsageError
from .locate import definition_dirs, personal_dir, shipped_dir
from .output import notice, say, write_stdout
from .safetext import one_line as visible


def _home(definitions: list[str]) -> Path:
    """Where your sources go: the first --definitions folder, else your personal folder."""
    return Path(definitions[0]).expanduser() if definitions else personal_dir()


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def editor() -> tuple[list[str], str]:
    """The editor command and where it came from: $VISUAL, then $EDITOR, then the system's
    default editor, then vi, as git chooses one."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "")
        if value.strip():
            try:
                return shlex.split(value), f"${variable}"
            except ValueError:
                raise UsageError(f"${variable} cannot be read as a command ({value}): fix its "
                                 "quotes", "editor") from None
    for name in ("editor", "vi", "nano"):
        if shutil.which(name):
            return [name], "the default editor; set $VISUAL or $EDITOR to choose another"
    raise UsageError("no editor found: set $VISUAL or $EDITOR (e.g. export EDITOR=nano)",
                     "editor")


def new(definitions: list[str], source_id: str, *, override: bool = False) -> None:
    from . import schema, store, template

    if not schema.ID_RE.match(source_id):
        raise UsageError(f"'{visible(source_id)}' is not a source id: use lowercase letters, "
                         "digits and hyphens, at most 64 (e.g. acme-blog)", "bad-id")
    target = _home(definitions) / "sources" / f"{source_id}.yaml"
    if os.path.lexists(target):
        raise UsageError(f"{visible(str(target))} already exists; edit it with: cxref edit "
                         f"{source_id}", "exists")
    known = {s.id: s for s in store.load(definitions).sources}
    if source_id in known and not override:
        raise UsageError(f"'{source_id}' is already a source ({visible(known[source_id].path)});"
                         f" choose another id, or give --override to start your own version "
                         "that replaces it", "exists")
    text = template.text(source_id, override=override)
    if not _interactive():
        _install(target, text)
        write_stdout(f"wrote {visible(str(target))}: a draft, left out of every answer until "
                     f"its placeholder quote is replaced (cxref edit {source_id})\n")
        return
    _edit_loop(definitions, target, text)


def edit(definitions: list[str], source_id: str) -> None:
    folders = [d for d in definition_dirs(definitions) if d != shipped_dir()]
    found = [d / "sources" / f"{source_id}.yaml" for d in folders
             if os.path.isfile(d / "sources" / f"{source_id}.yaml")]
    if not found:
        shipped = shipped_dir() / "sources" / f"{source_id}.yaml"
        hint = (f"it is shipped with cxref: start your own version with cxref new {source_id} "
                "--override" if shipped.is_file() else "start one with cxref new "
                f"{visible(source_id)}")
        raise UsageError(f"none of your folders has a source '{visible(source_id)}'; {hint}",
                         "unknown-source")
    target = found[-1]
    try:
        text = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OutputError(f"cannot read {visible(str(target))}: {exc}") from None
    _edit_loop(definitions, target, text)


def _edit_loop(definitions: list[str], target: Path, text: str) -> None:
    """Edit `text` (destined for `target`) until it is valid, kept as a draft, or dropped."""
    command, origin = editor()
    with tempfile.TemporaryDirectory(prefix="cxref-") as scratch:
        copy = Path(scratch) / target.name
        copy.write_text(text, encoding="utf-8")
        while True:
            notice(f"opening {visible(target.name)} in {visible(command[0])} ({origin})")
            try:
                status = subprocess.run([*command, str(copy)], check=False).returncode
            except OSError as exc:
                raise UsageError(f"cannot start the editor '{visible(command[0])}' ({origin}): "
                                 f"{exc.strerror or exc}", "editor") from None
            if status != 0:
                raise Failed(f"the editor exited with {status}; {visible(str(target))} was "
                             "left as it was")
            edited = copy.read_text(encoding="utf-8", errors="replace")
            problems = _check(definitions, copy, target)
            if not problems:
                _install(target, edited)
                notice(f"{visible(str(target))} is valid; see it with: cxref show "
                       f"{target.stem}")
                return
            for problem in problems:
                say(str(problem._replace(path=visible(str(target)))))
            if not _interactive():
                kept = _keep_aside(target, edited)
                raise Failed(f"{visible(str(target))} was left as it was; your edit is in "
                             f"{visible(str(kept))}")
            choice = _ask("(e)dit again, (k)eep as a draft, (d)iscard? ")
            if choice == "d":
                raise Failed(f"discarded; {visible(str(target))} was left as it was")
            if choice == "k":
                _install(target, edited)
                notice(f"kept {visible(str(target))} as a draft: it is left out of every "
                       f"answer until it is valid (cxref edit {target.stem})")
                return


def _ask(prompt: str) -> str:
    while True:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:  # end of input: keep the work rather than lose it
            return "k"
        answer = line.strip().lower()[:1]
        if answer in ("e", "k", "d"):
            return answer


def _check(definitions: list[str], copy: Path, target: Path) -> list[Problem]:
    """The problems of the edited copy, checked as it would be at `target`: against the
    vocabulary of every folder, and the ids of every other source."""
    from . import loader, schema

    dirs = definition_dirs(definitions)
    catalogue, _ = loader.read_catalogue(dirs)
    source, problems = loader.read_source(str(copy), schema.Vocabulary(catalogue), copy.parent)
    if source is None:
        return problems
    others, _ = loader.check_folders(dirs)
    clash = next((s for s in others.sources
                  if s.id == source.id and os.path.realpath(s.path) != os.path.realpath(target)),
                 None)
    if clash is not None and not source.override:
        return [Problem("duplicate-id", f"source '{source.id}' is already defined in "
                        f"{visible(clash.path)}; add 'override: true' to replace it on purpose",
                        str(copy), 1, 1)]
    return []


def _install(target: Path, text: str) -> None:
    """Put `text` at `target`, creating its folder; one line if that cannot be done."""
    from .output import write_file

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {visible(str(target.parent))}: "
                          f"{exc.strerror or exc}") from None
    write_file(str(target), text)


def _keep_aside(target: Path, text: str) -> Path:
    """Save an edit that was not taken beside its file, as a hidden file (which cxref does
    not read), where the user can get it back."""
    from .output import write_file

    aside = target.parent / f".{target.name}.rejected"
    write_file(str(aside), text)
    return aside
