"""The docs are part of the product: every command has help with an example and a section in
README.md, and the Quick start holds exactly the two commands CI relies on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.main import get_command

from cxref.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / ".ci"))
from quickstart import quickstart_commands  # noqa: E402

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands():
    assert {"compare", "sources", "similarities", "terms", "show", "export", "validate", "why",
            "matrix", "search"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.split()) > 5
    assert f"Example: cxref {name}" in command.help


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert f"### `{name}" in README, f"README has no section for `cxref {name}`"
    sessions = [line for line in README.splitlines() if line.startswith("$ ")]
    assert any(f"cxref {name}" in line for line in sessions), f"no session runs cxref {name}"


def test_quick_start_has_two_commands_install_and_test():
    first, second = quickstart_commands(ROOT / "README.md")  # exactly two, or this unpacks wrong
    assert first.startswith("pip install") and first.endswith("cxref compare")
    assert "[test]" in second and "pytest" in second


def test_readme_documents_exit_codes_and_schema_rules():
    for heading in ("## Exit codes", "### Rules a contributor must follow",
                    "## Adding your own sources", "## Shell completion"):
        assert heading in README
