"""The program's entry point: `cxref` (the console script) and `python -m cxref`.

It imports nothing heavy before it is ready for a Ctrl-C, so that one while Typer and Rich are
still being imported ends like one at any other moment: one line, exit 130, no traceback.
SIGTERM takes the same path (exit 143), so that whatever cxref was writing is cleaned up.
"""

import signal
import sys

from . import output


def _terminate(signum: int, frame: object) -> None:
    output.TERMINATED.append(signum)
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from .cli import run
    except KeyboardInterrupt:
        return output.interrupted()
    return run()


if __name__ == "__main__":
    sys.exit(main())
