"""What Ctrl-C and SIGTERM do: end cxref at once, with one line on stderr and exit 130 (143 for
SIGTERM), leaving nothing half-written behind; once the command has done its work
(:func:`finished`), nothing: the exit code is the command's.

Python's default turns the signal into a KeyboardInterrupt raised wherever the program happens
to be: inside an import, a weak reference's callback, a library's C call. There it can be
swallowed, turned into another error, or make the interpreter end by the signal after cxref
had already said it was interrupted (seen in a few runs of every hundred interrupted by
benchmarks/stress.py). So the console script hands the signals to :func:`stop`: it removes
the temporary files and folders being written (each registered with :func:`in_progress`),
writes the line and ends the process. While a program cxref runs owns the terminal (the pager,
the editor), Ctrl-C is that program's, and cxref ignores it until the program ends
(:func:`handed_over`), as git does.
"""

import os

try:  # the interpreter's own signal module (no stubs), loaded before any Python code runs
    import _signal as signal  # type: ignore[import-not-found]
except ImportError:  # an interpreter without it: the public module, which imports enum first
    import signal

# Only os and _signal, which the interpreter has loaded already: `python -m cxref` and the
# console script import this module first, and a Ctrl-C before install() is still Python's (a
# traceback). `import signal` would first import enum, functools and collections (4 ms, far
# longer on a busy machine): a Ctrl-C in that time, seen once in 400 runs of
# benchmarks/stress.py, was a KeyboardInterrupt traceback. (The console script that pip writes
# imports re, and so enum, before cxref: that much is before cxref can answer.)
_IN_PROGRESS: set[str] = set()  # temporary files and folders being written


def install() -> None:
    """Let :func:`stop` answer Ctrl-C and SIGTERM (the console script does, first thing)."""
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def finished() -> None:
    """The command has done its work and only the interpreter's shutdown is left: from here a
    signal is ignored, and the exit code is the command's. (Python gives a signal it handled
    back its default action as it shuts down, so Ctrl-C in that moment would kill the process
    by the signal, silently: a run over 450 sources signalled 0.15 s after its start, just as
    it ended, did so 7 times in 40.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def stop(signum: int, frame: object) -> None:
    """Remove what is half-written, say why cxref ends, and end it."""
    for path in list(_IN_PROGRESS):
        if os.path.isdir(path) and not os.path.islink(path):
            # Imported only here: the signal may come in the middle of an import (of enum,
            # say), and importing what needs that module then fails with a traceback (seen in
            # benchmarks/stress.py). Whatever makes a folder has imported shutil already.
            import shutil

            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            # Not contextlib.suppress: contextlib is not loaded before install().
            try:  # noqa: SIM105
                os.unlink(path)
            except OSError:
                pass
    word = b"terminated" if signum == signal.SIGTERM else b"interrupted"
    try:
        os.write(2, b"cxref: " + word + b"\n")
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


class handed_over:
    """While the block runs a program that owns the terminal, Ctrl-C is that program's."""

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGINT, signal.SIG_IGN)

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self.previous)
