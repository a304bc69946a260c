"""`cxref new` and `cxref edit`: a source of your own, written from the template and checked
when the editor closes, as `crontab -e` does.

The editor works on a copy; your file takes the bytes it wrote only when they are valid or
kept as a draft. An edit not taken is saved beside the file, one a signal ends is left in the
temporary folder, with a line saying where.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import interrupts
from .errors import EditFailed as Failed
from .errors import OutputError, Problem, UsageError
from .locate import definition_dirs, personal_dir, shipped_dir
from .output import notice, say, write_stdout
from .safetext import one_line


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def editor() -> tuple[list[str], str]:
    """The editor command and where it came from: $VISUAL, $EDITOR, then a default, as git
    chooses. (Not Click's edit(): Typer 0.28 has none, and Click 8.4's turns CRLF into LF.)"""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "")
        if value.strip():
            try:
                return shlex.split(value), f"${variable}"
            except ValueError:
                raise Failed(f"${variable} cannot be read as a command ({one_line(value)}): "
                             "fix its quotes") from None
    for name in ("editor", "vi", "nano"):
        if shutil.which(name):
            return [name], "the default editor; set $VISUAL or $EDITOR to choose another"
    raise Failed("no editor found: set $VISUAL or $EDITOR (e.g. export EDITOR=nano)")


def _shipped(folder: Path) -> bool:
    return os.path.realpath(folder) == os.path.realpath(shipped_dir())


def new(definitions: list[str], source_id: str, *, override: bool = False) -> None:
    from . import schema, store, template

    if not schema.ID_RE.match(source_id):
        raise UsageError(f"'{one_line(source_id)}' is not a source id: use lowercase letters, "
                         "digits and hyphens, at most 64 (e.g. acme-blog)", "bad-id")
    home = Path(definitions[0]).expanduser() if definitions else personal_dir()
    if _shipped(home):
        raise UsageError(f"{one_line(str(home))} is the folder shipped with cxref, which an "
                         "upgrade replaces: give a folder of your own, or no --definitions for "
                         "your personal folder", "shipped-folder")
    target = home / "sources" / f"{source_id}.yaml"
    if os.path.lexists(target):
        raise UsageError(f"{one_line(str(target))} already exists; edit it with: cxref edit "
                         f"{source_id}", "exists")
    known = {s.id: s for s in store.load(definitions).sources}
    if source_id in known and not override:
        raise UsageError(f"'{source_id}' is already a source ({one_line(known[source_id].path)});"
                         f" choose another id, or give --override to start your own version "
                         "that replaces it", "exists")
    if source_id in known:
        data = _copy_overriding(known[source_id].path)
        wrote = f"a copy of {source_id}'s file that replaces it"
    else:
        data = template.text(source_id, override=override).encode("utf-8")
        wrote = ("a draft, left out of every answer until its placeholder quote is replaced "
                 f"(cxref edit {source_id})")
    if not _interactive():
        _write(target, data)
        write_stdout(f"wrote {one_line(str(target))}: {wrote}\n")
        return
    _edit_loop(definitions, target, data)


def _copy_overriding(path: str) -> bytes:
    """The file of the source at `path`, with `override: true` after its id."""
    from . import yamlfile

    lines = yamlfile.read_bytes(path, Path(path).parent).splitlines(keepends=True)
    if any(line.startswith(b"override:") for line in lines):
        return b"".join(lines)
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith(b"id:")), 0)
    newline = b"\r\n" if lines and lines[0].endswith(b"\r\n") else b"\n"
    return b"".join([*lines[:at], b"override: true" + newline, *lines[at:]])


def edit(definitions: list[str], source_id: str) -> None:
    from . import yamlfile
    from .errors import DataError

    found = [(d, d / "sources" / f"{source_id}.yaml") for d in editable(definitions)
             if os.path.lexists(d / "sources" / f"{source_id}.yaml")]
    if not found:
        shipped = shipped_dir() / "sources" / f"{source_id}.yaml"
        hint = (f"it is shipped with cxref: start your own version with cxref new {source_id} "
                "--override" if shipped.is_file() else "start one with cxref new "
                f"{one_line(source_id)}")
        raise UsageError(f"none of your folders has a source '{one_line(source_id)}'; {hint}",
                         "unknown-source")
    folder, target = found[-1]
    try:  # through the one door every definitions file is opened by: never a link out
        data = yamlfile.read_bytes(str(target), folder)
    except DataError as exc:
        raise UsageError(f"cannot edit {exc.problem}", "edit") from None
    # A link inside the folder is edited where it leads: the file the link names is the one.
    _edit_loop(definitions, Path(os.path.realpath(target)), data)


def editable(definitions: list[str]) -> list[Path]:
    """The definitions folders whose sources are the user's own: every one but the shipped."""
    return [d for d in definition_dirs(definitions) if not _shipped(d)]


def own_ids(definitions: list[str]) -> list[str]:
    """The ids `edit` takes: those of the source files in the user's own folders."""
    found: set[str] = set()
    for folder in editable(definitions):
        with contextlib.suppress(OSError):
            found.update(n[:-5] for n in os.listdir(folder / "sources") if n.endswith(".yaml"))
    return sorted(found)


