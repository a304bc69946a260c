"""Where output goes: stdout (through a pager when it is a long page on a terminal) or the
``--output`` file, and every line on stderr. Every write cxref makes goes through here, so a
failed one (a full disk, a closed pipe, a file that cannot be written) ends as one line.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, NamedTuple

from .errors import OutputError, Problem, UsageError
from .interrupts import handed_over, in_progress
from .safetext import one_line

if TYPE_CHECKING:  # imported only to name types: no run pays for them here
    from rich.console import ConsoleRenderable

    from .model import Corpus
    from .render import Format, Rendered
    from .report import Report

FILE_WIDTH = 100  # the width of a terminal table written to a file
MIN_WIDTH = 20  # the narrowest terminal tables are drawn at (COLUMNS=1 would split every word)


class Settings(NamedTuple):
    color: bool = True
    pager: bool = True
    force: bool = False  # --force: --output replaces a file that is read-only


def prepare_streams() -> None:
    """Never fail on a character the output encoding lacks: escape it instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A stream already in use, or detached, keeps its settings.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


# -- stderr --------------------------------------------------------------------------------------

_held: list[str] | None = None  # lines kept until the answer is shown (see hold())


def say(line: str) -> None:
    """One line on stderr, with nothing in it that can drive a terminal or add a line."""
    text = one_line(line)
    if _held is not None:
        _held.append(text)
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no stderr to say it on
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def hold() -> None:
    """On a terminal, keep the lines said on stderr until the answer has been shown
    (release()), which a pager would scroll away."""
    global _held
    if _held is None and _is_tty():
        _held = []
        import atexit

        atexit.register(release)  # said in any case, if nothing is shown


def release() -> None:
    """Say the lines kept since hold()."""
    global _held
    lines, _held = _held or [], None
    for text in lines:
        say(text)


def error(message: str) -> None:
    release()
    say(f"cxref: {message}")


def notice(message: str) -> None:
    say(f"cxref: note: {message}")


def warning(message: str) -> None:
    say(f"cxref: warning: {message}")


def announce(corpus: Corpus) -> None:
    """Say on stderr what the loading noticed: each override, and each file left out with its
    first problem."""
    hold()
    for line in corpus.notices:
        notice(line)
    by_file: dict[str, list[Problem]] = {}
    for problem in corpus.skipped:
        by_file.setdefault(problem.path, []).append(problem)
    for first, *more in by_file.values():
        also = f"; {len(more)} more problem{'s' if len(more) > 1 else ''}" if more else ""
        what = "left out" if first.code != "draft" else "left out until it is filled in"
        warning(f"{first} ({what}{also}: see 'cxref validate')")


# -- stdout --------------------------------------------------------------------------------------

def quiet_stdout() -> None:
    """Point stdout at /dev/null once it failed, so that Python's flush at exit cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def write_stdout(data: str | bytes) -> None:
    """Write `data` to stdout; bytes (a picture) never to a terminal. stdout closed from the
    start (`cxref compare >&-`), or an OSError while writing (a full disk), is one line and
    exit 3; the reader gone (a BrokenPipeError) is the caller's."""
    if sys.stdout is None:
        raise OutputError("cannot write the output: standard output is closed")
    try:
        if isinstance(data, str):
            sys.stdout.write(data)
            sys.stdout.flush()
        elif _is_tty():
            raise UsageError("a picture is binary and would garble the terminal: write it to a "
                             "file with --output (-o chart.png)", "binary-to-terminal")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        quiet_stdout()
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def _is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _plain_terminal() -> bool:
    return os.environ.get("TERM") == "dumb"


# -- the pager -----------------------------------------------------------------------------------
# Not Click's echo_via_pager: Typer 0.28 has none, and Click 8.4's pages under TERM=dumb when
# PAGER is set, and loses the text when the pager fails.

def _pager_command() -> list[str] | None:
    import shlex

    if _plain_terminal():  # a terminal that cannot show a pager (less warns and misdraws)
        return None
    raw = os.environ.get("CXREF_PAGER", os.environ.get("PAGER", "less"))
    try:
        words = shlex.split(raw)
    except ValueError:  # unbalanced quotes: no pager rather than no output
        notice(f"the pager '{raw}' cannot be read: printing without it")
        return None
    if not words or words == ["cat"] or shutil.which(words[0]) is None:
        return None
    return words


def _page(text: str) -> bool:
    """Show `text` through the pager; False when there is none to use."""
    command = _pager_command()
    if command is None:
        return False
    import subprocess

    try:  # LESS as git sets it: quit if one screen, keep colour, no clear
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env={"LESS": "FRX", **os.environ})
    except OSError:
        return False
    with handed_over():  # Ctrl-C is the pager's while it runs; a pager quit early is no error
        proc.communicate(text.encode(sys.stdout.encoding or "utf-8", "backslashreplace"))
    if proc.returncode != 0:  # the pager failed: the reader has not seen the text
        notice(f"the pager '{' '.join(command)}' failed (exit {proc.returncode}); "
               "printing without it")
        return False
    return True


# -- files ---------------------------------------------------------------------------------------

