"""The program's entry point: `cxref` and `python -m cxref`. It hands Ctrl-C and SIGTERM to
:mod:`cxref.interrupts` before it imports anything heavy.
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
