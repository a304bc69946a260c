"""CONTRIBUTING.md's recipes are complete: "Adding a field to sources" followed step by step
on a scratch copy of the code, and the new field read everywhere a person reads a source's
details; the help's list of --output extensions comes from the formats themselves."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, env_without

YEAR = 'year: Annotated[str | None, Key("text", "the year of publication, as printed")] = None'


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(REPO / "cxref", root / "cxref",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "definitions", root / "definitions")
    return root


def test_adding_a_field_as_contributing_says_reaches_every_reader(tmp_path):
    recipe = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert YEAR in recipe  # the step below is the recipe's own
    root = _copy(tmp_path)
    model = root / "cxref" / "model.py"
    text = model.read_text(encoding="utf-8")
    date = re.search(r"\n    date: .*?= None\n", text, re.S)
    assert date is not None
    model.write_text(text[:date.end()] + f"    {YEAR}\n" + text[date.end():],
                     encoding="utf-8")
    env = {**env_without("CXREF_DEFINITIONS"), "PYTHONPATH": str(root),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "COLUMNS": "200", "NO_COLOR": "1"}

    def cxref(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "cxref", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    # Step 2: the JSON Schema, regenerated, offers the key to editors.
    subprocess.run([sys.executable, "-m", "cxref.jsonschema"], env=env, cwd=tmp_path,
                   check=True)
    schema = json.loads((root / "cxref" / "source.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["year"]["description"] == "the year of publication, as printed"
    # A source that sets it: checked, cached, and shown wherever details are read.
    mine = tmp_path / "mine"
    (mine / "sources").mkdir(parents=True)
    (mine / "sources" / "dated.yaml").write_text(
        'id: dated\nauthor: Dee Dated\nyear: "1999"\ndefinitions:\n'
        "  - term: CS\n    quote: Service helps.\n", encoding="utf-8")
    assert "1999" in cxref("-d", str(mine), "show", "dated")  # cold, then warm
    assert "Year:   1999" in cxref("-d", str(mine), "show", "dated")
    assert "1999" in cxref("-d", str(mine), "sources", "cs")  # the references legend
    assert "1999" in cxref("-d", str(mine), "export", "definitions")  # markdown references
    assert "1999" in cxref("-d", str(mine), "sources", "cs", "-f", "html")
    tidy = cxref("-d", str(mine), "export", "-f", "csv").splitlines()
    assert "year" in tidy[0].split(",") and any(",1999," in row for row in tidy[1:])
    refs = json.loads(cxref("-d", str(mine), "sources", "cs", "-f", "json"))["references"]
    assert {r["id"]: r.get("year") for r in refs}["dated"] == "1999"
    cxref("-d", str(mine), "new", "fresh")  # the template offers it
    assert "# year: " in (mine / "sources" / "fresh.yaml").read_text(encoding="utf-8")
    # Step 3's check: docs/sources.md must name the key, which the copy's docs do not yet.
    assert "year:" not in (REPO / "docs" / "sources.md").read_text(encoding="utf-8")


def test_the_help_lists_every_extension_of_the_formats_a_command_writes(invoke):
    from cxref.render import BIBLIOGRAPHY, CHARTS, TABLES, extensions

    for command, formats in (("compare", TABLES), ("chart", CHARTS), ("cite", BIBLIOGRAPHY)):
        text = " ".join(invoke(command, "--help", width=300).stdout.split())
        for extension in extensions(formats):
            assert extension in text, (command, extension)
