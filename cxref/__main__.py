"""The program's entry point: `cxref` and `python -m cxref`. It hands Ctrl-C and SIGTERM to
:mod:`cxref.interrupts` before it imports anything heavy.
"""

import gc
import sys

from . import interrupts


def main() -> int:
    interrupts.install()
    # A run builds what it shows, prints it and exits, leaving almost no reference cycles:
    # the cyclic collector would only walk every live object again and again.
    gc.disable()
    from .cli import run

    code = run()
    interrupts.finished()
    return code


if __name__ == "__main__":
    sys.exit(main())
