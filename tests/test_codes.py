"""The registry of problem codes (cxref.codes) is complete and true: every code cxref can raise
is registered, and every registered code is raised by its own failing example and not by its
passing one."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cxref import codes, loader
from cxref.locate import definition_dirs

CXREF = Path(__file__).resolve().parent.parent / "cxref"


def write_example(root: Path, files: dict[str, str]) -> Path:
    """A definitions folder from a registry example: 'x/' makes a folder, '<dangling link>' a
    link to nowhere; text is written as UTF-8 with surrogate escapes (for bad bytes)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir()
        elif text == "<dangling link>":
            os.symlink(root / "nowhere.yaml", path)
        elif text.startswith("<link to "):
            os.symlink(text[len("<link to "):-1], path)
        else:
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return root


def problem_codes(root: Path) -> list[str]:
    _, problems = loader.check_folders(definition_dirs([str(root)], environ={}))
    return [p.code for p in problems]


@pytest.mark.parametrize("code", sorted(codes.CODES))
def test_failing_example_raises_its_code(code, tmp_path):
    entry = codes.CODES[code]
    found = problem_codes(write_example(tmp_path / "fail", entry.failing))
    assert code in found, (code, found)


@pytest.mark.parametrize("code", sorted(codes.CODES))
def test_passing_example_is_clean(code, tmp_path):
    entry = codes.CODES[code]
    assert problem_codes(write_example(tmp_path / "pass", entry.passing)) == []


# Every way the code base spells a problem code: Problem("x", ...), check.add(pos, "x", ...),
# _fail(path, line, col, "x", ...), and the f-string of the reference checks.
_SPELLINGS = [re.compile(r'Problem\(\s*"([a-z-]+)"'),
              re.compile(r'\.add\([^"\n]*?,\s*"([a-z-]+)"'),
              re.compile(r'_fail\([^"\n]*?"([a-z-]+)"'),
              re.compile(r'Problem\(\s*registered\("([a-z-]+)"\)')]


def test_every_code_in_the_source_is_registered():
    used = set()
    for path in CXREF.rglob("*.py"):
        if path.name == "errors.py":  # usage and output errors: messages, not problem codes
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in _SPELLINGS:
            used.update(pattern.findall(text))
        if 'f"unknown-{kind}"' in text:
            used.update(f"unknown-{k}" for k in ("pair", "trait", "dispute"))
    assert used, "the scan found no codes: the patterns no longer match the code base"
    assert sorted(used - set(codes.CODES)) == []


def test_an_unregistered_code_is_a_programming_error():
    with pytest.raises(KeyError):
        codes.registered("no-such-code")


def test_every_code_has_a_meaning_and_examples():
    for entry in codes.CODES.values():
        assert entry.meaning.strip() and entry.failing and entry.passing, entry.code
        assert "\n" not in entry.meaning
