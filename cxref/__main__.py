"""The program's entry point: `cxref` (the console script) and `python -m cxref`.

It imports nothing of cxref's before it is ready for a Ctrl-C, so that one while Typer and Rich
are still being imported ends like one at any other moment: one line, exit 130, no traceback.
SIGTERM takes the same path (exit 143), so that whatever cxref was writing is cleaned up.
"""

import signal
import sys

_TERMINATED: list[int] = []


def _terminate(signum: int, frame: object) -> None:
    _TERMINATED.append(signum)
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from . import output

        output.TERMINATED = _TERMINATED
        from .cli import run
    except KeyboardInterrupt:
        word, code = ("terminated", 143) if _TERMINATED else ("interrupted", 130)
        sys.stderr.write(f"cxref: {word}\n")
        return code
    return run()


if __name__ == "__main__":
    sys.exit(main())
