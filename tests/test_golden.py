"""Golden files: the markdown of `cxref export` and `cxref compare --format markdown` over the
small fixture tree in conftest (MINI_TREE), which stands in for the shipped folder, so curating
the shipped data never changes these files.

To regenerate after an intended change: ``CXREF_UPDATE_GOLDEN=1 pytest tests/test_golden.py``,
then read the diff before committing it.
"""

from __future__ import annotations

import os

import pytest
from conftest import GOLDEN

UPDATE = os.environ.get("CXREF_UPDATE_GOLDEN") == "1"

CASES = {
    "export.md": ["export"],
    "export-compare.md": ["export", "compare"],
    "compare.md": ["compare", "--format", "markdown"],
    "compare-cs-cx.md": ["compare", "cs", "cx", "--format", "markdown"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_markdown(invoke, mini_tree, only_tree, name):
    only_tree(mini_tree)
    run = invoke(*CASES[name])
    assert (run.exit_code, run.stderr) == (0, "")
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(run.stdout, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"missing {golden}: run with CXREF_UPDATE_GOLDEN=1 to create it"
    assert run.stdout == golden.read_text(encoding="utf-8")


def test_golden_output_does_not_depend_on_the_fixture_path(invoke, make_tree, only_tree):
    """The same tree in another folder gives the same bytes (no paths leak into exports)."""
    from conftest import MINI_TREE

    outputs = []
    for folder in ("here", "there/deeper"):
        only_tree(make_tree(MINI_TREE, folder))
        outputs.append(invoke("export").stdout)
    assert outputs[0] == outputs[1]
