"""What Ctrl-C and SIGTERM do: end cxref at once, with one line on stderr and exit 130 (143 for
SIGTERM), leaving nothing half-written behind; once the command has done its work
(:func:`finished`), nothing: the exit code is the command's.

:func:`stop` ends the process itself rather than raise a KeyboardInterrupt, which could strike
inside an import or a library's C call and be swallowed or turned into another error.
"""

import contextlib
import os
import signal
from collections.abc import Iterator

_IN_PROGRESS: set[str] = set()  # temporary files and folders being written
_KEPT: list[tuple[str, bytes]] = []  # edits left for the user, and how the last line names one
_TERMINAL = tuple(getattr(signal, name) for name in ("SIGINT", "SIGQUIT") if hasattr(signal, name))


def install() -> None:
    """Let :func:`stop` answer Ctrl-C and SIGTERM (the console script does, first thing)."""
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def finished() -> None:
    """The command has done its work: from here a signal is ignored, and the exit code is the
    command's (Python restores a handled signal's default action as it shuts down)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def stop(signum: int, frame: object) -> None:
    """Remove what is half-written (but not an edit :func:`kept` for the user), say why cxref
    ends, and end it."""
    kept = _KEPT[-1] if _KEPT else ("", b"")
    for path in list(_IN_PROGRESS):
        if kept[0].startswith(path + os.sep):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            # Imported here, not during an import the signal may interrupt.
            import shutil

            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            with contextlib.suppress(OSError):
                os.unlink(path)
    word = b"terminated" if signum == signal.SIGTERM else b"interrupted"
    try:
        os.write(2, b"cxref: " + word + kept[1] + b"\n")
    finally:
        os._exit(143 if signum == signal.SIGTERM else 130)


@contextlib.contextmanager
def in_progress(path: "str | os.PathLike[str]") -> Iterator[None]:
    """While the block runs, `path` (a temporary file or folder this run creates) is removed
    if a signal ends cxref."""
    _IN_PROGRESS.add(os.fspath(path))
    try:
        yield
    finally:
        _IN_PROGRESS.discard(os.fspath(path))


def _ignore(signum: int, frame: object) -> None:
    """A handler that does nothing: unlike SIG_IGN, a program started meanwhile gets the
    signal's default action (exec resets a handled signal; an ignored one stays ignored)."""


@contextlib.contextmanager
def kept(path: "str | os.PathLike[str]") -> Iterator[None]:
    """While the block runs, `path` (an edit inside a folder in progress) is left where it is
    if a signal ends cxref, and the line cxref ends with says where."""
    from .safetext import one_line

    name = os.fspath(path)
    entry = (name, b"; your edit is in " + one_line(name).encode("utf-8", "backslashreplace"))
    _KEPT.append(entry)
    try:
        yield
    finally:
        _KEPT.remove(entry)


@contextlib.contextmanager
def handed_over() -> Iterator[None]:
    """While the block runs a program that owns the terminal (the pager, the editor), Ctrl-C
    and Ctrl-\\ are that program's: cxref waits for it, as git does."""
    previous = [(sig, signal.signal(sig, _ignore)) for sig in _TERMINAL]
    try:
        yield
    finally:
        for sig, handler in previous:
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
