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
