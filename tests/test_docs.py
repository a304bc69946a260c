"""The docs are part of the product: the README is a front door (at most 12 KB, a Quick start
of exactly the two commands CI relies on, one example per command), every command has help
with an example and a section with real output in docs/commands.md, and every example in
docs/ is what cxref prints today."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from typer.main import get_command

from cxref.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS_DOC = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / ".ci"))
from quickstart import quickstart_commands  # noqa: E402

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands():
    assert {"compare", "sources", "similarities", "terms", "show", "export", "validate", "why",
            "matrix", "search", "disputes", "ids"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.split()) > 5
    assert f"Example: cxref {name}" in command.help


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_an_example_in_the_readme(name):
    assert f"`cxref {name}" in README, f"README has no example of `cxref {name}`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_section_with_a_session_in_the_docs(name):
    assert f"## `{name}" in COMMANDS_DOC, f"docs/commands.md has no section for {name}"
    sessions = [line for line in COMMANDS_DOC.splitlines() if line.startswith("$ ")]
    assert any(f"cxref {name}" in line for line in sessions), f"no session runs cxref {name}"


def _examples():
    """docs/examples.py, imported: what `python docs/examples.py --check` runs."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("examples", ROOT / "docs" / "examples.py")
    assert spec is not None and spec.loader is not None
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    return examples


@pytest.mark.parametrize("page", [page.name for page in _examples().pages()])
def test_every_example_in_the_docs_is_what_cxref_prints(page):
    """`python docs/examples.py --check`, a page per test (so the pages run side by side): each
    example's command run again, in bash with cxref as a process, prints what the page shows.
    The page's folder is a fresh temporary one, as the script makes it (its path is short:
    output that names it is shown with ~)."""
    import tempfile

    examples = _examples()
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = examples.refresh(text, Path(tmp))
    assert fresh == text, f"{page}: stale (run `python docs/examples.py` and read the diff)"


def test_readme_is_a_front_door():
    assert len(README.encode("utf-8")) <= 12 * 1024
    for heading in ("## Quick start", "## Commands", "## Exit codes", "## Shell completion",
                    "## What cxref defends against, and what it does not"):
        assert heading in README


def test_quick_start_has_two_commands_install_and_test():
    first, second = quickstart_commands(ROOT / "README.md")  # exactly two, or this unpacks wrong
    assert "python3 -m venv" in first and "pip install ." in first
    assert first.endswith("cxref compare")
    assert "python3 -m venv" in second and "[test," in second and "charts," in second
    assert "cite]" in second  # the extra `cite --style` and the README's pandoc line need
    for tool in ("ruff check", "mypy", "pytest"):
        assert tool in second


def test_readme_links_resolve():
    import re

    for target in re.findall(r"\]\(([^)#]+)\)", README):
        assert (ROOT / target).exists(), target


def test_the_source_file_example_in_the_docs_is_valid(tmp_path):
    import re

    from cxref import loader
    from cxref.locate import definition_dirs

    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "acme-blog.yaml").write_text(example[1], encoding="utf-8")
    _, problems = loader.check_folders(definition_dirs([str(tmp_path)], environ={}))
    assert [str(p) for p in problems] == []


def test_the_catalogue_example_in_the_docs_is_the_shipped_question():
    import re

    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    (example,) = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", text, re.S)[1])["disputes"]
    shipped = yaml.safe_load((ROOT / "definitions" / "disputes.yaml").read_text("utf-8"))
    assert example in shipped["disputes"]


def test_the_docs_name_every_key_of_a_source_file():
    from cxref import schema

    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    records = [schema.SOURCE] + [k.record for k in schema.SOURCE.keys if k.record]
    for record in records:
        for key in record.keys:
            assert f"{key.name}:" in text or f"`{key.name}`" in text, (record.what, key.name)


def test_adding_a_source_works_with_the_personal_folder_anywhere(tmp_path):
    """docs/add-a-source.md, run again with $XDG_DATA_HOME somewhere else: every step does the
    same, in that folder (the page finds it with `cxref folders --personal`)."""
    examples = _examples()
    page = (ROOT / "docs" / "add-a-source.md").read_text(encoding="utf-8")
    assert "~/.local/share/cxref" not in "\n".join(
        line for line in page.splitlines() if line.startswith(("$ ", "> ")))
    moved = examples.refresh(page, tmp_path, "elsewhere/data")
    assert "~/elsewhere/data/cxref/sources/acme-blog.yaml" in moved  # the steps wrote there
    assert moved.replace("~/elsewhere/data/cxref", "~/.local/share/cxref") == page
