"""Where rendered output goes: stdout (through a pager when it is a long page on a terminal) or
the ``--output`` file, and how errors reach stderr as one line.

Colour follows the terminal: none when stdout is not a TTY, with ``NO_COLOR`` set, with
``TERM=dumb`` or with ``--no-color``. Output that does not fit the terminal's encoding (e.g.
``PYTHONIOENCODING=ascii``) is written with backslash escapes rather than failing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from typing import Any, NamedTuple

from .errors import OutputError
from .safetext import visible

FILE_WIDTH = 100  # the width of a terminal table written to a file


class Settings(NamedTuple):
    color: bool = True
    pager: bool = True


def prepare_streams() -> None:
    """Never fail on a character the output encoding lacks: escape it instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A stream already in use, or detached, keeps its settings.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def error(message: str) -> None:
    """One line on stderr: ``cxref: message``, with nothing in it that can drive a terminal."""
    line = " ".join(visible(message).split("\n"))
    sys.stderr.write(f"cxref: {line}\n")
    sys.stderr.flush()


def notice(message: str) -> None:
    sys.stderr.write(f"cxref: note: {visible(message)}\n")


def _colour_allowed(settings: Settings) -> bool:
    return settings.color and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _console(file: Any, settings: Settings, *, width: int | None = None) -> Any:
    from rich.console import Console

    colour = _colour_allowed(settings)
    return Console(file=file, width=width, color_system="auto" if colour else None,
                   no_color=not colour, markup=False, emoji=False, highlight=False,
                   soft_wrap=False)


def _is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _pager_command() -> list[str] | None:
    import shlex

    raw = os.environ.get("CXREF_PAGER", os.environ.get("PAGER", "less"))
    try:
        words = shlex.split(raw) if raw.strip() else []
    except ValueError:  # unbalanced quotes: no pager rather than no output
        notice(f"the pager '{raw}' cannot be read ({visible(raw)}): printing without it")
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

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: quit if one screen, keep colour, no clear
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "backslashreplace"))
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early
        pass
    if proc.wait() != 0:  # the pager failed: the reader has not seen the text
        notice(f"the pager '{' '.join(command)}' failed (exit {proc.returncode}); "
               "printing without it")
        return False
    return True


def _long_for_screen(text: str) -> bool:
    return text.count("\n") >= shutil.get_terminal_size().lines


def emit_text(text: str, output: str | None, settings: Settings) -> None:
    """Write an already rendered string: to `output`, or to stdout, through the pager when it
    is a long page on a terminal."""
    if output:
        _write_file(output, text)
        return
    if settings.pager and _is_tty() and _long_for_screen(text) and _page(text):
        return
    _write_stdout(text)


def _write_stdout(text: str) -> None:
    if sys.stdout is None:  # started with stdout closed (`cxref compare >&-`)
        raise OutputError("cannot write the output: standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk (`> /dev/full`), a device gone
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def emit_renderable(renderable: Any, output: str | None, settings: Settings) -> None:
    """Print a Rich renderable: to the terminal, paged when long, or as plain text to a file."""
    if output:
        import io

        buffer = io.StringIO()
        _print_in_parts(_console(buffer, Settings(color=False), width=FILE_WIDTH), renderable)
        _write_file(output, buffer.getvalue())
        return
    # Rendered to a string first, then written by us: Rich's own writer answers a closed pipe
    # with exit 1, where cxref ends quietly with 0 (see cli).
    if sys.stdout is None:  # started with stdout closed (`cxref compare >&-`)
        raise OutputError("cannot write the output: standard output is closed")
    # Rich looks at stdout (a terminal? how wide? which colours?) but writes into a buffer:
    # even the end of a capture can write to its file, and a full disk must be cxref's error.
    import io

    from rich.console import Console

    seen = _console(sys.stdout, settings)
    buffer = io.StringIO()
    console = Console(file=buffer, width=seen.width, color_system=seen.color_system,
                      force_terminal=seen.is_terminal, no_color=seen.no_color, markup=False,
                      emoji=False, highlight=False, soft_wrap=False)
    if settings.pager and _is_tty():  # the pager is for a long page: count its lines first
        _print_in_parts(console, renderable)
        emit_text(buffer.getvalue(), None, settings)
        return
    # Otherwise each part is written as soon as it is laid out: a long table starts to arrive
    # at once, and is never held whole.
    _print_in_parts(console, renderable, lambda: _write_stdout(_drain(buffer)))


def _drain(buffer: Any) -> str:
    text: str = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _print_in_parts(console: Any, renderable: Any, after: Any = None) -> None:
    """Print a Group one part at a time, calling `after` after each: Rich keeps every line of
    one print until its end, so a long table, split into chunks (render.terminal), is laid
    out a chunk at a time."""
    from rich.console import Group

    for part in renderable.renderables if isinstance(renderable, Group) else [renderable]:
        console.print(part)
        if after is not None:
            after()


def _write_file(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise OutputError(f"cannot write '{visible(path)}': {exc.strerror}") from None