def _unchanged(target: Path) -> str:
    shown = one_line(str(target))
    return f"{shown} was left as it was" if os.path.lexists(target) else f"{shown} was not created"


def _edit_loop(definitions: list[str], target: Path, data: bytes) -> None:
    """Edit `data` (destined for `target`) until it is valid, kept as a draft, or dropped."""
    from . import yamlfile
    from .errors import DataError

    command, origin = editor()
    try:
        scratch_dir = tempfile.TemporaryDirectory(prefix="cxref-")
    except OSError as exc:
        raise UsageError(f"cannot make a folder for the edit: {exc.strerror or exc}",
                         "edit") from None
    with scratch_dir as scratch, interrupts.in_progress(scratch):
        copy = Path(scratch) / target.name
        copy.write_bytes(data)
        with interrupts.kept(copy):  # a signal from here on leaves the edit, and says where
            while True:
                notice(f"opening {one_line(target.name)} in {one_line(command[0])} ({origin})")
                _run(command, origin, copy, target)
                try:  # the one door: an editor that left a FIFO or a link out is refused
                    edited = yamlfile.read_bytes(str(copy), scratch)
                except DataError as exc:
                    shown = exc.problem._replace(path=one_line(str(target)))
                    raise Failed(f"{shown}; {_unchanged(target)}") from None
                problems = _check(definitions, copy, target)
                if not problems:
                    _install(target, edited)
                    notice(f"{one_line(str(target))} is valid; see it with: cxref show "
                           f"{target.stem}")
                    return
                for problem in problems:
                    say(str(problem._replace(path=one_line(str(target)))))
                choice = _ask("(e)dit again, (k)eep as a draft, (d)iscard? ")
                if choice == "d":
                    raise Failed(f"discarded; {_unchanged(target)}")
                if choice == "k":
                    _install(target, edited)
                    notice(f"kept {one_line(str(target))} as a draft: it is left out of every "
                           f"answer until it is valid (cxref edit {target.stem})")
                    return
                if choice == "":  # no terminal, or end of input: the file stays as it was
                    kept = _keep_aside(target, edited)
                    raise Failed(f"{_unchanged(target)}; your edit is in {one_line(str(kept))}")


def _run(command: list[str], origin: str, copy: Path, target: Path) -> None:
    """Run the editor on `copy`: an editor that fails ends the edit; one ended by Ctrl-C or
    Ctrl-\\ ends cxref as a Ctrl-C does."""
    import signal

    try:
        with interrupts.handed_over():
            status = subprocess.run([*command, str(copy)], check=False).returncode
    except OSError as exc:
        raise Failed(f"cannot start the editor '{one_line(command[0])}' ({origin}): "
                     f"{exc.strerror or exc}; {_unchanged(target)}") from None
    if status in (-signal.SIGINT, -signal.SIGQUIT):
        raise KeyboardInterrupt
    if status < 0:
        raise Failed(f"the editor was ended by {signal.Signals(-status).name}; "
                     f"{_unchanged(target)}")
    if status != 0:
        raise Failed(f"the editor exited with {status}; {_unchanged(target)}")


def _ask(prompt: str) -> str:
    """'e', 'k' or 'd' as the user answers; '' without a terminal or at the end of input."""
    if not _interactive():
        return ""
    while True:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            return ""
        answer = line.strip().lower()[:1]
        if answer in ("e", "k", "d"):
            return answer


def _check(definitions: list[str], copy: Path, target: Path) -> list[Problem]:
    """The problems of the edited copy, checked as it would be at `target`."""
    from . import loader, schema, store

    others = store.load(definitions)  # the vocabulary and every other source, as commands see
    source, problems = loader.read_source(str(copy), schema.Vocabulary(others.catalogue),
                                          copy.parent)
    if source is None:
        return problems
    rest = [s for s in others.sources if os.path.realpath(s.path) != os.path.realpath(target)]
    return loader.merge([*rest, source])[2]  # a clash of ids, unless it says override


def _write(path: Path, data: bytes) -> None:
    from .output import write_file

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {one_line(str(path.parent))}: "
                          f"{exc.strerror or exc}") from None
    write_file(str(path), data, force=True)  # a file of yours you asked to change


def _install(target: Path, data: bytes) -> None:
    """Put an edit at `target`, creating its folder; if that fails, the edit is saved beside
    it rather than lost."""
    from .errors import CxrefError

    try:
        _write(target, data)
    except CxrefError as exc:
        try:
            kept = _keep_aside(target, data)
        except CxrefError:
            raise exc from None
        raise Failed(f"{exc}; your edit is in {one_line(str(kept))}") from None


def _keep_aside(target: Path, data: bytes) -> Path:
    """Save an edit not taken beside its file, hidden: over an earlier one, but never through
    a link or over anything that is not a file (then under the next free name)."""
    aside = target.parent / f".{target.name}.rejected"
    number = 0
    while os.path.lexists(aside) and not (aside.is_file() and not aside.is_symlink()):
        number += 1
        aside = target.parent / f".{target.name}.rejected.{number}"
    _write(aside, data)
    return aside
