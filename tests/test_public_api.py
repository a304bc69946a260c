"""cxref uses only the public API of its libraries: no import from a private module (a name
starting with '_') of Typer, Rich, Click or PyYAML, anywhere in the package. Typer, for one,
says that its bundled Click (typer._click) is not for other applications and will change."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cxref"
LIBRARIES = ("typer", "rich", "click", "yaml")


def private_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] in LIBRARIES and any(p.startswith("_") for p in parts[1:]):
                found.append(name)
    return found


def test_the_scan_finds_a_private_import():
    assert private_imports("from typer._click.exceptions import ClickException") == [
        "typer._click.exceptions", "typer._click.exceptions.ClickException"]
    assert private_imports("from rich import _wrap") == ["rich._wrap"]
    assert private_imports("import yaml\nfrom typer.core import TyperGroup") == []


def test_no_module_imports_a_private_module_of_a_library():
    offenders = {str(path.relative_to(PACKAGE)): found for path in PACKAGE.rglob("*.py")
                 if (found := private_imports(path.read_text(encoding="utf-8")))}
    assert offenders == {}
