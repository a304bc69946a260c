"""What Ctrl-C and SIGTERM do: end cxref at once, with one line on stderr and exit 130 (143 for
SIGTERM), leaving nothing half-written behind; once the command has done its work
(:func:`finished`), nothing: the exit code is the command's.

:func:`stop` ends the process itself rather than raise a KeyboardInterrupt, which could strike
inside an import or a library's C call and be swallowed or turned into another error.
"""

import os
import signal

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
    """Remove what is half-written (but not an edit :class:`kept` for the user), say why cxref
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
            try:  # noqa: SIM105 (contextlib may not be loaded yet)
                os.unlink(path)
            except OSError:
                pass
    word = b"terminated" if signum == signal.SIGTERM else b"interrupted"
    try:
        os.write(2, b"cxref: " + word + kept[1] + b"\n")
    finally:
        os._exit(143 if signum == signal.SIGTERM else 130)


class in_progress:
    """While the block runs, `path` (a temporary file or folder this run creates) is removed
    if a signal ends cxref."""

    def __init__(self, path: "str | os.PathLike[str]") -> None:
        self.name = os.fspath(path)

    def __enter__(self) -> None:
        _IN_PROGRESS.add(self.name)

    def __exit__(self, *exc: object) -> None:
        _IN_PROGRESS.discard(self.name)


def _ignore(signum: int, frame: object) -> None:
    """A handler that does nothing: unlike SIG_IGN, a program started meanwhile gets the
    signal's default action (exec resets a handled signal; an ignored one stays ignored)."""


class kept:
    """While the block runs, `path` (an edit inside a folder in progress) is left where it is
    if a signal ends cxref, and the line cxref ends with says where."""

    def __init__(self, path: "str | os.PathLike[str]") -> None:
        from .safetext import one_line

        self.name = os.fspath(path)
        self.said = b"; your edit is in " + one_line(self.name).encode("utf-8", "backslashreplace")

    def __enter__(self) -> None:
        _KEPT.append((self.name, self.said))

    def __exit__(self, *exc: object) -> None:
        _KEPT.remove((self.name, self.said))


class handed_over:
    """While the block runs a program that owns the terminal (the pager, the editor), Ctrl-C
    and Ctrl-\\ are that program's: cxref waits for it, as git does."""

    def __enter__(self) -> None:
        self.previous = [(sig, signal.signal(sig, _ignore)) for sig in _TERMINAL]

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.previous:
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