def write_file(path: str, text: str | bytes, force: bool = False) -> None:
    """Write `text` (UTF-8; bytes as they are) to the file `path` as the shell's ``>`` may: a
    file you may not write only with `force`; never through a link, but to a device or pipe.
    A new file, or one of yours with no other link, is replaced whole (:func:`replace_file`);
    one with other links or of another owner, or in a folder where no file can be made, is
    written in place."""
    shown = one_line(path)
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write '{shown}': it is a folder")
        _write_directly(path, text)
        return
    if os.path.islink(path):
        raise UsageError(f"--output '{shown}' is a link; cxref does not write through a link "
                         "to a file: give the file itself", "output-link")
    folder = os.path.dirname(os.path.abspath(path))
    if info is not None and not os.access(path, os.W_OK):
        if not force:
            raise OutputError(f"cannot write '{shown}': it is read-only (--force replaces it)")
    elif info is not None and (info.st_nlink > 1 or not os.access(folder, os.W_OK | os.X_OK)
                               or info.st_uid != getattr(os, "getuid", lambda: info.st_uid)()):
        _write_directly(path, text, getattr(os, "O_NOFOLLOW", 0))
        return
    temp = os.path.join(folder, f".cxref-{os.getpid()}-{os.urandom(4).hex()}.tmp")  # short
    try:  # made readable by no one else until it has the file's own mode
        replace_file(path, temp, lambda handle: _write(handle, text),
                     mode=0o666 if info is None else 0o600,
                     keep=None if info is None else stat.S_IMODE(info.st_mode))
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write '{one_line(path)}': {exc.strerror or exc}")


def replace_file(path: str | os.PathLike[str], temp: str | os.PathLike[str],
                 write: Callable[[IO[bytes]], object], *, mode: int = 0o666, flags: int = 0,
                 keep: int | None = None) -> None:
    """Every file cxref writes whole: `write` fills a new file `temp` (made with `mode` and
    `flags`), which gets the permissions `keep` and is renamed to `path`. A failure or a
    signal leaves no temporary file; an OSError is the caller's to report."""
    made = False  # whether this run created `temp`: only then is it removed
    with in_progress(temp):
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | flags, mode)
            made = True
            with os.fdopen(fd, "wb") as handle:
                write(handle)
            if keep is not None:
                os.chmod(temp, keep)
            os.replace(temp, path)
            made = False
        finally:  # a full disk, an error: no litter
            if made:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def _write(handle: IO[bytes], text: str | bytes) -> None:
    handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))


def _write_directly(path: str, text: str | bytes, flags: int = 0) -> None:
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_TRUNC | flags), "wb") as handle:
            _write(handle, text)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


# -- a report, in its format, where it goes ------------------------------------------------------

def present(report: Report | Callable[[Format], Report], fmt: Format | None,
            output: str | None, settings: Settings, default: Format,
            writes: tuple[Format, ...]) -> None:
    """Render `report` (or what it gives for the format chosen) in `fmt`, else the format
    `output`'s extension names, else `default`, one of `writes`; write it to `output` ('-' or
    None: stdout)."""
    from .render import BINARY, format_for, renderer

    if output is not None and not output.strip():
        raise UsageError("--output needs a file name (leave it out, or give '-', to write to "
                         "stdout)")
    to_file = output not in (None, "-")
    chosen = format_for(output if to_file else None, fmt, default, writes)
    if chosen in BINARY and not to_file and _is_tty():  # said before anything is drawn
        write_stdout(b"")
    if callable(report):
        report = report(chosen)
    rendered = _in_one_voice(lambda: renderer(chosen)(report), chosen)
    if not isinstance(rendered, (str, bytes)):  # the terminal's renderable
        rendered = (_drawn(rendered, Settings(color=False), FILE_WIDTH, False) if to_file
                    else _drawn(rendered, settings, None, None))
    if to_file:
        assert output is not None
        release()
        write_file(output, rendered, settings.force)
        return
    paged = (isinstance(rendered, str) and settings.pager and _is_tty()
             and rendered.count("\n") >= shutil.get_terminal_size().lines and _page(rendered))
    release()  # after the pager: what the loading noticed is the last thing on the screen
    if not paged:
        write_stdout(rendered)


def _in_one_voice(render: Callable[[], Rendered], fmt: Format) -> Rendered:
    """What `render` gives; a library's warnings meanwhile are said as one cxref line."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rendered = render()
    said = list(dict.fromkeys(str(w.message).strip().splitlines()[0][:300] for w in caught
                              if str(w.message).strip()))
    if said:
        more = f" (and {len(said) - 1} more)" if len(said) > 1 else ""
        warning(f"while writing {fmt.value}: {said[0]}{more}")
    return rendered


def _terminal_width() -> int:
    """The width of the terminal on stdin, stdout or stderr (as Rich looks), else 80."""
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError, ValueError):
            columns = os.get_terminal_size(fd).columns
            if columns:
                return columns
    return 80


def _drawn(page: ConsoleRenderable, settings: Settings, width: int | None,
           terminal: bool | None) -> str:
    """The terminal's `page` as text, for stdout's width and colours (COLUMNS=0 as unset, at
    least MIN_WIDTH): Rich draws into a buffer, so that cxref makes every write."""
    from rich.console import Console

    colour = settings.color and "NO_COLOR" not in os.environ and not _plain_terminal()
    seen = Console(file=sys.stdout if sys.stdout is not None else io.StringIO(), width=width,
                   color_system="auto" if colour else None, no_color=not colour,
                   force_terminal=terminal)
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(seen.width or _terminal_width(), MIN_WIDTH),
                      color_system=seen.color_system,  # type: ignore[arg-type]
                      force_terminal=seen.is_terminal, no_color=seen.no_color, markup=False,
                      emoji=False, highlight=False, soft_wrap=False)
    console.print(page, crop=False)
    return buffer.getvalue()
