"""The program's entry point: `cxref` (the console script) and `python -m cxref`.

Before it imports anything heavy, it hands Ctrl-C and SIGTERM to :mod:`cxref.interrupts`, so
that one while Typer and Rich are still being imported ends like one at any other moment: one
line, exit 130 (143), nothing left behind.
"""

import sys

from . import interrupts


def main() -> int:
    interrupts.install()
    from .cli import run

    code = run()
    interrupts.finished()
    return code


if __name__ == "__main__":
    sys.exit(main())
