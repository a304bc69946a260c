"""The stress script in small: mixed commands in parallel against edits and interrupts, every
answer the same as with --no-cache (benchmarks/stress.py; run it with --runs 1000 by hand)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import stress


def test_a_small_stress_run_finds_no_difference(capsys):
    assert stress.main(["--runs", "24", "--parallel", "8", "--seed", "11"]) == 0
    out = capsys.readouterr().out
    assert "24 runs" in out and ", 0 failed" in out


def test_a_traceback_counts_as_before_cxref_only_with_no_cxref_function_on_the_stack():
    """The stress run excuses Python's own KeyboardInterrupt from before cxref set its handler
    (the interpreter starting, the imports that lead to install(), install() itself), and
    nothing after."""
    early = (b'Traceback (most recent call last):\n  File "<frozen runpy>", line 198, in '
             b'_run_module_as_main\n  File "/x/cxref/__main__.py", line 10, in <module>\n'
             b'    from . import interrupts\nKeyboardInterrupt\n')
    late = (b'Traceback (most recent call last):\n  File "/x/cxref/__main__.py", line 20, in '
            b'main\n    code = run()\n  File "/x/cxref/cli.py", line 5, in <module>\n'
            b'KeyboardInterrupt\n')
    in_install = (b'Traceback (most recent call last):\n  File "/x/cxref/__main__.py", line 18, in '
                  b'main\n    interrupts.install()\n  File "/x/cxref/interrupts.py", line 25, in '
                  b'install\n  File "/usr/lib/python3/signal.py", line 58, in signal\n'
                  b'KeyboardInterrupt\n')
    assert stress._before_cxref(early)
    assert stress._before_cxref(in_install)
    assert not stress._before_cxref(in_install.replace(b"in install", b"in run"))
    assert not stress._before_cxref(late)
    assert not stress._before_cxref(b"cxref: interrupted\n")
    assert not stress._before_cxref(early.replace(b"KeyboardInterrupt", b"AttributeError: x"))
